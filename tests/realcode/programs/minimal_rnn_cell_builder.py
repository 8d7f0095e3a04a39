# Modelled on jiangzhangpeng/AILearning, learn-keras/layers/recurrent/recurrent-start.py (licence not
# stated): a minimal RNN cell (its state size set before the base __init__, its build replacing
# itself) run by RNN inside a builder function, the cell's products written with the backend module.
import keras
import keras as K
from keras.layers import RNN


class MinimalRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(MinimalRNNCell, self).__init__(**kwargs)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer='uniform', name='kernel')
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer='uniform',
                                                name='kernel')
        self.build = True

    def call(self, inputs, states):
        prev_output = states[0]
        h = K.ops.dot(inputs, self.kernel)
        output = h + K.ops.dot(prev_output, self.recurrent_kernel)
        return output, [output]


def test1():
    # the cell in an RNN layer
    cell = MinimalRNNCell(32)
    x = keras.Input((None, 5))
    layer = RNN(cell, return_sequences=True)
    y = layer(x)
    y = RNN(MinimalRNNCell(8))(y)
    return keras.Model(x, keras.layers.Dense(1)(y))


model = test1()
