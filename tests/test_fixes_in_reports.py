"""The fixes ``check --fix`` would apply, shown where ruff shows them: as SARIF ``fixes`` on each
result, and as ``[*]`` in ``--statistics``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint.fixes import Edit, apply_edits
from tests.test_fix_cli import MODEL, SAFE, UNSAFE, lstm_lint
from tests.test_output_formats import assert_valid_sarif


def sarif(folder: Path, *args: str) -> Dict[str, Any]:
    result = lstm_lint("--format", "sarif", *args, "model.py", cwd=folder)
    assert result.returncode == 1, result.stderr
    log: Dict[str, Any] = json.loads(result.stdout)
    assert_valid_sarif(log)
    return log


def applied(text: str, results: List[Dict[str, Any]]) -> str:
    """``text`` with every replacement of every result's fix made (SARIF columns are 1-based)."""
    edits = []
    for result in results:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                assert change["artifactLocation"] == {"uri": "model.py", "uriBaseId": "%SRCROOT%"}
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    edits.append(Edit(region["startLine"], region["startColumn"] - 1, region["endLine"],
                                      region["endColumn"] - 1, replacement["insertedContent"]["text"]))
    return apply_edits(text, sorted(edits, key=lambda edit: (edit.line, edit.column)))


@pytest.mark.parametrize("unsafe, expected", [(False, SAFE), (True, UNSAFE)])
def test_sarif_results_carry_the_fixes_fix_applies(tmp_path: Path, unsafe: bool, expected: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    options = ("--unsafe-fixes",) if unsafe else ()
    (run,) = sarif(tmp_path, *options)["runs"]
    fixed_by_check = lstm_lint("--fix", *options, "model.py", cwd=tmp_path)
    assert fixed_by_check.returncode in (0, 1), fixed_by_check.stderr
    assert (tmp_path / "model.py").read_text() == expected
    # The same edits, read back from the SARIF log of the original file, make the same text.
    assert applied(MODEL, run["results"]) == expected
    with_fix = {result["ruleId"] for result in run["results"] if "fixes" in result}
    assert with_fix == ({"LL103", "LL302", "LL303"} if unsafe else {"LL103", "LL303"})
    descriptions = [fix["description"]["text"] for result in run["results"] for fix in result.get("fixes", [])]
    assert sum("unsafe" in text for text in descriptions) == (1 if unsafe else 0)


def test_statistics_mark_the_fixable_codes(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    text = lstm_lint("--statistics", "model.py", cwd=tmp_path)
    assert text.stdout == ("2\tLL103\t[*] unknown-keyword-argument\n"
                           "1\tLL302\t    softmax-over-one-unit\n"
                           "1\tLL303\t[*] ignored-input-shape\n"
                           "[*] fixable with `lstm-lint check --fix`\n")
    with_unsafe = lstm_lint("--statistics", "--unsafe-fixes", "model.py", cwd=tmp_path)
    assert "1\tLL302\t[*] softmax-over-one-unit\n" in with_unsafe.stdout
    assert with_unsafe.stdout.endswith("[*] fixable with `lstm-lint check --fix --unsafe-fixes`\n")
    as_json = json.loads(lstm_lint("--statistics", "--format", "json", "model.py", cwd=tmp_path).stdout)
    assert [(entry["code"], entry["fixable"]) for entry in as_json] == [
        ("LL103", True), ("LL302", False), ("LL303", True)]
