"""Attention layers (``keras/src/layers/attention``).

``Attention`` and ``AdditiveAttention`` are called on a list ``[query, value]`` or ``[query, value,
key]``; ``MultiHeadAttention`` and ``GroupedQueryAttention`` on named tensors ``(query, value,
key=None)``. All four override ``compute_output_spec``, so a functional model's shapes come from
there and ``call()`` is never traced: mismatched feature sizes that would fail at run time do not
fail while the model is built, and lstm-lint does not report them either. What ``call()`` cannot
take in any run is the exception (``_mha_call_check``, ``_gqa_call_check``: ranks, and the einsum
MultiHeadAttention writes for its ``attention_axes``): it fails when the model runs, or at once
inside a custom layer's ``call``.

With h heads of size k (``key_dim``/``head_dim``), value heads of size v, and q, kk, vv the last
sizes of query, key and value, b = 1 with ``use_bias``: MultiHeadAttention's projections are
``EinsumDense`` layers of q·h·k + b·h·k (query), kk·h·k + b·h·k (key), vv·h·v + b·h·v (value) and
h·v·P + b·P (output, P = prod(output_shape), by default q).
"""
from __future__ import annotations

from typing import Any, Collection, Iterator, List, Optional, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, Shape, ShapeTree, format_shape, product
from lstm_lint.layers.checks import CheckContext
from lstm_lint.layers.spec import (
    UNKNOWN_WEIGHTS, Argument, BuildError, Config, Count, LayerSpec, MaskKind, MaskSupport, Weights, add_counts,
    example, mul_counts, signature,
)
from lstm_lint.values import UNKNOWN, Unknown

_INITIALIZERS = dict(kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None)

# call()'s keyword that adds the attention scores as a second output (every class here).
SCORES = Argument("return_attention_scores", False)
# MultiHeadAttention's and GroupedQueryAttention's ``call()`` (and ``compute_output_spec``) parameters.
_NAMED_CALL_PARAMETERS = ("query", "value", "key", "query_mask", "value_mask", "key_mask", "attention_mask",
                          "return_attention_scores", "training", "use_causal_mask")


def _flag(value: Any) -> Union[bool, Unknown]:
    """``if value:`` for a value lstm-lint knows the truth of."""
    if isinstance(value, (bool, int, float, str, type(None))):
        return bool(value)
    return UNKNOWN


def _needed_size(layer: str, dim: Dim, what: str) -> Count:
    """A size a weight's shape is made of: Keras's add_weight rejects None."""
    if dim is None:
        raise BuildError("size", f"{layer} needs a known {what}, got None (Keras cannot create its weights)")
    if isinstance(dim, int) and not isinstance(dim, bool):
        return dim
    return UNKNOWN


# ---- Attention, AdditiveAttention ---------------------------------------------------------------


def _listed_inputs(layer: str, inputs: ShapeTree) -> Optional[List[Shape]]:
    """attention.py ``_validate_inputs``: a list of 2 or 3 tensors. None when a shape is unknown."""
    if isinstance(inputs, Unknown):
        return None
    if not isinstance(inputs, list):
        raise BuildError("value", f"{layer} layer must be called on a list of inputs, namely [query, value] "
                                  "or [query, value, key]")
    if not 2 <= len(inputs) <= 3:
        raise BuildError("value", f"{layer} layer accepts inputs list of length 2 or 3, namely [query, value] "
                                  f"or [query, value, key], got {len(inputs)}")
    shapes = [shape for shape in inputs if isinstance(shape, tuple)]
    if len(shapes) != len(inputs) or any(not shape for shape in shapes):
        return None
    return shapes


def _check_score_mode(config: Config) -> None:
    score_mode = config.get("score_mode", "dot")
    if isinstance(score_mode, Unknown):
        return
    if score_mode not in ("dot", "concat"):
        raise BuildError("value", f"score_mode={score_mode!r} must be 'dot' or 'concat'")


