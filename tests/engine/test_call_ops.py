"""Ops inside a custom layer's ``call`` (``keras.ops`` and their TensorFlow spellings) and
``RNN(cell)`` over a cell class of the program's own, compared row by row with real Keras 3.

Keras traces a custom layer's ``call`` on backend values to find its output (the numpy and JAX
backends fill each ``None`` axis with a number, twice, and call ``None`` what differs; TensorFlow
uses symbolic sizes). Where the backends disagree, lstm-lint says unknown: a reshape to
``(ops.shape(x)[0], -1, k)`` gives ``(None, 80, 4)`` on numpy and JAX and ``(None, None, 4)`` on
TensorFlow (Keras 3.15 with TensorFlow 2.21), so the ``-1`` axis is ``?``; ``x.shape[0]`` is
``None`` on TensorFlow's trace, where that reshape raises.

TensorFlow functions inside ``call`` run on the backend's values: under the TensorFlow backend
(and under numpy when TensorFlow is installed) they work, under JAX they raise. lstm-lint gives
the shape they give where they work and reports nothing. TensorFlow is not a test dependency:
those programs run on the reference's stand-in module, given Keras ops that compute what the
TensorFlow functions compute on the traced values.
"""
from __future__ import annotations

import contextlib
import types
from typing import Any, Dict, Iterator
from unittest import mock

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

KERAS_OPS = '''import keras
from keras import layers, ops


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        return self.token_emb(x) + self.pos_emb(positions)


class SelfAttention(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.query = layers.Dense(units)
        self.key = layers.Dense(units)

    def call(self, x):
        scores = ops.matmul(self.query(x), ops.transpose(self.key(x), (0, 2, 1)))
        return ops.matmul(ops.softmax(scores, axis=-1), x)


class Products(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 6))
        self.t = self.add_weight(shape=(input_shape[-1], 5))
        self.e = self.add_weight(shape=(input_shape[-1], 3), trainable=False)

    def call(self, x):
        a = ops.dot(x, self.w)
        b = ops.tensordot(x, self.t, axes=1)
        c = ops.cast(ops.einsum("btd,de->bte", x, self.e), "float16")
        return ops.concatenate([a, b, ops.cast(c, "float32")], axis=-1)


class Gathered(layers.Layer):
    def __init__(self):
        super().__init__()
        self.table = layers.Embedding(50, 4)

    def call(self, x):
        first = ops.take(x, [0, 2], axis=1)
        rows = self.table(ops.arange(0, 10))
        tiled = ops.broadcast_to(ops.expand_dims(rows, 0), (ops.shape(x)[0], 10, 4))
        return first, tiled


class Pooled(layers.Layer):
    def build(self, input_shape):
        self.score = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        weights = ops.softmax(ops.einsum("btd,d->bt", x, self.score), axis=-1)
        return ops.einsum("bt,btd->bd", weights, x)


tokens = keras.Input((20,))
x = TokenAndPositionEmbedding(20, 100, 16)(tokens)
x = SelfAttention(8)(x)
x = Products()(x)
first, tiled = Gathered()(x)
pooled = Pooled()(x)
outputs = layers.Dense(2)(layers.Concatenate()([layers.Flatten()(tiled), pooled]))
model = keras.Model(tokens, [outputs, first])
'''


def test_keras_ops_in_call_give_the_rows_keras_gives() -> None:
    expected = keras_models(KERAS_OPS)
    assert expected[0]["non_trainable_params"] == 48  # Products' einsum weight, (16, 3)
    got = lint_models(KERAS_OPS)
    assert differences(expected, got, lines=True) == []
    assert all(not layer["unknown"] for layer in got[0]["layers"])


