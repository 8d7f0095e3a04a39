"""Convolutions and pooling (``keras/src/layers/convolutional``, ``layers/pooling``), with output
sizes from ``keras/src/ops/operation_utils.py`` (compute_conv_output_shape,
compute_pooling_output_shape)."""
from __future__ import annotations

from typing import Any, Dict, NamedTuple, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.checks import Check, not_both_above_one, padding, positive_sizes
from lstm_lint.layers.spec import (
    NO_MASKING, UNKNOWN_WEIGHTS, BuildError, Config, Example, LayerSpec, MaskKind, MaskSupport, NumpyIntegers,
    Weights, add_counts, example, lora_rank, mul_counts, require_rank, signature, single, size_or_unknown, with_lora,
)
from lstm_lint.layers.spec import always_built
from lstm_lint.layers.traits import Trait
from lstm_lint.values import UNKNOWN, Formula, Unknown

_CONV_TAIL: Dict[str, Any] = dict(
    activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
    kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
    bias_constraint=None,
)


def _channels_first(config: Config) -> Union[bool, Unknown]:
    data_format = config.get("data_format")
    if data_format is None:
        # The global image_data_format, "channels_last" unless the user configured Keras.
        return False
    # standardize_data_format lowercases the name; it rejects any other value (not modelled here).
    name = data_format.lower() if isinstance(data_format, str) else data_format
    if name in ("channels_first", "channels_last"):
        return name == "channels_first"
    return UNKNOWN


def _split(shape: MaybeShape, rank: int, first: Union[bool, Unknown]
           ) -> Union[Tuple[Dim, Tuple[Dim, ...], Dim], Unknown]:
    """(batch, spatial dims, channels) of a ``rank``-D input, or UNKNOWN."""
    if isinstance(shape, Unknown) or isinstance(first, Unknown):
        return UNKNOWN
    if first:
        return shape[0], tuple(shape[2:]), shape[1]
    return shape[0], tuple(shape[1:-1]), shape[-1]


def _join(batch: Dim, spatial: Tuple[Dim, ...], channels: Dim, first: bool) -> MaybeShape:
    return (batch, channels) + spatial if first else (batch,) + spatial + (channels,)


def _window_output(length: Dim, window: Any, stride: Any, dilation: Any, padding: Any,
                   what: str) -> Dim:
    """One spatial size after a conv/pool window (``floor`` formulas of operation_utils)."""
    if length is None:
        return None
    if isinstance(length, Formula) and stride == 1 and padding in ("valid", "same", "causal") and all(
            isinstance(v, int) and not isinstance(v, bool) for v in (window, dilation)):
        # With stride 1 the floor divides by 1: the size is a polynomial of a run-time length.
        return length if padding != "valid" else add_counts(length, -dilation * (window - 1))
    if any(isinstance(v, Unknown) or not isinstance(v, int) for v in (length, window, stride, dilation)) \
            or isinstance(padding, Unknown):
        return UNKNOWN
    assert isinstance(length, int)
    if padding == "valid":
        size: int = (length - dilation * (window - 1) - 1) // stride + 1
        if size <= 0:
            dilation_text = f", dilation {dilation}" if dilation != 1 else ""
            raise BuildError("value", f"{what}: computed output size would be zero or negative "
                                      f"(length {length}, window {window}, stride {stride}{dilation_text})")
        return size
    if padding in ("same", "causal"):
        same_size: int = (length - 1) // stride + 1
        return same_size
    raise BuildError("value", f"{what}: padding must be 'valid' or 'same', got {padding!r}")


# ---- convolutions -------------------------------------------------------------------------------
# Keras's four convolution bases: BaseConv (Conv1D/2D/3D), BaseConvTranspose, BaseDepthwiseConv and
# BaseSeparableConv. Each spec checks what its constructor checks (a rejected value raises there, so
# the layer never builds), then sizes the output as compute_output_shape does and counts the weights
# build() creates.
CONV, TRANSPOSE, DEPTHWISE, SEPARABLE = "conv", "transpose", "depthwise", "separable"

