"""A layer class of the program's own constructed with an argument its ``__init__`` does not take
(Python's TypeError), or with a keyword its ``**kwargs`` hands to Keras's ``Layer.__init__``,
which refuses it: Keras raises at that construction in every run, so, as for a Keras class
(test_no_diagnostics_past_a_constructor_that_raises.py), only the constructor is reported, and
its rows and those after it are unknown with that reason."""
from __future__ import annotations

import textwrap

import pytest

from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_file
from tests.keras_env import keras

CLASSES = """
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self, units, rate=0.1, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)


    class Head(layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)


    inputs = keras.Input((10, 3))
"""
# Read as built, the second LSTM would get rank 2 and be an LL101.
TO_KERAS = CLASSES + """
    h = Block(8, dropout_rate=0.2)(inputs)
    h = layers.LSTM(4)(h)
    h = layers.LSTM(2)(h)
    model = keras.Model(inputs, h)
"""
TO_PYTHON = CLASSES + """
    h = Head(8, activaton="relu")(inputs)
    h = layers.LSTM(4)(h)
    h = layers.LSTM(2)(h)
    model = keras.Model(inputs, h)
"""


@pytest.mark.parametrize("source,error,typo", [(TO_KERAS, ValueError, "dropout_rate"),
                                               (TO_PYTHON, TypeError, "activaton")],
                         ids=["keras-refuses-the-keyword", "python-refuses-the-keyword"])
def test_only_the_constructor_is_reported(source: str, error: type, typo: str) -> None:
    text = textwrap.dedent(source)
    with pytest.raises(error, match=typo):
        exec(compile(text, "<program>", "exec"), {"keras": keras})
    found = [(diagnostic.line, diagnostic.code) for diagnostic in lint_file(text, "a.py", Settings()).diagnostics]
    typo_line = 1 + text.splitlines().index(next(line for line in text.splitlines() if f"{typo}=" in line))
    assert found == [(typo_line, "LL103")]
    [model] = analyse_program(text, "a.py").analysis.models
    rows = [row for row in model.layers if row.type != "InputLayer"]
    assert [row.type for row in rows][1:] == ["LSTM", "LSTM"]
    assert all(row.shape_text == "?" and row.params is not None and not isinstance(row.params, int) for row in rows)
    assert "construction (LL103)" in rows[0].unknown[0].message