def _attention_spec_output(layer: str) -> Any:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        _check_score_mode(config)
        shapes = _listed_inputs(layer, inputs)
        scores = _flag(config.get(SCORES.name, SCORES.default))
        if isinstance(scores, Unknown):
            return UNKNOWN
        if shapes is None:
            return [UNKNOWN, UNKNOWN] if scores else UNKNOWN
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        # compute_output_spec: (*query[:-1], value[-1]); the scores (*query[:-1], key[-2]).
        result: MaybeShape = query[:-1] + (value[-1],)
        if not scores:
            return result
        weights: MaybeShape = query[:-1] + (key[-2],) if len(key) >= 2 else UNKNOWN
        return [result, weights]

    return output


def _attention_weights(config: Config, inputs: ShapeTree) -> Weights:
    # attention.py build: a scalar ``scale`` with use_scale, a scalar ``concat_score_weight`` with
    # score_mode="concat".
    _check_score_mode(config)
    _listed_inputs("Attention", inputs)
    use_scale, score_mode = _flag(config["use_scale"]), config["score_mode"]
    if isinstance(use_scale, Unknown) or isinstance(score_mode, Unknown):
        return UNKNOWN_WEIGHTS
    return Weights(int(use_scale) + int(score_mode == "concat"))


def _additive_attention_weights(config: Config, inputs: ShapeTree) -> Weights:
    # additive_attention.py build: a ``scale`` vector of the query's last size, with use_scale.
    _check_score_mode(config)
    shapes = _listed_inputs("AdditiveAttention", inputs)
    use_scale = _flag(config["use_scale"])
    if isinstance(use_scale, Unknown):
        return UNKNOWN_WEIGHTS
    if not use_scale:
        return Weights(0)
    if shapes is None:
        return UNKNOWN_WEIGHTS
    return Weights(_needed_size("AdditiveAttention", shapes[0][-1], "last query dimension"))


# Attention.compute_mask: the query's mask (``mask[0]``), through ops.convert_to_tensor.
_ATTENTION_MASKING = MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.QUERY)

ATTENTION = LayerSpec(
    "Attention",
    signature(use_scale=False, score_mode="dot", dropout=0.0, seed=None),
    output=_attention_spec_output("Attention"),
    weights=_attention_weights,
    takes_list=True,
    call_keywords=(SCORES,),
    masking=_ATTENTION_MASKING,
    examples=(
        example({}, (None, 4, 8), (None, 5, 6)),
        example({}, (None, 8), (None, 6)),
        example({"use_scale": True}, (None, 4, 8), (None, 5, 8), (None, 5, 3)),
        example({"use_scale": True, "score_mode": "concat"}, (None, 4, 8), (None, 5, 8)),
        example({}, (None, 4, 8), raises=True),
        example({"score_mode": "general"}, (None, 4, 8), (None, 5, 8), raises=True),
    ),
)
ADDITIVE_ATTENTION = LayerSpec(
    "AdditiveAttention",
    signature(use_scale=True, dropout=0.0),
    output=_attention_spec_output("AdditiveAttention"),
    weights=_additive_attention_weights,
    # Taken by Attention.__init__ through **kwargs; score_mode changes no weight here.
    keyword_arguments=signature(score_mode="dot", seed=None),
    takes_list=True,
    call_keywords=(SCORES,),
    masking=_ATTENTION_MASKING,
    examples=(
        example({}, (None, 4, 8), (None, 5, 8)),
        example({"use_scale": False}, (None, 4, 8), (None, 5, 8), (None, 5, 2)),
        example({"score_mode": "concat"}, (None, 3, 2), (None, 5, 2)),
        example({}, (None, 4, None), (None, 5, 8), raises=True),
        example({}, (None, 4, 8), (None, 5, 8), (None, 5, 8), (None, 5, 8), raises=True),
    ),
)


# ---- MultiHeadAttention -------------------------------------------------------------------------


