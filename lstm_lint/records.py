"""Small records that cross the boundaries of a command run: to worker processes, into the result
cache and back, to the output formats.

They are named tuples, not dataclasses, on purpose: ``lstm-lint summary`` answering from its cache
loads nothing but these, and importing ``dataclasses`` pulls in ``inspect`` and ``ast``, about
10 ms of a cached run's 30 (``benchmarks/bench_vs_keras.py`` measures whole processes).
"""
from __future__ import annotations

from typing import NamedTuple


class ParseFailure(NamedTuple):
    """The file is not valid Python: reported once, with where."""

    message: str
    line: int
    column: int = 0


class FileFailure(NamedTuple):
    """A file that could not be read or parsed (also reported on stderr; the command exits 2)."""

    path: str
    message: str  # "cannot parse: invalid syntax", "No such file or directory", ...
    line: int = 1
    column: int = 0  # 0-based, like a Diagnostic's


def internal_error_message(reason: str, limit: bool = False) -> str:
    """What LL900 (or, for ``summary`` and ``diff``, the line on stderr) says: a bug to report, or,
    for a ``limit`` (a file too long or too deeply nested), the limit, which is no bug."""
    if limit:
        return f"lstm-lint did not analyse this file: {reason}"
    return f"lstm-lint could not analyse this file: {reason} (please report)"
