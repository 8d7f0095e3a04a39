"""A source text's physical lines, as Python's tokenizer counts them.

``str.splitlines()`` also breaks at form feeds, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029,
which Python (and so ``ast``, libcst and flake8) does not count as line ends: a file with a form
feed between two functions, as many older modules have, would have every later line shifted.
"""
from __future__ import annotations

import re
from typing import List, Sequence

_LINE_END = re.compile(r"(\r\n|\r|\n)")


def physical_lines(text: str, keepends: bool = False) -> List[str]:
    """``text`` split where Python's tokenizer ends lines (``\\r\\n``, ``\\r``, ``\\n``); like
    ``splitlines`` otherwise: no empty last line after a final line end."""
    if "\r" not in text:  # the common case, at a fraction of the regular expression's cost
        lines = text.split("\n")
        last = lines.pop()  # what follows the last line end: nothing when the text ends with one
        if keepends:
            lines = [line + "\n" for line in lines]
        if last:
            lines.append(last)
        return lines
    parts = _LINE_END.split(text)
    lines = [parts[index] + (parts[index + 1] if keepends and index + 1 < len(parts) else "")
             for index in range(0, len(parts), 2)]
    if lines and parts[-1] == "":
        lines.pop()
    return lines


def character_column(lines: Sequence[str], line: int, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; report characters, as libcst and editors do."""
    if 0 < line <= len(lines):
        text = lines[line - 1]
        if not text.isascii():
            return len(text.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))
    return byte_offset
