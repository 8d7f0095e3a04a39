# Modelled on the regression tutorial style of tensorflow/docs, site/en/tutorials/keras/regression.ipynb
# as copied into many repositories (Apache-2.0): a Normalization layer adapted on the training
# features, then a builder that puts it first in a Sequential, built by predict (fit in the tutorial).
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

train_features = np.random.rand(60, 9).astype("float32")
train_labels = np.random.rand(60).astype("float32")

normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(train_features))


def build_and_compile_model(norm):
    model = keras.Sequential([
        norm,
        layers.Dense(64, activation='relu'),
        layers.Dense(64, activation='relu'),
        layers.Dense(1)
    ])
    model.compile(loss='mean_absolute_error', optimizer=tf.keras.optimizers.Adam(0.001))
    return model


dnn_model = build_and_compile_model(normalizer)
test_predictions = dnn_model.predict(train_features, verbose=0).flatten()
