# Modelled on mehrdadep/deep-learning-nids, models/gru.py (licence not stated): a classmethod choosing the head.
import sys

import numpy as np
from keras.layers import Activation, Dense, Dropout, GRU
from keras.models import Sequential


class GRUModel:

    @classmethod
    def model(cls, run_type, shapes):
        model = Sequential()
        model.add(GRU(120, input_shape=shapes, return_sequences=True))
        model.add(Dropout(0.2))
        model.add(GRU(120, return_sequences=True))
        model.add(Dropout(0.2))
        model.add(GRU(120, return_sequences=False))
        model.add(Dropout(0.2))

        if run_type == 0:
            model.add(Dense(1))
            model.add(Activation('hard_sigmoid'))
        else:
            model.add(Dense(5))
            model.add(Activation('softmax'))

        return model


run_type = int(sys.argv[1])
x_train = np.load("kdd_train.npy")
x_train = np.reshape(x_train, (x_train.shape[0], 1, x_train.shape[1]))
net = GRUModel.model(run_type, (x_train.shape[1], x_train.shape[2]))
