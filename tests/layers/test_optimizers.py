"""The optimizers LL103 reports ``lr=`` on, against the installed Keras."""
from __future__ import annotations

import inspect

import numpy as np

import pytest

from lstm_lint.layers.optimizers import LEARNING_RATE_OPTIMIZERS
from tests.keras_env import keras


@pytest.mark.parametrize("name", LEARNING_RATE_OPTIMIZERS)
def test_the_optimizer_takes_learning_rate_and_rejects_lr(name: str) -> None:
    optimizer_class = getattr(keras.optimizers, name)
    assert "learning_rate" in inspect.signature(optimizer_class).parameters
    assert float(optimizer_class(learning_rate=0.5).learning_rate) == 0.5
    with pytest.raises(ValueError, match="lr"):
        optimizer_class(lr=0.5)


# ---- the variables build() makes ---------------------------------------------------------------

from typing import Any, Dict  # noqa: E402

from lstm_lint.layers.optimizers import OPTIMIZER_NAMES, OPTIMIZER_SLOTS, optimizer_config, optimizer_params  # noqa: E402,E501
from lstm_lint.values import Unknown  # noqa: E402

VARIABLE_CASES = [
    ("Adam", {}), ("Adam", {"amsgrad": True}), ("AdamW", {"weight_decay": 0.01}), ("AdamW", {"amsgrad": True}),
    ("SGD", {}), ("SGD", {"momentum": 0.9}), ("SGD", {"momentum": 0.9, "nesterov": True}), ("SGD", {"momentum": 0.0}),
    ("RMSprop", {}), ("RMSprop", {"momentum": 0.5}), ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.5, "centered": True}), ("Adagrad", {}), ("Adamax", {}), ("Adadelta", {}),
    ("Nadam", {}), ("Lion", {}), ("Adam", {"learning_rate": 0.01, "clipnorm": 1.0}),
]


def _trainable_model() -> Any:
    keras.backend.clear_session()
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.BatchNormalization(),
                             keras.layers.Dense(2, use_bias=False)])


@pytest.mark.parametrize("name,config", VARIABLE_CASES, ids=[f"{n}-{c}" for n, c in VARIABLE_CASES])
def test_optimizer_variables_are_keras_own(name: str, config: Dict[str, Any]) -> None:
    model = _trainable_model()
    optimizer = getattr(keras.optimizers, name)(**config)
    optimizer.build(model.trainable_variables)
    trainable = sum(int(np.prod(variable.shape)) for variable in model.trainable_variables)
    expected = sum(int(np.prod(variable.shape)) for variable in optimizer.variables)
    bound = optimizer_config(name, [], config)
    assert bound is not None
    assert optimizer_params(name, bound, trainable) == expected


def test_a_learning_rate_schedule_is_not_counted() -> None:
    """A schedule makes no learning_rate variable (one fewer than a float): lstm-lint, which does not
    follow schedule objects, says it does not know."""
    model = _trainable_model()
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
    optimizer = keras.optimizers.Adam(schedule)
    optimizer.build(model.trainable_variables)
    assert sum(int(np.prod(v.shape)) for v in optimizer.variables) == 1 + 2 * 32
    assert isinstance(optimizer_params("Adam", {"learning_rate": object()}, 32), Unknown)


@pytest.mark.parametrize("name", sorted(OPTIMIZER_SLOTS))
def test_positional_arguments_in_keras_order(name: str) -> None:
    parameters = list(inspect.signature(getattr(keras.optimizers, name)).parameters)
    names, _ = OPTIMIZER_SLOTS[name]
    assert parameters[:len(names) + 1] == ["learning_rate", *names]


@pytest.mark.parametrize("identifier", sorted(OPTIMIZER_NAMES))
def test_compile_names_make_these_classes(identifier: str) -> None:
    assert type(keras.optimizers.get(identifier)).__name__ == OPTIMIZER_NAMES[identifier]
    assert type(keras.optimizers.get(identifier.upper())).__name__ == OPTIMIZER_NAMES[identifier]
