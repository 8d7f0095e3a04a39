# Modelled on aortiz24/forecast-covid19, covid_model.py (licence not stated): stacked relu LSTMs on windows of a series.
import sys

import numpy as np
from tensorflow.keras.layers import LSTM, Dense
from tensorflow.keras.models import Sequential


def split_sequences(sequences, n_steps):
    X, y = [], []
    for i in range(len(sequences) - n_steps):
        X.append(sequences[i:i + n_steps, :])
        y.append(sequences[i + n_steps, -1])
    return np.array(X), np.array(y)


n_steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
dataset = np.load("cases.npy")
X, y = split_sequences(dataset, n_steps)
n_element = X.shape[2]

model = Sequential()
model.add(LSTM(50, activation='relu', return_sequences=True, input_shape=(n_steps, n_element)))  # expect LL301
model.add(LSTM(50, activation='relu'))  # expect LL301
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
