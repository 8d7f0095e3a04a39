# Modelled on freemancho1/trading, modeling/nn_models.py (licence not stated): a class whose static
# method builds a stacked LSTM Sequential from a dict of settings.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, LSTM, Dropout


class lstm:

    @staticmethod
    def model(kwargs):
        model = Sequential([
            LSTM(units=kwargs['input_units'],
                 activation=kwargs['activation_fn'],
                 return_sequences=True,
                 input_shape=(kwargs['window_size'], kwargs['feature_size'])),
            Dropout(kwargs['dropout']),
            LSTM(units=kwargs['middle_units'],
                 activation=kwargs['activation_fn']),
            Dropout(kwargs['dropout']),
            Dense(kwargs['output_units'])
        ])
        model.compile(optimizer=kwargs['optimizer'], loss=kwargs['loss'],
                      metrics=kwargs['metrics'])
        return model


settings = {"input_units": 64, "middle_units": 32, "activation_fn": "tanh", "window_size": 20,
            "feature_size": 5, "dropout": 0.2, "output_units": 1, "optimizer": "adam", "loss": "mse",
            "metrics": ["mae"]}
model = lstm.model(settings)
