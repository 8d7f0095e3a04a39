"""Importing real Keras in tests: the backend must be chosen before the first import, since a
user's ~/.keras/keras.json may name a backend that is not installed."""
from __future__ import annotations

import importlib.util
import os
import warnings
from typing import Any, Iterable, List

os.environ.setdefault("KERAS_BACKEND", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore", module="keras")

import keras  # noqa: E402
import pytest  # noqa: E402

from lstm_lint.layers import NEEDS_TENSORFLOW  # noqa: E402

TENSORFLOW = importlib.util.find_spec("tensorflow") is not None


def exported_name(class_name: str) -> str:
    """The name ``keras.layers`` exports a class under: its own, or else an alias (Keras 3.15
    exports ``GroupedQueryAttention`` only as ``GroupQueryAttention``)."""
    if hasattr(keras.layers, class_name):
        return class_name
    return next(name for name in dir(keras.layers)
                if getattr(getattr(keras.layers, name), "__name__", None) == class_name)


def layer_class(class_name: str) -> type:
    """The ``keras.layers`` class of that name (``type(layer).__name__``)."""
    found: type = getattr(keras.layers, exported_name(class_name))
    return found


def needs_tensorflow_reason(class_name: str) -> str:
    return (f"Keras constructs {class_name} only with TensorFlow installed, and TensorFlow is no test "
            f"dependency: its examples are checked against what Keras gave with TensorFlow "
            f"(tests/layers/lookup_truth.json, in tests/layers/test_lookup_layers.py)")


def built_by_keras(cases: Iterable[Any], recorded: bool = False) -> List[Any]:
    """Parameters of a test that constructs each case's class in Keras (a class name, or a tuple
    that starts with one): a class Keras constructs only with TensorFlow is skipped, saying why,
    where TensorFlow is not installed; and always with ``recorded``, for a test of an entry's
    examples, which for these classes are compared with the recording instead (on both backends
    and with string inputs, and regenerated where TensorFlow is installed)."""
    params = []
    for case in cases:
        values = case if isinstance(case, tuple) else (case,)
        name = values[0]
        skipped = name in NEEDS_TENSORFLOW and (recorded or not TENSORFLOW)
        marks = [pytest.mark.skip(reason=needs_tensorflow_reason(name))] if skipped else []
        params.append(pytest.param(*values, marks=marks))
    return params


__all__ = ["TENSORFLOW", "built_by_keras", "exported_name", "keras", "layer_class", "needs_tensorflow_reason"]
