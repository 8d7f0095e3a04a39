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
