"""Flatten, Reshape, RepeatVector, Permute (``keras/src/layers/reshaping``): no weights."""
from __future__ import annotations

from typing import Any, Tuple

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.spec import (
    BuildError, Config, LayerSpec, int_or_unknown, require_rank, signature, single, size_or_unknown,
)
from lstm_lint.values import UNKNOWN, Unknown


def _flatten_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    if isinstance(shape, Unknown):
        return UNKNOWN
    rest = shape[1:]
    if config["data_format"] == "channels_first" and len(shape) > 2:
        rest = (shape[-1],) + shape[1:-1]  # same product: the order does not change the size
    # flatten.py: None if any non-batch dim is None; 1 for a rank-1 input.
    return (shape[0], product(rest))


def _reshape_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    target = config["target_shape"]
    if isinstance(target, Unknown) or not isinstance(target, (tuple, list)):
        return UNKNOWN
    if isinstance(shape, Unknown):
        return UNKNOWN
    target = tuple(int_or_unknown(t) for t in target)
    return (shape[0],) + _resolve_target(shape[1:], target)


def _resolve_target(source: Tuple[Dim, ...], target: Tuple[Any, ...]) -> Tuple[Dim, ...]:
    """``operation_utils.compute_reshape_output_shape``: fill in the one -1 of ``target``."""
    if any(isinstance(t, Unknown) for t in target):
        return tuple(UNKNOWN if isinstance(t, Unknown) or t == -1 else t for t in target)
    if target.count(-1) > 1:
        raise BuildError("value", f"Reshape: only one -1 is allowed in target_shape {target}")
    source_size = product(source)
    if -1 not in target:
        if isinstance(source_size, int) and source_size != product(target):
            raise BuildError("size", f"Reshape: cannot reshape {source_size} values into "
                                     f"{target} ({product(target)} values)")
        return target
    known = product([t for t in target if t != -1])
    if not isinstance(source_size, int) or not isinstance(known, int):
        fill: Dim = None if source_size is None else UNKNOWN
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
    if isinstance(shape, Unknown) or not isinstance(dims, (tuple, list)) \
            or not all(isinstance(d, int) for d in dims):
        return UNKNOWN
    if sorted(dims) != list(range(1, len(shape))):
        raise BuildError("value", f"Permute: dims {tuple(dims)} must be a permutation of "
                                  f"{tuple(range(1, len(shape)))} for input of rank {len(shape)}")
    return (shape[0],) + tuple(shape[d] for d in dims)


FLATTEN = LayerSpec("Flatten", signature(data_format=None), output=_flatten_output)
RESHAPE = LayerSpec("Reshape", signature("target_shape"), output=_reshape_output)
REPEAT_VECTOR = LayerSpec("RepeatVector", signature("n"), output=_repeat_vector_output)
PERMUTE = LayerSpec("Permute", signature("dims"), output=_permute_output)

SPECS = (FLATTEN, RESHAPE, REPEAT_VECTOR, PERMUTE)
