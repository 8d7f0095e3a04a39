# Modelled on ssstef/covid-case_numbers, covid_ml/covidCasePredictions/src/models/neural_network_pytorch.py
# (licence not stated): the TensorFlow guide's two-Dense subclassed model, constructed at import and
# compiled, never called: its training script builds it.
import tensorflow as tf


class MyModel(tf.keras.Model):

    def __init__(self):
        super(MyModel, self).__init__()
        self.dense1 = tf.keras.layers.Dense(4, activation="relu")
        self.dense2 = tf.keras.layers.Dense(5, activation="softmax")

    def call(self, inputs):
        x = self.dense1(inputs)
        return self.dense2(x)


model = MyModel()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
