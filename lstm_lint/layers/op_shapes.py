"""Output shapes of Keras 3 ops on symbolic tensors (``keras.ops.*``, ``keras.activations.*``).

Each entry copies the op's ``compute_output_spec`` in ``keras/src/ops/`` (``numpy.py``, ``nn.py``,
``operation_utils.py``): an op is a node of the model graph with no weights, whose output shape
follows from its inputs' shapes and its arguments. The binding passes tensors as ``TensorInput``;
a Python number is a scalar. Where Keras would raise, or a value is not known, the shape is
unknown: the rules report errors from layers only, so an op never makes a false alarm.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, broadcast
from lstm_lint.layers.op_values import TracedDim
from lstm_lint.values import UNKNOWN, Cause, Unknown

Arguments = Mapping[str, Any]
# One shape; a list of them for an op giving several tensors (``split``).
ShapeFn = Callable[[Arguments], ShapeTree]


@dataclass(frozen=True)
class TensorInput:
    """A symbolic tensor given to an op: only its shape matters here."""

    shape: MaybeShape


@dataclass(frozen=True)
class OpSpec:
    """One op: its parameters in Keras's order (with defaults) and its output shape. ``variadic``:
    the last parameter takes the positional arguments left over, as a tuple (``einsum``'s
    ``*operands``)."""

    parameters: Tuple[Tuple[str, Any], ...]
    output: ShapeFn
    variadic: bool = False


_REQUIRED: Any = object()


def _shape(value: Any) -> MaybeShape:
    if isinstance(value, TensorInput):
        return value.shape
    if isinstance(value, (int, float)):
        return ()  # a Python number: a scalar, broadcast against the tensors
    return UNKNOWN


def _int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _axis(axis: Any, rank: int) -> Optional[int]:
    """``canonicalize_axis``: a negative axis counted from the end; None when out of range."""
    index = _int(axis)
    if index is None or not -rank <= index < rank:
        return None
    return index % rank


def _axes(value: Any, rank: int) -> Optional[Tuple[int, ...]]:
    items = value if isinstance(value, (tuple, list)) else (value,)
    axes = tuple(_axis(item, rank) for item in items)
    if any(axis is None for axis in axes) or len(set(axes)) != len(axes):
        return None
    return tuple(axis for axis in axes if axis is not None)


def _known(shape: MaybeShape) -> Optional[Tuple[Dim, ...]]:
    """The shape when its rank and every dimension are known (None may stand for a free one)."""
    if isinstance(shape, Unknown) or any(isinstance(dim, Unknown) for dim in shape):
        return None
    return shape


def _same(arguments: Arguments) -> MaybeShape:
    return _shape(arguments["x"])


def _broadcast_all(arguments: Arguments, names: Sequence[str]) -> MaybeShape:
    result: MaybeShape = ()
    for name in names:
        result = broadcast(result, _shape(arguments[name]))
    return result


def _binary(arguments: Arguments) -> MaybeShape:
    return _broadcast_all(arguments, ("x1", "x2"))


def _reduce(arguments: Arguments) -> MaybeShape:
    """operation_utils.reduce_shape."""
    shape, axis, keepdims = _shape(arguments["x"]), arguments["axis"], arguments["keepdims"]
    if isinstance(shape, Unknown) or not isinstance(keepdims, bool):
        return UNKNOWN
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = _axes(axis, len(shape))
    if axes is None:
        return UNKNOWN
    if keepdims:
        return tuple(1 if index in axes else dim for index, dim in enumerate(shape))
    return tuple(dim for index, dim in enumerate(shape) if index not in axes)


def _reshape(arguments: Arguments) -> MaybeShape:
    """operation_utils.compute_reshape_output_shape."""
    shape, newshape = _shape(arguments["x"]), arguments["newshape"]
    if isinstance(newshape, int) and not isinstance(newshape, bool):
        newshape = (newshape,)
    if isinstance(shape, Unknown) or not isinstance(newshape, (tuple, list)):
        return UNKNOWN
    if any(isinstance(dim, TracedDim) for dim in newshape):
        return _traced_reshape(shape, newshape)
    dims: List[Optional[int]] = []
    for dim in newshape:
        if dim is None:
            dims.append(None)
        elif _int(dim) is None or dim < -1 or dim == 0:
            return UNKNOWN
        else:
            dims.append(dim)
    if dims.count(-1) > 1:
        return UNKNOWN
    if any(isinstance(dim, Unknown) for dim in shape):
        # The sizes asked for are the output's in every run that does not raise; a -1 among them
        # takes the input's unknown size (its cause too).
        return tuple(_first_unknown_dim(shape) if dim == -1 else dim for dim in dims)
    if None in shape or None in dims:
        return tuple(None if dim == -1 else dim for dim in dims)
    size = math.prod(dim for dim in shape if isinstance(dim, int))
    known = math.prod(dim for dim in dims if isinstance(dim, int) and dim != -1)
    if -1 not in dims:
        return tuple(dims) if known == size else UNKNOWN
    if known == 0 or size % known:
        return UNKNOWN
    return tuple(size // known if dim == -1 else dim for dim in dims)


# An axis whose size differs between Keras backends. Its cause has no place yet (line 0): the
# binding gives it the line of the op (``placed``).
BACKEND_DEPENDENT = Unknown(Cause(0, 0, "a -1 beside a size read from the input's None axis (ops.shape(x)[0]) "
                                        "is computed on the numpy and JAX backends and None on TensorFlow's: "
                                        "the size of this axis depends on the backend", ()))


def placed(shape: ShapeTree, line: int) -> ShapeTree:
    """``shape`` with the backend-dependent axes' cause at ``line``."""
    if isinstance(shape, list):
        return [placed(item, line) for item in shape]
    if isinstance(shape, tuple) and any(dim is BACKEND_DEPENDENT for dim in shape):
        cause = BACKEND_DEPENDENT.cause
        assert cause is not None
        return tuple(Unknown(Cause(line, 0, cause.template, cause.arguments)) if dim is BACKEND_DEPENDENT else dim
                     for dim in shape)
    return shape


def _first_unknown_dim(shape: Tuple[Dim, ...]) -> Unknown:
    return next((dim for dim in shape if isinstance(dim, Unknown)), UNKNOWN)