def _positive(layer: str, name: str, value: Any, optional: bool = False) -> Count:
    """multi_head_attention.py ``__init__``: ``isinstance(value, int) and value > 0`` or it raises.
    A bool passes that test (True is 1); lstm-lint counts nothing with one."""
    if isinstance(value, Unknown) or (optional and value is None):
        return UNKNOWN
    if isinstance(value, bool):
        if value:
            return UNKNOWN
    elif isinstance(value, int):
        if value > 0:
            return value
    elif not isinstance(value, (float, str, tuple, list, type(None))):
        return UNKNOWN  # an object lstm-lint does not know the type of
    raise BuildError("value", f"{layer}: {name}={value!r} must be a positive integer")


def _named_inputs(inputs: ShapeTree) -> Optional[Tuple[Shape, Shape, Optional[Shape]]]:
    """(query, value, key or None) from the call's named tensors; None when one is not known."""
    if not isinstance(inputs, list) or len(inputs) != 3:
        return None
    query, value, key = inputs
    if not isinstance(query, tuple) or not isinstance(value, tuple) or not (key is None or isinstance(key, tuple)):
        return None
    if len(query) < 2 or len(value) < 2 or (key is not None and len(key) < 2):
        return None
    return query, value, key


def _check_key_matches_value(layer: str, value: Shape, key: Shape) -> bool:
    """``value_shape[1:-1] != key_shape[1:-1]`` raises (None only equals None). False when unsure."""
    if any(isinstance(dim, Unknown) for dim in value[1:-1] + key[1:-1]):
        return False
    if value[1:-1] != key[1:-1]:
        raise BuildError("merge", f"{layer}: all dimensions of value and key except the last must be equal, "
                                  f"got value {format_shape(value)} and key {format_shape(key)}")
    return True


def _mha_output_shape(config: Config) -> Union[Tuple[Any, ...], None, Unknown]:
    """``__init__``: a truthy output_shape as a tuple (an int as a 1-tuple); None otherwise."""
    value = config["output_shape"]
    if isinstance(value, Unknown) or isinstance(value, bool):
        return UNKNOWN
    if not value and isinstance(value, (int, tuple, list, type(None))):
        return None
    if isinstance(value, int):
        return (value,)
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return UNKNOWN


def _attended_axes(config: Config, value_rank: int) -> Union[Tuple[int, ...], Unknown]:
    """``_build_attention``'s axes: written against the rank R of the projected value (its rank + 1),
    a negative one made ``(R - 1) + axis``, by default ``range(1, R - 2)``; ``np.delete`` in
    ``_build_attention_equation`` then raises IndexError (in build()) for one outside [-R, R).
    UNKNOWN for a value lstm-lint does not follow (a bool, a float or string in the list)."""
    axes = config["attention_axes"]
    rank = value_rank + 1
    if axes is None:
        return tuple(range(1, rank - 2))
    if isinstance(axes, bool) or isinstance(axes, Unknown):
        return UNKNOWN
    if isinstance(axes, int):
        axes = (axes,)
    if not isinstance(axes, (tuple, list)):
        return UNKNOWN  # __init__ raises for a truthy one (_check_axes_type)
    normalised = []
    for axis in axes:
        if not isinstance(axis, int) or isinstance(axis, bool):
            return UNKNOWN
        normalised.append(axis if axis >= 0 else (rank - 1) + axis)
    if any(not -rank <= axis < rank for axis in normalised):
        raise BuildError("value", f"MultiHeadAttention: attention_axes={config['attention_axes']!r} is out of "
                                  f"range for a value of rank {value_rank} (build() raises IndexError)")
    return tuple(normalised)


def _axes_type_problem(config: Config) -> str:
    """``__init__``: an int becomes a 1-tuple; any other truthy value but a list or tuple raises."""
    axes = config["attention_axes"]
    if isinstance(axes, (float, str, dict, set)) and axes:
        return f"attention_axes={axes!r} must be an int, list, or tuple"
    return ""


def _check_axes_type(config: Config) -> None:
    problem = _axes_type_problem(config)
    if problem:
        raise BuildError("value", f"MultiHeadAttention: {problem}")


