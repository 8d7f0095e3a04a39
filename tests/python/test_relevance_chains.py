"""Needed names reach back along chains of any length, in either order of the statements.

A statement is needed when it writes a name a needed statement reads; the analysis follows such
chains one name at a time (a worklist), so a chain written bottom-up in the file is found whole as
a chain written top-down is, and in time that grows with the chain, not with its square.
"""
from __future__ import annotations

import ast

import pytest

from lstm_lint.python.relevance import analyse

LENGTH = 400


def _keras_imported(module: str, name: object) -> bool:
    return module.split(".")[0] in ("keras", "tensorflow")


def _chain(top_down: bool) -> str:
    steps = [f"x{i} = x{i - 1} + 1\n" for i in range(1, LENGTH)]
    functions = [f"def f{i}():\n    global x{i}\n    x{i} = x{i - 1} * 2\n" for i in range(1, LENGTH)]
    calls = [f"f{i}()\n" for i in range(1, LENGTH)]
    body = "".join(steps if top_down else reversed(steps))
    return ("import keras\nx0 = 1\n" + body + "".join(functions) + "".join(calls if top_down else reversed(calls))
            + f"layer = keras.layers.Dense(x{LENGTH - 1})\n")


@pytest.mark.parametrize("top_down", [True, False])
def test_every_link_of_a_chain_is_needed(top_down: bool) -> None:
    tree = ast.parse(_chain(top_down))
    relevance = analyse(tree, _keras_imported)
    assert relevance is not None
    assert {f"x{i}" for i in range(LENGTH)} <= relevance.needed
    # Each f{i} writes a needed global: every call of one is needed, none may be skipped.
    calls = [statement for statement in tree.body
             if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)]
    assert len(calls) == LENGTH - 1
    assert not any(id(call) in relevance.candidates for call in calls)
