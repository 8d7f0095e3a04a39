"""Module paths of the tf.keras 2 API that Keras 3 does not have.

Keras 3 has no ``keras.layers.experimental``: ``keras.layers.experimental`` raises AttributeError
and ``from keras.layers.experimental.preprocessing import Rescaling`` raises ModuleNotFoundError.
TensorFlow 2.16 and later make ``tf.keras`` Keras 3 (``keras._tf_keras.keras``, which has no
``experimental`` either), so ``tensorflow.keras.layers.experimental`` fails the same way. The
Keras 2 packages (``tf_keras``, TensorFlow's own ``tensorflow.python.keras``) keep it, and are
left alone. The preprocessing layers that lived there since TensorFlow 2.3 are exported by
``keras.layers`` under the same names: ``layers.experimental.preprocessing.Rescaling`` is
``layers.Rescaling``.

The standalone Keras 2 package also had modules of its own that Keras 3 does not
(``from keras.layers.core import Dense``, ``from keras.engine.topology import Input``): in Keras 3
every import of them raises ModuleNotFoundError, so a model built from what they bind exists in no
run. ``KERAS2_ONLY_MODULES`` lists them, each checked to raise in Keras 3.15.1 and found in the
Keras 2 source at the versions named. They are matched under the ``keras`` root alone: the
``tensorflow.keras`` of TensorFlow 2 was a generated API package that never had them.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

# The roots under which the path names Keras 3 when the code targets Keras 3.
_KERAS3_ROOTS = ("keras", "tensorflow.keras")
_MISSING = "layers.experimental"
# The namespaces whose classes Keras 3 exports from keras.layers itself.
_MOVED = ("layers.experimental.preprocessing.", "layers.experimental.")


# Module (after ``keras.``) -> the Keras 3 module whose names stand for its public ones ("" is
# ``keras`` itself). Every path under a listed module is missing too (``keras.engine.topology``).
KERAS2_ONLY_MODULES: Dict[str, str] = {
    # Keras 2.0-2.8 (standalone 2.2.5 and 2.3.1; tf.keras source 2.6 to 2.8).
    "layers.advanced_activations": "layers",
    "layers.convolutional_recurrent": "layers",
    "layers.cudnn_recurrent": "layers",
    "layers.embeddings": "layers",
    "layers.local": "layers",
    "layers.merge": "layers",
    "layers.recurrent": "layers",
    "layers.wrappers": "layers",
    # Keras 2.0-2.12: modules in 2.2.5 and 2.3.1, packages from 2.9.
    "layers.convolutional": "layers",
    "layers.core": "layers",
    "layers.noise": "layers",
    "layers.normalization": "layers",
    "layers.pooling": "layers",
    # Keras 2.6-2.8.
    "layers.dense_attention": "layers",
    "layers.multi_head_attention": "layers",
    "layers.recurrent_v2": "layers",
    # Keras 2.6-2.12.
    "layers.einsum_dense": "layers",
    "layers.kernelized": "layers",
    "layers.preprocessing": "layers",
    "layers.serialization": "layers",
    # Keras 2.9-2.12 (the packages the 2.8 modules were split into).
    "layers.activation": "layers",
    "layers.attention": "layers",
    "layers.locally_connected": "layers",
    "layers.merging": "layers",
    "layers.regularization": "layers",
    "layers.reshaping": "layers",
    "layers.rnn": "layers",
    # Keras 2.0-2.12: topology, training, sequential, input_layer, base_layer, network (to 2.3),
    # functional (from 2.6), ...
    "engine": "",
    # Keras 2.0-2.12.
    "wrappers.scikit_learn": "wrappers",
    "utils.conv_utils": "utils",
    "utils.data_utils": "utils",
    "utils.generic_utils": "utils",
    "utils.io_utils": "utils",
    "utils.layer_utils": "utils",
    "utils.np_utils": "utils",
    "utils.vis_utils": "utils",
    # Keras 2.0-2.8.
    "utils.multi_gpu_utils": "utils",
}
_DEEPEST_MODULE = max(module.count(".") + 1 for module in KERAS2_ONLY_MODULES)
# What Keras 3 exports at its root and in keras.layers of what keras.engine held.
_ENGINE_HOMES = {"Input": "keras", "Model": "keras", "Sequential": "keras", "Layer": "keras.layers",
                 "InputLayer": "keras.layers", "InputSpec": "keras.layers"}
_SCIKIT_LEARN_HOMES = {"KerasClassifier": "SKLearnClassifier", "KerasRegressor": "SKLearnRegressor"}


def keras2_only_module(dotted: str) -> Optional[str]:
    """The module of ``KERAS2_ONLY_MODULES`` that ``dotted`` is or lies under, as written
    (``keras.layers.core`` for ``keras.layers.core.Dense``); None for any other path."""
    if not dotted.startswith("keras."):
        return None
    # Asked for every attribute read through a Keras module (``layers.Dense``): the path's own
    # prefixes are looked up, not every module of the table.
    parts = dotted.split(".")
    for end in range(2, min(len(parts), _DEEPEST_MODULE + 1) + 1):
        if ".".join(parts[1:end]) in KERAS2_ONLY_MODULES:
            return ".".join(parts[:end])
    return None


def keras3_import(dotted: str, layer_names: Iterable[str]) -> Optional[Tuple[str, str]]:
    """The Keras 3 module and name that stand for ``dotted`` (``("keras.layers", "Dense")`` for
    ``keras.layers.core.Dense``), when Keras 3 exports one there: a layer name when it is one of
    ``layer_names`` (what ``keras.layers`` exports), the classes of ``keras.engine`` that Keras 3
    exports, the scikit-learn wrappers' successors. None otherwise."""
    module = keras2_only_module(dotted)
    if module is None or dotted == module:
        return None
    symbol = dotted.rpartition(".")[2]  # keras.layers.core.dense.Dense (Keras 2.9): Dense
    home = KERAS2_ONLY_MODULES[module[len("keras."):]]
    if home == "layers" and symbol in set(layer_names):
        return "keras.layers", symbol
    if home == "" and symbol in _ENGINE_HOMES:
        return _ENGINE_HOMES[symbol], symbol
    if home == "wrappers" and symbol in _SCIKIT_LEARN_HOMES:
        return "keras.wrappers", _SCIKIT_LEARN_HOMES[symbol]
    return None