def _rejected_axes(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
    # (tf.keras 2 makes a 1-tuple of any value that has no len().)
    problem = _axes_type_problem(config) if "attention_axes" in given and context.keras_version == 3 else ""
    if problem:
        yield problem


def _rejected_window(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
    """Both classes' ``__init__``: ``sliding_window`` is None or a positive int (a bool passes as one,
    False as 0 does not). Keras 3 only: tf.keras 2 takes no such argument."""
    window = config.get("sliding_window")
    if "sliding_window" not in given or context.keras_version != 3 or window is None:
        return
    if isinstance(window, (int, float, str)) and not (isinstance(window, int) and window > 0):
        yield f"sliding_window={window!r} must be None or a positive integer"


def _mha_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    layer = "MultiHeadAttention"
    num_heads = _positive(layer, "num_heads", config["num_heads"])
    _positive(layer, "key_dim", config["key_dim"])
    _positive(layer, "value_dim", config["value_dim"], optional=True)
    _check_axes_type(config)
    scores = _flag(config.get(SCORES.name, SCORES.default))
    output_shape = _mha_output_shape(config)
    named = _named_inputs(inputs)
    if isinstance(scores, Unknown):
        return UNKNOWN
    if named is None or isinstance(output_shape, Unknown):
        return [UNKNOWN, UNKNOWN] if scores else UNKNOWN
    query, value, key = named
    if key is not None and not _check_key_matches_value(layer, value, key):
        return [UNKNOWN, UNKNOWN] if scores else UNKNOWN
    # build() raises for axes out of range; whatever they are, they change no shape Keras gives.
    if isinstance(_attended_axes(config, len(value)), Unknown) and not isinstance(config["attention_axes"], Unknown):
        return [UNKNOWN, UNKNOWN] if scores else UNKNOWN
    # compute_output_shape: the query's shape, its last axis replaced by output_shape.
    result: Shape = query if output_shape is None else query[:-1] + output_shape
    if not scores:
        return result
    # compute_output_spec: (batch, num_heads, query[1], query[1]) whatever the value's length or the
    # attention axes (Keras 3.15 uses the query's length twice).
    heads: Dim = num_heads if isinstance(num_heads, int) else UNKNOWN
    return [result, (query[0], heads, query[1], query[1])]


def _runs_einsum(config: Config, query_rank: int) -> Union[bool, Unknown]:
    """Whether ``_compute_attention`` takes its einsum path. It calls the fused
    ``ops.dot_product_attention`` instead (which ignores the attention axes) for a projected query of
    rank 4 (a rank-3 query), without dropout and without the scores."""
    if query_rank != 3:
        return True
    scores = _flag(config.get(SCORES.name, SCORES.default))
    dropout = config["dropout"]
    if isinstance(scores, Unknown) or isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
        return UNKNOWN
    return bool(scores) or dropout > 0.0


def _mha_call_check(config: Config, inputs: ShapeTree) -> None:
    """What ``call()`` raises on shapes ``compute_output_spec`` lets through, in every run (on every
    backend). ``_build_attention`` writes its einsum equations for the rank R of the projected value:

    - a query of another rank fails there (its einsum, or ``dot_product_attention``);
    - on the einsum path (``_runs_einsum``), the scores are ``einsum(key, query)`` over the letters
      of ``_build_attention_equation``: no attended axis leaves the Softmax an empty ``axis`` tuple
      (IndexError: tuple index out of range; rank-2 inputs with the default axes); an axis attended
      twice, or the projected last axis attended, repeats an output subscript (ValueError); an axis
      of query and key that is not attended (nor the batch, the heads or the last) is one einsum
      letter, so two known sizes that differ fail (a size of 1 may broadcast on some backends: no
      report then).

    A key of another rank than the value fails ``compute_output_shape`` already. Silent when a rank
    or an axis is unknown."""
    named = _named_inputs(inputs)
    if named is None:
        return
    query, value, key = named
    layer = "MultiHeadAttention"
    if len(query) != len(value):
        raise BuildError("rank", f"{layer}: query of rank {len(query)} {format_shape(query)} and value "
                                 f"of rank {len(value)} {format_shape(value)}: call() needs one rank for both "
                                 "(its einsum raises ValueError)")
    axes = _attended_axes(config, len(value))
    if isinstance(axes, Unknown) or _runs_einsum(config, len(query)) is not True:
        return
    rank = len(value) + 1
    attended = [axis % rank for axis in axes]  # np.delete reads a negative index from the end
    if not attended:
        raise BuildError("rank", f"{layer} on query {format_shape(query)} with attention_axes="
                                 f"{config['attention_axes']!r} attends over no axis: call() raises IndexError: "
                                 "tuple index out of range (its Softmax has no axis)")
    if len(set(attended)) != len(attended) or rank - 1 in attended:
        raise BuildError("value", f"{layer}: attention_axes={config['attention_axes']!r} on inputs of rank "
                                  f"{len(query)} attends an axis twice or the last one: call()'s einsum raises "
                                  "ValueError (an output subscript repeated)")
    other = value if key is None else key
    if len(other) != len(value):
        return  # (compute_output_shape raises, or a size of the key is not known)
    for axis in range(1, rank - 2):
        sizes = (query[axis], other[axis])
        if axis in attended or not all(isinstance(size, int) and size > 1 for size in sizes):
            continue
        if sizes[0] != sizes[1]:
            raise BuildError("merge", f"{layer}: axis {axis} of query {format_shape(query)} and of "
                                      f"{'value' if key is None else 'key'} {format_shape(other)} is not attended "
                                      f"(attention_axes={config['attention_axes']!r}), so their sizes must be "
                                      f"equal: call()'s einsum raises ValueError")


def _projection(layer: str, rows: Dim, what: str, heads: Count, size: Count, bias: bool) -> Count:
    """One EinsumDense projection: a (rows, heads, size) kernel and a (heads, size) bias."""
    block = mul_counts(heads, size)
    kernel = mul_counts(_needed_size(layer, rows, what), block)
    return add_counts(kernel, block) if bias else kernel


def _mha_weights(config: Config, inputs: ShapeTree) -> Weights:
    layer = "MultiHeadAttention"
    heads = _positive(layer, "num_heads", config["num_heads"])
    key_dim = _positive(layer, "key_dim", config["key_dim"])
    value_dim = _positive(layer, "value_dim", config["value_dim"], optional=True)
    if not config["value_dim"]:
        value_dim = key_dim
    use_bias, use_gate = _flag(config["use_bias"]), _flag(config["use_gate"])
    output_shape = _mha_output_shape(config)
    named = _named_inputs(inputs)
    if named is None or isinstance(use_bias, Unknown) or isinstance(use_gate, Unknown) \
            or isinstance(output_shape, Unknown):
        return UNKNOWN_WEIGHTS
    query, value, key = named
    if key is not None:
        _check_key_matches_value(layer, value, key)
    # build() raises for axes out of range; whatever they are, they change no weight.
    if isinstance(_attended_axes(config, len(value)), Unknown) and not isinstance(config["attention_axes"], Unknown):
        return UNKNOWN_WEIGHTS
    key = value if key is None else key
    total = add_counts(_projection(layer, query[-1], "last query dimension", heads, key_dim, use_bias),
                       _projection(layer, key[-1], "last key dimension", heads, key_dim, use_bias))
    if use_gate:
        total = add_counts(total, _projection(layer, query[-1], "last query dimension", heads, value_dim,
                                              use_bias))
    total = add_counts(total, _projection(layer, value[-1], "last value dimension", heads, value_dim, use_bias))
    # The output projection: an (heads, value_dim, *output_shape) kernel and an output_shape bias.
    out_dims = (query[-1],) if output_shape is None else output_shape
    sizes: List[Count] = []
    for dim in out_dims:
        if dim is not None and not (isinstance(dim, int) and not isinstance(dim, bool) and dim > 0):
            return UNKNOWN_WEIGHTS  # a size Keras would reject in a way lstm-lint does not model
        sizes.append(_needed_size(layer, dim, "output size"))
    out = product(sizes) if all(isinstance(size, int) for size in sizes) else UNKNOWN
    out_count: Count = out if isinstance(out, int) else UNKNOWN
    total = add_counts(total, mul_counts(mul_counts(heads, value_dim), out_count))
    if use_bias:
        total = add_counts(total, out_count)
    return Weights(total)


MULTI_HEAD_ATTENTION = LayerSpec(
    "MultiHeadAttention",
    signature("num_heads", "key_dim", value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
              attention_axes=None, sliding_window=None, flash_attention=None, **_INITIALIZERS, use_gate=False,
              seed=None),
    output=_mha_output,
    weights=_mha_weights,
    call_check=_mha_call_check,
    checks=(_rejected_axes, _rejected_window),
    call_inputs=("query", "value", "key"),
    call_keywords=(SCORES,),
    call_parameters=_NAMED_CALL_PARAMETERS,
    build_names=("softmax", "dropout"),
    # supports_masking is set; compute_mask is Layer's: the query's mask goes on to the output.
    masking=MaskSupport(supports=True),
    attention_heads=("num_heads", "key_dim"),
    examples=(
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 5), (None, 6, 7), (None, 6, 8)),
        example({"num_heads": 2, "key_dim": 3, "value_dim": 4, "use_bias": False, "output_shape": (2, 3)},
                (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 4, "key_dim": 8, "output_shape": 9}, (None, 10, 16), (None, 10, 16)),
        example({"num_heads": 2, "key_dim": 3, "use_gate": True}, (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 2, "key_dim": 3}, (None, 5), (None, 7), fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 5), (None, 7), fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 5), (None, 4, 7), fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 3, 5), (None, 6, 2, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}, (None, 4, 3, 5), (None, 6, 2, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 5}, (None, 4, 3, 5), (None, 6, 2, 7),
                raises=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 4}, (None, 4, 5), (None, 6, 7), raises=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": "1"}, (None, 4, 5), (None, 6, 7), raises=True),
        example({"num_heads": 2, "key_dim": 3, "sliding_window": 0}, (None, 4, 5), (None, 6, 7), raises=True),
        example({"num_heads": 2, "key_dim": 3, "sliding_window": 2}, (None, 4, 5), (None, 6, 7)),
        # Axes that take in the last one (the heads' axis once projected) change no shape or weight;
        # a rank-3 query without dropout runs dot_product_attention, which ignores them.
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}, (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": -1, "use_gate": True}, (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": ()}, (None, 4, 5), (None, 6, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 1}, (None, 5), (None, 7)),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 3)}, (None, 4, 3, 5), (None, 6, 3, 7)),
        # The einsum path: an axis neither attended nor the batch's must match in query and key; an
        # output subscript may not repeat; the Softmax needs an axis.
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 2, "dropout": 0.1}, (None, 4, 5), (None, 6, 7),
                fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 2}, (None, 4, 3, 5), (None, 6, 3, 7),
                fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 1)}, (None, 4, 3, 5), (None, 6, 3, 7),
                fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": 4}, (None, 4, 3, 5), (None, 6, 3, 7),
                fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}, (None, 5), (None, 7), fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": ()}, (None, 4, 3, 5), (None, 6, 3, 7),
                fails_when_run=True),
        example({"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2), "use_gate": True}, (None, 4, 5),
                (None, 6, None), raises=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 5), (None, 6, 7), (None, 5, 8), raises=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, 5), (None, None, 7), (None, 6, 7), raises=True),
        example({"num_heads": 2, "key_dim": 3}, (None, 4, None), (None, 6, 7), raises=True),
        example({"num_heads": 0, "key_dim": 3}, (None, 4, 5), (None, 6, 7), raises=True),
        example({"num_heads": 2, "key_dim": 2.5}, (None, 4, 5), (None, 6, 7), raises=True),
    ),
    build_inputs=("query", "value", "key"),
)


