"""The model files the integration tests commit and lint: one with a problem, one without."""

# An LSTM with activation="relu" builds, but cannot use the fused cuDNN kernel: LL301.
BAD_MODEL = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 3)),
    layers.LSTM(32, activation="relu"),
    layers.Dense(1),
])
'''
GOOD_MODEL = BAD_MODEL.replace(', activation="relu"', "")
