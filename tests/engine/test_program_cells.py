"""``RNN`` over cells of the program's own class mixed with Keras's cells, and ``Bidirectional``
over an RNN of the program's cell: each program runs in Keras and lstm-lint must give the same
rows (name, class, output shape, count) and totals, or unknowns."""
from __future__ import annotations

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

CELLS = '''import keras
from keras import layers, ops


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


class TwoStateCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.state_size = (units, 2 * units)
        self.output_size = 3

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 3))

    def call(self, inputs, states):
        return ops.matmul(inputs, self.kernel), states


'''

MIXED = CELLS + '''steps = keras.Input((9, 4))
# Each cell built on the output size of the one before: the Keras cells' kernels follow from it.
x = layers.RNN([layers.LSTMCell(8), MinimalRNNCell(4)], return_sequences=True)(steps)
y = layers.RNN([MinimalRNNCell(6), layers.GRUCell(5), layers.SimpleRNNCell(3)])(x)
states = layers.RNN([TwoStateCell(2), layers.GRUCell(7)], return_state=True)(x)
model = keras.Model(steps, [y] + list(states))
stacked = keras.Sequential([keras.Input((5, 2)), layers.RNN([MinimalRNNCell(3), layers.LSTMCell(2)]),
                            layers.Dense(1)])
'''


def test_rnn_over_keras_and_program_cells_gives_keras_rows() -> None:
    expected = keras_models(MIXED)
    assert [model["name"] for model in expected] == ["model", "stacked"]
    got = lint_models(MIXED)
    assert differences(expected, got, lines=True) == []
    assert all(not layer["unknown"] for model in got for layer in model["layers"])


CONFIGURED = CELLS + '''@keras.saving.register_keras_serializable()
class ConfiguredCell(layers.Layer):
    def __init__(self, units, extra=0, **kwargs):
        super().__init__(**kwargs)
        self.units = units + extra
        self.state_size = self.units
        self.gate = layers.Dense(2)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))
        self.recurrent = self.add_weight(shape=(self.units, self.units))

    def call(self, inputs, states):
        h = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent)
        return h, [h]

    def get_config(self):
        # The copies are made from this: with units only, they have no extra.
        return {**super().get_config(), "units": self.units - 1}


@keras.saving.register_keras_serializable()
class Rebuilt(ConfiguredCell):
    @classmethod
    def from_config(cls, config):
        return cls(**config)


inputs = keras.Input((10, 3))
model = keras.Model(inputs, layers.Dense(1)(layers.Bidirectional(layers.RNN(ConfiguredCell(8, extra=1)))(inputs)))
'''


def test_bidirectional_copies_are_made_from_the_cells_own_get_config() -> None:
    expected = keras_models(CONFIGURED)
    # Each copy's cell has 8 units (the config's), not the 9 the given cell has.
    assert expected[0]["layers"][1]["params"] == 2 * (3 * 8 + 8 * 8)
    got = lint_models(CONFIGURED)
    assert differences(expected, got, lines=True) == []


def test_bidirectional_over_a_cell_with_its_own_from_config_is_unknown() -> None:
    source = CONFIGURED.replace("layers.RNN(ConfiguredCell(8, extra=1))", "layers.RNN(Rebuilt(8, extra=1))")
    expected = keras_models(source)
    got = lint_models(source)
    # Its copies are made by a from_config lstm-lint does not run: their sizes are not known (the
    # given cell's 9 units are not the copies' 8), nor the input of the Dense after it.
    assert expected[0]["layers"][1]["output_shape"] == [None, 16]
    assert got[0]["layers"][1]["params"] is None and got[0]["layers"][1]["output_shape"] is None
    assert got[0]["layers"][2]["params"] is None and got[0]["total_params"] is None
    # The Dense is made before the cell (the callee first), so its name is known.
    assert got[0]["layers"][2]["name"] == expected[0]["layers"][2]["name"] == "dense"
