# Modelled on zunicd/Bank-Churn-Prediction, keras_model.py (licence not stated): a model creator for scikit-learn's
# KerasClassifier, called by the wrapper with its defaults (nothing here calls it).
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential


def create_model(optimizer="adam", dropout=0.1, n_features=13, n_units=64):
    model = Sequential()
    model.add(Dense(n_units, activation='relu', input_shape=(n_features,)))
    model.add(Dropout(dropout), )
    model.add(Dense(n_units, activation='relu'))
    model.add(Dropout(dropout), )
    model.add(Dense(2, activation='softmax'))
    model.compile(loss='sparse_categorical_crossentropy', optimizer=optimizer, metrics=["accuracy"])
    return model


build_fn = create_model
param_grid = {"n_units": [32, 64], "dropout": [0.1, 0.2]}
