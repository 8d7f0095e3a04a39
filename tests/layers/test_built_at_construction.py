"""Every entry's ``built_at_construction`` against real Keras: the layer made from the entry's first
example that builds (or from the arguments below, for an entry without one) is ``built`` before
any call exactly when the entry says so. A summary prints ``0 (unbuilt)`` for a layer never called
that is not built, and ``0`` for one its constructor built."""
from __future__ import annotations

from typing import Any, Dict, Mapping

import numpy as np
import pytest

from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import Source
from tests.keras_env import built_by_keras, keras, layer_class

# The arguments an entry without a building example is made with.
ARGUMENTS: Dict[str, Mapping[str, Any]] = {
    "AveragePooling1D": {"pool_size": 2},
    "AveragePooling2D": {"pool_size": 2},
    "GaussianNoise": {"stddev": 0.1},
    "LSTMCell": {"units": 3},
    "Lambda": {"function": Source("lambda x: x")},
    "StackedRNNCells": {"cells": Source("[layers.LSTMCell(3)]")},
}


def _config(name: str) -> Mapping[str, Any]:
    spec = SPECS[name]
    building = [case.config for case in spec.examples if not case.raises]
    if building:
        return building[0]
    if name in ARGUMENTS:
        return ARGUMENTS[name]
    assert not any(argument.required for argument in spec.signature), f"give {name} arguments in ARGUMENTS"
    return {}


def _made(name: str, config: Mapping[str, Any]) -> Any:
    namespace = {"layers": keras.layers, "keras": keras, "np": np}
    arguments = {key: eval(value, namespace) if isinstance(value, Source) else value for key, value in config.items()}
    return layer_class(name)(**arguments)


@pytest.mark.parametrize("name", built_by_keras(sorted(SPECS)))
def test_built_at_construction_is_kerass(name: str) -> None:
    config = _config(name)
    spec = SPECS[name]
    assert spec.built_at_construction(dict(spec.defaults(), **config)) is _made(name, config).built


def test_an_embedding_given_its_weights_is_built_by_its_constructor() -> None:
    weights = [np.zeros((10, 2))]
    assert _made("Embedding", {"input_dim": 10, "output_dim": 2, "weights": weights}).built
    assert SPECS["Embedding"].built_at_construction({"input_dim": 10, "output_dim": 2, "weights": weights}) is True
