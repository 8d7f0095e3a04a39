# Modelled on thelastcat15/IS_Project, train_nn.py (licence not stated): Dense(train_data.num_classes) from a
# data loader.
import os

from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

DATA_PATH = "./MyDataSet"


class DirectoryIterator:
    """What flow_from_directory returns, as far as the model is concerned."""

    def __init__(self, directory, target_size=(256, 256), batch_size=32, class_mode="categorical"):
        self.class_indices = {name: index for index, name in enumerate(sorted(os.listdir(directory)))}
        self.num_classes = len(self.class_indices)
        self.target_size = target_size
        self.batch_size = batch_size


train_data = DirectoryIterator(DATA_PATH, target_size=(96, 96), batch_size=32, class_mode='categorical')

model = Sequential([
    Conv2D(32, (3, 3), activation='relu', input_shape=(96, 96, 3)),
    MaxPooling2D(2, 2),
    Conv2D(64, (3, 3), activation='relu'),
    MaxPooling2D(2, 2),
    Flatten(),
    Dense(128, activation='relu'),
    Dense(train_data.num_classes, activation='softmax')  # never LL302
])

model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])  # never LL305
