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
from lstm_lint.values import UNKNOWN, Unknown

Arguments = Mapping[str, Any]
# One shape; a list of them for an op giving several tensors (``split``).
ShapeFn = Callable[[Arguments], ShapeTree]


@dataclass(frozen=True)
class TensorInput:
    """A symbolic tensor given to an op: only its shape matters here."""

    shape: MaybeShape


@dataclass(frozen=True)
class OpSpec:
    """One op: its parameters in Keras's order (with defaults) and its output shape."""

    parameters: Tuple[Tuple[str, Any], ...]
    output: ShapeFn


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
    dims: List[Optional[int]] = []
    for dim in newshape:
        if dim is None:
            dims.append(None)
        elif _int(dim) is None or dim < -1 or dim == 0:
            return UNKNOWN
        else:
            dims.append(dim)
    if dims.count(-1) > 1 or any(isinstance(dim, Unknown) for dim in shape):
        return UNKNOWN
    if None in shape or None in dims:
        return tuple(None if dim == -1 else dim for dim in dims)
    size = math.prod(dim for dim in shape if isinstance(dim, int))
    known = math.prod(dim for dim in dims if isinstance(dim, int) and dim != -1)
    if -1 not in dims:
        return tuple(dims) if known == size else UNKNOWN
    if known == 0 or size % known:
        return UNKNOWN
    return tuple(size // known if dim == -1 else dim for dim in dims)


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
    """numpy.py Matmul.compute_output_spec, for operands of rank 2 or more."""
    first, second = _known(_shape(arguments["x1"])), _known(_shape(arguments["x2"]))
    if first is None or second is None or len(first) < 2 or len(second) < 2:
        return UNKNOWN
    inner_first, inner_second = first[-1], second[-2]
    if inner_first is not None and inner_second is not None and inner_first != inner_second:
        return UNKNOWN
    batch = broadcast(first[:-2], second[:-2])
    if isinstance(batch, Unknown):
        return UNKNOWN
    return tuple(batch) + (first[-2], second[-1])


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


def op_spec(subpath: str) -> Optional[OpSpec]:
    """The op a path inside Keras names (``ops.mean``, ``ops.numpy.mean``, ``activations.relu``)."""
    module, _, name = subpath.rpartition(".")
    if module in ("ops", "ops.numpy", "ops.nn", "ops.math", "ops.core"):
        return OPS.get(name)
    if module == "activations":
        return _ACTIVATIONS.get(name)
    return None


# TensorFlow functions a traced ``call`` may use on backend tensors (after ``tensorflow.``), as the
# Keras op of the same output shape and the same positional parameters (a keyword of a different
# name makes the shape unknown). Outside a trace Keras 3 refuses them on symbolic tensors.
_TENSORFLOW_OPS: Dict[str, str] = {
    **{name: name for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "negative", "add", "subtract", "multiply",
        "divide", "maximum", "minimum", "matmul", "reshape", "expand_dims", "squeeze")},
    **{f"math.{name}": name for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "log", "negative", "add", "subtract", "multiply",
        "divide", "maximum", "minimum", "softplus")},
    **{f"nn.{name}": name for name in ("relu", "sigmoid", "tanh", "softplus", "softmax", "elu", "selu")},
    **{f"{module}reduce_{name}": name for module in ("", "math.") for name in ("sum", "mean", "max", "min", "prod")},
    "linalg.matmul": "matmul",
}


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


def tensorflow_op_spec(name: str) -> Optional[OpSpec]:
    """The op a TensorFlow function (``exp``, ``math.reduce_mean``) computes the shape of."""
    keras_name = _TENSORFLOW_OPS.get(name)
    return OPS.get(keras_name) if keras_name is not None else None


