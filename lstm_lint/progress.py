"""A progress bar on stderr for `summary` and `check` over many files, for a person watching.

Drawn only when stderr is a terminal and there are more than ``MIN_FILES`` files (a handful goes by
too fast to need one), and only for the text formats: machine formats run in scripts and CI, where
nobody watches. One line, ``[#####.....] 12/40 path``, redrawn with a carriage return, kept to the
terminal's width and erased (with spaces, no escape codes) when done or before a message is printed.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable, Iterable, Iterator, Optional, TextIO, TypeVar

Item = TypeVar("Item")

MIN_FILES = 5
BAR_WIDTH = 20
REDRAW_SECONDS = 0.05  # at most twenty redraws a second: writing to a terminal is not free


class Progress:
    def __init__(self, total: int, enabled: bool, stream: Optional[TextIO] = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.shown = ""  # what the bar's line holds now
        self.last_draw = 0.0

    @classmethod
    def for_files(cls, total: int, wanted: bool = True, stream: Optional[TextIO] = None) -> "Progress":
        """A bar that shows itself only when ``wanted`` (a text format), stderr is a terminal and
        there are more than MIN_FILES files."""
        out = stream if stream is not None else sys.stderr
        isatty = getattr(out, "isatty", None)
        on_terminal = bool(isatty is not None and isatty())
        return cls(total, wanted and on_terminal and total > MIN_FILES, out)

    def over(self, items: Iterable[Item], label: Callable[[Item], str]) -> Iterator[Item]:
        """Each item, the bar showing how many were done before it and its label; erased at the end."""
        try:
            for done, item in enumerate(items):
                self.draw(done, label(item))
                yield item
        finally:
            self.clear()

    def draw(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.shown and now - self.last_draw < REDRAW_SECONDS:
            return
        self.last_draw = now
        filled = BAR_WIDTH * done // self.total if self.total else BAR_WIDTH
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{self.total} {label}"
        width = self._columns() - 1  # writing to the last column wraps on some terminals
        if len(line) > width:
            line = line[:max(width, 0)]
        self._write("\r" + line + " " * max(len(self.shown) - len(line), 0) + "\r" + line)
        self.shown = line

    def clear(self) -> None:
        if self.shown:
            self._write("\r" + " " * len(self.shown) + "\r")
            self.shown = ""

    def message(self, text: str) -> None:
        """Print a line on the bar's stream without mixing it into the bar."""
        self.clear()
        print(text, file=self.stream, flush=True)

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            return 80

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
