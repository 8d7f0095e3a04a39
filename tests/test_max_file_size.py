"""The size limit: LL900 says it is a limit and which setting raises it, and max-file-size (on
the command line, in the configuration, for the flake8 plugin) raises or lowers it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_lint.engine import MAX_SOURCE_CHARS, LimitReached, analyse_program

MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50), layers.Dense(1)])
'''  # 121 characters, no diagnostic
LIMITED = ("lstm-lint did not analyse this file: the file has 121 characters, over the limit of 100 "
           "(the max-file-size setting raises it)")


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=folder, capture_output=True, text=True)


def test_the_engine_keeps_its_default_and_takes_a_limit() -> None:
    assert len(MODEL) == 121
    assert MAX_SOURCE_CHARS == 1_000_000
    assert [model.name for model in analyse_program(MODEL).analysis.models] == ["model"]
    limited = analyse_program(MODEL, "m.py", max_chars=100)
    assert limited.analysis.models == []
    assert [(type(error), error.line, error.message) for error in limited.internal_errors] == [
        (LimitReached, 1, LIMITED.split(": ", 1)[1])]
    assert analyse_program(MODEL, "m.py", None, 121).analysis.models != []  # the limit itself is allowed


@pytest.mark.parametrize("where", ["command line", "pyproject.toml", "setup.cfg"])
def test_check_reports_the_limit_wherever_it_is_set(tmp_path: Path, where: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    args = []
    if where == "command line":
        args = ["--max-file-size", "100"]
    elif where == "pyproject.toml":
        (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-file-size = 100\n")
    else:
        (tmp_path / "setup.cfg").write_text("[flake8]\nmax-file-size = 100\n")
    result = run(tmp_path, "lstm_lint", "check", *args, "model.py")
    assert (result.returncode, result.stdout) == (1, f"model.py:1:1: LL900 {LIMITED}\n")
    assert run(tmp_path, "lstm_lint", "check", "--max-file-size", "1e6", "model.py").stdout == ""


def test_summary_reports_the_limit_and_takes_each_files_configuration(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    (tmp_path / "small" / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-file-size = 100\n")
    (tmp_path / "small" / "model.py").write_text(MODEL)
    (tmp_path / "model.py").write_text(MODEL)
    result = run(tmp_path, "lstm_lint", "summary", ".")
    assert result.returncode == 2
    assert result.stderr == f"./small/model.py:1: error: {LIMITED}\n".replace("/", os.sep)
    assert result.stdout.count("Model: ") == 1 and "(./model.py:3, Sequential)" in result.stdout
    # The command line beats the configuration; the cache keeps the answers apart.
    raised = run(tmp_path, "lstm_lint", "summary", "--max-file-size", "200", ".")
    assert raised.returncode == 0 and raised.stdout.count("Model: ") == 2
    (tmp_path / "small" / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-file-size = 1000\n")
    assert run(tmp_path, "lstm_lint", "summary", ".").stdout == raised.stdout
    bad = run(tmp_path, "lstm_lint", "summary", "--max-file-size", "big", ".")
    assert bad.returncode == 2 and "max-file-size" in bad.stderr and bad.stdout == ""


@pytest.mark.parametrize("config", ["pyproject.toml", "setup.cfg"])
def test_the_flake8_plugin_reads_the_limit_from_the_configuration(tmp_path: Path, config: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / config).write_text("[tool.lstm-lint]\nmax-file-size = 100\n" if config == "pyproject.toml"
                                   else "[flake8]\nmax-file-size = 100\n")
    result = run(tmp_path, "flake8", "--select", "LL", "model.py")
    assert result.stdout == f"model.py:1:1: LL900 {LIMITED}\n", result.stderr
