"""Tensors of unknown origin in a functional model (``concatenate`` of a list grown a number of
times known at run time only): Keras computes them from the model's inputs, so where the inputs
stand in ``model.layers`` follows from that, or is unknown."""
from __future__ import annotations

from lstm_lint import analyse_source


def test_an_input_reached_only_through_an_unknown_value_is_placed_as_keras_can_place_it() -> None:
    # Keras computes every tensor of a functional model from its inputs: a model's only input is
    # deeper than every layer, whatever lies between; of several inputs, the depths are unknown.
    source = '''import sys
import keras
from keras import layers

hidden = []
for _ in range(int(sys.argv[1])):
    hidden.append(layers.Dense(3))
a = keras.Input((4,))
b = keras.Input((4,))
stacked = layers.concatenate([a] + [layer(a) for layer in hidden])
single = keras.Model(a, layers.Dense(1)(layers.Dense(2)(stacked)))
both = layers.concatenate([b] + [layer(b) for layer in hidden])
double = keras.Model([a, b], layers.Add()([layers.Dense(1)(stacked), layers.Dense(1)(both)]))
'''
    models = {model["name"]: model for model in analyse_source(source, "unknown.py").to_json()["models"]}
    assert [layer["type"] for layer in models["single"]["layers"]] == ["InputLayer", None, "Dense", "Dense"]
    assert [layer["type"] for layer in models["double"]["layers"]] == [None]
