"""``keras.models.clone_model`` of models holding the program's own layers. Keras makes each layer
again with ``cls.from_config(layer.get_config())``: for a class with neither of its own, the
config is the arguments its constructor was given (Keras's auto config), so the constructor runs
again and its sublayers take new default names, which later layers' names follow. A class with a
``get_config`` of its own is not followed (its config is whatever that returns): unknown (in a
functional model's clone, one unknown row with the reason)."""
from __future__ import annotations

from typing import Any, Dict

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

LAYERS = '''import keras
from keras import layers


class Block(layers.Layer):
    def __init__(self, units, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = layers.Dense(units, activation=activation)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.inner(x))


class Configured(Block):
    def get_config(self):
        return {**super().get_config(), "units": self.units}


'''

SEQUENTIAL = LAYERS + '''base = keras.Sequential([keras.Input((6,)), Block(8, name="first"), Block(4, "tanh"),
                         layers.Dense(1)])
copy = keras.models.clone_model(base)
inputs = keras.Input((3,))
after = keras.Model(inputs, layers.Dense(2)(Block(5)(inputs)))
'''


def _ours(source: str) -> Dict[str, Any]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


def test_a_sequential_of_custom_layers_is_cloned_as_keras_clones_it() -> None:
    expected = reference.module_models(SEQUENTIAL)
    # The clone's layers keep their names; the sublayers its constructors made took default names,
    # so the Dense made after the clone is dense_5, not dense_3.
    assert [layer["name"] for layer in expected[1]["layers"]] == ["first", "block", "dense_2"]
    assert [layer["name"] for layer in expected[2]["layers"]] == ["input_layer_1", "block_1", "dense_5"]
    assert differences(expected, analyse_source(SEQUENTIAL, "model.py").to_json()["models"], lines=False) == []


def test_a_custom_layer_with_a_config_of_its_own_makes_the_clone_unknown() -> None:
    source = SEQUENTIAL.replace('Block(4, "tanh")', "Configured(4)")
    expected = {model["name"]: model for model in reference.module_models(source)}
    assert expected["copy"]["total_params"] == expected["base"]["total_params"]
    ours = _ours(source)
    assert ours["base"]["total_params"] == expected["base"]["total_params"]
    # Not followed: no clone is reported, and the names made after it are not guessed.
    assert "copy" not in ours
    assert [layer["name"] for layer in ours["after"]["layers"]][1:] == [None, None]
    assert ours["after"]["total_params"] == expected["after"]["total_params"]


def test_a_custom_layer_keras_cannot_clone_is_not_cloned() -> None:
    # An argument that is not a plain value (a layer) leaves Keras no auto config: cloning raises
    # NotImplementedError; so does an __init__ without **kwargs (get_config's trainable and dtype).
    import pytest

    source = LAYERS + '''class Holder(layers.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x):
        return self.inner(x)


base = keras.Sequential([keras.Input((6,)), Holder(layers.Dense(3))])
copy = keras.models.clone_model(base)
'''
    with pytest.raises(Exception):
        reference.module_models(source)
    assert "copy" not in _ours(source)


FUNCTIONAL = LAYERS + '''features = keras.Input((6,), name="features")
hidden = Block(8, name="first")(features)
base = keras.Model(features, layers.Dense(1)(Block(4, "tanh")(hidden)))
copy = keras.models.clone_model(base)
inputs = keras.Input((3,))
after = keras.Model(inputs, layers.Dense(2)(Block(5)(inputs)))
'''


def test_a_functional_model_of_custom_layers_is_cloned_as_keras_clones_it() -> None:
    expected = reference.module_models(FUNCTIONAL)
    # As for a Sequential, the constructors run again: the Dense made after the clone is dense_5.
    assert [layer["name"] for layer in expected[1]["layers"]] == ["features", "first", "block", "dense_1"]
    assert [layer["name"] for layer in expected[2]["layers"]] == ["input_layer", "block_1", "dense_5"]
    assert differences(expected, analyse_source(FUNCTIONAL, "model.py").to_json()["models"], lines=False) == []


def test_a_functional_clone_of_a_layer_with_a_config_of_its_own_is_one_unknown_row() -> None:
    source = FUNCTIONAL.replace('Block(4, "tanh")', "Configured(4)")
    expected = {model["name"]: model for model in reference.module_models(source)}
    assert expected["copy"]["total_params"] == expected["base"]["total_params"]
    ours = _ours(source)
    assert ours["base"]["total_params"] == expected["base"]["total_params"]
    assert ours["copy"]["total_params"] is None
    assert [(row["name"], row["params"]) for row in ours["copy"]["layers"]] == [(None, None)]
    reasons = [cause.message for table in analyse_source(source, "model.py").summaries()
               if table.name == "copy" for cause in table.unknown]
    assert any("clone_model makes Configured again" in reason for reason in reasons), reasons
    # The constructors the clone ran may have taken default names: those after it are not guessed.
    assert [layer["name"] for layer in ours["after"]["layers"]][1:] == [None, None]
    assert ours["after"]["total_params"] == expected["after"]["total_params"]


def test_a_functional_clone_of_a_layer_called_with_more_than_its_tensor_is_not_replayed() -> None:
    # The node records the tensors only: a call given more (``training=``) cannot be made again.
    source = LAYERS + '''class Gated(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(units)

    def call(self, x, training=None):
        return self.inner(x)


features = keras.Input((6,), name="features")
base = keras.Model(features, Gated(3)(features, training=False))
copy = keras.models.clone_model(base)
'''
    expected = {model["name"]: model for model in reference.module_models(source)}
    assert expected["copy"]["total_params"] == 21
    ours = _ours(source)
    assert ours["base"]["total_params"] == 21
    assert ours.get("copy", {"total_params": None})["total_params"] is None
