"""Settings: values, validation, and the three routes with their precedence (command line > flake8
config file > pyproject.toml), for ``lstm-lint check`` and for the flake8 plugin."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lstm_lint.config import ConfigError, Settings, load_flake8_config, load_settings, parse_codes, parse_count

MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])
'''  # 10,851 parameters


@pytest.mark.parametrize("value, expected", [
    (250000, 250000), ("250000", 250000), ("250_000", 250000), (1e6, 1000000), ("1e6", 1000000),
    ("2.5e5", 250000), ("1E+6", 1000000), (" 42 ", 42), (100.0, 100),
])
def test_counts(value: Any, expected: int) -> None:
    assert parse_count(value, "max-model-params", "setup.cfg") == expected


@pytest.mark.parametrize("value", ["lots", "1.5", 0, -3, True, "1,000", "", "1e-3", "0x10", [1]])
def test_invalid_counts_name_key_value_and_origin(value: Any) -> None:
    with pytest.raises(ConfigError) as error:
        parse_count(value, "max-layer-params", "/repo/tox.ini")
    message = str(error.value)
    assert "max-layer-params" in message and repr(value) in message and "/repo/tox.ini" in message
    assert "\n" not in message


def test_target_keras() -> None:
    assert Settings().target_keras == 3
    assert Settings().merged({"target-keras": "2"}, "x").target_keras == 2
    with pytest.raises(ConfigError, match="target-keras"):
        Settings().merged({"target-keras": 4}, "x")


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(ConfigError, match="'max-params'.*pyproject.toml"):
        Settings().merged({"max-params": 3}, "pyproject.toml")


def test_codes() -> None:
    assert parse_codes("LL301, LL3 LL1", "select", "x") == ["LL301", "LL3", "LL1"]
    assert parse_codes(["LL391"], "extend-select", "x") == ["LL391"]
    with pytest.raises(ConfigError, match="'ll301'"):
        parse_codes(["ll301"], "select", "pyproject.toml")
    with pytest.raises(ConfigError, match="extend-select"):
        parse_codes(3, "extend-select", "pyproject.toml")


def test_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 1e6\nmax-unroll-steps = 50\n")
    assert load_settings(tmp_path, {}) == Settings(max_model_params=1000000, max_unroll_steps=50)
    (tmp_path / "tox.ini").write_text("[flake8]\nmax_model_params = 2_000\n")
    assert load_settings(tmp_path, {}).max_model_params == 2000
    assert load_settings(tmp_path, {}).max_unroll_steps == 50
    assert load_settings(tmp_path, {"max-model-params": "3000"}).max_model_params == 3000


def test_flake8_config_file_is_found_as_flake8_finds_it(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")  # no [flake8]: not the config file
    (tmp_path / ".flake8").write_text("[flake8]\nmax-layer-params = 7\nmax-line-length = 120\n")
    inner = tmp_path / "src" / "pkg"
    inner.mkdir(parents=True)
    values, path = load_flake8_config(inner)
    assert values == {"max-layer-params": "7"} and path == str(tmp_path / ".flake8")


def test_invalid_pyproject_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-layer-params = -1\n")
    with pytest.raises(ConfigError, match="max-layer-params.*pyproject.toml"):
        load_settings(tmp_path, {})
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path, {})


# ---- the three routes, end to end ----------------------------------------------------------------


def check(folder: Path, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "lstm_lint", "check", "--select", "LL2", *args, "model.py"],
                          cwd=folder, capture_output=True, text=True).stdout


def flake8(folder: Path, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "flake8", "--select", "LL2", *args, "model.py"],
                          cwd=folder, capture_output=True, text=True).stdout


@pytest.mark.parametrize("tool", [check, flake8], ids=["check", "flake8"])
def test_each_route_and_its_precedence(tmp_path: Path, tool: Any) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    assert tool(tmp_path) == ""  # budgets are off until set
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 1_000\nmax-layer-params = 1e4\n")
    out = tool(tmp_path)
    assert "LL201 model 'model' has 10,851 parameters, over max-model-params = 1,000" in out
    assert "LL202 LSTM 'lstm' has 10,800 parameters, over max-layer-params = 10,000; " \
           "4 × 50 × (3 + 50 + 1) = 10,800 parameters" in out
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-model-params = 5000\n")
    out = tool(tmp_path)
    assert "over max-model-params = 5,000" in out and "over max-layer-params = 10,000" in out
    out = tool(tmp_path, "--max-model-params", "2.5e3", "--max-layer-params", "20000")
    assert "over max-model-params = 2,500" in out and "LL202" not in out
    assert tool(tmp_path, "--max-model-params=1e6", "--max-layer-params=1e6") == ""


def test_inline_budget_overrides_the_global_one(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL.replace("model =", "# lstm-lint: max-params=20_000\nmodel ="))
    assert check(tmp_path, "--max-model-params", "100") == ""
    (tmp_path / "model.py").write_text(MODEL.replace("model =", "# lstm-lint: max-params=10_000\nmodel ="))
    assert check(tmp_path, "--max-model-params", "1e6") == \
        "model.py:4:1: LL203 model 'model' has 10,851 parameters, over its inline budget of 10,000 (line 3)\n"


@pytest.mark.parametrize("where", ["setup.cfg", "pyproject.toml", "command line"])
def test_flake8_stops_with_one_line_on_an_invalid_value(tmp_path: Path, where: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    args = []
    if where == "setup.cfg":
        (tmp_path / "setup.cfg").write_text("[flake8]\ntarget-keras = 4\n")
    elif where == "pyproject.toml":
        (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint]\ntarget-keras = "four"\n')
    else:
        args = ["--target-keras", "4"]
    result = subprocess.run([sys.executable, "-m", "flake8", *args, "model.py"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "target-keras" in result.stderr
    assert (where if where != "command line" else "the command line") in result.stderr


def test_selection_keys_in_pyproject_are_left_to_the_check_command() -> None:
    assert Settings().merged({"select": ["LL1"], "extend-ignore": "LL3"}, "pyproject.toml") == Settings()
