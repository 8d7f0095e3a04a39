# Modelled on spt1603/Model_classification, myproject.py (licence not stated): class count from a dataset folder.
import os

from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from tensorflow.keras.models import Sequential

DATASET_PATH = "dataset/"

num_classes = len(os.listdir(DATASET_PATH))
class_mode = "binary" if num_classes == 2 else "categorical"

model = Sequential([
    Input(shape=(64, 64, 3)),
    Conv2D(32, (3, 3), activation='relu'),
    MaxPooling2D(2, 2),
    Conv2D(64, (3, 3), activation='relu'),
    MaxPooling2D(2, 2),
    Flatten(),
    Dense(128, activation='relu'),
    Dense(1, activation='sigmoid') if class_mode == "binary"
    else Dense(num_classes, activation='softmax'),  # never LL302
])
loss = 'binary_crossentropy' if class_mode == "binary" else 'categorical_crossentropy'
model.compile(optimizer='adam', loss=loss, metrics=['accuracy'])  # never LL305
