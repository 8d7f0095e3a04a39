"""Arrays and Python numbers computed on by NumPy functions, Keras ops and TensorFlow functions
outside the model graph (a sinusoid table built in a layer's ``__init__``, ``ops.cast(32,
"float32")`` in its ``call``): only their shapes are followed, by the ops' own shape rules
(``layers/op_shapes.py``), where NumPy gives the same shape as the Keras op. A number is a
rank-0 array; a size not known is kept as unknown, the other sizes stay known.
"""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Tuple

from lstm_lint.graph.objects import Tensor
from lstm_lint.graph.shapes import Dim, MaybeShape, broadcast
from lstm_lint.layers.op_shapes import OPS, OpSpec, TensorInput, op_output_shape
from lstm_lint.layers.op_values import TracedDim, traced_prefix_length
from lstm_lint.python.numpy_scalars import NumpyScalar
from lstm_lint.source.arrays import ArrayValue, indexed
from lstm_lint.values import UNKNOWN, Unknown

# NumPy functions whose output shape is the Keras op's of the same name, for the parameters both
# take in the same order (at most ``_POSITIONAL[name]`` positional arguments; keywords must be the
# op's own, else the shape is unknown).
_ELEMENTWISE = ("sin", "cos", "tan", "tanh", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "square",
                "abs", "absolute", "negative", "sign", "floor", "ceil", "reciprocal", "sinh", "cosh", "arctan")
_BINARY = ("add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum", "arctan2")
_POSITIONAL: Dict[str, int] = {
    **{name: 1 for name in _ELEMENTWISE},
    **{name: 2 for name in _BINARY},
    "concatenate": 2, "stack": 2, "expand_dims": 2, "squeeze": 2, "transpose": 2, "swapaxes": 3,
    "matmul": 2, "dot": 2, "sum": 2, "mean": 2, "max": 2, "min": 2, "prod": 2,
}
_MAX_DEPTH = 4
_SCALAR_TYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8")


def _has_tensor(value: Any, depth: int = 0) -> bool:
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)) and depth < _MAX_DEPTH:
        return any(_has_tensor(item, depth + 1) for item in value)
    if isinstance(value, dict) and depth < _MAX_DEPTH:
        return any(_has_tensor(item, depth + 1) for item in value.values())
    return False


def _inputs(value: Any) -> Any:
    """An op's arguments with each array as the shape the op's rule reads."""
    if isinstance(value, ArrayValue):
        return TensorInput(tuple(value.shape))
    if isinstance(value, NumpyScalar):
        return value.value  # a rank-0 array, as a number is
    if isinstance(value, list):
        return [_inputs(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_inputs(item) for item in value)
    return value


def _array(shape: Any) -> Optional[ArrayValue]:
    """An array of the op's output shape: every size an int or unknown (an op's ``None`` is no
    array's size)."""
    if not isinstance(shape, tuple) or not all(
            isinstance(dim, Unknown) or (isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0)
            for dim in shape):
        return None
    return ArrayValue(tuple(UNKNOWN if isinstance(dim, Unknown) else dim for dim in shape))


def _holds_array(value: Any, depth: int = 0) -> bool:
    if isinstance(value, ArrayValue):
        return True
    if isinstance(value, (list, tuple)) and depth < _MAX_DEPTH:
        return any(_holds_array(item, depth + 1) for item in value)
    return False


def op_on_data(spec: OpSpec, args: List[Any], kwargs: Dict[str, Any], numbers: bool = True) -> Optional[ArrayValue]:
    """An op (``ops.sqrt``, ``tf.cast``) of arrays and Python numbers, with no tensor among them:
    the array it gives (eagerly, on the backend's values), or None when its shape is not known.
    ``numbers``: an op of numbers alone counts (``ops.cast(32, "float32")``), else one array at
    least must be given."""
    if _has_tensor([args, kwargs]) or not (numbers or _holds_array([args, list(kwargs.values())])):
        return None
    return _array(op_output_shape(spec, _inputs(args), _inputs(kwargs)))


def numpy_call(name: str, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    """``numpy.<name>(...)`` on arrays and numbers, for the functions whose shape is the Keras op's
    (``np.sin``, ``np.concatenate``) and ``np.arange`` of numbers; None otherwise."""
    if name == "arange":
        return _arange(args, kwargs)
    if name in _SCALAR_TYPES:
        # ``np.float32(d_model)``: a number of that type (of an array: the array converted).
        if len(args) != 1 or kwargs:
            return None
        return ArrayValue(()) if _number(args[0]) else args[0] if isinstance(args[0], ArrayValue) else None
    limit = _POSITIONAL.get(name)
    if limit is None or len(args) > limit or not _holds_array([args, list(kwargs.values())]) and not all(
            _number(value) for value in args):
        return None
    return op_on_data(OPS[name], args, kwargs)


def _number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or isinstance(value, NumpyScalar)


def _arange(args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    """``np.arange(stop)``, ``np.arange(start, stop[, step])`` of numbers (floats too): NumPy's
    length, ``ceil((stop - start) / step)`` computed in doubles as NumPy computes it."""
    if kwargs or not 1 <= len(args) <= 3 or not all(_number(value) for value in args):
        return None
    args = [value.value if isinstance(value, NumpyScalar) else value for value in args]
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) == 3 else 1)
    if step == 0:
        return None  # NumPy raises
    length = math.ceil((stop - start) / step)
    return ArrayValue((max(length, 0),))


def binary_on_data(left: Any, right: Any) -> Optional[ArrayValue]:
    """An arithmetic operator on arrays and numbers (an array at least): NumPy's broadcasting."""
    if not (isinstance(left, ArrayValue) or isinstance(right, ArrayValue)):
        return None
    shapes = []
    for value in (left, right):
        if isinstance(value, ArrayValue):
            shapes.append(tuple(value.shape))
        elif _number(value):
            shapes.append(())
        else:
            return None
    return _array(broadcast(shapes[0], shapes[1]))


def traced_slice(array: ArrayValue, indices: List[Any]) -> Optional[Tuple[Dim, ...]]:
    """The shape of ``table[:, :n]`` inside a traced call, ``n`` read from a ``None`` axis of the
    input (``op_values.traced_prefix_length``): a tensor's shape, with ``None`` on that axis; None
    when not known."""
    if Ellipsis in indices:
        return None
    plain: List[Any] = []
    traced: Dict[int, Dim] = {}  # output axis -> its size
    axis, output = 0, 0
    for index in indices:
        if index is None:
            plain.append(None)
            output += 1
            continue
        if axis >= len(array.shape):
            return None
        if isinstance(index, slice) and isinstance(index.stop, TracedDim):
            size = traced_prefix_length(array.shape[axis], index)
            if isinstance(size, Unknown):
                return None
            traced[output] = size
            index = slice(None)
        plain.append(index)
        axis += 1
        if not (isinstance(index, int) and not isinstance(index, bool)):
            output += 1
    result = indexed(array, plain)
    if result is None:
        return None
    return tuple(traced.get(position, dim) for position, dim in enumerate(result.shape))


def data_shape(value: Any) -> MaybeShape:
    """The shape an array (or a number) has beside a tensor in an op: NumPy's, each unknown size
    unknown; UNKNOWN for anything else."""
    if isinstance(value, ArrayValue):
        return tuple(value.shape)
    if isinstance(value, NumpyScalar):
        return ()  # a NumPy scalar is a rank-0 array
    return UNKNOWN


__all__ = ["binary_on_data", "data_shape", "numpy_call", "op_on_data", "traced_slice"]
