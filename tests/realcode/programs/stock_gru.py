# Modelled on jonathanc816/StockPricePrediction, GRU.py (licence not stated): four GRUs over a look-back window.
import numpy as np
from keras.layers import Dense, Dropout, GRU
from keras.models import Sequential

prices = np.load("aapl.npy")
look_back = int(open("look_back.txt").read())
aapl_training_x = np.array([prices[i:i + look_back] for i in range(len(prices) - look_back)])
aapl_training_x = aapl_training_x.reshape(aapl_training_x.shape[0], aapl_training_x.shape[1], 1)

model = Sequential()
model.add(GRU(units=100, return_sequences=True, input_shape=(aapl_training_x.shape[1], 1)))
model.add(Dropout(0.6))
model.add(GRU(units=100, return_sequences=True))
model.add(Dropout(0.2))
model.add(GRU(units=100, return_sequences=True))
model.add(Dropout(0.2))
model.add(GRU(units=100))
model.add(Dropout(0.2))
model.add(Dense(units=1))

model.compile(optimizer='adam', loss='mean_squared_error')
