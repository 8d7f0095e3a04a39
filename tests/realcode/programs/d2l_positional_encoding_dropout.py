# Modelled on biswajitsahoo1111/D2L_Attention_Mechanisms_in_TF, saved_class_PositionalEncoding.py
# (licence not stated): a numpy table P filled by strided assignment, added up to X.shape[1], then
# a Dropout sublayer called with training.
import numpy as np
import keras
from keras import layers


class PositionalEncoding(layers.Layer):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = layers.Dropout(dropout)
        self.P = np.zeros((1, max_len, num_hiddens))
        X = np.arange(max_len, dtype=np.float32).reshape(-1, 1) / np.power(
            10000, np.arange(0, num_hiddens, 2, dtype=np.float32) / num_hiddens)
        self.P[:, :, 0::2] = np.sin(X)
        self.P[:, :, 1::2] = np.cos(X)

    def call(self, X, training=None):
        X = X + self.P[:, :X.shape[1], :]
        return self.dropout(X, training=training)


num_hiddens, num_steps = 32, 60
inputs = keras.Input(shape=(num_steps, num_hiddens))
x = PositionalEncoding(num_hiddens, 0.1)(inputs)
x = layers.Bidirectional(layers.LSTM(16))(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
