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
