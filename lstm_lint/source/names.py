"""Which dotted names are Keras, in every import style users write.

``keras.layers.LSTM``, ``tensorflow.keras.layers.LSTM``, ``tf_keras.layers.LSTM``,
``tensorflow.python.keras.layers.recurrent.LSTM``, ``keras.src.layers.LSTM`` all name one class.
The interpreter binds imported names to the full dotted path they come from (so aliases and
``from ... import ... as ...`` are followed exactly as Python binds them); this module decides what a
dotted path means.

Why not libcst's QualifiedNameProvider: resolving it costs about 8x the parse itself (and raised
RecursionError on some real files), while all we need is the file's own import bindings, which the
interpreter tracks in order anyway. `benchmarks/bench_parse_costs.py` measures both (QualifiedNameProvider
at about 8x the parse, our whole interpreter at about 1% of it).
"""
from __future__ import annotations

from typing import Dict, Optional

# Dotted prefixes under which the Keras API lives, longest first.
_KERAS_ROOTS = (
    "tensorflow.python.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.compat.v1.keras",
    "tensorflow.keras",
    "tf_keras",
    "keras",
)

# Keras modules (after the root) where layers and models are exported.
_LAYER_MODULES = ("layers", "src.layers", "engine", "src.engine", "models", "src.models", "")
_MODEL_SYMBOLS = {"Sequential", "Model", "Functional"}
_INPUT_SYMBOLS = {"Input", "InputLayer"}


def keras_subpath(dotted: str) -> Optional[str]:
    """The path inside Keras (``"layers.LSTM"``), or None when ``dotted`` is not Keras at all."""
    try:
        return _SUBPATHS[dotted]
    except KeyError:
        pass
    found: Optional[str] = None
    for root in _KERAS_ROOTS:
        if dotted == root:
            found = ""
            break
        if dotted.startswith(root + "."):
            found = dotted[len(root) + 1:]
            break
    if len(_SUBPATHS) >= _SUBPATHS_KEPT:
        _SUBPATHS.clear()  # a bound, not a policy: a file names a few dozen paths, asked many times
    _SUBPATHS[dotted] = found
    return found


# Every name the evaluator looks up goes through here, several times per layer.
_SUBPATHS: Dict[str, Optional[str]] = {}
_SUBPATHS_KEPT = 4096


def keras_symbol(dotted: str) -> Optional[str]:
    """The Keras class or function a dotted path names, e.g. ``"LSTM"``, ``"Sequential"``,
    ``"concatenate"``; None for modules and for anything outside the layers/models API
    (``keras.ops.concatenate`` is not the ``concatenate`` layer function)."""
    sub = keras_subpath(dotted)
    if not sub:
        return None
    module, _, symbol = sub.rpartition(".")
    if module in _LAYER_MODULES or module.startswith(("layers.", "src.layers.", "src.models.")):
        if module in ("", "models", "src.models") and not (
            symbol in _MODEL_SYMBOLS or symbol in _INPUT_SYMBOLS
        ):
            # keras.Input/Model/Sequential live at the root and in keras.models; layers do not.
            return None
        return symbol
    return None


def is_keras_layers_path(dotted: str) -> bool:
    """True for a dotted path inside ``keras.layers`` (an unknown Keras layer class, ...)."""
    sub = keras_subpath(dotted)
    return sub is not None and (sub.startswith("layers.") or sub.startswith("src.layers."))


def may_mention_keras(text: str) -> bool:
    """The cheap prefilter: a file that never spells "keras" cannot build a Keras model.

    (``import tensorflow as tf`` alone is not enough: ``tf.keras`` still spells it.)
    """
    return "keras" in text
