# Modelled on itej89/Hand_On_Machine_Learning_Practice_Models
# K_Training_DNN/Fashion-Minst/Dropout/MCAlphaDropout.py, and the Sequential builder of the Template3_..._model.py
# script in the same folder: Monte-Carlo dropout keeps dropping at prediction time by overriding call.
import sys

from tensorflow import keras


class MCAlphaDropout(keras.layers.AlphaDropout):
    def call(self, inputs):
        return super().call(inputs, training=True)


class MCDropout(keras.layers.Dropout):
    def call(self, inputs, training=None):
        return super(MCDropout, self).call(inputs, training=True)


class fashion_mnist_model:
    def __init__(self, rate):
        self.rate = rate

    def Build_Keras_Model(self):
        model = keras.models.Sequential()
        model.add(keras.layers.Flatten(name="Input_Layer", input_shape=[28, 28]))
        for i in range(2):
            model.add(keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"))
            model.add(MCAlphaDropout(rate=self.rate))
        model.add(MCDropout(0.2))
        model.add(keras.layers.Dense(10, name="Output_Layer", activation="softmax"))
        optimizer = keras.optimizers.Nadam(0.001, beta_1=0.9, beta_2=0.999)
        model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
        return model


rate = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1
model = fashion_mnist_model(rate).Build_Keras_Model()
