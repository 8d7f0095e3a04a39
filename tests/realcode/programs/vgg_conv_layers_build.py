# Modelled on yangqihe/pythonbasic, com/hongqi/python/tensorflow/HQTensorflow10.py (licence not stated): a list of
# VGG-style layers, Sequential(list).build(...) and a second head network.
import os

import tensorflow as tf
from tensorflow.keras import Sequential, layers

os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'

conv_layers = [
    layers.Conv2D(64, kernel_size=[3, 3], padding="same", activation="relu"),
    layers.Conv2D(64, kernel_size=[3, 3], padding="same", activation="relu"),
    layers.MaxPool2D(pool_size=[2, 2], strides=2, padding='same'),

    layers.Conv2D(128, kernel_size=[3, 3], padding='same', activation="relu"),
    layers.Conv2D(128, kernel_size=[3, 3], padding='same', activation="relu"),
    layers.MaxPool2D(pool_size=[2, 2], strides=2, padding='same'),

    layers.Conv2D(256, kernel_size=[3, 3], padding='same', activation="relu"),
    layers.Conv2D(256, kernel_size=[3, 3], padding='same', activation="relu"),
    layers.MaxPool2D(pool_size=[2, 2], strides=2, padding='same'),
]

conv_net = Sequential(conv_layers)
conv_net.build(input_shape=[None, 32, 32, 3])

fc_net = Sequential([
    layers.Dense(256, activation="relu"),
    layers.Dense(128, activation="relu"),
    layers.Dense(100, activation=None),
])
fc_net.build(input_shape=[None, 4096])
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-4)