def keras3_imports(paths: Sequence[str], layer_names: Iterable[str]) -> Optional[List[str]]:
    """The Keras 3 imports standing for all of ``paths`` (``from keras import Input``, ``from
    keras.layers import Layer``), one per module in the order first needed; None unless Keras 3
    exports every one."""
    names = set(layer_names)
    by_module: Dict[str, List[str]] = {}
    for path in paths:
        found = keras3_import(path, names)
        if found is None:
            return None
        by_module.setdefault(found[0], []).append(found[1])
    return [f"from {module} import {', '.join(symbols)}" for module, symbols in by_module.items()]


def keras2_only_advice(dotted: str) -> str:
    """Where Keras 3 has what the module ``dotted`` lies under held (``KERAS2_ONLY_MODULES``)."""
    module = keras2_only_module(dotted)
    home = KERAS2_ONLY_MODULES[module[len("keras."):]] if module is not None else ""
    return {"layers": "Keras 3 exports its layers from keras.layers",
            "": "Keras 3 exports Model, Sequential and Input from keras, and Layer from keras.layers",
            "wrappers": "Keras 3's scikit-learn wrappers are keras.wrappers.SKLearnClassifier and SKLearnRegressor",
            "utils": "Keras 3 exports its public utilities from keras.utils"}[home]


def _subpath(dotted: str) -> Optional[str]:
    for root in _KERAS3_ROOTS:
        if dotted.startswith(root + "."):
            return dotted[len(root) + 1:]
    return None


def missing_in_keras3(dotted: str) -> bool:
    """True for ``keras.layers.experimental`` and every path under it (any Keras 3 root)."""
    sub = _subpath(dotted)
    return sub is not None and (sub == _MISSING or sub.startswith(_MISSING + "."))


def keras3_class_path(dotted: str, exported: Iterable[str]) -> Optional[str]:
    """The Keras 3 path of the class a Keras 2-only path names (``keras.layers.Rescaling`` for
    ``keras.layers.experimental.preprocessing.Rescaling``), when ``keras.layers`` exports a class
    of that name (``exported``); None otherwise (``CategoryCrossing`` has no Keras 3 class)."""
    sub = _subpath(dotted)
    if sub is None:
        return None
    root = dotted[:len(dotted) - len(sub) - 1]
    names = set(exported)
    for prefix in _MOVED:
        if sub.startswith(prefix):
            symbol = sub[len(prefix):]
            if "." not in symbol and symbol in names:
                return f"{root}.layers.{symbol}"
    return None


__all__ = ["KERAS2_ONLY_MODULES", "keras2_only_advice", "keras2_only_module", "keras3_class_path", "keras3_import",
           "keras3_imports",            "missing_in_keras3"]
