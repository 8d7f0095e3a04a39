"""LL309 and the flips that undo it: real Keras says what a flip back does, and lstm-lint stays
silent exactly when every use of the reversed sequence flips it back (or may), in every import style."""
from __future__ import annotations

import warnings
from typing import Dict, List

import numpy as np
import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.rules.settings import ReversedSequenceOutput
from lstm_lint.rules.time_flips import KERAS_REORDERING_OPS
from tests.keras_env import keras


def test_flipping_back_puts_the_steps_where_bidirectional_puts_them() -> None:
    """Keras's Bidirectional flips its backward layer's output over axis 1 before merging it. Each
    flip LL309 accepts gives exactly that output, on symbolic tensors; the output as returned, or
    flipped over the feature axis, does not."""
    from keras import layers, ops

    keras.backend.clear_session()
    x = keras.Input((6, 2))
    bidirectional = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode=None)
    _, aligned = bidirectional(x)
    backward = layers.LSTM(3, go_backwards=True, return_sequences=True)  # noqa: LL309 (read unflipped on purpose)
    y = backward(x)
    flipped_back = [ops.flip(y, axis=1), ops.flip(y, 1), ops.flip(y, axis=-2), ops.flip(y, axis=(1,)), y[:, ::-1]]
    not_flipped_back = [y, ops.flip(y, axis=2)]
    model = keras.Model(x, [aligned] + flipped_back + not_flipped_back)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        backward.set_weights(bidirectional.backward_layer.get_weights())
        expected, *results = model.predict(np.random.default_rng(0).random((2, 6, 2), dtype="float32"), verbose=0)
    for result in results[:len(flipped_back)]:
        np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    for result in results[len(flipped_back):]:
        assert not np.allclose(result, expected)


@pytest.mark.parametrize("example", ReversedSequenceOutput.VALID + ReversedSequenceOutput.INVALID)
def test_the_rule_examples_build_in_keras(example: str) -> None:
    """The flips in the examples are ones Keras 3 runs on symbolic tensors, and the reported
    programs are not broken ones: LL309 speaks of models that build."""
    keras.backend.clear_session()
    exec(compile(example, "<example>", "exec"), {"__name__": "__main__"})


def test_reordering_ops_are_keras_own() -> None:
    """Every keras.ops name LL309 treats as "may put the steps back in order" exists."""
    assert {name for name in KERAS_REORDERING_OPS if not hasattr(keras.ops, name)} == set()


KERAS = ("import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
         "y = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n")
FROM_KERAS = ("from keras import Input, Model, layers, ops\nx = Input((10, 3))\n"
              "y = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n")
TF = ("import tensorflow as tf\nx = tf.keras.Input((10, 3))\n"
      "y = tf.keras.layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n")
BACKEND = ("from tensorflow.keras import Input, Model, layers\nfrom tensorflow.keras import backend as K\n"
           "x = Input((10, 3))\ny = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n")


def ll309_lines(source: str) -> List[int]:
    return [d.line for d in lint_source(source, "model.py", Settings(), ["LL309"])]


FLIPPED_BACK = [
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=1))\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=-2))\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y))  # every axis\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=[1, 2]))\n",
    KERAS + "m = keras.Model(x, y[:, ::-1])\n",
    KERAS + "m = keras.Model(x, y[:, 5::-1, :])\n",
    KERAS + "m = keras.Model(x, y[None, :, ::-1])\n",
    FROM_KERAS + "m = Model(x, ops.flip(y, 1))\n",
    FROM_KERAS + "m = Model(x, layers.concatenate([ops.flip(y, 1), y[:, ::-1]]))\n",
    TF + "m = tf.keras.Model(x, tf.reverse(y, axis=[1]))\n",
    TF + "m = tf.keras.Model(x, tf.reverse(y, [1]))\n",
    TF + "m = tf.keras.Model(x, tf.reverse(y, [-2]))\n",
    TF + "m = tf.keras.Model(x, tf.compat.v1.reverse(y, [1]))\n",
    TF + "m = tf.keras.Model(x, tf.keras.backend.reverse(y, 1))\n",
    BACKEND + "m = Model(x, K.reverse(y, axes=1))\n",
    BACKEND + "m = Model(x, K.reverse(y, [1]))\n",
    # Through a function of the file and through a model called on it: followed.
    KERAS + "def back(t):\n    return keras.ops.flip(t, axis=1)\nm = keras.Model(x, back(y))\n",
    KERAS + "i = keras.Input((10, 4))\ninner = keras.Model(i, layers.Dense(1)(keras.ops.flip(i, axis=1)))\n"
            "m = keras.Model(x, inner(y))\n",
    "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
    "encoder = keras.Model(x, layers.LSTM(4, go_backwards=True, return_sequences=True)(x))\n"
    "x2 = keras.Input((10, 3))\nm = keras.Model(x2, keras.ops.flip(encoder(x2), axis=1))\n",
    # With return_state=True only the sequence is reversed in time, not the states.
    KERAS.replace("y = ", "y, h, c = ").replace("True)(x)", "True, return_state=True)(x)")
    + "m = keras.Model(x, [keras.ops.flip(y, axis=1), layers.Dense(1)(h), c])\n",
    # The axes as they were when the op was called, not as changed later.
    BACKEND + "axes = [1]\nz = K.reverse(y, axes)\naxes.append(2)\nm = Model(x, z)\n",
    # tf.keras 2's time_major=True puts time first.
    TF.replace("go_backwards", "time_major=True, go_backwards") + "m = tf.keras.Model(x, tf.reverse(y, [0]))\n",
]


@pytest.mark.parametrize("source", FLIPPED_BACK)
def test_silent_when_every_use_flips_the_time_axis_back(source: str) -> None:
    assert ll309_lines(source) == []


