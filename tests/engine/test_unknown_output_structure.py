"""What a layer of the program's own returns when lstm-lint cannot follow its ``call``: maybe a
tensor, maybe a dict or a list of them. Subscripting it must not invent an op row Keras does not
have (``out["cls"]`` of a dict is Python's own lookup), nor drop one it may have (``out[0]`` of a
tensor is Keras's GetItem). Compared with real Keras."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from tests.engine.test_custom_layers import keras_models, lint_models

# ``ops.associative_scan`` is an op lstm-lint does not follow: the call's output is unknown.
_HEADS = '''import keras
from keras import layers, ops


class Heads(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cls = layers.Dense(5)
        self.reg = layers.Dense(1)

    def call(self, x):
        x = ops.associative_scan(ops.add, x, axis=1)
        return {returned}


inputs = keras.Input(shape=(20,))
out = Heads()(layers.Dense(32, activation="relu")(inputs))
model = keras.Model(inputs, {outputs})
'''

DICT_OUTPUT = _HEADS.format(returned='{"cls": self.cls(x), "reg": self.reg(x)}', outputs='[out["cls"], out["reg"]]')
TENSOR_OUTPUT = _HEADS.format(returned="self.cls(x)", outputs="[out[:, 0], out[:, 1:]]")


def _rows(model: Dict[str, Any]) -> List[Tuple[Any, Any]]:
    return [(layer["name"], layer["type"]) for layer in model["layers"]]


def test_a_key_of_what_an_unfollowed_call_returns_makes_no_row() -> None:
    (keras_model,) = keras_models(DICT_OUTPUT)
    (linted,) = lint_models(DICT_OUTPUT)
    assert _rows(linted) == _rows(keras_model)
    assert linted["total_params"] in (None, keras_model["total_params"])  # unknown, never another number


def test_an_index_of_it_may_be_a_row_and_is_not_taken_for_none() -> None:
    (keras_model,) = keras_models(TENSOR_OUTPUT)
    (linted,) = lint_models(TENSOR_OUTPUT)
    assert ("get_item", "GetItem") in _rows(keras_model)
    # Whether the index is Keras's GetItem or a list's item is not known: the rows past the layer
    # are unknown, not missing, and their names are not given.
    rows = _rows(linted)
    assert rows[:3] == _rows(keras_model)[:3]
    assert len(rows) > 3 and all(name is None for name, _ in rows[3:])


NESTED_DICT_OUTPUT = '''import keras
from keras import layers


class Grouped(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3)

    def call(self, x):
        return {"a": {"b": self.dense(x)}, "d": ()}


inputs = keras.Input((4,))
out = Grouped()(inputs)
model = keras.Model(inputs, layers.Dense(2)(out["a"]["b"]))
'''


def test_a_key_of_an_item_of_it_makes_no_row_either() -> None:
    """``out["a"]["b"]``: what a key gives may be a dict again, looked up by Python as well."""
    (keras_model,) = keras_models(NESTED_DICT_OUTPUT)
    (linted,) = lint_models(NESTED_DICT_OUTPUT)
    assert _rows(linted) == _rows(keras_model)
    assert linted["total_params"] in (None, keras_model["total_params"])
