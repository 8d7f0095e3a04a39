"""Keras's numpy backend traces a custom layer's ``call`` on ``np.empty`` placeholders
(backend/numpy/core.py compute_output_spec): their garbage integers make an ``Embedding`` inside
the call index out of range, where the other backends trace without values. The corpus runs its
programs with zeros in those placeholders instead, so that token-and-position embeddings and
encoders holding an Embedding build as they do under TensorFlow or JAX."""
from __future__ import annotations

import contextlib
from typing import Any, Iterator
from unittest import mock

import numpy as np


class _ZeroPlaceholders:
    """NumPy, with ``np.empty`` giving zeros."""

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    @staticmethod
    def empty(shape: Any, dtype: Any = None) -> Any:
        return np.zeros(shape, dtype)


@contextlib.contextmanager
def zero_placeholders() -> Iterator[None]:
    from keras.src.backend.numpy import core

    with mock.patch.object(core, "np", _ZeroPlaceholders()):
        yield
