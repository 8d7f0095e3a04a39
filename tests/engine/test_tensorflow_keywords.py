"""TensorFlow functions inside a custom layer's ``call`` given their arguments by TensorFlow's own
keywords (``tf.reshape(x, shape=[...])``, ``tf.reduce_mean(x, axis=1, keepdims=True)``): bound as
TensorFlow binds them, they give the rows Keras gives. TensorFlow is not a test dependency: the
programs run on the reference's stand-in module, given Keras ops of TensorFlow's signatures
(tensorflow/python/ops/array_ops.py and math_ops.py)."""
from __future__ import annotations

import contextlib
from typing import Any, Dict, Iterator, Optional
from unittest import mock

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

ops = keras.ops

TENSORFLOW_KEYWORDS = '''import tensorflow as tf
from tensorflow import keras


class PatchEmbed(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.proj = keras.layers.Conv2D(48, 4, strides=4)

    def call(self, x):
        H, W = tf.shape(x)[1], tf.shape(x)[2]
        return tf.reshape(self.proj(x), shape=[-1, (H // 4) * (W // 4), 48])


class Pool(keras.layers.Layer):
    def call(self, x):
        mean = tf.reduce_mean(input_tensor=x, axis=1, keepdims=True)
        total = tf.math.reduce_sum(x, axis=[1], keepdims=False)
        wide = tf.expand_dims(input=total, axis=-1)
        flipped = tf.transpose(a=mean, perm=[0, 2, 1])
        return tf.squeeze(input=flipped, axis=-1) + tf.squeeze(wide, axis=-1)


inp = keras.Input((32, 32, 3))
x = PatchEmbed()(inp)
model = keras.Model(inp, keras.layers.Dense(2)(Pool()(x)))
'''


def _reshape(tensor: Any, shape: Any, name: Optional[str] = None) -> Any:
    return ops.reshape(tensor, shape)


def _reduce(function: Any) -> Any:
    def reduce(input_tensor: Any, axis: Any = None, keepdims: bool = False, name: Optional[str] = None) -> Any:
        return function(input_tensor, axis=axis, keepdims=keepdims)
    return reduce


def _expand_dims(input: Any, axis: int, name: Optional[str] = None) -> Any:  # noqa: A002 (TensorFlow's name)
    return ops.expand_dims(input, axis)


def _squeeze(input: Any, axis: Any = None, name: Optional[str] = None) -> Any:  # noqa: A002
    return ops.squeeze(input, axis)


def _transpose(a: Any, perm: Any = None, conjugate: bool = False, name: Optional[str] = None) -> Any:
    return ops.transpose(a, perm)


@contextlib.contextmanager
def _tensorflow_functions() -> Iterator[None]:
    import types

    functions: Dict[str, Any] = {
        "shape": ops.shape, "reshape": _reshape, "reduce_mean": _reduce(ops.mean),
        "math": types.SimpleNamespace(reduce_sum=_reduce(ops.sum)), "expand_dims": _expand_dims,
        "squeeze": _squeeze, "transpose": _transpose,
    }
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_tensorflow_keywords_in_call_give_kerass_rows() -> None:
    with _tensorflow_functions():
        expected = keras_models(TENSORFLOW_KEYWORDS)
    assert [layer["output_shape"] for layer in expected[0]["layers"][1:3]] == [[None, 64, 48], [None, 48]]
    got = lint_models(TENSORFLOW_KEYWORDS)
    assert differences(expected, got, lines=True) == []
    assert got[0]["total_params"] is not None
