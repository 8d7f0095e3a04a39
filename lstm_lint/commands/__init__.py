"""The ``lstm-lint`` subcommands: each module has ``register(subparsers)`` and its own ``run``."""
from __future__ import annotations

import sys
from typing import Iterator, List, Optional, Sequence

from lstm_lint.analysis import ParseFailure
from lstm_lint.files import SourceFile, read_all
from lstm_lint.formats.diagnostics import FileFailure
from lstm_lint.progress import Progress


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

    def readable(self, paths: Sequence[str]) -> Iterator[SourceFile]:
        """The files under ``paths`` that could be read; the others are reported."""
        for source in read_all(paths):
            if source.text is None:
                self.unreadable(source.path, source.error or "cannot read")
            else:
                yield source

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
