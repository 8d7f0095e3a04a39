# Modelled on singhamaninder/make_your_own_gpt, utils/positional_encoding.py (licence not stated): an
# even/odd sine-cosine table made with numpy in __init__ and sliced at the input's length in call,
# after a token Embedding and before a decoder block of MultiHeadAttention with a causal mask.
import numpy as np
import keras
from keras import layers, ops


class PositionalEncoding(layers.Layer):
    def __init__(self, max_len=5000, d_model=512, **kwargs):
        super(PositionalEncoding, self).__init__(**kwargs)
        pos = np.arange(max_len)[:, np.newaxis]
        i = np.arange(d_model)[np.newaxis, :]
        angle_rates = 1 / np.power(10000, (2 * (i // 2)) / np.float32(d_model))
        angle_rads = pos * angle_rates
        angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
        angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
        self.pos_encoding = ops.cast(angle_rads[np.newaxis, ...], dtype="float32")
        self.max_len = max_len
        self.d_model = d_model

    def call(self, x):
        return x + self.pos_encoding[:, :ops.shape(x)[1], :]

    def get_config(self):
        return {"max_len": self.max_len, "d_model": self.d_model}


VOCAB, SEQ_LEN, D_MODEL = 2000, 64, 48
tokens = keras.Input(shape=(SEQ_LEN,), dtype="int32")
x = layers.Embedding(VOCAB, D_MODEL)(tokens)
x = PositionalEncoding(max_len=SEQ_LEN, d_model=D_MODEL)(x)
attn = layers.MultiHeadAttention(num_heads=4, key_dim=D_MODEL // 4)(x, x, use_causal_mask=True)
x = layers.LayerNormalization(epsilon=1e-6)(x + attn)
ffn = layers.Dense(4 * D_MODEL, activation="gelu")(x)
x = layers.LayerNormalization(epsilon=1e-6)(x + layers.Dense(D_MODEL)(ffn))
logits = layers.Dense(VOCAB)(x)
model = keras.Model(tokens, logits)
