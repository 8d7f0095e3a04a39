# Modelled on panxinming/CNN-MobileNet, utils/model.py and utils/MobileNet_Cell.py (licence not
# stated): MobileNet v1 from scratch -- DepthwiseConv2D / BatchNormalization / ReLU / pointwise
# Conv2D blocks with a width multiplier, five repeated in a loop; the classes come from the
# training folder.
import os

from keras.layers import BatchNormalization, Conv2D, DepthwiseConv2D, Dense, GlobalAvgPool2D, Input, ReLU
from keras.models import Model


def mobilenet_block(x, f, s=1, alpha=1):
    x = DepthwiseConv2D(3, strides=s, padding='same')(x)  # expect LL392
    x = BatchNormalization()(x)
    x = ReLU()(x)

    x = Conv2D(int(f * alpha), 1, strides=1, padding='same')(x)  # expect LL392
    x = BatchNormalization()(x)
    x = ReLU()(x)
    return x


def mobilenet(input_shape, n_classes):
    input_1 = Input(input_shape)

    x = Conv2D(32, 3, strides=2, padding='same')(input_1)  # expect LL392
    x = BatchNormalization()(x)
    x = ReLU()(x)

    x = mobilenet_block(x, 64)
    x = mobilenet_block(x, 128, 2)
    x = mobilenet_block(x, 128)

    x = mobilenet_block(x, 256, 2)
    x = mobilenet_block(x, 256)

    x = mobilenet_block(x, 512, 2)
    for _ in range(5):
        x = mobilenet_block(x, 512)

    x = mobilenet_block(x, 1024, 2)
    x = mobilenet_block(x, 1024)

    x = GlobalAvgPool2D()(x)

    output = Dense(n_classes, activation='softmax')(x)

    model = Model(input_1, output)
    return model


n_classes = len(os.listdir("cifar/train"))
model = mobilenet((32, 32, 3), n_classes)
