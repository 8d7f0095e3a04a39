"""A property of a class of the program's own that returns an attribute of ``self`` (the
MinimalRNNCell of the tf.keras docs: ``@property def state_size(self): return self.units``) has
that attribute's value, as Keras reads it when ``RNN(cell)`` builds. Compared with real Keras
(numpy backend)."""
from __future__ import annotations

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

CELL_WITH_PROPERTIES = '''import keras
from keras import layers, ops


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    @property
    def state_size(self):
        """One state, of the cell's width."""
        return self.units

    @property
    def output_size(self): return self.units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


model = keras.Sequential([
    keras.Input((20, 6)),
    layers.RNN(MinimalRNNCell(32), return_sequences=True),
    layers.RNN(MinimalRNNCell(16)),
    layers.Dense(1),
])
'''

# A property computing its value: not followed, the RNN's shape is unknown.
COMPUTED_PROPERTY = CELL_WITH_PROPERTIES.replace('''        """One state, of the cell's width."""
        return self.units''', '''        width = self.units
        return width''')


def test_a_property_returning_an_attribute_is_that_attribute() -> None:
    linted = lint_models(CELL_WITH_PROPERTIES)
    assert differences(keras_models(CELL_WITH_PROPERTIES), linted, lines=False) == []
    assert linted[0]["total_params"] is not None


def test_a_property_computing_its_value_is_not_followed() -> None:
    assert COMPUTED_PROPERTY != CELL_WITH_PROPERTIES
    keras_rows = keras_models(COMPUTED_PROPERTY)[0]["layers"]
    rows = lint_models(COMPUTED_PROPERTY)[0]["layers"]
    assert keras_rows[0]["output_shape"] == [None, 20, 32]
    assert rows[0]["output_shape"] is None
