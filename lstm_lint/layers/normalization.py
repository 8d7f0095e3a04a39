"""Normalization layers (``keras/src/layers/normalization``): BatchNormalization,
LayerNormalization, GroupNormalization, RMSNormalization and the SpectralNormalization wrapper.
UnitNormalization, weightless, is with the shape-keeping layers (``activations.py``)."""
from __future__ import annotations

from typing import Any, Collection, Dict, Iterator, List, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, format_shape, product
from lstm_lint.layers.checks import CheckContext
from lstm_lint.layers.spec import (
    PASSES_MASK, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskSupport, Source, Weights, add_counts,
    example, mul_counts, signature, single,
)
from lstm_lint.layers.traits import Trait
from lstm_lint.values import UNKNOWN, Formula, Unknown

_INIT_TAIL = dict(beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                  gamma_regularizer=None, beta_constraint=None, gamma_constraint=None)


def _axis_sizes(layer: str, shape: MaybeShape, axis: Any) -> Union[List[Dim], Unknown]:
    if isinstance(shape, Unknown) or isinstance(axis, Unknown):
        return UNKNOWN
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    sizes: List[Dim] = []
    for one in axes:
        if not isinstance(one, int):
            return UNKNOWN
        if not -len(shape) <= one < len(shape):
            raise BuildError("value", f"{layer}: axis {one} is out of range for input of rank {len(shape)}")
        sizes.append(shape[one])
    return sizes


def _flags(config: Config) -> Union[int, Unknown]:
    """How many per-feature vectors (gamma, beta) are trainable: ``scale`` + ``center``."""
    center, scale = config["center"], config["scale"]
    if isinstance(center, Unknown) or isinstance(scale, Unknown):
        return UNKNOWN
    return int(bool(center)) + int(bool(scale))


def _batch_norm_weights(config: Config, inputs: ShapeTree) -> Weights:
    # batch_normalization.py build: gamma, beta (trainable, unless scale/center are off) and
    # moving_mean, moving_variance (non-trainable), each of the size of the normalised axis.
    if isinstance(config["axis"], (list, tuple)):
        # Keras 3's __init__ does int(axis) and raises on a list; Keras 2 normalises over each axis.
        # Which one runs the program is the rules' to say (target_keras): no count either way.
        return UNKNOWN_WEIGHTS
    if config["renorm"] is not False:
        return UNKNOWN_WEIGHTS  # renorm adds statistics of its own; not modelled.
    sizes = _axis_sizes("BatchNormalization", single(inputs), config["axis"])
    vectors = _flags(config)
    if isinstance(sizes, Unknown) or isinstance(vectors, Unknown):
        return UNKNOWN_WEIGHTS
    size = product(sizes)
    if size is None:
        raise BuildError("size", "BatchNormalization needs a known size on the normalised axis")
    if not isinstance(size, int) and not isinstance(size, Formula):
        return UNKNOWN_WEIGHTS
    return Weights(mul_counts(vectors, size), mul_counts(2, size))  # a formula of a run-time size


def _layer_norm_weights(config: Config, inputs: ShapeTree) -> Weights:
    # layer_normalization.py build: gamma and beta shaped like input[axis]. The deprecated
    # rms_scaling=True makes gamma whatever scale says, and drops beta whatever center says.
    sizes = _axis_sizes("LayerNormalization", single(inputs), config["axis"])
    rms_scaling = config["rms_scaling"]
    if not isinstance(rms_scaling, (bool, int, float, type(None))):
        return UNKNOWN_WEIGHTS  # UNKNOWN, or an object whose truth Keras decides
    vectors = _flags(config) if not rms_scaling else 1
    if isinstance(sizes, Unknown) or isinstance(vectors, Unknown):
        return UNKNOWN_WEIGHTS
    if not vectors:
        return Weights(0)  # neither gamma nor beta: whatever the sizes
    if None in sizes:
        # add_weight refuses a shape with a None size: gamma or beta is made over the axes.
        raise BuildError("size", f"LayerNormalization needs known sizes on the normalised axes, got {sizes!r}")
    size = product(sizes)
    if not isinstance(size, int) and not isinstance(size, Formula):
        return UNKNOWN_WEIGHTS
    return Weights(mul_counts(vectors, size))


