"""A subclassed model built by a call on a tensor made from literal data
(``keras.ops.convert_to_tensor([[2, 5, 1], ...])``, ``keras.ops.array(...)``): the tensor has the
data's shape, as a NumPy array of the same literal does. Compared row by row with real Keras."""
from __future__ import annotations

import pytest

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

_PROGRAM = '''import numpy as np
import keras
from keras import layers, ops


class Encoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.embedding = layers.Embedding(100, 8)
        self.lstm = layers.LSTM(4)

    def call(self, x):
        return self.lstm(self.embedding(x))


model = Encoder()
model({data})
'''

DATA = ["ops.convert_to_tensor([[2, 5, 1], [2, 5, 1]])", "ops.array([[2, 5, 1, 7]])",
        "ops.convert_to_tensor(np.array([[1, 2], [3, 4], [5, 6]]))"]


@pytest.mark.parametrize("data", DATA)
def test_a_model_built_on_a_tensor_of_literal_data_is_kerass(data: str) -> None:
    source = _PROGRAM.format(data=data)
    linted = lint_models(source)
    assert differences(keras_models(source), linted, lines=False) == []
    assert linted[0]["total_params"] is not None
