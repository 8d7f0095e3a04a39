# Modelled on WZMIAOMIAO/deep-learning-for-image-processing, tensorflow_classification/Test1_official_demo/model.py
# (licence not stated): the official demo's convolutional model class; the module makes one for the
# training script, which builds it on its first batch.
from tensorflow.keras.layers import Dense, Flatten, Conv2D, Embedding
from tensorflow.keras import Model


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


class TokenModel(Model):
    # The same shape of class over token ids: an Embedding's weights depend on no input, yet
    # Keras 3 makes them only when the model is built.
    def __init__(self, vocab_size=1000, dim=16):
        super(TokenModel, self).__init__()
        self.embedding = Embedding(vocab_size, dim)
        self.flatten = Flatten()
        self.d1 = Dense(10, activation='softmax')

    def call(self, x, **kwargs):
        return self.d1(self.flatten(self.embedding(x)))


model = MyModel()
tokens = TokenModel()
