"""physical_lines against an independent oracle: ``io.StringIO(text, newline="")``, which ends
lines exactly where Python's tokenizer does (``\\r\\n``, ``\\r``, ``\\n``) and nowhere else."""
from __future__ import annotations

import io
import itertools
from typing import List

import pytest

from lstm_lint.source.lines import physical_lines

PIECES = ["a", "x = 1", "", "\n", "\r\n", "\r", "\f", "\x85", "\u2028", "\x1c", "é"]
TEXTS = sorted({"".join(combination) for size in range(4) for combination in itertools.product(PIECES, repeat=size)})


def _without_end(line: str) -> str:
    for end in ("\r\n", "\r", "\n"):  # a line read holds one line end, at its end
        if line.endswith(end):
            return line[:-len(end)]
    return line


def _oracle(text: str, keepends: bool) -> List[str]:
    lines = io.StringIO(text, newline="").readlines()
    return lines if keepends else [_without_end(line) for line in lines]


@pytest.mark.parametrize("keepends", [False, True])
def test_lines_end_where_python_ends_them(keepends: bool) -> None:
    assert len(TEXTS) > 1000
    wrong = [text for text in TEXTS if physical_lines(text, keepends) != _oracle(text, keepends)]
    assert not wrong, wrong[:5]
