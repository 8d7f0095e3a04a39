# Modelled on guilhermecano/PypeCast, pypecast/models/LSTM.py (licence not stated): an optional hidden Dense layer.
import sys

import numpy as np
from keras.layers import Dense, LSTM
from keras.models import Sequential


def fit_lstm(train, n_lag, n_seq, n_batch, nb_epoch, h1, h2=None, actv='relu', loss_func='mse', opt='adam'):
    # reshape training into [samples, timesteps, features]
    X, y = train[:, 0:n_lag], train[:, n_lag:]
    X = X.reshape(X.shape[0], 1, X.shape[1])
    model = Sequential()
    model.add(LSTM(h1))
    if h2 is not None:
        model.add(Dense(h2, activation=actv))
    model.add(Dense(y.shape[1]))
    model.compile(loss=loss_func, optimizer=opt)
    model.build((None, 1, n_lag))
    return model


n_lag = 4
n_seq = 3
train = np.load("train.npy")
hidden = int(sys.argv[1]) if len(sys.argv) > 1 else None
model = fit_lstm(train, n_lag, n_seq, 1, 10, 24, hidden)
