"""Summaries at ``model.summary()`` calls in each format, and what ``diff`` makes of them. The
numbers themselves are compared with Keras in tests/engine/test_summary_snapshots.py; here, how
each format shows them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

from tests.test_diff_cli import git

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """import keras

model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(8)])
model.summary()
model.add(keras.layers.Dense(4))
model.summary()
"""
SUMMARY_LINE = 4  # the first summary(): the second shows the model as the file leaves it


def lstm_lint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True)


def models(document: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [model for file in document["files"] for model in file["models"]]


def test_json_gives_the_summary_at_the_call_an_entry_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "grow.py").write_text(SCRIPT)
    result = lstm_lint(tmp_path, "summary", "--no-cache", "--format", "json", "grow.py")
    assert result.returncode == 0, result.stderr
    final, snapshot = models(json.loads(result.stdout))
    assert (final["name"], final["line"], final["snapshot"]) == ("model", 3, False)
    assert (snapshot["name"], snapshot["line"], snapshot["snapshot"]) == ("model", SUMMARY_LINE, True)
    assert snapshot["keras_name"] == final["keras_name"] == "sequential"
    assert [row["name"] for row in snapshot["layers"]] == ["dense"]
    assert [row["name"] for row in final["layers"]] == ["dense", "dense_1"]
    assert snapshot["total_params"] == final["layers"][0]["params"]


def test_text_and_markdown_head_the_table_with_the_call(tmp_path: Path) -> None:
    (tmp_path / "grow.py").write_text(SCRIPT)
    text = lstm_lint(tmp_path, "summary", "--no-cache", "grow.py")
    assert text.returncode == 0, text.stderr
    headers = [line for line in text.stdout.splitlines() if line.startswith("Model: ")]
    assert headers == ['Model: "model" (grow.py:3, Sequential)',
                       f'Model: "model" (grow.py:{SUMMARY_LINE}, Sequential, as summary() at line {SUMMARY_LINE} '
                       'prints it)']
    # Each its own table, with its own totals.
    assert text.stdout.count("Total params:") == 2
    markdown = lstm_lint(tmp_path, "summary", "--no-cache", "--format", "markdown", "grow.py")
    assert markdown.returncode == 0, markdown.stderr
    headers = [line for line in markdown.stdout.splitlines() if line.startswith("**Model")]
    assert headers == ['**Model "model"** (grow.py:3, Sequential)',
                       f'**Model "model"** (grow.py:{SUMMARY_LINE}, Sequential, as summary() at line {SUMMARY_LINE} '
                       'prints it)']
    assert markdown.stdout.count("| **Total** |") == 2


def test_check_reports_the_model_once(tmp_path: Path) -> None:
    # A budget the model as the file leaves it exceeds: one diagnostic, not one per table.
    (tmp_path / "grow.py").write_text(SCRIPT)
    result = lstm_lint(tmp_path, "check", "--no-cache", "--select", "LL201", "--max-model-params", "10",
                       "grow.py")
    assert result.returncode == 1, result.stderr
    assert len([line for line in result.stdout.splitlines() if "LL201" in line]) == 1


def test_diff_compares_the_models_as_the_files_leave_them(tmp_path: Path) -> None:
    """A summary() call added between two add() calls is no model added; the model that grows is
    one change, however many tables its summary() calls print."""
    git(tmp_path, "init", "-q")
    (tmp_path / "grow.py").write_text(SCRIPT.replace("model.summary()\n", "", 1))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "grow.py").write_text(SCRIPT)
    git(tmp_path, "commit", "-q", "-am", "two")
    (tmp_path / "grow.py").write_text(SCRIPT + "model.add(keras.layers.Dense(2))\nmodel.summary()\n")
    git(tmp_path, "commit", "-q", "-am", "three")

    unchanged = lstm_lint(tmp_path, "diff", "--format", "json", "HEAD~2", "HEAD~1")
    assert unchanged.returncode == 0, unchanged.stderr
    assert json.loads(unchanged.stdout)["models"] == []

    grown = lstm_lint(tmp_path, "diff", "--format", "json", "HEAD~1", "HEAD")
    assert grown.returncode == 0, grown.stderr
    changes = json.loads(grown.stdout)["models"]
    assert [(change["name"], change["status"]) for change in changes] == [("model", "changed")]
    assert [row["status"] for row in changes[0]["layers"]] == ["added"]
