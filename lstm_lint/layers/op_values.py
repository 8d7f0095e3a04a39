"""Keras 3 ops whose result is a Python value or data, not a symbolic tensor.

``keras.ops.shape`` of a symbolic tensor is its shape as a tuple (no op is made), and
``keras.ops.arange`` of numbers is an array. Inside a custom layer's traced ``call``
(``compute_output_spec``) the ops run on backend arrays: a dimension that is ``None`` outside
is a number there that we do not know.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from lstm_lint.graph.shapes import MaybeShape
from lstm_lint.values import UNKNOWN, Unknown


def arange_length(args: List[Any], kwargs: Dict[str, Any]) -> Optional[int]:
    """``keras.ops.arange(start=0, stop=None, step=1)`` of known integers: its length."""
    names = ("start", "stop", "step")
    bound: Dict[str, Any] = dict(zip(names, args))
    bound.update(kwargs)
    if set(bound) - set(names) - {"dtype"}:
        return None
    start, stop, step = bound.get("start", 0), bound.get("stop"), bound.get("step", 1)
    if stop is None:
        start, stop = 0, start
    values = (start, stop, step)
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values) or step == 0:
        return None
    return len(range(start, stop, step))


def shape_tuple(shape: MaybeShape, placeholders: bool) -> Any:
    """``keras.ops.shape(x)`` of a symbolic tensor. ``placeholders``: in a traced call, where a
    ``None`` dimension is a number we do not know."""
    if isinstance(shape, Unknown):
        return UNKNOWN
    return tuple(UNKNOWN if dim is None and placeholders else dim for dim in shape)


__all__ = ["arange_length", "shape_tuple"]
