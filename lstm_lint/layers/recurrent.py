"""Recurrent layers and their wrappers (``keras/src/layers/rnn``).

i = size of the last input axis, u = units, b = 1 with ``use_bias`` else 0:
SimpleRNN u·(i+u) + b·u; LSTM 4·(u·(i+u) + b·u); GRU 3·(u·(i+u) + b·u) and, with the default
``reset_after=True``, a second bias row: 3·(u·(i+u) + 2·b·u).
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from lstm_lint.graph.shapes import MaybeShape, ShapeTree
from lstm_lint.layers.spec import (
    UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, MaskKind, MaskSupport, Weights, add_counts,
    int_or_unknown, last_dim, size_or_unknown, mul_counts, require_rank, signature, single,
)
from lstm_lint.values import UNKNOWN, Unknown

_RNN_INITIALIZERS: Dict[str, Any] = dict(
    kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
)
_RNN_REGULARIZERS: Dict[str, Any] = dict(
    kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
    activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
)
_RNN_FLAGS: Dict[str, Any] = dict(return_sequences=False, return_state=False, go_backwards=False,
                                  stateful=False, unroll=False)

# gates per cell: how many (kernel, recurrent kernel, bias) blocks the cell's build() creates.
_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}
# states returned after the output with return_state=True.
_STATES = {"SimpleRNN": 1, "LSTM": 2, "GRU": 1}


def recurrent_weights(class_name: str, config: Config, input_dim: Any) -> Weights:
    """Weights of one recurrent cell of ``class_name`` built on an input of ``input_dim`` features."""
    units = size_or_unknown(config["units"])
    use_bias = config["use_bias"]
    reset_after = config.get("reset_after", False)
    if isinstance(use_bias, Unknown) or isinstance(reset_after, Unknown):
        return UNKNOWN_WEIGHTS
    if input_dim is None:
        raise BuildError("size", f"{class_name} needs a known feature dimension, got None")
    gates = _GATES[class_name]
    kernels = mul_counts(units, add_counts(int_or_unknown(input_dim), units))
    bias_rows = (2 if reset_after else 1) if use_bias else 0
    return Weights(mul_counts(gates, add_counts(kernels, mul_counts(bias_rows, units))))


def recurrent_output(class_name: str, config: Config, shape: MaybeShape) -> ShapeTree:
    """Output of a recurrent layer of ``class_name`` on a (batch, time, features) input.

    With ``return_state`` the number of outputs is known even when their shapes are not, so that
    ``out, h, c = LSTM(..., return_state=True)(x)`` unpacks whatever the input is."""
    require_rank(class_name, shape, ndim=3)
    units = size_or_unknown(config["units"])
    return_sequences = config["return_sequences"]
    return_state = config["return_state"]
    if isinstance(return_state, Unknown):
        return UNKNOWN
    output: MaybeShape
    state: MaybeShape
    if isinstance(shape, Unknown):
        output, state = UNKNOWN, UNKNOWN
    else:
        batch = shape[0]
        state = (batch, units)
        if isinstance(return_sequences, Unknown):
            output = UNKNOWN
        else:
            output = (batch, shape[1], units) if return_sequences else (batch, units)
    if not return_state:
        return output
    outputs: List[ShapeTree] = [output]
    return outputs + [state] * _STATES[class_name]


# Keywords LSTM and GRU take through **kwargs: RNN's zero_output_for_mask, and the Keras 2
# `implementation` argument, which Keras 3 still accepts and ignores.
_PASSED_TO_RNN = ("zero_output_for_mask", "implementation")


def _rnn_spec(class_name: str, sig: Tuple[Any, ...], extra_keywords: Tuple[str, ...]) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        return recurrent_output(class_name, config, single(inputs))

    def weights(config: Config, inputs: ShapeTree) -> Weights:
        return recurrent_weights(class_name, config, last_dim(single(inputs)))

    return LayerSpec(class_name, sig, output=output, weights=weights, extra_keywords=extra_keywords,
                     masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.RECURRENT))


SIMPLE_RNN = _rnn_spec("SimpleRNN", signature(
    "units", activation="tanh", use_bias=True, **_RNN_INITIALIZERS, **_RNN_REGULARIZERS,
    dropout=0.0, recurrent_dropout=0.0, **_RNN_FLAGS, seed=None,
), extra_keywords=("zero_output_for_mask",))
LSTM = _rnn_spec("LSTM", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    unit_forget_bias=True, **_RNN_REGULARIZERS, dropout=0.0, recurrent_dropout=0.0, seed=None,
    **_RNN_FLAGS, use_cudnn="auto",
), extra_keywords=_PASSED_TO_RNN)
GRU = _rnn_spec("GRU", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    **_RNN_REGULARIZERS, dropout=0.0, recurrent_dropout=0.0, seed=None, **_RNN_FLAGS,
    reset_after=True, use_cudnn="auto",
), extra_keywords=_PASSED_TO_RNN)

RECURRENT_CLASSES = tuple(_GATES)


def _inner(config: Config, argument: str) -> Any:
    """The wrapped layer (an object with ``spec`` and ``config``), or None when not a layer of a
    class lstm-lint models."""
    layer = config.get(argument)
    if getattr(layer, "spec", None) is None:
        return None
    return layer


def _wrapped_output(layer: Any, shape: MaybeShape) -> ShapeTree:
    output: ShapeTree = layer.spec.output(layer.config, shape)
    return output


def _bidirectional_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # keras/src/layers/rnn/bidirectional.py compute_output_shape.
    forward = _inner(config, "layer")
    merge_mode = config["merge_mode"]
    shape = single(inputs)
    if forward is None or isinstance(merge_mode, Unknown):
        return UNKNOWN
    result = _wrapped_output(forward, shape)
    return_state = forward.config.get("return_state", False)
    if isinstance(return_state, Unknown):
        return UNKNOWN
    states: List[ShapeTree] = []
    if return_state and isinstance(result, list):
        states = result[1:]
        result = result[0]
    output: ShapeTree
    if isinstance(result, Unknown) or isinstance(result, list):
        output = UNKNOWN if merge_mode is not None else [UNKNOWN, UNKNOWN]
    elif merge_mode == "concat":
        # Keras doubles the forward layer's last axis (it assumes the backward layer matches).
        last = result[-1]
        output = result[:-1] + ((last * 2) if isinstance(last, int) else last,)
    elif merge_mode is None:
        output = [result, result]
    elif merge_mode in ("sum", "mul", "ave"):
        output = result
    else:
        raise BuildError("value", f"Bidirectional merge_mode must be one of 'sum', 'mul', 'ave', "
                                  f"'concat' or None, got {merge_mode!r}")
    if not return_state:
        return output
    leading = output if isinstance(output, list) else [output]
    return leading + states + states


def _bidirectional_weights(config: Config, inputs: ShapeTree) -> Weights:
    forward = _inner(config, "layer")
    if forward is None:
        return UNKNOWN_WEIGHTS
    backward = _inner(config, "backward_layer")
    if config.get("backward_layer") is not None and backward is None:
        return UNKNOWN_WEIGHTS
    shape = single(inputs)
    forward_weights: Weights = forward.spec.weights(forward.config, shape)
    if backward is None:
        return forward_weights.scaled(2)
    backward_weights: Weights = backward.spec.weights(backward.config, shape)
    return forward_weights + backward_weights


BIDIRECTIONAL = LayerSpec(
    "Bidirectional",
    signature("layer", merge_mode="concat", weights=None, backward_layer=None),
    output=_bidirectional_output,
    weights=_bidirectional_weights,
    layer_arguments=("layer", "backward_layer"),
    masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.BIDIRECTIONAL),
)


def _inner_input(shape: MaybeShape) -> MaybeShape:
    # time_distributed.py: the inner layer sees (batch,) + input[2:].
    require_rank("TimeDistributed", shape, min_ndim=3)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0],) + shape[2:]


def _time_distributed_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    layer = _inner(config, "layer")
    shape = single(inputs)
    inner_input = _inner_input(shape)
    if layer is None or isinstance(shape, Unknown):
        return UNKNOWN
    inner = _wrapped_output(layer, inner_input)
    if not isinstance(inner, tuple):
        return UNKNOWN
    return (shape[0], shape[1]) + inner[1:]


def _time_distributed_weights(config: Config, inputs: ShapeTree) -> Weights:
    layer = _inner(config, "layer")
    if layer is None:
        return UNKNOWN_WEIGHTS
    result: Weights = layer.spec.weights(layer.config, _inner_input(single(inputs)))
    return result


TIME_DISTRIBUTED = LayerSpec(
    "TimeDistributed",
    signature("layer"),
    output=_time_distributed_output,
    weights=_time_distributed_weights,
    layer_arguments=("layer",),
    masking=MaskSupport(supports=True, call_takes_mask=True),
)

SPECS = (SIMPLE_RNN, LSTM, GRU, BIDIRECTIONAL, TIME_DISTRIBUTED)
