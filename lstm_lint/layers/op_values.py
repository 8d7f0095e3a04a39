"""Keras 3 ops whose result is a Python value or data, not a symbolic tensor.

``keras.ops.shape`` of a symbolic tensor is its shape as a tuple (no op is made), and
``keras.ops.arange`` of numbers is an array. Inside a custom layer's traced ``call``
(``compute_output_spec``) the ops run on backend values: a dimension that is ``None`` outside is
there a number that changes between the traces Keras runs (the numpy and JAX backends fill it
with 83, then 89, and call the axes that differ ``None``) or a symbolic size (TensorFlow's
``tf.shape``): a ``TracedDim``. Made into a tensor's shape by a random or filled-tensor op
(``keras.random.normal(shape=(batch, dim))``), it is ``None`` in the output as in Keras; any
arithmetic or comparison on it is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from lstm_lint.graph.shapes import Dim, MaybeShape
from lstm_lint.values import UNKNOWN, Unknown

# The sizes the numpy and JAX backends put in a ``None`` axis for their two traces.
TRACE_STAND_INS = (83, 89)


def traced_prefix_length(length: Any, index: Any) -> Dim:
    """The length ``array[:n]`` has on an axis of ``length`` inside a traced call, for ``n`` read
    from a ``None`` axis of the input by ``ops.shape``/``tf.shape``: the stand-in itself on the
    numpy and JAX backends (two traces that differ: None) and a symbolic size on TensorFlow's, so
    None on every backend when the axis is at least as long as every stand-in; UNKNOWN when it is
    shorter or the index is not such a slice."""
    if not isinstance(index, slice) or not isinstance(index.stop, TracedDim) or not index.stop.dynamic \
            or index.start not in (None, 0) or index.step not in (None, 1):
        return UNKNOWN
    if not isinstance(length, int) or isinstance(length, bool) or length < max(TRACE_STAND_INS):
        return UNKNOWN  # the traces cut a shorter table to itself: a size Keras may give, or raise on
    return None


@dataclass(frozen=True)
class TracedDim:
    """A size a traced ``call`` reads from a ``None`` axis of its input. ``dynamic``: read by
    ``keras.ops.shape``/``tf.shape``, a value on every backend; not dynamic: read from
    ``x.shape``, which is ``None`` on TensorFlow's traces and a number on the others'."""

    dynamic: bool = True


@dataclass(frozen=True)
class TracedShape:
    """``tf.shape(x)`` in a traced call: a 1-D integer tensor; only its items are followed."""

    dims: Tuple[Any, ...]

    def item(self, index: Any) -> Any:
        if isinstance(index, int) and not isinstance(index, bool) and -len(self.dims) <= index < len(self.dims):
            return self.dims[index]
        return UNKNOWN


# The parameters of ``keras.ops.arange`` and of TensorFlow's ``tf.range`` (start, stop, step).
ARANGE_PARAMETERS = ("start", "stop", "step")
TENSORFLOW_RANGE_PARAMETERS = ("start", "limit", "delta")


def _range_bounds(args: List[Any], kwargs: Dict[str, Any], names: Tuple[str, ...]) -> Optional[Tuple[Any, Any, Any]]:
    """(start, stop, step) of a range call with these parameter names, the stop alone given
    first meaning ``range(stop)``; None when the arguments do not bind."""
    if len(args) > len(names) or any(name in kwargs for name in names[:len(args)]):
        return None
    bound: Dict[str, Any] = dict(zip(names, args))
    bound.update(kwargs)
    if set(bound) - set(names) - {"dtype", "name"}:
        return None
    start, stop, step = bound.get(names[0], 0), bound.get(names[1]), bound.get(names[2], 1)
    if stop is None:
        start, stop = 0, start
    return start, stop, step


def arange_length(args: List[Any], kwargs: Dict[str, Any], names: Tuple[str, ...] = ARANGE_PARAMETERS
                  ) -> Optional[int]:
    """``keras.ops.arange(start=0, stop=None, step=1)`` (or ``tf.range(start, limit, delta)``,
    ``names``) of known integers: its length."""
    bounds = _range_bounds(args, kwargs, names)
    if bounds is None:
        return None
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in bounds) or bounds[2] == 0:
        return None
    start, stop, step = bounds
    return len(range(start, stop, step))


def traced_range_shape(args: List[Any], kwargs: Dict[str, Any], names: Tuple[str, ...]) -> Optional[Tuple[Dim]]:
    """A range up to a size read from the input's ``None`` axis in a traced call
    (``ops.arange(ops.shape(x)[1])``, ``tf.range(start=0, limit=tf.shape(x)[1])``), from a known
    start with a step of 1: as long as that axis, ``(None,)`` on every backend. None otherwise."""
    bounds = _range_bounds(args, kwargs, names)
    if bounds is None:
        return None
    start, stop, step = bounds
    if not (isinstance(stop, TracedDim) and stop.dynamic) or start != 0 or step != 1 \
            or isinstance(start, bool) or isinstance(step, bool):
        return None
    return (None,)


def shape_tuple(shape: MaybeShape, placeholders: bool, dynamic: bool = True) -> Any:
    """``keras.ops.shape(x)`` of a symbolic tensor (``dynamic``), or ``x.shape``. ``placeholders``:
    in a traced call, where a ``None`` dimension is a ``TracedDim``."""
    if isinstance(shape, Unknown):
        return UNKNOWN
    return tuple(TracedDim(dynamic) if dim is None and placeholders else dim for dim in shape)


# Functions making a tensor of a given shape, by their path inside Keras or TensorFlow, with the
# position of their ``shape`` parameter.
_SHAPED = {
    **{name: 0 for name in (
        "random.normal", "random.uniform", "random.truncated_normal", "random.randint",
        "ops.zeros", "ops.ones", "ops.full", "ops.empty", "zeros", "ones", "fill",
        "backend.random_normal", "backend.random_uniform", "backend.truncated_normal")},
}


def traced_tensor_shape(function: str, args: Sequence[Any], kwargs: Dict[str, Any]) -> Optional[Tuple[Dim, ...]]:
    """The shape of ``keras.random.normal(shape=(batch, dim))`` and the like in a traced call,
    when it names sizes read from the input (``TracedDim``s of ``ops.shape``) and known numbers:
    those sizes are ``None`` in the output. None when not such a call."""
    position = _SHAPED.get(function)
    if position is None:
        return None
    shape = args[position] if len(args) > position else kwargs.get("dims" if function == "fill" else "shape")
    if isinstance(shape, TracedShape):
        shape = shape.dims
    if not isinstance(shape, (tuple, list)) or not any(isinstance(dim, TracedDim) for dim in shape):
        return None
    dims: List[Dim] = []
    for dim in shape:
        if isinstance(dim, TracedDim) and dim.dynamic:
            dims.append(None)
        elif isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0:
            dims.append(dim)
        else:
            return None
    return tuple(dims)


__all__ = ["ARANGE_PARAMETERS", "TENSORFLOW_RANGE_PARAMETERS", "TracedDim", "TracedShape", "arange_length",
           "shape_tuple", "traced_range_shape", "traced_tensor_shape"]
