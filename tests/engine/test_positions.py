"""Our ast-based positions agree with libcst's own PositionProvider on real code."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import List

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from tests.keras_env import keras
from lstm_lint.source.positions import positions_from_ast

KERAS_SOURCE = Path(keras.__file__).parent / "src"
REPO = Path(__file__).resolve().parents[2]


def corpus() -> List[Path]:
    files = sorted(KERAS_SOURCE.glob("layers/rnn/*.py")) + sorted(KERAS_SOURCE.glob("models/*.py"))
    return files + sorted((REPO / "fixtures").glob("*.py")) + sorted((REPO / "lstm_lint").glob("**/*.py"))


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_positions_match_libcst(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    module = cst.parse_module(text)
    ours = positions_from_ast(module, ast.parse(text), text.splitlines())
    assert ours is not None, "the trees should pair up on ordinary code"
    ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    checked = 0
    for node, code_range in ranges.items():
        if id(node) in ours:
            where = cst.Module([]).code_for_node(node)[:80]
            assert ours[id(node)] == (code_range.start.line, code_range.start.column), where
            checked += 1
    assert checked == len(ours)


def test_non_ascii_columns_are_characters() -> None:
    text = 'x = "é"; y = f(1)\n'
    module = cst.parse_module(text)
    positions = positions_from_ast(module, ast.parse(text), text.splitlines())
    assert positions is not None
    call = module.body[0].body[1].value  # type: ignore[attr-defined]
    assert positions[id(call)] == (1, 13)


def test_form_feeds_do_not_shift_lines_for_noqa_and_columns() -> None:
    """Python does not end a line at a form feed (``str.splitlines`` does): after one, a noqa
    comment must silence the line flake8 reports, and the other line keeps its own diagnostic."""
    from lstm_lint.config import Settings
    from lstm_lint.lint import lint_file
    from lstm_lint.noqa import NoqaComments

    source = ("import keras\nfrom keras import layers\n\x0c\n"
              "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, activation='relu')])  # noqa: LL301\n"
              "n = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, activation='relu')])\n")
    diagnostics = lint_file(source, "ff.py", Settings(), ["LL301"], ends=True).diagnostics
    assert [(d.line, d.column) for d in diagnostics] == [(4, 44), (5, 44)]  # flake8: 4:45, 5:45
    noqa = NoqaComments(source)
    assert [d.line for d in diagnostics if not noqa.suppresses(d.line, d.code)] == [5]
