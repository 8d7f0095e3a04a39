# Modelled on Denys88/rl_games, casual_conv1d.py (licence not stated): a Conv1D subclass that locks
# padding to 'valid' and left-pads its input in call() before the parent's call, stacked with dilations.
import numpy as np
import keras
from keras import layers, ops


class CausalConv1D(layers.Conv1D):
    def __init__(self, filters, kernel_size, strides=1, dilation_rate=1, activation=None, use_bias=True,
                 name=None, **kwargs):
        super(CausalConv1D, self).__init__(filters=filters, kernel_size=kernel_size, strides=strides,
                                           padding='valid', data_format='channels_last',
                                           dilation_rate=dilation_rate, activation=activation,
                                           use_bias=use_bias, name=name, **kwargs)

    def call(self, inputs):
        padding = (self.kernel_size[0] - 1) * self.dilation_rate[0]
        inputs = ops.pad(inputs, [[0, 0], [padding, 0], [0, 0]])
        return super(CausalConv1D, self).call(inputs)


x_train = np.zeros((32, 50, 3), dtype="float32")
inputs = keras.Input(shape=x_train.shape[1:])
h = inputs
for rate in (1, 2, 4):
    h = CausalConv1D(16, 3, dilation_rate=rate, activation="relu")(h)
h = layers.GlobalAveragePooling1D()(h)
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
