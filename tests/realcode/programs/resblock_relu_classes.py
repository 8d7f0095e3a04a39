# Modelled on BDouchet/SemanticSegmentation-Internship, source/models/residualblock.py (licence not stated):
# residual blocks with a ReLU layer, stacked over a list of widths, classes from a labels file.
import numpy as np
from tensorflow.keras import layers
from tensorflow.keras.models import Model


def resblock(x, kernelsize, filters):
    fx = layers.Conv2D(filters, kernelsize, activation='relu', padding='same')(x)
    fx = layers.BatchNormalization()(fx)
    fx = layers.Conv2D(filters, kernelsize, padding='same')(fx)
    out = layers.Add()([x, fx])
    out = layers.ReLU()(out)
    out = layers.BatchNormalization()(out)
    return out


labels = np.loadtxt("labels.txt", dtype=int)
n_classes = int(labels.max()) + 1

inputs = layers.Input((48, 48, 3))
x = layers.Conv2D(32, 3, padding='same')(inputs)
for width in (32, 32):
    x = resblock(x, 3, width)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(n_classes, activation='softmax')(x)  # never LL302
model = Model(inputs, outputs)
