# Modelled on Engineering-Research-and-Development/synthetic-data-generator,
# src/generator/ai_lib/data_generator/models/keras/Sampling.py and implementation/TabularVAE.py
# (licence not stated): a Keras 3 Sampling layer with its own seed generator, and the encoder and
# decoder a class builds in a method from the width of the training data.
import keras
import numpy as np
from keras import layers, ops


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z."""

    def __init__(self, seed: int = 42, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class TabularVAE:
    def __init__(self, input_shape, latent_dim=2):
        self._latent_dim = latent_dim
        self.encoder, self.decoder = self._build(input_shape)

    def _build(self, input_shape):
        encoder_inputs = keras.Input(shape=input_shape)
        x = layers.Dense(32, activation="relu")(encoder_inputs)
        x = layers.Dense(64, activation="relu")(x)
        x = layers.Dense(16, activation="relu")(x)
        z_mean = layers.Dense(self._latent_dim, name="z_mean")(x)
        z_log_var = layers.Dense(self._latent_dim, name="z_log_var")(x)
        z = Sampling()([z_mean, z_log_var])
        encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")

        latent_inputs = keras.Input(shape=(self._latent_dim,))
        y = layers.Dense(16, activation="relu")(latent_inputs)
        y = layers.Dense(64, activation="relu")(y)
        y = layers.Dense(32, activation="relu")(y)
        decoder_outputs = layers.Dense(input_shape[0], activation="linear")(y)
        decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
        return encoder, decoder


data = np.load("train.npy")
vae = TabularVAE((data.shape[1],), latent_dim=3)
encoder = vae.encoder
decoder = vae.decoder
