# Modelled on nsid10/U-net, blocks.py (licence not stated): residual blocks with LeakyReLU, applied in a loop.
from tensorflow.keras.layers import Add, BatchNormalization, Conv2D, Input, LeakyReLU
from tensorflow.keras.models import Model


def residual_block(x, filters):
    y = Conv2D(filters, (3, 3), strides=(1, 1), padding="same", activation=None)(x)
    y = LeakyReLU(alpha=0.1)(y)
    y = BatchNormalization()(y)
    y = Conv2D(filters, (3, 3), strides=(1, 1), padding="same", activation=None)(y)

    out = Add()([x, y])
    out = LeakyReLU(alpha=0.1)(out)
    out = BatchNormalization()(out)
    return out


inputs = Input((32, 32, 3))
x = Conv2D(16, (3, 3), padding="same")(inputs)
for _ in range(2):
    x = residual_block(x, 16)
outputs = Conv2D(1, (1, 1), activation="sigmoid")(x)
model = Model(inputs, outputs)
