# Modelled on AlecBG/deep-learning-exercises, custom_layers/rnn_cell.py (licence not stated): a
# recurrent cell holding Dense sublayers for its output and its state update, wrapped in
# keras.layers.RNN and stacked over a sequence.
import keras
from keras import layers, ops


class RNNCell(layers.Layer):

    def __init__(self, units, state_dim, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = state_dim
        self.output_size = units
        self.stateless_output = layers.Dense(units)
        self.stateful_output = layers.Dense(units, use_bias=False)
        self.next_state = layers.Dense(state_dim, activation="tanh")

    def call(self, inputs, states):
        prev_state = states[0]
        output = self.stateless_output(inputs) + self.stateful_output(prev_state)
        new_state = self.next_state(ops.concatenate([inputs, prev_state], axis=-1))
        return output, [new_state]


inputs = keras.Input(shape=(20, 6))
x = layers.RNN(RNNCell(16, 8), return_sequences=True)(inputs)
x = layers.RNN(RNNCell(4, 12))(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
