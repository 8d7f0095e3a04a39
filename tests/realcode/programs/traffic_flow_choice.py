# Modelled on xiaochus/TrafficFlowPrediction, model/model.py and train.py (licence not stated): builders taking a
# list of sizes, one chosen on the command line.
import argparse

from keras.layers import Dense, Dropout, GRU, LSTM
from keras.models import Sequential


def get_my_model(units):
    model = Sequential()
    model.add(Dense(units[1], input_dim=units[0], activation="relu"))
    model.add(Dropout(0.2))
    model.add(Dense(units[2], input_dim=units[0], activation="relu"))  # expect LL303
    model.add(Dropout(0.2))
    model.add(Dense(units[3], activation="sigmoid"))
    return model


def get_lstm(units):
    model = Sequential()
    model.add(LSTM(units[1], input_shape=(units[0], 1), return_sequences=True))
    model.add(LSTM(units[2]))
    model.add(Dropout(0.2))
    model.add(Dense(units[3], activation='sigmoid'))
    return model


def get_gru(units):
    model = Sequential()
    model.add(GRU(units[1], input_shape=(units[0], 1), return_sequences=True))
    model.add(GRU(units[2]))
    model.add(Dropout(0.2))
    model.add(Dense(units[3], activation='sigmoid'))
    return model


parser = argparse.ArgumentParser()
parser.add_argument("--model", default="lstm", help="Model to train.")
parser.add_argument("--lag", type=int, default=12)
args = parser.parse_args()

lag = args.lag
config = {"batch": 256, "epochs": 600}
units = [lag, 64, 64, 1]
if args.model == 'lstm':
    m = get_lstm(units)
elif args.model == 'gru':
    m = get_gru(units)
else:
    m = get_my_model(units)
m.compile(loss="mse", optimizer="rmsprop", metrics=['mape'])
