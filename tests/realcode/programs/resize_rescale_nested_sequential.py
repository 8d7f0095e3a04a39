# Modelled on vivekisntit/Eye-Disease-Classifier, src/preprocessing.py, src/model.py and src/train.py
# (licence not stated): Resizing/Rescaling and RandomFlip/RandomRotation Sequentials nested in a
# Sequential CNN that has no input shape; the classes come from the dataset folder. fit() built the
# model from the batches (images resized to IMAGE_SIZE); here model.build stands in for it.
import os

import tensorflow as tf

IMAGE_SIZE = 256
DATASET_PATH = "dataset/Eye_Diseases"

resize_and_rescale = tf.keras.Sequential([
    tf.keras.layers.Resizing(IMAGE_SIZE, IMAGE_SIZE),
    tf.keras.layers.Rescaling(1. / 255),
])

data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip("horizontal"),
    tf.keras.layers.RandomRotation(0.2),
])


def build_model(num_classes):
    model = tf.keras.Sequential([
        resize_and_rescale,
        data_augmentation,

        tf.keras.layers.Conv2D(32, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D(),

        tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D(),

        tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D(),

        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation='relu'),
        tf.keras.layers.Dense(num_classes, activation='softmax')
    ])

    return model


class_names = sorted(os.listdir(DATASET_PATH))
num_classes = len(class_names)

model = build_model(num_classes)
model.build((None, IMAGE_SIZE, IMAGE_SIZE, 3))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
