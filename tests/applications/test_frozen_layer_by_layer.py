"""An application frozen (or unfrozen) layer by layer, ``for layer in base.layers: layer.trainable =
False``: every layer's setter runs, so the trainable split is the same in every run, whatever the
layers are. Compared with real Keras (numpy backend); loops that may leave some layers as they
were keep the split unknown."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference

Json = Dict[str, Any]

_BASE = ("import keras\n"
         "base = keras.applications.MobileNetV2(include_top=False, input_shape=(96, 96, 3), pooling='avg',\n"
         "                                      weights=None)\n")
_HOLDER = ("model = keras.Sequential([keras.Input((96, 96, 3)), base, keras.layers.Dense(64),\n"
           "                          keras.layers.Dense(5)])\n")

KNOWN = {
    "frozen_by_a_loop": _BASE + "for layer in base.layers:\n    layer.trainable = False\n" + _HOLDER,
    # Keras's trap: the application's own flag stays False, its layers' variables are trainable
    # again, and a model holding it counts them so.
    "frozen_then_its_layers_unfrozen": _BASE + "base.trainable = False\nfor layer in base.layers:\n"
                                               "    layer.trainable = True\n" + _HOLDER,
    # A model built from its tensors holds its layers, not it: their flags count there.
    "its_layers_unfrozen_held_directly": (
        _BASE + "base.trainable = False\nfor layer in base.layers:\n    layer.trainable = True\n"
        "model = keras.Model(base.input, keras.layers.Dense(5)(base.output))\n"),
    # In a builder function, the application held by a functional model.
    "frozen_in_a_builder": "import keras\n\n\ndef build():\n"
                           "    base = keras.applications.MobileNetV2(include_top=False, input_shape=(96, 96, 3),\n"
                           "                                          pooling='avg', weights=None)\n"
                           "    for layer in base.layers:\n        layer.trainable = False\n"
                           "    inputs = keras.Input((96, 96, 3))\n"
                           "    return base, keras.Model(inputs, keras.layers.Dense(5)(base(inputs)))\n\n\n"
                           "base, model = build()\n",
}


def _totals(model: Json) -> List[Any]:
    return [model["total_params"], model["trainable_params"], model["non_trainable_params"]]


def _models(source: str) -> Dict[str, Json]:
    return {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_a_loop_over_every_layer_gives_kerass_split(name: str) -> None:
    source = KNOWN[name]
    found = _models(source)
    expected = {model["name"]: model for model in reference.module_models(source)}
    for model in ("base", "model"):
        assert _totals(found[model]) == _totals(expected[model])
        assert None not in _totals(found[model])


UNKNOWN_SPLIT = {
    "some_layers": "for layer in base.layers[:100]:\n    layer.trainable = False\n",
    "in_some_runs": "import sys\nif sys.argv[1:]:\n    for layer in base.layers:\n        layer.trainable = False\n",
    "a_value_of_the_run": "import sys\nfreeze = sys.argv[1] == 'freeze'\n"
                          "for layer in base.layers:\n    layer.trainable = freeze\n",
    "last_layer_used_after": "for layer in base.layers:\n    layer.trainable = False\nlayer.trainable = True\n",
    "list_read_before": "inner = base.layers\nfor layer in base.layers:\n    layer.trainable = False\n"
                        "for layer in inner[-5:]:\n    layer.trainable = True\n",
    "a_condition_in_the_body": "for layer in base.layers:\n    if layer.name.startswith('block_16'):\n"
                               "        layer.trainable = False\n",
}


@pytest.mark.parametrize("name", sorted(UNKNOWN_SPLIT))
def test_a_loop_that_may_leave_layers_as_they_were_keeps_the_split_unknown(name: str) -> None:
    found = _models(_BASE + UNKNOWN_SPLIT[name] + _HOLDER)
    for model in ("base", "model"):
        total, trainable, non_trainable = _totals(found[model])
        assert isinstance(total, int) and (trainable, non_trainable) == (None, None)