def _one_batch_norm_axis(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
    """batch_normalization.py ``__init__``: ``self.axis = int(axis)``, a TypeError for a list or a
    tuple of axes. tf.keras 2's BatchNormalization took one (it normalised over each axis given)."""
    axis = config.get("axis")
    if "axis" in given and context.keras_version == 3 and isinstance(axis, (list, tuple)):
        yield (f"axis={axis!r} must be a single integer: Keras 3 normalises over one axis "
               "(tf.keras 2 took a list)")


BATCH_NORMALIZATION = LayerSpec(
    "BatchNormalization",
    signature(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
              beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
              moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
              beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,
              renorm_momentum=0.99, synchronized=False),
    weights=_batch_norm_weights,
    masking=MaskSupport(supports=True, call_takes_mask=True),
    traits=frozenset({Trait.CENTRES_PER_CHANNEL}),
    checks=(_one_batch_norm_axis,),
    examples=(example({}, (None, 6)), example({"axis": 1}, (None, 3, 5)),
              example({"axis": (1, 2)}, (None, 3, 5), raises=True), example({"axis": [-1]}, (None, 3, 5), raises=True),
              example({"center": False}, (None, 4, 6)), example({"scale": False, "center": False}, (None, 6)),
              example({}, (None, 3, None), raises=True), example({"axis": 3}, (None, 4, 6), raises=True)),
)
LAYER_NORMALIZATION = LayerSpec(
    "LayerNormalization",
    signature(axis=-1, epsilon=0.001, center=True, scale=True, **_INIT_TAIL),
    weights=_layer_norm_weights,
    keyword_arguments=signature(rms_scaling=False),  # popped from **kwargs (deprecated)
    masking=PASSES_MASK,
    examples=(example({}, (None, 6)), example({"axis": 1}, (None, 3, 5)), example({"axis": [1, 2]}, (None, 3, 4, 5)),
              example({"center": False}, (None, 4, 6)), example({"scale": False}, (None, 6)),
              example({"rms_scaling": True}, (None, 6)), example({"rms_scaling": True, "scale": False}, (None, 6)),
              example({"axis": -3}, (None, 6), raises=True),
              example({"axis": 1, "center": False, "scale": False}, (None, None, 3)),
              example({"axis": 1}, (None, None, 3), raises=True),
              example({"axis": [-1, -2], "center": False}, (None, None, 3), raises=True)),
)


def _group_norm_weights(config: Config, inputs: ShapeTree) -> Weights:
    # group_normalization.py: __init__ takes a positive int or -1 for groups; build() indexes the
    # input shape with the one axis, needs a known size there, divisible by the groups, and makes
    # gamma and beta of that size.
    groups, axis = config["groups"], config["axis"]
    if not isinstance(groups, (int, Unknown)) or (isinstance(groups, int) and groups <= 0 and groups != -1):
        raise BuildError("value", f"GroupNormalization: groups must be a positive integer or -1, got {groups!r}")
    if isinstance(axis, (list, tuple)):
        raise BuildError("value", f"GroupNormalization: axis must be a single integer, got {axis!r}")
    shape = single(inputs)
    sizes = _axis_sizes("GroupNormalization", shape, axis)
    vectors = _flags(config)
    if isinstance(sizes, Unknown) or isinstance(vectors, Unknown):
        return UNKNOWN_WEIGHTS
    size = sizes[0]
    if size is None:
        raise BuildError("size", f"GroupNormalization needs a known size on axis {axis}, got input shape "
                                 f"{format_shape(shape)}")
    if not isinstance(size, int):
        return UNKNOWN_WEIGHTS
    if isinstance(groups, int) and groups != -1:
        if size < groups:
            raise BuildError("value", f"GroupNormalization: {groups} groups cannot be more than the {size} "
                                      f"channels of axis {axis}")
        if size % groups:
            raise BuildError("value", f"GroupNormalization: the {size} channels of axis {axis} cannot be "
                                      f"split into {groups} groups")
    return Weights(vectors * size)


def _axes_in_range(layer: str) -> Any:
    """An ``output`` that is ``compute_output_shape``'s check that every axis is in range."""
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        axis = config["axis"]
        shape = single(inputs)
        if isinstance(axis, (int, list, tuple)) and not isinstance(shape, Unknown):
            _axis_sizes(layer, shape, axis)
        return inputs
    return output


GROUP_NORMALIZATION = LayerSpec(
    "GroupNormalization",
    signature(groups=32, axis=-1, epsilon=0.001, center=True, scale=True, **_INIT_TAIL),
    output=_axes_in_range("GroupNormalization"),
    weights=_group_norm_weights,
    masking=PASSES_MASK,
    examples=(example({}, (None, 64)), example({"groups": 4}, (None, 10, 8)), example({"groups": -1}, (None, 5, 6)),
              example({"groups": 2, "axis": 1}, (None, 6, 5)), example({"groups": 3, "center": False}, (None, 4, 6)),
              example({"groups": 1, "scale": False, "center": False}, (None, 6)),
              example({"groups": 4}, (None, 6), raises=True), example({"groups": 8}, (None, 4), raises=True),
              example({"groups": 0}, (None, 4), raises=True), example({"groups": 2}, (None, 3, None), raises=True),
              example({"groups": 2, "axis": [1]}, (None, 4, 4), raises=True),
              example({"groups": 2, "axis": 3}, (None, 4, 4), raises=True)),
)


def _rms_norm_weights(config: Config, inputs: ShapeTree) -> Weights:
    # rms_normalization.py build: one trainable ``scale`` shaped like the input on the axes.
    shape = single(inputs)
    sizes = _axis_sizes("RMSNormalization", shape, config["axis"])
    if isinstance(sizes, Unknown) or not sizes:
        return UNKNOWN_WEIGHTS
    if any(size is None for size in sizes):
        raise BuildError("size", f"RMSNormalization needs known sizes on axis {config['axis']!r}, got input "
                                 f"shape {format_shape(shape)}")
    size = product(sizes)
    return Weights(size) if isinstance(size, int) else UNKNOWN_WEIGHTS


RMS_NORMALIZATION = LayerSpec(
    "RMSNormalization",
    signature(axis=-1, epsilon=1e-06),
    output=_axes_in_range("RMSNormalization"),
    weights=_rms_norm_weights,
    examples=(example({}, (None, 6)), example({"axis": 1}, (None, 3, 5)), example({"axis": [1, 2]}, (None, 3, 4, 5)),
              example({"axis": -2}, (None, 7, 2)),
              example({"axis": 1}, (None, None, 5), raises=True), example({"axis": 2}, (None, 5), raises=True)),
)


# The wrapped layer's argument that is the last axis of its ``kernel`` (or Embedding's
# ``embeddings``): spectral_normalization.py build adds ``vector_u`` of shape (1, that size).
_KERNEL_COLUMNS: Dict[str, str] = {"Dense": "units", "Conv1D": "filters", "Conv2D": "filters",
                                   "Conv3D": "filters", "Embedding": "output_dim"}
# Classes with neither a ``kernel`` nor an ``embeddings`` attribute: build() raises on them.
_NO_KERNEL = ("LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "TimeDistributed", "ConvLSTM1D",
              "ConvLSTM2D", "ConvLSTM3D", "BatchNormalization", "LayerNormalization", "GroupNormalization",
              "RMSNormalization", "Dropout", "Flatten", "Activation")


def _spectral_inner(config: Config) -> Any:
    """The wrapped layer, when lstm-lint models its class; else None."""
    iterations = config["power_iterations"]
    if isinstance(iterations, (int, float)) and iterations <= 0:  # checked by __init__
        raise BuildError("value", f"SpectralNormalization: power_iterations must be above zero, got {iterations!r}")
    layer: Any = config.get("layer")
    if getattr(layer, "spec", None) is None:
        return None
    if layer.class_name in _NO_KERNEL:
        raise BuildError("value", f"SpectralNormalization: {layer.class_name} has no kernel nor embeddings "
                                  "to normalize")
    return layer


def _spectral_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    layer = _spectral_inner(config)
    if layer is None:
        return UNKNOWN
    output: ShapeTree = layer.spec.output(layer.config, single(inputs))
    return output


def _spectral_weights(config: Config, inputs: ShapeTree) -> Weights:
    # Wrapper.build builds the wrapped layer on the same input; then the non-trainable vector_u.
    layer = _spectral_inner(config)
    if layer is None or layer.class_name not in _KERNEL_COLUMNS:
        return UNKNOWN_WEIGHTS
    inner: Weights = layer.spec.weights(layer.config, single(inputs))
    columns = layer.config.get(_KERNEL_COLUMNS[layer.class_name])
    if not isinstance(columns, int) or isinstance(columns, bool) or columns < 1:
        return UNKNOWN_WEIGHTS
    return Weights(inner.trainable, add_counts(inner.non_trainable, columns))


SPECTRAL_NORMALIZATION = LayerSpec(
    "SpectralNormalization",
    signature("layer", power_iterations=1),
    output=_spectral_output,
    weights=_spectral_weights,
    layer_arguments=("layer",),
    examples=(example({"layer": Source("layers.Dense(3)")}, (None, 8)),
              example({"layer": Source("layers.Dense(3)")}, (None, 4, 8)),
              example({"layer": Source("layers.Dense(3, lora_rank=1)")}, (None, 4)),
              example({"layer": Source("layers.Conv2D(3, 2)"), "power_iterations": 2}, (None, 5, 5, 4)),
              example({"layer": Source("layers.Conv1D(4, 3, padding='same', use_bias=False)")}, (None, 7, 2)),
              example({"layer": Source("layers.Embedding(10, 3)")}, (None, 4)),
              example({"layer": Source("layers.LSTM(3)")}, (None, 4, 8), raises=True),
              example({"layer": Source("layers.Dropout(0.5)")}, (None, 4), raises=True),
              example({"layer": Source("layers.Dense(3)"), "power_iterations": 0}, (None, 4), raises=True),
              example({"layer": Source("layers.Dense(3)")}, (None, None), raises=True)),
)

SPECS = (BATCH_NORMALIZATION, LAYER_NORMALIZATION, GROUP_NORMALIZATION, RMS_NORMALIZATION, SPECTRAL_NORMALIZATION)
