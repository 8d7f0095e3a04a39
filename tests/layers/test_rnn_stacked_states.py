"""RNN over a stack of cells with ``return_state=True``: Keras returns one entry per cell's
``state_size``, a nested ``[h, c]`` for an LSTMCell (rnn.py ``compute_output_shape``), which the
program unpacks and uses; and RNN on a sequence of rank 2, where the step is ``(batch,)`` and the
cell takes the batch size as its features. Rows and totals as Keras gives them."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference

HEADER = "import keras\nfrom keras import layers\n"
PROGRAMS = {
    "list-unpacked": HEADER + (
        "x = keras.Input((5, 3))\n"
        "out, hc, h2 = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], return_state=True)(x)\n"
        "h, c = hc\n"
        "y = layers.Concatenate()([out, h2, h, c])\n"
        "model = keras.Model(x, layers.Dense(2)(y))\n"),
    "stacked-cells-sequences": HEADER + (
        "x = keras.Input((None, 3))\n"
        "cells = layers.StackedRNNCells([layers.SimpleRNNCell(2), layers.LSTMCell(4), layers.GRUCell(3)])\n"
        "out, h1, hc, h3 = layers.RNN(cells, return_sequences=True, return_state=True)(x)\n"
        "model = keras.Model(x, [out, hc[1], h1])\n"),
    "stateful-rank-2": HEADER + (
        "model = keras.Sequential([keras.Input(batch_shape=(2, 5)),\n"
        "                          layers.RNN(layers.GRUCell(2), return_state=True, stateful=True)])\n"),
}


def _rows(model: Dict[str, Any]) -> List[Any]:
    return [(row["name"], row["type"], row["output_shape"], row["params"]) for row in model["layers"]]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_rows_and_totals_are_keras_s(name: str) -> None:
    source = PROGRAMS[name]
    want = reference.module_models(source)
    got = analyse_source(source, "model.py").to_json()["models"]
    assert len(got) == len(want) == 1
    assert _rows(got[0]) == _rows(want[0])
    for key in ("total_params", "trainable_params", "non_trainable_params"):
        assert got[0][key] == want[0][key], key
