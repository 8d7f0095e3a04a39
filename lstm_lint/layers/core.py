"""Core layers: Dense, Embedding and the weightless pass-through layers (``keras/src/layers/core``,
``layers/regularization``, ``layers/activations``)."""
from __future__ import annotations

from lstm_lint.graph.shapes import ShapeTree
from lstm_lint.layers.spec import (
    example,
    PASSES_MASK, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskKind, MaskSupport, Weights, add_counts,
    int_or_unknown, last_dim, lora_rank, mul_counts, require_rank, signature, single, size_or_unknown, with_lora,
)
from lstm_lint.values import UNKNOWN, Unknown

_INITIALIZERS = dict(kernel_initializer="glorot_uniform", bias_initializer="zeros",
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None)


def _dense_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # keras/src/layers/core/dense.py compute_output_shape: acts on the last axis of any rank >= 2.
    shape = single(inputs)
    require_rank("Dense", shape, min_ndim=2)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return shape[:-1] + (size_or_unknown(config["units"]),)


def _dense_weights(config: Config, inputs: ShapeTree) -> Weights:
    # dense.py build: kernel (input_dim, units) + bias (units,).
    shape = single(inputs)
    input_dim = last_dim(shape)
    if input_dim is None:
        raise BuildError("size", "Dense needs a known last input dimension, got None")
    units = size_or_unknown(config["units"])
    use_bias = config["use_bias"]
    rank = lora_rank(config, "kernel_constraint")
    if isinstance(use_bias, Unknown) or isinstance(rank, Unknown):
        return UNKNOWN_WEIGHTS
    bias = units if use_bias else 0
    if rank is not None:
        return with_lora(int_or_unknown(input_dim), units, bias, rank)
    return Weights(add_counts(mul_counts(int_or_unknown(input_dim), units), bias))


DENSE = LayerSpec(
    "Dense",
    signature("units", activation=None, use_bias=True, **_INITIALIZERS, lora_rank=None,
              lora_alpha=None, quantization_config=None),
    output=_dense_output,
    masking=PASSES_MASK,
    weights=_dense_weights,
    examples=(example({"units": 4}, (None, 3)), example({"units": 4, "use_bias": False}, (None, 5, 3)),
              example({"units": 2, "lora_rank": 1}, (None, 3)), example({"units": 0}, (None, 3), raises=True)),
)


def _embedding_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return shape + (size_or_unknown(config["output_dim"]),)


def _embedding_weights(config: Config, inputs: ShapeTree) -> Weights:
    # embedding.py build: one (input_dim, output_dim) matrix; mask_zero adds no weight.
    input_dim, output_dim = size_or_unknown(config["input_dim"]), size_or_unknown(config["output_dim"])
    rank = lora_rank(config, "embeddings_constraint")
    if isinstance(rank, Unknown):
        return UNKNOWN_WEIGHTS
    if rank is not None:
        return with_lora(input_dim, output_dim, 0, rank)
    return Weights(mul_counts(input_dim, output_dim))


EMBEDDING = LayerSpec(
    "Embedding",
    signature("input_dim", "output_dim", embeddings_initializer="uniform", embeddings_regularizer=None,
              embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None,
              lora_alpha=None, quantization_config=None),
    output=_embedding_output,
    weights=_embedding_weights,
    # Keras 2's Embedding(input_length=...) fixed the sequence length; Keras 3.2+ warns and ignores it.
    extra_keywords=("input_length",),
    masking=MaskSupport(supports="mask_zero", kind=MaskKind.EMBEDDING),
)


def _spatial_dropout_1d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    require_rank("SpatialDropout1D", single(inputs), ndim=3)
    return inputs


DROPOUT = LayerSpec("Dropout", signature("rate", noise_shape=None, seed=None), masking=PASSES_MASK)
SPATIAL_DROPOUT_1D = LayerSpec(
    "SpatialDropout1D", signature("rate", seed=None, name=None, dtype=None),
    output=_spatial_dropout_1d_output, accepts_base_kwargs=False, masking=PASSES_MASK,
)
GAUSSIAN_NOISE = LayerSpec("GaussianNoise", signature("stddev", seed=None), masking=PASSES_MASK)
ACTIVATION = LayerSpec("Activation", signature("activation"), masking=PASSES_MASK)
MASKING = LayerSpec("Masking", signature(mask_value=0.0), masking=MaskSupport(supports=True, kind=MaskKind.MASKING))

SPECS = (DENSE, EMBEDDING, DROPOUT, SPATIAL_DROPOUT_1D, GAUSSIAN_NOISE, ACTIVATION, MASKING)
