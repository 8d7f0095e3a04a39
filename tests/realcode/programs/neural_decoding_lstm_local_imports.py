# Modelled on KordingLab/Neural_Decoding, Neural_Decoding/decoders.py (BSD-3-Clause), the version that imports Keras
# inside fit() and picks Keras 1 or Keras 2 arguments by keras.__version__.
import sys

import numpy as np


class LSTMRegression(object):

    def __init__(self, units=400, dropout=0, num_epochs=10, verbose=0):
        self.units = units
        self.dropout = dropout
        self.num_epochs = num_epochs
        self.verbose = verbose

    def fit(self, X_train, y_train):
        import keras
        keras_v1 = int(keras.__version__[0]) <= 1
        from keras.layers import Dense, LSTM, Dropout
        from keras.models import Sequential

        model = Sequential()
        if keras_v1:
            model.add(LSTM(self.units, input_shape=(X_train.shape[1], X_train.shape[2]),
                           dropout_W=self.dropout, dropout_U=self.dropout))
        else:
            model.add(LSTM(self.units, input_shape=(X_train.shape[1], X_train.shape[2]),
                           dropout=self.dropout, recurrent_dropout=self.dropout))  # never LL301
        if self.dropout != 0:
            model.add(Dropout(self.dropout))
        model.add(Dense(y_train.shape[1]))
        model.compile(loss='mse', optimizer='rmsprop', metrics=['accuracy'])
        self.model = model


X_train = np.load("neural_train.npy")
y_train = np.load("kinematics_train.npy")
dropout = float(sys.argv[1]) if len(sys.argv) > 1 else 0
decoder = LSTMRegression(units=40, dropout=dropout, num_epochs=5)
decoder.fit(X_train, y_train)
model = decoder.model
