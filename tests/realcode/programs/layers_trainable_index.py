# Modelled on jangsejong/STUDY, keras2/keras69_4_layers.py (licence not stated): a tiny tf.keras
# Sequential whose second layer is frozen through model.layers[1].trainable = False.
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential()
model.add(Dense(3, input_shape=(1,)))
model.add(Dense(2))
model.add(Dense(1))

for layer in model.layers:
    print(layer.name, layer.trainable)

model.layers[1].trainable = False
model.summary()
