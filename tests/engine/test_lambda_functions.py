"""``Lambda(fn)`` with no ``output_shape``: Keras finds the output by running ``fn`` on the layer's
symbolic input, and so does lstm-lint when ``fn`` is a function of the program. Each program is
run in Keras; every row (name, class, shape, count) and the totals must be Keras's. Keras runs the
function on its backend's tensors only, so the ops it calls take no default names; a layer it
makes does, at every run."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import LAYER_FIELDS

HEADER = "import keras\nfrom keras import layers, ops\n\n"

PROGRAMS = {
    "scaled": "x = keras.Input((8,))\nmodel = keras.Model(x, layers.Dense(1)(layers.Lambda(lambda t: t * 2)(x)))\n",
    "last_step": ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True),\n"
                  "                          layers.Lambda(lambda t: t[:, -1, :]), layers.Dense(2)])\n"),
    "mean_over_time": ("x = keras.Input((None, 6))\n"
                       "pooled = layers.Lambda(lambda t: ops.mean(t, axis=1))(x)\n"
                       "model = keras.Model(x, layers.Dense(3)(pooled))\n"),
    "a_def": ("def squash(t):\n    return ops.expand_dims(ops.sum(ops.square(t), axis=-1), -1)\n\n\n"
              "x = keras.Input((5, 4))\nmodel = keras.Model(x, layers.Dense(2)(layers.Lambda(squash)(x)))\n"),
    "arguments": ("x = keras.Input((4,))\n"
                  "y = layers.Lambda(lambda t, k: ops.stack([t] * k, axis=1), arguments={'k': 3})(x)\n"
                  "model = keras.Model(x, layers.LSTM(2)(y))\n"),
    "two_inputs": ("a = keras.Input((6,))\nb = keras.Input((6,))\n"
                   "s = layers.Lambda(lambda ts: ts[0] - ts[1])([a, b])\n"
                   "model = keras.Model([a, b], layers.Dense(1)(ops.abs(s)))\n"),
    "two_outputs": ("x = keras.Input((6,))\n"
                    "half, double = layers.Lambda(lambda t: [t * 0.5, ops.concatenate([t, t])])(x)\n"
                    "model = keras.Model(x, [layers.Dense(1)(half), layers.Dense(1)(double)])\n"),
    "reshape_by_shape": ("x = keras.Input((12,))\n"
                         "y = layers.Lambda(lambda t: ops.reshape(t, (-1, 3, 4)))(x)\n"
                         "model = keras.Model(x, layers.GRU(2)(y))\n"),
}


def _keras_and_ours(source: str) -> List[str]:
    """What lstm-lint gives that is not Keras's: totals, and per row of ``model.layers`` every field."""
    expected = {model["name"]: model for model in reference.module_models(source)}
    actual = _models(source)
    problems = [] if sorted(expected) == sorted(actual) else [f"models: {sorted(expected)} {sorted(actual)}"]
    for name, want in expected.items():
        got = actual.get(name)
        if got is None:
            continue
        problems += [f"{name} {key}: {want[key]} {got[key]}" for key in ("total_params", "trainable_params")
                     if want[key] != got[key]]
        if len(want["layers"]) != len(got["layers"]):
            problems.append(f"{name}: {len(want['layers'])} rows in Keras, {len(got['layers'])}")
            continue
        for want_row, got_row in zip(want["layers"], got["layers"]):
            for key in LAYER_FIELDS:
                if want_row.get(key) != got_row.get(key):
                    problems.append(f"{name} row {want_row['name']} {key}: {want_row.get(key)} {got_row.get(key)}")
    return problems


def _models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_keras_agrees(name: str) -> None:
    assert _keras_and_ours(HEADER + PROGRAMS[name]) == []


def test_a_function_taking_mask_or_training_is_not_run() -> None:
    """Lambda hands those to the function itself: what it gives then is left unknown."""
    source = HEADER + ("x = keras.Input((8,))\n"
                       "y = layers.Lambda(lambda t, mask=None: t * 2)(x)\n"
                       "model = keras.Model(x, layers.Dense(1)(y))\n")
    model = _models(source)["model"]
    assert model["layers"][1]["output_shape"] is None and model["total_params"] is None
    [keras_model] = reference.module_models(source)
    assert keras_model["layers"][1]["output_shape"] == [None, 8]


def test_a_layer_the_function_makes_leaves_its_default_names_unknown() -> None:
    """Made again at every run of the function: which number the next Dense gets is not followed."""
    source = HEADER + ("x = keras.Input((8,))\n"
                       "y = layers.Lambda(lambda t: layers.Dense(4)(t))(x)\n"
                       "model = keras.Model(x, layers.Dense(1)(y))\n")
    names = [row["name"] for row in _models(source)["model"]["layers"]]
    assert names[:2] == ["input_layer", "lambda"] and names[2] is None


def test_what_the_function_changes_outside_it_is_unknown_after() -> None:
    """Keras runs it at every call and on every batch: a count it keeps is not the file's."""
    source = HEADER + ("calls = [0]\n\n\ndef counted(t):\n    calls[0] += 1\n    return t * 2\n\n\n"
                       "x = keras.Input((8,))\ny = layers.Lambda(counted)(x)\n"
                       "model = keras.Model(x, layers.Dense(calls[0] + 1)(y))\n")
    model = _models(source)["model"]
    assert model["layers"][1]["output_shape"] == [None, 8] and model["layers"][2]["params"] is None