# ---- GroupedQueryAttention ----------------------------------------------------------------------


def _gqa_sizes(config: Config) -> Tuple[Count, Count, Count]:
    """head_dim, num_query_heads, num_key_value_heads; ``__init__`` raises unless the query heads
    are a multiple of the key/value heads (``%`` by zero too), and ``1 / sqrt(head_dim)`` fails for
    a head_dim of zero or below."""
    sizes: List[Count] = []
    for name in ("head_dim", "num_query_heads", "num_key_value_heads"):
        value = config[name]
        sizes.append(value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else UNKNOWN)
    head_dim, query_heads, key_value_heads = config["head_dim"], config["num_query_heads"], \
        config["num_key_value_heads"]
    known = [v for v in (query_heads, key_value_heads) if isinstance(v, int) and not isinstance(v, bool)]
    if len(known) == 2 and (key_value_heads == 0 or query_heads % key_value_heads != 0):
        raise BuildError("value", f"GroupedQueryAttention: num_query_heads={query_heads!r} must be divisible by "
                                  f"num_key_value_heads={key_value_heads!r}")
    if isinstance(head_dim, int) and not isinstance(head_dim, bool) and head_dim <= 0:
        raise BuildError("value", f"GroupedQueryAttention: head_dim={head_dim!r} must be a positive integer")
    return sizes[0], sizes[1], sizes[2]


