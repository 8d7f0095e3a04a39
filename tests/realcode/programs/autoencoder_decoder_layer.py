# Modelled on NurbukeTeker/AutoEncoder, autoencoder.py (licence not stated), with the encoder and decoder models the
# classic tutorial derives from it (the decoder reuses the autoencoder's last layer).
import numpy as np
from keras.layers import Dense, Input
from keras.models import Model

x_train = np.load("x_train.npy")
x_train = x_train.reshape((len(x_train), np.prod(x_train.shape[1:])))

encoding_dim = 32
input_dim = x_train.shape[1]

input_layer = Input(shape=(input_dim,))
encoded = Dense(encoding_dim, activation='relu')(input_layer)
decoded = Dense(input_dim, activation='sigmoid')(encoded)

autoencoder = Model(input_layer, decoded)
encoder = Model(input_layer, encoded)

encoded_input = Input(shape=(encoding_dim,))
decoder_layer = autoencoder.layers[-1]
decoder = Model(encoded_input, decoder_layer(encoded_input))

autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')
