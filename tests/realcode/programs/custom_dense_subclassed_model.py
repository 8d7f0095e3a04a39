# Modelled on barkinadiguzel/TENSORFLOW_FUNDAMENTALS, keras_gentle_start/05_custom_layer_model.py
# (licence not stated): a dense layer written with add_weight, two of them in a Model subclass,
# run with predict on an array (fit in the original).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers, ops


class MyDenseLayer(layers.Layer):
    def __init__(self, units=32):
        super(MyDenseLayer, self).__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer='random_normal',
                                 trainable=True)
        self.b = self.add_weight(shape=(self.units,),
                                 initializer='zeros',
                                 trainable=True)

    def call(self, inputs):
        return keras.activations.relu(ops.matmul(inputs, self.w) + self.b)


class MyModel(keras.Model):
    def __init__(self):
        super(MyModel, self).__init__()
        self.d1 = MyDenseLayer(64)
        self.d2 = MyDenseLayer(10)

    def call(self, inputs):
        x = self.d1(inputs)
        return self.d2(x)


model = MyModel()
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

x_train = np.random.random((100, 784)).astype("float32")
y_train = np.random.randint(0, 10, size=(100,))
predictions = model.predict(x_train, verbose=0)
