"""``keras.models.clone_model`` of models holding the program's own layers. Keras makes each layer
again with ``cls.from_config(layer.get_config())``: for a class with neither of its own, the
config is the arguments its constructor was given (Keras's auto config), so the constructor runs
again and its sublayers take new default names, which later layers' names follow. A class with a
``get_config`` of its own is not followed (its config is whatever that returns): unknown."""
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
