"""Output shapes of the few Keras 3 ops whose result a custom layer's ``call`` commonly feeds on.

Inside a traced ``call`` (``compute_output_spec``) the ops run on backend arrays, so a shape the
program reads (``keras.ops.shape(x)[-1]``) is a number there, and the ops' results have shapes
the next layer builds on. Any op not listed has an unknown output shape.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from lstm_lint.graph.shapes import MaybeShape
from lstm_lint.values import UNKNOWN, Unknown

# Element-wise ops of one tensor (their path inside Keras): the output has the input's shape.
ELEMENTWISE: Tuple[str, ...] = (
    "ops.exp", "ops.log", "ops.sqrt", "ops.square", "ops.abs", "ops.absolute", "ops.negative", "ops.sign",
    "ops.sigmoid", "ops.tanh", "ops.relu", "ops.gelu", "ops.silu", "ops.softplus", "ops.softmax",
    "ops.log_softmax", "ops.cast", "ops.stop_gradient", "activations.relu", "activations.sigmoid",
    "activations.tanh", "activations.gelu", "activations.softmax", "activations.silu",
)


def elementwise_shape(path: str, tensor_shapes: List[MaybeShape]) -> MaybeShape:
    """The output shape of an element-wise op on one tensor, or UNKNOWN."""
    if path in ELEMENTWISE and len(tensor_shapes) == 1:
        return tensor_shapes[0]
    return UNKNOWN


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
    """``keras.ops.shape(x)`` of a symbolic tensor: its shape as a tuple. ``placeholders``: in a
    traced call, where an unknown dimension is a number we do not know."""
    if isinstance(shape, Unknown):
        return UNKNOWN
    return tuple(UNKNOWN if dim is None and placeholders else dim for dim in shape)


__all__ = ["ELEMENTWISE", "arange_length", "elementwise_shape", "shape_tuple"]
