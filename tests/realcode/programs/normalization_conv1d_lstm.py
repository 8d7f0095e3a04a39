# Modelled on the time-series notebook style (a Normalization layer adapted on the training windows
# at the front of a Sequential, then Conv1D, stacked LSTMs and a Dense head), as in
# tensorflow/docs site/en/tutorials/structured_data/time_series.ipynb's conv and LSTM models.
import numpy as np
import keras
from keras import layers

WINDOW, FEATURES = 24, 5
train_windows = np.random.rand(64, WINDOW, FEATURES).astype("float32")

normalizer = layers.Normalization(axis=-1)
normalizer.adapt(train_windows)

model = keras.Sequential([
    keras.Input(shape=(WINDOW, FEATURES)),
    normalizer,
    layers.Conv1D(32, kernel_size=3, activation="relu"),
    layers.MaxPooling1D(2),
    layers.LSTM(32, return_sequences=True),
    layers.LSTM(16),
    layers.Dense(FEATURES),
])
