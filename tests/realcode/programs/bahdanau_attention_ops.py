# Modelled on sweetchild222/model, seq2seq_attention/bahdanau_attention.py (licence not stated):
# additive attention with three Dense sublayers, a time axis added to the query, softmax over time
# and a weighted sum; both the context and the weights are returned, in a functional model.
import keras
from keras import layers, ops


class BahdanauAttention(layers.Layer):
    def __init__(self, units):
        super(BahdanauAttention, self).__init__()
        self.w1 = layers.Dense(units)
        self.w2 = layers.Dense(units)
        self.v = layers.Dense(1)

    def call(self, query, values):
        query_with_time_axis = ops.expand_dims(query, 1)
        score = self.v(ops.tanh(self.w1(query_with_time_axis) + self.w2(values)))
        attention_weights = ops.softmax(score, axis=1)
        context_vector = attention_weights * values
        context_vector = ops.sum(context_vector, axis=1)
        return context_vector, attention_weights


encoder_inputs = keras.Input(shape=(20,))
embedded = layers.Embedding(800, 32)(encoder_inputs)
enc_output, enc_hidden = layers.GRU(64, return_sequences=True, return_state=True)(embedded)
context, weights = BahdanauAttention(10)(enc_hidden, enc_output)
merged = layers.Concatenate()([context, enc_hidden])
outputs = layers.Dense(800, activation="softmax")(merged)
model = keras.Model(encoder_inputs, [outputs, weights])
