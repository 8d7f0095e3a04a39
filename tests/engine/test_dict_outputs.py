"""A layer of the program's own class whose ``call`` returns a dict of tensors (multi-task heads).

Keras's ``Layer.__call__`` returns the dict itself: indexing it is plain Python (no op, no row),
its values feed later layers, and the row (and a model given it as outputs) lists the values
flattened as ``tree.flatten`` does, by sorted key, at any depth. Every case is compared with what
Keras 3 gives for the same program.
"""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

# Inserted "reg" first: the flattened order (sorted keys) is not the insertion order.
HEADS = """\
import numpy as np
import keras
from keras import layers


class Heads(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cls = layers.Dense(3)
        self.reg = layers.Dense(1)

    def call(self, x):
        return {"reg": self.reg(x), "cls": self.cls(x)}

"""

# Keras makes the outputs of a functional call from the shapes compute_output_shape gives.
HEADS_WITH_SHAPES = HEADS.rstrip("\n") + """

    def compute_output_shape(self, input_shape):
        return {"reg": (input_shape[0], 1), "cls": (input_shape[0], 3)}

"""

PROGRAMS: Dict[str, str] = {
    "items_feed_later_layers": HEADS + """
class OneHead(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.heads = Heads()

    def call(self, x):
        return self.heads(x)["reg"]


inputs = keras.Input(shape=(20,))
out = Heads()(layers.Dense(32, activation="relu")(inputs))
scores = layers.Dense(4)(out["cls"])
tails = [layers.Dense(2, name=f"tail_{key}")(value) for key, value in out.items()]
model = keras.Model(inputs, [scores, out["reg"], OneHead()(inputs)] + tails)
""",
    "dict_as_a_models_outputs": HEADS + """
inputs = keras.Input(shape=(20,))
out = Heads()(layers.Dense(32)(inputs))
model = keras.Model(inputs, out)
other = keras.Input(shape=(20,))
again = model(other)
outer = keras.Model(other, [layers.Dense(2)(again["cls"]), again["reg"]])
""",
    "nested_structures_and_int_keys": """
import keras
from keras import layers


class Nested(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.a = layers.Dense(3)
        self.b = layers.Dense(1)
        self.c = layers.Dense(2)

    def call(self, x):
        return self.c(x), {"z": [self.a(x), self.c(x)], "b": self.b(x)}


class Numbered(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.a = layers.Dense(3)
        self.b = layers.Dense(1)

    def call(self, x):
        return {10: self.a(x), 2: self.b(x)}


inputs = keras.Input(shape=(20,))
first, rest = Nested()(inputs)
numbered = Numbered()(rest["z"][0])
merged = layers.Concatenate()([first, rest["b"], numbered[10], numbered[2]])
model = keras.Model(inputs, [merged, rest["z"][1]])
""",
    "dict_from_compute_output_shape": HEADS_WITH_SHAPES + """
inputs = keras.Input((20,))
out = Heads()(inputs)
model = keras.Model(inputs, layers.Dense(2)(out["reg"]))
""",
    "list_output_indexed": """
import keras
from keras import layers


class Heads(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cls = layers.Dense(5)
        self.reg = layers.Dense(1)

    def call(self, x):
        return [self.cls(x), self.reg(x)]


inputs = keras.Input(shape=(20,))
out = Heads()(layers.Dense(32)(inputs))
model = keras.Model(inputs, [out[0], layers.Dense(3)(out[1])])
""",
    "subclassed_model_built_on_an_array": HEADS + """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.body = layers.Dense(32)
        self.heads = Heads()
        self.out = layers.Dense(2)

    def call(self, x):
        found = self.heads(self.body(x))
        return self.out(layers.concatenate([found["cls"], found["reg"]]))


net = Net()
net(np.zeros((4, 20), "float32"))
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_dict_outputs_are_keras_own(name: str) -> None:
    source = PROGRAMS[name]
    expected = reference.module_models(source)
    got = analyse_source(source, f"{name}.py").to_json()["models"]
    assert [model["name"] for model in got] == [model["name"] for model in expected]
    assert differences(expected, got, lines=True) == []


def _model(source: str, name: str) -> Dict[str, Any]:
    models: List[Dict[str, Any]] = analyse_source(source, "heads.py").to_json()["models"]
    return next(model for model in models if model["name"] == name)


def test_keys_that_do_not_sort_give_an_unknown_order() -> None:
    """``{"x": a, 1: b}``: optree flattens it in an order of its own, the torch backend's tree
    raises. The row's shape is unknown, and so is what follows; its weights are still known."""
    source = HEADS.replace('{"reg": self.reg(x), "cls": self.cls(x)}', '{"cls": self.cls(x), 1: self.reg(x)}') + """
inputs = keras.Input(shape=(20,))
out = Heads()(inputs)
model = keras.Model(inputs, layers.Dense(2)(out["cls"]))
"""
    keras_row = reference.module_models(source)[0]["layers"][1]
    assert keras_row["output_shape"] == [[None, 1], [None, 3]]  # what optree gives, on numpy
    heads = _model(source, "model")["layers"][1]
    assert (heads["name"], heads["output_shape"], heads["params"]) == ("heads", None, keras_row["params"])
    assert lint_file(source, "heads.py", Settings()).diagnostics == []


def test_a_key_not_in_the_dict_is_unknown_and_reported_by_nothing() -> None:
    """Python raises KeyError in every run: no LL code is about Python's own errors, and a missing
    key of any dict is unknown to the evaluator, so the model built from it is unknown."""
    source = HEADS + """
inputs = keras.Input(shape=(20,))
out = Heads()(inputs)
model = keras.Model(inputs, layers.Dense(2)(out["score"]))
"""
    with pytest.raises(KeyError):
        reference.module_models(source)
    assert _model(source, "model")["total_params"] is None
    assert lint_file(source, "heads.py", Settings()).diagnostics == []


def test_a_dict_compute_output_shape_prints_in_an_order_that_depends_on_the_backend() -> None:
    """In a subclassed model built on data, summary() prints ``str`` of the dict that
    ``compute_output_shape`` returns: optree keeps its insertion order, the torch backend's tree
    sorts it. The row's shape is unknown; its weights are not."""
    source = HEADS_WITH_SHAPES + """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.heads = Heads()

    def call(self, x):
        return self.heads(x)["cls"]


net = Net()
net(np.zeros((4, 20), "float32"))
"""
    expected = reference.printed_models(source)["net"]
    heads = _model(source, "net")["layers"][0]
    assert (heads["output_shape"], heads["params"]) == (None, expected["layers"][0]["params"])
    assert "compute_output_shape of Heads" in heads["unknown"][0]["message"]
