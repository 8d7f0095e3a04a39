"""No exception reaches flake8: an internal error is one LL900 diagnostic, in the real flake8 too,
and odd files are either analysed or left to flake8's own E999."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from lstm_lint.plugin import LstmLintChecker
from lstm_lint.rules import RULES_BY_CODE

MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50, activation="relu")])
'''

# Runs flake8 in a process whose engine always raises.
FORCED_ERROR = (
    "import sys, lstm_lint.lint as lint\n"
    "def explode(*args, **kwargs):\n"
    "    raise RuntimeError('boom')\n"
    "lint.analyse_program = explode\n"
    "from flake8.main.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_forced_internal_error_in_real_flake8(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "other.py").write_text("x = 1\n")
    result = subprocess.run([sys.executable, "-c", FORCED_ERROR, "--select", "LL,F", "-j", "1", "model.py",
                             "other.py"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ("model.py:1:1: LL900 lstm-lint could not analyse this file: RuntimeError: boom "
                             "(please report)\n")


def test_a_failing_rule_is_ll900_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, program: object, settings: object) -> Iterator[object]:
        raise KeyError("config")

    monkeypatch.setattr(RULES_BY_CODE["LL301"], "check", broken)
    reports = list(LstmLintChecker(ast.parse(MODEL), "model.py", MODEL.splitlines(True)).run())
    assert [text.split(":")[0] for _, _, text, _ in reports] == ["LL900 lstm-lint could not analyse this file"]


@pytest.mark.parametrize("source", [
    "",
    "# keras\n",
    "import keras\n" + "x = " + "(" * 180 + "1" + ")" * 180 + "\n",
    "import keras\nx = " + " + ".join(["keras.layers.Dense(1)"] * 2000) + "\n",
    "import keras\n\x0c\nm = keras.Sequential()\nm.add(keras.layers.LSTM(4))\nm.add(keras.layers.LSTM(4))\n",
    "import keras\nclass LSTM(keras.layers.Layer):\n    pass\nm = keras.Sequential([keras.Input((3, 2)), LSTM()])\n",
    "from keras import *\nm = Sequential([layers.Dense(-1)])\n",
    "import keras\nkeras = None\nkeras.layers.Dense(0)\n",
])
def test_odd_files_do_not_crash(source: str) -> None:
    reports = list(LstmLintChecker(ast.parse(source), "odd.py", source.splitlines(True)).run())
    assert all(not text.startswith("LL900") for _, _, text, _ in reports), reports


def test_syntax_error_is_left_to_flake8(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("import keras\ndef f(:\n")
    result = subprocess.run([sys.executable, "-m", "flake8", "model.py"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert "E999" in result.stdout and "LL" not in result.stdout and "Traceback" not in result.stderr
