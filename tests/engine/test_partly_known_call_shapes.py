"""Shapes inside a custom layer's ``call`` that are known in part, compared with real Keras 3.

The multi-head self-attention of the TensorFlow tutorials splits its heads with
``ops.reshape(x, (ops.shape(x)[0], -1, heads, depth))``: the ``-1`` axis is computed on the numpy
and JAX backends and ``None`` on TensorFlow's (a size read from the batch axis is symbolic there),
so lstm-lint leaves it unknown. Everything else is the same on every backend: the transpose, the
scores' matmul against the transposed keys, the softmax, the reshape back to ``(batch, -1,
embed_dim)`` (still that unknown axis), the Dense after it (whose weights see only the last axis),
and a residual ``+`` with the block's input, which gives the input's known size. So the layers'
weights, every later row and the totals are exact; only the axes the backends disagree on are
``?``.

Beside it, in the same code styles: an ``einsum`` given a tensor of another rank than its
subscripts name (LL104, as Keras raises), the cause a custom layer after a rejected constructor
gives, a Keras class subclass holding layers of its own, and a sampler drawing noise of its input's
shape in a model built on an array.
"""
from __future__ import annotations

import contextlib
import types
from typing import Any, Dict, Iterator, List
from unittest import mock

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.engine.test_call_ops import _tensorflow_matmul, _tensorflow_range
from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

SPLIT_HEADS = '''import keras
from keras import layers, ops


class SelfAttention(layers.Layer):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.width = width
        self.depth = width // heads
        self.query = layers.Dense(width)
        self.key = layers.Dense(width)
        self.value = layers.Dense(width)
        self.merge = layers.Dense(width)

    def split(self, x, batch):
        x = ops.reshape(x, (batch, -1, self.heads, self.depth))
        return ops.transpose(x, axes=[0, 2, 1, 3])

    def call(self, x):
        batch = ops.shape(x)[0]
        q = self.split(self.query(x), batch)
        k = self.split(self.key(x), batch)
        v = self.split(self.value(x), batch)
        scores = ops.matmul(q, ops.transpose(k, axes=[0, 1, 3, 2]))
        scores = scores / ops.sqrt(ops.cast(ops.shape(k)[-1], "float32"))
        mixed = ops.matmul(ops.softmax(scores, axis=-1), v)
        mixed = ops.transpose(mixed, axes=[0, 2, 1, 3])
        return self.merge(ops.reshape(mixed, (batch, -1, self.width)))


class Block(layers.Layer):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.attention = SelfAttention(width, heads)
        self.norm = layers.LayerNormalization()
        self.feed = keras.Sequential([layers.Dense(hidden, activation="relu"), layers.Dense(width)])

    def call(self, x):
        mixed = self.attention(self.norm(x)) + x
        return self.feed(mixed) + mixed


tokens = keras.Input(shape=(12, 20))
x = layers.Dense(16)(tokens)
raw = SelfAttention(16, 4)(x)
x = Block(16, 4, 24)(x)
x = Block(16, 2, 8)(x)
outputs = layers.Dense(3)(layers.GlobalAveragePooling1D()(x))
model = keras.Model(tokens, [outputs, raw])
'''


def test_split_heads_attention_has_keras_counts_and_only_the_backend_dependent_axis_unknown() -> None:
    expected = keras_models(SPLIT_HEADS)
    got = lint_models(SPLIT_HEADS)
    raw = [row for row in expected[0]["layers"] if row["name"] == "self_attention"]
    ours = [row for row in got[0]["layers"] if row["name"] == "self_attention"]
    # numpy computes the -1 (12); TensorFlow gives None for it: lstm-lint says neither.
    assert raw[0]["output_shape"] == [None, 12, 16] and ours[0]["output_shape"] == [None, "?", 16]
    assert "depends on the backend" in ours[0]["unknown"][0]["message"]
    ours[0]["output_shape"] = raw[0]["output_shape"]
    assert differences(expected, got, lines=True) == []
    assert expected[0]["total_params"] == 4 * (16 * 16 + 16) * 3 + 20 * 16 + 16 + 2 * 32 + (
        16 * 24 + 24 + 24 * 16 + 16) + (16 * 8 + 8 + 8 * 16 + 16) + 16 * 3 + 3


