"""Shapes of NumPy arrays made from literal sizes (``np.zeros((100, 10, 3))``,
``np.random.rand(100, 10)``, ``x.reshape(...)``), so that ``input_shape=(X.shape[1], X.shape[2])``
and the targets given to ``fit()`` can be known. Only the shape is tracked, never the data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class ArrayValue:
    """A NumPy array whose shape is known."""

    shape: Tuple[int, ...]


def _shape(value: Any) -> Optional[Tuple[int, ...]]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                                for v in value):
        return tuple(value)
    return None


def literal_shape(value: Any) -> Optional[Tuple[int, ...]]:
    """The shape ``np.array(value)`` has for a nested list of numbers (None when ragged or not numbers)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    if isinstance(value, ArrayValue):
        return value.shape
    if isinstance(value, (list, tuple)) and value:
        inner = [literal_shape(item) for item in value]
        if inner[0] is not None and all(shape == inner[0] for shape in inner):
            return (len(value),) + inner[0]
    return None


# numpy function (after "numpy.") -> how to read the shape from (args, kwargs)
def array_from_call(function: str, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    shape: Optional[Tuple[int, ...]] = None
    if function in ("zeros", "ones", "empty", "full"):
        shape = _shape(args[0] if args else kwargs.get("shape"))
    elif function in ("random.rand", "random.randn"):
        shape = _shape(list(args)) if not kwargs else None
    elif function in ("random.random", "random.random_sample", "random.sample"):
        shape = _shape(args[0] if args else kwargs.get("size"))
    elif function == "random.randint":
        shape = _shape(kwargs.get("size", args[2] if len(args) > 2 else None))
    elif function in ("random.normal", "random.uniform"):
        shape = _shape(kwargs.get("size", args[2] if len(args) > 2 else None))
    elif function in ("array", "asarray"):
        shape = literal_shape(args[0]) if args else None
    elif function == "arange" and not kwargs and 1 <= len(args) <= 3 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in args) and (len(args) < 3 or args[2] != 0):
        shape = (len(range(*args)),)
    return ArrayValue(shape) if shape is not None else None


# TensorFlow and Keras functions that make a tensor of a given shape (after "tensorflow." or "keras.").
_SHAPED_TENSOR_FUNCTIONS = ("zeros", "ones", "random.normal", "random.uniform", "random.truncated_normal",
                            "ops.zeros", "ops.ones")


def tensor_from_call(function: str, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    """``tf.random.normal([32, 10, 3])``, ``keras.random.uniform((4, 5))``: data of that shape (as a
    NumPy array would be: only the shape is tracked)."""
    if function not in _SHAPED_TENSOR_FUNCTIONS:
        return None
    shape = _shape(args[0] if args else kwargs.get("shape"))
    return ArrayValue(shape) if shape is not None else None


def reshaped(array: ArrayValue, args: List[Any]) -> Optional[ArrayValue]:
    """``array.reshape(...)``, with one -1 filled in as NumPy does."""
    target = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in target) or list(target).count(-1) > 1:
        return None
    size = 1
    for dim in array.shape:
        size *= dim
    known = 1
    for dim in target:
        if dim != -1:
            known *= dim
    if -1 in target:
        if known == 0 or size % known:
            return None
        target = [size // known if dim == -1 else dim for dim in target]
    elif known != size:
        return None
    return ArrayValue(tuple(target))
