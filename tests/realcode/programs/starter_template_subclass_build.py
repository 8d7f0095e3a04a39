# Modelled on mavwong/Tensorflow-2.0-and-Keras-API-starter-template, model.py (licence not stated): a
# subclassed CNN whose constructor takes the sizes, built by a call on a slice of the image array.
import numpy as np
from tensorflow.keras.layers import Dense, Flatten, Conv2D
from tensorflow.keras import Model


class MyModel(Model):
    def __init__(self, n_inputs, n_classes):
        super(MyModel, self).__init__()
        self.n_inputs = n_inputs
        self.n_classes = n_classes
        self.conv1 = Conv2D(32, 3, activation='relu')
        self.flatten = Flatten()
        self.d1 = Dense(128, activation='relu')
        self.d2 = Dense(self.n_classes, activation='softmax')

    def call(self, x):
        x = self.conv1(x)
        x = self.flatten(x)
        x = self.d1(x)
        output = self.d2(x)
        return output


x_train = np.random.rand(64, 28, 28, 1).astype("float32")
model = MyModel(n_inputs=28 * 28, n_classes=10)
model(x_train[:8])
