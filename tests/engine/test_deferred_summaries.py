"""Linting makes a model's summary only when a rule reads it (the budgets): the summaries made
late are the ones made at once, and so are the diagnostics."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint import engine
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_file, lint_program

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures").rglob("*.py"))
# An unknown size, a model never built, and one over its inline budget.
EDGES = '''import os
import keras
from keras import layers
sized = keras.Sequential([keras.Input((64,)), layers.Dense(len(os.listdir("data")))])
unbuilt = keras.Sequential([layers.Dense(4)])
# lstm-lint: max-params=10
small = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
'''


def _texts() -> List[str]:
    return [path.read_text() for path in FIXTURES] + [EDGES]


@pytest.mark.parametrize("text", _texts())
def test_late_summaries_are_the_summaries(text: str) -> None:
    eager = analyse_program(text, "model.py").analysis
    late = analyse_program(text, "model.py", deferred_summaries=True)
    assert late.analysis.models == []
    assert [model.to_json() for model in late.summaries()] == [model.to_json() for model in eager.summaries()]
    assert late.summaries() is late.analysis.models  # made once


@pytest.mark.parametrize("text", _texts())
def test_budgets_read_the_summaries_they_need(text: str) -> None:
    settings = dataclasses.replace(Settings(), max_model_params=1_000, max_layer_params=500)
    eager = lint_program(analyse_program(text, "model.py"), settings).diagnostics
    late = lint_file(text, "model.py", settings).diagnostics
    assert late == eager
    assert {diagnostic.code for diagnostic in late} & {"LL201", "LL202", "LL203", "LL204"}


def test_default_settings_make_no_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a budget (the fixtures have no inline one) no rule reads a summary: a flake8 run
    makes none."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a summary was made")

    monkeypatch.setattr(engine, "summarise", refuse)
    for path in FIXTURES:
        result = lint_file(path.read_text(), "model.py", Settings())
        assert all(diagnostic.code != "LL900" for diagnostic in result.diagnostics), result.diagnostics
    result = lint_file(EDGES, "model.py", Settings())  # the inline budget reads its model's summary
    assert [diagnostic.code for diagnostic in result.diagnostics] == ["LL900"]
