# Modelled on dkohlsdorf/cetacea_transformer, lib_cetacea/positional_embedding.py (licence not stated):
# a sinusoidal table made by a classmethod in __init__, scaled input plus a slice of the table cut at
# the input's length.
import numpy as np
import keras
from keras import layers, ops


class PositionalEmbedding(layers.Layer):
    def __init__(self, d_model):
        super().__init__()
        self.d_model = d_model
        self.pos_encoding = PositionalEmbedding.positional_encoding(length=256, depth=d_model)

    @classmethod
    def positional_encoding(cls, length, depth):
        depth = depth / 2
        positions = np.arange(length)[:, np.newaxis]
        depths = np.arange(depth)[np.newaxis, :] / depth
        angle_rates = 1 / (10000 ** depths)
        angle_rads = positions * angle_rates
        pos_encoding = np.concatenate([np.sin(angle_rads), np.cos(angle_rads)], axis=-1)
        return ops.cast(pos_encoding, dtype="float32")

    def call(self, x):
        length = ops.shape(x)[1]
        x *= ops.sqrt(ops.cast(self.d_model, "float32"))
        x = x + self.pos_encoding[np.newaxis, :length, :]
        return x


D_MODEL = 32
inputs = keras.Input(shape=(40,))
x = layers.Embedding(1000, D_MODEL)(inputs)
x = PositionalEmbedding(D_MODEL)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
