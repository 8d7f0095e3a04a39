"""Importing real Keras in tests: the backend must be chosen before the first import, since a
user's ~/.keras/keras.json may name a backend that is not installed."""
from __future__ import annotations

import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore", module="keras")

import keras  # noqa: E402

__all__ = ["keras"]
