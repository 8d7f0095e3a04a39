"""What the robustness tests share: running the real command line and flake8 in a child process
(a crash of libcst's native parser kills the process it runs in, so it must not be the test's)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from lstm_lint.plugin import LstmLintChecker

REPO = Path(__file__).resolve().parents[2]

MODEL = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50, activation="relu"), layers.Dense(1)])
'''
# LL301: activation="relu" keeps the LSTM off the cuDNN kernel (the rule's own documented example).
MODEL_FINDING = "LL301"


def lstm_lint(folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=folder, capture_output=True,
                          text=True, timeout=timeout)


def flake8(folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", "-j", "1", *args], cwd=folder, capture_output=True,
                          text=True, timeout=timeout)


def assert_no_crash(result: subprocess.CompletedProcess) -> None:
    """Exited by itself (no signal: a segmentation fault shows as a negative code) with a documented
    status, and printed no traceback."""
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-2000:])
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream and "RecursionError" not in stream, stream[-2000:]


def plugin_reports(source: str, filename: str = "model.py", tree: Optional[ast.AST] = None) -> List[str]:
    """The plugin run as flake8 runs it: flake8 parses the file with ``ast`` first and does not call
    plugins on a file that fails to parse (it reports E999 itself), and strips a byte order mark."""
    source = source[1:] if source.startswith("\ufeff") else source
    tree = ast.parse(source) if tree is None else tree
    checker = LstmLintChecker(tree, filename, source.splitlines(True))
    reports = []
    for line, column, text, kind in checker.run():
        assert isinstance(line, int) and isinstance(column, int) and line >= 1 and column >= 0
        assert kind is LstmLintChecker
        reports.append(text)
    return reports


def lint_codes(source: str, path: str = "model.py", enabled: Sequence[str] = ()) -> List[str]:
    result = lint_file(source, path, Settings(), list(enabled) or None)
    return [diagnostic.code for diagnostic in result.diagnostics]
