"""Edits of one call's arguments (fixes/source.py): exact, and every comment outside the argument kept."""
from __future__ import annotations

import ast
from typing import Callable, Optional

import pytest

from lstm_lint.fixes import Edit, apply_edits
from lstm_lint.fixes.source import CallSite, SourceIndex, keras_input_spelling


def edited(text: str, line: int, column: int, make: Callable[[CallSite], Optional[Edit]]) -> str:
    site = SourceIndex(text, ast.parse(text)).call_at(line, column)
    assert site is not None
    edit = make(site)
    assert edit is not None
    result = apply_edits(text, [edit])
    ast.parse(result)
    return result


def remove(name: str) -> Callable[[CallSite], Optional[Edit]]:
    def make(site: CallSite) -> Optional[Edit]:
        arg = site.keyword(name)
        return site.remove_argument(arg) if arg is not None else None
    return make


@pytest.mark.parametrize("before, after", [
    ("f(1, x=2, y=3)\n", "f(1, y=3)\n"),
    ("f(1, x=2)\n", "f(1)\n"),
    ("f(x=2)\n", "f()\n"),
    ("f(x=(2, 3),)\n", "f()\n"),
    ("f(\n    1,\n    x=2,\n    y=3,\n)\n", "f(\n    1,\n    y=3,\n)\n"),
    ("f(\n    1,\n    x=2,\n)\n", "f(\n    1,\n)\n"),
    # A comment after the removed argument's comma is kept, in the argument's place.
    ("f(\n    1,\n    x=2,  # why\n    y=3,\n)\n", "f(\n    1,\n    # why\n    y=3,\n)\n"),
    ("f(1, x=2,  # why\n  y=3)\n", "f(1, # why\n  y=3)\n"),
    # A comment before the removed last argument: kept, with the comma it follows.
    ("f(1,  # units\n  x=2)\n", "f(1,  # units\n  )\n"),
    ("é = f('é', x=2)\n", "é = f('é')\n"),
], ids=["middle", "last", "only", "only-trailing-comma", "lines", "last-of-lines", "comment-after",
        "comment-after-inline", "comment-before-last", "non-ascii"])
def test_removing_an_argument(before: str, after: str) -> None:
    line, column = (1, 4) if before.startswith("é") else (1, 0)
    assert edited(before, line, column, remove("x")) == after


def test_a_value_keeps_its_brackets_and_a_keyword_its_value() -> None:
    text = "f(a, shape=(8, 10, 3))\n"
    site = SourceIndex(text, ast.parse(text)).call_at(1, 0)
    assert site is not None
    arg = site.keyword("shape")
    assert arg is not None and site.value_text(arg) == "(8, 10, 3)"
    assert apply_edits(text, [site.rename_keyword(arg, "batch_shape")]) == "f(a, batch_shape=(8, 10, 3))\n"


@pytest.mark.parametrize("before, after", [
    ("f(8)\n", "f(8, use_bias=False)\n"),
    ("f(\n    8,\n)\n", "f(\n    8, use_bias=False,\n)\n"),
    ("f()\n", "f(use_bias=False)\n"),
])
def test_adding_an_argument(before: str, after: str) -> None:
    assert edited(before, 1, 0, lambda site: site.add_argument("use_bias=False")) == after


def test_no_argument_is_added_after_a_mapping_that_may_hold_it() -> None:
    text = "f(8, **options)\n"
    site = SourceIndex(text, ast.parse(text)).call_at(1, 0)
    assert site is not None and site.add_argument("use_bias=False") is None


def test_the_constructor_is_found_where_it_is_called_at_once() -> None:
    text = "y = Dense(2, x=1)(inputs)\n"
    assert edited(text, 1, 4, remove("x")) == "y = Dense(2)(inputs)\n"


@pytest.mark.parametrize("imports, spelling", [
    ("import keras\n", "keras.Input"),
    ("import keras as K\n", "K.Input"),
    ("from tensorflow import keras\n", "keras.Input"),
    ("import tensorflow as tf\n", "tf.keras.Input"),
    ("from keras import Input\n", "Input"),
    ("from tensorflow.keras.layers import LSTM\n", None),
    # Bound twice: which one holds at the call is not visible.
    ("import keras\nkeras = None\n", None),
])
def test_how_a_file_spells_keras_input(imports: str, spelling: Optional[str]) -> None:
    assert keras_input_spelling(ast.parse(imports)) == spelling
