"""Lines and columns as the Language Server Protocol counts them.

lstm-lint reports 1-based lines and 0-based columns in code points (characters). LSP counts lines
from 0, split at ``\\n``, ``\\r\\n`` and ``\\r`` only (Python's parser splits there too, while
``str.splitlines`` also splits at form feeds and other separators), and columns in the code units
of the encoding agreed at initialisation: UTF-16 unless the client offers UTF-8 or UTF-32.
"""
from __future__ import annotations

import re
from typing import List, Tuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def split_lines(text: str) -> List[str]:
    """The lines of ``text`` without their line breaks, as LSP and Python's parser number them."""
    return _LINE_BREAK.split(text)


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes (a lone surrogate counts as one)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class LineIndex:
    """One document's lines, to convert positions both ways."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.lines = split_lines(text)
        self.encoding = encoding

    def to_client(self, line: int, column: int) -> Tuple[int, int]:
        """Our (1-based line, column in code points) as LSP's (0-based line, column in code units);
        a position past the end of its line or of the text is moved back to the end."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        text = self.lines[index]
        return index, units(text[:max(column, 0)], self.encoding)

    def from_client(self, line: int, character: int) -> Tuple[int, int]:
        """LSP's (0-based line, column in code units) as ours (1-based line, column in code points)."""
        index = min(max(line, 0), len(self.lines) - 1)
        text = self.lines[index]
        if self.encoding == UTF32 or text.isascii():
            return index + 1, min(character, len(text))
        counted = 0
        for position, char in enumerate(text):
            if counted >= character:
                return index + 1, position
            counted += units(char, self.encoding)
        return index + 1, len(text)

    def line_end(self, line: int) -> int:
        """The column, in code points, just past the last character of the 1-based ``line``."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        return len(self.lines[index])
