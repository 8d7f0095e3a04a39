# Modelled on daoanhkhoa123/DeepfakeClassProject1, hyperparameter_tuning.py (licence not stated): a keras-tuner
# build_model(hp); the tuner's HyperParameters is replaced by a small stand-in that reads overrides from the
# environment and otherwise gives each hyperparameter's first value, as keras-tuner does.
import os

from tensorflow.keras import layers, models


class HyperParameters:
    def Int(self, name, min_value, max_value, step=1, default=None):
        value = os.environ.get("HP_" + name.upper())
        if value is not None:
            return int(value)
        return min_value if default is None else default

    def Choice(self, name, values, default=None):
        value = os.environ.get("HP_" + name.upper())
        if value is not None:
            return type(values[0])(value)
        return values[0] if default is None else default


def build_model(hp):
    model = models.Sequential()
    model.add(layers.Conv2D(
        filters=hp.Int('filters', min_value=32, max_value=128, step=32),
        kernel_size=hp.Choice('kernel_size', values=[3, 5]),
        activation='relu', input_shape=(64, 64, 3)))
    model.add(layers.MaxPooling2D(2, 2))
    model.add(layers.Flatten())
    model.add(layers.Dense(hp.Int('units', min_value=64, max_value=128, step=32), activation='relu'))
    model.add(layers.Dense(1, activation='sigmoid'))
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    return model


model = build_model(HyperParameters())
