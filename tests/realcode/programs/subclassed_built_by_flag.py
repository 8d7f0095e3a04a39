# Modelled on WZMIAOMIAO/deep-learning-for-image-processing, tensorflow_classification/Test1_official_demo/train.py
# (licence not stated): the demo's model class, built on a batch of images only when the script is
# asked to print its summary first.
import sys

import numpy as np
from tensorflow.keras.layers import Dense, Flatten, Conv2D
from tensorflow.keras import Model


class MyModel(Model):
    def __init__(self):
        super(MyModel, self).__init__()
        self.conv1 = Conv2D(32, 3, activation='relu')
        self.flatten = Flatten()
        self.d1 = Dense(128, activation='relu')
        self.d2 = Dense(10, activation='softmax')

    def call(self, x, **kwargs):
        x = self.conv1(x)
        x = self.flatten(x)
        x = self.d1(x)
        return self.d2(x)


model = MyModel()
if "--summary" in sys.argv:
    model(np.zeros((1, 28, 28, 1), dtype="float32"))
