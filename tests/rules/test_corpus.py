"""The planted-fault corpus (corpus.py): lstm-lint fires exactly at the marked lines, and real Keras
agrees that LL1xx programs fail while every other program builds (and runs where asked)."""
from __future__ import annotations

import re
import warnings
from typing import Any, Dict, List, Set, Tuple

import numpy as np
import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
from tests.keras_env import keras
from tests.rules.corpus import CASES, Case
from tests.tensorflow_standin import tensorflow_importable

EVERY_CODE = [rule.code for rule in ALL_RULES] + [INTERNAL_ERROR]


def marked(case: Case) -> Set[Tuple[int, str]]:
    marks = set()
    for number, line in enumerate(case.source.splitlines(), 1):
        if "#" in line:
            marks |= {(number, code) for code in re.findall(r"\bLL\d{3}\b", line.split("#", 1)[1])}
    return marks


def settings(case: Case) -> Settings:
    return Settings().merged(dict(case.settings), "the corpus")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_fires_exactly_at_the_marks(case: Case) -> None:
    found = lint_source(case.source, "case.py", settings(case), EVERY_CODE)
    assert {(d.line, d.code) for d in found} == marked(case), "\n".join(
        f"{d.line}: {d.code} {d.message}" for d in found)


def fit_by_predicting(model: Any, x: Any, y: Any = None, **kwargs: Any) -> None:
    """The numpy backend cannot train: a corpus ``fit()`` runs the model forward instead."""
    model.predict(x, verbose=0)


def run_in_keras(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    keras.backend.clear_session()
    monkeypatch.setattr(keras.Model, "fit", fit_by_predicting)
    namespace: Dict[str, object] = {"__name__": "__main__"}
    with warnings.catch_warnings(), tensorflow_importable(when="import tensorflow as tf" in case.source):
        warnings.simplefilter("ignore")
        exec(compile(case.source, case.id, "exec"), namespace)
        if case.run is not None:
            model = namespace["m"]
            assert isinstance(model, keras.Model)
            model.predict(np.zeros(case.run), verbose=0)


KERAS_CASES: List[Case] = [case for case in CASES if ("target-keras", "2") not in case.settings]


@pytest.mark.parametrize("case", KERAS_CASES, ids=lambda case: case.id)
def test_keras_agrees(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    if any(code.startswith("LL1") for _, code in marked(case)):
        # What Keras raises for these (AttributeError: LL108); a NameError or the like would be a
        # broken case.
        with pytest.raises((ValueError, TypeError, AttributeError)):
            run_in_keras(case, monkeypatch)
    else:
        run_in_keras(case, monkeypatch)


def test_every_rule_has_a_planted_fault() -> None:
    planted = {code for case in CASES for _, code in marked(case)}
    assert planted >= {rule.code for rule in ALL_RULES}
