"""Masks through the program's own layers, against Keras 3: ``supports_masking`` (a class
attribute, or set in ``__init__``) passes the mask on, a layer without it or whose
``compute_mask`` returns None drops it, a ``compute_mask`` of Keras ops makes graph nodes, and a
``call(..., mask=None)`` takes the mask tensor as an input. Masks are ops of the graph: they move
layers in ``model.layers`` and ``Concatenate``'s mask op takes a ``concatenate`` name, so each
program here is one whose order or names change with what the custom layer does with the mask."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.engine.test_custom_layers import keras_models

HEADER = '''import keras
from keras import layers, ops


class Passing(layers.Layer):
    supports_masking = True

    def call(self, x):
        return x * 2.0


class PassingFromInit(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, x):
        return x + 1.0


class ResetByInit(layers.Layer):
    def __init__(self, **kwargs):
        self.supports_masking = True  # Keras's __init__ sets it again, from compute_mask
        super().__init__(**kwargs)

    def call(self, x):
        return x - 1.0


class Dropping(layers.Layer):
    def call(self, x):
        return x * 2.0


class DroppingByComputeMask(layers.Layer):
    def call(self, x):
        return x * 2.0

    def compute_mask(self, inputs, mask=None):
        return None


class Returning(layers.Layer):
    def call(self, x):
        return x * 2.0

    def compute_mask(self, inputs, mask=None):
        return mask


class Computing(layers.Layer):
    def call(self, x):
        return x * 2.0

    def compute_mask(self, inputs, mask=None):
        return ops.any(ops.not_equal(inputs, 0.0), axis=-1)


class Taking(layers.Layer):
    def call(self, x, mask=None):
        if mask is not None:
            return x * ops.expand_dims(ops.cast(mask, "float32"), -1)
        return x


'''
# The mask reaches LSTM through Concatenate's mask ops (which take a ``concatenate`` name) only
# when the custom layer passes it on.
BRANCHES = '''a = keras.Input((6, 3))
b = keras.Input((6, 2))
masked = layers.Masking()(a)
joined = layers.Concatenate()([{}()(masked), layers.Dense(2)(b)])
out = layers.LSTM(4)(layers.Dense(3)(joined))
model = keras.Model([a, b], layers.Concatenate()([out, layers.Flatten()(b)]))
'''
# Masking's mask ops, an input of the custom layer's node when its call takes ``mask``, make the
# first input deeper than the second.
TAKEN = '''a = keras.Input((6, 3))
b = keras.Input((6, 3))
taken = {}()(layers.Masking()(a))
model = keras.Model([a, b], layers.Add()([layers.Dense(3)(layers.Dense(3)(b)), taken]))
'''
PROGRAMS = {name: HEADER + BRANCHES.format(name) for name in (
    "Passing", "PassingFromInit", "ResetByInit", "Dropping", "DroppingByComputeMask", "Returning", "Computing")}
PROGRAMS["Taking"] = HEADER + TAKEN.format("Taking")
PROGRAMS["NotTaking"] = HEADER + TAKEN.format("Dropping")


def _rows(models: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    keys = ("total_params", "trainable_params", "non_trainable_params")
    return [{**{key: model[key] for key in keys},
             "layers": [{k: v for k, v in layer.items() if k not in ("line", "unknown")} for layer in model["layers"]]}
            for model in models]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_masks_through_custom_layers_match_keras(name: str) -> None:
    source = PROGRAMS[name]
    expected = keras_models(source)
    assert _rows(analyse_source(source, "masks.py").to_json()["models"]) == _rows(expected)


def test_the_programs_differ_in_keras_by_what_the_layer_does_with_the_mask() -> None:
    # Each program can fail: passing and dropping the mask give different names or orders.
    passing = _rows(keras_models(PROGRAMS["Passing"]))[0]["layers"]
    dropping = _rows(keras_models(PROGRAMS["Dropping"]))[0]["layers"]
    assert [row["name"] for row in passing] != [row["name"] for row in dropping]
    taking = _rows(keras_models(PROGRAMS["Taking"]))[0]["layers"]
    not_taking = _rows(keras_models(PROGRAMS["NotTaking"]))[0]["layers"]
    assert [row["name"] for row in taking] != [row["name"] for row in not_taking]


def test_a_mask_not_followed_makes_the_order_unknown_only_where_a_layer_takes_it() -> None:
    source = HEADER + '''import sys


class Undecided(layers.Layer):
    def call(self, x):
        return x * 2.0

    def compute_mask(self, inputs, mask=None):
        if len(sys.argv) > 1:
            return ops.any(ops.not_equal(inputs, 0.0), axis=-1)
        return mask


a = keras.Input((6, 3))
b = keras.Input((6, 3))
undecided = Undecided()(layers.Masking()(a))
taken = keras.Model([a, b], layers.Add()([layers.Dense(2)(layers.Flatten()(b)), layers.LSTM(2)(undecided)]))
c = keras.Input((6, 3))
untaken = keras.Model(c, layers.Dense(2)(Undecided()(layers.Masking()(c))))
'''
    models = {model["name"]: model for model in analyse_source(source, "masks.py").to_json()["models"]}
    assert [layer["type"] for layer in models["taken"]["layers"]] == [None]
    assert models["taken"]["total_params"] is None
    assert [layer["type"] for layer in models["untaken"]["layers"]] == ["InputLayer", "Masking", "Undecided", "Dense"]
    assert models["untaken"]["total_params"] == 8
