# Modelled on Norma-99/Dist, scripts/generate_lstm.py (licence not stated): depth and widths from argparse.
import argparse

from tensorflow.keras.layers import LSTM, Dense, InputLayer
from tensorflow.keras.models import Sequential


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--hidden_count', type=int, required=True)
    parser.add_argument('--layer_size', type=int, required=True, nargs='+')
    args = parser.parse_args()

    model = Sequential([InputLayer(input_shape=(121, 1,))])
    for i in range(args.hidden_count):
        model.add(LSTM(args.layer_size[i], return_sequences=True))
    model.add(Dense(1, activation='sigmoid'))
    return model


if __name__ == '__main__':
    model = main()
