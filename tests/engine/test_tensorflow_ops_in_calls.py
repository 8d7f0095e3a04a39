"""TensorFlow ops in a followed ``call`` (a custom layer's, a subclassed model's), where they run on
the backend's tensors and TensorFlow computes their shapes.

TensorFlow is no test dependency: each program is written twice, with ``tf.*`` ops and with the
``keras.ops`` functions of the same shape semantics, and what lstm-lint gives for the first is
compared with what Keras (numpy backend) gives for the second.
"""
from __future__ import annotations

from typing import Dict, Tuple

import pytest

from lstm_lint.layers.op_shapes import _TENSORFLOW_FUNCTIONS
from lstm_lint.layers.tensorflow_ops import rejects_keras_tensors
from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

# (the TensorFlow expression, the keras.ops expression), by the placeholder the program uses.
PAIRS: Dict[str, Tuple[str, str]] = {
    "expand": ("tf.expand_dims(hidden, 1)", "ops.expand_dims(hidden, 1)"),
    "tanh": ("tf.nn.tanh(summed)", "ops.tanh(summed)"),
    "softmax": ("tf.nn.softmax(score, axis=1)", "ops.softmax(score, axis=1)"),
    "reduce_sum": ("tf.reduce_sum(weighted, axis=1)", "ops.sum(weighted, axis=1)"),
    "concat": ("tf.concat([tf.expand_dims(context, 1), x], axis=-1)",
               "ops.concatenate([ops.expand_dims(context, 1), x], axis=-1)"),
    "reshape": ("tf.reshape(output, (-1, output.shape[2]))", "ops.reshape(output, (-1, output.shape[2]))"),
    "matmul": ("tf.matmul(q, k, transpose_b=True)", "ops.matmul(q, ops.transpose(k, (0, 2, 1)))"),
    "transpose": ("tf.transpose(scores, perm=[0, 2, 1])", "ops.transpose(scores, (0, 2, 1))"),
    "squeeze": ("tf.squeeze(gate, axis=-1)", "ops.squeeze(gate, axis=-1)"),
    "stack": ("tf.stack([pooled, peak], axis=1)", "ops.stack([pooled, peak], axis=1)"),
    "mean": ("tf.reduce_mean(x, axis=1)", "ops.mean(x, axis=1)"),
    "max": ("tf.math.reduce_max(x, 1)", "ops.max(x, 1)"),
    "tanh2": ("tf.math.tanh(tf.tanh(x))", "ops.tanh(ops.tanh(x))"),
}

PROGRAM = '''import numpy as np
import keras
import tensorflow as tf
from keras import layers, ops


class AdditiveAttention(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.w1 = layers.Dense(units)
        self.w2 = layers.Dense(units)
        self.v = layers.Dense(1)

    def call(self, hidden, values):
        query = {expand}
        summed = self.w1(query) + self.w2(values)
        score = self.v({tanh})
        weights = {softmax}
        weighted = weights * values
        return {reduce_sum}, weights


class Decoder(keras.Model):
    def __init__(self, vocab, dim, units):
        super().__init__()
        self.embedding = layers.Embedding(vocab, dim)
        self.gru = layers.GRU(units, return_sequences=True, return_state=True)
        self.fc = layers.Dense(vocab)
        self.attention = AdditiveAttention(units)

    def call(self, x, hidden, encoded):
        context, weights = self.attention(hidden, encoded)
        x = self.embedding(x)
        x = {concat}
        output, state = self.gru(x)
        output = {reshape}
        return self.fc(output), state, weights


class SelfScores(layers.Layer):
    def __init__(self):
        super().__init__()
        self.query = layers.Dense(8)
        self.key = layers.Dense(8)
        self.gate = layers.Dense(1)

    def call(self, x):
        q, k = self.query(x), self.key(x)
        scores = {matmul}
        scores = {transpose}
        gate = self.gate(scores)
        return {squeeze}


class Pools(layers.Layer):
    def call(self, x):
        pooled = {mean}
        peak = {max}
        x = {tanh2}
        return {stack}


decoder = Decoder(120, 16, 32)
decoder(np.zeros((8, 1)), np.zeros((8, 32)), np.zeros((8, 15, 32)))

inputs = keras.Input((10, 6))
gated = SelfScores()(inputs)
functional = keras.Model(inputs, layers.Dense(3)(gated))
pooled = Pools()(inputs)
pools = keras.Model(inputs, layers.Flatten()(pooled))
'''


def _program(which: int) -> str:
    return PROGRAM.format(**{name: pair[which] for name, pair in PAIRS.items()})


def test_tensorflow_ops_in_calls_give_the_shapes_of_the_keras_ops_they_match() -> None:
    expected = keras_models(_program(1))
    # The decoder's total is what the published program printed with TensorFlow.
    assert expected[0]["total_params"] == 15897
    assert all(isinstance(model["total_params"], int) for model in expected)
    assert differences(expected, lint_models(_program(0)), lines=True) == []


def test_tf_squeeze_without_an_axis_is_unknown_where_a_size_is_none() -> None:
    # TensorFlow's shape inference gives a shape of unknown rank for it on a graph tensor with a
    # None size (as on its backend's trace); on NumPy's the stand-in size is squeezed or not.
    source = '''import keras
import tensorflow as tf
from keras import layers


class Squeezed(layers.Layer):
    def call(self, x):
        return tf.squeeze(x[:, :1, :])


inputs = keras.Input((10, 6))
model = keras.Model(inputs, layers.Dense(2)(Squeezed()(inputs)))
'''
    (model,) = lint_models(source)
    assert [(row["output_shape"], row["params"]) for row in model["layers"][1:]] == [(None, 0), (None, None)]


@pytest.mark.parametrize("function", sorted(_TENSORFLOW_FUNCTIONS))
def test_every_function_whose_shapes_are_followed_is_one_keras_tensors_refuse(function: str) -> None:
    # Each converts its tensor arguments (tf.convert_to_tensor), which a KerasTensor refuses
    # (tests/rules/test_ll114_tensorflow_ops.py): outside a traced call it is LL114.
    assert rejects_keras_tensors(function)
