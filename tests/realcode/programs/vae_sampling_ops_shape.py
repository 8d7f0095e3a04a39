# Modelled on zainakh/bci-representation-learning, Sampling.py (licence not stated): the VAE sampler
# sized by ops.shape(z_mean) (the original's tf.shape, ported to keras.ops), in a functional encoder
# over flattened EEG windows, and a decoder.
from keras import ops
import keras
from keras import layers

latent_dim = 8


class Sampling(layers.Layer):
    """Sample z from (z_mean, z_log_var)."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


encoder_inputs = keras.Input(shape=(64, 16))
x = layers.Flatten()(encoder_inputs)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")

latent_inputs = keras.Input(shape=(latent_dim,))
x = layers.Dense(64, activation="relu")(latent_inputs)
x = layers.Dense(64 * 16, activation="sigmoid")(x)
decoder_outputs = layers.Reshape((64, 16))(x)
decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
