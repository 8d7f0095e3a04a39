"""Layers of the program's own classes built from plain mixin classes (``class A(Mixin,
layers.Layer)``, the mixin supplying helpers, ``call`` or an ``__init__`` that calls
``super().__init__``), and a subclass of a Keras layer class holding sublayers of its own with no
``build`` of its own: each program runs in Keras and lstm-lint must give the same rows (name,
class, output shape, count) and totals."""
from __future__ import annotations

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

MIXINS = '''import keras
from keras import layers


class ProjectMixin:
    def project(self, x):
        return self.proj(x)


class CallMixin:
    def call(self, inputs):
        return self.project(self.hidden(inputs))


class NormMixin:
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.norm = layers.LayerNormalization()


class Block(ProjectMixin, layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(units)
        self.proj = layers.Dense(2)

    def call(self, inputs):
        return self.project(self.hidden(inputs))


class Block2(CallMixin, ProjectMixin, layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(units)
        self.proj = layers.Dense(3)


class Normed(NormMixin, layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.norm(self.dense(inputs))


inputs = keras.Input((5,))
x = Block2(6)(Block(4)(inputs))
model = keras.Model(inputs, Normed(7, name="normed_block")(Normed(4)(x)))
after = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
'''


def test_layers_built_from_mixins_give_keras_rows() -> None:
    expected = keras_models(MIXINS)
    assert [row["name"] for row in expected[0]["layers"]] == [
        "input_layer", "block", "block2", "normed", "normed_block"]
    got = lint_models(MIXINS)
    assert differences(expected, got, lines=True) == []


KERAS_SUBCLASSES = '''import keras
from keras import layers


class Wide(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.extra = layers.Dense(4)


class Gate(layers.LayerNormalization):
    def __init__(self, shared, **kwargs):
        super().__init__(**kwargs)
        self.shared = shared
        self.unused = layers.Dense(3)


inputs = keras.Input((5,))
shared = layers.Dense(6)
side = shared(inputs)  # built here: the Gate holding it counts its weights
x = Wide(7)(inputs)
frozen = Wide(2, trainable=False)(x)
model = keras.Model(inputs, [Gate(shared)(frozen), side])
'''


def test_a_keras_layer_subclass_with_sublayers_of_its_own_gives_keras_rows() -> None:
    expected = keras_models(KERAS_SUBCLASSES)
    # Dense's build never reaches the subclass's own Dense: Wide counts only the Dense weights.
    assert [row["params"] for row in expected[0]["layers"] if row["type"] in ("Wide", "Gate")] == [42, 16, 40]
    got = lint_models(KERAS_SUBCLASSES)
    # The Gate holds a Dense the model holds too, which Keras's totals count once: its row and the
    # totals are unknown, the rest is Keras's.
    gate = next(index for index, row in enumerate(got[0]["layers"]) if row["type"] == "Gate")
    assert got[0]["layers"][gate]["params"] is None and got[0]["total_params"] is None
    unknown = {key: None for key in ("total_params", "trainable_params", "non_trainable_params")}
    rows = [dict(row, params=None) if index == gate else row for index, row in enumerate(expected[0]["layers"])]
    assert differences([dict(expected[0], layers=rows, **unknown)], got, lines=True) == []
    # Without the shared Dense, every count is Keras's.
    alone = KERAS_SUBCLASSES.replace("Gate(shared)(frozen)", "Gate(layers.Dense(6))(frozen)")
    assert differences(keras_models(alone), lint_models(alone), lines=True) == []
