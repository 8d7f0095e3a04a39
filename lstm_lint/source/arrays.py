"""Shapes of NumPy arrays made from literal sizes (``np.zeros((100, 10, 3))``,
``np.random.rand(100, 10)``, ``x.reshape(...)``), so that ``input_shape=(X.shape[1], X.shape[2])``
and the targets given to ``fit()`` can be known. Only the shape is tracked, never the data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

from lstm_lint.values import UNKNOWN, Unknown

# One axis of an array: its length, or unknown (the rows of ``pad_sequences(texts, maxlen=100)``).
ArrayDim = Union[int, Unknown]


@dataclass(frozen=True)
class ArrayValue:
    """A NumPy array whose rank is known, and the length of each axis where it is the same in every
    run (an unknown length only where lstm-lint makes one: a slice of it, ``pad_sequences``)."""

    shape: Tuple[ArrayDim, ...]

    def known(self) -> bool:
        return all(isinstance(dim, int) for dim in self.shape)


def _size(value: Any) -> bool:
    """A length NumPy takes for an axis: a non-negative int, or one not known (a formula keeps its
    name); a size known to be something else is no array's."""
    return isinstance(value, Unknown) or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _shape(value: Any) -> Optional[Tuple[ArrayDim, ...]]:
    """The shape a size or a tuple of sizes gives (``np.zeros((8, n, 1))``: the rank and the known
    sizes, ``n`` unknown)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return (value,)
    if isinstance(value, (tuple, list)) and all(_size(v) for v in value):
        return tuple(value)
    return None


def literal_shape(value: Any) -> Optional[Tuple[ArrayDim, ...]]:
    """The shape ``np.array(value)`` has for a nested list of numbers (None when ragged or not numbers)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    if isinstance(value, ArrayValue):
        return value.shape
    if isinstance(value, (list, tuple)) and value:
        inner = [literal_shape(item) for item in value]
        if inner[0] is not None and all(shape == inner[0] for shape in inner):
            if len(inner) > 1 and not all(isinstance(dim, int) for dim in inner[0]):
                return None  # two lengths unknown may differ: the list may be ragged
            return (len(value),) + inner[0]
    return None


# numpy function (after "numpy.") -> how to read the shape from (args, kwargs)
def array_from_call(function: str, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    shape: Optional[Tuple[ArrayDim, ...]] = None
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


# ... and those that make a tensor of the data they are given, of its shape (``tf.constant``
# without ``shape=``, ``keras.ops.convert_to_tensor``).
_DATA_TENSOR_FUNCTIONS = ("constant", "convert_to_tensor", "ops.convert_to_tensor", "ops.array")


def tensor_from_call(function: str, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    """``tf.random.normal([32, 10, 3])``, ``keras.random.uniform((4, 5))``, ``tf.constant([[1, 2]])``:
    data of that shape (as a NumPy array would be: only the shape is tracked)."""
    if function in _DATA_TENSOR_FUNCTIONS:
        data = args[0] if args else kwargs.get("value", kwargs.get("x"))
        shape = literal_shape(data) if data is not None and kwargs.get("shape") is None else None
        return ArrayValue(shape) if shape is not None else None
    if function not in _SHAPED_TENSOR_FUNCTIONS:
        return None
    shape = _shape(args[0] if args else kwargs.get("shape"))
    return ArrayValue(shape) if shape is not None else None


def reshaped(array: ArrayValue, args: List[Any]) -> Optional[ArrayValue]:
    """``array.reshape(...)``, with one -1 filled in as NumPy does."""
    target = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if not array.known():
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in target) or list(target).count(-1) > 1:
        return None
    size = 1
    for dim in array.shape:
        assert isinstance(dim, int)
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


def indexed(array: ArrayValue, indices: List[Any]) -> Optional[ArrayValue]:
    """``array[...]`` by NumPy's basic indexing with ints, slices, ``None`` (``np.newaxis``, a new
    axis of length 1) and one ``...`` (the axes not indexed) (``X[:8]``, ``X[100:, :, 0]``,
    ``table[np.newaxis, ...]``): an int takes one position of its axis and drops the axis, a slice
    keeps the axis with the positions it selects; the axes not indexed stay. None for anything
    else (an array of indices, a mask) and for an int out of range, where NumPy raises."""
    if sum(index is Ellipsis for index in indices) > 1:
        return None
    taking = [index for index in indices if index is not None and index is not Ellipsis]
    if len(taking) > len(array.shape):
        return None
    if Ellipsis in indices:
        position = indices.index(Ellipsis)
        indices = indices[:position] + [slice(None)] * (len(array.shape) - len(taking)) + indices[position + 1:]
    dims: List[ArrayDim] = []
    axes = iter(array.shape)
    for index in indices:
        if index is None:
            dims.append(1)
            continue
        dim = next(axes)
        if isinstance(index, int) and not isinstance(index, bool):
            if isinstance(dim, int) and not -dim <= index < dim:
                return None
            continue
        if not isinstance(index, slice) or not all(
                part is None or (isinstance(part, int) and not isinstance(part, bool))
                for part in (index.start, index.stop, index.step)):
            return None
        if index.step == 0:
            return None  # NumPy raises
        if isinstance(dim, int):
            dims.append(len(range(*index.indices(dim))))
        else:
            dims.append(dim if index == slice(None) else UNKNOWN)
    return ArrayValue(tuple(dims) + tuple(axes))


def padded_sequences(args: List[Any], kwargs: Dict[str, Any]) -> Optional[ArrayValue]:
    """``pad_sequences(sequences, maxlen=None, ...)`` (``keras/src/utils/sequence_utils.py``): an
    array of one row per sequence, each ``maxlen`` long (as long as the longest sequence without
    ``maxlen``), and then the shape of the sequences' items: known only for a list of sequences of
    numbers lstm-lint knows (a list of run-time sequences may hold vectors, which add axes). The
    length is unknown where ``maxlen`` is (a formula keeps its name)."""
    names = ("sequences", "maxlen", "dtype", "padding", "truncating", "value")
    if len(args) > len(names) or any(name in kwargs for name in names[:len(args)]) \
            or set(kwargs) - set(names):
        return None
    bound: Dict[str, Any] = dict(zip(names, args))
    bound.update(kwargs)
    sequences = bound.get("sequences")
    maxlen = bound.get("maxlen")
    if not isinstance(sequences, (list, tuple)) or not sequences or not all(
            isinstance(item, (list, tuple)) and all(
                isinstance(number, (int, float)) and not isinstance(number, bool) for number in item)
            for item in sequences):
        return None
    length: ArrayDim
    if maxlen is None:
        length = max(len(item) for item in sequences)
    elif isinstance(maxlen, Unknown):
        length = maxlen
    elif isinstance(maxlen, int) and not isinstance(maxlen, bool) and maxlen > 0:
        length = maxlen
    else:
        return None  # Keras raises (or, at 0, pads nothing lstm-lint follows)
    return ArrayValue((len(sequences), length))
