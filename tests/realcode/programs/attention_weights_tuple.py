# Modelled on mschongchulshin/fatigue_life_predictor, fatigue_life_predictor/attention.py (licence
# not stated): an attention layer whose build() adds a weight per feature and one per time step and
# whose call() returns the context vector and the attention weights, after a stacked LSTM.
from tensorflow.keras.layers import Layer, Input, LSTM, Dense, Dropout
from tensorflow.keras.models import Model
from tensorflow.keras import ops

TIME_STEPS = 30
N_FEATURES = 6


class Attention(Layer):
    def __init__(self, **kwargs):
        super(Attention, self).__init__(**kwargs)

    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1),
                                 initializer="glorot_uniform", trainable=True)
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1),
                                 initializer="zeros", trainable=True)
        super(Attention, self).build(input_shape)

    def call(self, x):
        e = ops.tanh(ops.matmul(x, self.W) + self.b)
        a = ops.softmax(e, axis=1)
        output = x * a
        return ops.sum(output, axis=1), a


def build_predictor(time_steps, n_features):
    inputs = Input(shape=(time_steps, n_features))
    x = LSTM(64, return_sequences=True)(inputs)
    x = Dropout(0.2)(x)
    x = LSTM(32, return_sequences=True)(x)
    context, weights = Attention(name="attention")(x)
    x = Dense(16, activation="relu")(context)
    out = Dense(1)(x)
    return Model(inputs, out)


model = build_predictor(TIME_STEPS, N_FEATURES)
model.compile(optimizer="adam", loss="mse")
