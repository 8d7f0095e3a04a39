# Modelled on Mobility-Scooter-Project/stability_model, src/nn/autoencoder_03.py (licence not
# stated): a plain class whose constructor builds a Conv1D / Conv1DTranspose autoencoder into
# self.model; the number of pose features comes from the data file.
import numpy as np
from keras import Input, Model, layers

TIMESTEPS = 16
VECTOR_SIZE = 10


class Encoder_Decoder:
    def __init__(self, number_of_features):
        inputs = Input(shape=(TIMESTEPS, number_of_features))
        x = layers.Conv1D(1, 3, padding="same")(inputs)
        outputs = layers.Conv1DTranspose(number_of_features, 3, padding="same")(x)
        self.model = Model(inputs=inputs, outputs=outputs)

    def target_function(self, data):
        x, y = data
        return x


poses = np.load("poses.npy")
model = Encoder_Decoder(poses.shape[-1]).model
