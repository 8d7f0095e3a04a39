"""What ``lstm-lint check`` hands its output formats: each file's reported diagnostics, in order,
and the files that could not be checked at all."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List, Optional, Tuple

from lstm_lint.formats.style import PLAIN, Style
from lstm_lint.records import FileFailure

if TYPE_CHECKING:  # importing the rules package loads every rule: not needed to hold their results
    from lstm_lint.rules.base import Diagnostic


@dataclass
class FileDiagnostics:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)  # after selection and noqa


@dataclass
class CheckReport:
    files: List[FileDiagnostics] = field(default_factory=list)
    failures: List[FileFailure] = field(default_factory=list)
    style: Style = PLAIN  # colours, for the text format only
    # Whether unsafe fixes count as applicable (--unsafe-fixes), where fixes are shown (sarif,
    # --statistics): as --fix would apply them.
    unsafe_fixes: bool = False

    def applicable(self, diagnostic: Diagnostic) -> bool:
        """Whether ``check --fix`` (with the same options) would fix ``diagnostic``."""
        return diagnostic.fix is not None and (diagnostic.fix.safe or self.unsafe_fixes)


def start(diagnostic: Diagnostic) -> Tuple[int, int]:
    """Line and 1-based column, as editors, ruff's JSON, SARIF and GitHub count them."""
    return diagnostic.line, diagnostic.column + 1


def end(diagnostic: Diagnostic) -> Tuple[int, int]:
    """Where the flagged code ends: line and the 1-based column just past it (exclusive, as ruff's
    JSON and SARIF's endColumn). When it is not known (a diagnostic on a comment, say), the start:
    an empty range that tools show on the start's line."""
    if diagnostic.end_line is None or diagnostic.end_column is None:
        return start(diagnostic)
    return diagnostic.end_line, diagnostic.end_column + 1


def relative_path(path: str) -> Optional[str]:
    """The path relative to the working directory, with forward slashes; None if outside it."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive, on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")
