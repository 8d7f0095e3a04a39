"""A layer's arguments as written, in a stable text form that two versions of a file can compare.

``lstm-lint diff`` needs it for layers whose size it cannot know: their counts say nothing, but
``LSTM(128)`` becoming ``LSTM(256)`` is still a change it can see. Each argument is written as
Python would (``128``, ``'tanh'``, ``(None, 6)``), a nested layer as ``LSTM(units=8)``, and a value
lstm-lint cannot evaluate, or cannot write down faithfully (a function of the user's, an array), as
``?``. Equal texts therefore never prove that two arguments are equal: a ``?`` may stand for any
value. Different texts mean the code passes something else.
"""
from __future__ import annotations

from typing import Any, Dict

from lstm_lint.analysis import Arguments
from lstm_lint.graph.objects import KerasCall, Layer
from lstm_lint.values import Unknown

UNKNOWN_TEXT = "?"
# The keyword standing for */** arguments lstm-lint could not expand: any argument may be anything.
UNEXPANDED = "*"
# Arguments that do not change what a layer computes or holds.
IGNORED = frozenset({"name"})
# Deeper values (or a list that holds itself) are not written out.
MAX_DEPTH = 8


def layer_arguments(layer: Layer) -> Arguments:
    """The arguments ``layer`` was constructed with, by Keras's name for positional ones."""
    return _arguments(layer.given, layer.complete_arguments, 0)


def _arguments(given: Dict[str, Any], complete: bool, depth: int) -> Arguments:
    pairs = [(key, value_text(value, depth + 1)) for key, value in given.items() if key not in IGNORED]
    if not complete:
        pairs.append((UNEXPANDED, UNKNOWN_TEXT))
    return tuple(sorted(pairs))


def value_text(value: Any, depth: int = 0) -> str:
    """``value`` as Python source would write it, or ``?``."""
    if depth > MAX_DEPTH or isinstance(value, Unknown):
        return UNKNOWN_TEXT
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return repr(value)
    if isinstance(value, tuple):
        items = [value_text(item, depth + 1) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{value_text(key, depth + 1)}: {value_text(item, depth + 1)}"
                               for key, item in value.items()) + "}"
    if isinstance(value, Layer):  # Bidirectional(LSTM(8)), TimeDistributed(Dense(4)), ...
        return call_text(value.class_name, _arguments(value.given, value.complete_arguments, depth))
    if isinstance(value, KerasCall):  # keras.initializers.GlorotUniform(seed=1), ...
        written = {f"#{index}": item for index, item in enumerate(value.args)}
        written.update({key: item for key, item in value.kwargs.items() if not key.startswith("_")})
        return call_text(value.path, _arguments(written, True, depth))
    return UNKNOWN_TEXT


def call_text(callee: str, arguments: Arguments) -> str:
    """``LSTM(units=8, return_sequences=True)``; positional arguments without a name as ``#0=...``."""
    return f"{callee}(" + ", ".join(f"{key}={text}" for key, text in arguments) + ")"
