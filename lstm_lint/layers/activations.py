"""Weightless layers that keep their input's shape (``keras/src/layers/activations``,
``layers/regularization``, ``layers/core/identity.py``), and ``Lambda``, whose weights are known
(none) but whose output shape depends on a Python function lstm-lint does not run, unless it is
given as ``output_shape``."""
from __future__ import annotations

from typing import List, Tuple

from lstm_lint.graph.shapes import Dim, ShapeTree, format_shape, product
from lstm_lint.layers.checks import rate_below_one
from lstm_lint.layers.reshaping import data_format
from lstm_lint.layers.spec import (
    PASSES_MASK, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskKind, MaskSupport, OutputFn, Weights, example,
    require_rank, signature, single,
)
from lstm_lint.layers.spec import always_built
from lstm_lint.layers.traits import Trait
from lstm_lint.values import UNKNOWN, Unknown


def _unit_normalization_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    """unit_normalization.py compute_output_shape: the input's shape, once each axis is in range."""
    shape, axis = single(inputs), config["axis"]
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if isinstance(shape, Unknown) or not all(isinstance(one, int) and not isinstance(one, bool) for one in axes):
        return inputs
    if any(one >= len(shape) or one < -len(shape) for one in axes):
        raise BuildError("value", f"UnitNormalization: axis {axis!r} is out of range for input shape "
                                  f"{format_shape(shape)}")
    return inputs


# Elementwise and the same every time: each position is computed on its own.
_ELEMENTWISE = frozenset({Trait.PER_POSITION})
_DROPOUT = frozenset({Trait.DROPOUT})


def _lambda_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    """Keras infers the shape by running the function, which lstm-lint does not: only a given
    ``output_shape`` tuple is known (lambda_layer.py ``compute_output_shape``). It is the shape
    without the batch dimension, which is the first dimension of the (first) input; a tuple or
    list of two or more such tuples gives as many outputs (of one, Keras's table shows a single
    shape for a list of one tensor: left unknown). Keras prefixes it with ``(batch,) + shape``, so a
    shape that is not a tuple raises there (a TypeError inside the call)."""
    given = config["output_shape"]
    if given is None or callable(given) or isinstance(given, Unknown):
        return UNKNOWN  # the function's own result, or what another function computes
    batch = _first_dimension(inputs)
    if isinstance(given, tuple) and all(_is_dim(dim) for dim in given):
        return UNKNOWN if isinstance(batch, Unknown) else (batch,) + given
    if isinstance(given, (tuple, list)) and len(given) > 1 and all(isinstance(shape, tuple) for shape in given):
        shapes: List[ShapeTree] = []
        for shape in given:
            if not all(_is_dim(dim) for dim in shape) or isinstance(batch, Unknown):
                return UNKNOWN
            shapes.append((batch,) + shape)
        return shapes
    if isinstance(given, (list, int)) and not isinstance(given, bool) and all(
            _is_dim(dim) for dim in (given if isinstance(given, list) else [given])):
        raise BuildError("value", f"Lambda: output_shape={given!r} must be a tuple (Keras adds the batch "
                                  "dimension to it with tuple concatenation)")
    return UNKNOWN


def _is_dim(dim: object) -> bool:
    return dim is None or (isinstance(dim, int) and not isinstance(dim, bool))


def _first_dimension(inputs: ShapeTree) -> Dim:
    """The batch dimension Keras reads, ``tree.flatten(input_shape)[0]``; UNKNOWN when unknown."""
    while isinstance(inputs, list):
        if not inputs:
            return UNKNOWN
        inputs = inputs[0]
    if isinstance(inputs, Unknown) or not inputs:
        return UNKNOWN
    first = inputs[0]
    return first if _is_dim(first) else UNKNOWN


def _spatial_dropout_output(class_name: str, rank: int) -> OutputFn:
    """SpatialDropout2D/3D (spatial_dropout.py): Dropout's constructor takes a rate in [0, 1], the
    data_format is standardized, and the InputSpec wants ``rank + 2`` dimensions."""
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        rate = config["rate"]
        if isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate <= 1:
            raise BuildError("value", f"{class_name}: rate={rate!r} must be in [0, 1]")
        data_format(config, class_name)
        require_rank(class_name, single(inputs), ndim=rank + 2)
        return inputs
    return output


