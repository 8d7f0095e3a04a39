"""A Sequential built, changed or compiled by code that runs in some runs only. Each program runs in
Keras once per run input (``sys.argv``); every count lstm-lint prints must be what Keras prints in
every run, and what the runs agree on must stay exact. Keras leaves a Sequential it was never
called on unbuilt (``0 (unbuilt)`` rows), so a call or ``build`` on some paths only changes its
counts between runs."""
from __future__ import annotations

import sys
from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import wrong_counts

Json = Dict[str, Any]
HEAD = "import sys\nimport numpy as np\nimport keras\nfrom keras import layers\n\n"
RUNS = (["train.py"], ["train.py", "1"], ["train.py", "1", "2"])

PROGRAMS = {
    "called_under_an_if": """model = keras.Sequential([layers.LSTM(8), layers.Dense(4)])
if len(sys.argv) > 1:
    model(keras.Input((10, 3)))
""",
    "called_in_a_loop_of_unknown_length": """model = keras.Sequential([layers.GRU(8), layers.Dense(2)])
for _ in sys.argv[2:]:
    model(keras.Input((6, 3)))
""",
    "called_in_a_try_body": """model = keras.Sequential([layers.LSTM(8), layers.Dense(4)])
try:
    sys.argv[2]
    model(keras.Input((10, 3)))
except IndexError:
    pass
""",
    "built_under_an_if": """model = keras.Sequential([layers.LSTM(8), layers.Dense(4)])
if len(sys.argv) > 1:
    model.build((None, 10, 3))
""",
    "predicted_under_an_if": """model = keras.Sequential([layers.LSTM(8), layers.Dense(4)])
if len(sys.argv) > 1:
    model.predict(np.zeros((2, 10, 3)), verbose=0)
""",
    # A functional model made in the same block holds the Sequential built there.
    "called_inside_a_functional_model_under_an_if": """block = keras.Sequential([layers.Dense(8), layers.Dense(4)])
inputs = keras.Input((5,))
if len(sys.argv) > 1:
    model = keras.Model(inputs, layers.Dense(2)(block(inputs)))
""",
    # A layer built before keeps its weights on every path: its row stays exact.
    "a_layer_built_before": """shared = layers.Dense(4)
shared(keras.Input((3,)))
model = keras.Sequential([shared, layers.Dense(2)])
if len(sys.argv) > 1:
    model(keras.Input((3,)))
""",
    "frozen_under_an_if": """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4)])
if len(sys.argv) > 1:
    model.layers[0].trainable = False
""",
    "popped_under_an_if": """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4)])
if len(sys.argv) > 1:
    model.pop()
""",
    "grown_under_an_if": """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])
if len(sys.argv) > 1:
    model.add(layers.Dense(4))
""",
    "popped_in_a_try_body": """model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(4)])
try:
    sys.argv[1]
    model.pop()
except IndexError:
    pass
""",
}

# Rows and totals the runs agree on, which lstm-lint must give exactly: (model, row or total).
EXACT = {
    "a_layer_built_before": [("model", "row 0")],
    "frozen_under_an_if": [("model", "total_params")],
    "popped_under_an_if": [("model", "row 0")],
    "popped_in_a_try_body": [("model", "row 0")],
    "grown_under_an_if": [("model", "row 0")],
}


def keras_runs(source: str) -> List[Dict[str, Json]]:
    """What Keras prints for each module-level model, once per run input."""
    printed = []
    saved = sys.argv
    try:
        for argv in RUNS:
            sys.argv = list(argv)
            printed.append(reference.printed_models(source))
    finally:
        sys.argv = saved
    return printed


def ours(source: str) -> Dict[str, Json]:
    return {model["name"]: model for model in analyse_source(source, "train.py").to_json()["models"]
            if not model["snapshot"]}


def _value(model: Json, key: str) -> Any:
    if key.startswith("row "):
        rows = model["layers"]
        index = int(key.split()[1])
        return rows[index]["params"] if index < len(rows) else "no row"
    return model[key]


def wrong(expected: Json, actual: Json) -> List[str]:
    """compare.wrong_counts, where a run may have fewer rows than lstm-lint shows (a layer popped or
    added on some paths only): lstm-lint's rows past Keras's must be unknown rows."""
    if len(actual["layers"]) <= len(expected["layers"]):
        return wrong_counts(expected, actual)
    extra = actual["layers"][len(expected["layers"]):]
    problems = [f"row {row['name']} is not in Keras's model in this run" for row in extra
                if row["params"] is not None]
    return problems + wrong_counts(expected, dict(actual, layers=actual["layers"][:len(expected["layers"])]))


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_every_count_holds_in_every_run(name: str) -> None:
    source = HEAD + PROGRAMS[name]
    runs = keras_runs(source)
    found = ours(source)
    varying = False
    for run in runs:
        for model_name, expected in run.items():
            assert model_name in found
            assert wrong(expected, found[model_name]) == [], model_name
            varying = varying or expected != runs[0].get(model_name)
    assert varying, "the runs do not differ: the program shows nothing"
    for model_name, key in EXACT.get(name, []):
        values = {repr(_value(run[model_name], key)) for run in runs}
        assert len(values) == 1, (key, values)
        assert _value(found[model_name], key) == _value(runs[0][model_name], key)


@pytest.mark.parametrize("how", ["model(keras.Input((10, 3)))", "model.build((None, 10, 3))"])
def test_the_reason_names_the_build_that_may_not_happen(how: str) -> None:
    source = HEAD + f"model = keras.Sequential([layers.LSTM(8)])\nif sys.argv[1:]:\n    {how}\n"
    table = next(table for table in analyse_source(source, "train.py").summaries() if not table.snapshot)
    messages = [cause.message for cause in table.unknown]
    assert any("in some runs only" in message for message in messages), messages
