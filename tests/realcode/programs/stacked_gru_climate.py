# Modelled on slaily/deep-learning-bits, rnn_jena_climate/stacked_gru_model.py (licence not stated): GRUs with
# recurrent dropout over a variable-length sequence of the data's features.
import numpy as np
from keras import layers
from keras.models import Sequential
from keras.optimizers import RMSprop

float_data = np.load("jena_climate.npy")

model = Sequential()
model.add(
    layers.GRU(  # expect LL301
        32,
        dropout=0.1,
        recurrent_dropout=0.5,
        return_sequences=True,
        input_shape=(None, float_data.shape[-1])
    )
)
model.add(
    layers.GRU(  # expect LL301
        64,
        activation='relu',
        dropout=0.1,
        recurrent_dropout=0.5
    )
)
model.add(layers.Dense(1))
model.compile(optimizer=RMSprop(), loss='mae')
