"""BatchNormalization and LayerNormalization (``keras/src/layers/normalization``)."""
from __future__ import annotations

from typing import Any, List, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.spec import (
    PASSES_MASK, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskSupport, Weights, signature, single,
)
from lstm_lint.values import UNKNOWN, Unknown

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
    if config["renorm"] is not False:
        return UNKNOWN_WEIGHTS  # renorm adds statistics of its own; not modelled.
    sizes = _axis_sizes("BatchNormalization", single(inputs), config["axis"])
    vectors = _flags(config)
    if isinstance(sizes, Unknown) or isinstance(vectors, Unknown):
        return UNKNOWN_WEIGHTS
    size = product(sizes)
    if size is None:
        raise BuildError("size", "BatchNormalization needs a known size on the normalised axis")
    if not isinstance(size, int):
        return UNKNOWN_WEIGHTS
    return Weights(vectors * size, 2 * size)


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
    size = product(sizes)
    if not isinstance(size, int):
        return UNKNOWN_WEIGHTS
    return Weights(vectors * size)


BATCH_NORMALIZATION = LayerSpec(
    "BatchNormalization",
    signature(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
              beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
              moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
              beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,
              renorm_momentum=0.99, synchronized=False),
    weights=_batch_norm_weights,
    masking=MaskSupport(supports=True, call_takes_mask=True),
)
LAYER_NORMALIZATION = LayerSpec(
    "LayerNormalization",
    signature(axis=-1, epsilon=0.001, center=True, scale=True, **_INIT_TAIL),
    weights=_layer_norm_weights,
    keyword_arguments=signature(rms_scaling=False),  # popped from **kwargs (deprecated)
    masking=PASSES_MASK,
)

SPECS = (BATCH_NORMALIZATION, LAYER_NORMALIZATION)