TRACED_SIZES = '''import keras
from keras import layers, ops


class Reshaped(layers.Layer):
    def __init__(self, form, **kwargs):
        super().__init__(**kwargs)
        self.form = form

    def call(self, x):
        if self.form == "batch_and_rest":
            return ops.reshape(x, (ops.shape(x)[0], -1))
        if self.form == "batch_rest_k":
            return ops.reshape(x, (ops.shape(x)[0], -1, 4))
        if self.form == "free_batch":
            return ops.reshape(x, (-1, 4, 4))
        if self.form == "batch_and_sizes":
            return ops.reshape(x, (ops.shape(x)[0], 10, 32))
        if self.form == "unpacked":
            batch, steps, features = ops.shape(x)
            return ops.reshape(x, (batch, steps * 2, features // 2))
        if self.form == "range":
            return ops.arange(0, ops.shape(x)[0])
        if self.form == "broadcast":
            return ops.broadcast_to(ops.ones((1, 20, 16)), (ops.shape(x)[0], 20, 16))
        return ops.reshape(x, (x.shape[0], -1, 4))


inputs = keras.Input((20, 16))
outputs = [Reshaped(form, name=form)(inputs) for form in (
    "batch_and_rest", "batch_rest_k", "free_batch", "batch_and_sizes", "unpacked", "range", "broadcast",
    "static_batch")]
model = keras.Model(inputs, outputs)
'''


def test_sizes_read_in_call_are_none_and_what_backends_disagree_on_is_unknown() -> None:
    expected = {row["name"]: row["output_shape"] for row in keras_models(TRACED_SIZES)[0]["layers"]}
    got = {row["name"]: row["output_shape"] for row in lint_models(TRACED_SIZES)[0]["layers"]}
    # The -1 beside a size read from the batch axis: computed on numpy (and JAX), None on TensorFlow.
    assert expected["batch_and_rest"] == [None, 320] and got["batch_and_rest"] == [None, "?"]
    assert expected["batch_rest_k"] == [None, 80, 4] and got["batch_rest_k"] == [None, "?", 4]
    # x.shape[0] is None on TensorFlow's trace, where the reshape raises: nothing is known.
    assert expected["static_batch"] == [None, 80, 4] and got["static_batch"] is None
    agreed = {name: shape for name, shape in expected.items()
              if name not in ("batch_and_rest", "batch_rest_k", "static_batch")}
    assert {name: got[name] for name in agreed} == agreed
    assert agreed["broadcast"] == [None, 20, 16] and agreed["range"] == [None]


TENSORFLOW_SPELLING = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class PositionalEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = tf.shape(x)[-1]
        positions = tf.range(start=0, limit=maxlen, delta=1)
        return self.token_emb(x) + self.pos_emb(positions)


