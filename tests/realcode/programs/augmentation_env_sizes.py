# Modelled on beishangongzi/Deep-Learning-Part-of-Graduation-Internship, data_augmentation.py (licence not stated):
# an augmentation Sequential sized from the environment, nested in the classifier; classes from the data folder.
import os

from keras import layers
from tensorflow import keras

data_augmentation = keras.Sequential(
    [
        layers.RandomFlip("horizontal",
                          input_shape=(int(os.getenv("img_height")),
                                       int(os.getenv("img_width")),
                                       3)),
        layers.RandomRotation(0.1),
        layers.RandomZoom(0.1),
    ]
)

class_names = sorted(os.listdir("flower_photos"))
num_classes = len(class_names)

model = keras.Sequential([
    data_augmentation,
    layers.Rescaling(1. / 255),
    layers.Conv2D(16, 3, padding='same', activation='relu'),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding='same', activation='relu'),
    layers.MaxPooling2D(),
    layers.Dropout(0.2),
    layers.Flatten(),
    layers.Dense(128, activation='relu'),
    layers.Dense(num_classes, name="outputs")
])
model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
