# Modelled on SaminSarker05/NeuraCast, model.py (licence not stated): masked variable-length
# sequences through LSTMs that share one dict of keyword arguments, a TimeDistributed head.
import numpy as np
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import LSTM, Dense, TimeDistributed, Masking
from tensorflow.keras.optimizers import RMSprop

x_train = np.zeros((16, 30, 11), dtype="float32")

data = Input((None, x_train.shape[-1]), name='data')
mask = Masking(0, name='input_masked')(data)

lstm_kwargs = {'dropout': 0.25, 'recurrent_dropout': 0.1, 'return_sequences': True, 'implementation': 2}
lstm = LSTM(128, name='lstm', **lstm_kwargs)(mask)
lstm = LSTM(64, name='lstm_2', **lstm_kwargs)(lstm)
output = TimeDistributed(Dense(1, activation='linear'), name='output')(lstm)  # expect LL391

model = Model(inputs=[data], outputs=[output])
model.compile(loss='mse', optimizer=RMSprop(learning_rate=1e-3))
