# Modelled on jdsalamanca/Unsupervised_GW_anomaly_detection, models/Keras_models/Keras_LSTM.py (licence not
# stated): a functional LSTM autoencoder sized by the data array it is given.
import numpy as np
from keras import regularizers
from keras.layers import LSTM, Dense, Input, RepeatVector, TimeDistributed
from keras.models import Model


def autoencoder_LSTM(X):
    inputs = Input(shape=(X.shape[1], X.shape[2]))
    L1 = LSTM(32, activation='tanh', return_sequences=True,
              kernel_regularizer=regularizers.l2(0.00))(inputs)
    L2 = LSTM(8, activation='tanh', return_sequences=False)(L1)
    L3 = RepeatVector(X.shape[1])(L2)
    L4 = LSTM(8, activation='tanh', return_sequences=True)(L3)
    L5 = LSTM(32, activation='tanh', return_sequences=True)(L4)
    output = TimeDistributed(Dense(X.shape[2]))(L5)  # expect LL391
    model = Model(inputs=inputs, outputs=output)
    return model


strain = np.load("strain.npy")
X_train = strain.reshape(strain.shape[0], 1, strain.shape[1])
model = autoencoder_LSTM(X_train)
model.compile(optimizer='adam', loss='mae')
