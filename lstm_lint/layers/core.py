"""Core layers: Dense, Embedding and the weightless pass-through layers (``keras/src/layers/core``,
``layers/regularization``, ``layers/activations``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Tuple

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, format_dim, format_shape, product
from lstm_lint.layers.checks import positive_sizes, rate_below_one
from lstm_lint.layers.spec import (
    example,
    NumpyIntegers, PASSES_MASK, Source, UNKNOWN_WEIGHTS, BuildError, Config, Count, LayerSpec, MaskKind, MaskSupport,
    Weights, add_counts,
    int_or_unknown, last_dim, lora_rank, mul_counts, require_rank, signature, single, size_or_unknown, with_lora,
)
from lstm_lint.layers.spec import always_built, built_when_given
from lstm_lint.layers.traits import Trait
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
    traits=frozenset({Trait.PER_POSITION, Trait.OUTPUT_ACTIVATION, Trait.CHANNEL_BIAS}),
    checks=(positive_sizes("units", checked_in_init=True),),
    # dense.py: ``isinstance(units, int)``.
    numpy_integers=NumpyIntegers(accepted=("lora_rank",), refused=("units",)),
    examples=(example({"units": 4}, (None, 3)), example({"units": 4, "use_bias": False}, (None, 5, 3)),
              example({"units": 2, "lora_rank": 1}, (None, 3)), example({"units": 0}, (None, 3), raises=True),
              example({"units": Source("np.int64(4)")}, (None, 3), raises=True)),
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


def _embedding_keras2_input_shape(kwargs: Mapping[str, Any]) -> MaybeShape:
    """tf.keras 2's ``Embedding.__init__`` (keras/layers/core/embedding.py in Keras 2.x): without an
    ``input_shape``, ``kwargs["input_shape"] = (input_length,) if input_length else (None,)``."""
    length = kwargs.get("input_length")
    if length is None or (isinstance(length, int) and not isinstance(length, bool) and length == 0):
        return (None,)
    if isinstance(length, int) and not isinstance(length, bool) and length > 0:
        return (length,)
    return UNKNOWN


EMBEDDING = LayerSpec(
    "Embedding",
    signature("input_dim", "output_dim", embeddings_initializer="uniform", embeddings_regularizer=None,
              embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None,
              lora_alpha=None, quantization_config=None),
    output=_embedding_output,
    weights=_embedding_weights,
    # Keras 2's Embedding(input_length=...) fixed the sequence length; Keras 3.2+ warns and ignores it.
    extra_keywords=("input_length",),
    keras2_input_shape=_embedding_keras2_input_shape,
    masking=MaskSupport(supports="mask_zero", kind=MaskKind.EMBEDDING),
    built_at_construction=built_when_given("weights"),
    checks=(positive_sizes("input_dim", "output_dim", checked_in_init=True, strict_int=True),),
    # embedding.py: ``isinstance(input_dim, int)`` (``Embedding(np.max(tokens) + 1, 64)`` raises).
    numpy_integers=NumpyIntegers(refused=("input_dim", "output_dim")),
    examples=(example({"input_dim": 10, "output_dim": 4}, (None, 5)),
              example({"input_dim": 10, "output_dim": 4, "mask_zero": True}, (None, 5, 2)),
              example({"input_dim": 0, "output_dim": 4}, (None, 5), raises=True),
              example({"input_dim": 10, "output_dim": 2.0}, (None, 5), raises=True)),
)


def _spatial_dropout_1d_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    require_rank("SpatialDropout1D", single(inputs), ndim=3)
    return inputs


DROPOUT_TRAITS = frozenset({Trait.DROPOUT})
DROPOUT = LayerSpec("Dropout", signature("rate", noise_shape=None, seed=None), masking=PASSES_MASK,
                    traits=DROPOUT_TRAITS, checks=(rate_below_one(),), built_at_construction=always_built,
                    examples=(example({"rate": 0.5}, (None, 4)), example({"rate": 1.5}, (None, 4), raises=True)))
SPATIAL_DROPOUT_1D = LayerSpec(
    "SpatialDropout1D", signature("rate", seed=None, name=None, dtype=None),
    output=_spatial_dropout_1d_output, accepts_base_kwargs=False, masking=PASSES_MASK,
    traits=DROPOUT_TRAITS, checks=(rate_below_one(),), built_at_construction=always_built,
    examples=(example({"rate": 0.2}, (None, 5, 3)), example({"rate": 0.2}, (None, 4), raises=True)),
)
GAUSSIAN_NOISE = LayerSpec("GaussianNoise", signature("stddev", seed=None), masking=PASSES_MASK,
                           built_at_construction=always_built)
ACTIVATION = LayerSpec("Activation", signature("activation"), masking=PASSES_MASK,
                       traits=frozenset({Trait.PER_POSITION, Trait.OUTPUT_ACTIVATION}),
                       built_at_construction=always_built,
                       examples=(example({"activation": "relu"}, (None, 3)),
                                 example({"activation": "softmax"}, (None, 5, 3)),
                                 example({"activation": "rellu"}, (None, 3), raises=True)))
MASKING = LayerSpec("Masking", signature(mask_value=0.0), masking=MaskSupport(supports=True, kind=MaskKind.MASKING),
                    built_at_construction=always_built)


def _check_embedding_sizes(config: Config) -> None:
    """embedding.py ``__init__``: input_dim and output_dim must be ints (not bools) above zero. (For
    Embedding itself LL102's constructor checks say so; here the spec does, once the layer is used.)"""
    for name in ("input_dim", "output_dim"):
        value = config[name]
        if isinstance(value, (bool, float, str, type(None))) or (isinstance(value, int) and value <= 0):
            raise BuildError("value", f"{name}={value!r} must be a positive integer")


def _reversible_embedding_weights(config: Config, inputs: ShapeTree) -> Weights:
    # reversible_embedding.py build: Embedding's matrix, and with tie_weights=False a second
    # (output_dim, input_dim) one for the reverse projection.
    _check_embedding_sizes(config)
    weights = _embedding_weights(config, inputs)
    tie_weights = config["tie_weights"]
    if not isinstance(tie_weights, (bool, int, type(None))):
        return UNKNOWN_WEIGHTS
    if tie_weights:
        return weights
    rank = config.get("lora_rank")
    if isinstance(rank, int) and rank and config.get("quantization_config") is None:
        # Embedding.build runs enable_lora, which raises (a constraint on the embeddings) or ends
        # by locking the layer's state; build() then adds reverse_embeddings to the locked layer,
        # and the tracker raises "You cannot add new elements of state".
        raise BuildError("value", f"lora_rank={rank!r} with tie_weights={tie_weights!r} "
                                  "cannot be built (Keras enables LoRA before it adds the reverse matrix, "
                                  "and then refuses the new weight)")
    if lora_rank(config, "embeddings_constraint") is not None:
        return UNKNOWN_WEIGHTS
    reverse = mul_counts(size_or_unknown(config["output_dim"]), size_or_unknown(config["input_dim"]))
    return weights + Weights(reverse)


def _reversible_embedding_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # compute_output_spec: like Embedding's; call(x, reverse=True) replaces the last axis by input_dim.
    _check_embedding_sizes(config)
    reverse = config.get("reverse", False)
    shape = single(inputs)
    if reverse is False or reverse is None:
        return _embedding_output(config, inputs)
    if isinstance(shape, Unknown) or not isinstance(reverse, (bool, int)) or not shape:
        return UNKNOWN
    return shape[:-1] + (size_or_unknown(config["input_dim"]),)


REVERSIBLE_EMBEDDING = LayerSpec(
    "ReversibleEmbedding",
    signature("input_dim", "output_dim", tie_weights=True, embeddings_initializer="uniform",
              embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
              logit_soft_cap=None),
    output=_reversible_embedding_output,
    weights=_reversible_embedding_weights,
    # Embedding.__init__'s own arguments, through **kwargs.
    keyword_arguments=signature(weights=None, lora_rank=None, lora_alpha=None, quantization_config=None),
    extra_keywords=("input_length",),
    call_keywords=signature(reverse=False),
    built_at_construction=built_when_given("weights"),
    # compute_output_spec does not run call(), and compute_mask returns None: no mask, mask_zero or not.
    masking=MaskSupport(supports="mask_zero", kind=MaskKind.NONE),
    examples=(
        example({"input_dim": 10, "output_dim": 4}, (None, 7)),
        example({"input_dim": 10, "output_dim": 4, "tie_weights": False}, (None, 7)),
        example({"input_dim": 10, "output_dim": 4, "lora_rank": 2}, (None, 7)),
        example({"input_dim": 10, "output_dim": 4, "lora_rank": 2, "tie_weights": False}, (None, 7), raises=True),
        example({"input_dim": 10, "output_dim": 4, "lora_rank": 0, "tie_weights": False}, (None, 7)),
        example({"input_dim": 10, "output_dim": 4, "mask_zero": True}, (None, 3, 7)),
        example({"input_dim": 0, "output_dim": 4}, (None, 7), raises=True),
        example({"input_dim": 10, "output_dim": 2.0}, (None, 7), raises=True),
    ),
)


_EQUATION_FORMS = (
    (re.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


@dataclass(frozen=True)
class EinsumShapes:
    kernel: Tuple[Dim, ...]
    bias: Optional[Tuple[Dim, ...]]
    output: Tuple[Dim, ...]


def analyze_einsum(equation: Any, bias_axes: Any, input_shape: MaybeShape, partial: Any
                   ) -> Optional[EinsumShapes]:
    """einsum_dense.py ``_analyze_einsum_string`` and ``_analyze_split_string``: the kernel, bias and
    output shapes of an EinsumDense layer, or None where a value is not known. Raises what Keras
    raises (a malformed equation, an axis with no source, mismatched shared sizes, ...)."""
    if not isinstance(equation, str) or isinstance(input_shape, Unknown) or not input_shape:
        return None
    if not (bias_axes is None or isinstance(bias_axes, str)):
        return None
    if isinstance(partial, int) and not isinstance(partial, bool):
        partial = (partial,)
    if not isinstance(partial, (tuple, list)) or any(
            not (dim is None or (isinstance(dim, int) and not isinstance(dim, bool))) for dim in partial):
        return None  # a string is a tuple of characters to Keras; UNKNOWN parts are unknown
    replaced = re.sub(r"\.\.\.", "0", equation)
    for pattern, left_elided in _EQUATION_FORMS:
        match = pattern.match(replaced)
        if match:
            break
    else:
        raise BuildError("value", f"Invalid einsum equation {equation!r}: equations must be in the form "
                                  "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...")
    try:
        return _analyze_split(match.group(1), match.group(2), match.group(3), bias_axes, tuple(input_shape),
                              list(partial), left_elided)
    except IndexError:
        raise BuildError("value", f"EinsumDense equation {equation!r} does not fit input shape "
                                  f"{format_shape(input_shape)} and output_shape {tuple(partial)!r}") from None


def _analyze_split(input_spec: str, weight_spec: str, output_spec: str, bias_axes: Optional[str],
                   input_shape: Tuple[Dim, ...], output_shape: List[Dim], left_elided: bool
                   ) -> Optional[EinsumShapes]:
    elided = len(input_shape) - len(input_spec)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0 and not left_elided:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output_shape.append(input_shape[i])
    if left_elided:
        input_dim_map = {dim: (i + elided) - len(input_shape) for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_dim_map = {dim: i for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i for i, dim in enumerate(output_spec)}
    for dim in input_spec:
        input_size = input_shape[input_dim_map[dim]]
        if dim in output_dim_map:
            output_size = output_shape[output_dim_map[dim]]
            if output_size is not None and (isinstance(output_size, Unknown) or isinstance(input_size, Unknown)):
                return None
            if output_size is not None and output_size != input_size:
                raise BuildError("size", f"EinsumDense: input shape and output shape do not match at shared "
                                         f"dimension {dim!r}: {format_dim(input_size)} and {format_dim(output_size)}")
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise BuildError("value", f"EinsumDense: output dimension {dim!r} is in neither the input spec "
                                      f"{input_spec!r} nor the weight spec {weight_spec!r}")
    kernel: List[Dim] = []
    for dim in weight_spec:
        if dim in output_dim_map:
            kernel.append(output_shape[output_dim_map[dim]])
        elif dim in input_dim_map:
            kernel.append(input_shape[input_dim_map[dim]])
        else:
            raise BuildError("value", f"EinsumDense: weight dimension {dim!r} is in neither the input spec "
                                      f"{input_spec!r} nor the output spec {output_spec!r}")
    bias: Optional[List[Dim]] = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {char: output_shape[i + offset] for i, char in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                raise BuildError("value", f"EinsumDense: bias dimension {char!r} is not part of the output spec "
                                          f"{output_spec!r}")
        if not bias_axes:
            raise BuildError("value", "EinsumDense: bias_axes='' names no axis")
        first = min(output_spec.find(char) for char in bias_axes)
        bias = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias.extend([1] * max(0, elided))
    return EinsumShapes(tuple(kernel), None if bias is None else tuple(bias), tuple(output_shape))


def _weight_size(shape: Tuple[Dim, ...]) -> Count:
    """The size of a weight of this shape; add_weight rejects a None in it."""
    if any(dim is None for dim in shape):
        raise BuildError("size", f"EinsumDense needs fully known weight shapes, got {format_shape(shape)}")
    size = product(shape)
    return size if isinstance(size, int) and all(isinstance(d, int) and d > 0 for d in shape) else UNKNOWN


def _einsum_analysis(config: Config, inputs: ShapeTree) -> Optional[EinsumShapes]:
    partial = config["output_shape"]
    if partial is None or isinstance(partial, float):
        # __init__: ``tuple(output_shape)`` of anything but an int or a sequence raises TypeError.
        raise BuildError("value", f"EinsumDense: output_shape must be an int or a tuple, got {partial!r}")
    return analyze_einsum(config["equation"], config["bias_axes"], single(inputs), partial)


def _einsum_dense_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # compute_output_shape: the analysed output shape, its None parts left None.
    shapes = _einsum_analysis(config, inputs)
    return UNKNOWN if shapes is None else shapes.output


def _einsum_dense_weights(config: Config, inputs: ShapeTree) -> Weights:
    # einsum_dense.py build: the kernel and, with bias_axes, a bias; lora_rank freezes the kernel and
    # adds (kernel[:-1], rank) and (rank, kernel[-1]) factors.
    shapes = _einsum_analysis(config, inputs)
    rank = lora_rank(config, "kernel_constraint")
    if shapes is None or isinstance(rank, Unknown):
        return UNKNOWN_WEIGHTS
    kernel = _weight_size(shapes.kernel)
    bias = 0 if shapes.bias is None else _weight_size(shapes.bias)
    if rank is not None:
        rows = _weight_size(shapes.kernel[:-1])
        return with_lora(rows, int_or_unknown(shapes.kernel[-1]), bias, rank)
    return Weights(add_counts(kernel, bias))


EINSUM_DENSE = LayerSpec(
    "EinsumDense",
    signature("equation", "output_shape", activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
              bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
              bias_constraint=None, lora_rank=None, lora_alpha=None, gptq_unpacked_column_size=None,
              quantization_config=None),
    output=_einsum_dense_output,
    weights=_einsum_dense_weights,
    # einsum_dense.py: an int output_shape becomes ``(output_shape,)``, anything else is iterated.
    numpy_integers=NumpyIntegers(accepted=("lora_rank",), refused=("output_shape",),
                                 accepted_in_sequences=("output_shape",)),
    examples=(
        example({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}, (None, 3)),
        example({"equation": "abc,cd->abd", "output_shape": (None, 64)}, (None, 10, 32)),
        example({"equation": "abc,cde->abde", "output_shape": (None, 2, 3), "bias_axes": "de"}, (None, 10, 32)),
        example({"equation": "abc,cd->abd", "output_shape": (3, 4), "bias_axes": "b"}, (None, 3, 5)),
        example({"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "b"}, (None, 3, 5), raises=True),
        example({"equation": "...b,bc->...c", "output_shape": 4, "bias_axes": "c"}, (None, 7, 3)),
        example({"equation": "ab,bc->ac", "output_shape": None}, (None, 3), raises=True),
        example({"equation": "ab...,bc->ac...", "output_shape": (4, 7), "bias_axes": "c"}, (None, 3, 7)),
        example({"equation": "ab,bc->ac", "output_shape": 4}, (None, 3, 5)),
        example({"equation": "ab,bc->ac", "output_shape": [4], "lora_rank": 2, "bias_axes": "c"}, (None, 3)),
        example({"equation": "abc,cd->abd", "output_shape": (5, 64), "bias_axes": "d"}, (None, 10, 32),
                raises=True),
        example({"equation": "abc,cd->abd", "output_shape": (None, 4)}, (None, 10, None), raises=True),
        example({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "d"}, (None, 3), raises=True),
        example({"equation": "ab,bc->ad", "output_shape": 4}, (None, 3), raises=True),
        example({"equation": "ab,bcd->ac", "output_shape": 4}, (None, 3), raises=True),
        example({"equation": "a b", "output_shape": 4}, (None, 3), raises=True),
        example({"equation": "abc,cd->abd", "output_shape": (None, 4)}, (None, 3), raises=True),
    ),
)

SPECS = (DENSE, EMBEDDING, DROPOUT, SPATIAL_DROPOUT_1D, GAUSSIAN_NOISE, ACTIVATION, MASKING, REVERSIBLE_EMBEDDING,
         EINSUM_DENSE)