NOT_FLIPPED_BACK = [
    KERAS + "m = keras.Model(x, y)\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=2))\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=0))\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=-1))\n",
    KERAS + "m = keras.Model(x, y[::-1, :])\n",
    KERAS + "m = keras.Model(x, y[:, 2:])\n",
    KERAS + "m = keras.Model(x, y[:, :, ::-1])\n",
    KERAS + "m = keras.Model(x, keras.ops.flip(y * 2.0, axis=1) + y)\n",
    FROM_KERAS + "m = Model(x, [ops.flip(y, 1), layers.Dense(1)(y)])\n",
    FROM_KERAS + "m = Model(x, layers.concatenate([layers.LSTM(4, return_sequences=True)(x), y]))\n",
    TF + "m = tf.keras.Model(x, tf.reverse(y, axis=[2]))\n",
    TF + "m = tf.keras.Model(x, tf.concat([tf.keras.layers.LSTM(4, return_sequences=True)(x), y], -1))\n",
    BACKEND + "m = Model(x, K.reverse(y, axes=-1))\n",
    BACKEND + "m = Model(x, [K.reverse(y, 1), K.reverse(y, 0)])\n",
    TF.replace("go_backwards", "time_major=True, go_backwards") + "m = tf.keras.Model(x, tf.reverse(y, [1]))\n",
    # Inside a model it is called in, a layer reads it first.
    KERAS + "inner = keras.Sequential([keras.Input((10, 4)), layers.Dense(1)])\nm = keras.Model(x, inner(y))\n",
    "import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((10, 3)),\n"
    "    layers.LSTM(4, go_backwards=True, return_sequences=True),\n    layers.Dense(1)])\n",
]


@pytest.mark.parametrize("source", NOT_FLIPPED_BACK)
def test_fires_when_a_use_reads_the_sequence_reversed(source: str) -> None:
    assert len(ll309_lines(source)) == 1


CANNOT_TELL = [
    "import sys\n" + KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=int(sys.argv[1])))\n",
    "import sys\n" + TF + "m = tf.keras.Model(x, tf.reverse(y, [int(sys.argv[1])]))\n",
    "import sys\n" + KERAS + "a = sys.argv[1:]\nm = keras.Model(x, keras.ops.flip(y, *a))\n",
    KERAS + "m = keras.Model(x, layers.Lambda(lambda t: keras.ops.flip(t, axis=1))(y))\n",
    KERAS + "m = keras.Model(x, keras.ops.take(y, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], axis=1))\n",
    KERAS + "m = keras.Model(x, y[..., ::-1, :])\n",
    TF + "m = tf.keras.Model(x, tf.gather(y, list(range(9, -1, -1)), axis=1))\n",
    TF + "m = tf.keras.Model(x, tf.map_fn(lambda t: tf.reverse(t, [0]), y))\n",
    "import mylib\n" + KERAS + "m = keras.Model(x, mylib.time_reverse(y))\n",
    "import sys\n" + KERAS + "if sys.argv[1]:\n    y = keras.ops.flip(y, axis=1)\n"
    "m = keras.Model(x, layers.Dense(1)(y))\n",
    TF.replace("go_backwards", "time_major=MAJOR, go_backwards") + "m = tf.keras.Model(x, tf.reverse(y, [0]))\n",
]


@pytest.mark.parametrize("source", CANNOT_TELL)
def test_silent_when_a_use_may_flip_it_back(source: str) -> None:
    """Unknown beats wrong: a use that may put the steps back in order is not called reversed."""
    assert ll309_lines(source) == []


def test_the_message_names_the_use_that_reads_it_reversed() -> None:
    source = FROM_KERAS + "z = ops.flip(y, 1)\nm = Model(x, [z, layers.Dense(1)(y)])\n"
    [found] = lint_source(source, "model.py", Settings(), ["LL309"])
    assert (found.line, found.column) == (3, 4)
    assert found.message == ("LSTM 'lstm': go_backwards=True with return_sequences=True returns the sequence "
                             "reversed in time, and Dense 'dense' takes it without flipping the time axis back")
    wrong_axis = lint_source(KERAS + "m = keras.Model(x, keras.ops.flip(y, axis=2))\n", "model.py", Settings(),
                             ["LL309"])
    assert [d.message.rsplit(", and ", 1)[1] for d in wrong_axis] == [
        "keras.ops.flip on line 5 takes it without flipping the time axis back"]
    model_output = lint_source(KERAS + "m = keras.Model(x, y)\n", "model.py", Settings(), ["LL309"])
    assert [d.message.rsplit(", and ", 1)[1] for d in model_output] == ["model 'm' returns it as it is"]


def test_a_layer_whose_output_is_not_used_is_still_reported() -> None:
    """Nothing shows the order undone: the layer's own settings are reported, as for a layer
    never called."""
    assert ll309_lines(KERAS) == [4]
    assert ll309_lines("from keras import layers\nl = layers.GRU(4, go_backwards=True, return_sequences=True)\n") \
        == [2]


KERAS_3_PROGRAMS = [source for source in FLIPPED_BACK + NOT_FLIPPED_BACK + CANNOT_TELL
                    if not any(word in source for word in ("tensorflow", "sys", "mylib"))]


@pytest.mark.parametrize("source", KERAS_3_PROGRAMS)
def test_the_keras_programs_build(source: str) -> None:
    """Ground truth for the programs above written for Keras 3: each builds, so each flip form
    runs on symbolic tensors and no verdict is about a broken program."""
    keras.backend.clear_session()
    namespace: Dict[str, object] = {"__name__": "__main__"}
    exec(compile(source, "<program>", "exec"), namespace)
    model = namespace["m"]
    assert isinstance(model, keras.Model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.predict(np.zeros((1, 10, 3)), verbose=0)
