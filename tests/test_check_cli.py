"""``lstm-lint check`` end to end: output, exit codes, code selection, noqa (compared with flake8's
own handling of the same file), pyproject settings and internal errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_lint import cli, lint

MODEL = '''import keras
from keras import layers
model = keras.Sequential([
    keras.Input((10, 3)),
    layers.LSTM(50, activation="relu"),
    layers.LSTM(4),
])
'''
CLEAN = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50), layers.Dense(1)])
'''
STYLE = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.TimeDistributed(layers.Dense(2))])
'''


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=folder, capture_output=True, text=True)


def flake8(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", *args], cwd=folder, capture_output=True, text=True)


def codes(output: str) -> list:
    return [line.split(": ", 1)[1].split()[0] for line in output.splitlines()]


def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(MODEL)
    (tmp_path / "good.py").write_text(CLEAN)
    assert run(tmp_path, "check", "good.py").returncode == 0
    found = run(tmp_path, "check", "bad.py", "good.py")
    assert found.returncode == 1 and codes(found.stdout) == ["LL301", "LL101"]
    assert run(tmp_path, "check").returncode == 1  # no PATH: the working directory, bad.py included
    assert run(tmp_path, "check", "--no-such-option", "good.py").returncode == 2
    assert run(tmp_path, "check", "--max-model-params", "many", "good.py").returncode == 2
    assert run(tmp_path, "check", "--format", "xml", "good.py").returncode == 2


def test_a_directory_is_walked_and_a_missing_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(MODEL)
    (tmp_path / "pkg" / "notes.txt").write_text(MODEL)
    result = run(tmp_path, "check", "pkg", "missing.py")
    assert result.returncode == 2
    assert "missing.py" in result.stderr
    assert result.stdout.startswith(str(Path("pkg") / "bad.py") + ":5:5: LL301 ")


def test_selection(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL + STYLE.split("\n", 2)[2].replace("model =", "other ="))
    assert codes(run(tmp_path, "check", "model.py").stdout) == ["LL301", "LL101"]
    assert codes(run(tmp_path, "check", "--extend-select", "LL391", "model.py").stdout) == \
        ["LL301", "LL101", "LL391"]
    # As in flake8, selecting a prefix explicitly selects the default-off rules under it too.
    assert codes(run(tmp_path, "check", "--select", "LL3", "model.py").stdout) == ["LL301", "LL391"]
    assert codes(run(tmp_path, "check", "--ignore", "LL3", "model.py").stdout) == ["LL101"]
    assert codes(run(tmp_path, "check", "--select", "ll1", "model.py").stdout) == ["LL101"]
    unknown = run(tmp_path, "check", "--ignore", "LL999", "model.py")
    assert unknown.returncode == 2 and "LL999" in unknown.stderr


def test_selection_from_pyproject_and_the_command_line_select_replaces_it(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(STYLE)
    (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint]\nextend-select = ["LL391"]\n')
    assert codes(run(tmp_path, "check", "model.py").stdout) == ["LL391"]
    (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint]\nselect = ["LL391"]\nignore = "LL1"\n')
    assert codes(run(tmp_path, "check", "model.py").stdout) == ["LL391"]
    assert run(tmp_path, "check", "--select", "LL1", "model.py").stdout == ""
    (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint]\nselect = ["LL39x"]\n')
    bad = run(tmp_path, "check", "model.py")
    assert bad.returncode == 2 and "'LL39x'" in bad.stderr and "pyproject.toml" in bad.stderr
    assert bad.stderr.count("\n") == 1


NOQA_VARIANTS = '''import keras
from keras import layers
a = layers.LSTM(50, activation="relu")  # noqa
b = layers.LSTM(50, activation="relu")  # noqa: LL301
c = layers.LSTM(50, activation="relu")  # noqa:LL3
d = layers.LSTM(50, activation="relu")  # noqa: LL101
e = layers.LSTM(50, activation="relu")  #noqa
f = layers.LSTM(50, activation="relu")  # NOQA: LL301
g = layers.LSTM(50, activation="relu")  # noqa: ll301
h = layers.LSTM(50, activation="relu")  # noqa : LL301
i = layers.LSTM(50, activation="relu")  # noqa: E501,LL301
j = layers.LSTM(50, activation="relu")  # noqa: E501 LL301
s = """
""" + str(layers.LSTM(50, activation="relu")) + """
"""  # noqa: LL301
k = layers.LSTM(50,
                activation="relu")  # noqa: LL301
'''


def test_noqa_is_read_exactly_as_flake8_reads_it(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(NOQA_VARIANTS)
    ours = run(tmp_path, "check", "--select", "LL", "model.py")
    theirs = flake8(tmp_path, "--select", "LL", "model.py")
    assert ours.stdout == theirs.stdout
    assert [line.split(":")[1] for line in ours.stdout.splitlines()] == ["6", "7", "9", "16"]


def test_flake8_noqa_comment_skips_the_file(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("# flake8: noqa\n" + MODEL)
    assert run(tmp_path, "check", "model.py").returncode == 0
    assert flake8(tmp_path, "--select", "LL", "model.py").stdout == ""


def test_same_output_as_flake8(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-model-params = 1000\n")
    ours = run(tmp_path, "check", "model.py")
    assert ours.stdout == flake8(tmp_path, "--select", "LL", "model.py").stdout
    # The second LSTM gets rank 2 (LL101), so Keras cannot build the model: its budget is unchecked.
    assert "LL204" in ours.stdout and "LL101" in ours.stdout


def test_internal_error_is_ll900_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    (tmp_path / "a.py").write_text(MODEL)
    (tmp_path / "b.py").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lint, "analyse_program", explode)
    assert cli.main(["check", "a.py", "b.py"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["a.py:1:1: LL900 lstm-lint could not analyse this file: RuntimeError: boom (please report)",
                   "b.py:1:1: LL900 lstm-lint could not analyse this file: RuntimeError: boom (please report)"]
    # LL900 can be ignored like any code.
    assert cli.main(["check", "--ignore", "LL900", "a.py"]) == 0


KERAS2 = '''from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense
model = Sequential([LSTM(4, batch_input_shape=(1, 10, 3), stateful=True), Dense(1)])
'''


@pytest.mark.parametrize("tool", ["check", "flake8"])
def test_target_keras_2_accepts_keras2_arguments(tmp_path: Path, tool: str) -> None:
    (tmp_path / "model.py").write_text(KERAS2)

    def lint(folder: Path, *args: str) -> subprocess.CompletedProcess:
        return run(folder, "check", *args) if tool == "check" else flake8(folder, *args)

    assert "model.py:3:21: LL103 LSTM 'lstm': batch_input_shape= is Keras 2 only" in \
        lint(tmp_path, "--select", "LL", "model.py").stdout
    assert lint(tmp_path, "--select", "LL", "--target-keras", "2", "model.py").stdout == ""
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\ntarget-keras = 2\n")
    assert lint(tmp_path, "--select", "LL", "model.py").stdout == ""


def test_exit_zero_exits_0_for_findings_and_unreadable_files_but_not_for_config_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(MODEL)
    (tmp_path / "broken.py").write_text("import keras\nx = (\n")
    found = run(tmp_path, "check", "--exit-zero", "bad.py", "broken.py")
    assert found.returncode == 0
    assert codes(found.stdout) == ["LL301", "LL101"]  # still reported
    assert "broken.py:2:" in found.stderr
    assert run(tmp_path, "check", "bad.py", "broken.py").returncode == 2
    assert run(tmp_path, "check", "--exit-zero", "--max-model-params", "lots", "bad.py").returncode == 2


TWICE = MODEL + '''other = keras.Sequential([keras.Input((10, 3)), layers.LSTM(5, activation="relu")])
'''


def test_statistics_count_each_code_as_ruff_prints_them(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(TWICE)
    (tmp_path / "b.py").write_text(STYLE)
    text = run(tmp_path, "check", "--statistics", "--extend-select", "LL391", "a.py", "b.py")
    assert text.returncode == 1
    assert text.stdout == ("2\tLL301\tno-cudnn-kernel\n1\tLL101\twrong-input-rank\n"
                           "1\tLL391\tredundant-time-distributed\n")
    as_json = run(tmp_path, "check", "--statistics", "--format", "json", "a.py")
    assert json.loads(as_json.stdout) == [
        {"code": "LL301", "name": "no-cudnn-kernel", "count": 2, "fixable": False},
        {"code": "LL101", "name": "wrong-input-rank", "count": 1, "fixable": False}]
    clean = run(tmp_path, "check", "--statistics", "b.py")
    assert (clean.returncode, clean.stdout) == (0, "")
    assert run(tmp_path, "check", "--statistics", "--format", "json", "b.py").stdout == "[]\n"
