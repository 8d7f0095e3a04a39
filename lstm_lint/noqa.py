"""``# noqa`` exactly as flake8 reads it, for ``lstm-lint check`` (flake8 applies it itself).

flake8's rules (``flake8/defaults.py``, ``violation.py``, ``processor.py``): ``# noqa`` silences
every code on its line and ``# noqa: LL301,LL3`` the codes starting with those (case-sensitive
codes, case-insensitive ``noqa``); a comment that ends a multi-line string covers every line of
that string; a line that is only ``# flake8: noqa`` skips the whole file.
"""
from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, List, Optional, Pattern

from lstm_lint.source.lines import physical_lines

try:  # flake8 is a dependency; its own patterns make the semantics the same by construction
    from flake8.defaults import NOQA_FILE, NOQA_INLINE_REGEXP  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - a copy of flake8 7's
    NOQA_INLINE_REGEXP = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
    NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.I)

_SEPARATORS: Pattern[str] = re.compile(r"[,\s]")


def file_ignored(lines: List[str]) -> bool:
    """A line that is only ``# flake8: noqa``: flake8 skips the whole file."""
    return any(NOQA_FILE.match(line) for line in lines)


class NoqaComments:
    """The ``noqa`` comments of one source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: List[str] = physical_lines(text, keepends=True)
        self.file_ignored = file_ignored(self.lines)
        # Tokenizing costs about 90 MB and a second per megabyte of source: done only for a file
        # that has a diagnostic to filter and spells "noqa" at all.
        self.mentions_noqa = "noqa" in text.lower()
        self._logical: Optional[Dict[int, str]] = None

    def suppresses(self, line: int, code: str) -> bool:
        """Whether a diagnostic ``code`` reported at ``line`` (1-based) is silenced inline."""
        if not self.mentions_noqa:
            return False
        if self._logical is None:
            self._logical = _line_mapping(self.text, self.lines)
        text = self._logical.get(line)
        if text is None:
            text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        match = NOQA_INLINE_REGEXP.search(text)
        if match is None:
            return False
        codes_text = match.groupdict()["codes"]
        if codes_text is None:
            return True
        codes = {item.strip() for item in _SEPARATORS.split(codes_text) if item.strip()}
        return code in codes or code.startswith(tuple(codes))


def _line_mapping(text: str, lines: List[str]) -> Dict[int, str]:
    """flake8's ``_noqa_line_mapping``: each line maps to the text of all lines its tokens span."""
    mapping: Dict[int, str] = {}
    first, last = len(lines) + 2, -1
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first, last = min(first, token.start[0]), max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                if last > first:  # a logical line over several physical ones
                    joined = "".join(lines[first - 1:last])
                    mapping.update(dict.fromkeys(range(first, last + 1), joined))
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return {}
    return mapping
