"""Reshaping layers (``keras/src/layers/reshaping``): Flatten, Reshape, RepeatVector, Permute, and
UpSampling, ZeroPadding and Cropping in 1, 2 and 3 dimensions. None has weights or masks."""
from __future__ import annotations

from typing import Any, List, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.checks import positive_sizes
from lstm_lint.layers.spec import (
    BuildError, Config, LayerSpec, NumpyIntegers, example, int_or_unknown, require_rank, signature, single,
    size_or_unknown,
)
from lstm_lint.layers.spec import always_built
from lstm_lint.values import UNKNOWN, Unknown

# ---- argument checks the constructors make ------------------------------------------------------


def data_format(config: Config, class_name: str) -> Union[str, Unknown]:
    """``backend.standardize_data_format``: the binding has already put the global format in place
    of None; any other value is lowercased and must then name one of the two formats."""
    value = config.get("data_format")
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        return "channels_last"
    text = str(value).lower()
    if text not in ("channels_first", "channels_last"):
        raise BuildError("value", f"{class_name}: data_format must be 'channels_first' or 'channels_last', "
                                  f"got {value!r}")
    return text


Sizes = Union[Tuple[Dim, ...], Unknown]


def standard_tuple(value: Any, length: int, what: str, allow_zero: bool) -> Sizes:
    """``argument_validation.standardize_tuple``: an int repeated, or a sequence of ``length`` values
    Keras can take as ints, each at least 1 (at least 0 with ``allow_zero``). Raises where Keras's
    constructor raises; an element that is not an int is UNKNOWN (a float passes the check, but is
    no size a shape can hold)."""
    if isinstance(value, Unknown):
        return UNKNOWN
    problem = f"{what} must be an int or a tuple of {length} integers, got {value!r}"
    if isinstance(value, int):  # a bool too, as isinstance(True, int) in Keras
        items: Tuple[Any, ...] = (value,) * length
    elif isinstance(value, (tuple, list, str)):
        items = tuple(value)
        if len(items) != length:
            raise BuildError("value", problem)
    elif value is None or isinstance(value, float):
        raise BuildError("value", problem)  # tuple(value) fails
    else:
        return UNKNOWN
    sizes: List[Dim] = []
    lowest = 0 if allow_zero else 1
    for item in items:
        if isinstance(item, Unknown):
            sizes.append(UNKNOWN)
        elif isinstance(item, (int, float)):
            if item < lowest:
                raise BuildError("value", f"{what}: every value must be >= {lowest}, got {value!r}")
            sizes.append(int(item) if isinstance(item, int) else UNKNOWN)
        elif item is None or isinstance(item, (str, tuple, list, dict)):
            raise BuildError("value", problem)  # int(None), int((1, 0)) fail; a str fails the comparison
        else:
            sizes.append(UNKNOWN)
    return tuple(sizes)


PairSizes = Union[Tuple[Sizes, ...], Unknown]


