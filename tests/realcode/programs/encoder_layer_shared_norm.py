# Modelled on ykung83/Driver-Intent-Prediction, models/blocks/encoder_layer.py (licence not stated):
# an encoder block that applies one LayerNormalization twice and keeps its feed-forward network in a
# Sequential, stacked over sensor windows.
from tensorflow.keras.layers import Layer, MultiHeadAttention, Dense, LayerNormalization, Input
from tensorflow.keras.layers import GlobalAveragePooling1D
from tensorflow.keras import Sequential, Model


class EncoderLayer(Layer):
    def __init__(self, total_heads, total_dense_units, embed_dim):
        super(EncoderLayer, self).__init__()
        self.multihead = MultiHeadAttention(num_heads=total_heads, key_dim=embed_dim)
        self.nnw = Sequential([Dense(total_dense_units, activation="relu"),
                               Dense(embed_dim)])
        self.normalize_layer = LayerNormalization()

    def call(self, inputs):
        attn_output = self.multihead(inputs, inputs)
        normalize_attn = self.normalize_layer(inputs + attn_output)
        nnw_output = self.nnw(normalize_attn)
        final_output = self.normalize_layer(normalize_attn + nnw_output)
        return final_output


SEQ_LEN, N_FEATURES, N_INTENTS = 90, 16, 5
inputs = Input(shape=(SEQ_LEN, N_FEATURES))
x = EncoderLayer(total_heads=4, total_dense_units=64, embed_dim=N_FEATURES)(inputs)
x = EncoderLayer(total_heads=4, total_dense_units=64, embed_dim=N_FEATURES)(x)
x = GlobalAveragePooling1D()(x)
outputs = Dense(N_INTENTS, activation="softmax")(x)
model = Model(inputs, outputs)
