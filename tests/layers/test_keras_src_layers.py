"""``keras.src.layers`` names each class under its own name alone: the aliases Keras 3 exports from
``keras.layers`` (``MaxPool2D``) are made only there, so ``keras.src.layers.MaxPool2D`` raises
AttributeError. lstm-lint resolves exactly the names the installed Keras's ``keras.src.layers`` has."""
from __future__ import annotations

from typing import Set, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.binding.refs import KerasRef, resolve_dotted
from lstm_lint.layers import SPECS, canonical_class
from tests.keras_diff.reference import module_models
from tests.keras_env import keras


def _class_names(module: object) -> Set[str]:
    return {name for name in dir(module) if not name.startswith("_") and isinstance(getattr(module, name), type)}


def _resolves(path: str) -> bool:
    found = resolve_dotted(path)
    return isinstance(found, KerasRef) and found.spec is not None


def test_the_names_resolved_under_keras_src_layers_are_those_keras_has() -> None:
    import keras.src.layers as source_layers
    names = _class_names(keras.layers) | _class_names(source_layers)
    modelled = {name for name in names if canonical_class(name) in SPECS}
    assert {name for name in modelled if _resolves(f"keras.src.layers.{name}")} == \
        {name for name in modelled if hasattr(source_layers, name)}
    assert "MaxPool2D" in modelled and "MaxPooling2D" in modelled  # the comparison covers the aliases


@pytest.mark.parametrize("alias, shape", [("MaxPool2D", (8, 8, 3)), ("GlobalAvgPool1D", (10, 3))])
def test_an_alias_under_keras_src_layers_is_unknown(alias: str, shape: Tuple[int, ...]) -> None:
    source = ("import keras\nfrom keras.src import layers\n"
              f"model = keras.Sequential([keras.Input({shape!r}), layers.{alias}(), layers.Flatten(), "
              "layers.Dense(2)])\n")
    with pytest.raises(AttributeError):
        module_models(source)
    [model] = analyse_source(source, "a.py").to_json()["models"]
    assert model["total_params"] is None
    exported = source.replace("from keras.src import layers", "from keras import layers")
    [want] = module_models(exported)
    [got] = analyse_source(exported, "a.py").to_json()["models"]
    assert got["total_params"] == want["total_params"]