def standard_pairs(value: Any, rank: int, what: str, int_must_be_positive: bool) -> PairSizes:
    """The (before, after) amounts of ZeroPadding2D/3D and Cropping2D/3D: an int for every side,
    ``rank`` ints (symmetric) or ``rank`` pairs. Cropping rejects a negative int; ZeroPadding takes it
    (``int_must_be_positive`` False) and pads by a negative amount, which shrinks the shape."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, int):
        if int_must_be_positive and value < 0:
            raise BuildError("value", f"{what} cannot be negative, got {value!r}")
        return ((int(value), int(value)),) * rank
    if not isinstance(value, (tuple, list, str)):
        if value is None or isinstance(value, float):  # no __len__
            raise BuildError("value", f"{what} must be an int, a tuple of {rank} ints or of {rank} pairs, "
                                      f"got {value!r}")
        return UNKNOWN
    if len(value) != rank:
        raise BuildError("value", f"{what} should have {rank} elements, got {value!r}")
    return tuple(standard_tuple(entry, 2, f"entry {index + 1} of {what}", allow_zero=True)
                 for index, entry in enumerate(value))


def spatial_axes(shape: Tuple[Dim, ...], rank: int, channels_first: bool) -> List[int]:
    """The positions of the ``rank`` spatial axes in a ``rank + 2``-D shape."""
    start = 2 if channels_first else 1
    return list(range(start, start + rank))


def _scaled(dim: Dim, factor: Dim) -> Dim:
    if dim is None:
        return None
    if isinstance(dim, Unknown) or isinstance(factor, Unknown) or factor is None:
        return UNKNOWN
    return dim * factor


def _shifted(dim: Dim, amounts: Sizes, sign: int) -> Dim:
    """A spatial size padded (sign 1) or cropped (sign -1) by (before, after) amounts."""
    if dim is None:
        return None
    if isinstance(dim, Unknown) or isinstance(amounts, Unknown) or any(
            not isinstance(amount, int) for amount in amounts):
        return UNKNOWN
    total = 0
    for amount in amounts:
        assert isinstance(amount, int)
        total += amount
    return dim + sign * total


# ---- Flatten, Reshape, RepeatVector, Permute -----------------------------------------------------


def _flatten_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    data_format(config, "Flatten")
    shape = single(inputs)
    require_rank("Flatten", shape, min_ndim=1)
    if isinstance(shape, Unknown):
        return UNKNOWN
    rest = shape[1:]
    # flatten.py: 1 for a rank-1 input, None if any non-batch dim is None (even beside an unknown
    # one), else the product; channels_first transposes first, which keeps the product.
    if any(dim is None for dim in rest):
        return (shape[0], None)
    return (shape[0], product(rest))


def _reshape_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    target = config["target_shape"]
    if isinstance(target, Unknown) or not isinstance(target, (tuple, list)):
        return UNKNOWN
    # compute_reshape_output_shape: what is not an int (None, ...) is a dynamic size.
    dims: Tuple[Dim, ...] = tuple(
        UNKNOWN if isinstance(t, Unknown) else t if isinstance(t, int) and not isinstance(t, bool)
        else UNKNOWN if isinstance(t, bool) else None for t in target)
    _validate_target(dims)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0],) + _resolve_target(shape[1:], dims)


def _validate_target(target: Tuple[Dim, ...]) -> None:
    """``validate_reshape_shape``, in the constructor: ints of at least -1, one -1 at most."""
    known = [t for t in target if isinstance(t, int)]
    if any(t < -1 for t in known):
        raise BuildError("value", f"Reshape: each dimension of target_shape must be >= 0, or -1 once; "
                                  f"got {tuple(target)}")
    if known.count(-1) > 1:
        raise BuildError("value", f"Reshape: only one -1 is allowed in target_shape {tuple(target)}")


def _resolve_target(source: Tuple[Dim, ...], target: Tuple[Dim, ...]) -> Tuple[Dim, ...]:
    """``operation_utils.compute_reshape_output_shape``: fill in the one -1 of ``target``."""
    if any(dim is None for dim in source) or any(t is None for t in target):
        return tuple(None if t == -1 else t for t in target)
    if any(isinstance(t, Unknown) for t in target):
        # An unknown entry may be None, which turns the -1 into None too: unknown either way.
        return tuple(UNKNOWN if isinstance(t, Unknown) or t == -1 else t for t in target)
    source_size = product(source)
    if -1 not in target:
        if isinstance(source_size, int) and source_size != product(target):
            raise BuildError("size", f"Reshape: cannot reshape {source_size} values into "
                                     f"{target} ({product(target)} values)")
        return target
    known = product([t for t in target if t != -1])
    if not isinstance(source_size, int) or not isinstance(known, int):
        fill: Dim = UNKNOWN
    else:
        if known == 0 or source_size % known:
            raise BuildError("size", f"Reshape: cannot reshape {source_size} values into {target}")
        fill = source_size // known
    return tuple(fill if t == -1 else t for t in target)


def _repeat_vector_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    require_rank("RepeatVector", shape, ndim=2)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0], size_or_unknown(config["n"]), shape[1])


def _permute_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape: MaybeShape = single(inputs)
    dims = config["dims"]
    if not isinstance(dims, (tuple, list)) or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in dims):
        return UNKNOWN
    # permute.py: the constructor checks dims alone; its InputSpec then wants rank len(dims) + 1.
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise BuildError("value", f"Permute: dims {tuple(dims)} must be a permutation of "
                                  f"{tuple(range(1, len(dims) + 1))}")
    require_rank("Permute", shape, ndim=len(dims) + 1)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0],) + tuple(shape[d] for d in dims)


FLATTEN = LayerSpec(
    "Flatten", signature(data_format=None), output=_flatten_output,
    examples=(
        example({}, (None, 3, 4)),
        example({}, (None, 3, None)),
        example({}, (None,)),
        example({"data_format": "channels_first"}, (None, 3, 4, 5)),
        example({"data_format": "channels_first"}, (None, 3, None, 5)),
        example({"data_format": "Channels_First"}, (None, 2, 6)),
        example({"data_format": "channels_middle"}, (None, 2, 6), raises=True),
    ),
)
RESHAPE = LayerSpec(
    "Reshape", signature("target_shape"), output=_reshape_output, built_at_construction=always_built,
    # reshape.py: standardize_shape takes ``int(d)`` of each size.
    numpy_integers=NumpyIntegers(accepted_in_sequences=("target_shape",)),
    examples=(
        example({"target_shape": (4, 6)}, (None, 3, 8)),
        example({"target_shape": (-1, 4)}, (None, 3, 8)),
        example({"target_shape": (2, -1, 2)}, (None, 12)),
        example({"target_shape": (-1, 4)}, (None, None, 8)),
        example({"target_shape": (4, 2)}, (None, None, 8)),
        example({"target_shape": (None, 4)}, (None, 3, 8)),
        example({"target_shape": (-1,)}, (None, 2, 3, 4)),
        example({"target_shape": (-1, 5)}, (None, 3, 8), raises=True),
        example({"target_shape": (5, 5)}, (None, 3, 8), raises=True),
        example({"target_shape": (-1, -1)}, (None, 3, 8), raises=True),
        example({"target_shape": (-2, 4)}, (None, 3, 8), raises=True),
    ),
)
REPEAT_VECTOR = LayerSpec(
    "RepeatVector", signature("n"), output=_repeat_vector_output,
    checks=(positive_sizes("n", checked_in_init=True, strict_int=True),),
    examples=(
        example({"n": 3}, (None, 4)),
        example({"n": 1}, (None, None)),
        example({"n": 3}, (None, 2, 4), raises=True),
        example({"n": 0}, (None, 4), raises=True),
    ),
)
PERMUTE = LayerSpec(
    "Permute", signature("dims"), output=_permute_output,
    examples=(
        example({"dims": (2, 1)}, (None, 3, 4)),
        example({"dims": (3, 1, 2)}, (None, 2, None, 4)),
        example({"dims": (1,)}, (None, 5)),
        example({"dims": (2, 1)}, (None, 2, 3, 4), raises=True),
        example({"dims": (0, 1)}, (None, 3, 4), raises=True),
        example({"dims": (1, 3)}, (None, 3, 4), raises=True),
    ),
)


# ---- UpSampling --------------------------------------------------------------------------------


def _up_sampling_1d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    size = config["size"]
    # up_sampling1d.py: the size must be an int (not a bool) above 0.
    if not isinstance(size, Unknown) and (not isinstance(size, int) or isinstance(size, bool) or size <= 0):
        raise BuildError("value", f"UpSampling1D: size must be a positive integer, got {size!r}")
    shape = single(inputs)
    require_rank("UpSampling1D", shape, ndim=3)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0], _scaled(shape[1], int_or_unknown(size)), shape[2])


def _spatial_spec_output(class_name: str, rank: int, config: Config, inputs: ShapeTree,
                         new_size: Any) -> ShapeTree:
    """The output of a layer that changes each of ``rank`` spatial sizes by ``new_size(axis index,
    size)``, after the data_format check of its constructor."""
    fmt = data_format(config, class_name)
    shape = single(inputs)
    require_rank(class_name, shape, ndim=rank + 2)
    if isinstance(shape, Unknown):
        return UNKNOWN
    if isinstance(fmt, Unknown):
        return (shape[0],) + (UNKNOWN,) * (rank + 1)  # the batch axis stays first either way
    result = list(shape)
    for index, axis in enumerate(spatial_axes(shape, rank, fmt == "channels_first")):
        result[axis] = new_size(index, shape[axis])
    return tuple(result)


def _up_sampling_spec(class_name: str, rank: int, default: Tuple[int, ...], **extra: Any) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        size = standard_tuple(config["size"], rank, f"{class_name} size", allow_zero=False)

        def new_size(index: int, dim: Dim) -> Dim:
            return _scaled(dim, UNKNOWN if isinstance(size, Unknown) else size[index])
        return _spatial_spec_output(class_name, rank, config, inputs, new_size)

    return LayerSpec(class_name, signature(size=default, data_format=None, **extra), output=output,
                     examples=_UP_SAMPLING_EXAMPLES[class_name])


_UP_SAMPLING_EXAMPLES = {
    "UpSampling2D": (
        example({}, (None, 4, 5, 3)),
        example({"size": (2, 3)}, (None, 4, None, 3)),
        example({"size": 3, "interpolation": "bilinear"}, (None, 4, 5, 3)),
        example({"size": (1, 2), "data_format": "channels_first"}, (None, 3, 4, 5)),
        example({"size": (0, 2)}, (None, 4, 5, 3), raises=True),
        example({}, (None, 4, 3), raises=True),
    ),
    "UpSampling3D": (
        example({}, (None, 2, 3, 4, 1)),
        example({"size": (1, 2, 3)}, (None, 2, None, 4, 1)),
        example({"size": 2, "data_format": "channels_first"}, (None, 1, 2, 3, 4)),
        example({"size": (2, 2)}, (None, 2, 3, 4, 1), raises=True),
        example({}, (None, 4, 5, 3), raises=True),
    ),
}

UP_SAMPLING_1D = LayerSpec(
    "UpSampling1D", signature(size=2), output=_up_sampling_1d_output,
    examples=(
        example({}, (None, 4, 3)),
        example({"size": 3}, (None, None, 3)),
        example({"size": 0}, (None, 4, 3), raises=True),
        example({"size": 2.0}, (None, 4, 3), raises=True),
        example({}, (None, 4), raises=True),
    ),
)
UP_SAMPLING_2D = _up_sampling_spec("UpSampling2D", 2, (2, 2), interpolation="nearest")
UP_SAMPLING_3D = _up_sampling_spec("UpSampling3D", 3, (2, 2, 2))


# ---- ZeroPadding and Cropping ------------------------------------------------------------------


def _zero_padding_1d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    fmt = data_format(config, "ZeroPadding1D")
    amounts = standard_tuple(config["padding"], 2, "ZeroPadding1D padding", allow_zero=True)
    return _spatial_spec_output("ZeroPadding1D", 1, {"data_format": fmt}, inputs,
                                lambda index, dim: _shifted(dim, amounts, 1))


def _zero_padding_spec(class_name: str, rank: int, default: Any) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        fmt = data_format(config, class_name)
        pairs = standard_pairs(config["padding"], rank, f"{class_name} padding", int_must_be_positive=False)
        shape = _spatial_spec_output(class_name, rank, {"data_format": fmt}, inputs,
                                     lambda index, dim: _shifted(dim, _pair(pairs, index), 1))
        # A negative padding that leaves a negative size: KerasTensor refuses the shape.
        if not isinstance(shape, Unknown) and any(isinstance(dim, int) and dim < 0 for dim in shape):
            raise BuildError("value", f"{class_name}: padding {config['padding']!r} leaves a negative size "
                                      f"{shape}")
        return shape

    return LayerSpec(class_name, signature(padding=default, data_format=None), output=output,
                     examples=_ZERO_PADDING_EXAMPLES[class_name])


def _pair(pairs: PairSizes, index: int) -> Sizes:
    return UNKNOWN if isinstance(pairs, Unknown) else pairs[index]


_ZERO_PADDING_EXAMPLES = {
    "ZeroPadding2D": (
        example({}, (None, 4, 5, 3)),
        example({"padding": 2}, (None, 4, None, 3)),
        example({"padding": (1, 2)}, (None, 4, 5, 3)),
        example({"padding": ((1, 2), (3, 0))}, (None, 4, 5, 3)),
        example({"padding": ((1, 2), 3)}, (None, 4, 5, 3)),
        example({"padding": ((1, 2), (3, 0)), "data_format": "channels_first"}, (None, 3, 4, 5)),
        example({"padding": -1}, (None, 4, 5, 3)),
        example({"padding": -3}, (None, 4, 5, 3), raises=True),
        example({"padding": (1, -1)}, (None, 4, 5, 3), raises=True),
        example({"padding": (1, 2, 3)}, (None, 4, 5, 3), raises=True),
        example({}, (None, 4, 3), raises=True),
    ),
    "ZeroPadding3D": (
        example({}, (None, 2, 3, 4, 1)),
        example({"padding": 2}, (None, 2, None, 4, 1)),
        example({"padding": (1, 0, 2)}, (None, 2, 3, 4, 1)),
        example({"padding": ((1, 0), (0, 2), 3), "data_format": "channels_first"}, (None, 1, 2, 3, 4)),
        example({"padding": ((1, 0), (0, 2))}, (None, 2, 3, 4, 1), raises=True),
        example({}, (None, 4, 5, 3), raises=True),
    ),
}

ZERO_PADDING_1D = LayerSpec(
    "ZeroPadding1D", signature(padding=1, data_format=None), output=_zero_padding_1d_output,
    examples=(
        example({}, (None, 4, 3)),
        example({"padding": (2, 0)}, (None, None, 3)),
        example({"padding": [1, 3]}, (None, 4, 3)),
        example({"padding": 2, "data_format": "channels_first"}, (None, 3, 4)),
        example({"padding": -1}, (None, 4, 3), raises=True),
        example({"padding": (1, 2, 3)}, (None, 4, 3), raises=True),
        example({"padding": ((1, 0), (2, 1))}, (None, 4, 3), raises=True),
        example({}, (None, 4, 3, 2), raises=True),
    ),
)
ZERO_PADDING_2D = _zero_padding_spec("ZeroPadding2D", 2, (1, 1))
ZERO_PADDING_3D = _zero_padding_spec("ZeroPadding3D", 3, ((1, 1), (1, 1), (1, 1)))


def _crop(class_name: str, dim: Dim, amounts: Sizes) -> Dim:
    """A cropped size: Keras raises when nothing would be left (cropping1d.py, cropping2d.py,
    cropping3d.py compute_output_shape)."""
    size = _shifted(dim, amounts, -1)
    if isinstance(size, int) and size <= 0:
        raise BuildError("value", f"{class_name}: cropping {amounts} must be smaller than the input "
                                  f"size {dim}")
    return size


def _cropping_1d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    amounts = standard_tuple(config["cropping"], 2, "Cropping1D cropping", allow_zero=True)
    shape = single(inputs)
    require_rank("Cropping1D", shape, ndim=3)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0], _crop("Cropping1D", shape[1], amounts), shape[2])


def _cropping_spec(class_name: str, rank: int, default: Any) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        fmt = data_format(config, class_name)
        pairs = standard_pairs(config["cropping"], rank, f"{class_name} cropping", int_must_be_positive=True)
        return _spatial_spec_output(class_name, rank, {"data_format": fmt}, inputs,
                                    lambda index, dim: _crop(class_name, dim, _pair(pairs, index)))

    return LayerSpec(class_name, signature(cropping=default, data_format=None), output=output,
                     examples=_CROPPING_EXAMPLES[class_name])


_CROPPING_EXAMPLES = {
    "Cropping2D": (
        example({}, (None, 4, 5, 3)),
        example({"cropping": 1}, (None, 4, None, 3)),
        example({"cropping": (1, 2)}, (None, 4, 5, 3)),
        example({"cropping": ((1, 2), (0, 3))}, (None, 4, 5, 3)),
        example({"cropping": ((1, 0), 2), "data_format": "channels_first"}, (None, 3, 4, 5)),
        example({"cropping": 2}, (None, 4, 5, 3), raises=True),
        example({"cropping": ((1, 1), (4, 1))}, (None, 4, 5, 3), raises=True),
        example({"cropping": -1}, (None, 4, 5, 3), raises=True),
        example({"cropping": (1, 2, 3)}, (None, 4, 5, 3), raises=True),
        example({}, (None, 4, 3), raises=True),
    ),
    "Cropping3D": (
        example({}, (None, 3, 4, 5, 1)),
        example({"cropping": 0}, (None, 1, None, 5, 1)),
        example({"cropping": (0, 1, 2)}, (None, 3, 4, 5, 1)),
        example({"cropping": ((1, 0), (0, 2), 1), "data_format": "channels_first"}, (None, 3, 8, 8, 8)),
        example({}, (None, 2, 4, 5, 1), raises=True),
        example({"cropping": ((1, 1), (1, 1))}, (None, 3, 4, 5, 1), raises=True),
        example({}, (None, 4, 5, 3), raises=True),
    ),
}

CROPPING_1D = LayerSpec(
    "Cropping1D", signature(cropping=(1, 1)), output=_cropping_1d_output,
    examples=(
        example({}, (None, 4, 3)),
        example({"cropping": (2, 0)}, (None, None, 3)),
        example({"cropping": 1}, (None, 5, 3)),
        example({"cropping": (2, 2)}, (None, 4, 3), raises=True),
        example({"cropping": -1}, (None, 4, 3), raises=True),
        example({"cropping": ((1, 0), (0, 2))}, (None, 5, 3), raises=True),
        example({}, (None, 4), raises=True),
    ),
)
CROPPING_2D = _cropping_spec("Cropping2D", 2, ((0, 0), (0, 0)))
CROPPING_3D = _cropping_spec("Cropping3D", 3, ((1, 1), (1, 1), (1, 1)))


SPECS = (FLATTEN, RESHAPE, REPEAT_VECTOR, PERMUTE, UP_SAMPLING_1D, UP_SAMPLING_2D, UP_SAMPLING_3D,
         ZERO_PADDING_1D, ZERO_PADDING_2D, ZERO_PADDING_3D, CROPPING_1D, CROPPING_2D, CROPPING_3D)