SPECS: Tuple[LayerSpec, ...] = (
    LayerSpec("ReLU", signature(max_value=None, negative_slope=0.0, threshold=0.0), masking=PASSES_MASK,
              traits=_ELEMENTWISE, built_at_construction=always_built,
              examples=(example({}, (None, 3)), example({"max_value": 6.0}, (None, 5, 3)))),
    # LeakyReLU(alpha=...): Keras 2's name, still taken (with a warning) for negative_slope.
    LayerSpec("LeakyReLU", signature(negative_slope=0.3), aliases=(("alpha", "negative_slope"),),
              masking=PASSES_MASK, traits=_ELEMENTWISE, built_at_construction=always_built,
              examples=(example({"negative_slope": 0.1}, (None, 3)), example({"alpha": 0.2}, (None, 5, 3)))),
    LayerSpec("ELU", signature(alpha=1.0), masking=PASSES_MASK, traits=_ELEMENTWISE, built_at_construction=always_built,
              examples=(example({}, (None, 3)),)),
    LayerSpec("Softmax", signature(axis=-1), masking=MaskSupport(supports=True, call_takes_mask=True),
              traits=frozenset({Trait.SOFTMAX}), built_at_construction=always_built,
              examples=(example({}, (None, 4)), example({"axis": 1}, (None, 5, 3)))),
    LayerSpec("GaussianDropout", signature("rate", seed=None), masking=PASSES_MASK, traits=_DROPOUT,
              checks=(rate_below_one(),), built_at_construction=always_built,
              examples=(example({"rate": 0.3}, (None, 4)), example({"rate": -0.5}, (None, 4), raises=True))),
    LayerSpec("AlphaDropout", signature("rate", noise_shape=None, seed=None), masking=PASSES_MASK,
              traits=_DROPOUT, checks=(rate_below_one(),), built_at_construction=always_built,
              examples=(example({"rate": 0.3}, (None, 4)), example({"rate": 1.5}, (None, 4), raises=True))),
    LayerSpec("SpatialDropout2D", signature("rate", data_format=None, seed=None, name=None, dtype=None),
              output=_spatial_dropout_output("SpatialDropout2D", 2), accepts_base_kwargs=False, masking=PASSES_MASK,
              traits=_DROPOUT, checks=(rate_below_one(),), built_at_construction=always_built,
              examples=(example({"rate": 0.2}, (None, 4, 5, 3)),
                        example({"rate": 0.2, "data_format": "channels_first"}, (None, 3, 4, None)),
                        example({"rate": 0.2}, (None, 4, 3), raises=True),
                        example({"rate": 0.2, "data_format": "last"}, (None, 4, 5, 3), raises=True))),
    LayerSpec("SpatialDropout3D", signature("rate", data_format=None, seed=None, name=None, dtype=None),
              output=_spatial_dropout_output("SpatialDropout3D", 3), accepts_base_kwargs=False, masking=PASSES_MASK,
              traits=_DROPOUT, checks=(rate_below_one(),), built_at_construction=always_built,
              examples=(example({"rate": 0.2}, (None, 2, 4, 5, 3)),
                        example({"rate": 0.5, "data_format": "channels_first"}, (None, 3, 2, None, 5)),
                        example({"rate": 0.2}, (None, 4, 5, 3), raises=True),
                        example({"rate": 1.5}, (None, 2, 4, 5, 3), raises=True))),
    LayerSpec("ActivityRegularization", signature(l1=0.0, l2=0.0), rejected_keywords=("activity_regularizer",),
              masking=PASSES_MASK, built_at_construction=always_built),
    LayerSpec("UnitNormalization", signature(axis=-1), output=_unit_normalization_output, masking=PASSES_MASK,
              built_at_construction=always_built,
              examples=(example({"axis": (1, 2)}, (None, 3, 4)), example({"axis": -3}, (None, 3, 4)),
                        example({"axis": 3}, (None, 6, 3), raises=True),
                        example({"axis": [-1, -4]}, (None, 6, 3), raises=True))),
    LayerSpec("Identity", signature(), masking=PASSES_MASK, built_at_construction=always_built),
    LayerSpec("Lambda", signature("function", output_shape=None, mask=None, arguments=None),
              output=_lambda_output,
              masking=MaskSupport(supports="mask", call_takes_mask=True, kind=MaskKind.FUNCTION),
              traits=frozenset({Trait.RUNS_USER_FUNCTION})),
)


def _prelu_weights(config: Config, inputs: ShapeTree) -> Weights:
    # prelu.py build: alpha shaped like input[1:], 1 on each shared axis (``param_shape[i - 1] = 1``,
    # Python's indexing: axis 0 is the last).
    shape = single(inputs)
    shared = config["shared_axes"]
    if isinstance(shape, Unknown) or isinstance(shared, Unknown):
        return UNKNOWN_WEIGHTS
    axes = [] if shared is None else list(shared) if isinstance(shared, (list, tuple)) else [shared]
    sizes: List[Dim] = list(shape[1:])
    for axis in axes:
        if not isinstance(axis, int) or isinstance(axis, bool):
            return UNKNOWN_WEIGHTS
        if not -len(sizes) <= axis - 1 < len(sizes):
            raise BuildError("value", f"PReLU: shared axis {axis} is out of range for input {format_shape(shape)}")
        sizes[axis - 1] = 1
    if None in sizes:
        raise BuildError("size", f"PReLU needs known sizes on its unshared axes, got input {format_shape(shape)}")
    count = product(sizes)
    return Weights(count) if isinstance(count, int) else UNKNOWN_WEIGHTS


PRELU = LayerSpec(
    "PReLU", signature(alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None),
    weights=_prelu_weights, masking=PASSES_MASK,
    examples=(
        example({}, (None, 4, 5)),
        example({"shared_axes": [1]}, (None, 4, 5)),
        example({"shared_axes": (1, 2)}, (None, 4, 5, 6)),
        example({"shared_axes": 1}, (None, None, 5)),
        example({"shared_axes": 0}, (None, 4, 5)),
        example({}, (None, None, 5), raises=True),
        example({"shared_axes": 4}, (None, 4, 5), raises=True),
    ),
)

SPECS = SPECS + (PRELU,)
