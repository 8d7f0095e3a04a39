"""Arrays and Python numbers computed on outside the model graph, compared with real Keras (and,
for the arrays' own shapes, with NumPy): a sinusoid position table built with NumPy in a layer's
``__init__``, ``ops.cast(32, "float32")`` and ``tf.math.sqrt(tf.cast(d_model, tf.float32))`` in its
``call`` (a number is a rank-0 tensor), a slice of a constant tensor attribute, and arrays whose
shape is partly known (``np.zeros((8, n, 1))``: the rank and the known sizes stay known)."""
from __future__ import annotations

import contextlib
from typing import Any, Dict, Iterator, List, Tuple
from unittest import mock

import numpy as np
import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

KERAS_OPS = '''import numpy as np
import keras
from keras import layers, ops


def positional_encoding(length, depth):
    depth = depth / 2
    positions = np.arange(length)[:, np.newaxis]
    depths = np.arange(depth)[np.newaxis, :] / depth
    angle_rates = 1 / (10000**depths)
    angle_rads = positions * angle_rates
    pos_encoding = np.concatenate([np.sin(angle_rads), np.cos(angle_rads)], axis=-1)
    return ops.cast(pos_encoding, dtype="float32")


class PositionalEmbedding(layers.Layer):
    def __init__(self, vocab_size, d_model):
        super().__init__()
        self.d_model = d_model
        self.embedding = layers.Embedding(vocab_size, d_model)
        self.pos_encoding = positional_encoding(length=2048, depth=d_model)

    def call(self, x):
        length = ops.shape(x)[1]
        x = self.embedding(x)
        x *= ops.sqrt(ops.cast(self.d_model, "float32"))
        return x + self.pos_encoding[None, :length, :]


class Scaled(layers.Layer):
    def call(self, x):
        return x * ops.sqrt(ops.cast(32, "float32")) - ops.mean(np.ones((4, 1, 16)), axis=0)


inputs = keras.Input((20,))
x = PositionalEmbedding(100, 16)(inputs)
model = keras.Model(inputs, layers.Dense(2)(Scaled()(x)))
'''


def test_numpy_tables_and_ops_on_numbers_in_a_custom_layer_are_as_keras_gives() -> None:
    expected = keras_models(KERAS_OPS)
    assert [row["output_shape"] for row in expected[0]["layers"]][1:] == [[None, 20, 16], [None, 20, 16],
                                                                          [None, 20, 2]]
    got = lint_models(KERAS_OPS)
    assert differences(expected, got, lines=True) == []
    assert all(not row["unknown"] for row in got[0]["layers"])


TENSORFLOW_TUTORIAL = '''import numpy as np
import tensorflow as tf


def positional_encoding(length, depth):
    depth = depth / 2
    positions = np.arange(length)[:, np.newaxis]
    depths = np.arange(depth)[np.newaxis, :] / depth
    angle_rates = 1 / (10000**depths)
    angle_rads = positions * angle_rates
    pos_encoding = np.concatenate([np.sin(angle_rads), np.cos(angle_rads)], axis=-1)
    return tf.cast(pos_encoding, dtype=tf.float32)


class PositionalEmbedding(tf.keras.layers.Layer):
    def __init__(self, vocab_size, d_model):
        super().__init__()
        self.d_model = d_model
        self.embedding = tf.keras.layers.Embedding(vocab_size, d_model)
        self.pos_encoding = positional_encoding(length=2048, depth=d_model)

    def call(self, x):
        length = tf.shape(x)[1]
        x = self.embedding(x)
        x *= tf.math.sqrt(tf.cast(self.d_model, tf.float32))
        x = x + self.pos_encoding[tf.newaxis, :length, :]
        return x


def get_angles(pos, i, d_model):
    angle_rates = 1 / np.power(10000, (2 * (i // 2)) / np.float32(d_model))
    return pos * angle_rates


def old_positional_encoding(position, d_model):
    angle_rads = get_angles(np.arange(position)[:, np.newaxis], np.arange(d_model)[np.newaxis, :], d_model)
    angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
    angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
    pos_encoding = angle_rads[np.newaxis, ...]
    return tf.cast(pos_encoding, dtype=tf.float32)


class Encoder(tf.keras.layers.Layer):
    def __init__(self, d_model, vocab_size, maximum_position_encoding):
        super().__init__()
        self.d_model = d_model
        self.embedding = tf.keras.layers.Embedding(vocab_size, d_model)
        self.pos_encoding = old_positional_encoding(maximum_position_encoding, self.d_model)

    def call(self, x):
        seq_len = tf.shape(x)[1]
        x = self.embedding(x)
        x *= tf.math.sqrt(tf.cast(self.d_model, tf.float32))
        x += self.pos_encoding[:, :seq_len, :]
        return x


inputs = tf.keras.Input((20,))
x = PositionalEmbedding(100, 16)(inputs)
model = tf.keras.Model(inputs, Encoder(16, 100, 50)(x[:, :, 0]))
'''