def _gqa_inputs(inputs: ShapeTree) -> Optional[Tuple[Shape, Shape, Shape]]:
    """Query, value and key (the value when no key is given), each of rank 3 or more: ``build()``
    builds its projections, ``EinsumDense("bqm,muh->bquh")`` and ``("bkm,mvh->bkvh")``, on each in
    turn, and ``_analyze_split_string`` reads axis 2 of each ("m"), which a rank-2 input lacks
    (IndexError: tuple index out of range). None when a shape is not known."""
    if not isinstance(inputs, list) or len(inputs) != 3:
        return None
    query, value, key = inputs
    key = value if key is None else key
    if not isinstance(query, tuple) or not isinstance(value, tuple) or not isinstance(key, tuple):
        return None
    for name, shape in (("query", query), ("key", key), ("value", value)):
        if len(shape) < 3:
            raise BuildError("rank", f"GroupedQueryAttention expects a {name} of rank 3 or more, got "
                                     f"{format_shape(shape)}: build() raises IndexError: tuple index out of range")
    return query, value, key


def _gqa_check(query: Shape, value: Shape, key: Shape) -> bool:
    """compute_output_shape: query and value end alike, value and key agree but on the last axis."""
    layer = "GroupedQueryAttention"
    if isinstance(query[-1], Unknown) or isinstance(value[-1], Unknown):
        return False
    if query[-1] != value[-1]:
        raise BuildError("merge", f"{layer}: the last dimensions of query and value must be equal, got "
                                  f"query {format_shape(query)} and value {format_shape(value)}")
    return _check_key_matches_value(layer, value, key)