def _traced_reshape(shape: Tuple[Dim, ...], newshape: Sequence[Any]) -> MaybeShape:
    """A reshape inside a traced ``call`` to sizes read from the input's ``None`` axis
    (``ops.reshape(x, (ops.shape(x)[0], -1, k))``). Such a size is a number on the numpy and JAX
    backends' traces (which give ``None`` where two traces differ) and a symbolic size on
    TensorFlow's: the axis it fills is ``None`` on every backend, but a ``-1`` beside it is
    computed on the first two (``(None, 80, 4)``) and ``None`` on TensorFlow (``(None, None, 4)``):
    unknown. Only one ``None`` axis in, read once, whose known sizes match those asked for (else a
    backend may raise); a size read by ``x.shape`` (``None`` on TensorFlow, where the reshape
    raises) is not followed. An input of unknown sizes (an axis an earlier reshape left unknown)
    still gives the sizes asked for, the read one as ``None`` and a ``-1`` as that unknown."""
    if any(isinstance(dim, TracedDim) and not dim.dynamic for dim in newshape) \
            or sum(isinstance(dim, TracedDim) for dim in newshape) != 1:
        return UNKNOWN
    sizes = [dim for dim in newshape if not isinstance(dim, TracedDim)]
    if not all(_int(dim) is not None and (dim == -1 or dim > 0) for dim in sizes) or sizes.count(-1) > 1:
        return UNKNOWN
    if any(isinstance(dim, Unknown) for dim in shape):
        return tuple(None if isinstance(dim, TracedDim) else _first_unknown_dim(shape) if dim == -1 else dim
                     for dim in newshape)
    if shape.count(None) != 1:
        return UNKNOWN
    size = math.prod(dim for dim in shape if isinstance(dim, int))
    known = math.prod(dim for dim in sizes if dim != -1)
    if (-1 in sizes and size % known) or (-1 not in sizes and size != known):
        return UNKNOWN  # the numpy and JAX backends raise
    return tuple(None if isinstance(dim, TracedDim) else BACKEND_DEPENDENT if dim == -1 else dim for dim in newshape)


def _expand_dims(arguments: Arguments) -> MaybeShape:
    shape, axis = _shape(arguments["x"]), arguments["axis"]
    if isinstance(shape, Unknown):
        return UNKNOWN
    count = len(axis) if isinstance(axis, (tuple, list)) else 1
    axes = _axes(axis, len(shape) + count)
    if axes is None:
        return UNKNOWN
    rest = iter(shape)
    return tuple(1 if index in axes else next(rest) for index in range(len(shape) + count))


def _squeeze(arguments: Arguments) -> MaybeShape:
    shape, axis = _shape(arguments["x"]), arguments["axis"]
    if isinstance(shape, Unknown):
        return UNKNOWN
    if axis is None:
        if any(isinstance(dim, Unknown) for dim in shape):
            return UNKNOWN
        return tuple(dim for dim in shape if dim != 1)
    axes = _axes(axis, len(shape))
    if axes is None or any(shape[index] != 1 for index in axes):
        return UNKNOWN  # Keras raises on an axis whose size is not 1
    return tuple(dim for index, dim in enumerate(shape) if index not in axes)


def _transpose(arguments: Arguments) -> MaybeShape:
    shape, axes = _shape(arguments["x"]), arguments["axes"]
    if isinstance(shape, Unknown):
        return UNKNOWN
    if axes is None:
        return tuple(reversed(shape))
    order = _axes(axes, len(shape))
    if order is None or len(order) != len(shape):
        return UNKNOWN
    return tuple(shape[index] for index in order)


def _swapaxes(arguments: Arguments) -> MaybeShape:
    shape = _shape(arguments["x"])
    if isinstance(shape, Unknown):
        return UNKNOWN
    first, second = _axis(arguments["axis1"], len(shape)), _axis(arguments["axis2"], len(shape))
    if first is None or second is None:
        return UNKNOWN
    dims = list(shape)
    dims[first], dims[second] = dims[second], dims[first]
    return tuple(dims)


def _joined(arguments: Arguments, stacking: bool) -> MaybeShape:
    """Concatenate (sizes add up on ``axis``) and Stack (a new axis of the count): the other axes
    must agree, a None taking the other's size (numpy.py Concatenate/Stack)."""
    values = arguments["xs"]
    if not isinstance(values, (list, tuple)) or not values:
        return UNKNOWN
    known = [_known(_shape(value)) if isinstance(value, TensorInput) else None for value in values]
    shapes = [shape for shape in known if shape is not None]
    if len(shapes) != len(known) or len({len(shape) for shape in shapes}) != 1:
        return UNKNOWN
    rank = len(shapes[0])
    axis = _axis(arguments["axis"], rank + 1 if stacking else rank)
    if axis is None:
        return UNKNOWN
    result: List[Dim] = []
    for index in range(rank):
        dims = [shape[index] for shape in shapes]
        if not stacking and index == axis:
            result.append(None if None in dims else sum(dim for dim in dims if isinstance(dim, int)))
            continue
        if len({dim for dim in dims if dim is not None}) > 1:
            return UNKNOWN  # Keras raises
        result.append(dims[0])  # the first tensor's, a None beside a size included
    if stacking:
        result.insert(axis, len(shapes))
    return tuple(result)


def _split(arguments: Arguments) -> ShapeTree:
    """numpy.py ``_compute_split_output_spec``: one shape per piece (on an axis of size None, of
    size None)."""
    shape, sections = _known(_shape(arguments["x"])), arguments["indices_or_sections"]
    if shape is None or not shape:
        return UNKNOWN
    axis = _axis(arguments["axis"], len(shape))
    if axis is None:
        return UNKNOWN
    size = _int(shape[axis])
    count = _int(sections)
    if count is not None:
        if count < 1 or size is not None and size % count != 0:
            return UNKNOWN  # Keras raises
        piece = None if size is None else size // count
        return [tuple(piece if index == axis else dim for index, dim in enumerate(shape)) for _ in range(count)]
    if not isinstance(sections, (list, tuple)) or not all(_int(index) is not None for index in sections):
        return UNKNOWN
    indices: List[int] = [0, *(index for index in sections if isinstance(index, int))]
    if any(indices[index] > indices[index + 1] for index in range(len(indices) - 1)) or (
            size is not None and indices[-1] > size):
        return UNKNOWN  # pieces numpy would make empty or of another size than Keras's
    return [tuple((None if end is None else end - start) if index == axis else dim
                  for index, dim in enumerate(shape))
            for start, end in zip(indices, [*indices[1:], size])]


