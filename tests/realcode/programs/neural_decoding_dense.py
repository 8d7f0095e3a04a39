# Modelled on KordingLab/Neural_Decoding, Neural_Decoding/decoders.py (BSD-3-Clause): DenseNNRegression, whose units
# may be an int or a list (normalised with try/except), one hidden layer per entry.
import sys

import numpy as np
from keras.layers import Activation, Dense, Dropout
from keras.models import Sequential


class DenseNNRegression(object):

    def __init__(self, units=400, dropout=0, num_epochs=10, verbose=0):
        self.dropout = dropout
        self.num_epochs = num_epochs
        self.verbose = verbose

        # If "units" is an integer, put it in the form of a vector
        try:
            units[0]
        except TypeError:
            units = [units]
        self.units = units

        self.num_layers = len(units)

    def fit(self, X_flat_train, y_train):
        model = Sequential()
        model.add(Dense(self.units[0], input_dim=X_flat_train.shape[1]))
        model.add(Activation('relu'))
        if self.dropout != 0:
            model.add(Dropout(self.dropout))

        for layer in range(self.num_layers - 1):
            model.add(Dense(self.units[layer + 1]))
            model.add(Activation('relu'))
            if self.dropout != 0:
                model.add(Dropout(self.dropout))

        model.add(Dense(y_train.shape[1]))
        model.compile(loss='mse', optimizer='adam', metrics=['accuracy'])
        self.model = model


X_flat_train = np.load("neural_flat.npy")
y_train = np.load("kinematics_train.npy")
if len(sys.argv) > 1:
    units = [int(size) for size in sys.argv[1].split(",")]
else:
    units = 400
decoder = DenseNNRegression(units=units, dropout=0.25)
decoder.fit(X_flat_train, y_train)
model = decoder.model
