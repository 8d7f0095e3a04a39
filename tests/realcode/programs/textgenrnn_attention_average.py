# Modelled on Piotrekszmel/Text-Generation-RNN, textgenrnn/AttentionWeightedAverage.py, model.py and
# utils.py (licence not stated): a layer with its own weight, a call taking the mask and a
# compute_mask that drops it, on top of a loop of recurrent layers whose kind and sizes come from a
# JSON configuration. The Keras 2 backend calls (K.dot, K.exp, ...) are written with keras.ops, and
# ``self.trainable_weights = [self.W]`` is left out: Keras 3 has neither.
import json

from keras import ops
from keras.layers import LSTM, Bidirectional, Dense, Embedding, Input, Layer, SpatialDropout1D, concatenate
from keras.models import Model


class AttentionWeightedAverage(Layer):
    def __init__(self, return_attention=False, **kwargs):
        self.supports_masking = True
        self.return_attention = return_attention
        super().__init__(**kwargs)

    def build(self, input_shape):
        assert len(input_shape) == 3
        self.W = self.add_weight(shape=(input_shape[2], 1), name="{}_W".format(self.name), initializer="uniform")
        super().build(input_shape)

    def call(self, x, mask=None):
        logits = ops.matmul(x, self.W)
        x_shape = ops.shape(x)
        logits = ops.reshape(logits, (x_shape[0], x_shape[1]))
        ai = ops.exp(logits - ops.max(logits, axis=-1, keepdims=True))
        if mask is not None:
            ai = ai * ops.cast(mask, "float32")
        att_weights = ai / (ops.sum(ai, axis=1, keepdims=True) + 1e-7)
        result = ops.sum(x * ops.expand_dims(att_weights, -1), axis=1)
        if self.return_attention:
            return [result, att_weights]
        return result

    def compute_output_shape(self, input_shape):
        output_len = input_shape[2]
        if self.return_attention:
            return [(input_shape[0], output_len), (input_shape[0], input_shape[1])]
        return (input_shape[0], output_len)

    def compute_mask(self, input, input_mask=None):
        if isinstance(input_mask, list):
            return [None] * len(input_mask)
        return None


def new_rnn(cfg, layer_num):
    if cfg["rnn_bidirectional"]:
        return Bidirectional(LSTM(cfg["rnn_size"], return_sequences=True, recurrent_activation="sigmoid"),
                             name="rnn_{}".format(layer_num))
    return LSTM(cfg["rnn_size"], return_sequences=True, recurrent_activation="sigmoid",
                name="rnn_{}".format(layer_num))


def textgenrnn_model(num_classes, cfg, dropout=0.0):
    input = Input(shape=(cfg["max_length"],), name="input")
    embedded = Embedding(num_classes, cfg["dim_embeddings"], name="embedding")(input)

    if dropout > 0.0:
        embedded = SpatialDropout1D(dropout, name="dropout")(embedded)

    rnn_layer_list = []
    for i in range(cfg["rnn_layers"]):
        prev_layer = embedded if i == 0 else rnn_layer_list[-1]
        rnn_layer_list.append(new_rnn(cfg, i + 1)(prev_layer))

    seq_concat = concatenate([embedded] + rnn_layer_list, name="rnn_concat")
    attention = AttentionWeightedAverage(name="attention")(seq_concat)
    output = Dense(num_classes, name="output", activation="softmax")(attention)
    return Model(inputs=[input], outputs=[output])


with open("config.json") as f:
    config = json.load(f)
model = textgenrnn_model(config["num_classes"], config, dropout=config.get("dropout", 0.0))