def _unstack(arguments: Arguments) -> ShapeTree:
    """core.py ``Unstack``: ``num`` (or the axis's size) tensors without that axis."""
    shape = _known(_shape(arguments["x"]))
    if shape is None or not shape:
        return UNKNOWN
    axis = _axis(arguments["axis"], len(shape))
    if axis is None:
        return UNKNOWN
    num = _int(arguments["num"] if arguments["num"] is not None else shape[axis])
    if num is None or num < 0 or (shape[axis] is not None and num != shape[axis]):
        return UNKNOWN  # Keras raises on an unknown count; another count is backend-dependent
    return [shape[:axis] + shape[axis + 1:] for _ in range(num)]


def _matmul(arguments: Arguments) -> MaybeShape:
    """numpy.py Matmul.compute_output_spec, for operands of rank 2 or more; a size not known stays
    unknown where it goes."""
    first, second = _shape(arguments["x1"]), _shape(arguments["x2"])
    if isinstance(first, Unknown) or isinstance(second, Unknown) or len(first) < 2 or len(second) < 2:
        return UNKNOWN
    inner_first, inner_second = _int(first[-1]), _int(second[-2])
    if inner_first is not None and inner_second is not None and inner_first != inner_second:
        return UNKNOWN
    batch = broadcast(first[:-2], second[:-2])
    if isinstance(batch, Unknown):
        return UNKNOWN
    return tuple(batch) + (first[-2], second[-1])


def _dot(arguments: Arguments) -> MaybeShape:
    """numpy.py Dot.compute_output_spec: x1's axes but the last, then x2's but its second-to-last
    (x2 of rank 1: x1's axes but the last); a scalar operand multiplies."""
    first, second = _known(_shape(arguments["x1"])), _known(_shape(arguments["x2"]))
    if first is None or second is None:
        return UNKNOWN
    if not first or not second:
        return broadcast(first, second)
    if len(first) == 1 and len(second) == 1:
        return () if first[0] is None or second[0] is None or first[0] == second[0] else UNKNOWN
    inner = second[0] if len(second) == 1 else second[-2]
    if first[-1] is not None and inner is not None and first[-1] != inner:
        return UNKNOWN  # Keras raises
    if len(second) == 1:
        return tuple(first[:-1])
    return tuple(first[:-1]) + tuple(second[:-2]) + tuple(second[-1:])


def _tensordot(arguments: Arguments) -> MaybeShape:
    """numpy.py Tensordot.compute_output_spec: ``axes`` an int (x1's last axes against x2's first)
    or two lists of axes, summed over and left out."""
    first, second, axes = _known(_shape(arguments["x1"])), _known(_shape(arguments["x2"])), arguments["axes"]
    if first is None or second is None:
        return UNKNOWN
    count = _int(axes)
    if count is not None:
        if count < 0 or count > min(len(first), len(second)):
            return UNKNOWN
        pairs = list(zip(first[len(first) - count:], second[:count]))
        kept = tuple(first[:len(first) - count]) + tuple(second[count:])
    else:
        if not isinstance(axes, (tuple, list)) or len(axes) != 2:
            return UNKNOWN
        own, other = _axes(axes[0], len(first)), _axes(axes[1], len(second))
        if own is None or other is None or len(own) != len(other):
            return UNKNOWN
        pairs = [(first[a], second[b]) for a, b in zip(own, other)]
        kept = tuple(dim for index, dim in enumerate(first) if index not in own) + tuple(
            dim for index, dim in enumerate(second) if index not in other)
    if any(a is not None and b is not None and a != b for a, b in pairs):
        # Keras raises (on symbolic tensors given an int ``axes`` it does not check, and gives
        # a shape for a model that fails when it runs: unknown here).
        return UNKNOWN
    return kept


def _einsum(arguments: Arguments) -> MaybeShape:
    """``einsum`` with a literal equation of lower-case letters and an explicit output
    (``"btd,de->bte"``): each output letter's size, from the operands that have it. Operands that
    disagree on a letter's size (the numpy backend raises where Keras's symbolic rule broadcasts),
    ``...``, a letter repeated in one operand and an implicit output are not followed."""
    equation, operands = arguments["subscripts"], arguments["operands"]
    if not isinstance(equation, str) or equation.count("->") != 1 or not operands:
        return UNKNOWN
    given, output = equation.replace(" ", "").split("->")
    specs = given.split(",")
    shapes = [_known(_shape(operand)) if isinstance(operand, TensorInput) else None for operand in operands]
    if len(specs) != len(shapes) or any(shape is None for shape in shapes):
        return UNKNOWN
    sizes: Dict[str, List[Dim]] = {}
    for spec, shape in zip(specs, shapes):
        assert shape is not None
        if not spec.isalpha() or not spec.islower() or not spec.isascii() or len(set(spec)) != len(spec) \
                or len(spec) != len(shape):
            return UNKNOWN
        for letter, dim in zip(spec, shape):
            sizes.setdefault(letter, []).append(dim)
    if not (output.isalpha() and output.islower() and output.isascii()) and output != "":
        return UNKNOWN
    if len(set(output)) != len(output) or any(letter not in sizes for letter in output):
        return UNKNOWN
    for dims in sizes.values():
        if len(set(dims)) != 1:
            return UNKNOWN
    return tuple(sizes[letter][0] for letter in output)


def _indices_shape(indices: Any) -> MaybeShape:
    """The shape of ``take``'s indices: a tensor's, an int's (a scalar), a nested list's."""
    if isinstance(indices, TensorInput):
        return indices.shape
    if _int(indices) is not None:
        return ()
    if isinstance(indices, (list, tuple)):
        if not indices:
            return (0,)
        inner = [_indices_shape(item) for item in indices]
        if any(isinstance(shape, Unknown) for shape in inner) or len(set(inner)) != 1:
            return UNKNOWN
        first = inner[0]
        assert not isinstance(first, Unknown)
        return (len(indices),) + tuple(first)
    return UNKNOWN


