"""docs/rules.md is generated from the rule classes; `lstm-lint check/rules/rule` end to end."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lstm_lint.rules.docs import markdown

REPO = Path(__file__).resolve().parents[2]

BAD = '''import keras
from keras import layers
model = keras.Sequential([
    keras.Input((10, 3)),
    layers.LSTM(50, activation="relu"),
    layers.LSTM(4),
])
'''


def lstm_lint(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=cwd, capture_output=True, text=True)


def test_docs_are_up_to_date() -> None:
    assert (REPO / "docs" / "rules.md").read_text() == markdown(), \
        "docs/rules.md is stale: run `lstm-lint rules --markdown > docs/rules.md`"


def test_check_reports_in_flake8_format_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(BAD)
    result = lstm_lint("check", "model.py", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("model.py:5:5: LL301 LSTM 'lstm' cannot use the fused cuDNN kernel")
    assert "4 × 50 × (3 + 50 + 1) = 10,800" in lines[0]
    assert lines[1].startswith("model.py:6:5: LL101 ")


def test_check_honours_noqa_and_exits_0_when_clean(tmp_path: Path) -> None:
    source = BAD.replace('activation="relu"),', 'activation="relu"),  # noqa: LL301')
    source = source.replace("layers.LSTM(4),", "layers.LSTM(4),  # noqa")
    (tmp_path / "model.py").write_text(source)
    result = lstm_lint("check", "model.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


GOOD = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50), layers.Dense(1)])
'''


def test_check_reads_budgets_from_pyproject_and_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 1_000\n")
    (tmp_path / "model.py").write_text(GOOD)
    from_file = lstm_lint("check", "--select", "LL201", "model.py", cwd=tmp_path)
    # 4 × 50 × (3 + 50 + 1) + (50 + 1)
    assert "model.py:3:1: LL201 model 'model' has 10,851 parameters, over max-model-params = 1,000" \
        in from_file.stdout
    overridden = lstm_lint("check", "--select", "LL201", "--max-model-params", "1e6", "model.py", cwd=tmp_path)
    assert (overridden.returncode, overridden.stdout) == (0, "")


def test_invalid_config_value_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = \"lots\"\n")
    (tmp_path / "model.py").write_text(BAD)
    result = lstm_lint("check", "model.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "max-model-params" in result.stderr and "'lots'" in result.stderr and "pyproject.toml" in result.stderr


def test_unknown_code_in_select_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(BAD)
    result = lstm_lint("check", "--select", "LL999", "model.py", cwd=tmp_path)
    assert result.returncode == 2 and "LL999" in result.stderr


def test_rule_prints_its_docs() -> None:
    result = lstm_lint("rule", "ll301")
    assert result.returncode == 0
    assert "What it does" in result.stdout and "Use instead" in result.stdout


def test_check_reads_the_flake8_section_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 100\n")
    (tmp_path / "tox.ini").write_text("[flake8]\nmax-model-params = 2000\n")
    (tmp_path / "model.py").write_text(GOOD)
    result = lstm_lint("check", "--select", "LL201", "model.py", cwd=tmp_path)
    assert "over max-model-params = 2,000" in result.stdout


def test_check_reports_an_unparsable_file_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import keras\ndef f(:\n")
    (tmp_path / "model.py").write_text(BAD)
    result = lstm_lint("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.py:2:" in result.stderr and "cannot parse" in result.stderr
    assert "model.py:5:5: LL301" in result.stdout
