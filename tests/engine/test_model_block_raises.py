"""A block written as a ``keras.Model`` subclass whose ``call`` Keras raises on (a residual ``+`` of
shapes that do not broadcast), inside another subclassed model built on an array: no run builds
either, so neither has a count. Compared with real Keras."""
from __future__ import annotations

import numpy as np
import pytest

from lstm_lint import analyse_source
from lstm_lint.values import Unknown
from tests.keras_env import keras

_PROGRAM = '''import numpy as np
import keras
from keras import layers


class Block({base}):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(32, 3, strides={strides}, padding="same")

    def call(self, inputs):
        return self.conv(inputs) + inputs


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block()

    def call(self, x):
        return self.block(x)


model = Net()
model(np.zeros((2, 32, 32, {channels}), dtype="float32"))
'''


def _keras_total(source: str) -> object:
    keras.backend.clear_session()
    namespace: dict = {"np": np}
    try:
        exec(compile(source, "<block>", "exec"), namespace)
    except ValueError:
        return None
    return namespace["model"].count_params()


@pytest.mark.parametrize("base", ["keras.Model", "layers.Layer"])
def test_a_block_keras_raises_on_has_no_count(base: str) -> None:
    source = _PROGRAM.format(base=base, strides=2, channels=16)
    assert _keras_total(source) is None
    (model,) = analyse_source(source, "block.py").models
    assert isinstance(model.total_params, Unknown)


@pytest.mark.parametrize("base", ["keras.Model", "layers.Layer"])
def test_the_same_block_that_builds_has_kerass_count(base: str) -> None:
    source = _PROGRAM.format(base=base, strides=1, channels=32)
    (model,) = analyse_source(source, "block.py").models
    assert model.total_params == _keras_total(source)
