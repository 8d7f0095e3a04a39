"""Convolutions and pooling (``keras/src/layers/convolutional``, ``layers/pooling``), with output
sizes from ``keras/src/ops/operation_utils.py`` (compute_conv_output_shape,
compute_pooling_output_shape)."""
from __future__ import annotations

from typing import Any, Dict, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.spec import (
    NO_MASKING, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskKind, MaskSupport, Weights, add_counts,
    as_tuple, lora_rank, mul_counts, require_rank, signature, single, size_or_unknown, with_lora,
)
from lstm_lint.values import UNKNOWN, Unknown

_CONV_TAIL: Dict[str, Any] = dict(
    activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
    kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
    bias_constraint=None,
)


def _channels_first(config: Config) -> Union[bool, Unknown]:
    data_format = config.get("data_format")
    if isinstance(data_format, Unknown):
        return UNKNOWN
    # None means the global image_data_format, "channels_last" unless the user configured Keras.
    return data_format == "channels_first"


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


def _conv_spec(class_name: str, rank: int) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        first = _channels_first(config)
        parts = _split(shape, rank, first)
        padding = config["padding"]
        if isinstance(padding, str):
            padding = padding.lower()  # standardize_padding
        if padding == "causal" and rank != 1:
            raise BuildError("value", f"{class_name} does not support padding='causal'")
        if isinstance(parts, Unknown):
            return UNKNOWN
        batch, spatial, _ = parts
        kernel = as_tuple(config["kernel_size"], rank)
        strides = as_tuple(config["strides"], rank)
        dilation = as_tuple(config["dilation_rate"], rank)
        if isinstance(kernel, Unknown) or isinstance(strides, Unknown) or isinstance(dilation, Unknown):
            new_spatial: Tuple[Dim, ...] = tuple(UNKNOWN for _ in spatial)
        else:
            new_spatial = tuple(
                _window_output(length, k, s, d, padding, class_name)
                for length, k, s, d in zip(spatial, kernel, strides, dilation)
            )
        assert not isinstance(first, Unknown)
        return _join(batch, new_spatial, size_or_unknown(config["filters"]), first)

    def weights(config: Config, inputs: ShapeTree) -> Weights:
        # base_conv.py build: kernel prod(kernel_size) x (in_channels / groups) x filters, bias (filters,)
        shape = single(inputs)
        first = _channels_first(config)
        parts = _split(shape, rank, first)
        kernel = as_tuple(config["kernel_size"], rank)
        filters = size_or_unknown(config["filters"])
        groups = config["groups"]
        use_bias = config["use_bias"]
        rank_of_lora = lora_rank(config, "kernel_constraint")
        if isinstance(parts, Unknown) or isinstance(kernel, Unknown) or isinstance(use_bias, Unknown) \
                or not isinstance(groups, int) or isinstance(rank_of_lora, Unknown):
            return UNKNOWN_WEIGHTS
        channels = parts[2]
        if channels is None:
            raise BuildError("size", f"{class_name} needs a known channel dimension, got None")
        if not isinstance(channels, int):
            return UNKNOWN_WEIGHTS
        if channels % groups:
            raise BuildError("value", f"{class_name}: input channels ({channels}) must be divisible "
                                      f"by groups ({groups})")
        kernel_size = product(kernel)
        if not isinstance(kernel_size, int):
            return UNKNOWN_WEIGHTS
        rows = kernel_size * (channels // groups)  # the kernel is (*kernel_size, channels / groups, filters)
        bias = filters if use_bias else 0
        if rank_of_lora is not None:
            return with_lora(rows, filters, bias, rank_of_lora)
        return Weights(add_counts(mul_counts(rows, filters), bias))

    ones = 1 if rank == 1 else (1,) * rank
    return LayerSpec(
        class_name,
        signature("filters", "kernel_size", strides=ones, padding="valid", data_format=None,
                  dilation_rate=ones, groups=1, **_CONV_TAIL),
        output=output,
        weights=weights,
        # BaseConv's own arguments, which Conv1D/Conv2D pass on through **kwargs.
        keyword_arguments=signature(lora_rank=None, lora_alpha=None),
    )


CONV1D = _conv_spec("Conv1D", 1)
CONV2D = _conv_spec("Conv2D", 2)


def _pooling_spec(class_name: str, rank: int, pool_default: Any) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        first = _channels_first(config)
        parts = _split(shape, rank, first)
        if isinstance(parts, Unknown):
            return UNKNOWN
        batch, spatial, channels = parts
        pool = as_tuple(config["pool_size"], rank)
        strides_value = config["strides"]
        strides = pool if strides_value is None else as_tuple(strides_value, rank)
        padding = config["padding"]
        if padding == "causal":  # compute_pooling_output_shape: only "valid" and "same" (case-sensitive)
            raise BuildError("value", f"{class_name}: padding must be 'valid' or 'same', got 'causal'")
        if isinstance(pool, Unknown) or isinstance(strides, Unknown):
            new_spatial: Tuple[Dim, ...] = tuple(UNKNOWN for _ in spatial)
        else:
            new_spatial = tuple(_window_output(length, p, s, 1, padding, class_name)
                                for length, p, s in zip(spatial, pool, strides))
        assert not isinstance(first, Unknown)
        return _join(batch, new_spatial, channels, first)

    # MaxPooling has a default pool size; AveragePooling requires one (Keras 3 signatures).
    pool_args: Dict[str, Any] = {} if pool_default is None else {"pool_size": pool_default}
    head: Tuple[str, ...] = ("pool_size",) if pool_default is None else ()
    return LayerSpec(
        class_name,
        signature(*head, **pool_args, strides=None, padding="valid", data_format=None, name=None),
        output=output,
    )


MAX_POOLING_1D = _pooling_spec("MaxPooling1D", 1, 2)
MAX_POOLING_2D = _pooling_spec("MaxPooling2D", 2, (2, 2))
AVERAGE_POOLING_1D = _pooling_spec("AveragePooling1D", 1, None)
AVERAGE_POOLING_2D = _pooling_spec("AveragePooling2D", 2, None)


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
    return LayerSpec(class_name, signature(data_format=None, keepdims=False), output=output, masking=masking)


GLOBAL_SPECS = tuple(
    _global_pooling_spec(f"Global{kind}Pooling{rank}D", rank)
    for kind in ("Average", "Max") for rank in (1, 2)
)

SPECS: Tuple[LayerSpec, ...] = (
    CONV1D, CONV2D, MAX_POOLING_1D, MAX_POOLING_2D, AVERAGE_POOLING_1D, AVERAGE_POOLING_2D,
) + GLOBAL_SPECS
