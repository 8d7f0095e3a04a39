# Modelled on berquist/event-extraction-grabbag, attention_example.py (licence not stated):
# variable-length query and value token sequences share one Embedding and one Conv1D, meet in a
# dot-product Attention layer and are pooled and concatenated; the vocabulary comes from a file.
import tensorflow as tf

with open("vocab.txt") as handle:
    max_tokens = len(handle.read().split()) + 1
dimension = 17

query_input = tf.keras.Input(shape=(None,), dtype="int32")
value_input = tf.keras.Input(shape=(None,), dtype="int32")

# one embedding table for both inputs
token_embedding = tf.keras.layers.Embedding(max_tokens, dimension)
query_embeddings = token_embedding(query_input)
value_embeddings = token_embedding(value_input)

# one convolution for both, 'same' padding keeps the sequence lengths
cnn_layer = tf.keras.layers.Conv1D(
    filters=100,
    kernel_size=4,
    padding="same",
)
query_seq_encoding = cnn_layer(query_embeddings)
value_seq_encoding = cnn_layer(value_embeddings)

query_value_attention_seq = tf.keras.layers.Attention()(
    [query_seq_encoding, value_seq_encoding]
)

query_encoding = tf.keras.layers.GlobalAveragePooling1D()(query_seq_encoding)
query_value_attention = tf.keras.layers.GlobalAveragePooling1D()(
    query_value_attention_seq
)

input_layer = tf.keras.layers.Concatenate()([query_encoding, query_value_attention])

model = tf.keras.Model([query_input, value_input], input_layer)
