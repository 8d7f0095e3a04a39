"""The arguments a layer is written with, as ``lstm-lint diff`` compares them when its size is
unknown: by Keras's names, in keyword order, names left out, ``?`` for what cannot be evaluated."""
from __future__ import annotations

from lstm_lint import analyse_source
from lstm_lint.graph.arguments import value_text


def test_the_arguments_compared_are_those_written() -> None:
    found = analyse_source('''
import sys
import numpy as np
import keras
from keras import layers
X = np.load("x.npy")
inp = keras.Input((10, X.shape[2]))
x = layers.Bidirectional(layers.LSTM(8, name="inner", return_sequences=True), merge_mode="sum")(inp)
x = layers.LSTM(units=int(sys.argv[1]), dropout=0.25, name="outer")(x)
model = keras.Model(inp, layers.Dense(1, activation="sigmoid")(x))
''').models[0]
    rows = {row.type: row for row in found.layers}
    # Keyword order means nothing, names are not compared, an argument that cannot be evaluated is "?".
    assert rows["Bidirectional"].arguments == (("layer", "LSTM(return_sequences=True, units=8)"),
                                               ("merge_mode", "'sum'"))
    assert rows["LSTM"].arguments == (("dropout", "0.25"), ("units", "?"))
    assert rows["Dense"].arguments == (("activation", "'sigmoid'"), ("units", "1"))
    assert rows["InputLayer"].arguments == ()
    assert value_text((None, 6)) == "(None, 6)" and value_text((3,)) == "(3,)"
    assert value_text([1.5, "a", {"k": True}]) == "[1.5, 'a', {'k': True}]"