def _take(arguments: Arguments) -> MaybeShape:
    """numpy.py Take.compute_output_spec: x's axes with ``axis`` replaced by the indices' shape;
    without an axis, the indices' shape (of x flattened)."""
    shape, indices = _known(_shape(arguments["x"])), _indices_shape(arguments["indices"])
    if shape is None or isinstance(indices, Unknown) or any(isinstance(dim, Unknown) for dim in indices):
        return UNKNOWN
    if arguments["axis"] is None:
        return tuple(indices)
    axis = _axis(arguments["axis"], len(shape))
    if axis is None:
        return UNKNOWN
    return tuple(shape[:axis]) + tuple(indices) + tuple(shape[axis + 1:])


def _broadcast_to(arguments: Arguments) -> MaybeShape:
    """numpy.py BroadcastTo: the shape asked for, once x broadcasts to it. Inside a traced call a
    size read from the input's ``None`` axis (``ops.shape(x)[0]``) is ``None`` on every backend."""
    shape, target = _known(_shape(arguments["x"])), arguments["shape"]
    if isinstance(target, int) and not isinstance(target, bool):
        target = (target,)
    if shape is None or not isinstance(target, (tuple, list)):
        return UNKNOWN
    dims: List[Dim] = []
    for dim in target:
        if isinstance(dim, TracedDim) and dim.dynamic:
            dims.append(None)
        elif _int(dim) is not None and dim >= 0:
            dims.append(dim)
        else:
            return UNKNOWN
    if len(shape) > len(dims):
        return UNKNOWN
    for have, want in zip(reversed(shape), reversed(dims)):
        if have != 1 and have != want:
            return UNKNOWN  # Keras raises, or a None against a size: not followed
    return tuple(dims)


def _window(length: Dim, size: int, stride: int, padding: str) -> Dim:
    """operation_utils.compute_conv_output_shape for one spatial axis (dilation 1)."""
    if length is None:
        return None
    if not isinstance(length, int) or isinstance(length, bool):
        return UNKNOWN
    if padding == "same":
        return (length - 1) // stride + 1
    out = (length - size) // stride + 1
    return out if out > 0 else UNKNOWN  # Keras raises


def _extract_patches(arguments: Arguments) -> MaybeShape:
    """image.py ExtractPatches.compute_output_spec for 2-D patches of channels-last images (rank
    3 or 4): a convolution's output with ``size[0] * size[1] * channels`` filters; strides default
    to the size. Other data formats, dilations and 3-D patches are not followed."""
    shape, size, strides = _known(_shape(arguments["images"])), arguments["size"], arguments["strides"]
    padding, data_format = arguments["padding"], arguments["data_format"]
    if isinstance(size, int) and not isinstance(size, bool):
        size = (size, size)
    if strides is None:
        strides = size
    if isinstance(strides, int) and not isinstance(strides, bool):
        strides = (strides, strides)
    if shape is None or len(shape) not in (3, 4) or data_format not in (None, "channels_last") \
            or arguments["dilation_rate"] != 1 or padding not in ("valid", "same") \
            or not isinstance(size, (tuple, list)) or not isinstance(strides, (tuple, list)) \
            or len(size) != 2 or len(strides) != 2 \
            or not all(_int(value) is not None and value > 0 for value in (*size, *strides)):
        return UNKNOWN
    channels = _int(shape[-1])
    if channels is None:
        return UNKNOWN
    spatial = tuple(_window(length, window, stride, padding)
                    for length, window, stride in zip(shape[-3:-1], size, strides))
    return tuple(shape[:-3]) + spatial + (size[0] * size[1] * channels,)


def _one_hot(arguments: Arguments) -> MaybeShape:
    shape, classes, axis = _shape(arguments["x"]), _int(arguments["num_classes"]), arguments["axis"]
    if isinstance(shape, Unknown) or classes is None:
        return UNKNOWN
    index = _axis(axis, len(shape) + 1)
    if index is None:
        return UNKNOWN
    dims = list(shape)
    dims.insert(index, classes)
    return tuple(dims)


def _where(arguments: Arguments) -> MaybeShape:
    if arguments["x1"] is None or arguments["x2"] is None:
        return UNKNOWN  # the indices of the true values: a data-dependent count
    return _broadcast_all(arguments, ("condition", "x1", "x2"))


def _op(output: ShapeFn, *required: str, **optional: Any) -> OpSpec:
    return OpSpec(tuple((name, _REQUIRED) for name in required) + tuple(optional.items()), output)


def _variadic(output: ShapeFn, *required: str, rest: str) -> OpSpec:
    return OpSpec(tuple((name, _REQUIRED) for name in required) + ((rest, ()),), output, variadic=True)


_UNARY = (
    "abs", "absolute", "negative", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "rsqrt", "square",
    "sin", "cos", "tan", "tanh", "sinh", "cosh", "arctan", "sign", "floor", "ceil", "round", "reciprocal",
    "stop_gradient", "erf", "logical_not", "isnan", "isinf", "isfinite", "zeros_like", "ones_like",
    "sigmoid", "relu", "relu6", "gelu", "silu", "swish", "elu", "selu", "softplus", "softsign",
    "hard_sigmoid", "hard_silu", "hard_swish", "log_sigmoid", "tanh_shrink", "real", "imag",
    "conjugate", "conj",
)
_BINARY = (
    "add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum", "equal",
    "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and", "logical_or",
    "logical_xor", "floor_divide", "mod", "arctan2",
)
_REDUCTIONS = ("sum", "mean", "max", "min", "prod", "any", "all", "std", "var", "logsumexp", "amax", "amin",
               "argmax", "argmin")

