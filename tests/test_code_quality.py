"""The project's own checks run with the test suite, so CI enforces them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_flake8_clean() -> None:
    result = run("flake8", "lstm_lint", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
