# Modelled on eason-su/tensorflow, test2.py (licence not stated): the IMDB-tutorial Sequential of an
# Embedding, global average pooling and two Dense layers, added one by one and built with an input
# shape before summary().
from tensorflow import keras
import tensorflow.keras.layers as layers

vocab_size = 10000
model = keras.Sequential()
model.add(layers.Embedding(vocab_size, 16))
model.add(layers.GlobalAveragePooling1D())
model.add(layers.Dense(16, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))
model.build(input_shape=(None, 256))
model.summary()
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
