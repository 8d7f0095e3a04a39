"""A safe fix changes no model: every safe fix example, before and after, against real Keras 3.

When Keras 3 builds the ``before`` (an ignored argument), its models and the ``after``'s have the
same layers, output shapes and parameter counts. When Keras 3 rejects the ``before`` (a Keras
2-only argument), the model that code means is the one tf.keras 2 built, which lstm-lint reports
(TensorFlow is not a test dependency): Keras 3's build of the ``after`` must equal it. And the
``after`` of every fix, safe or not, is a program Keras 3 runs."""
from __future__ import annotations

from typing import List, Tuple, Type

import pytest

from lstm_lint import analyse_source
from lstm_lint.engine import analyse_program
from lstm_lint.layers.keras2_paths import keras2_only_module
from lstm_lint.rules import ALL_RULES, Rule
from lstm_lint.rules.base import FixExample
from lstm_lint.rules.docs import unmarked
from tests.keras_diff.compare import differences
from tests.keras_diff.reference import module_models


def cases(safe_only: bool) -> List[Tuple[Type[Rule], int, FixExample]]:
    return [(rule, index, example) for rule in ALL_RULES for index, example in enumerate(rule.FIXES)
            if example.safe or not safe_only]


def ids(case: Tuple[Type[Rule], int, FixExample]) -> str:
    return f"{case[0].code}-fix-{case[1]}"


@pytest.mark.parametrize("case", cases(safe_only=True), ids=ids)
def test_a_safe_fix_keeps_every_shape_and_count(case: Tuple[Type[Rule], int, FixExample]) -> None:
    _, _, example = case
    before = unmarked(example.before)
    after = module_models(example.after)
    assert after, "the example builds a model to compare"
    try:
        meant = module_models(before)
    except ValueError as error:  # Keras 3 rejects a Keras 2-only argument: the model meant is tf.keras 2's
        assert "not recognized" in str(error) or "Unrecognized keyword arguments" in str(error)
        meant = analyse_source(before, "before.py").to_json()["models"]
    except (AttributeError, ModuleNotFoundError) as error:  # a tf.keras 2 module Keras 3 does not have
        if "experimental" in str(error):  # what it names is counted as the Keras 3 class
            meant = analyse_source(before, "before.py").to_json()["models"]
        else:  # a module of the Keras 2 package (keras.layers.core): unknown under Keras 3
            assert keras2_only_module(str(error).split("'")[1]) is not None, error
            meant = analyse_program(before, "before.py", target_keras=2).analysis.to_json()["models"]
    assert differences(meant, after, lines=False) == []


@pytest.mark.parametrize("case", cases(safe_only=False), ids=ids)
def test_every_fixed_example_runs_in_keras(case: Tuple[Type[Rule], int, FixExample]) -> None:
    module_models(case[2].after)