Sizes = Union[Tuple[Dim, ...], Unknown]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _standardize_tuple(class_name: str, value: Any, rank: int, name: str, allow_zero: bool = False) -> Sizes:
    """``argument_validation.standardize_tuple``: an int repeated ``rank`` times, or a sequence of
    ``rank`` values, each > 0 (>= 0 with ``allow_zero``). Raises where Keras raises; a value or an
    element lstm-lint cannot read stays UNKNOWN."""
    if isinstance(value, Unknown):
        return UNKNOWN
    wrong = BuildError("value", f"{class_name}: {name} must be an integer or a tuple of {rank} integers, "
                                f"got {value!r}")
    bound = f"{class_name}: {name} values must be {'>= 0' if allow_zero else '> 0'}, got {value!r}"
    if _is_int(value) or isinstance(value, bool):
        values: Tuple[Any, ...] = (value,) * rank
    elif isinstance(value, (tuple, list)):
        if len(value) != rank:
            raise wrong
        values = tuple(value)
    elif value is None or isinstance(value, (float, str)):
        raise wrong  # neither an int nor a sequence of ints
    else:
        return UNKNOWN
    sizes = []
    for one in values:
        if one is None or isinstance(one, str):
            raise wrong  # int(None) fails; int("3") passes but "3" <= 0 does not compare
        if isinstance(one, (int, float)) and (one < 0 or (one == 0 and not allow_zero)):
            raise BuildError("value", bound)
        # True counts as 1 and a float is kept as it is: neither is an int size lstm-lint uses.
        sizes.append(one if _is_int(one) else UNKNOWN)
    return tuple(sizes)


def _standardize_padding(class_name: str, value: Any, allowed: Tuple[str, ...]) -> Union[str, Unknown]:
    """``standardize_padding`` (lowercased, one of ``allowed``). A list passes the constructor but
    compute_output_shape then rejects it, as every other non-string does in the constructor."""
    if isinstance(value, Unknown):
        return UNKNOWN
    expected = " or ".join(repr(one) for one in allowed)
    if isinstance(value, str):
        if value.lower() in allowed:
            return value.lower()
        raise BuildError("value", f"{class_name}: padding must be {expected}, got {value!r}")
    if value is None or isinstance(value, (int, float, tuple, list)):
        raise BuildError("value", f"{class_name}: padding must be {expected}, got {value!r}")
    return UNKNOWN


def _standardize_data_format(class_name: str, config: Config) -> Union[bool, Unknown]:
    """Whether the layer is channels_first; ``backend.standardize_data_format`` rejects any other
    value than the two formats (in any case)."""
    value = config.get("data_format")
    if isinstance(value, (str, int, float)) and str(value).lower() not in ("channels_first", "channels_last"):
        raise BuildError("value", f"{class_name}: data_format must be 'channels_first' or 'channels_last', "
                                  f"got {value!r}")
    return _channels_first(config)


def _positive(class_name: str, name: str, value: Any) -> Union[int, None, Unknown]:
    """A size the constructor checks with ``value is not None and value <= 0`` (filters,
    depth_multiplier): the int, None when None, UNKNOWN for any other value."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str) or (isinstance(value, (int, float)) and value <= 0):
        raise BuildError("value", f"{class_name}: {name}={value!r} must be a positive integer")
    return value if _is_int(value) else UNKNOWN


def _any_above_one(sizes: Sizes) -> bool:
    return not isinstance(sizes, Unknown) and any(_is_int(one) and one > 1 for one in sizes)  # type: ignore[operator]


class _Arguments(NamedTuple):
    """The constructor's arguments once it accepted them."""

    kernel: Sizes
    strides: Sizes
    dilation: Sizes
    padding: Union[str, Unknown]
    first: Union[bool, Unknown]
    filters: Union[int, None, Unknown]  # UNKNOWN for depthwise convolutions, which have none
    multiplier: Union[int, None, Unknown]  # depth_multiplier; 1 for the others
    output_padding: Union[Sizes, None]


