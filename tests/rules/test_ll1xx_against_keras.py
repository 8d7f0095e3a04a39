"""No false alarms, checked against the ground truth: every INVALID example of an LL1xx rule
really fails in Keras 3, and every VALID example really builds."""
from __future__ import annotations

from typing import Type

import pytest

from lstm_lint.rules import ALL_RULES, Rule
from tests.keras_env import keras
from tests.tensorflow_standin import tensorflow_importable

BUILD_RULES = [rule for rule in ALL_RULES if rule.code.startswith("LL1")]


def run_in_keras(source: str) -> None:
    keras.backend.clear_session()
    with tensorflow_importable(when="import tensorflow as tf" in source):
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

    from lstm_lint.layers.checks import KERAS_ACTIVATIONS

    assert KERAS_ACTIVATIONS == set(activations.ALL_OBJECTS_DICT)


def test_only_tanh_and_sigmoid_by_name_are_the_functions_cudnn_accepts() -> None:
    """LL301 calls a Keras activation function passed by reference other than tanh (sigmoid)
    unusable for cuDNN: Keras compares by identity with activations.tanh and ops.tanh
    (backend/tensorflow/rnn.py), and no other name in those modules is the same object."""
    import keras
    from keras.src import activations, ops

    from lstm_lint.layers.checks import KERAS_ACTIVATIONS
    from lstm_lint.rules.facts import activation_function

    for needed in ("tanh", "sigmoid"):
        accepted = (getattr(activations, needed), getattr(ops, needed))
        for module, path in ((keras.activations, "keras.activations"), (keras.ops, "keras.ops"),
                             (keras.ops.nn, "keras.ops.nn")):
            for name in KERAS_ACTIVATIONS:
                if hasattr(module, name):
                    assert activation_function(f"{path}.{name}") == name
                    assert (getattr(module, name) in accepted) == (name == needed), (path, name)
    assert activation_function("tensorflow.nn.relu") == "relu"
    assert activation_function("mine.relu") is None and activation_function("keras.layers.relu") is None


def test_initializer_names_are_keras_own() -> None:
    from keras.src import initializers

    from lstm_lint.layers.checks import KERAS_INITIALIZERS

    assert KERAS_INITIALIZERS == set(initializers.ALL_OBJECTS_DICT)
