# Modelled on Sumegh20/Vision-Based-Attendance-System, src/training/softmax.py (licence not stated): a builder class.
import keras
import numpy as np
from keras.layers import Dense, Dropout
from keras.models import Sequential
from keras.optimizers import Adam


class SoftMax():
    def __init__(self, input_shape, class_number):
        self.input_shape = input_shape
        self.class_number = class_number

    def modelBuild(self):
        model = Sequential()
        model.add(Dense(1024, activation='relu', input_shape=self.input_shape))
        model.add(Dropout(0.5))
        model.add(Dense(1024, activation='relu'))
        model.add(Dropout(0.5))
        model.add(Dense(self.class_number, activation='softmax'))  # never LL302

        optimizer = Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, amsgrad=False)
        model.compile(loss=keras.losses.categorical_crossentropy, optimizer=optimizer, metrics=['accuracy'])
        return model


embeddings = np.load("embeddings.npy")
with open("names.txt") as handle:
    names = [line.strip() for line in handle if line.strip()]
labels = np.array(names)
num_classes = len(np.unique(labels))

softmax = SoftMax(input_shape=(embeddings.shape[1],), class_number=num_classes)
model = softmax.modelBuild()
