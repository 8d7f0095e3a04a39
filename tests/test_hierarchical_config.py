"""Each file's configuration comes from its own directory upwards, as in ruff: the nearest
directory with lstm-lint configuration wins and nothing above it is read."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from lstm_lint.config import ConfigError, ProjectSettings, Settings, nearest_config
from lstm_lint.config_files import ConfigFiles

# 10,851 parameters; LL301 (relu), which max-model-params does not touch.
MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50, activation="relu"), layers.Dense(1)])
'''


def write(folder: Path, files: Dict[str, str]) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content)


def check(folder: Path, *args: str, stdin: str = "") -> List[str]:
    """``path: CODE`` for each diagnostic of ``lstm-lint check`` run in ``folder``, sorted."""
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "check", *args], cwd=folder, capture_output=True,
                            text=True, input=stdin)
    assert result.returncode in (0, 1), result.stderr
    return sorted(f"{os.path.normpath(line.split(':')[0])}: {line.split(': ')[1].split()[0]}"
                  for line in result.stdout.splitlines())


def test_the_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 100\n",
        "model.py": MODEL,
        "strict/pyproject.toml": "[tool.lstm-lint]\nselect = [\"LL2\"]\nmax-model-params = 1000\n",
        "strict/model.py": MODEL,
        "loose/pyproject.toml": "[tool.lstm-lint]\n",  # an empty table is a configuration too
        "loose/model.py": MODEL,
        "plain/pyproject.toml": "[project]\nname = 'plain'\n",  # not ours: the one above applies
        "plain/model.py": MODEL,
    })
    expected = sorted(line.replace("/", os.sep) for line in (
        "model.py: LL301", "model.py: LL201", "loose/model.py: LL301", "plain/model.py: LL301",
        "plain/model.py: LL201", "strict/model.py: LL201"))
    assert check(tmp_path) == expected
    # The same from anywhere: the working directory does not choose the configuration.
    assert check(tmp_path / "strict", "model.py") == ["model.py: LL201"]
    assert check(tmp_path.parent, tmp_path.name) == [os.path.join(tmp_path.name, line) for line in expected]


def test_a_flake8_section_counts_when_it_sets_one_of_our_keys(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 100\n",
        "a/setup.cfg": "[flake8]\nmax-line-length = 100\n",  # flake8's own keys only: not ours
        "a/model.py": MODEL,
        "b/tox.ini": "[flake8]\nmax-layer-params = 20000\n",  # ours: nothing above b/ is read
        "b/model.py": MODEL,
        "c/pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 1000\nmax-layer-params = 100\n",
        "c/.flake8": "[flake8]\nmax_model_params = 20000\n",  # read with c/pyproject.toml, and wins
        "c/model.py": MODEL,
    })
    assert check(tmp_path, "a", "b", "c") == sorted(os.path.join(*line) for line in (
        ("a", "model.py: LL301"), ("a", "model.py: LL201"), ("b", "model.py: LL301"), ("c", "model.py: LL301"),
        ("c", "model.py: LL202")))


def test_standard_input_takes_the_configuration_of_its_name(tmp_path: Path) -> None:
    write(tmp_path, {"strict/pyproject.toml": "[tool.lstm-lint]\nselect = [\"LL2\"]\nmax-model-params = 10\n"})
    assert check(tmp_path, "--stdin-filename", "strict/piped.py", stdin=MODEL) == [
        os.path.join("strict", "piped.py: LL201")]
    assert check(tmp_path, "--stdin-filename", "piped.py", stdin=MODEL) == ["piped.py: LL301"]
    assert check(tmp_path, "-", stdin=MODEL) == ["-: LL301"]


def test_a_changed_configuration_is_not_answered_from_the_cache(tmp_path: Path) -> None:
    write(tmp_path, {"sub/pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 100\n", "sub/model.py": MODEL})
    model = os.path.join("sub", "model.py")
    assert check(tmp_path) == [f"{model}: LL201", f"{model}: LL301"]
    write(tmp_path, {"sub/pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 1e6\n"})
    assert check(tmp_path) == [f"{model}: LL301"] == check(tmp_path, "--no-cache")
    write(tmp_path, {"setup.cfg": "[flake8]\nmax-model-params = 5\n"})  # above the nearest: not read
    assert check(tmp_path) == [f"{model}: LL301"]


def test_an_invalid_configuration_stops_the_run_with_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"sub/pyproject.toml": "[tool.lstm-lint]\nmax-layer-params = -1\n", "sub/model.py": MODEL,
                     "model.py": MODEL})
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "max-layer-params" in result.stderr and os.path.join("sub", "pyproject.toml") in result.stderr


# ---- nearest_config on its own ---------------------------------------------------------------------


def config_in(folder: Path) -> Settings:
    return ProjectSettings(ConfigFiles(), {}).settings(str(folder / "model.py"))


def test_files_that_cannot_hold_our_section_are_not_parsed(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.lstm-lint]\nmax-model-params = 7\n",
                     "sub/pyproject.toml": "this is [not TOML\n",  # never says lstm-lint: skipped
                     "sub/setup.cfg": "no sections at all\n"})
    assert config_in(tmp_path / "sub").max_model_params == 7


def test_a_broken_file_that_may_be_ours_is_an_error_naming_it(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.lstm-lint\n"})
    with pytest.raises(ConfigError, match="cannot read .*pyproject.toml"):
        config_in(tmp_path)
    write(tmp_path, {"pyproject.toml": "tool = 3\n# lstm-lint\n", "setup.cfg": "[flake8\nmax-model-params = 3\n"})
    with pytest.raises(ConfigError, match="cannot read .*setup.cfg"):
        config_in(tmp_path)


def test_the_first_flake8_file_with_a_section_is_the_one_read(tmp_path: Path) -> None:
    # As flake8 does: setup.cfg has a [flake8] section, so tox.ini is not read.
    write(tmp_path, {"setup.cfg": "[flake8]\nmax-model-params = 3\n", "tox.ini": "[flake8]\nmax-layer-params = 4\n"})
    found = ConfigFiles().around(str(tmp_path))
    config = nearest_config(found)
    assert config.flake8 == {"max-model-params": "3"} and config.flake8_path == str(tmp_path / "setup.cfg")
    assert config.pyproject == {} and config.pyproject_path == ""


def test_the_cache_key_follows_every_candidate_above(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    before = ConfigFiles().key(str(tmp_path / "sub" / "model.py"))
    assert ConfigFiles().key(str(tmp_path / "sub" / "other.py")) == before
    (tmp_path / "tox.ini").write_text("[tox]\n")
    assert ConfigFiles().key(str(tmp_path / "sub" / "model.py")) != before
