# Modelled on KrisCheng/Deep4Cli, ENSO/grid_pattern/sequence_model/ConvLSTM2D.py (licence not
# stated): four stacked ConvLSTM2D layers with BatchNormalization and a Conv3D head over sea-surface
# temperature grids; the grid's height and width come from the data file.
import numpy as np
from keras.layers import BatchNormalization, Conv3D, ConvLSTM2D
from keras.models import Sequential

sst = np.load("sst_grid.npy")
height, width = sst.shape[1], sst.shape[2]


def model():
    seq = Sequential()
    seq.add(ConvLSTM2D(filters=60, kernel_size=(3, 3),
                       input_shape=(None, height, width, 1),
                       padding='same', return_sequences=True))
    seq.add(BatchNormalization())
    seq.add(ConvLSTM2D(filters=60, kernel_size=(3, 3),
                       padding='same', return_sequences=True))
    seq.add(BatchNormalization())
    seq.add(ConvLSTM2D(filters=60, kernel_size=(3, 3),
                       padding='same', return_sequences=True))
    seq.add(BatchNormalization())
    seq.add(ConvLSTM2D(filters=60, kernel_size=(3, 3),
                       padding='same', return_sequences=True))
    seq.add(BatchNormalization())
    seq.add(Conv3D(filters=1, kernel_size=(3, 3, 3),
                   activation='relu',
                   padding='same', data_format='channels_last'))
    return seq


seq = model()
seq.compile(loss='mse', optimizer='adadelta')
