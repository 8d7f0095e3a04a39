# Modelled on IvanBongiorni/maximal, docs/elements/transformerlayer.md and its sentiment tutorial
# (licence not stated): an encoder layer (depth, num_heads, pwff_nodes, rate) of MultiHeadAttention
# and a point-wise feed-forward Sequential, a list of them in a Model subclass, built by a call on
# keras.Input.
import keras
from keras import layers


class EncoderBlock(layers.Layer):
    def __init__(self, depth, num_heads, pwff_nodes, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.mha = layers.MultiHeadAttention(num_heads=num_heads, key_dim=depth // num_heads)
        self.ffn = keras.Sequential([layers.Dense(pwff_nodes, activation="relu"), layers.Dense(depth)])
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.drop1 = layers.Dropout(rate)
        self.drop2 = layers.Dropout(rate)

    def call(self, x, training=False):
        attn = self.drop1(self.mha(x, x), training=training)
        out1 = self.norm1(x + attn)
        ffn = self.drop2(self.ffn(out1), training=training)
        return self.norm2(out1 + ffn)


class TransformerClassifier(keras.Model):
    def __init__(self, vocab_size, maxlen, depth, num_heads, pwff_nodes, num_layers, num_classes):
        super().__init__()
        self.token_emb = layers.Embedding(vocab_size, depth)
        self.blocks = [EncoderBlock(depth, num_heads, pwff_nodes) for _ in range(num_layers)]
        self.pool = layers.GlobalAveragePooling1D()
        self.classifier = layers.Dense(num_classes, activation="softmax")

    def call(self, inputs, training=False):
        x = self.token_emb(inputs)
        for block in self.blocks:
            x = block(x, training=training)
        return self.classifier(self.pool(x))


MAXLEN = 30
model = TransformerClassifier(vocab_size=500, maxlen=MAXLEN, depth=32, num_heads=4, pwff_nodes=64,
                              num_layers=2, num_classes=3)
model(keras.Input(shape=(MAXLEN,)))
