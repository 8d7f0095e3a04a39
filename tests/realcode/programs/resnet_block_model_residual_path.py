# Modelled on mathieudpnt/Ketos, ketos/neural_networks/resnet.py (licence not stated): a residual
# block that is itself a Model subclass, with an optional projection path chosen by a constructor
# flag, stacked in a ResNet model and built by a call on an array.
import numpy as np
import keras
from keras import layers, ops


class ResNetBlock(keras.Model):
    def __init__(self, channels, strides=1, residual_path=False):
        super(ResNetBlock, self).__init__()
        self.channels = channels
        self.strides = strides
        self.residual_path = residual_path
        self.conv_1 = layers.Conv2D(filters=self.channels, kernel_size=(3, 3), strides=self.strides,
                                    padding="same", use_bias=False)
        self.batch_norm_1 = layers.BatchNormalization()
        self.conv_2 = layers.Conv2D(filters=self.channels, kernel_size=(3, 3), strides=1,
                                    padding="same", use_bias=False)
        self.batch_norm_2 = layers.BatchNormalization()
        if residual_path == True:  # noqa: E712
            self.conv_down = layers.Conv2D(filters=self.channels, kernel_size=(1, 1), strides=self.strides,
                                           padding="same", use_bias=False)
            self.batch_norm_down = layers.BatchNormalization()

    def call(self, inputs, training=None):
        residual = inputs
        x = self.batch_norm_1(inputs, training=training)
        x = ops.relu(x)
        x = self.conv_1(x)
        x = self.batch_norm_2(x, training=training)
        x = ops.relu(x)
        x = self.conv_2(x)
        if self.residual_path:
            residual = self.batch_norm_down(inputs, training=training)
            residual = ops.relu(residual)
            residual = self.conv_down(residual)
        x = x + residual
        return x


class ResNet(keras.Model):
    def __init__(self, block_sets, n_classes=2, initial_filters=16):
        super(ResNet, self).__init__()
        self.conv_initial = layers.Conv2D(filters=initial_filters, kernel_size=(3, 3), padding="same",
                                          use_bias=False)
        self.blocks = []
        channels = initial_filters
        for block_id, n_blocks in enumerate(block_sets):
            for layer_id in range(n_blocks):
                if block_id != 0 and layer_id == 0:
                    block = ResNetBlock(channels, strides=2, residual_path=True)
                else:
                    block = ResNetBlock(channels, residual_path=False)
                self.blocks.append(block)
            channels *= 2
        self.batch_norm_final = layers.BatchNormalization()
        self.average_pool = layers.GlobalAveragePooling2D()
        self.dense = layers.Dense(n_classes)
        self.softmax = layers.Softmax()

    def call(self, inputs, training=None):
        output = self.conv_initial(inputs)
        for block in self.blocks:
            output = block(output, training=training)
        output = self.batch_norm_final(output, training=training)
        output = ops.relu(output)
        output = self.average_pool(output)
        output = self.dense(output)
        return self.softmax(output)


model = ResNet(block_sets=[1, 1], n_classes=3)
model(np.zeros((2, 32, 32, 1), dtype="float32"))
