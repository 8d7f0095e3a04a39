"""Fixes: what a rule offers to change in the source to silence its diagnostic.

A fix is plain data (text edits), so the language server can offer it as a code action and the
command line can apply it without knowing any rule. Rules compute their edits with libcst
(``fixes/source.py`` reads the call a diagnostic points at, ``fixes/arguments.py`` edits its
arguments); ``fixes/apply.py`` applies them to a file, pass after pass. This module imports no
libcst, so the flake8 plugin, which never applies fixes, does not pay for them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence, Tuple

# The line ends Python's tokenizer knows (and so ast and libcst positions count), not the others
# str.splitlines() also splits on (form feed, U+2028, ...), which would shift every later line.
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    """Replace the source between two positions: lines 1-based, columns 0-based in code points (as Diagnostic)."""
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    message: str  # imperative, shown to users: "Replace `return_sequence` with `return_sequences`"
    safe: bool  # a safe fix changes no model (same shapes and counts); an unsafe one changes behaviour
    edits: Tuple[Edit, ...]


def line_spans(text: str) -> List[Tuple[int, int]]:
    """Where each line's text starts and ends (its line end excluded) in ``text``: index 0 is line
    1. A text ending with a line end has one more, empty, line (where an edit can append)."""
    spans = []
    start = 0
    for match in _LINE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _offset(spans: List[Tuple[int, int]], line: int, column: int) -> int:
    if not 1 <= line <= len(spans):
        raise ValueError(f"line {line} is outside the text")
    start, end = spans[line - 1]
    if not 0 <= column <= end - start:
        raise ValueError(f"column {column} is outside line {line}")
    return start + column


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit made. The edits must not overlap (two insertions at one position
    are made in the order given); raises ValueError if they do or point outside the text."""
    lines = line_spans(text)
    spans = []
    for order, edit in enumerate(edits):
        begin = _offset(lines, edit.line, edit.column)
        end = _offset(lines, edit.end_line, edit.end_column)
        if end < begin:
            raise ValueError(f"edit ends before it starts: {edit}")
        spans.append((begin, end, order, edit.replacement))
    spans.sort()
    for (_, end, _, _), (begin, _, _, _) in zip(spans, spans[1:]):
        if begin < end:
            raise ValueError("edits overlap")
    pieces = []
    position = 0
    for begin, end, _, replacement in spans:
        pieces.append(text[position:begin])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


__all__ = ["Edit", "Fix", "apply_edits", "line_spans"]
