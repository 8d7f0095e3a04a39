"""Real code: the whole standard library of the running Python, and the project's Keras fixtures,
with no crash (no LL900) and, on the standard library, which has no Keras, no diagnostic at all.

Most standard library files never spell "keras", so the prefilter skips them; to prove the engine
copes with arbitrary real code, a sample (all of it with LSTM_LINT_FULL_CORPUS=1, as CI runs it)
is also analysed with the prefilter bypassed. The sample is split in chunks for pytest-xdist.
"""
from __future__ import annotations

import os
import re
import sysconfig
from pathlib import Path
from typing import List

import pytest

from lstm_lint import engine
from lstm_lint.config import Settings
from lstm_lint.files import iter_python_files, read_source
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
from tests.robustness.support import REPO, assert_no_crash, lstm_lint

ALL_CODES = sorted({rule.code for rule in ALL_RULES} | {INTERNAL_ERROR})
STDLIB = Path(sysconfig.get_paths()["stdlib"])
CHUNKS = 8
# Every fourth file in the default run (about 30 s of libcst parsing on one core); every file in CI's
# second step.
SAMPLE_STEP = 1 if os.environ.get("LSTM_LINT_FULL_CORPUS") else 4
# Valid Python that libcst's grammar does not accept: a parenthesized annotated target, ``(x): int``.
LIBCST_GAP = re.compile(r"^\s*\(\w+\)\s*:")


def stdlib_files() -> List[str]:
    files = []
    for root, dirs, names in os.walk(STDLIB):
        dirs[:] = sorted(name for name in dirs if name not in ("site-packages", "dist-packages", "__pycache__"))
        files.extend(os.path.join(root, name) for name in sorted(names) if name.endswith(".py"))
    return files


def python_refuses(path: str) -> bool:
    try:
        compile(Path(path).read_bytes(), path, "exec")
    except (SyntaxError, ValueError):
        return True
    return False


def test_the_standard_library_is_big_enough_to_mean_something() -> None:
    assert len(stdlib_files()) > 500, STDLIB


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")
def test_the_standard_library_as_users_run_it_has_no_diagnostics_and_no_crash() -> None:
    undecodable, found = [], []
    for path in stdlib_files():
        source = read_source(path)
        if source.text is None:
            undecodable.append(path)
            continue
        result = lint_file(source.text, path, Settings(), ALL_CODES)
        found.extend(f"{path}:{d.line}: {d.text}" for d in result.diagnostics)
    assert found == []
    assert all(python_refuses(path) for path in undecodable), undecodable  # Python cannot read them either


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")  # stdlib's test data
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_engine_copes_with_the_standard_library(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "may_mention_keras", lambda text: True)  # analyse every file
    files = stdlib_files()[::SAMPLE_STEP][chunk::CHUNKS]
    found = []
    for path in files:
        source = read_source(path)
        if source.text is None:
            continue
        for diagnostic in lint_file(source.text, path, Settings(), ALL_CODES).diagnostics:
            # libcst names the line after the construct it could not parse, or the construct's own
            near = source.text.splitlines()[max(diagnostic.line - 2, 0):diagnostic.line]
            if diagnostic.code == INTERNAL_ERROR and "libcst cannot parse this valid Python" in diagnostic.message \
                    and any(LIBCST_GAP.match(line) for line in near):
                continue  # reported, rightly, as LL900: lstm-lint cannot read the file
            found.append(f"{path}:{diagnostic.line}: {diagnostic.text}")
    assert found == []


def test_the_command_line_over_the_standard_library(tmp_path: Path) -> None:
    # Everything but third-party packages (site-packages may hold Keras code of its own).
    paths = [str(path) for path in sorted(STDLIB.iterdir())
             if path.name not in ("site-packages", "dist-packages") and (path.is_dir() or path.suffix == ".py")]
    result = lstm_lint(tmp_path, "check", "--select", "LL", *paths, timeout=600)
    assert_no_crash(result)
    assert result.stdout == ""
    reported = [line.split(": error: ")[0] for line in result.stderr.splitlines()]
    walked = set(iter_python_files(paths))
    assert all(path in walked and python_refuses(path) for path in reported), reported


def test_the_fixtures_analyse_without_internal_errors() -> None:
    fixtures = [REPO / "fixtures" / "seed_models.py", *sorted((REPO / "fixtures" / "examples").glob("*.py"))]
    assert len(fixtures) > 1
    for path in fixtures:
        result = lint_file(path.read_text(), str(path), Settings(), ALL_CODES)
        assert result.parse_failure is None
        assert [d for d in result.diagnostics if d.code == INTERNAL_ERROR] == [], path
    run = lstm_lint(REPO, "check", "--select", "LL", "fixtures")
    assert_no_crash(run)
    assert run.stderr == "" and " LL900 " not in run.stdout and run.returncode in (0, 1)
    summary = lstm_lint(REPO, "summary", "fixtures")
    assert summary.returncode == 0 and summary.stderr == ""
