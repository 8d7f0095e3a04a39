"""Values that stand for imported things: a module path, or a Keras class or function we model.

Kept apart from the host (and from libcst) so that the rules can read them without loading the
evaluator."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from lstm_lint.layers import ALIASES, EXPORTED_ONLY_AS_ALIAS, MERGE_FUNCTIONS, SPECS, canonical_class
from lstm_lint.layers.spec import LayerSpec
from lstm_lint.source.names import is_keras_layers_path, keras_subpath, keras_symbol


@dataclass(frozen=True)
class ModuleRef:
    """An imported module or a dotted path inside one (``tf``, ``tf.keras.layers``)."""

    path: str


@dataclass(frozen=True)
class KerasRef:
    """A Keras class or function lstm-lint knows the meaning of."""

    kind: str  # "layer", "input", "input_layer", "sequential", "model", "merge", "application", "preprocess"
    name: str  # Keras's class/function name (for "preprocess": the keras.applications module)
    spec: Optional[LayerSpec] = None


def resolve_dotted(path: str) -> Any:
    """What a dotted path names: a KerasRef for the Keras API we model, else a ModuleRef."""
    symbol = keras_symbol(path)
    if symbol is not None:
        if symbol in EXPORTED_ONLY_AS_ALIAS and keras_subpath(path) == f"layers.{symbol}":
            return KerasRef("layer", symbol, None)  # keras.layers has no such attribute: nothing we know
        if symbol in ALIASES and path.startswith("keras.src.layers."):
            # Keras 3 makes the aliases only where it exports its API: keras.src.layers and its
            # modules hold each class under its own name alone (keras.src.layers.MaxPool2D raises;
            # the tf_keras and Keras 2.13 sources defined them as module attributes, and an alias
            # there is unknown too rather than told apart by version).
            return KerasRef("layer", symbol, None)
        if is_keras_layers_path(path) or symbol in SPECS:
            symbol = canonical_class(symbol)
        if symbol in SPECS:
            return KerasRef("layer", symbol, SPECS[symbol])
        if symbol == "Input":
            return KerasRef("input", symbol)
        if symbol == "InputLayer":
            return KerasRef("input_layer", symbol)
        if symbol == "Sequential":
            return KerasRef("sequential", symbol)
        if symbol in ("Model", "Functional"):
            return KerasRef("model", symbol)
        if symbol in MERGE_FUNCTIONS and is_keras_layers_path(path):
            return KerasRef("merge", symbol, MERGE_FUNCTIONS[symbol])
        if symbol[:1].isupper() and is_keras_layers_path(path):
            return KerasRef("layer", symbol, None)
    sub = keras_subpath(path)
    if sub is not None and sub.startswith("applications."):
        return _application_ref(sub) or ModuleRef(path)
    return ModuleRef(path)


def _application_ref(sub: str) -> Optional[KerasRef]:
    # Imported here: the measured data loads only for a file that names keras.applications.
    from lstm_lint.layers import applications
    name = applications.exported_application(sub)
    if name is not None:
        return KerasRef("application", name)
    module = applications.preprocess_module(sub)
    if module is not None:
        return KerasRef("preprocess", module)
    return None


__all__ = ["KerasRef", "ModuleRef", "resolve_dotted"]
