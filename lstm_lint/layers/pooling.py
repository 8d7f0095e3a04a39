"""Pooling (``keras/src/layers/pooling``): Max/AveragePooling in 1, 2 and 3 dimensions (one
``BasePooling`` factory for every rank), the 3-D global forms, and AdaptiveAverage/AdaptiveMax
pooling in 1, 2 and 3 dimensions. No weights, no masks. (The 1-D and 2-D global poolings, which
handle masks, are in ``conv.py``.)"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from lstm_lint.graph.shapes import Dim, ShapeTree
from lstm_lint.layers.conv import _window_output
from lstm_lint.layers.reshaping import Sizes, data_format, spatial_axes, standard_tuple
from lstm_lint.layers.spec import BuildError, Config, LayerSpec, example, require_rank, signature, single
from lstm_lint.layers.spec import always_built
from lstm_lint.values import UNKNOWN, Unknown


def _pooling_spec(class_name: str, rank: int, pool_default: Any) -> LayerSpec:
    """``BasePooling``: the constructor standardizes pool_size (each >= 1), strides (pool_size when
    None; each >= 0) and data_format; ``compute_pooling_output_shape`` then takes only "valid" and
    "same" (case-sensitive) and divides by each stride, so a stride of 0 raises there."""
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        pool = standard_tuple(config["pool_size"], rank, f"{class_name} pool_size", allow_zero=False)
        strides_value = config["strides"]
        strides = standard_tuple(config["pool_size"] if strides_value is None else strides_value, rank,
                                 f"{class_name} strides", allow_zero=True)
        fmt = data_format(config, class_name)
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        padding = config["padding"]
        if not isinstance(padding, Unknown) and padding not in ("valid", "same"):
            raise BuildError("value", f"{class_name}: padding must be 'valid' or 'same', got {padding!r}")
        if not isinstance(strides, Unknown) and any(stride == 0 for stride in strides if isinstance(stride, int)):
            raise BuildError("value", f"{class_name}: strides {strides_value!r} hold a 0 (Keras divides by it)")
        if isinstance(shape, Unknown):
            return UNKNOWN
        if isinstance(fmt, Unknown):
            return (shape[0],) + (UNKNOWN,) * (rank + 1)
        result: List[Dim] = list(shape)
        for index, axis in enumerate(spatial_axes(shape, rank, fmt == "channels_first")):
            window = UNKNOWN if isinstance(pool, Unknown) else pool[index]
            stride = UNKNOWN if isinstance(strides, Unknown) else strides[index]
            result[axis] = _window_output(shape[axis], window, stride, 1, padding, class_name)
        return tuple(result)

    pool_args: Dict[str, Any] = {} if pool_default is None else {"pool_size": pool_default}
    head: Tuple[str, ...] = ("pool_size",) if pool_default is None else ()
    return LayerSpec(
        class_name,
        signature(*head, **pool_args, strides=None, padding="valid", data_format=None, name=None),
        output=output,
        examples=_POOLING_EXAMPLES.get(class_name, ()),
        built_at_construction=always_built,
    )


_POOLING_EXAMPLES = {
    "MaxPooling3D": (
        example({}, (None, 4, 5, 6, 3)),
        example({"pool_size": 3, "strides": 1}, (None, 4, None, 6, 3)),
        example({"pool_size": (2, 1, 3), "strides": (1, 2, 3), "padding": "same"}, (None, 4, 5, 7, 3)),
        example({"pool_size": 2, "data_format": "channels_first"}, (None, 3, 4, 5, 6)),
        example({"pool_size": 3}, (None, 2, 5, 6, 3), raises=True),
        example({"padding": "SAME"}, (None, 4, 5, 6, 3), raises=True),
        example({"strides": (1, 0, 1)}, (None, 4, 5, 6, 3), raises=True),
        example({"pool_size": (2, 2)}, (None, 4, 5, 6, 3), raises=True),
        example({}, (None, 4, 5, 3), raises=True),
    ),
    "AveragePooling3D": (
        example({"pool_size": 2}, (None, 4, 5, 6, 3)),
        example({"pool_size": (1, 2, 3), "strides": 2, "padding": "same"}, (None, 4, None, 7, 3)),
        example({"pool_size": (3, 2, 1), "data_format": "channels_first"}, (None, 3, 4, 5, 6)),
        example({"pool_size": 0}, (None, 4, 5, 6, 3), raises=True),
        example({"pool_size": 5}, (None, 4, 5, 6, 3), raises=True),
        example({"pool_size": 2}, (None, 4, 5, 3), raises=True),
    ),
}

# MaxPooling has a default pool size; AveragePooling requires one (Keras 3 signatures).
MAX_POOLING_1D = _pooling_spec("MaxPooling1D", 1, 2)
MAX_POOLING_2D = _pooling_spec("MaxPooling2D", 2, (2, 2))
AVERAGE_POOLING_1D = _pooling_spec("AveragePooling1D", 1, None)
AVERAGE_POOLING_2D = _pooling_spec("AveragePooling2D", 2, None)
MAX_POOLING_3D = _pooling_spec("MaxPooling3D", 3, (2, 2, 2))
AVERAGE_POOLING_3D = _pooling_spec("AveragePooling3D", 3, None)


def _global_pooling_spec(class_name: str, rank: int) -> LayerSpec:
    """``BaseGlobalPooling.compute_output_shape``."""
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        fmt = data_format(config, class_name)
        shape = single(inputs)
        require_rank(class_name, shape, ndim=rank + 2)
        keepdims = config["keepdims"]
        if isinstance(shape, Unknown) or isinstance(fmt, Unknown) or isinstance(keepdims, Unknown):
            return UNKNOWN
        channels = shape[1] if fmt == "channels_first" else shape[-1]
        if not keepdims:
            return (shape[0], channels)
        ones: Tuple[Dim, ...] = (1,) * rank
        return (shape[0], channels) + ones if fmt == "channels_first" else (shape[0],) + ones + (channels,)

    return LayerSpec(class_name, signature(data_format=None, keepdims=False), output=output,
                     examples=_GLOBAL_EXAMPLES, built_at_construction=always_built)


_GLOBAL_EXAMPLES = (
    example({}, (None, 4, 5, 6, 3)),
    example({"keepdims": True}, (None, 4, None, 6, 3)),
    example({"data_format": "channels_first"}, (None, 3, 4, 5, 6)),
    example({"data_format": "channels_first", "keepdims": True}, (None, 3, 4, 5, 6)),
    example({"data_format": "channels_up"}, (None, 4, 5, 6, 3), raises=True),
    example({}, (None, 4, 5, 3), raises=True),
)

GLOBAL_MAX_POOLING_3D = _global_pooling_spec("GlobalMaxPooling3D", 3)
GLOBAL_AVERAGE_POOLING_3D = _global_pooling_spec("GlobalAveragePooling3D", 3)


def _output_sizes(class_name: str, rank: int, value: Any) -> Sizes:
    """The constructor's ``output_size``: an int repeated, or a tuple or list of ``rank`` values. The
    sizes are not checked there; the output KerasTensor then refuses a negative one, a float or a
    str, and takes None (any size) and a bool (as 0 or 1)."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, int):
        items: Tuple[Any, ...] = (value,) * rank
    elif isinstance(value, (tuple, list)) and len(value) == rank:
        items = tuple(value)
    elif isinstance(value, (tuple, list)) or value is None or isinstance(value, (float, str)):
        raise BuildError("value", f"{class_name}: output_size must be an int or a tuple of {rank} ints, "
                                  f"got {value!r}")
    else:
        return UNKNOWN
    sizes: List[Dim] = []
    for item in items:
        if item is None or isinstance(item, Unknown):
            sizes.append(item)
        elif isinstance(item, int) and item >= 0:
            sizes.append(int(item))
        elif isinstance(item, (int, float, str)):
            raise BuildError("value", f"{class_name}: output_size {value!r} is not a shape (sizes must be "
                                      "ints >= 0 or None)")
        else:
            sizes.append(UNKNOWN)
    return tuple(sizes)


