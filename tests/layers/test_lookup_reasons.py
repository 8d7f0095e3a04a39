"""Why a lookup row is unknown, as ``summary --explain`` says it: ``sparse=True`` (and
TextVectorization's ``ragged=True``) are taken by the TensorFlow backend alone, so what the layer
gives depends on the backend of the run (the recording, ``tests/layers/lookup_truth.json``, has both)."""
from __future__ import annotations

import pytest

from lstm_lint import analyse_source

LAYERS = {
    "StringLookup": ('layers.StringLookup(vocabulary=["a", "b"], output_mode="multi_hot", sparse=True)', "string"),
    "IntegerLookup": ('layers.IntegerLookup(vocabulary=[1, 2], output_mode="count", sparse=True)', "int64"),
    "TextVectorization": ('layers.TextVectorization(vocabulary=["a"], ragged=True)', "string"),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_the_reason_names_the_backend(name: str) -> None:
    layer, dtype = LAYERS[name]
    source = (f"import keras\nfrom keras import layers\ninputs = keras.Input(shape=(2,), dtype={dtype!r})\n"
              f"outputs = {layer}(inputs)\nmodel = keras.Model(inputs, outputs)\n")
    rows = analyse_source(source, "lookup.py").to_json()["models"][0]["layers"]
    row = rows[-1]
    assert row["output_shape"] is None or "?" in row["output_shape"]
    messages = [(cause["line"], cause["message"]) for cause in row["unknown"]]
    keyword = "ragged" if "ragged" in layer else "sparse"
    assert (4, f"{keyword}=True is taken by the TensorFlow backend only (on any other, the constructor raises): "
               "whether this layer builds, and what it gives, depends on the backend the program runs with") \
        in messages, messages