def op_output_shape(spec: OpSpec, args: Sequence[Any], kwargs: Mapping[str, Any]) -> ShapeTree:
    """The op's output shape for these evaluated arguments (tensors as ``TensorInput``)."""
    names = [name for name, _ in spec.parameters]
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
# TensorFlow 2's signatures (tf.keras 2 wraps the call on a symbolic tensor in a TFOpLambda layer,
# whose output shape is TensorFlow's own shape inference), where it agrees with the Keras op's rule:
# ``tf.squeeze`` without ``axis`` leaves dimensions of unknown size of unknown rank, so its axis is
# required here; ``tf.where`` with the condition alone gives coordinates, so x and y are.
_TF_KERAS2_OPS: Dict[str, OpSpec] = {
    **{name: _tf(name, _X) for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "negative", "log", "log1p", "sin", "cos", "sign",
        "floor", "ceil", "round", "softplus", "logical_not", "stop_gradient")},
    **{name: _tf(name, ("features", _REQUIRED)) for name in ("relu", "relu6", "elu", "selu", "softsign")},
    "gelu": _tf("gelu", ("features", _REQUIRED), ("approximate", False)),
    "silu": _tf("silu", ("features", _REQUIRED), ("beta", 1.0)),
    "leaky_relu": _tf("leaky_relu", ("features", _REQUIRED), ("alpha", 0.2)),
    "softmax": _tf("softmax", ("logits", _REQUIRED), ("axis", None)),
    "log_softmax": _tf("log_softmax", ("logits", _REQUIRED), ("axis", None)),
    **{name: _tf(name, _X, _Y) for name in (
        "add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "not_equal", "greater", "less",
        "logical_and", "logical_or")},
    **{name: _tf(name, ("input_tensor", _REQUIRED), ("axis", None), ("keepdims", False)) for name in (
        "sum", "mean", "max", "min", "prod", "any", "all", "logsumexp")},
    "reshape": _tf("reshape", ("tensor", _REQUIRED), ("shape", _REQUIRED)),
    "expand_dims": _tf("expand_dims", ("input", _REQUIRED), ("axis", _REQUIRED)),
    "squeeze": _tf("squeeze", ("input", _REQUIRED), ("axis", _REQUIRED)),
    "transpose": _tf("transpose", ("a", _REQUIRED), ("perm", None)),
    "concatenate": _tf("concatenate", ("values", _REQUIRED), ("axis", _REQUIRED)),
    "stack": _tf("stack", ("values", _REQUIRED), ("axis", 0)),
    "matmul": _tf("matmul", ("a", _REQUIRED), ("b", _REQUIRED)),
    "cast": _tf("cast", _X, ("dtype", _REQUIRED)),
    "clip": _tf("clip", ("t", _REQUIRED), ("clip_value_min", _REQUIRED), ("clip_value_max", _REQUIRED)),
    "where": _tf("where", ("condition", _REQUIRED), ("x", _REQUIRED), ("y", _REQUIRED)),
}
# TensorFlow's function (after ``tensorflow.``) -> the entry above.
_TF_KERAS2_FUNCTIONS: Dict[str, str] = {
    **{f"{module}{name}": name for module in ("", "math.") for name in (
        "exp", "sqrt", "square", "tanh", "sigmoid", "abs", "negative", "add", "subtract", "multiply", "divide",
        "maximum", "minimum")},
    **{f"math.{name}": name for name in (
        "log", "log1p", "sin", "cos", "sign", "floor", "ceil", "round", "softplus", "logical_not", "equal",
        "not_equal", "greater", "less", "logical_and", "logical_or", "softmax", "log_softmax")},
    **{f"nn.{name}": name for name in (
        "relu", "relu6", "elu", "selu", "softsign", "gelu", "silu", "leaky_relu", "softmax", "log_softmax",
        "sigmoid", "tanh", "softplus")},
    **{f"{module}reduce_{name}": name for module in ("", "math.") for name in (
        "sum", "mean", "max", "min", "prod", "any", "all")},
    "math.reduce_logsumexp": "logsumexp",
    **{name: name for name in ("reshape", "expand_dims", "squeeze", "transpose", "stack", "matmul", "cast", "where",
                               "stop_gradient")},
    "concat": "concatenate", "linalg.matmul": "matmul", "clip_by_value": "clip",
}


def tf_keras2_op_spec(name: str) -> Optional[OpSpec]:
    """The output shape of the TFOpLambda tf.keras 2 makes of the TensorFlow function ``name``
    (``concat``, ``math.reduce_mean``) on symbolic tensors, with TensorFlow's parameter names."""
    entry = _TF_KERAS2_FUNCTIONS.get(name)
    return _TF_KERAS2_OPS[entry] if entry is not None else None


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
