# Modelled on mschongchulshin/fatigue_life_predictor fatigue_life_predictor/attention.py and model.py
# The attention layer returns the pooled sequence and its weights; the model's two outputs are
# unpacked as ``y_pred, _ = model.predict(X)``. Ported from tf.keras.backend (K.tanh, K.dot,
# K.softmax, K.sum) to keras.ops, which Keras 3 keeps.
import numpy as np
from tensorflow.keras import ops
from tensorflow.keras.layers import LSTM, Dense, Dropout, Input, Layer
from tensorflow.keras.models import Model


class Attention(Layer):
    def __init__(self, **kwargs):
        super(Attention, self).__init__(**kwargs)

    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1),
                                 initializer="glorot_uniform", trainable=True)
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1),
                                 initializer="zeros", trainable=True)
        super(Attention, self).build(input_shape)

    def call(self, x):
        e = ops.tanh(ops.matmul(x, self.W) + self.b)
        a = ops.softmax(e, axis=1)
        output = x * a
        return ops.sum(output, axis=1), a


def build_model(timesteps, features):
    inputs = Input(shape=(timesteps, features))
    x = LSTM(64, return_sequences=True)(inputs)
    x = Dropout(0.2)(x)
    context, weights = Attention(name="attention")(x)
    outputs = Dense(1)(context)
    return Model(inputs, [outputs, weights])


cycles = np.load("cycles.npy")
model = build_model(cycles.shape[1], cycles.shape[2])
model.compile(optimizer="adam", loss=["mse", None])
