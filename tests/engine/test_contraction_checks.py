"""LL104 for ``tensordot`` and ``einsum`` in a custom layer's ``call`` whose summed sizes cannot
match, and for a weight made in one orientation and used transposed by ``tf.matmul``: each program
is run in real Keras (numpy backend), and LL104 fires exactly where Keras raises."""
from __future__ import annotations

import contextlib
from typing import Iterator, List

from unittest import mock

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.engine.test_call_ops import _tensorflow_matmul
from tests.engine.test_custom_layers import keras_models
from tests.keras_diff import reference
from tests.keras_env import keras

_PROGRAM = '''import keras
from keras import layers, ops


class Contraction(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape={weight}, initializer="zeros")

    def call(self, x):
        return {op}


inputs = keras.Input(shape=(10, 8))
model = keras.Model(inputs, Contraction()(inputs))
'''

CASES = [
    ("(8, 4)", "ops.tensordot(x, self.w, axes=1)"),
    ("(4, 8)", "ops.tensordot(x, self.w, axes=1)"),
    ("(4, 8)", "ops.tensordot(x, self.w, axes=[[2], [1]])"),
    ("(4, 8)", "ops.tensordot(x, self.w, axes=([2], [0]))"),
    ("(10, 8)", "ops.tensordot(x, self.w, axes=2)"),
    ("(8, 10)", "ops.tensordot(x, self.w, axes=2)"),
    ("(8, 4)", "ops.einsum('btd,de->bte', x, self.w)"),
    ("(4, 8)", "ops.einsum('btd,de->bte', x, self.w)"),
    ("(4, 8)", "ops.einsum('btd,ed->bte', x, self.w)"),
    ("(10, 3)", "ops.einsum('btd,te->bde', x, self.w)"),
    ("(3, 3)", "ops.einsum('btd,te->bde', x, self.w)"),
]


def _raises_in_keras(source: str) -> bool:
    keras.backend.clear_session()
    try:
        exec(compile(source, "<contraction>", "exec"), {"__name__": "__main__"})
    except ValueError:
        return True
    return False


def _codes(source: str) -> List[str]:
    return [diagnostic.code for diagnostic in lint_source(source, "contraction.py", Settings())]


@pytest.mark.parametrize("weight, op", CASES)
def test_ll104_fires_on_a_contraction_exactly_where_keras_raises(weight: str, op: str) -> None:
    source = _PROGRAM.format(weight=weight, op=op)
    assert _codes(source) == (["LL104"] if _raises_in_keras(source) else [])


def test_some_of_the_cases_raise_and_some_do_not() -> None:
    raised = [case for case in CASES if _raises_in_keras(_PROGRAM.format(weight=case[0], op=case[1]))]
    assert 4 <= len(raised) <= len(CASES) - 4


TRANSPOSED = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Dense2(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=({first}, {second}))

    def call(self, x):
        return tf.matmul(x, self.w, transpose_b=True)


inputs = keras.Input(shape=(8,))
model = keras.Model(inputs, Dense2(4)(inputs))
'''


@contextlib.contextmanager
def _tensorflow_matmul_standin() -> Iterator[None]:
    with mock.patch.object(reference._TENSORFLOW, "matmul", _tensorflow_matmul, create=True):
        yield


@pytest.mark.parametrize("first, second", [("input_shape[-1]", "self.units"), ("self.units", "input_shape[-1]")])
def test_a_weight_used_transposed_by_tf_matmul_is_reported_where_keras_raises(first: str, second: str) -> None:
    source = TRANSPOSED.format(first=first, second=second)
    with _tensorflow_matmul_standin():
        try:
            keras_models(source)
        except ValueError:
            raised = True
        else:
            raised = False
    assert raised == (first == "input_shape[-1]")
    assert _codes(source) == (["LL104"] if raised else [])
