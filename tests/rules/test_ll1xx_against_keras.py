"""No false alarms, checked against the ground truth: every INVALID example of an LL1xx rule
really fails in Keras 3, and every VALID example really builds."""
from __future__ import annotations

from typing import Type

import pytest

from lstm_lint.rules import ALL_RULES, Rule
from tests.keras_env import keras

BUILD_RULES = [rule for rule in ALL_RULES if rule.code.startswith("LL1")]


def run_in_keras(source: str) -> None:
    keras.backend.clear_session()
    exec(compile(source, "<example>", "exec"), {"__name__": "__main__"})


@pytest.mark.parametrize("rule", BUILD_RULES, ids=lambda rule: rule.code)
def test_invalid_examples_fail_in_keras(rule: Type[Rule]) -> None:
    for example in rule.INVALID:
        if "tensorflow" in example:
            example = example.replace("from tensorflow.keras", "from keras")
        with pytest.raises(Exception):
            run_in_keras(example)


@pytest.mark.parametrize("rule", BUILD_RULES, ids=lambda rule: rule.code)
def test_valid_examples_build_in_keras(rule: Type[Rule]) -> None:
    for example in rule.VALID:
        run_in_keras(example)


def test_activation_names_are_keras_own() -> None:
    """LL102 calls an activation string unknown exactly when Keras's registry lacks it."""
    from keras.src import activations

    from lstm_lint.rules.build_errors import _KNOWN_ACTIVATIONS

    assert _KNOWN_ACTIVATIONS == set(activations.ALL_OBJECTS_DICT)


def test_initializer_names_are_keras_own() -> None:
    from keras.src import initializers

    from lstm_lint.rules.build_errors import _KNOWN_INITIALIZERS

    assert _KNOWN_INITIALIZERS == set(initializers.ALL_OBJECTS_DICT)
