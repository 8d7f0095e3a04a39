"""A subclassed model the program only uses on the way to another model (``Net().graph(shape)``,
a method that builds a functional model from ``self.call``) is no model of the program: bound to
no name, held by nothing and never summarised, it is not reported; the model the program binds is,
with Keras's numbers. Bound, kept in a list or summarised, a subclassed model is reported."""
from __future__ import annotations

from lstm_lint import analyse_source
from tests.keras_diff import reference

NET = """
import numpy as np
import keras


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(4)

    def call(self, x):
        return self.dense(x)

    def graph(self, shape):
        x = keras.Input(shape=shape)
        return keras.Model(x, self.call(x))

"""


def rows(model: dict) -> list:
    return [(row["name"], row["type"], row["output_shape"], row["params"]) for row in model["layers"]]


def test_only_the_bound_model_is_reported() -> None:
    source = NET + "model = Net().graph((8,))\n"
    [expected] = reference.module_models(source)
    [got] = analyse_source(source, "net.py").to_json()["models"]
    assert rows(got) == rows(expected)
    assert got["total_params"] == expected["total_params"] == 36


def test_a_subclassed_model_the_program_keeps_is_reported() -> None:
    source = NET + ("net = Net()\nnet(np.zeros((2, 8)))\n"
                    "Net().summary()\n"
                    "nets = [Net()]\n")
    got = analyse_source(source, "net.py").to_json()["models"]
    assert len(got) == 3