OPS: Dict[str, OpSpec] = {
    **{name: _op(_same, "x") for name in _UNARY},
    **{name: _op(_binary, "x1", "x2") for name in _BINARY},
    **{name: _op(_reduce, "x", axis=None, keepdims=False) for name in _REDUCTIONS},
    "softmax": _op(_same, "x", axis=-1),
    "log_softmax": _op(_same, "x", axis=-1),
    "leaky_relu": _op(_same, "x", negative_slope=0.2),
    "normalize": _op(_same, "x", axis=-1, order=2),
    "cast": _op(_same, "x", "dtype"),
    "clip": _op(_same, "x", "x_min", "x_max"),
    "flip": _op(_same, "x", axis=None),
    "nan_to_num": _op(_same, "x", nan=0.0, posinf=None, neginf=None),
    "reshape": _op(_reshape, "x", "newshape"),
    "expand_dims": _op(_expand_dims, "x", "axis"),
    "squeeze": _op(_squeeze, "x", axis=None),
    "transpose": _op(_transpose, "x", axes=None),
    "swapaxes": _op(_swapaxes, "x", "axis1", "axis2"),
    "concatenate": _op(lambda arguments: _joined(arguments, stacking=False), "xs", axis=0),
    "stack": _op(lambda arguments: _joined(arguments, stacking=True), "xs", axis=0),
    "matmul": _op(_matmul, "x1", "x2"),
    "dot": _op(_dot, "x1", "x2"),
    "tensordot": _op(_tensordot, "x1", "x2", axes=2),
    "einsum": _variadic(_einsum, "subscripts", rest="operands"),
    "take": _op(_take, "x", "indices", axis=None),
    "broadcast_to": _op(_broadcast_to, "x", "shape"),
    "one_hot": _op(_one_hot, "x", "num_classes", axis=-1, dtype=None, sparse=False),
    "where": _op(_where, "condition", x1=None, x2=None),
    "split": _op(_split, "x", "indices_or_sections", axis=0),
    "unstack": _op(_unstack, "x", num=None, axis=0),
}
# Where users reach these functions from: keras.ops.<name>, keras.ops.numpy/nn.<name>, and the
# activation functions of keras.activations (which keep the shape).
_ACTIVATIONS: Dict[str, OpSpec] = {
    **{name: _op(_same, "x") for name in (
        "sigmoid", "tanh", "selu", "silu", "swish", "softplus", "softsign", "linear", "relu6", "hard_sigmoid",
        "hard_silu", "mish", "exponential")},
    "relu": _op(_same, "x", negative_slope=0.0, max_value=None, threshold=0.0),
    "softmax": _op(_same, "x", axis=-1),
    "log_softmax": _op(_same, "x", axis=-1),
    "elu": _op(_same, "x", alpha=1.0),
    "leaky_relu": _op(_same, "x", negative_slope=0.2),
    "gelu": _op(_same, "x", approximate=False),
}


# keras.ops.image functions, by name.
IMAGE_OPS: Dict[str, OpSpec] = {
    "extract_patches": _op(_extract_patches, "images", "size", strides=None, dilation_rate=1, padding="valid",
                           data_format=None),
}


def op_spec(subpath: str) -> Optional[OpSpec]:
    """The op a path inside Keras names (``ops.mean``, ``ops.numpy.mean``, ``activations.relu``)."""
    module, _, name = subpath.rpartition(".")
    if module in ("ops", "ops.numpy", "ops.nn", "ops.math", "ops.core"):
        return OPS.get(name)
    if module == "ops.image":
        return IMAGE_OPS.get(name)
    if module == "activations":
        return _ACTIVATIONS.get(name)
    return None


def op_name(subpath: str) -> str:
    """The ``keras.ops`` function a path inside Keras names (``ops.numpy.matmul``: ``matmul``), or ""."""
    module, _, name = subpath.rpartition(".")
    return name if module in ("ops", "ops.numpy", "ops.nn", "ops.math", "ops.core") and name in OPS else ""


def _legacy_dot(arguments: Arguments) -> MaybeShape:
    """``tf.keras.backend.dot`` (keras/src/legacy/backend.py): x's axes but the last, then y's
    but its second-to-last."""
    first, second = _known(_shape(arguments["x"])), _known(_shape(arguments["y"]))
    if first is None or second is None or len(first) < 1 or len(second) < 2:
        return UNKNOWN
    if first[-1] is not None and second[-2] is not None and first[-1] != second[-2]:
        return UNKNOWN
    return tuple(first[:-1]) + tuple(second[:-2]) + tuple(second[-1:])


# The Keras 2 backend functions ``tf.keras.backend`` keeps (keras/src/legacy/backend.py) that a
# traced ``call`` may use, as the Keras op of the same output shape and positional parameters.
_LEGACY_BACKEND_OPS: Dict[str, OpSpec] = {
    **{name: OPS[name] for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "log", "softmax", "sum", "mean", "max", "min",
        "prod", "reshape", "cast")},
    "squeeze": _op(_squeeze, "x", "axis"),
    "expand_dims": _op(_expand_dims, "x", axis=-1),
    "dot": _op(_legacy_dot, "x", "y"),
}


def legacy_backend_op_spec(name: str) -> Optional[OpSpec]:
    """The op a Keras 2 backend function (``K.dot``, ``K.sum``) computes the shape of."""
    return _LEGACY_BACKEND_OPS.get(name)


def _tensorflow_matmul(arguments: Arguments) -> MaybeShape:
    """``tf.matmul(a, b, transpose_a=False, transpose_b=False)``: matmul of the operands with
    their last two axes swapped where asked."""
    operands: List[Any] = []
    for name, flag in (("a", "transpose_a"), ("b", "transpose_b")):
        shape, swap = _shape(arguments[name]), arguments[flag]
        if isinstance(shape, Unknown) or len(shape) < 2 or not isinstance(swap, bool):
            return UNKNOWN
        operands.append(TensorInput(shape[:-2] + (shape[-1], shape[-2]) if swap else shape))
    return _matmul({"x1": operands[0], "x2": operands[1]})


def _tensorflow_transpose(arguments: Arguments) -> MaybeShape:
    return _transpose({"x": arguments["a"], "axes": arguments["perm"]})


