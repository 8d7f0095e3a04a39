# Modelled on sxy22/MyRecommender, Notes/FiBiNET/FiBiNET.md (licence not stated): the "all"-type
# bilinear interaction of FiBiNET (one weight shared by every field pair) as a custom layer whose
# weight and pairwise products are written with einsum.
import keras
from keras import layers, ops

NUM_FIELDS = 6
EMBED = 8


class BilinearInteraction(layers.Layer):
    def build(self, input_shape):
        self.W = self.add_weight(name="bilinear_weight", shape=(input_shape[-1], input_shape[-1]),
                                 initializer="glorot_uniform")

    def call(self, inputs):
        projected = ops.einsum("bfe,ed->bfd", inputs, self.W)
        return ops.einsum("bfd,bgd->bfg", projected, inputs)


fields = keras.Input(shape=(NUM_FIELDS,), dtype="int32")
embedded = layers.Embedding(100, EMBED)(fields)
pairs = BilinearInteraction()(embedded)
flat = layers.Flatten()(pairs)
hidden = layers.Dense(32, activation="relu")(flat)
outputs = layers.Dense(1, activation="sigmoid")(hidden)
model = keras.Model(fields, outputs)
