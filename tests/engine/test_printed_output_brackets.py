"""The Output Shape cell of a row with several outputs, as Keras 3's ``model.summary()`` prints it
(``summary_utils.format_layer_shape``): a layer with a node (a Functional's) prints its output
tensors flattened, as a list; a layer no node was made for (a sublayer of a subclassed model built
on data) prints ``compute_output_shape`` of its build in the structure that returns, which for the
recurrent layers is a tuple ``(output, *states)``; and outputs that flatten to one shape print as
that shape. Compared with the text of a real ``model.summary()``.
"""
from __future__ import annotations

import contextlib
import io
import re
import warnings
from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.formats import summary_markdown, summary_text
from tests.keras_env import keras

PROGRAM = """\
import numpy as np
import keras
from keras import layers


class Pair(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x), [self.dense(x), x]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 3), [(input_shape[0], 3), input_shape]


class Single(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(2)

    def call(self, x):
        return [self.dense(x)]

    def compute_output_shape(self, input_shape):
        return [(input_shape[0], 2)]


class Encoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.pair = Pair()
        self.single = Single()
        self.lstm = layers.LSTM(8, return_sequences=True, return_state=True)
        self.gru = layers.GRU(4, return_state=True)
        self.both = layers.Bidirectional(layers.LSTM(5, return_state=True))
        self.cells = layers.RNN([layers.LSTMCell(2), layers.GRUCell(3)], return_state=True)
        self.conv = layers.ConvLSTM1D(2, 3, return_state=True)

    def call(self, x):
        first, rest = self.pair(x[:, 0])
        seq, h, c = self.lstm(x)
        g, gh = self.gru(seq)
        b = self.both(seq)
        r = self.cells(seq)
        k = self.conv(keras.ops.expand_dims(seq, -1))
        return layers.concatenate([first, self.single(h)[0], g, b[0], r[0]])


encoder = Encoder()
encoder(np.zeros((4, 12, 6), "float32"))

inputs = keras.Input((12, 6))
sequence, state_h, state_c = layers.LSTM(8, return_sequences=True, return_state=True)(inputs)
first, rest = Pair()(state_h)
model = keras.Model(inputs, [sequence, Single()(first)[0], rest[1]])
"""

_ROW = re.compile(r"^│ (\S+) \(\S+\) +│ (.+?) +│")


def _keras_printed(source: str, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Dict[str, str]]:
    """Row name → Output Shape cell of each model's real ``model.summary()``, wide enough that no
    cell wraps (rich's console is as wide as ``COLUMNS`` says, whatever ``line_length``)."""
    monkeypatch.setenv("COLUMNS", "250")
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        exec(compile(source, "printed.py", "exec"), namespace)
    printed: Dict[str, Dict[str, str]] = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Model):
            lines: List[str] = []
            value.summary(line_length=200, print_fn=lambda text, line_break=True: lines.append(text))
            printed[name] = _cells("".join(lines))
    return printed


def _cells(table: str) -> Dict[str, str]:
    found = {}
    for line in table.splitlines():
        match = _ROW.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_text_and_markdown_print_output_shapes_as_keras_summary_does(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _keras_printed(PROGRAM, monkeypatch)
    analysis = analyse_source(PROGRAM, "printed.py")
    assert sorted(expected) == sorted(model.name for model in analysis.models)
    assert "((4, 12, 8), (4, 8), (4, 8))" in expected["encoder"].values()  # a tuple is among them
    for model in analysis.models:
        assert _cells(summary_text.render_model(model, "printed.py")) == expected[model.name]
        markdown_rows = [line.split(" | ") for line in summary_markdown.render_model(model, "printed.py").splitlines()
                         if line.startswith("| ") and not line.startswith(("| Layer", "| ---", "| **"))]
        # (Markdown escapes the brackets with backslashes.)
        assert {cells[0][2:]: cells[2].replace("\\", "") for cells in markdown_rows} == expected[model.name]


def test_json_keeps_the_structure_as_lists() -> None:
    """JSON has no tuples: a tuple Keras prints is a list there, as the shapes are the same; one
    shape in a list is that shape, as printed."""
    models = {model["name"]: model for model in analyse_source(PROGRAM, "printed.py").to_json()["models"]}
    rows = {row["name"]: row["output_shape"] for row in models["encoder"]["layers"]}
    assert rows["lstm"] == [[4, 12, 8], [4, 8], [4, 8]]
    assert rows["pair"] == [[4, 3], [[4, 3], [4, 6]]]
    assert rows["single"] == [4, 2]
