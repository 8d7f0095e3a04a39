"""The plugin inside the real flake8: diagnostics, noqa, options from config files, LL900."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_lint import lint
from lstm_lint.plugin import LstmLintChecker

MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50, activation="relu"), layers.Dense(1)])
'''


def flake8(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", *args, "model.py"], cwd=folder,
                          capture_output=True, text=True)


def test_flake8_reports_ll301(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    result = flake8(tmp_path)
    assert result.returncode == 1
    assert "model.py:3:50: LL301 LSTM 'lstm' cannot use the fused cuDNN kernel" in result.stdout


def test_noqa_silences_the_code(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL.replace("layers.Dense(1)])", "layers.Dense(1)])  # noqa: LL301"))
    assert flake8(tmp_path).stdout == ""


@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_budget_from_flake8_config_file(tmp_path: Path, config_file: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / config_file).write_text("[flake8]\nmax-model-params = 10_000\n")
    assert "LL201 model 'model' has 10,851 parameters, over max-model-params = 10,000" in flake8(tmp_path).stdout


def test_precedence_command_line_then_flake8_config_then_pyproject(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 100\n")
    assert "over max-model-params = 100\n" in flake8(tmp_path).stdout
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-model-params = 1000\n")
    assert "over max-model-params = 1,000\n" in flake8(tmp_path).stdout
    assert "over max-model-params = 5,000\n" in flake8(tmp_path, "--max-model-params", "5000").stdout


def test_internal_error_becomes_ll900_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(lint, "analyse_program", explode)
    checker = LstmLintChecker(ast.parse(MODEL), "model.py", MODEL.splitlines(True))
    reports = list(checker.run())
    assert len(reports) == 1
    assert reports[0][2].startswith("LL900 lstm-lint could not analyse this file: RuntimeError: boom")


def test_file_without_keras_is_skipped_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str, path: str) -> None:
        raise AssertionError("parsed a file that cannot contain Keras")

    monkeypatch.setattr(lint, "analyse_program", fail)
    source = "import os\nprint(os.name)\n"
    assert list(LstmLintChecker(ast.parse(source), "x.py", source.splitlines(True)).run()) == []


def test_default_off_rule_is_turned_on_by_extend_select(tmp_path: Path) -> None:
    source = ("import keras\nfrom keras import layers\n"
              "m = keras.Sequential([keras.Input((10, 3)), layers.TimeDistributed(layers.Dense(2))])\n")
    (tmp_path / "model.py").write_text(source)
    plain = subprocess.run([sys.executable, "-m", "flake8", "model.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "LL391" not in plain.stdout
    extended = subprocess.run([sys.executable, "-m", "flake8", "--extend-select", "LL391", "model.py"],
                              cwd=tmp_path, capture_output=True, text=True)
    assert "model.py:3:45: LL391 TimeDistributed 'time_distributed'" in extended.stdout


def test_invalid_setting_in_flake8_config_is_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-model-params = lots\n")
    result = flake8(tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "invalid value 'lots' for max-model-params in " in result.stderr and "setup.cfg" in result.stderr
