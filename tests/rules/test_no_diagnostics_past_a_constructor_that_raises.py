"""Keras raises at the constructor of a layer given a keyword it does not take (LL103), wherever
that line runs: no run calls that layer, so nothing downstream of its calls is reported (an LL101
there would describe a model no run builds), and its rows are unknown with that reason."""
from __future__ import annotations

import textwrap

import pytest

from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_file
from tests.keras_env import keras

# Read with return_sequences=False, the second LSTM would get rank 2 and be an LL101.
FUNCTIONAL = """
    import keras
    from keras import layers
    inputs = keras.Input((24, 7))
    h = layers.LSTM(16, return_sequence=True)(inputs)
    h = layers.Dropout(0.2)(h)
    h = layers.LSTM(8)(h)
    model = keras.Model(inputs, layers.Dense(1)(h))
"""
SEQUENTIAL = """
    import keras
    from keras import layers
    model = keras.Sequential([
        keras.Input((10, 3)),
        layers.LSTM(64, return_sequence=True),
        layers.LSTM(32),
        layers.Dense(1),
    ])
"""


@pytest.mark.parametrize("source", [FUNCTIONAL, SEQUENTIAL], ids=["functional", "sequential"])
def test_only_the_constructor_is_reported(source: str) -> None:
    text = textwrap.dedent(source)
    with pytest.raises(ValueError, match="return_sequence"):
        exec(compile(text, "<program>", "exec"), {"keras": keras})
    found = [(diagnostic.line, diagnostic.code) for diagnostic in lint_file(text, "a.py", Settings()).diagnostics]
    typo_line = 1 + text.splitlines().index(next(line for line in text.splitlines() if "return_sequence=" in line))
    assert found == [(typo_line, "LL103")]
    [model] = analyse_program(text, "a.py").analysis.models
    rows = [row for row in model.layers if row.type != "InputLayer"]
    assert rows and all(row.shape_text == "?" for row in rows)
    assert "construction (LL103)" in rows[0].unknown[0].message


def test_under_target_keras_2_a_keras2_keyword_still_builds() -> None:
    # tf.keras 2 took batch_input_shape=: its model is built, not unknown.
    text = textwrap.dedent("""
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.LSTM(8, batch_input_shape=(4, 10, 3)), layers.Dense(1)])
    """)
    [model] = analyse_program(text, "a.py", target_keras=2).analysis.models
    assert model.total_params == 4 * (8 * (3 + 8) + 8) + 9
