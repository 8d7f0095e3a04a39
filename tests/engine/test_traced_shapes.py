"""Custom layers whose ``call`` reads sizes of its input (``ops.shape(x)[0]``, ``tf.shape(x)``) to
make tensors (the VAE's ``Sampling``): compared with real Keras 3, which traces the ``call`` on
placeholders and prints ``None`` where the size is the input's ``None`` axis.

TensorFlow is not a test dependency: the programs written with ``tf.*`` run on the reference's
stand-in ``tensorflow`` module, given here the Keras ops that compute what those TensorFlow
functions compute on the traced values (``tf.shape`` -> ``keras.ops.shape``, ``tf.exp`` ->
``keras.ops.exp``, ``tf.random.normal`` and ``tf.keras.backend.random_normal`` ->
``keras.random.normal``).
"""
from __future__ import annotations

import contextlib
import types
from typing import Iterator
from unittest import mock

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

VAE = '''import keras
from keras import layers, ops


class Sampling(layers.Layer):
    """Draws z from the mean and log-variance."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


latent_dim = 2
encoder_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
x = layers.Conv2D(16, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")

latent_inputs = keras.Input(shape=(latent_dim,))
x = layers.Dense(7 * 7 * 16, activation="relu")(latent_inputs)
x = layers.Reshape((7, 7, 16))(x)
x = layers.Conv2DTranspose(16, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Conv2DTranspose(8, 3, activation="relu", strides=2, padding="same")(x)
decoder_outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)
decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
'''

VAE_TF = '''import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = tf.shape(z_mean)[0]
        dim = tf.shape(z_mean)[1]
        epsilon = tf.keras.backend.random_normal(shape=(batch, dim))
        return z_mean + tf.exp(0.5 * z_log_var) * epsilon


class WholeShape(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = tf.random.normal(shape=tf.shape(z_mean))
        return z_mean + tf.exp(0.5 * z_log_var) * epsilon


inputs = keras.Input(shape=(6,))
hidden = layers.Dense(8, activation="relu")(inputs)
z_mean = layers.Dense(3, name="z_mean")(hidden)
z_log_var = layers.Dense(3, name="z_log_var")(hidden)
encoder = keras.Model(inputs, [Sampling()([z_mean, z_log_var]), WholeShape()([z_mean, z_log_var])])
'''


@contextlib.contextmanager
def _tensorflow_functions() -> Iterator[None]:
    backend = types.SimpleNamespace(random_normal=keras.random.normal)
    stand_in_keras = types.SimpleNamespace(**{name: getattr(keras, name) for name in dir(keras)
                                              if not name.startswith("__")})
    stand_in_keras.backend = backend
    functions = {"shape": keras.ops.shape, "exp": keras.ops.exp, "keras": stand_in_keras,
                 "random": types.SimpleNamespace(normal=keras.random.normal)}
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(reference._TENSORFLOW, name, value, create=True))
        yield


def test_the_vae_encoder_and_decoder_are_exact() -> None:
    expected = keras_models(VAE)
    assert [model["name"] for model in expected] == ["encoder", "decoder"]
    assert expected[0]["layers"][-1]["output_shape"] == [None, 2]
    assert differences(expected, lint_models(VAE), lines=True) == []
    assert all(not layer["unknown"] for model in lint_models(VAE) for layer in model["layers"])


def test_the_tensorflow_spelling_of_the_sampling_layer_is_exact() -> None:
    with _tensorflow_functions():
        expected = keras_models(VAE_TF)
    assert [layer["output_shape"] for layer in expected[0]["layers"][-2:]] == [[None, 3], [None, 3]]
    assert differences(expected, lint_models(VAE_TF), lines=True) == []


def test_sizes_a_trace_reads_from_the_input_are_not_taken_for_numbers() -> None:
    # ``x.shape[0]`` is None on TensorFlow's traces and a number on numpy's and JAX's; arithmetic or
    # a comparison on a size read with ops.shape differs between Keras's two traces: unknown.
    source = '''import keras
from keras import layers, ops


class Static(layers.Layer):
    def call(self, inputs):
        if inputs.shape[0] is None:
            return inputs[:, :1]
        return inputs


class Doubled(layers.Layer):
    def call(self, inputs):
        batch = ops.shape(inputs)[0]
        return ops.reshape(inputs, (batch * 2, -1))


class Compared(layers.Layer):
    def call(self, inputs):
        if ops.shape(inputs)[0] > 50:
            return inputs[:, :1]
        return inputs


inputs = keras.Input((4,))
model = keras.Model(inputs, [Static()(inputs), Doubled()(inputs), Compared()(inputs)])
'''
    rows = {layer["type"]: layer for layer in lint_models(source)[0]["layers"]}
    assert rows["Static"]["output_shape"] is None
    assert rows["Doubled"]["output_shape"] is None
    assert rows["Compared"]["output_shape"] is None


ATTENTION_KERAS_2_BACKEND = '''import tensorflow as tf
from tensorflow.keras.layers import LSTM, Dense, Input, Layer
from tensorflow.keras.models import Model


class Attention(Layer):
    def __init__(self):
        super(Attention, self).__init__()

    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1), initializer="random_normal",
                                 trainable=True)
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1), initializer="zeros", trainable=True)

    def call(self, inputs):
        e = tf.keras.backend.tanh(tf.keras.backend.dot(inputs, self.W) + self.b)
        alpha = tf.keras.backend.softmax(e, axis=1)
        context = inputs * alpha
        return tf.keras.backend.sum(context, axis=1)


inputs = Input((24, 5))
hidden = LSTM(16, return_sequences=True)(inputs)
model = Model(inputs, Dense(1)(Attention()(hidden)))
'''


@contextlib.contextmanager
def _keras_2_backend() -> Iterator[None]:
    # tf.keras.backend's Keras 2 functions, as the Keras ops computing the same on the traced
    # values (``dot`` of a matrix is ``matmul``).
    functions = {"tanh": keras.ops.tanh, "dot": keras.ops.matmul, "softmax": keras.ops.softmax,
                 "sum": keras.ops.sum}
    with contextlib.ExitStack() as stack:
        for name, value in functions.items():
            stack.enter_context(mock.patch.object(keras.backend, name, value, create=True))
        yield


def test_keras_2_backend_functions_in_a_traced_call_take_the_shapes_keras_gives() -> None:
    with _keras_2_backend():
        expected = keras_models(ATTENTION_KERAS_2_BACKEND)
    assert expected[0]["layers"][2]["output_shape"] == [None, 16]
    assert differences(expected, lint_models(ATTENTION_KERAS_2_BACKEND), lines=True) == []
