# Modelled on joadahl/thesis, betacluster/sampling.py (licence not stated): its two-input sampler, ported
# to keras.ops and keras.random, in an encoder/decoder pair of the usual VAE layout, with a Dense subclass
# in the encoder and the decoder's first Dense sized by int(np.prod(...)) of the pre-flatten shape.
import numpy as np
import keras
from keras import layers, ops


class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), mean=0., stddev=1.)
        return z_mean + ops.exp(z_log_var / 2) * epsilon


class ScaledDense(layers.Dense):
    def __init__(self, units, scale=1.0, **kwargs):
        super().__init__(units, **kwargs)
        self.scale = scale

    def call(self, inputs):
        return super().call(inputs) * self.scale


latent_dim = 4
shape_before_flattening = (7, 7, 16)

enc_in = keras.Input(shape=(28, 28, 1))
h = layers.Conv2D(16, 3, strides=4, padding="same", activation="relu")(enc_in)
h = layers.Flatten()(h)
h = ScaledDense(32, scale=0.5, activation="relu")(h)
z_mean = layers.Dense(latent_dim, name="z_mean")(h)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(enc_in, [z_mean, z_log_var, z], name="encoder")

dec_in = keras.Input(shape=(latent_dim,))
d = layers.Dense(int(np.prod(shape_before_flattening)), activation="relu")(dec_in)
d = layers.Reshape(shape_before_flattening)(d)
d = layers.Conv2DTranspose(8, 3, strides=4, padding="same", activation="relu")(d)
dec_out = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(d)
decoder = keras.Model(dec_in, dec_out, name="decoder")
