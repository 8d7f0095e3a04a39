"""Importing real Keras in tests: the backend must be chosen before the first import, since a
user's ~/.keras/keras.json may name a backend that is not installed."""
from __future__ import annotations

import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore", module="keras")

import keras  # noqa: E402


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


__all__ = ["exported_name", "keras", "layer_class"]
