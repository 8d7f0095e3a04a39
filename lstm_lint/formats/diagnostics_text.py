"""``lstm-lint check`` as text: flake8's default format, ``path:line:col: CODE message`` (1-based
column, as flake8 prints the 0-based column plugins report)."""
from __future__ import annotations

from typing import Sequence

from lstm_lint.formats.diagnostics import FileDiagnostics


def render(files: Sequence[FileDiagnostics]) -> str:
    return "".join(f"{result.path}:{diagnostic.line}:{diagnostic.column + 1}: {diagnostic.text}\n"
                   for result in files for diagnostic in result.diagnostics)
