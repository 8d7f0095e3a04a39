"""Masks are graph ops in Keras 3: they change model.layers's order in multi-branch models and
Concatenate's mask takes a name. Hand-written programs with masks on some branches, against Keras."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference

HEADER = "import keras\nfrom keras import layers\n"
PROGRAMS = {
    "masking_on_one_branch": """
a = keras.Input((None, 6)); b = keras.Input((4,))
x = layers.SimpleRNN(22)(layers.Dense(41)(a))
y = layers.LSTM(22)(layers.Masking()(layers.Embedding(30, 16)(b)))
model = keras.Model([a, b], layers.Add()([x, y]))
""",
    "concatenate_of_masked_inputs_takes_a_name": """
a = keras.Input((5,)); b = keras.Input((5, 3))
e = layers.Embedding(10, 3, mask_zero=True)(a)
c = layers.Concatenate()([e, b])
d = layers.Concatenate()([layers.LSTM(4, return_sequences=True)(c), b])
model = keras.Model([a, b], layers.GRU(2)(d))
""",
    "bidirectional_unmerged_and_pooling": """
a = keras.Input((7,)); b = keras.Input((7, 8))
e = layers.Embedding(50, 8, mask_zero=True)(a)
f, g = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode=None)(e)
p = layers.GlobalAveragePooling1D()(layers.Add()([f, g]))
q = layers.Dense(6)(layers.Flatten()(b))
model = keras.Model([a, b], layers.Concatenate()([p, q]))
""",
    "mask_through_wrappers_and_normalization": """
a = keras.Input((None, 4)); b = keras.Input((3,))
m = layers.Masking(mask_value=-1.0)(a)
t = layers.TimeDistributed(layers.Dense(5))(layers.Dropout(0.1)(m))
n = layers.BatchNormalization()(t)
s = layers.Softmax()(layers.LayerNormalization()(n))
r = layers.SimpleRNN(3)(s)
model = keras.Model([a, b], layers.Multiply()([r, layers.Dense(3)(b)]))
""",
}


def _without_lines(models: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    # Keras has no causes of unknowns: what is compared is what model.summary() prints.
    return [{**model, "layers": [{k: v for k, v in layer.items() if k not in ("line", "unknown")}
                                 for layer in model["layers"]]}
            for model in models]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_masked_models_match_keras(name: str) -> None:
    source = HEADER + PROGRAMS[name]
    expected = reference.module_models(source)
    ours = analyse_source(source).to_json()["models"]
    assert [model["name"] for model in ours] == [model["name"] for model in expected]
    keys = ("total_params", "trainable_params", "non_trainable_params", "layers")
    assert [{key: model[key] for key in keys} for model in _without_lines(ours)] == \
        [{key: model[key] for key in keys} for model in _without_lines(expected)]