def _conv_arguments(class_name: str, kind: str, rank: int, config: Config) -> _Arguments:
    """What the constructors check, in their order; raises BuildError("value") where they raise."""
    kernel = _standardize_tuple(class_name, config["kernel_size"], rank, "kernel_size")
    strides = _standardize_tuple(class_name, config["strides"], rank, "strides")
    dilation = _standardize_tuple(class_name, config["dilation_rate"], rank, "dilation_rate")
    # Only BaseConv of rank 1 allows "causal" (standardize_padding(padding, allow_causal=rank == 1)).
    allowed = ("valid", "same", "causal") if kind == CONV and rank == 1 else ("valid", "same")
    padding = _standardize_padding(class_name, config["padding"], allowed)
    output_padding: Union[Sizes, None] = None
    if kind == TRANSPOSE and config["output_padding"] is not None:
        output_padding = _standardize_tuple(class_name, config["output_padding"], rank, "output_padding",
                                            allow_zero=True)
    first = _standardize_data_format(class_name, config)
    filters: Union[int, None, Unknown] = UNKNOWN
    multiplier: Union[int, None, Unknown] = 1
    if kind in (DEPTHWISE, SEPARABLE):
        multiplier = _positive(class_name, "depth_multiplier", config["depth_multiplier"])
    if kind != DEPTHWISE:
        filters = _positive(class_name, "filters", config["filters"])
    if kind == CONV:
        groups = config["groups"]
        if groups is None or isinstance(groups, str) or (isinstance(groups, (int, float)) and groups <= 0):
            raise BuildError("value", f"{class_name}: groups={groups!r} must be a positive integer")
        if _is_int(filters) and _is_int(groups) and filters % groups:
            raise BuildError("value", f"{class_name}: filters ({filters}) must be divisible by groups ({groups})")
    if kind == TRANSPOSE and not isinstance(output_padding, (Unknown, type(None))) \
            and not isinstance(strides, Unknown):
        for extra, stride in zip(output_padding, strides):
            if _is_int(extra) and _is_int(stride) and extra >= stride:  # type: ignore[operator]
                raise BuildError("value", f"{class_name}: output_padding {config['output_padding']!r} must be "
                                          f"smaller than strides {config['strides']!r} on every axis")
    # Depthwise and separable convolutions do not check this (their output shape is computed anyway).
    if kind in (CONV, TRANSPOSE) and _any_above_one(strides) and _any_above_one(dilation):
        raise BuildError("value", f"{class_name}: strides={config['strides']!r} and "
                                  f"dilation_rate={config['dilation_rate']!r} cannot both be above 1")
    return _Arguments(kernel, strides, dilation, padding, first, filters, multiplier, output_padding)


def _known_channels(class_name: str, channels: Dim) -> Union[int, Unknown]:
    """The input's channel count: build() makes weights of it, and fails on None."""
    if channels is None:
        raise BuildError("size", f"{class_name} needs a known channel dimension, got None")
    return channels if _is_int(channels) or isinstance(channels, Formula) else UNKNOWN


def _undefined(class_name: str, name: str) -> BuildError:
    # Allowed by the constructor, but then a dimension of a weight's shape: add_weight rejects it.
    return BuildError("value", f"{class_name}: {name}=None leaves a weight's shape undefined")


def _transpose_output(length: Dim, kernel: Dim, stride: Dim, dilation: Dim, padding: Union[str, Unknown],
                      extra: Union[Dim, None]) -> Dim:
    """backend_utils._get_output_shape_given_tf_padding: one spatial size of a transposed convolution
    (``extra``: its output_padding, None when not given)."""
    if length is None:
        return None
    if not all(_is_int(one) for one in (length, kernel, stride, dilation)) or isinstance(padding, Unknown) \
            or isinstance(extra, Unknown):
        return UNKNOWN
    assert isinstance(length, int) and isinstance(kernel, int) and isinstance(stride, int) \
        and isinstance(dilation, int)
    window = (kernel - 1) * dilation + 1
    if padding == "valid":
        size = (length - 1) * stride + window + (max(window, stride) - window if extra is None else extra)
    elif extra is None:
        size = length * stride
    else:
        size = (length - 1) * stride + window % 2 + extra
    # Only an empty input gives a negative size; whether Keras accepts that shape is not modelled.
    return size if size >= 0 else UNKNOWN