def _tensorflow_extract_patches(arguments: Arguments) -> MaybeShape:
    """``tf.image.extract_patches(images, sizes, strides, rates, padding)`` with sizes, strides and
    rates given per axis as ``[1, rows, cols, 1]``: Keras's 2-D patches (rates of 1 only)."""
    sizes, strides, rates, padding = (arguments[name] for name in ("sizes", "strides", "rates", "padding"))
    windows = []
    for value in (sizes, strides, rates):
        if not isinstance(value, (list, tuple)) or len(value) != 4 or value[0] != 1 or value[3] != 1:
            return UNKNOWN
        windows.append(tuple(value[1:3]))
    if windows[2] != (1, 1) or padding not in ("VALID", "SAME"):
        return UNKNOWN
    return _extract_patches({"images": arguments["images"], "size": windows[0], "strides": windows[1],
                             "dilation_rate": 1, "padding": padding.lower(), "data_format": None})


def _inner_sizes(name: str, first: Tuple[Dim, ...], second: Tuple[Dim, ...]) -> Optional[Tuple[Dim, Dim]]:
    """The two sizes ``matmul`` or ``dot`` multiplies together: x1's last, and x2's second-to-last
    (its only one for a vector x2)."""
    if not first or not second or (name == "matmul" and (len(first) < 2 or len(second) < 2)):
        return None
    return first[-1], second[0] if len(second) == 1 else second[-2]


