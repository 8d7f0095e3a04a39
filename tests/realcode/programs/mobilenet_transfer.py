# Modelled on abhinavtyagi466/image_recogniser, image_recogniser/scripts/model.py (licence not stated): a frozen
# MobileNetV2 base under a new head; the class count from the dataset folder (no pretrained weights here).
import os

from tensorflow.keras.applications import MobileNetV2
from tensorflow.keras.layers import Dense, Dropout, GlobalAveragePooling2D
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import Adam


def build_cnn_transfer(input_shape=(224, 224, 3), num_classes=3, base_trainable=False):
    base = MobileNetV2(include_top=False, weights=None, input_shape=input_shape)
    base.trainable = base_trainable

    x = base.output
    x = GlobalAveragePooling2D()(x)
    x = Dropout(0.3)(x)
    x = Dense(256, activation='relu')(x)
    out = Dense(num_classes, activation='softmax')(x)

    model = Model(inputs=base.input, outputs=out)
    model.compile(optimizer=Adam(learning_rate=1e-4), loss='categorical_crossentropy', metrics=['accuracy'])
    return model


classes = sorted(os.listdir("data/train"))
model = build_cnn_transfer(input_shape=(96, 96, 3), num_classes=len(classes))
