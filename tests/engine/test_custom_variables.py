"""Variables a custom layer makes itself, compared with real Keras 3: ``add_weight`` with its
arguments given by position or keyword, ``keras.Variable`` attributes (alone, in lists, appended
later; trainable or not) and ``tf.Variable`` attributes, which Keras 3's tracker does not keep:
they are neither counted nor trained.

TensorFlow is not a test dependency: the ``tf.*`` programs run on the reference's stand-in
``tensorflow`` module, given here a ``Variable`` that is, like TensorFlow's, not a Keras variable,
TensorFlow's initializers as the Keras initializers of the same distribution, and ``tf.matmul`` as
``keras.ops.matmul``.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional
from unittest import mock

import numpy as np

from tests.engine.test_custom_layers import by_name, keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

KERAS_VARIABLES = '''import keras
from keras import layers


class Linear(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.scale = keras.Variable(1.0, trainable=True)
        self.table = [keras.Variable(keras.ops.zeros((3, units)), trainable=False)]

    def build(self, input_shape):
        w_init = keras.initializers.RandomNormal()
        self.w = keras.Variable(initializer=w_init(shape=(input_shape[-1], self.units)), trainable=True)
        self.b = keras.Variable("zeros", shape=(self.units,), trainable=False)
        self.c = self.add_weight((self.units,), "zeros", trainable=False)
        self.d = self.add_weight(shape=(2, self.units), initializer="ones")
        self.e = self.add_weight((self.units, 2), initializer="zeros")
        self.table.append(keras.Variable(w_init, shape=(4,)))
        self.same = self.c  # the same variable again: counted once

    def call(self, x):
        return keras.ops.matmul(x, self.w) + self.b


inputs = keras.Input((5,))
model = keras.Model(inputs, Linear(3)(inputs))
frozen_inputs = keras.Input((4,))
frozen = keras.Model(frozen_inputs, Linear(2, trainable=False)(frozen_inputs))
'''


def test_keras_variables_and_add_weight_are_counted_as_keras_counts_them() -> None:
    expected = keras_models(KERAS_VARIABLES)
    got = lint_models(KERAS_VARIABLES)
    assert expected[0]["non_trainable_params"] > 0
    assert differences(expected[:1], got[:1], lines=True) == []
    # Made with trainable=False, the layer's add_weight variables are frozen and its attribute
    # variables are not (Keras freezes those only when ``trainable = False`` is set later): the
    # total is exact, the split unknown.
    assert expected[1]["trainable_params"] == 13 and expected[1]["non_trainable_params"] > 0
    assert got[1]["total_params"] == expected[1]["total_params"]
    assert got[1]["trainable_params"] is None and got[1]["non_trainable_params"] is None
    got[1].update({key: expected[1][key] for key in ("trainable_params", "non_trainable_params")})
    assert differences(expected[1:], got[1:], lines=True) == []


TENSORFLOW_VARIABLES = '''import tensorflow as tf
from tensorflow import keras


class Linear(keras.layers.Layer):
    def __init__(self, units=32, input_dim=32):
        super().__init__()
        w_init = tf.random_normal_initializer()
        self.w = tf.Variable(initial_value=w_init(shape=(input_dim, units), dtype="float32"), trainable=True)
        b_init = tf.zeros_initializer()
        self.b = tf.Variable(initial_value=b_init(shape=(units,), dtype="float32"), trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b


class Mixed(keras.layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4), initializer="zeros")
        self.counter = tf.Variable(0, trainable=False)

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel)


inputs = keras.Input((6,))
model = keras.Model(inputs, Mixed()(Linear(4, 6)(inputs)))
'''


class _TensorFlowVariable:
    """Like ``tf.Variable``, a variable that is not a Keras variable."""

    def __init__(self, initial_value: Any = None, trainable: Optional[bool] = None, **kwargs: Any) -> None:
        self.value = np.asarray(initial_value)
        self.trainable = trainable

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        return self.value if dtype is None else self.value.astype(dtype)


def _matmul(first: Any, second: Any) -> Any:
    return keras.ops.matmul(*(np.asarray(value) if isinstance(value, _TensorFlowVariable) else value
                              for value in (first, second)))


@contextlib.contextmanager
def _tensorflow_variables() -> Iterator[None]:
    functions = {"Variable": _TensorFlowVariable, "matmul": _matmul,
                 "random_normal_initializer": keras.initializers.RandomNormal,
                 "zeros_initializer": keras.initializers.Zeros}
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_tensorflow_variables_are_not_counted_by_keras_3() -> None:
    with _tensorflow_variables():
        expected = keras_models(TENSORFLOW_VARIABLES)
    assert [layer["params"] for layer in expected[0]["layers"]] == [0, 0, 16]
    assert differences(expected, lint_models(TENSORFLOW_VARIABLES), lines=True) == []


def test_variables_keras_may_not_count_as_we_would_are_unknown() -> None:
    source = '''import sys
import keras
from keras import layers

shared = keras.Variable("zeros", shape=(3,))


class Maybe(layers.Layer):
    def build(self, input_shape):
        if len(sys.argv) > 1:
            self.extra = keras.Variable("zeros", shape=(4,))
        self.w = self.add_weight(shape=(input_shape[-1], 2))

    def call(self, x):
        return keras.ops.matmul(x, self.w)


class Holder(layers.Layer):
    def __init__(self):
        super().__init__()
        self.v = shared

    def call(self, x):
        return x + self.v


class Legacy(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight("kernel", shape=(input_shape[-1], 2))  # raises in Keras 3

    def call(self, x):
        return keras.ops.matmul(x, self.w)


class Deleted(layers.Layer):
    def build(self, input_shape):
        self.w = keras.Variable("zeros", shape=(2,))
        del self.w

    def call(self, x):
        return x


inputs = keras.Input((3,))
model = keras.Model(inputs, [Maybe()(inputs), Holder()(inputs), Holder()(inputs), Legacy()(inputs),
                             Deleted()(inputs)])
'''
    rows = by_name(source)["model"]["layers"]
    assert [row["type"] for row in rows] == ["InputLayer", "Maybe", "Holder", "Holder", "Legacy", "Deleted"]
    assert [row["params"] for row in rows] == [0, None, None, None, None, None]