TENSORFLOW_SPELLING = '''import tensorflow as tf


class SelfAttention(tf.keras.layers.Layer):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.width = width
        self.depth = width // heads
        self.query = tf.keras.layers.Dense(width)
        self.key = tf.keras.layers.Dense(width)
        self.merge = tf.keras.layers.Dense(width)

    def split(self, x, batch):
        return tf.transpose(tf.reshape(x, (batch, -1, self.heads, self.depth)), perm=[0, 2, 1, 3])

    def call(self, x):
        batch = tf.shape(x)[0]
        q = self.split(self.query(x), batch)
        k = self.split(self.key(x), batch)
        scores = tf.matmul(q, k, transpose_b=True) / tf.math.sqrt(tf.cast(tf.shape(k)[-1], tf.float32))
        mixed = tf.transpose(tf.matmul(tf.nn.softmax(scores, axis=-1), k), perm=[0, 2, 1, 3])
        return self.merge(tf.reshape(mixed, (batch, -1, self.width)))


inputs = tf.keras.Input(shape=(10, 8))
x = SelfAttention(8, 2)(inputs)
outputs = tf.keras.layers.Dense(2)(tf.keras.layers.GlobalAveragePooling1D()(x))
model = tf.keras.Model(inputs, outputs)
'''


@contextlib.contextmanager
def _tensorflow_functions() -> Iterator[None]:
    """The TensorFlow functions the program calls, computed by Keras ops on the traced values."""
    functions: Dict[str, Any] = {
        "shape": keras.ops.shape, "range": _tensorflow_range, "matmul": _tensorflow_matmul,
        "transpose": lambda a, perm=None: keras.ops.transpose(a, perm),
        "reshape": lambda tensor, shape: keras.ops.reshape(tensor, shape),
        "cast": lambda x, dtype: keras.ops.cast(x, dtype), "float32": "float32",
        "math": types.SimpleNamespace(sqrt=keras.ops.sqrt),
        "nn": types.SimpleNamespace(softmax=lambda logits, axis=-1: keras.ops.softmax(logits, axis=axis)),
    }
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_split_heads_in_tensorflow_functions_has_keras_counts() -> None:
    with _tensorflow_functions():
        expected = keras_models(TENSORFLOW_SPELLING)
    got = lint_models(TENSORFLOW_SPELLING)
    assert expected[0]["layers"][1]["output_shape"] == [None, 10, 8]
    assert got[0]["layers"][1]["output_shape"] == [None, "?", 8]
    got[0]["layers"][1]["output_shape"] = [None, 10, 8]
    assert differences(expected, got, lines=True) == []
    assert [diagnostic.code for diagnostic in lint_source(TENSORFLOW_SPELLING, "attention.py", Settings())] == []


BILINEAR = '''import keras
from keras import layers, ops


class Bilinear(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], input_shape[-1]), initializer="zeros")

    def call(self, x):
        projected = ops.einsum("{first}", x, self.w)
        return ops.einsum("{second}", projected, x)


fields = keras.Input(shape=(6,), dtype="int32")
embedded = layers.Embedding(50, 4)(fields)
pairs = Bilinear()({given})
model = keras.Model(fields, layers.Dense(1)(layers.Flatten()(pairs)))
'''

EINSUM_RANKS = [
    ("bfe,ed->bfd", "bfd,bgd->bfg", "embedded"),  # ranks as asked: Keras builds it
    ("bfe,ed->bfd", "bfd,bgd->bfg", "layers.Flatten()(embedded)"),  # rank 2 into "bfe"
    ("be,ed->bd", "bd,bgd->bg", "layers.Flatten()(embedded)"),  # rank 2 into the second's "bgd"
    ("be,ed->bd", "bd,bd->b", "layers.Flatten()(embedded)"),
    ("bfe,edx->bfd", "bfd,bgd->bfg", "embedded"),  # the weight has 2 axes, "edx" names 3
]


def _raises_in_keras(source: str) -> bool:
    try:
        keras_models(source)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("first, second, given", EINSUM_RANKS)
def test_einsum_of_another_rank_than_its_subscripts_is_ll104_where_keras_raises(
        first: str, second: str, given: str) -> None:
    source = BILINEAR.format(first=first, second=second, given=given)
    codes = [diagnostic.code for diagnostic in lint_source(source, "bilinear.py", Settings())]
    row = next(row for row in lint_models(source)[0]["layers"] if row["type"] == "Bilinear")
    if _raises_in_keras(source):
        assert codes == ["LL104"]  # once: Keras stops at the first einsum that raises
        assert row["params"] is None and "Keras raises" in row["unknown"][0]["message"]
    else:
        assert codes == [] and differences(keras_models(source), lint_models(source), lines=True) == []


def test_some_einsum_ranks_raise_and_some_do_not() -> None:
    raised = [case for case in EINSUM_RANKS if _raises_in_keras(BILINEAR.format(
        first=case[0], second=case[1], given=case[2]))]
    assert 2 <= len(raised) < len(EINSUM_RANKS)


