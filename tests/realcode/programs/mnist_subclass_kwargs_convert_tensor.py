# Modelled on shawroad/Tensorflow-Learning-Summary, tensorflow2/mnist_dataset_classify/model.py (licence
# not stated): the TF2 quick-start subclassed CNN with call(x, **kwargs), here with a Dropout given the
# training flag from kwargs, built by a call on a batch made with ops.convert_to_tensor.
import numpy as np
from keras import ops
from tensorflow.keras.layers import Conv2D, Flatten, Dense, Dropout
from tensorflow.keras import Model


class MyModel(Model):
    def __init__(self):
        super(MyModel, self).__init__()
        self.conv1 = Conv2D(32, 3, activation='relu')
        self.flatten = Flatten()
        self.d1 = Dense(128, activation='relu')
        self.drop = Dropout(0.5)
        self.d2 = Dense(10, activation='softmax')

    def call(self, x, **kwargs):
        x = self.conv1(x)
        x = self.flatten(x)
        x = self.d1(x)
        x = self.drop(x, training=kwargs.get("training"))
        return self.d2(x)


x_train = np.zeros((60, 28, 28), dtype="uint8")
x_train = x_train / 255.0
x_train = x_train[..., np.newaxis].astype("float32")
model = MyModel()
model(ops.convert_to_tensor(x_train[:32]))
