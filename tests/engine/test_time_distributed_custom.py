"""TimeDistributed over a layer class of the program's own: Keras asks the layer for
``compute_output_shape``, which Keras's ``Layer`` does not implement, so a class on ``Layer``
alone without one raises NotImplementedError, and one with it (or with a base of the program's
that has it, or a Keras layer class as base) builds."""
from __future__ import annotations

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference

HEAD = """import keras
from keras import layers


class Doubled(layers.Layer):
    def call(self, x):
        return x * 2


class Shaped(layers.Layer):
    def call(self, x):
        return x * 2

    def compute_output_shape(self, input_shape):
        return input_shape


class FromShaped(Shaped):
    pass


class Wider(layers.Dense):
    pass


x = keras.Input((5, 4))
"""


def _ll1xx_lines(source: str) -> list:
    return [d.line for d in lint_file(source, "model.py", Settings()).diagnostics if d.code.startswith("LL1")]


def test_a_class_without_compute_output_shape_raises_in_keras_and_is_reported() -> None:
    source = HEAD + "y = layers.TimeDistributed(Doubled())(x)\nm = keras.Model(x, y)\n"
    with pytest.raises(NotImplementedError, match="compute_output_shape"):
        reference.module_models(source)
    assert _ll1xx_lines(source) == [len(HEAD.splitlines()) + 1]


@pytest.mark.parametrize("layer", ["Shaped()", "FromShaped()", "Wider(3)"])
def test_a_class_with_one_builds_in_keras_and_is_not_reported(layer: str) -> None:
    source = HEAD + f"y = layers.TimeDistributed({layer})(x)\nm = keras.Model(x, y)\n"
    assert reference.module_models(source)
    assert _ll1xx_lines(source) == []
