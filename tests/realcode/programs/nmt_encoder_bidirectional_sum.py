# Modelled on AhmedElbana22/Neural-Machine-Translation-with-Attention, models/encoder.py (licence
# not stated): an encoder layer of a masked Embedding and a Bidirectional LSTM summing its two
# directions, in a functional model over token ids.
import tensorflow as tf


class Encoder(tf.keras.layers.Layer):
    def __init__(self, vocab_size, units):
        super(Encoder, self).__init__()

        self.embedding = tf.keras.layers.Embedding(
            input_dim=vocab_size,
            output_dim=units,
            mask_zero=True
        )

        self.rnn = tf.keras.layers.Bidirectional(
            merge_mode="sum",
            layer=tf.keras.layers.LSTM(
                units=units,
                return_sequences=True
            ),
        )

    def call(self, context):
        x = self.embedding(context)
        x = self.rnn(x)
        return x


VOCAB_SIZE = 5000
UNITS = 128

context = tf.keras.Input(shape=(None,), dtype="int32")
encoded = Encoder(VOCAB_SIZE, UNITS)(context)
pooled = tf.keras.layers.GlobalAveragePooling1D()(encoded)
logits = tf.keras.layers.Dense(VOCAB_SIZE)(pooled)
model = tf.keras.Model(context, logits)
