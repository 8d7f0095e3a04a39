"""Weightless layers that keep their input's shape (``keras/src/layers/activations``,
``layers/regularization``, ``layers/core/identity.py``), and ``Lambda``, whose weights are known
(none) but whose output shape depends on a Python function lstm-lint does not run."""
from __future__ import annotations

from lstm_lint.graph.shapes import ShapeTree
from lstm_lint.layers.spec import (
    PASSES_MASK, Config, LayerSpec, MaskKind, MaskSupport, require_rank, signature, single,
)
from lstm_lint.values import UNKNOWN


def _lambda_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    return UNKNOWN  # the result of an arbitrary function


def _spatial_dropout_2d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    require_rank("SpatialDropout2D", single(inputs), ndim=4)
    return inputs


SPECS = (
    LayerSpec("ReLU", signature(max_value=None, negative_slope=0.0, threshold=0.0), masking=PASSES_MASK),
    # LeakyReLU(alpha=...): Keras 2's name, still taken (with a warning) for negative_slope.
    LayerSpec("LeakyReLU", signature(negative_slope=0.3), aliases=(("alpha", "negative_slope"),),
              masking=PASSES_MASK),
    LayerSpec("ELU", signature(alpha=1.0), masking=PASSES_MASK),
    LayerSpec("Softmax", signature(axis=-1), masking=MaskSupport(supports=True, call_takes_mask=True)),
    LayerSpec("GaussianDropout", signature("rate", seed=None), masking=PASSES_MASK),
    LayerSpec("AlphaDropout", signature("rate", noise_shape=None, seed=None), masking=PASSES_MASK),
    LayerSpec("SpatialDropout2D", signature("rate", data_format=None, seed=None, name=None, dtype=None),
              output=_spatial_dropout_2d_output, accepts_base_kwargs=False, masking=PASSES_MASK),
    LayerSpec("ActivityRegularization", signature(l1=0.0, l2=0.0), rejected_keywords=("activity_regularizer",),
              masking=PASSES_MASK),
    LayerSpec("UnitNormalization", signature(axis=-1), masking=PASSES_MASK),
    LayerSpec("Identity", signature(), masking=PASSES_MASK),
    LayerSpec("Lambda", signature("function", output_shape=None, mask=None, arguments=None),
              output=_lambda_output,
              masking=MaskSupport(supports="mask", call_takes_mask=True, kind=MaskKind.FUNCTION)),
)
