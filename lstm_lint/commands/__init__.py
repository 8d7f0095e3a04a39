"""The ``lstm-lint`` subcommands: each module has ``register(subparsers)`` and its own ``run``."""
from __future__ import annotations

import sys
from typing import Iterator, Sequence

from lstm_lint.analysis import ParseFailure
from lstm_lint.files import SourceFile, read_all


class FileErrors:
    """Files that could not be read or parsed: each reported once on stderr, the others processed,
    and the command then exits 2 (as flake8 reports E902/E999 and goes on)."""

    def __init__(self) -> None:
        self.count = 0

    def readable(self, paths: Sequence[str]) -> Iterator[SourceFile]:
        """The files under ``paths`` that could be read; the others are reported."""
        for source in read_all(paths):
            if source.text is None:
                self.unreadable(source)
            else:
                yield source

    def unreadable(self, source: SourceFile) -> None:
        print(f"{source.path}: error: {source.error}", file=sys.stderr)
        self.count += 1

    def parse_failure(self, path: str, failure: ParseFailure) -> None:
        print(f"{path}:{failure.line}:{failure.column + 1}: error: cannot parse: {failure.message}",
              file=sys.stderr)
        self.count += 1
