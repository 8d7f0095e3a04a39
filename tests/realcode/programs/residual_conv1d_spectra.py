# Modelled on ekepes112/libs_convVsMlp, src/modul_def_residual.py (licence not stated): a residual block that
# projects the shortcut when the channel counts differ (a test on tensor shapes).
import numpy as np
from keras.layers import Activation, Add, BatchNormalization, Conv1D, Dense, GlobalAveragePooling1D, Input
from keras.models import Model


def residual_block(input_layer, kernel_counts: int, add_batch_norm: bool = True):
    x = Conv1D(filters=kernel_counts, kernel_size=3, strides=1, padding='same')(input_layer)  # expect LL392
    if add_batch_norm:
        x = BatchNormalization()(x)
    x = Activation('relu')(x)
    x = Conv1D(filters=kernel_counts, kernel_size=3, strides=1, padding='same')(x)  # expect LL392
    if add_batch_norm:
        x = BatchNormalization()(x)

    if input_layer.shape[2] != x.shape[2]:
        input_layer = Conv1D(filters=kernel_counts, kernel_size=1, strides=1)(input_layer)

    x = Add()([input_layer, x])
    x = Activation('relu')(x)

    return (x)


spectra = np.load("spectra.npy")
inputs = Input(shape=(spectra.shape[1], 1))
x = Conv1D(16, 7, padding='same', activation='relu')(inputs)
for kernels in [16, 32]:
    x = residual_block(x, kernels)
x = GlobalAveragePooling1D()(x)
outputs = Dense(1)(x)
model = Model(inputs, outputs)
model.compile(optimizer='adam', loss='mse')
