"""Keras is recognised in every import style users write, and only Keras is."""
from __future__ import annotations

from typing import List, Optional

import pytest

from lstm_lint import analyse_source

BODY_FUNCTIONAL = """
inp = {inp}((4, 2))
out = {lstm}(3)(inp)
model = {model}(inp, out)
"""

STYLES = [
    ("import keras", "keras.Input", "keras.layers.LSTM", "keras.Model"),
    ("from keras import layers\nimport keras", "layers.Input", "layers.LSTM", "keras.Model"),
    ("from keras import layers as L\nfrom keras.models import Model", "L.Input", "L.LSTM", "Model"),
    ("from keras.layers import LSTM as X, Input as I\nfrom keras.models import Model as M", "I", "X", "M"),
    ("import tensorflow as tf", "tf.keras.Input", "tf.keras.layers.LSTM", "tf.keras.Model"),
    ("from tensorflow import keras", "keras.layers.Input", "keras.layers.LSTM", "keras.models.Model"),
    ("from tensorflow.keras.layers import LSTM, Input\nfrom tensorflow.keras.models import Model",
     "Input", "LSTM", "Model"),
    ("from tensorflow.keras import Input, Model, layers", "Input", "layers.LSTM", "Model"),
    ("import tf_keras as keras", "keras.Input", "keras.layers.LSTM", "keras.Model"),
    ("from tf_keras.layers import *\nfrom tf_keras.models import *", "Input", "LSTM", "Model"),
    ("import tensorflow.keras as K", "K.Input", "K.layers.LSTM", "K.Model"),
]


def lstm_params(source: str) -> List[Optional[int]]:
    return [layer["params"] for model in analyse_source(source).to_json()["models"]
            for layer in model["layers"] if layer["type"] == "LSTM"]


@pytest.mark.parametrize("imports,inp,lstm,model", STYLES)
def test_functional_model_recognised(imports: str, inp: str, lstm: str, model: str) -> None:
    source = imports + BODY_FUNCTIONAL.format(inp=inp, lstm=lstm, model=model)
    assert lstm_params(source) == [72]


def test_sequential_from_keras_models() -> None:
    source = ("from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\n"
              "m = Sequential([LSTM(3, input_shape=(4, 2)), Dense(1)])\n")
    assert lstm_params(source) == [72]


def test_user_class_named_dense_is_not_keras() -> None:
    source = ("import keras\nfrom keras.layers import Input\n"
              "class Dense:\n    def __init__(self, n): pass\n"
              "inp = Input((4,))\nout = keras.layers.Dense(2)(inp)\nother = Dense(3)\n"
              "model = keras.Model(inp, out)\n")
    layers = analyse_source(source).to_json()["models"][0]["layers"]
    assert [layer["type"] for layer in layers] == ["InputLayer", "Dense"]
    assert layers[1]["params"] == 10


def test_rebound_name_is_not_keras() -> None:
    source = ("from keras.layers import LSTM, Input\nimport keras\n"
              "LSTM = make_my_own_lstm()\n"
              "inp = Input((4, 2))\nmodel = keras.Model(inp, LSTM(3)(inp))\n")
    model = analyse_source(source).to_json()["models"][0]
    # The rebound LSTM is unknown: a row of unknowns, and no total.
    assert model["total_params"] is None
    assert [layer["type"] for layer in model["layers"]] == ["InputLayer", None]


def test_keras_ops_concatenate_is_not_the_concatenate_layer() -> None:
    source = ("import keras\nfrom keras import ops\n"
              "a = keras.Input((4,))\nb = keras.Input((4,))\n"
              "c = ops.concatenate([a, b])\nmodel = keras.Model([a, b], keras.layers.Dense(1)(c))\n")
    layers = analyse_source(source).to_json()["models"][0]["layers"]
    # Keras's summary lists the op as concatenate (Concatenate) too, but as an op, not a layer.
    assert [(layer["type"], layer.get("op", False)) for layer in layers if layer["type"] == "Concatenate"] == [
        ("Concatenate", True)]


def test_file_without_keras_has_no_models() -> None:
    assert analyse_source("class LSTM:\n    pass\nmodel = LSTM()\n").models == []
