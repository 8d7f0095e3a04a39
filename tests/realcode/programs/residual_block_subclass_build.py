# Modelled on gigi-igig/Fashion-MNIST-gan, models/resnet.py (licence not stated): a residual block
# layer (two bias-free convolutions with batch norm, relu of the sum) inside a Model subclass,
# built by a call on keras.Input.
import keras
from keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, filters, kernel_size=3):
        super().__init__()
        self.conv1 = layers.Conv2D(filters, kernel_size, padding='same', use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.relu = layers.ReLU()
        self.conv2 = layers.Conv2D(filters, kernel_size, padding='same', use_bias=False)
        self.bn2 = layers.BatchNormalization()

    def call(self, inputs, training=False):
        x = self.conv1(inputs)
        x = self.bn1(x, training=training)
        x = self.relu(x)
        x = self.conv2(x)
        x = self.bn2(x, training=training)
        return self.relu(x + inputs)


class Discriminator(keras.Model):
    def __init__(self, num_blocks=2):
        super().__init__()
        self.stem = layers.Conv2D(32, 3, strides=2, padding='same')
        self.blocks = [ResidualBlock(32) for _ in range(num_blocks)]
        self.flatten = layers.Flatten()
        self.out = layers.Dense(1)

    def call(self, x, training=False):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x, training=training)
        return self.out(self.flatten(x))


model = Discriminator()
model(keras.Input(shape=(28, 28, 1)))
