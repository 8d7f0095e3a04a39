# Modelled on sulthanashams/critical-commuters, attention_layer.py (licence not stated): an
# attention pool whose square weight is applied with tensordot, then a weighted sum over time
# after a stacked LSTM.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models
from tensorflow.keras import ops


class Attention(layers.Layer):
    def __init__(self, **kwargs):
        super(Attention, self).__init__(**kwargs)

    def build(self, input_shape):
        self.W = self.add_weight(
            name="att_weight",
            shape=(input_shape[-1], input_shape[-1]),
            initializer="random_normal",
            trainable=True
        )
        self.b = self.add_weight(
            name="att_bias",
            shape=(input_shape[-1],),
            initializer="zeros",
            trainable=True
        )
        super(Attention, self).build(input_shape)

    def call(self, x):
        e = ops.tanh(ops.tensordot(x, self.W, axes=1) + self.b)
        a = ops.softmax(e, axis=1)
        return ops.sum(x * a, axis=1)


X_train = np.zeros((64, 24, 7), dtype="float32")

inp = layers.Input(shape=(X_train.shape[1], X_train.shape[2]))
h = layers.LSTM(64, return_sequences=True)(inp)
h = layers.Dropout(0.2)(h)
h = layers.LSTM(32, return_sequences=True)(h)
context = Attention()(h)
out = layers.Dense(16, activation="relu")(context)
out = layers.Dense(1, activation="sigmoid")(out)
model = models.Model(inp, out)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3), loss="binary_crossentropy")