_CONV_EXAMPLES: Dict[str, Tuple[Example, ...]] = {
    "Conv1D": (
        example({"filters": 4, "kernel_size": 3}, (None, 10, 2)),
        example({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, 11, 2)),
        example({"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (None, 10, 2)),
        example({"filters": 6, "kernel_size": 3, "groups": 2, "use_bias": False}, (None, None, 4)),
        example({"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, (None, 2, 10)),
        example({"filters": 4, "kernel_size": 3, "data_format": "Channels_First", "padding": "SAME"}, (None, 2, 10)),
        example({"filters": 4, "kernel_size": 3, "lora_rank": 2}, (None, 10, 2)),
        example({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 10, 2), raises=True),
        example({"filters": 5, "kernel_size": 3, "groups": 2}, (None, 10, 4), raises=True),
        example({"filters": 4, "kernel_size": 3, "groups": 2}, (None, 10, 3), raises=True),
        example({"filters": 4, "kernel_size": 5}, (None, 3, 2), raises=True),
        example({"filters": 4, "kernel_size": 3}, (None, 10, None), raises=True),
        example({"filters": 4, "kernel_size": 3, "data_format": "channels_middle"}, (None, 10, 2), raises=True),
    ),
    "Conv2D": (
        example({"filters": 4, "kernel_size": 3}, (None, 8, 8, 3)),
        example({"filters": 4, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"}, (None, 9, 8, 3)),
        example({"filters": 4, "kernel_size": 3, "dilation_rate": 2}, (None, 9, None, 3)),
        example({"filters": 6, "kernel_size": 3, "groups": 3}, (None, 8, 8, 3)),
        example({"filters": 4, "kernel_size": 3, "data_format": "channels_first", "strides": 2}, (None, 3, 9, 8)),
        example({"filters": 4, "kernel_size": 1, "use_bias": False}, (None, 8, 8, 3)),
        example({"filters": 4, "kernel_size": 3, "padding": "causal"}, (None, 8, 8, 3), raises=True),
        example({"filters": 4, "kernel_size": 3, "strides": (1, 2), "dilation_rate": (2, 1)}, (None, 8, 8, 3),
                raises=True),
        example({"filters": 4, "kernel_size": 3, "groups": 3}, (None, 8, 8, 3), raises=True),
        example({"filters": 4, "kernel_size": (3, 3, 3)}, (None, 8, 8, 3), raises=True),
        example({"filters": 4, "kernel_size": 3}, (None, 8, 3), raises=True),
    ),
    "Conv3D": (
        example({"filters": 4, "kernel_size": 3}, (None, 6, 6, 6, 2)),
        example({"filters": 4, "kernel_size": (3, 1, 2), "strides": 2, "padding": "same"}, (None, 7, 6, None, 2)),
        example({"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, (None, 2, 6, 5, 4)),
        example({"filters": 4, "kernel_size": 2, "groups": 2, "dilation_rate": (1, 2, 1)}, (None, 6, 6, 6, 2)),
        example({"filters": 4, "kernel_size": 2, "lora_rank": 1, "use_bias": False}, (None, 4, 4, 4, 3)),
        example({"filters": 4, "kernel_size": 3}, (None, 6, 6, 2), raises=True),
        example({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 9, 9, 9, 2), raises=True),
        example({"filters": 4, "kernel_size": 3, "padding": "causal"}, (None, 6, 6, 6, 2), raises=True),
        example({"filters": 4, "kernel_size": 4}, (None, 6, 3, 6, 2), raises=True),
    ),
    "Conv1DTranspose": (
        example({"filters": 2, "kernel_size": 3}, (None, 5, 3)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, 5, 3)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1}, (None, 5, 3)),
        example({"filters": 2, "kernel_size": 4, "strides": 3, "padding": "same", "output_padding": 2}, (None, 5, 3)),
        example({"filters": 2, "kernel_size": 1, "strides": 3}, (None, None, 3)),
        example({"filters": 2, "kernel_size": 3, "dilation_rate": 2, "use_bias": False}, (None, 5, 3)),
        example({"filters": 2, "kernel_size": 3, "data_format": "channels_first"}, (None, 3, 5)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2}, (None, 5, 3), raises=True),
        example({"filters": 2, "kernel_size": 3, "padding": "causal"}, (None, 5, 3), raises=True),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 5, 3), raises=True),
        example({"filters": 2, "kernel_size": 3}, (None, 5, None), raises=True),
        example({"filters": 2, "kernel_size": 3}, (None, 5), raises=True),
    ),
    "Conv2DTranspose": (
        example({"filters": 2, "kernel_size": 3}, (None, 5, 6, 3)),
        example({"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same", "output_padding": 1},
                (None, 5, 6, 3)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": (1, 0)}, (None, 5, None, 3)),
        example({"filters": 2, "kernel_size": (3, 2), "dilation_rate": (2, 1)}, (None, 5, 6, 3)),
        example({"filters": 2, "kernel_size": 3, "strides": (2, 1), "data_format": "channels_first",
                 "use_bias": False}, (None, 3, 5, 6)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": (1, 2)}, (None, 5, 6, 3),
                raises=True),
        example({"filters": 0, "kernel_size": 3}, (None, 5, 6, 3), raises=True),
        example({"filters": 2, "kernel_size": 3}, (None, 5, 6, 3, 2), raises=True),
    ),
    "Conv3DTranspose": (
        example({"filters": 2, "kernel_size": 3}, (None, 4, 4, 4, 3)),
        example({"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"}, (None, 4, None, 3, 3)),
        example({"filters": 2, "kernel_size": 3, "strides": (2, 1, 3), "output_padding": (1, 0, 2)},
                (None, 4, 4, 4, 3)),
        example({"filters": 2, "kernel_size": 3, "data_format": "channels_first"}, (None, 3, 4, 5, 6)),
        example({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2}, (None, 4, 4, 4, 3),
                raises=True),
        example({"filters": 2, "kernel_size": 3, "padding": "full"}, (None, 4, 4, 4, 3), raises=True),
    ),
    "DepthwiseConv1D": (
        example({"kernel_size": 3}, (None, 10, 4)),
        example({"kernel_size": 3, "depth_multiplier": 3, "strides": 2, "padding": "same"}, (None, 11, 4)),
        example({"kernel_size": 3, "data_format": "channels_first", "use_bias": False}, (None, 4, 10)),
        # Unlike Conv1D, no check of strides together with dilation: Keras builds it.
        example({"kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 15, 3)),
        example({"kernel_size": 3, "depth_multiplier": 0}, (None, 10, 4), raises=True),
        example({"kernel_size": 3, "padding": "causal"}, (None, 10, 4), raises=True),
        example({"kernel_size": 5}, (None, 3, 4), raises=True),
        example({"kernel_size": 3}, (None, 10, None), raises=True),
    ),
    "DepthwiseConv2D": (
        example({"kernel_size": 3}, (None, 8, 8, 3)),
        example({"kernel_size": (3, 1), "depth_multiplier": 2, "strides": (2, 1)}, (None, 9, None, 3)),
        example({"kernel_size": 3, "padding": "same", "data_format": "channels_first"}, (None, 3, 7, 8)),
        example({"kernel_size": 3, "strides": 2, "dilation_rate": 2, "use_bias": False}, (None, 15, 15, 3)),
        example({"kernel_size": 3, "depth_multiplier": -1}, (None, 8, 8, 3), raises=True),
        example({"kernel_size": 0}, (None, 8, 8, 3), raises=True),
        example({"kernel_size": 3}, (None, 8, 3), raises=True),
    ),
    "SeparableConv1D": (
        example({"filters": 4, "kernel_size": 3}, (None, 10, 3)),
        example({"filters": 4, "kernel_size": 3, "depth_multiplier": 2, "padding": "same", "strides": 2},
                (None, 11, 3)),
        example({"filters": 4, "kernel_size": 3, "data_format": "channels_first", "use_bias": False}, (None, 3, 10)),
        example({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 15, 3)),
        example({"filters": 0, "kernel_size": 3}, (None, 10, 3), raises=True),
        example({"filters": 4, "kernel_size": 3, "padding": "causal"}, (None, 10, 3), raises=True),
        example({"filters": 4, "kernel_size": 5}, (None, 3, 3), raises=True),
        example({"filters": 4, "kernel_size": 3}, (None, 10, None), raises=True),
    ),
    "SeparableConv2D": (
        example({"filters": 4, "kernel_size": 3}, (None, 8, 8, 3)),
        example({"filters": 4, "kernel_size": (3, 2), "depth_multiplier": 3, "dilation_rate": (1, 2)},
                (None, 8, None, 3)),
        example({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"},
                (None, 3, 9, 8)),
        example({"filters": 4, "kernel_size": 1, "use_bias": False}, (None, 8, 8, 3)),
        example({"filters": 4, "kernel_size": 3, "depth_multiplier": 0}, (None, 8, 8, 3), raises=True),
        example({"filters": 4, "kernel_size": 3, "strides": (2, 2, 2)}, (None, 8, 8, 3), raises=True),
        example({"filters": 4, "kernel_size": 3}, (None, 8, 8, 8, 3), raises=True),
    ),
}


def _conv_family_spec(class_name: str, kind: str, rank: int) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        arguments = _conv_arguments(class_name, kind, rank, config)
        shape = single(inputs)
        # InputSpec(min_ndim=rank + 2); compute_output_shape then fails on a longer shape.
        require_rank(class_name, shape, ndim=rank + 2)
        parts = _split(shape, rank, arguments.first)
        if isinstance(parts, Unknown):
            return UNKNOWN
        batch, spatial, channels = parts
        known_channels = _known_channels(class_name, channels)
        if arguments.filters is None or arguments.multiplier is None:
            raise _undefined(class_name, "filters" if arguments.filters is None else "depth_multiplier")
        kernel, strides, dilation = arguments.kernel, arguments.strides, arguments.dilation
        if isinstance(kernel, Unknown) or isinstance(strides, Unknown) or isinstance(dilation, Unknown) \
                or isinstance(arguments.output_padding, Unknown):
            new_spatial: Tuple[Dim, ...] = tuple(UNKNOWN for _ in spatial)
        elif kind == TRANSPOSE:
            extras: Tuple[Union[Dim, None], ...] = arguments.output_padding or (None,) * rank
            new_spatial = tuple(_transpose_output(length, k, s, d, arguments.padding, extra)
                                for length, k, s, d, extra in zip(spatial, kernel, strides, dilation, extras))
        else:
            new_spatial = tuple(_window_output(length, k, s, d, arguments.padding, class_name)
                                for length, k, s, d in zip(spatial, kernel, strides, dilation))
        if kind == DEPTHWISE:  # depth_multiplier output channels per input channel
            out_channels: Dim = mul_counts(known_channels, arguments.multiplier)
        else:
            out_channels = size_or_unknown(arguments.filters)
        assert not isinstance(arguments.first, Unknown)
        return _join(batch, new_spatial, out_channels, arguments.first)

    def weights(config: Config, inputs: ShapeTree) -> Weights:
        arguments = _conv_arguments(class_name, kind, rank, config)
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        parts = _split(shape, rank, arguments.first)
        if isinstance(parts, Unknown):
            return UNKNOWN_WEIGHTS
        channels = _known_channels(class_name, parts[2])
        filters, multiplier = arguments.filters, arguments.multiplier
        if filters is None or multiplier is None:
            raise _undefined(class_name, "filters" if filters is None else "depth_multiplier")
        use_bias = config["use_bias"]
        window = UNKNOWN if isinstance(arguments.kernel, Unknown) else product(arguments.kernel)
        # A run-time channel count (a formula) gives formulas, except where a division by groups
        # would be needed.
        if (isinstance(channels, Unknown) and not isinstance(channels, Formula)) or isinstance(use_bias, Unknown) \
                or not _is_int(window):
            return UNKNOWN_WEIGHTS
        assert isinstance(window, int)
        if kind == CONV:
            # base_conv.py: kernel (*kernel_size, channels / groups, filters), bias (filters,).
            groups, rank_of_lora = config["groups"], lora_rank(config, "kernel_constraint")
            if not _is_int(groups) or isinstance(rank_of_lora, Unknown):
                return UNKNOWN_WEIGHTS
            if isinstance(channels, Formula):
                if groups != 1 or rank_of_lora is not None:
                    return UNKNOWN_WEIGHTS
                rows: Any = mul_counts(window, channels)
            else:
                if channels % groups:
                    raise BuildError("value", f"{class_name}: input channels ({channels}) must be divisible "
                                              f"by groups ({groups})")
                rows = window * (channels // groups)
            bias = filters if use_bias else 0
            if rank_of_lora is not None:
                return with_lora(rows, size_or_unknown(filters), bias, rank_of_lora)
            return Weights(add_counts(mul_counts(rows, filters), bias))
        if kind == TRANSPOSE:
            # base_conv_transpose.py: kernel (*kernel_size, filters, channels), bias (filters,).
            return Weights(add_counts(mul_counts(mul_counts(window, channels), filters), filters if use_bias else 0))
        # base_depthwise_conv.py / base_separable_conv.py: a depthwise kernel (*kernel_size, channels,
        # depth_multiplier); separable adds a pointwise kernel (1..., channels * depth_multiplier, filters).
        depthwise = mul_counts(mul_counts(window, channels), multiplier)
        if kind == DEPTHWISE:
            return Weights(add_counts(depthwise, mul_counts(channels, multiplier) if use_bias else 0))
        pointwise = mul_counts(mul_counts(channels, multiplier), filters)
        return Weights(add_counts(add_counts(depthwise, pointwise), filters if use_bias else 0))

    ones: Any = 1 if rank == 1 else (1,) * rank
    head: Dict[str, Any] = dict(strides=ones, padding="valid")
    if kind == CONV:
        middle: Dict[str, Any] = dict(data_format=None, dilation_rate=ones, groups=1)
    elif kind == TRANSPOSE:
        # Conv3DTranspose alone takes data_format before output_padding.
        middle = dict(data_format=None, output_padding=None) if rank == 3 else \
            dict(output_padding=None, data_format=None)
        middle["dilation_rate"] = ones
    elif kind == DEPTHWISE:
        middle = dict(depth_multiplier=1, data_format=None, dilation_rate=ones)
    else:
        middle = dict(data_format=None, dilation_rate=ones, depth_multiplier=1)
    if kind in (CONV, TRANSPOSE):
        tail = _CONV_TAIL
    elif kind == DEPTHWISE:
        tail = dict(activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                    bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                    activity_regularizer=None, depthwise_constraint=None, bias_constraint=None)
    else:
        tail = dict(activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                    pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                    pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                    depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None)
    required = ("kernel_size",) if kind == DEPTHWISE else ("filters", "kernel_size")
    return LayerSpec(
        class_name,
        signature(*required, **head, **middle, **tail),
        output=output,
        weights=weights,
        # BaseConv's own arguments, which Conv1D/2D/3D pass on through **kwargs.
        keyword_arguments=signature(lora_rank=None, lora_alpha=None) if kind == CONV else (),
        examples=_CONV_EXAMPLES[class_name],
        # standardize_tuple: an int is repeated, anything else must be a sequence of ints.
        numpy_integers=_numpy_integers(kind, (*required, *head, *middle), _CONV_EXAMPLES[class_name]),
        traits=frozenset({Trait.OUTPUT_ACTIVATION, Trait.CHANNEL_BIAS, Trait.DATA_FORMAT}),
        checks=_conv_checks(class_name, kind),
    )


def _numpy_integers(kind: str, arguments: Tuple[str, ...], examples: Tuple[Example, ...]) -> NumpyIntegers:
    """Sizes the layer computes with take a NumPy integer; a window, stride, dilation or padding
    given as one is not an int to ``standardize_tuple``, which then wants a tuple of them. Declared
    for the arguments an example gives an int, which the test of the declarations builds in Keras
    (the others stay unknown)."""
    def shown(name: str) -> bool:
        return any(isinstance(case.config.get(name), int) and not case.raises for case in examples)

    windows = tuple(name for name in ("kernel_size", "strides", "dilation_rate", "output_padding")
                    if name in arguments and shown(name))
    counts = tuple(name for name in ("filters", "groups", "depth_multiplier") + (("lora_rank",) if kind == CONV else ())
                   if (name in arguments or name == "lora_rank") and shown(name))
    return NumpyIntegers(accepted=counts, refused=windows, accepted_in_sequences=windows)


def _conv_checks(class_name: str, kind: str) -> Tuple[Check, ...]:
    """What the constructors check (base_conv.py, base_conv_transpose.py, base_depthwise_conv.py,
    base_separable_conv.py): sizes, ``standardize_padding`` (only Conv1D allows "causal"), and,
    outside depthwise and separable convolutions, strides and dilation not both above 1."""
    sizes = {CONV: ("filters",), TRANSPOSE: ("filters",), DEPTHWISE: ("depth_multiplier",),
             SEPARABLE: ("filters", "depth_multiplier")}[kind]
    allowed = ("valid", "same", "causal") if class_name == "Conv1D" else ("valid", "same")
    checks: Tuple[Check, ...] = (positive_sizes(*sizes), padding(*allowed))
    if kind in (CONV, TRANSPOSE):
        checks += (not_both_above_one("strides", "dilation_rate"),)
    return checks


CONV1D = _conv_family_spec("Conv1D", CONV, 1)
CONV2D = _conv_family_spec("Conv2D", CONV, 2)
CONV3D = _conv_family_spec("Conv3D", CONV, 3)
CONV1D_TRANSPOSE = _conv_family_spec("Conv1DTranspose", TRANSPOSE, 1)
CONV2D_TRANSPOSE = _conv_family_spec("Conv2DTranspose", TRANSPOSE, 2)
CONV3D_TRANSPOSE = _conv_family_spec("Conv3DTranspose", TRANSPOSE, 3)
DEPTHWISE_CONV1D = _conv_family_spec("DepthwiseConv1D", DEPTHWISE, 1)
DEPTHWISE_CONV2D = _conv_family_spec("DepthwiseConv2D", DEPTHWISE, 2)
SEPARABLE_CONV1D = _conv_family_spec("SeparableConv1D", SEPARABLE, 1)
SEPARABLE_CONV2D = _conv_family_spec("SeparableConv2D", SEPARABLE, 2)
CONV_SPECS = (CONV1D, CONV2D, CONV3D, CONV1D_TRANSPOSE, CONV2D_TRANSPOSE, CONV3D_TRANSPOSE, DEPTHWISE_CONV1D,
              DEPTHWISE_CONV2D, SEPARABLE_CONV1D, SEPARABLE_CONV2D)


def _global_pooling_spec(class_name: str, rank: int) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        first = _channels_first(config)
        parts = _split(shape, rank, first)
        keepdims = config["keepdims"]
        if isinstance(parts, Unknown) or isinstance(keepdims, Unknown):
            return UNKNOWN
        batch, spatial, channels = parts
        assert not isinstance(first, Unknown)
        if keepdims:
            return _join(batch, (1,) * len(spatial), channels, first)
        return (batch, channels)

    # GlobalAveragePooling1D averages over the unmasked steps only (its call takes the mask) and
    # returns no mask; the other global poolings drop the mask.
    masking = MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.NONE) \
        if class_name == "GlobalAveragePooling1D" else NO_MASKING
    return LayerSpec(class_name, signature(data_format=None, keepdims=False), output=output, masking=masking,
                     built_at_construction=always_built)


GLOBAL_SPECS = tuple(
    _global_pooling_spec(f"Global{kind}Pooling{rank}D", rank)
    for kind in ("Average", "Max") for rank in (1, 2)
)

SPECS: Tuple[LayerSpec, ...] = CONV_SPECS + GLOBAL_SPECS