def rejected_on_values(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Optional[str]:
    """Why the backend raises on ``matmul``/``dot``/``tensordot``/``einsum`` (``name``) of these
    arguments (tensors as ``TensorInput``) when it runs on values, as inside a traced ``call``: sizes
    it multiplies together are known and differ (``ops.matmul(x, w)`` with ``w`` of shape
    ``(units, in_dim)``). None otherwise."""
    if name == "tensordot":
        return _tensordot_rejected(args, kwargs)
    if name == "einsum":
        return _einsum_rejected(args, kwargs)
    if name not in ("matmul", "dot") or kwargs or len(args) != 2:
        return None
    first, second = (_known(_shape(value)) if isinstance(value, TensorInput) else None for value in args)
    if first is None or second is None:
        return None
    sizes = _inner_sizes(name, first, second)
    if sizes is None or not all(_int(size) is not None for size in sizes) or sizes[0] == sizes[1]:
        return None
    return (f"{name} of shapes {_text(first)} and {_text(second)}: the last axis of the first ({sizes[0]}) "
            f"is not the {'only' if len(second) == 1 else 'second-to-last'} axis of the second ({sizes[1]}), "
            "and Keras raises when it traces the layer's call (on the TensorFlow backend, when the model runs)")


def tensorflow_rejected(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Optional[str]:
    """``rejected_on_values`` for the TensorFlow function ``name`` (``linalg.matmul``), whose
    ``transpose_a``/``transpose_b`` swap an operand's last two axes first."""
    keras_name = tensorflow_op_name(name) or ""
    if keras_name != "matmul" or not kwargs:
        return rejected_on_values(keras_name, args, kwargs)
    names = ("a", "b", "transpose_a", "transpose_b")
    if len(args) > 2 or set(kwargs) - set(names[len(args):]):
        return None
    bound: Dict[str, Any] = dict(zip(names, args))
    bound.update(kwargs)
    operands: List[Any] = []
    for operand, flag in (("a", "transpose_a"), ("b", "transpose_b")):
        value, swap = bound.get(operand), bound.get(flag, False)
        shape = _known(_shape(value)) if isinstance(value, TensorInput) else None
        if shape is None or len(shape) < 2 or not isinstance(swap, bool):
            return None
        operands.append(TensorInput(shape[:-2] + (shape[-1], shape[-2]) if swap else shape))
    message = rejected_on_values("matmul", operands, {})
    flags = ", ".join(f"{flag}=True" for flag in ("transpose_a", "transpose_b") if bound.get(flag) is True)
    return message.replace("matmul of shapes", f"matmul ({flags}) of shapes, once transposed,", 1) \
        if message is not None and flags else message


def _clash(pairs: Sequence[Tuple[Dim, Dim]]) -> Optional[Tuple[int, int]]:
    """The first two sizes summed (or matched) together that are known, differ, and neither of
    which is 1 (which some backends may broadcast)."""
    for a, b in pairs:
        size_a, size_b = _int(a), _int(b)
        if size_a is not None and size_b is not None and size_a != size_b and 1 not in (size_a, size_b):
            return size_a, size_b
    return None


def _tensordot_rejected(args: Sequence[Any], kwargs: Mapping[str, Any]) -> Optional[str]:
    """``tensordot(x1, x2, axes=2)`` whose summed axes differ in size: NumPy raises ("shape-mismatch
    for sum"), as do the other backends."""
    if len(args) > 3 or set(kwargs) - {"axes"} or (len(args) == 3 and kwargs) or len(args) < 2:
        return None
    first, second = (_known(_shape(value)) if isinstance(value, TensorInput) else None for value in args[:2])
    axes = args[2] if len(args) == 3 else kwargs.get("axes", 2)
    if first is None or second is None:
        return None
    count = _int(axes)
    if count is not None:
        if not 0 <= count <= min(len(first), len(second)):
            return None
        pairs = list(zip(first[len(first) - count:], second[:count]))
    elif isinstance(axes, (tuple, list)) and len(axes) == 2:
        own, other = _axes(axes[0], len(first)), _axes(axes[1], len(second))
        if own is None or other is None or len(own) != len(other):
            return None
        pairs = [(first[a], second[b]) for a, b in zip(own, other)]
    else:
        return None
    clash = _clash(pairs)
    if clash is None:
        return None
    return (f"tensordot of shapes {_text(first)} and {_text(second)} over axes={axes!r}: a summed axis has "
            f"size {clash[0]} in the first and {clash[1]} in the second, and Keras raises when it traces the "
            "layer's call")


def _einsum_rejected(args: Sequence[Any], kwargs: Mapping[str, Any]) -> Optional[str]:
    """``einsum("btd,de->bte", ...)`` with a letter of two known sizes (neither 1) in the operands:
    every backend raises. Only equations of lower-case letters, one per axis."""
    if kwargs or len(args) < 2 or not isinstance(args[0], str):
        return None
    given = args[0].replace(" ", "").split("->")[0]
    specs = given.split(",")
    shapes = [_known(_shape(value)) if isinstance(value, TensorInput) else None for value in args[1:]]
    if len(specs) != len(shapes):
        return None
    for index, (spec, value) in enumerate(zip(specs, args[1:])):
        rank = _shape(value) if isinstance(value, TensorInput) else UNKNOWN
        if not isinstance(rank, Unknown) and spec.isascii() and spec.isalpha() and spec.islower() \
                and len(spec) != len(rank):
            # numpy: "too many (or fewer) subscripts for operand"; TensorFlow and JAX raise alike.
            return (f"einsum {args[0]!r}: operand {index + 1} has {len(rank)} axes, shape "
                    f"{_text(rank)}, where {spec!r} names {len(spec)}, and Keras raises when it traces the "
                    "layer's call")
    sizes: Dict[str, List[Dim]] = {}
    for spec, shape in zip(specs, shapes):
        if shape is None or not (spec.isascii() and spec.isalpha() and spec.islower()) or len(spec) != len(shape):
            continue
        for letter, dim in zip(spec, shape):
            sizes.setdefault(letter, []).append(dim)
    for letter, dims in sizes.items():
        clash = _clash([(a, b) for index, a in enumerate(dims) for b in dims[index + 1:]])
        if clash is not None:
            texts = " and ".join(_text(shape) for shape in shapes if shape is not None)
            return (f"einsum {args[0]!r} of shapes {texts}: {letter!r} has size {clash[0]} in one operand and "
                    f"{clash[1]} in another, and Keras raises when it traces the layer's call")
    return None


def broadcast_rejected(operator: str, left: MaybeShape, right: MaybeShape) -> Optional[str]:
    """Why every backend raises on an element-wise ``operator`` of tensors of these shapes, as
    inside a traced ``call``: aligned from the last axis, two sizes known in every run differ and
    neither is 1. None otherwise (an unknown or free size may be anything that broadcasts)."""
    first, second = _known(left), _known(right)
    if first is None or second is None:
        return None
    for a, b in zip(reversed(first), reversed(second)):
        size_a, size_b = _int(a), _int(b)
        if size_a is not None and size_b is not None and size_a != size_b and 1 not in (size_a, size_b):
            return (f"{operator} of shapes {_text(first)} and {_text(second)}: sizes {size_a} and {size_b} do not "
                    "broadcast, and Keras raises when it traces the layer's call")
    return None


def _text(shape: Tuple[Dim, ...]) -> str:
    dims = ", ".join("None" if dim is None else str(dim) for dim in shape)
    return f"({dims},)" if len(shape) == 1 else f"({dims})"


def op_output_shape(spec: OpSpec, args: Sequence[Any], kwargs: Mapping[str, Any]) -> ShapeTree:
    """The op's output shape for these evaluated arguments (tensors as ``TensorInput``)."""
    names = [name for name, _ in spec.parameters]
    if spec.variadic:
        fixed = len(names) - 1
        if len(args) < fixed or names[-1] in kwargs:
            return UNKNOWN
        args = list(args[:fixed]) + [tuple(args[fixed:])]
    if len(args) > len(names) or any(key not in names for key in kwargs):
        return UNKNOWN
    arguments: Dict[str, Any] = dict(zip(names, args))
    for key, value in kwargs.items():
        if key in arguments:
            return UNKNOWN
        arguments[key] = value
    for name, default in spec.parameters:
        if name not in arguments:
            if default is _REQUIRED:
                return UNKNOWN
            arguments[name] = default
    if any(isinstance(value, Unknown) for value in arguments.values()):
        return UNKNOWN
    try:
        return spec.output(arguments)
    except (TypeError, ValueError, StopIteration, IndexError):
        return UNKNOWN  # arguments of a kind the op's rule does not read: no shape, never a guess


def _tf(keras_name: str, *parameters: Tuple[str, Any]) -> OpSpec:
    """A TensorFlow function with TensorFlow's parameter names, in the order of the Keras op
    ``keras_name``'s (whose output shape rule it shares); ``_REQUIRED`` marks one without a default.
    Every function also takes ``name=``, which changes no shape."""
    keras_spec = OPS[keras_name]
    pairs = list(zip((name for name, _ in parameters), (name for name, _ in keras_spec.parameters)))

    def output(arguments: Arguments) -> ShapeTree:
        renamed = {keras: arguments[tensorflow] for tensorflow, keras in pairs}
        for name, default in keras_spec.parameters[len(pairs):]:
            renamed[name] = default
        return keras_spec.output(renamed)

    return OpSpec(tuple(parameters) + (("name", None),), output)


_X = ("x", _REQUIRED)
_Y = ("y", _REQUIRED)
# TensorFlow's functions (after ``tensorflow.``), each as the Keras op whose output shape rule it
# shares and its own signature. One table serves wherever TensorFlow computes the shape itself:
# inside a traced ``call``, where TensorFlow's ops run on the backend's tensors (on TensorFlow's
# backend, graph tensors whose None sizes TensorFlow's shape inference keeps), and for tf.keras 2,
# which wraps the call on a symbolic tensor in a TFOpLambda layer of TensorFlow's inferred shape.
# Only where TensorFlow agrees with the Keras op's rule: ``tf.squeeze`` without ``axis`` leaves a
# shape of unknown rank where a size is None, so its axis is required here; ``tf.where`` with the
# condition alone gives coordinates, so x and y are; ``tf.argmax``'s default axis is 0 (Keras's:
# None), so it is left out.
_TENSORFLOW_SIGNATURES: Dict[str, Tuple[str, OpSpec]] = {
    **{name: (name, _tf(name, _X)) for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "negative", "log", "log1p", "sin", "cos", "sign",
        "floor", "ceil", "round", "softplus", "logical_not", "stop_gradient", "rsqrt", "erf", "reciprocal")},
    **{name: (name, _tf(name, ("features", _REQUIRED))) for name in ("relu", "relu6", "elu", "selu", "softsign")},
    "gelu": ("gelu", _tf("gelu", ("features", _REQUIRED), ("approximate", False))),
    "silu": ("silu", _tf("silu", ("features", _REQUIRED), ("beta", 1.0))),
    "leaky_relu": ("leaky_relu", _tf("leaky_relu", ("features", _REQUIRED), ("alpha", 0.2))),
    "softmax": ("softmax", _tf("softmax", ("logits", _REQUIRED), ("axis", None))),
    "log_softmax": ("log_softmax", _tf("log_softmax", ("logits", _REQUIRED), ("axis", None))),
    **{name: (name, _tf(name, _X, _Y)) for name in (
        "add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "not_equal", "greater", "less",
        "logical_and", "logical_or", "power")},
    **{name: (name, _tf(name, ("input_tensor", _REQUIRED), ("axis", None), ("keepdims", False))) for name in (
        "sum", "mean", "max", "min", "prod", "any", "all", "logsumexp")},
    "reshape": ("reshape", _tf("reshape", ("tensor", _REQUIRED), ("shape", _REQUIRED))),
    "expand_dims": ("expand_dims", _tf("expand_dims", ("input", _REQUIRED), ("axis", _REQUIRED))),
    "squeeze": ("squeeze", _tf("squeeze", ("input", _REQUIRED), ("axis", _REQUIRED))),
    "transpose": ("transpose", _op(_tensorflow_transpose, "a", perm=None, conjugate=False, name=None)),
    "concatenate": ("concatenate", _tf("concatenate", ("values", _REQUIRED), ("axis", _REQUIRED))),
    "stack": ("stack", _tf("stack", ("values", _REQUIRED), ("axis", 0))),
    "matmul": ("matmul", _op(_tensorflow_matmul, "a", "b", transpose_a=False, transpose_b=False, name=None)),
    "tensordot": ("tensordot", _tf("tensordot", ("a", _REQUIRED), ("b", _REQUIRED), ("axes", _REQUIRED))),
    # ``tf.einsum(equation, *inputs)``: the Keras op's signature, positionally.
    "einsum": ("einsum", OPS["einsum"]),
    "broadcast_to": ("broadcast_to", _tf("broadcast_to", ("input", _REQUIRED), ("shape", _REQUIRED))),
    "zeros_like": ("zeros_like", _tf("zeros_like", ("input", _REQUIRED), ("dtype", None))),
    "ones_like": ("ones_like", _tf("ones_like", ("input", _REQUIRED), ("dtype", None))),
    "one_hot": ("one_hot", _tf("one_hot", ("indices", _REQUIRED), ("depth", _REQUIRED))),
    "cast": ("cast", _tf("cast", _X, ("dtype", _REQUIRED))),
    "clip": ("clip", _tf("clip", ("t", _REQUIRED), ("clip_value_min", _REQUIRED), ("clip_value_max", _REQUIRED))),
    "where": ("where", _tf("where", ("condition", _REQUIRED), ("x", _REQUIRED), ("y", _REQUIRED))),
    "extract_patches": ("extract_patches", _op(_tensorflow_extract_patches, "images", "sizes", "strides", "rates",
                                               "padding", name=None)),
}
# TensorFlow's function (after ``tensorflow.``) -> the entry above.
_TENSORFLOW_FUNCTIONS: Dict[str, str] = {
    **{f"{module}{name}": name for module in ("", "math.") for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "negative", "add", "subtract", "multiply", "divide",
        "maximum", "minimum", "pow")},
    **{f"math.{name}": name for name in (
        "log", "log1p", "sin", "cos", "sign", "floor", "ceil", "round", "softplus", "logical_not", "equal",
        "not_equal", "greater", "less", "logical_and", "logical_or", "softmax", "log_softmax", "rsqrt", "erf",
        "reciprocal")},
    **{f"nn.{name}": name for name in (
        "relu", "relu6", "elu", "selu", "softsign", "gelu", "silu", "leaky_relu", "softmax", "log_softmax",
        "sigmoid", "tanh", "softplus")},
    **{f"{module}reduce_{name}": name for module in ("", "math.") for name in (
        "sum", "mean", "max", "min", "prod", "any", "all")},
    "math.reduce_logsumexp": "logsumexp",
    **{name: name for name in ("reshape", "expand_dims", "squeeze", "transpose", "stack", "matmul", "cast", "where",
                               "stop_gradient", "tensordot", "einsum", "broadcast_to", "zeros_like", "ones_like",
                               "one_hot")},
    "pow": "power", "math.pow": "power",
    "concat": "concatenate", "linalg.matmul": "matmul", "linalg.tensordot": "tensordot", "linalg.einsum": "einsum",
    "clip_by_value": "clip", "image.extract_patches": "extract_patches",
}


