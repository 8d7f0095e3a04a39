"""The values of literal tokens (``source/values.literal``), as Python's own parser reads them.

The common literals (decimal integers, plain one-line strings) are read without a compile(); every
spelling must still give exactly what ``ast.literal_eval`` gives, or UNKNOWN where that is not a
plain constant of the program (bytes, imaginary numbers)."""
from __future__ import annotations

import ast

import libcst as cst
import pytest

from lstm_lint.source.values import literal
from lstm_lint.values import UNKNOWN

SPELLINGS = [
    "0", "00", "0_0", "7", "0o7", "0O17", "1_000", "0x1F", "0XfF", "0b101", "0B1_1", "12345678901234567890",
    "1.5", "1e3", "1E-3", "1_0.5", ".5", "5.", "1_0e1_0", "0.1", "1e400", "0e0", "00.5",
    "'relu'", '"relu"', "''", '""', "'it s'", '"say \'hi\'"', "'say \"hi\"'",
    "'tab\\there'", "'\\n'", "'\\\\'", "r'\\d+'", "R'raw'", "u'unicode'", "U'x'",
    "'''triple'''", '"""triple"""', "'''a\nb'''", "'''it's'''", '"""say "hi" """',
    "'é'", "'\\u00e9'", "'\\N{BULLET}'", "'#not a comment'", "' spaced '",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_literal_is_what_python_reads(spelling: str) -> None:
    node = cst.parse_expression(spelling)
    assert literal(node) == ast.literal_eval(spelling)
    assert type(literal(node)) is type(ast.literal_eval(spelling))


@pytest.mark.parametrize("spelling", ["b'bytes'", "B'x'", "br'x'", "1j", "2.5J"])
def test_literals_the_program_does_not_use_as_constants_are_unknown(spelling: str) -> None:
    assert literal(cst.parse_expression(spelling)) is UNKNOWN


def test_concatenated_strings_join() -> None:
    assert literal(cst.parse_expression("'con' \"cat\" '''ena''' 'ted'")) == "concatenated"
