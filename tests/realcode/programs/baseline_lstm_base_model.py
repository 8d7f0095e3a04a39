# Modelled on phrugsa-limbunlom/SeGAN, model/BaseLine/training/LSTMModel.py (licence not stated):
# a base class keeping the input and output shapes, whose subclass builds a stacked LSTM Sequential
# in build_model(); the sizes come from the shape of the windowed training array.
import numpy as np
from tensorflow.keras.layers import Dense, Dropout, LSTM
from tensorflow.keras.models import Sequential


class BaseModel:
    def __init__(self, x_train, y_train):
        self.input_shape = (x_train.shape[1], x_train.shape[2])
        self.output_shape = y_train.shape[1]
        self.model = self.build_model()
        self.model.compile(optimizer="adam", loss="mse")

    def build_model(self):
        raise NotImplementedError


class LSTMModel(BaseModel):
    def build_model(self):
        model = Sequential()
        model.add(LSTM(units=50, return_sequences=True, input_shape=self.input_shape))
        model.add(Dropout(0.2))
        model.add(LSTM(units=50, return_sequences=False))
        model.add(Dropout(0.2))
        model.add(Dense(units=self.output_shape))
        return model


x_train = np.zeros((200, 24, 7), dtype="float32")
y_train = np.zeros((200, 3), dtype="float32")
model = LSTMModel(x_train, y_train).model
