"""Subclasses of a Keras layer class (``class MyDense(layers.Dense)``) with a ``call``, ``build`` or
``compute_output_shape`` of their own, compared row by row with real Keras.

Keras 3 computes such a layer's output in a functional model with the class's own shape method
(Dense's ``compute_output_shape``), so what the subclass's ``call`` returns around
``super().call(x)`` is never run for the summary; its ``build`` runs in place of the class's, and
builds the class's weights only through ``super().build(input_shape)``.
"""
from __future__ import annotations

from typing import Any, Dict

import pytest

from lstm_lint import analyse_source
from tests.engine.test_custom_layers import by_name, keras_models, lint_models
from tests.keras_env import keras
from tests.keras_diff.compare import differences

OVERRIDES = '''import keras
from keras import layers, ops


class MyDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)

    def call(self, x):
        return super().call(x) * 2


class Expanded(layers.Dense):
    def call(self, x):
        # Never run for the summary: Dense's compute_output_shape gives the row's shape.
        return ops.expand_dims(super(Expanded, self).call(x), 1)


class MyLSTM(keras.layers.LSTM):
    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)


class Conv(layers.Conv2D):
    def build(self, input_shape):
        super().build(input_shape)
        self.extra = self.add_weight(shape=(3,))

    def call(self, x):
        return ops.relu(super().call(x))


class OwnWeightsOnly(layers.Dense):
    def build(self, input_shape):
        self.extra = self.add_weight(shape=(3,))


class ScaledDense(layers.Dense):
    def __init__(self, units, scale=2.0, **kwargs):
        super(ScaledDense, self).__init__(units, **kwargs)
        self.scale = scale

    def call(self, inputs):
        return super(ScaledDense, self).call(inputs) * self.scale


class GatedDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.gate = layers.Dense(units, activation="sigmoid")

    def build(self, input_shape):
        super().build(input_shape)
        self.gate.build(input_shape)
        self.bonus = self.add_weight(shape=(self.units,), initializer="zeros", trainable=False)

    def call(self, x):
        return super().call(x) * self.gate(x) + self.bonus


class Pooled(layers.Dense):
    def compute_output_shape(self, input_shape):
        shape = super().compute_output_shape(input_shape)
        return (shape[0], shape[-1])

    def call(self, x):
        return ops.mean(super().call(x), axis=1)


class MyGRU(layers.GRU):
    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)


class AlwaysDrop(layers.Dropout):
    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


inputs = keras.Input((5, 3))
x = MyLSTM(4, return_sequences=True)(inputs)
x = MyDense(6)(x)
x = Expanded(2)(x)
x = OwnWeightsOnly(2)(x)
model = keras.Model(inputs, x)

image = keras.Input((8, 8, 3))
conv = keras.Model(image, Conv(4, 3)(image))

tokens = keras.Input((6,), dtype="int32")
x = layers.Embedding(50, 4, mask_zero=True)(tokens)
x = MyGRU(5, return_sequences=True)(x)
x = AlwaysDrop(0.2)(x)
x = ScaledDense(3, name="scaled")(x)
x = GatedDense(4)(x)
x = Pooled(2)(x)
masked = keras.Model(tokens, x)
'''


def test_subclasses_calling_super_call_and_super_build_count_as_keras_does() -> None:
    expected = keras_models(OVERRIDES)
    assert [layer["output_shape"] for layer in expected[0]["layers"]][3] == [None, 5, 2]  # not expand_dims
    assert expected[2]["non_trainable_params"] == 4  # GatedDense's frozen weight
    assert differences(expected, lint_models(OVERRIDES), lines=True) == []


RNN_WITHOUT_STATE_ARGUMENT = '''import keras
from keras import layers


class KerasTwoStyle(layers.LSTM):
    def call(self, inputs, mask=None, training=None, initial_state=None):
        return super().call(inputs, mask=mask, training=training, initial_state=initial_state)


inputs = keras.Input((5, 3))
model = keras.Model(inputs, KerasTwoStyle(4)(inputs))
'''


def test_a_recurrent_subclass_whose_call_renames_the_sequences_is_unknown() -> None:
    # LSTM's build takes ``sequences_shape``: Keras 3 raises unless the call has ``sequences``.
    with pytest.raises(ValueError, match="does not have argument `sequences`"):
        keras_models(RNN_WITHOUT_STATE_ARGUMENT)
    row = by_name(RNN_WITHOUT_STATE_ARGUMENT)["model"]["layers"][1]
    assert (row["name"], row["output_shape"], row["params"]) == ("keras_two_style", None, None)


def test_what_a_subclass_builds_on_some_paths_or_on_another_shape_is_unknown() -> None:
    source = '''import sys
import keras
from keras import layers


class Elsewhere(layers.Dense):
    def build(self, input_shape):
        super().build((None, 7))


class Sometimes(layers.Dense):
    def build(self, input_shape):
        if len(sys.argv) > 1:
            super().build(input_shape)


class Cell(layers.GRUCell):
    def call(self, inputs, states, training=False):
        return super().call(inputs, states, training=training)


inputs = keras.Input((4,))
model = keras.Model(inputs, [Elsewhere(2)(inputs), Sometimes(3)(inputs)])
sequences = keras.Input((5, 4))
recurrent = keras.Model(sequences, layers.RNN(Cell(3))(sequences))
'''
    models = by_name(source)
    rows = {layer["type"]: layer for layer in models["model"]["layers"]}
    assert rows["Elsewhere"]["params"] is None
    assert rows["Sometimes"]["params"] is None
    assert models["model"]["total_params"] is None
    assert models["recurrent"]["total_params"] is None


TRACED_SUBCLASS_CALL = '''import numpy as np
import keras
from keras import layers


class NoisyDense(layers.Dense):
    def __init__(self, units):
        super().__init__(units)
        self.noise = layers.GaussianNoise(0.1)

    def call(self, x):
        return self.noise(super().call(x))[:, :2]


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = NoisyDense(4)
        self.b = layers.Dense(3)

    def call(self, x):
        return self.b(self.a(x))


model = Net()
model({argument})
'''


@pytest.mark.parametrize("argument", ["np.zeros((2, 8))", "keras.Input((8,))"])
def test_a_keras_class_subclass_called_in_a_traced_call_runs_its_own_call(argument: str) -> None:
    """Inside a subclassed model's ``call`` layers run on the backend's tensors: Keras runs the
    subclass's own ``call`` (which keeps 2 of Dense's 4 units here), not Dense's shape method, so
    the next layer is built on 2 features, and lstm-lint runs that call as Keras does."""
    source = TRACED_SUBCLASS_CALL.format(argument=argument)
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(source, "<traced>", "exec"), namespace)
    (model,) = analyse_source(source, "traced.py").models
    assert model.total_params == namespace["model"].count_params() == 45