def _tensorflow_entry(name: str) -> Optional[Tuple[str, OpSpec]]:
    entry = _TENSORFLOW_FUNCTIONS.get(name)
    return _TENSORFLOW_SIGNATURES[entry] if entry is not None else None


def tensorflow_op_name(name: str) -> Optional[str]:
    """The Keras op a TensorFlow function (``linalg.matmul``) computes the shape of, by name."""
    entry = _tensorflow_entry(name)
    return entry[0] if entry is not None else None


def tensorflow_op_spec(name: str) -> Optional[OpSpec]:
    """The output shape of the TensorFlow function ``name`` (``concat``, ``math.reduce_mean``) on
    backend tensors inside a traced ``call`` (or on arrays), with TensorFlow's parameter names."""
    entry = _tensorflow_entry(name)
    return entry[1] if entry is not None else None


def tf_keras2_op_spec(name: str) -> Optional[OpSpec]:
    """The output shape of the TFOpLambda tf.keras 2 makes of the TensorFlow function ``name`` on
    symbolic tensors: TensorFlow's shape inference, as in a traced ``call``."""
    return tensorflow_op_spec(name)


# tf.keras 2's backend functions on symbolic tensors (each makes the TFOpLambda of the TensorFlow
# function it calls), with their own parameter names.
_TF_KERAS2_BACKEND_OPS: Dict[str, OpSpec] = {
    **{name: spec for name, spec in _LEGACY_BACKEND_OPS.items() if name != "dot"},
    "concatenate": _tf("concatenate", ("tensors", _REQUIRED), ("axis", -1)),
    "permute_dimensions": _tf("transpose", ("x", _REQUIRED), ("pattern", _REQUIRED)),
    "stack": _tf("stack", ("x", _REQUIRED), ("axis", 0)),
}


def tf_keras2_backend_op_spec(name: str) -> Optional[OpSpec]:
    """The output shape of what tf.keras 2's ``keras.backend.<name>`` makes on symbolic tensors."""
    return _TF_KERAS2_BACKEND_OPS.get(name)
