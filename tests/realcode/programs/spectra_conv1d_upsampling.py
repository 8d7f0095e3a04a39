# Modelled on csepreghy/spectral_analysis, spectral_analysis/unsupervised_learning/autoencoder/
# autoencoder4.py (licence not stated): a Conv1D autoencoder over windows of a spectrum, 'same'
# pooling down and UpSampling1D back up with one unpadded convolution between; the encoder is a
# model of its own. The window length comes from the data file.
import numpy as np
from keras.layers import Conv1D, Input, MaxPooling1D, UpSampling1D
from keras.models import Model

x_train = np.load("spectra.npy")
window_length = x_train.shape[1]

input_window = Input(shape=(window_length, 1))
x = Conv1D(16, 3, activation="relu", padding="same")(input_window)
x = MaxPooling1D(2, padding="same")(x)
x = Conv1D(1, 3, activation="relu", padding="same")(x)
encoded = MaxPooling1D(2, padding="same")(x)

encoder = Model(input_window, encoded)

x = Conv1D(1, 3, activation="relu", padding="same")(encoded)
x = UpSampling1D(2)(x)
x = Conv1D(16, 2, activation='relu')(x)
x = UpSampling1D(2)(x)
decoded = Conv1D(1, 3, activation='sigmoid', padding='same')(x)
autoencoder = Model(input_window, decoded)

autoencoder.compile(optimizer='adam', loss='binary_crossentropy')
