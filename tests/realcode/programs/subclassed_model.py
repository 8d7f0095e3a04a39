# Modelled on WZMIAOMIAO/deep-learning-for-image-processing, tensorflow_classification/Test1_official_demo/model.py
# (licence not stated): a subclassed Model, built by calling it on a batch.
import numpy as np
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Dense, Flatten


class MyModel(Model):
    def __init__(self):
        super(MyModel, self).__init__()
        self.conv1 = Conv2D(32, 3, activation='relu')
        self.flatten = Flatten()
        self.d1 = Dense(128, activation='relu')
        self.d2 = Dense(10, activation='softmax')

    def call(self, x, **kwargs):
        x = self.conv1(x)      # input[batch, 28, 28, 1] output[batch, 26, 26, 32]
        x = self.flatten(x)    # output [batch, 21632]
        x = self.d1(x)         # output [batch, 128]
        return self.d2(x)      # output [batch, 10]


model = MyModel()
model(np.zeros((1, 28, 28, 1), dtype="float32"))