def _gqa_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    _, query_heads, _ = _gqa_sizes(config)
    scores = _flag(config.get(SCORES.name, SCORES.default))
    named = _gqa_inputs(inputs)
    if isinstance(scores, Unknown):
        return UNKNOWN
    if named is None or not _gqa_check(*named):
        return [UNKNOWN, UNKNOWN] if scores else UNKNOWN
    query, value, key = named
    if not scores:
        return query
    # compute_output_spec: (batch, num_query_heads, query length, key length).
    return [query, (query[0], query_heads, query[1], key[1])]


def _gqa_call_check(config: Config, inputs: ShapeTree) -> None:
    """``call()`` runs each projection's einsum, written for rank 3 ("bqm,muh->bquh"), on its tensor:
    one of higher rank, which build() takes (it reads axis 2 only), fails there in every run
    ("operand has more dimensions than subscripts given")."""
    named = _gqa_inputs(inputs)
    if named is None:
        return
    for name, shape in zip(("query", "value", "key"), named):
        if len(shape) != 3:
            raise BuildError("rank", f"GroupedQueryAttention expects a {name} of rank 3, got {format_shape(shape)}: "
                                     "call()'s einsum raises ValueError")


def _gqa_weights(config: Config, inputs: ShapeTree) -> Weights:
    layer = "GroupedQueryAttention"
    head_dim, query_heads, key_value_heads = _gqa_sizes(config)
    use_bias, use_gate = _flag(config["use_bias"]), _flag(config["use_gate"])
    named = _gqa_inputs(inputs)
    if named is None or isinstance(use_bias, Unknown) or isinstance(use_gate, Unknown):
        return UNKNOWN_WEIGHTS
    query, value, key = named
    # Each projection's kernel takes axis 2 of its input ("m"), the last one only at rank 3; a bias
    # (heads, head_dim, 1, ...) holds heads × head_dim.
    rows = "axis 2 of the {}"
    total = add_counts(
        _projection(layer, query[2], rows.format("query"), query_heads, head_dim, use_bias),
        _projection(layer, key[2], rows.format("key"), key_value_heads, head_dim, use_bias))
    if use_gate:
        total = add_counts(total, _projection(layer, query[2], rows.format("query"), query_heads, head_dim,
                                              use_bias))
    total = add_counts(total, _projection(layer, value[2], rows.format("value"), key_value_heads, head_dim,
                                          use_bias))
    # attention_output: "bquh,uhm->bqm", a (query heads, head_dim, features) kernel, a features bias,
    # the features being the query's last size.
    size = _needed_size(layer, query[-1], "last query dimension")
    total = add_counts(total, mul_counts(mul_counts(query_heads, head_dim), size))
    if use_bias:
        total = add_counts(total, size)
    return Weights(total)


