"""``x[..., 1:3]`` on a symbolic tensor: Keras 3's GetItem puts full slices where the ``...`` is, one
per axis not indexed. Compared with Keras (numpy backend), in a functional model and inside a
subclassed model's traced call."""
from __future__ import annotations

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

PROGRAM = """import numpy as np
import keras
from keras import layers

inputs = keras.Input((10, 4, 5))
last = keras.Model(inputs, layers.Flatten()(inputs[..., 1:3]))
middle = keras.Model(inputs, layers.Flatten()(inputs[:, ..., 0]))
first = keras.Model(inputs, layers.Dense(2)(inputs[0, ...]))


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x[..., :2])


net = Net()
net(np.zeros((2, 6, 4)))
"""


def test_an_ellipsis_in_a_subscript_takes_the_axes_not_indexed() -> None:
    expected = reference.module_models(PROGRAM)
    actual = analyse_source(PROGRAM, "model.py").to_json()["models"]
    assert differences(expected, actual, lines=False) == []
    by_name = {model["name"]: model for model in actual}
    assert by_name["net"]["layers"][0]["output_shape"] == [2, 6, 3]
    assert by_name["last"]["layers"][1]["output_shape"] == [None, 10, 4, 2]


def test_an_ellipsis_alone_is_not_a_key_keras_takes() -> None:
    # Keras raises "Unsupported key type for array slice" on ``x[...]``, not on ``x[..., ]``.
    source = "import keras\ninputs = keras.Input((3,))\nmodel = keras.Model(inputs, inputs[...] * 2)\n"
    [model] = analyse_source(source, "model.py").to_json()["models"]
    assert model["layers"][1]["output_shape"] is None