def _adaptive_spec(class_name: str, rank: int) -> LayerSpec:
    """``BaseAdaptivePooling``: no InputSpec, so no rank check; the output is the batch size,
    ``output_size`` and the channels (the input's last axis, or its second with channels_first)
    whatever the input's rank. Its data_format is not lowercased, unlike other layers'."""
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        sizes = _output_sizes(class_name, rank, config["output_size"])
        fmt = config.get("data_format")
        if fmt is None:
            fmt = "channels_last"
        elif isinstance(fmt, Unknown) or not isinstance(fmt, str) or fmt == "":
            fmt = UNKNOWN  # "" falls back on the global format too (``data_format or ...``)
        elif fmt not in ("channels_first", "channels_last"):
            raise BuildError("value", f"{class_name}: data_format must be 'channels_first' or "
                                      f"'channels_last', got {fmt!r}")
        shape = single(inputs)
        spatial: Tuple[Dim, ...] = (UNKNOWN,) * rank if isinstance(sizes, Unknown) else sizes
        if isinstance(shape, Unknown) or not shape or isinstance(fmt, Unknown):
            return UNKNOWN
        if fmt == "channels_first":
            if len(shape) < 2:
                return UNKNOWN  # input_shape[1] fails
            return (shape[0], shape[1]) + spatial
        return (shape[0],) + spatial + (shape[-1],)

    return LayerSpec(class_name, signature("output_size", data_format=None), output=output,
                     examples=_ADAPTIVE_EXAMPLES[rank])