AFTER_A_REJECTED_LAYER = '''import keras
from keras import layers, ops


class Pool(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], input_shape[-1]), initializer="zeros")

    def call(self, x):
        scores = ops.softmax(ops.tanh(ops.tensordot(x, self.w, axes=1)), axis=1)
        return ops.sum(x * scores, axis=1)


inputs = keras.Input(shape=(12, 3))
x = layers.LSTM(8, return_sequence=True)(inputs)
x = layers.LSTM(4, return_sequences=True)(layers.Dropout(0.1)(x))
model = keras.Model(inputs, layers.Dense(1)(Pool()(x)))
'''


def test_a_custom_layer_after_a_rejected_constructor_names_that_constructor_as_the_cause() -> None:
    with pytest.raises(ValueError, match="return_sequence"):
        keras_models(AFTER_A_REJECTED_LAYER)
    rows = {row["name"]: row for row in lint_models(AFTER_A_REJECTED_LAYER)[0]["layers"]}
    messages: List[str] = [row["unknown"][0]["message"] for row in rows.values() if row["unknown"]]
    assert set(messages) == {"Keras raises at this LSTM's construction (LL103): no run calls it"}
    assert rows["pool"]["params"] is None


NOISY_DENSE = '''import keras
from keras import layers


class NoisyDense(layers.Dense):
    def __init__(self, units, sigma=0.1, **kwargs):
        super().__init__(units, **kwargs)
        self.noise = layers.GaussianNoise(sigma)
        self.dropped = [layers.Dropout(0.1)]

    def call(self, inputs, training=None):
        return super().call(self.dropped[0](self.noise(inputs, training=training), training=training))


model = keras.Sequential([
    keras.Input(shape=(7,)),
    NoisyDense(16, activation="relu"),
    NoisyDense(8, sigma=0.05, name="hidden", trainable=False),
    layers.Dense(2),
])
'''


def test_a_keras_class_subclass_holding_weightless_layers_has_keras_counts() -> None:
    expected = keras_models(NOISY_DENSE)
    assert (expected[0]["trainable_params"], expected[0]["non_trainable_params"]) == (146, 136)
    assert differences(expected, lint_models(NOISY_DENSE), lines=True) == []


def test_a_keras_class_subclass_holding_a_layer_with_weights_stays_unknown() -> None:
    """Its own call is not run for the output, but data run through it would build the Dense it
    holds: its count depends on what runs later."""
    source = NOISY_DENSE.replace("layers.Dropout(0.1)", "layers.Dense(7)")
    rows = lint_models(source)[0]["layers"]
    assert [row["params"] for row in rows] == [None, None, 18]


SAMPLER_ON_AN_ARRAY = '''import numpy as np
import keras
from keras import layers, ops


class Sampling(layers.Layer):
    def call(self, z_mean, z_log_var):
        epsilon = keras.random.normal(shape=ops.shape(z_mean))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class Decoder(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3 * 3 * 4, activation="relu")
        self.reshape = layers.Reshape((3, 3, 4))
        self.up = layers.Conv2DTranspose(1, 3, strides=2, padding="same")

    def call(self, z):
        return self.up(self.reshape(self.dense(z)))


class Autoencoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.mean = layers.Dense(2)
        self.log_var = layers.Dense(2)
        self.sampling = Sampling()
        self.decoder = Decoder()

    def call(self, x):
        flat = ops.reshape(x, (ops.shape(x)[0], -1))
        return self.decoder(self.sampling(self.mean(flat), self.log_var(flat)))


model = Autoencoder()
reconstruction = model(np.zeros((4, 6, 6, 1), dtype="float32"))
'''


def test_a_sampler_drawing_noise_of_its_input_shape_on_an_array_has_keras_counts() -> None:
    expected = keras_models(SAMPLER_ON_AN_ARRAY)
    assert expected[0]["total_params"] == 2 * (36 * 2 + 2) + (2 * 36 + 36) + (9 * 4 + 1)
    assert differences(expected, lint_models(SAMPLER_ON_AN_ARRAY), lines=True) == []


HOLDS_A_LAYER_OF_UNKNOWN_SIZE = '''import os
import numpy as np
import keras
from keras import layers


class Head(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(int(os.environ["UNITS"]))

    def call(self, x):
        return self.dense(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.head = Head()

    def call(self, x):
        return self.head(x)


model = Net()
outputs = model(np.zeros((2, 4), dtype="float32"))
'''


def test_a_custom_layer_holding_a_layer_of_an_unknown_size_gives_that_argument_as_the_cause() -> None:
    """In a subclassed model its row shows no shape to carry the cause: the held Dense's units do."""
    row = lint_models(HOLDS_A_LAYER_OF_UNKNOWN_SIZE)[0]["layers"][0]
    assert row["name"] == "head" and row["params"] is None
    assert row["unknown"] == [{"line": 10, "column": 35, "message": "int(...) is computed at run time"}]
