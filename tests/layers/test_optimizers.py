"""The optimizers LL103 reports ``lr=`` on, against the installed Keras."""
from __future__ import annotations

import inspect

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
