# Modelled on amh28/LSTM, Layer/MyLSTMCell.py (licence not stated), made runnable: a hand-written
# LSTM-style cell with two states, one fused kernel of four gates made in build() and split in
# call, under keras.layers.RNN in a Sequential, then a stack of two such cells.
import keras
from keras import layers, ops


class MyLSTMCell(layers.Layer):
    def __init__(self, num_cells, **kwargs):
        super(MyLSTMCell, self).__init__(**kwargs)
        self.num_cells = num_cells
        self.state_size = [num_cells, num_cells]
        self.output_size = num_cells

    def build(self, input_size):
        self.kernel = self.add_weight(name='kernel', shape=[input_size[-1], 4 * self.num_cells],
                                      initializer='uniform')
        self.recurrent_kernel = self.add_weight(name='recurrent_kernel',
                                                shape=[self.num_cells, 4 * self.num_cells], initializer='uniform')
        self.bias = self.add_weight(name='bias', shape=(4 * self.num_cells,), initializer='zeros')
        super(MyLSTMCell, self).build(input_size)

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        i, f, g, o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(f) * c_prev + ops.sigmoid(i) * ops.tanh(g)
        h = ops.sigmoid(o) * ops.tanh(c)
        return h, [h, c]


model = keras.Sequential([
    keras.Input(shape=(25, 6)),
    layers.RNN(MyLSTMCell(20), return_sequences=True),
    layers.RNN([MyLSTMCell(12), MyLSTMCell(8)]),
    layers.Dense(1),
])