@contextlib.contextmanager
def _tensorflow_functions() -> Iterator[None]:
    """The TensorFlow functions the tutorial calls, as the Keras ops that compute what they compute
    (TensorFlow is not a test dependency; see tests/engine/test_call_ops.py)."""
    import types

    functions: Dict[str, Any] = {
        "shape": keras.ops.shape, "cast": lambda x, dtype: keras.ops.cast(x, dtype), "float32": "float32",
        "newaxis": None, "math": types.SimpleNamespace(sqrt=keras.ops.sqrt),
    }
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_the_tensorflow_tutorials_position_tables_are_as_keras_gives() -> None:
    with _tensorflow_functions():
        expected = keras_models(TENSORFLOW_TUTORIAL)
    assert [row["params"] for row in expected[0]["layers"]] == [0, 1600, 0, 1600]
    got = lint_models(TENSORFLOW_TUTORIAL)
    assert differences(expected, got, lines=True) == []
    assert [d.code for d in lint_source(TENSORFLOW_TUTORIAL, "tutorial.py", Settings())] == []


# Array expressions whose shapes lstm-lint follows, each checked against NumPy itself.
ARRAYS = [
    "np.arange(7.5)[:, np.newaxis] * np.ones((1, 3))",
    "np.arange(1, 2, 0.1)[np.newaxis, ...]",
    "np.concatenate([np.sin(np.zeros((4, 3))), np.cos(np.ones((4, 2)))], axis=-1)",
    "np.zeros((2, 3, 4))[..., 1]",
    "np.zeros((2, 3, 4))[None, :, None, 1:]",
    "np.expand_dims(np.zeros((5, 2)), 1) - 1",
    "np.sum(np.ones((3, 4, 5)), axis=1) ** 2",
    "np.matmul(np.ones((6, 3)), np.ones((3, 2))) / np.float32(4)",
    "np.power(10000, np.arange(8)[np.newaxis, :] / 8)",
    "-np.stack([np.zeros(3), np.zeros(3)], axis=1)",
]


@pytest.mark.parametrize("expression", ARRAYS)
def test_array_shapes_are_numpys(expression: str) -> None:
    source = (f"import numpy as np\nimport keras\nfrom keras import layers\n\ntable = {expression}\n"
              "model = keras.Model(inputs := keras.Input(table.shape), layers.Dense(2)(inputs))\n")
    shape = eval(expression, {"np": np}).shape  # the ground truth for a NumPy array's shape
    got = lint_models(source)
    assert got[0]["layers"][0]["output_shape"] == [None, *shape]


PARTLY_KNOWN = '''import sys
import numpy as np
import keras
from keras import layers

n = int(sys.argv[1])
m = keras.Sequential([layers.LSTM(4, return_sequences=True), layers.Dense(2)])
m(np.zeros((8, n, 1)))
f = keras.Sequential([layers.Dense(3), layers.Dense(2)])
f.predict(np.zeros((32, n)), verbose=0)
'''


def _rows(models: List[Dict[str, Any]]) -> List[Tuple[Any, Any]]:
    return [(row["output_shape"], row["params"]) for model in models for row in model["layers"]]


def test_an_array_of_a_size_not_known_keeps_its_rank_and_its_known_sizes() -> None:
    got = lint_models(PARTLY_KNOWN)
    shapes = [[dim if dim != "?" else "n" for dim in row["output_shape"]] for model in got for row in model["layers"]]
    assert shapes == [[8, "n", 4], [8, "n", 2], [32, 3], [32, 2]]
    assert [row["params"] for model in got for row in model["layers"]] == [96, 10, None, 8]
    assert got[1]["total_params"] is None  # 3 × n + 11 in the table
    for size in (5, 7):
        with mock.patch("sys.argv", ["program", str(size)]):
            expected = keras_models(PARTLY_KNOWN)
        # Where lstm-lint says n, Keras has the size of that run; everything else is the same.
        known = [(shape, params) for shape, params in _rows(expected)]
        assert [[size if dim == "n" else dim for dim in shape] for shape in shapes] == [s for s, _ in known]
        assert [params for _, params in known] == [96, 10, 3 * size + 3, 8]


def test_a_table_cut_to_a_length_read_from_a_free_axis_is_free_where_keras_says_so() -> None:
    free = KERAS_OPS.replace("keras.Input((20,))", "keras.Input((None,))")
    expected = keras_models(free)
    assert expected[0]["layers"][1]["output_shape"] == [None, None, 16]
    assert differences(expected, lint_models(free), lines=True) == []
    # A table shorter than a length the backends try is cut to itself: no size is given.
    short = free.replace("length=2048", "length=50")
    assert lint_models(short)[0]["layers"][1]["output_shape"] is None
