# Modelled on samrussell/mnist_solver, simple_cnn_trainer.py (licence not stated), with a small stand-in for
# its base trainer: build_model(input_shape) stores a tf.keras 2-style Sequential in self.model.
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D, MaxPooling2D


class BaseTrainer:
    num_classes = 10
    img_rows, img_cols = 28, 28

    def __init__(self):
        self.model = None

    def input_shape(self):
        return (self.img_rows, self.img_cols, 1)


class SimpleCnnTrainer(BaseTrainer):
    def build_model(self, input_shape):
        model = Sequential()
        model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))
        model.add(Conv2D(64, (3, 3), activation='relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Dropout(0.25))
        model.add(Flatten())
        model.add(Dense(128, activation='relu'))
        model.add(Dropout(0.5))
        model.add(Dense(self.num_classes, activation='softmax'))
        model.compile(loss=keras.losses.categorical_crossentropy,
                      optimizer=keras.optimizers.Adadelta(),
                      metrics=['accuracy'])
        self.model = model


trainer = SimpleCnnTrainer()
trainer.build_model(trainer.input_shape())
model = trainer.model
