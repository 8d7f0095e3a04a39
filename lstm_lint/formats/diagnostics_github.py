"""``lstm-lint check --format github``: GitHub Actions workflow commands, which the runner turns into
annotations on the pull request's diff::

    ::warning file=model.py,line=5,col=5,title=LL301::LSTM 'lstm' cannot use ...

LL1xx (Keras raises when building the model) and LL900 (the file went unchecked) are ``::error``,
budgets and settings ``::warning``; a file that could not be read or parsed is an ``::error`` too.
Paths are relative to the working directory (run it from the repository root). endLine and
endColumn, when the end of the flagged code is known, are as in SARIF (endColumn just past it).
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from lstm_lint.formats.diagnostics import CheckReport, end, relative_path, start
from lstm_lint.rules.base import level_of


def escape_data(text: str) -> str:
    """The message, escaped as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title), escaped as GitHub's toolkit does (``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, path: str, line: int, column: int, title: str, message: str,
            end_position: Optional[Tuple[int, int]] = None) -> str:
    file = relative_path(path) or path
    span = f",endLine={end_position[0]},endColumn={end_position[1]}" if end_position else ""
    return (f"::{level} file={escape_property(file)},line={line},col={column}{span},"
            f"title={escape_property(title)}::{escape_data(message)}\n")


def render(report: CheckReport) -> str:
    lines: List[str] = []
    for result in report.files:
        for diagnostic in result.diagnostics:
            line, column = start(diagnostic)
            end_position = end(diagnostic)
            lines.append(command(level_of(diagnostic.code), result.path, line, column, diagnostic.code,
                                 diagnostic.message, end_position if end_position != (line, column) else None))
    for failure in report.failures:
        lines.append(command("error", failure.path, failure.line, failure.column + 1, "lstm-lint", failure.message))
    return "".join(lines)
