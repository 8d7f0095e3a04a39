"""flake8 finds the plugin through the package's entry point (code prefix LL)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_flake8_lists_the_plugin() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "lstm-lint" in result.stdout


def test_flake8_runs_the_plugin_on_the_fixture_without_error() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", "--isolated",
                             str(REPO / "fixtures" / "seed_models.py")], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_loading_the_plugin_does_not_import_libcst() -> None:
    """flake8 imports every plugin at start-up; files without Keras must not pay for libcst."""
    code = "import sys, lstm_lint.plugin; print('libcst' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
