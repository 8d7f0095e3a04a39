"""A stand-in for the few TensorFlow functions that rule examples call, for runs without TensorFlow
(it is not a test dependency: Keras runs on its numpy backend here).

Each op converts its tensor arguments as ``tf.convert_to_tensor`` converts an object that is not
TensorFlow's own: through the object's ``__tf_tensor__`` when it has one, which a Keras 3
``KerasTensor`` implements by raising. So what raises in these runs is Keras's own code; the
stand-in then computes the result with numpy. ``tf.nest.flatten`` and ``tf.is_tensor`` convert
nothing, as in TensorFlow.

Use it only around code that imports TensorFlow itself: while it is importable, Keras reaches for
TensorFlow's types (``tf.TensorShape``) that the stand-in does not have.
"""
from __future__ import annotations

import sys
import types
from contextlib import contextmanager
from typing import Any, Iterator, List

import numpy as np


def _converted(value: Any) -> Any:
    if hasattr(value, "__tf_tensor__"):
        return value.__tf_tensor__()
    if isinstance(value, (list, tuple)):
        return [_converted(item) for item in value]
    return np.asarray(value)


def _flatten(structure: Any) -> List[Any]:
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    return [structure]


def standin_module() -> types.ModuleType:
    tf = types.ModuleType("tensorflow")
    tf.reduce_mean = lambda x, axis=None, keepdims=False: np.mean(  # type: ignore[attr-defined]
        _converted(x), axis=axis, keepdims=keepdims)
    tf.concat = lambda values, axis: np.concatenate(_converted(values), axis=axis)  # type: ignore[attr-defined]
    tf.is_tensor = lambda value: False  # type: ignore[attr-defined]  # an isinstance check in TensorFlow
    nn = types.ModuleType("tensorflow.nn")
    nn.relu = lambda x: np.maximum(_converted(x), 0)  # type: ignore[attr-defined]
    nest = types.ModuleType("tensorflow.nest")
    nest.flatten = _flatten  # type: ignore[attr-defined]
    tf.nn, tf.nest = nn, nest  # type: ignore[attr-defined]
    return tf


@contextmanager
def tensorflow_importable(when: bool = True) -> Iterator[None]:
    """``import tensorflow`` works inside: the real one when installed, else the stand-in (only
    ``when`` it is true: for code that imports TensorFlow itself)."""
    if not when:
        yield
        return
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        pass
    else:
        yield
        return
    from keras.src.utils import module_utils

    # Keras imports TensorFlow lazily, and remembers what it found: it must not keep the stand-in.
    lazy = module_utils.tensorflow
    remembered = (lazy.module, lazy._available)
    sys.modules["tensorflow"] = standin_module()
    try:
        yield
    finally:
        del sys.modules["tensorflow"]
        lazy.module, lazy._available = remembered