_ADAPTIVE_EXAMPLES: Dict[int, Tuple[Any, ...]] = {
    1: (
        example({"output_size": 2}, (None, 8, 3)),
        example({"output_size": [4]}, (None, None, 3)),
        example({"output_size": 16}, (None, 8, 3)),
        example({"output_size": 3, "data_format": "channels_first"}, (None, 3, 8)),
        example({"output_size": (2, 2)}, (None, 8, 3), raises=True),
        example({"output_size": -1}, (None, 8, 3), raises=True),
        example({"output_size": 2, "data_format": "Channels_First"}, (None, 3, 8), raises=True),
    ),
    2: (
        example({"output_size": 2}, (None, 8, 8, 3)),
        example({"output_size": (3, 1)}, (None, None, 8, 3)),
        example({"output_size": (2, 3), "data_format": "channels_first"}, (None, 3, 8, 8)),
        example({"output_size": 2}, (None, 8, 3)),
        example({"output_size": (2, 2, 2)}, (None, 8, 8, 3), raises=True),
        example({"output_size": (2, 1.5)}, (None, 8, 8, 3), raises=True),
    ),
    3: (
        example({"output_size": 2}, (None, 8, 8, 8, 3)),
        example({"output_size": (2, 3, 4)}, (None, None, 8, 8, 3)),
        example({"output_size": (1, 2, 3), "data_format": "channels_first"}, (None, 3, 4, 5, 6)),
        example({"output_size": (2, 2)}, (None, 8, 8, 8, 3), raises=True),
    ),
}

ADAPTIVE_SPECS = tuple(_adaptive_spec(f"Adaptive{kind}Pooling{rank}D", rank)
                       for kind in ("Average", "Max") for rank in (1, 2, 3))

SPECS: Tuple[LayerSpec, ...] = (
    MAX_POOLING_1D, MAX_POOLING_2D, AVERAGE_POOLING_1D, AVERAGE_POOLING_2D, MAX_POOLING_3D, AVERAGE_POOLING_3D,
    GLOBAL_MAX_POOLING_3D, GLOBAL_AVERAGE_POOLING_3D,
) + ADAPTIVE_SPECS
