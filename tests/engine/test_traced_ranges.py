"""``tf.shape(x)[-1]`` with ``tf.range`` in a custom layer's ``call`` (the tf.keras examples'
TokenAndPositionEmbedding, which embeds the positions first and adds them to the embedded tokens),
compared row by row with real Keras, on inputs of a known and of a free length."""
from __future__ import annotations

import pytest

from tests.engine.test_call_ops import _tensorflow_functions
from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

TOKEN_AND_POSITION = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = tf.shape(x)[-1]
        positions = tf.range(start=0, limit=maxlen, delta=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


inputs = layers.Input(shape=({length},))
x = TokenAndPositionEmbedding(200, 2000, 32)(inputs)
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(inputs=inputs, outputs=layers.Dense(2, activation="softmax")(x))
'''


@pytest.mark.parametrize("length", ["200", "None"])
def test_positions_from_a_traced_range_give_keras_rows(length: str) -> None:
    source = TOKEN_AND_POSITION.format(length=length)
    with _tensorflow_functions():
        expected = keras_models(source)
    assert expected[0]["layers"][1]["params"] == 2000 * 32 + 200 * 32
    got = lint_models(source)
    assert differences(expected, got, lines=True) == []
