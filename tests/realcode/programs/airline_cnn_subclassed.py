# Modelled on tobi-spec/Machine-Learning, tabular_data/timeseries_univariat/AirlinePassengers/Keras/CNN/
# airline_passengers_keras_cnn_model.py (licence not stated): a subclassed Conv1D forecaster, built by a call
# on windows whose look-back is read from a file, and one built on keras.Input.
import numpy as np
from keras import Input, Model, layers


class CNNModel(Model):
    def __init__(self):
        super().__init__()
        self.cnn = layers.Conv1D(filters=64, kernel_size=3, activation="relu")
        self.pooling = layers.MaxPooling1D(pool_size=2)
        self.flatten = layers.Flatten()
        self.dense1 = layers.Dense(units=50, activation="relu")
        self.dense2 = layers.Dense(units=1, activation="relu")

    def call(self, inputs):
        x = self.cnn(inputs)
        x = self.pooling(x)
        x = self.flatten(x)
        x = self.dense1(x)
        return self.dense2(x)


passengers = np.load("passengers.npy")
with open("look_back.txt") as handle:
    look_back = int(handle.read())

model = CNNModel()
model.compile(optimizer="adam", loss="mse")
model(np.zeros((8, look_back, 1)))

baseline = CNNModel()
baseline(Input((12, 1)))
