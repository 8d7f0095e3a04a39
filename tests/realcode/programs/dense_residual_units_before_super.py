# Modelled on domschl/ALU_Net, keras_custom_layers.py (licence not stated): a dense residual block
# whose units are stored before super().__init__(), with get_config, stacked in a loop of a
# functional model.
import keras
from keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, units):
        self.units = units
        super(ResidualBlock, self).__init__()
        self.dense1 = layers.Dense(self.units)
        self.bn1 = layers.BatchNormalization()
        self.relu = layers.ReLU()
        self.dense2 = layers.Dense(self.units)
        self.bn2 = layers.BatchNormalization()
        self.relu2 = layers.ReLU()

    def get_config(self):
        config = super().get_config()
        config.update({'units': self.units})
        return config

    def call(self, inputs):
        x = self.dense1(inputs)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.dense2(x)
        x = self.bn2(x)
        x = x + inputs
        x = self.relu2(x)
        return x


def create_res_mod(inputs, outputs, units, depth):
    x = layers.Dense(units)(inputs)
    for _ in range(depth):
        x = ResidualBlock(units)(x)
    y = layers.Dense(outputs, activation='sigmoid')(x)
    return keras.Model(inputs, y, name="res_mod")


model = create_res_mod(keras.Input(shape=(34,)), 32, 64, 3)