class ScaledAttention(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.query = layers.Dense(units)
        self.key = layers.Dense(units)
        self.value = layers.Dense(units)

    def call(self, x):
        scores = tf.matmul(self.query(x), self.key(x), transpose_b=True)
        weights = tf.nn.softmax(scores, axis=-1)
        mixed = tf.matmul(weights, self.value(x))
        return tf.transpose(mixed, perm=[0, 2, 1])


class Steps(layers.Layer):
    def call(self, x):
        return tf.range(tf.shape(x)[1])


inputs = keras.Input((24,))
embedded = PositionalEmbedding(24, 500, 12)(inputs)
attended = ScaledAttention(6)(embedded)
model = keras.Model(inputs, [layers.Dense(3)(layers.Flatten()(attended)), Steps()(embedded)])
'''


def _tensorflow_range(start: Any, limit: Any = None, delta: Any = 1) -> Any:
    return keras.ops.arange(start, limit, delta)


def _tensorflow_matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False) -> Any:
    first = keras.ops.swapaxes(a, -1, -2) if transpose_a else a
    second = keras.ops.swapaxes(b, -1, -2) if transpose_b else b
    return keras.ops.matmul(first, second)


@contextlib.contextmanager
def _tensorflow_functions() -> Iterator[None]:
    functions: Dict[str, Any] = {
        "shape": keras.ops.shape, "range": _tensorflow_range, "matmul": _tensorflow_matmul,
        "transpose": lambda a, perm=None: keras.ops.transpose(a, perm),
        "nn": types.SimpleNamespace(softmax=lambda logits, axis=-1: keras.ops.softmax(logits, axis=axis)),
    }
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_tensorflow_functions_in_call_give_the_rows_they_give_where_they_run() -> None:
    with _tensorflow_functions():
        expected = keras_models(TENSORFLOW_SPELLING)
    assert [layer["output_shape"] for layer in expected[0]["layers"][1:3]] == [[None, 24, 12], [None, 6, 24]]
    got = lint_models(TENSORFLOW_SPELLING)
    assert differences(expected, got, lines=True) == []
    codes = [diagnostic.code for diagnostic in lint_source(TENSORFLOW_SPELLING, "custom.py", Settings())]
    assert codes == []


CUSTOM_CELLS = '''import keras
from keras import layers, ops


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


class MinGRUCell(layers.Layer):
    """An update gate and a candidate, from the input and the state."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units]
        self.output_size = units

    def build(self, input_shape):
        joined = input_shape[-1] + self.units
        self.w_z = self.add_weight(shape=(joined, self.units), initializer="glorot_uniform")
        self.b_z = self.add_weight(shape=(self.units,), initializer="zeros")
        self.w_h = self.add_weight(shape=(joined, self.units), initializer="glorot_uniform")
        self.b_h = self.add_weight(shape=(self.units,), initializer="zeros", trainable=False)

    def call(self, inputs, states):
        h = states[0]
        xh = ops.concatenate([inputs, h], axis=-1)
        z = ops.sigmoid(ops.matmul(xh, self.w_z) + self.b_z)
        candidate = ops.tanh(ops.matmul(xh, self.w_h) + self.b_h)
        new_h = (1 - z) * h + z * candidate
        return new_h, [new_h]


class TwoStateCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.state_size = (units, 2 * units)
        self.output_size = 3

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 3))

    def call(self, inputs, states):
        return ops.matmul(inputs, self.kernel), states


class NoBuildCell(layers.Layer):
    state_size = 4

    def call(self, inputs, states):
        return inputs[:, :4], states


inputs = keras.Input((None, 6))
x = layers.RNN(MinimalRNNCell(32), return_sequences=True)(inputs)
sequence, last = layers.RNN(MinGRUCell(10), return_sequences=True, return_state=True)(x)
both = layers.RNN(TwoStateCell(5), return_state=True)(sequence)
plain = layers.RNN(NoBuildCell())(sequence)
model = keras.Model(inputs, [layers.Dense(2)(last), plain] + list(both))

stacked = keras.Sequential([keras.Input((7, 3)), layers.RNN(MinGRUCell(4), return_sequences=True),
                            layers.RNN(MinGRUCell(2)), layers.Dense(1)])

steps = keras.Input((9, 4))
# A list of cells: StackedRNNCells, each cell built on the output size of the one before.
outputs = layers.RNN([MinimalRNNCell(6), MinGRUCell(5), TwoStateCell(2)], return_state=True)(steps)
cells = keras.Model(steps, outputs)
'''


def test_rnn_over_cells_of_the_programs_own_gives_keras_rows() -> None:
    expected = keras_models(CUSTOM_CELLS)
    assert [model["name"] for model in expected] == ["model", "stacked", "cells"]
    assert expected[0]["non_trainable_params"] == 10  # MinGRUCell's frozen bias
    got = lint_models(CUSTOM_CELLS)
    assert differences(expected, got, lines=True) == []
    assert all(not layer["unknown"] for model in got for layer in model["layers"])


REGISTERED_CELL = '''import keras
from keras import layers, ops


@keras.saving.register_keras_serializable()
class SerializableCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.unused = layers.Dense(units)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel)
        return output, [output]


inputs = keras.Input((10, 5))
x = layers.Bidirectional(layers.RNN(SerializableCell(4), return_sequences=True))(inputs)
model = keras.Model(inputs, layers.Dense(1)(x))
'''


def test_bidirectional_over_a_registered_cell_is_what_keras_builds() -> None:
    # Bidirectional deserializes two copies of the RNN from its config, each over a cell made
    # again by the cell's constructor (with no get_config of its own: from the arguments it was
    # given): the copies' builds give its count, and the Dense each copy's cell makes in its
    # __init__ moves the default names of the layers after it on by two.
    expected = keras_models(REGISTERED_CELL)
    assert expected[0]["layers"][1]["params"] == 40 and expected[0]["layers"][2]["name"] == "dense_3"
    assert differences(expected, lint_models(REGISTERED_CELL), lines=True) == []
    assert [d.code for d in lint_source(REGISTERED_CELL, "custom.py", Settings())] == []


def test_a_mismatched_matmul_on_some_paths_only_is_not_reported() -> None:
    source = '''import os
import keras
from keras import layers, ops


class Projection(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(4, input_shape[-1]))

    def call(self, x):
        if os.environ.get("TRANSPOSED"):
            return ops.matmul(x, ops.transpose(self.w))
        return ops.matmul(x, self.w)


inputs = keras.Input((10, 8))
model = keras.Model(inputs, Projection()(inputs))
'''
    assert [d.code for d in lint_source(source, "custom.py", Settings())] == []
    certain = source.replace('        if os.environ.get("TRANSPOSED"):\n'
                             '            return ops.matmul(x, ops.transpose(self.w))\n', "")
    assert [d.code for d in lint_source(certain, "custom.py", Settings())] == ["LL104"]


PATCH_EXTRACTOR = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class PatchExtractor(layers.Layer):
    def call(self, images):
        batch_size = tf.shape(images)[0]
        patches = tf.image.extract_patches(images=images, sizes=[1, 16, 16, 1], strides=[1, 16, 16, 1],
                                           rates=[1, 1, 1, 1], padding="VALID")
        patch_dims = patches.shape[-1]
        return tf.reshape(patches, [batch_size, -1, patch_dims])


inputs = keras.Input((64, 64, 3))
model = keras.Model(inputs, layers.Dense(4)(PatchExtractor()(inputs)))
'''


def _tensorflow_patches(images: Any, sizes: Any, strides: Any, rates: Any, padding: str) -> Any:
    return keras.ops.image.extract_patches(images, tuple(sizes[1:3]), strides=tuple(strides[1:3]),
                                           dilation_rate=rates[1], padding=padding.lower())


def test_patches_reshaped_to_the_batch_size_have_the_sizes_every_backend_gives() -> None:
    functions = {"shape": keras.ops.shape, "reshape": keras.ops.reshape,
                 "image": types.SimpleNamespace(extract_patches=_tensorflow_patches)}
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        expected = keras_models(PATCH_EXTRACTOR)
    # numpy computes the -1 (16 patches); TensorFlow's trace gives None there.
    keras_shapes = [row["output_shape"] for row in expected[0]["layers"]]
    assert keras_shapes == [[None, 64, 64, 3], [None, 16, 768], [None, 16, 4]]
    got = lint_models(PATCH_EXTRACTOR)[0]
    assert [row["output_shape"] for row in got["layers"]] == [[None, 64, 64, 3], [None, "?", 768], [None, "?", 4]]
    assert [row["params"] for row in got["layers"]] == [row["params"] for row in expected[0]["layers"]]
    assert got["total_params"] == expected[0]["total_params"] == 3076


def test_bidirectional_over_a_cell_from_a_project_module_is_not_reported(tmp_path: Any) -> None:
    # The module may register its class in any way: only a class of the file's own, with no
    # decorator, is known to be unregistered.
    (tmp_path / "cells.py").write_text('''import keras
from keras import layers


@keras.saving.register_keras_serializable()
class Cell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def call(self, inputs, states):
        return inputs[:, :self.units], states
''', encoding="utf-8")
    main = '''import keras
from keras import layers
from cells import Cell

inputs = keras.Input((10, 5))
model = keras.Model(inputs, layers.Bidirectional(layers.RNN(Cell(4)))(inputs))
'''
    assert [d.code for d in lint_source(main, str(tmp_path / "main.py"), Settings())] == []
    cell_class = (tmp_path / "cells.py").read_text(encoding="utf-8").split("\n\n\n", 1)[1]
    local = main.replace("from cells import Cell\n", "\n\n" + cell_class.replace(
        "@keras.saving.register_keras_serializable()\n", "") + "\n\n")
    assert [d.code for d in lint_source(local, str(tmp_path / "local.py"), Settings())] == ["LL102"]