GROUPED_QUERY_ATTENTION = LayerSpec(
    "GroupedQueryAttention",
    signature("head_dim", "num_query_heads", "num_key_value_heads", dropout=0.0, use_bias=True,
              sliding_window=None, flash_attention=None, **_INITIALIZERS, use_gate=False, seed=None),
    output=_gqa_output,
    weights=_gqa_weights,
    call_check=_gqa_call_check,
    checks=(_rejected_window,),
    call_inputs=("query", "value", "key"),
    call_keywords=(SCORES,),
    call_parameters=_NAMED_CALL_PARAMETERS,
    build_names=("softmax", "dropout"),
    masking=MaskSupport(supports=True),
    attention_heads=("num_query_heads", "head_dim"),
    examples=(
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5, 8), (None, 6, 8)),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5, 8), (None, 6, 8),
                (None, 6, 3)),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, "use_bias": False,
                 "use_gate": True}, (None, 5, 8), (None, 6, 8)),
        example({"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 3, "use_gate": True},
                (None, None, 6), (None, 7, 6)),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5, 8), (None, 6, 7),
                raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5, 8), (None, 6, 8),
                (None, 7, 8), raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 3}, (None, 5, 8), (None, 6, 8),
                raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, "sliding_window": 1.5},
                (None, 5, 8), (None, 6, 8), raises=True),
        # build() takes inputs of rank 4 or more (its projections read axis 2); call() cannot.
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, "use_gate": True},
                (None, 4, 6, 8), (None, 4, 6, 8), fails_when_run=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 4, 6, 8), (None, 4, 8),
                fails_when_run=True),
        example({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1, "use_bias": False},
                (None, 3, 5), (None, 4, 2, 5), (None, 4, 2, 7), fails_when_run=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5), (None, 6, 8),
                raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 5, 8), (None, 8),
                raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 4, None, 8),
                (None, 4, 6, 8), raises=True),
        example({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, (None, 4, 8), (None, 4, 8),
                (None, 4, None), raises=True),
    ),
    build_inputs=("query", "value", "key"),
)

SPECS = (ATTENTION, ADDITIVE_ATTENTION, MULTI_HEAD_ATTENTION, GROUPED_QUERY_ATTENTION)
