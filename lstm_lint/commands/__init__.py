"""The ``lstm-lint`` subcommands: each module has ``register(subparsers)`` and its own ``run``.

Every command module imports at its top only what registering its options and a cached run need:
``lstm-lint`` parses its command line before it knows which command runs, and start-up is most of
what a cached run costs. The rest is imported in ``run``.
"""
from __future__ import annotations

import sys
from typing import List, Optional

from lstm_lint.progress import Progress
from lstm_lint.records import FileFailure, ParseFailure


class FileErrors:
    """Files that could not be read, parsed or analysed: each reported once on stderr, the others
    processed, and the command then exits 2 (as flake8 reports E902/E999 and goes on). The formats
    that carry them too (check's json, sarif, github) read ``failures``."""

    def __init__(self) -> None:
        self.failures: List[FileFailure] = []
        self.progress: Optional[Progress] = None  # messages go around the progress bar

    @property
    def count(self) -> int:
        return len(self.failures)

    def unreadable(self, path: str, reason: str) -> None:
        self._report(f"{path}: error: {reason}")
        self.failures.append(FileFailure(path, reason))

    def parse_failure(self, path: str, failure: ParseFailure) -> None:
        message = f"cannot parse: {failure.message}"
        self._report(f"{path}:{failure.line}:{failure.column + 1}: error: {message}")
        self.failures.append(FileFailure(path, message, failure.line, failure.column))

    def _report(self, text: str) -> None:
        if self.progress is not None:
            self.progress.message(text)
        else:
            print(text, file=sys.stderr)

    def internal_error(self, path: str, line: int, reason: str) -> None:
        """lstm-lint failed on a file (``lstm-lint check`` reports these as LL900 instead)."""
        message = f"lstm-lint could not analyse this file: {reason} (please report)"
        self._report(f"{path}:{line}: error: {message}")
        self.failures.append(FileFailure(path, message, line))
