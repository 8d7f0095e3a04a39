# Modelled on ortizavila/multiInputKeras, kerasModel.py (licence not stated): two branch models merged through
# their .output and .input attributes, the branch variables rebound from tensors to models.
import numpy as np
from keras.layers import Dense, Input, concatenate
from keras.models import Model

numeric = np.load("numeric.npy")
images = np.load("image_features.npy")

inputA = Input(shape=(numeric.shape[1],))
inputB = Input(shape=(images.shape[1],))

x = Dense(8, activation="relu")(inputA)
x = Dense(4, activation="relu")(x)
x = Model(inputs=inputA, outputs=x)

y = Dense(64, activation="relu")(inputB)
y = Dense(32, activation="relu")(y)
y = Dense(4, activation="relu")(y)
y = Model(inputs=inputB, outputs=y)

combined = concatenate([x.output, y.output])

z = Dense(2, activation="relu")(combined)
z = Dense(1, activation="linear")(z)

model = Model(inputs=[x.input, y.input], outputs=z)
