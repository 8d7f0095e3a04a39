"""Module paths of the tf.keras 2 API that Keras 3 does not have.

Keras 3 has no ``keras.layers.experimental``: ``keras.layers.experimental`` raises AttributeError
and ``from keras.layers.experimental.preprocessing import Rescaling`` raises ModuleNotFoundError.
TensorFlow 2.16 and later make ``tf.keras`` Keras 3 (``keras._tf_keras.keras``, which has no
``experimental`` either), so ``tensorflow.keras.layers.experimental`` fails the same way. The
Keras 2 packages (``tf_keras``, TensorFlow's own ``tensorflow.python.keras``) keep it, and are
left alone. The preprocessing layers that lived there since TensorFlow 2.3 are exported by
``keras.layers`` under the same names: ``layers.experimental.preprocessing.Rescaling`` is
``layers.Rescaling``.
"""
from __future__ import annotations

from typing import Iterable, Optional

# The roots under which the path names Keras 3 when the code targets Keras 3.
_KERAS3_ROOTS = ("keras", "tensorflow.keras")
_MISSING = "layers.experimental"
# The namespaces whose classes Keras 3 exports from keras.layers itself.
_MOVED = ("layers.experimental.preprocessing.", "layers.experimental.")


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


__all__ = ["keras3_class_path", "missing_in_keras3"]
