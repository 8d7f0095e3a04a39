# Modelled on Brandhsu/als, op.py (licence not stated): lambda factories that make and apply a layer
# each (conv, elu, norm, mlp), composed into a dilated Conv1D stack.
from tensorflow.keras import layers, Model

conv = lambda x, features, dr=1, name=None: layers.Conv1D(filters=features, kernel_size=1, strides=1, dilation_rate=dr, padding='same', name=name)(x)  # noqa: E501,E731  # expect LL392
elu = lambda x: layers.ELU()(x)  # noqa: E731
norm = lambda x: layers.BatchNormalization()(x)  # noqa: E731
mlp = lambda x, features, dr=1: elu(norm((conv(x, features, dr))))  # noqa: E731

inputs = layers.Input(shape=(128, 20))
x = mlp(inputs, 64)
for dr in (2, 4, 8):
    x = mlp(x, 64, dr)
x = conv(x, 1, name="logits")
model = Model(inputs, x)
