"""``lstm-lint diff`` reads both revisions under the Keras the code targets, as ``summary`` and
``check`` do: each file's ``target-keras`` setting, and ``--target-keras`` on top.

The model starts with an ``Embedding`` and has no ``Input``: tf.keras 2 built it on ``(None, None)``
and Keras 3 leaves it unbuilt. The expected counts are real Keras 3's for the same layers with that
input written out (``keras.Input((None,))``), which builds the same weights.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from tests.keras_diff.reference import module_models
from tests.test_diff_cli import git, write

REPO = Path(__file__).resolve().parents[1]

# {input} is empty in the file lstm-lint reads; the Keras 3 equivalent has tf.keras 2's Input there.
MODEL = """\
import keras
from keras import layers
classifier = keras.Sequential([{input}layers.Embedding(500, 8), layers.LSTM({units}), layers.Dense(1)])
"""
OLD_UNITS, NEW_UNITS = 4, 6


def keras3_total(units: int) -> int:
    [model] = module_models(MODEL.format(input="keras.Input((None,)), ", units=units))
    total: int = model["total_params"]
    return total


def diff_json(cwd: Path, *args: str) -> Dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "diff", "--format", "json", *args], cwd=cwd,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    document: Dict[str, Any] = json.loads(result.stdout)
    return document


def totals(document: Dict[str, Any]) -> Dict[str, List[Any]]:
    return {model["new"]["path"]: [model["total_params"]["old"], model["total_params"]["new"]]
            for model in document["models"]}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``legacy/`` is configured for tf.keras 2; ``current/`` is not. The same model grows in both."""
    root = tmp_path_factory.mktemp("targets")
    git(root, "init", "-q")
    old = MODEL.format(input="", units=OLD_UNITS)
    write(root, {"legacy/pyproject.toml": "[tool.lstm-lint]\ntarget-keras = 2\n",
                 "legacy/model.py": old, "current/model.py": old})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    new = MODEL.format(input="", units=NEW_UNITS)
    write(root, {"legacy/model.py": new, "current/model.py": new})
    return root


def test_each_file_is_read_under_its_configured_target(repository: Path) -> None:
    found = totals(diff_json(repository, "HEAD"))
    assert found == {"legacy/model.py": [keras3_total(OLD_UNITS), keras3_total(NEW_UNITS)],
                     # Keras 3 never builds it: unknown on both sides.
                     "current/model.py": [None, None]}


def test_the_command_line_target_is_on_top_of_the_configuration(repository: Path) -> None:
    known = [keras3_total(OLD_UNITS), keras3_total(NEW_UNITS)]
    assert totals(diff_json(repository, "--target-keras", "2", "HEAD")) == {
        "legacy/model.py": known, "current/model.py": known}
    assert totals(diff_json(repository, "--target-keras", "3", "HEAD")) == {
        "legacy/model.py": [None, None], "current/model.py": [None, None]}


def test_an_invalid_target_is_a_usage_error(repository: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "diff", "--target-keras", "4", "HEAD"],
                            cwd=repository, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "target-keras" in result.stderr
