"""A long file parsed by libcst in parts reads as the same module as one parse of it."""
from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import List

import libcst as cst
import pytest

from lstm_lint import engine
from lstm_lint.engine import analyse_program
from lstm_lint.source.parts import parse_module_in_parts
from lstm_lint.source.positions import AstIndex

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import models_file, project_file  # noqa: E402

# Cuts made where a part could go wrong: comments and blank lines either side of a cut, a decorated
# definition, statements after a semicolon or a backslash continuation, no trailing newline.
AWKWARD = '''"""Module docstring."""
# a comment before the first import
import keras
from keras import layers; import os


# a comment above a cut
@decorator
# between decorator and def
def build(units=4):
    return keras.Sequential([keras.Input((3, 2)), layers.LSTM(units)])

x = 1; \\
y = 2
model = build()
if x:
    other = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
# a trailing comment

# and another, with no newline at the end'''


# Line ends and separators: str.splitlines would also split at the form feed and the \x1c, which
# Python's parser does not; a file whose first indented block comes after the first cut.
EDGES = [
    "import keras\n    # indented comment\nx = 1\n\n  # another\n\ny = 2\n",
    "import keras\r\nx = 1\r\n\r\n# c\r\ny = 2\r\nz = 3\r\n",
    "import keras\n\x0c\nx = 1\nif x:\n\ty = 2\nz = 3\n",
    "import keras\nx = 'a\x0cb'\nif x:\n\ty = 2\nz = 3\nw = '\x1c'\nv = 5\n",
    "import keras\nx = (1,\n2)\ny = \'\'\'a\nb\'\'\'\nz = 3",
    "import keras\nclass A:\n    pass\n    # indented, after the block\nB = 1\n",
]


def sources() -> List[str]:
    files = sorted((REPO / "fixtures").glob("**/*.py")) + [REPO / "lstm_lint" / "engine.py"]
    return [AWKWARD, *EDGES, models_file(12), project_file(3), project_file(7)] + [
        path.read_text(encoding="utf-8") for path in files]


@pytest.mark.parametrize("text", sources(), ids=lambda text: repr(text[:40]))
def test_parts_give_back_the_text_and_the_same_statements(text: str) -> None:
    tree = ast.parse(text)
    whole = cst.parse_module(text)
    in_parts = parse_module_in_parts(text, tree, part_chars=1)  # as many parts as can be cut
    assert in_parts.code == text
    assert len(in_parts.body) == len(whole.body)
    assert in_parts.deep_equals(whole)
    assert in_parts.default_indent == whole.default_indent


def test_a_short_text_is_parsed_at_once() -> None:
    text = models_file(2)
    assert parse_module_in_parts(text, ast.parse(text)).deep_equals(cst.parse_module(text))


def test_analysis_in_parts_is_the_analysis_of_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = AWKWARD.replace("@decorator\n", "") + "\n" + models_file(6)
    whole = analyse_program(text).analysis
    monkeypatch.setattr(engine, "parse_module_in_parts",
                        lambda text, tree: parse_module_in_parts(text, tree, part_chars=50))
    in_parts = analyse_program(text).analysis
    assert len(whole.models) == 8
    assert in_parts == whole


def test_one_walk_gives_the_nesting_depth_and_stops_past_the_limit() -> None:
    chain = "x = " + " and ".join(["a"] * 50) + "\n"
    # Module, Assign, the chain, 49 levels down to its Names, their Load
    assert AstIndex(ast.parse(chain), 10_000).depth == 3 + 49 + 1
    deep = "x = " + "f(" * 40 + "a" + ")" * 40 + "\n"
    stopped = AstIndex(ast.parse(deep), 10)
    assert 10 < stopped.depth <= 12 and len(stopped.calls) < 40  # the walk stopped once past the limit
