"""Recurrent layers, their cells and their wrappers (``keras/src/layers/rnn``).

i = size of the last input axis, u = units, b = 1 with ``use_bias`` else 0:
SimpleRNN u·(i+u) + b·u; LSTM 4·(u·(i+u) + b·u); GRU 3·(u·(i+u) + b·u) and, with the default
``reset_after=True``, a second bias row: 3·(u·(i+u) + 2·b·u). ``RNN(cell)`` has its cells' weights
(a stack of cells: each cell built on the previous one's output); ConvLSTM, with k = prod(kernel_size)
and f = filters, k·i·4f + k·f·4f + b·4f.
"""
from __future__ import annotations

from typing import Any, Collection, Dict, Iterator, List, Optional, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, format_shape, product
from lstm_lint.layers.checks import Check, CheckContext, mirrored_backward_layer, one_of, positive_sizes
from lstm_lint.layers.conv import _channels_first, _join, _split, _standardize_tuple, _window_output
from lstm_lint.layers.spec import (
    UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, NumpyIntegers, MaskKind, MaskSupport, Source, Weights, add_counts,
    as_tuple, example, int_or_unknown, last_dim, size_or_unknown, mul_counts, require_rank, signature, single,
)
from lstm_lint.layers.traits import Trait
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


def recurrent_weights(class_name: str, config: Config, input_dim: Any, label: str = "") -> Weights:
    """Weights of one recurrent cell of ``class_name`` built on an input of ``input_dim`` features
    (``label``: the class to name in an error, when not ``class_name``)."""
    units = size_or_unknown(config["units"])
    use_bias = config["use_bias"]
    reset_after = config.get("reset_after", False)
    if isinstance(use_bias, Unknown) or isinstance(reset_after, Unknown):
        return UNKNOWN_WEIGHTS
    if input_dim is None:
        raise BuildError("size", f"{label or class_name} needs a known feature dimension, got None")
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


# The settings the fused cuDNN kernel needs (lstm.py / gru.py ``call``, and
# ``backend/tensorflow/rnn.py`` ``_do_lstm_arguments_support_cudnn`` / ``_do_gru_arguments_support_cudnn``).
_CUDNN: Dict[str, Tuple[Tuple[str, Any], ...]] = {
    "LSTM": (("activation", "tanh"), ("recurrent_activation", "sigmoid"), ("recurrent_dropout", 0),
             ("unroll", False), ("use_bias", True)),
}
_CUDNN["GRU"] = _CUDNN["LSTM"] + (("reset_after", True),)


def parameter_formula(class_name: str) -> Any:
    """``; 4 × 50 × (3 + 50 + 1) = 10,800 parameters``: the count of LSTMCell/GRUCell/SimpleRNNCell's
    build() with the values put in, or "" when a value is unknown."""
    gates = _GATES[class_name]

    def formula(config: Config, features: Dim) -> str:
        units, use_bias = config.get("units"), config.get("use_bias")
        if not isinstance(units, int) or isinstance(units, bool) or not isinstance(features, int) \
                or not isinstance(use_bias, bool):
            return ""
        bias = 0 if not use_bias else (2 if class_name == "GRU" and config.get("reset_after") is True else 1)
        total = gates * units * (features + units + bias)
        gate_text = f"{gates} × " if gates > 1 else ""
        bias_text = f" + {bias}" if bias else ""
        return f"; {gate_text}{units} × ({features} + {units}{bias_text}) = {total:,} parameters"

    return formula


# ``RNN.build(sequences_shape, initial_state_shape=None)``: the shapes of these ``call()`` arguments.
_SEQUENCE_INPUTS = ("sequences", "initial_state")


def _rnn_spec(class_name: str, sig: Tuple[Any, ...], extra_keywords: Tuple[str, ...],
              examples: Tuple[Any, ...]) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        return recurrent_output(class_name, config, single(inputs))

    def weights(config: Config, inputs: ShapeTree) -> Weights:
        return recurrent_weights(class_name, config, last_dim(single(inputs)))

    return LayerSpec(class_name, sig, output=output, weights=weights, extra_keywords=extra_keywords,
                     masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.RECURRENT),
                     traits=frozenset({Trait.RECURRENT, Trait.CLAMPS_DROPOUT}), several_outputs_as_tuple=True,
                     checks=(positive_sizes("units"),), cudnn=_CUDNN.get(class_name, ()),
                     parameter_formula=parameter_formula(class_name), examples=examples,
                     build_inputs=_SEQUENCE_INPUTS,
                     # rnn.py: the cell's state_size and output_size must be ints.
                     numpy_integers=NumpyIntegers(refused=("units",)))


def _rnn_examples(*extra: Any) -> Tuple[Any, ...]:
    return (example({"units": 4}, (None, 5, 3)),
            example({"units": 4, "return_sequences": True, "return_state": True}, (None, None, 3)),
            example({"units": 2, "use_bias": False, "go_backwards": True}, (None, 5, 3)),
            *extra,
            example({"units": 0}, (None, 5, 3), raises=True),
            example({"units": 4}, (None, 3), raises=True))


SIMPLE_RNN = _rnn_spec("SimpleRNN", signature(
    "units", activation="tanh", use_bias=True, **_RNN_INITIALIZERS, **_RNN_REGULARIZERS,
    dropout=0.0, recurrent_dropout=0.0, **_RNN_FLAGS, seed=None,
), extra_keywords=("zero_output_for_mask",), examples=_rnn_examples())
LSTM = _rnn_spec("LSTM", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    unit_forget_bias=True, **_RNN_REGULARIZERS, dropout=0.0, recurrent_dropout=0.0, seed=None,
    **_RNN_FLAGS, use_cudnn="auto",
), extra_keywords=_PASSED_TO_RNN, examples=_rnn_examples(example({"units": 3, "stateful": True}, (2, 5, 3))))
GRU = _rnn_spec("GRU", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    **_RNN_REGULARIZERS, dropout=0.0, recurrent_dropout=0.0, seed=None, **_RNN_FLAGS,
    reset_after=True, use_cudnn="auto",
), extra_keywords=_PASSED_TO_RNN, examples=_rnn_examples(example({"units": 3, "reset_after": False}, (None, 5, 3))))

RECURRENT_CLASSES = tuple(_GATES)

# ---- cells, RNN(cell) and StackedRNNCells ---------------------------------------------------------

# Each cell class and the layer that runs it (whose gates and states it has).
_CELL_LAYERS = {"SimpleRNNCell": "SimpleRNN", "LSTMCell": "LSTM", "GRUCell": "GRU"}
# Modelled classes that are no cell: without ``state_size``, RNN's constructor rejects them.
_NOT_CELLS = ("Dense", "Conv1D", "Conv2D", "Embedding", "Dropout", "Flatten", "Activation")


def keras_cell_sizes(cell: Any) -> Optional[Tuple[Any, Any]]:
    """A Keras cell's ``state_size`` and ``output_size`` (``rnn/*_cell``: an LSTMCell's state is
    ``[units, units]``, the others' ``units``; the output is ``units``), as a stack of cells
    (stacked_rnn_cells.py) reads them; None for anything but one of these cells, UNKNOWN sizes
    where its units are not known."""
    if getattr(cell, "spec", None) is None or getattr(cell, "class_name", None) not in _CELL_LAYERS:
        return None
    units = size_or_unknown(cell.config.get("units"))
    state_size: Any = [units, units] if cell.class_name == "LSTMCell" else units
    return state_size, units


def _cell_output(class_name: str) -> Any:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        # call(inputs, states, training=False): a cell alone steps once and needs its states. A
        # single shape: called on one tensor (in a Sequential), so without them.
        named: List[Any] = [inputs, None] if isinstance(inputs, tuple) else inputs \
            if isinstance(inputs, list) else []
        if len(named) < 2:
            return UNKNOWN
        step, states = named[0], named[1]
        if states is None:
            raise BuildError("value", f"{class_name} is called on (inputs, states): without its states it "
                                      "cannot run (use it in RNN(cell))")
        units = size_or_unknown(config.get("units"))
        _require_state_size(class_name, config, units, step, states)
        # One state tensor (SimpleRNN, GRU): the output and the new state, of the same shape.
        if class_name == "StackedRNNCells" or class_name == "LSTMCell" or not isinstance(units, int) \
                or not isinstance(step, tuple) or not isinstance(states, tuple) \
                or len(step) < 2 or states != step[:-1] + (units,):
            return UNKNOWN
        if len(step) > 2 and class_name != "SimpleRNNCell":
            # SimpleRNNCell adds two projections of the same shape when the state has the step's
            # axes (every backend traces equal None sizes alike); GRUCell cuts its gates on axis 1.
            return UNKNOWN
        return [states, states]
    return output


def _require_state_size(class_name: str, config: Config, units: Any, step: Any, states: Any) -> None:
    """simple_rnn_cell.py and gru_cell.py ``call``: the state (the tensor, or the first of a list)
    is multiplied by ``recurrent_kernel``, of ``units`` rows (``ops.matmul(prev_output,
    self.recurrent_kernel)``; GRUCell's ``h_tm1`` alike, with or without ``reset_after``), so its
    last axis must be ``units`` long: the symbolic call raises on every backend otherwise. Other
    mismatches (a ``None`` size against a known one, a batch axis against a time axis) fail on some
    backends, or for some data, only: no error for them."""
    if class_name not in ("SimpleRNNCell", "GRUCell") or not isinstance(units, int):
        return
    state = states[0] if isinstance(states, list) and states else states
    if not isinstance(state, tuple) or not state:
        return
    size = state[-1]
    if isinstance(size, int) and not isinstance(size, bool) and size != units:
        raise BuildError("size", f"{class_name}({units}) is called on a state of shape {format_shape(state)}: "
                                 f"its last axis must be units={units} long, the rows of its recurrent kernel")
    if isinstance(step, tuple) and step and (class_name == "SimpleRNNCell" or len(state) == 2):
        # SimpleRNNCell's ``h + ops.matmul(prev_output, self.recurrent_kernel)``, GRUCell's
        # ``x_z + recurrent_z`` (a rank-2 state's projection cut to (batch, units)): the step's
        # projection, the step with its last axis units long, is broadcast against the state's;
        # two known sizes other than 1 that differ cannot be.
        projected = step[:-1] + (units,)
        for mine, theirs in zip(reversed(projected), reversed(state)):
            if _is_int(mine) and _is_int(theirs) and mine != theirs and 1 not in (mine, theirs):
                raise BuildError("size", f"{class_name}({units}) adds its step's projection, of shape "
                                         f"{format_shape(projected)}, to its state's, of shape "
                                         f"{format_shape(state)}: they cannot be broadcast")
    if class_name == "GRUCell" and len(state) != 2 and _gates_at_once(config) \
            and (len(state) == 1 or units > 1):
        # implementation 2 cuts the gates out of the state's projection on axis 1
        # (``matrix_inner[:, :self.units]``): a rank-1 state has no axis 1, and on a rank-3 one
        # the cut keeps the last axis 2 or 3 units long, which x_z (units long) cannot be added to.
        raise BuildError("size", f"GRUCell({units}) is called on a state of shape {format_shape(state)}: "
                                 "it takes a state of rank 2, (batch, units)")


def _gates_at_once(config: Config) -> bool:
    """gru_cell.py ``__init__``: ``implementation`` 2 (the default) unless a recurrent dropout is
    given, which makes it 1."""
    implementation, recurrent_dropout = config.get("implementation", 2), config.get("recurrent_dropout", 0.0)
    return implementation == 2 and isinstance(recurrent_dropout, (int, float)) and recurrent_dropout == 0


def _cell_weights(class_name: str) -> Any:
    def weights(config: Config, inputs: ShapeTree) -> Weights:
        step = inputs[0] if isinstance(inputs, list) and inputs else inputs
        input_dim = last_dim(step) if isinstance(step, tuple) else UNKNOWN
        if class_name == "StackedRNNCells":
            return _stack_weights(config["cells"], input_dim)  # a list: the stack's cells
        return recurrent_weights(_CELL_LAYERS[class_name], config, input_dim, class_name)
    return weights


def _leaves(cell: Any) -> Union[Tuple[List[Any], bool], Unknown]:
    """The cells an RNN runs, in order, and whether they are stacked (a list, or StackedRNNCells):
    UNKNOWN unless every one is a cell class lstm-lint models."""
    stacked = isinstance(cell, (list, tuple))
    if getattr(cell, "class_name", None) == "StackedRNNCells" and cell.spec is not None:
        cell, stacked = cell.config.get("cells"), True
        if not isinstance(cell, (list, tuple)):
            return UNKNOWN
    cells = list(cell) if stacked else [cell]
    if not all(getattr(one, "spec", None) is not None and one.class_name in _CELL_LAYERS for one in cells):
        return UNKNOWN
    return cells, stacked


def _stack_weights(cell: Any, input_dim: Dim) -> Weights:
    """The weights of ``cell`` (one cell, a list of them or StackedRNNCells) built on ``input_dim``
    features (stacked_rnn_cells.py build: each cell on the previous cell's output size)."""
    leaves = _leaves(cell)
    if isinstance(leaves, Unknown):
        return UNKNOWN_WEIGHTS
    total = Weights(0)
    size: Any = input_dim
    for cell in leaves[0]:
        total = total + recurrent_weights(_CELL_LAYERS[cell.class_name], cell.config, size, cell.class_name)
        size = size_or_unknown(cell.config["units"])
    return total


def _reject_cell(config: Config) -> None:
    cell: Any = config.get("cell")
    if isinstance(cell, (list, tuple)) and not cell:
        raise BuildError("value", "RNN needs at least one cell, got an empty list")
    if getattr(cell, "spec", None) is not None and cell.class_name in _NOT_CELLS:
        raise BuildError("value", f"RNN: {cell.class_name} is not an RNN cell (it has no state_size)")
    if getattr(cell, "class_name", None) == "StackedRNNCells" and cell.spec is not None \
            and isinstance(cell.config.get("cells"), (list, tuple)) and not cell.config["cells"]:
        raise BuildError("value", "RNN needs at least one cell, got StackedRNNCells([])")


def _rnn_layer_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # rnn.py compute_output_shape: the output of the last cell; with return_state, one state per
    # entry of the cell's state_size (an LSTMCell has two; a stack of cells has one entry per cell,
    # itself a list for an LSTMCell: Keras then returns nested lists of states).
    _reject_cell(config)
    shape = single(inputs)
    sizes = getattr(getattr(config.get("cell"), "custom", None), "rnn_cell", None)
    if sizes is not None:
        # A cell of the program's own class (a Bidirectional's copy of an RNN over it): its sizes
        # as it holds them, without building it.
        return program_cell_output(config, shape, *sizes(UNKNOWN, False))
    leaves = _leaves(config.get("cell"))
    return_sequences, return_state = config["return_sequences"], config["return_state"]
    if not isinstance(shape, Unknown) and len(shape) < 2:
        # compute_output_shape reads the time axis, sequences_shape[1]: an IndexError.
        raise BuildError("rank", f"RNN expects input with ndim>=2, found ndim={len(shape)} "
                                 f"(input shape {format_shape(shape)})")
    if isinstance(leaves, Unknown) or isinstance(return_state, Unknown) or isinstance(shape, Unknown):
        return UNKNOWN
    cells, stacked = leaves
    batch = shape[0]
    output_size = size_or_unknown(cells[-1].config.get("units"))
    output: MaybeShape
    if isinstance(return_sequences, Unknown):
        output = UNKNOWN
    else:
        output = (batch, shape[1], output_size) if return_sequences else (batch, output_size)
    if not return_state:
        return output
    states: List[ShapeTree] = []
    for cell in cells:
        units = size_or_unknown(cell.config.get("units"))
        cell_states: List[ShapeTree] = [(batch, units)] * _STATES[_CELL_LAYERS[cell.class_name]]
        # A stack's state_size has one entry per cell, a list for an LSTMCell's [h, c]: Keras
        # returns that entry's states as one nested list (output, [h, c], h2).
        states += [cell_states] if stacked and len(cell_states) > 1 else cell_states
    outputs: List[ShapeTree] = [output]
    return outputs + states


def program_cell_output(config: Config, inputs: ShapeTree, state_size: Any, output_size: Any) -> ShapeTree:
    """``RNN(cell)`` for a cell of the program's own class (rnn.py ``__init__`` and
    ``compute_output_shape``): the cell's ``state_size`` (an int, or a list or tuple of ints or of
    lists of them) gives the states, its ``output_size`` (else the first state size) the output.
    Keras never runs the cell's ``call`` for these shapes. UNKNOWN where a value is not known, or
    where Keras raises (a state size of another type, an output size that is not an int)."""
    shape = single(inputs)
    return_sequences, return_state = config["return_sequences"], config["return_state"]
    if isinstance(shape, Unknown) or len(shape) < 3 or not isinstance(return_sequences, bool) \
            or not isinstance(return_state, bool):
        return UNKNOWN
    sizes: List[Any] = [state_size] if _is_int(state_size) else list(state_size) \
        if isinstance(state_size, (list, tuple)) else []
    if not sizes or not all(_is_int(size) or (isinstance(size, (list, tuple)) and all(
            _is_int(inner) for inner in size)) for size in sizes):
        return UNKNOWN
    batch = shape[0]
    if output_size is None:
        output_size = sizes[0]
    if not _is_int(output_size):
        return UNKNOWN
    output: MaybeShape = (batch, shape[1], output_size) if return_sequences else (batch, output_size)
    if not return_state:
        return output
    states: List[ShapeTree] = [(batch, size) if _is_int(size) else [(batch, inner) for inner in size]
                               for size in sizes]
    return [output] + states


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _rnn_layer_weights(config: Config, inputs: ShapeTree) -> Weights:
    # rnn.py build: the cell is built on one step, (batch,) + input[2:].
    _reject_cell(config)
    shape = single(inputs)
    if isinstance(shape, Unknown):
        return _stack_weights(config.get("cell"), UNKNOWN)
    # On a sequence of rank 2 the step is (batch,): the cell takes the batch size for its features
    # (a model Keras builds, and then cannot run).
    step = (shape[0],) + tuple(shape[2:])
    return _stack_weights(config.get("cell"), step[-1])


_CELL_ARGUMENTS: Dict[str, Any] = dict(
    kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
    recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
)
_CELL_CALL = ("inputs", "states")


def _cell_spec(class_name: str, sig: Tuple[Any, ...], examples: Tuple[Any, ...],
               extra_keywords: Tuple[str, ...] = ()) -> LayerSpec:
    layer = _CELL_LAYERS[class_name]
    return LayerSpec(class_name, sig, output=_cell_output(class_name), weights=_cell_weights(class_name),
                     call_inputs=_CELL_CALL, extra_keywords=extra_keywords, examples=examples,
                     traits=frozenset({Trait.CLAMPS_DROPOUT}), checks=(positive_sizes("units"),),
                     fused_layer=layer if layer in _CUDNN else "", output_by_call=True)


def _one_step(units: int, *rest: Any) -> Tuple[Any, ...]:
    """Examples of a bare cell: one step on (inputs, state), the call without states Keras rejects,
    and a state of another size than ``units``."""
    config = {"units": units, **dict(rest)}
    return (example(config, (None, 3), (None, units)), example(config, (None, 3), raises=True),
            example(config, (None, 3), (None, units + 1), raises=True))


SIMPLE_RNN_CELL = _cell_spec("SimpleRNNCell", signature(
    "units", activation="tanh", use_bias=True, **_RNN_INITIALIZERS, **_CELL_ARGUMENTS, seed=None,
), _one_step(4) + _one_step(2, ("use_bias", False)) + (
    example({"units": 4}, (None, 3, 5), (None, 3, 4)), example({"units": 2}, (None, None, 3), (None, None, 2)),
    example({"units": 4}, (None, 3, 5), (None, 12, 4), raises=True)))
LSTM_CELL = _cell_spec("LSTMCell", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    unit_forget_bias=True, **_CELL_ARGUMENTS, seed=None,
), (example({"units": 4}, (None, 3), raises=True),), extra_keywords=("implementation",))
GRU_CELL = _cell_spec("GRUCell", signature(
    "units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
    **_CELL_ARGUMENTS, reset_after=True, seed=None,
), _one_step(4) + _one_step(3, ("reset_after", False)) + (
    example({"units": 4}, (None, 3), (None, 2, 4), raises=True),
    example({"units": 3, "reset_after": False}, (None, 3, 5), (None, 3, 3), raises=True),
    example({"units": 4}, (None, 3), (4,), raises=True),
    example({"units": 4}, (2, 3), (5, 4), raises=True),
), extra_keywords=("implementation",))
STACKED_RNN_CELLS = LayerSpec(
    "StackedRNNCells", signature("cells"), output=_cell_output("StackedRNNCells"),
    weights=_cell_weights("StackedRNNCells"), call_inputs=_CELL_CALL, layer_arguments=("cells",),
    output_by_call=True,
    examples=(example({"cells": Source("[layers.GRUCell(4), layers.GRUCell(2)]")}, (None, 3), raises=True),),
)


def _rnn(cell: str, **options: Any) -> Dict[str, Any]:
    return {"cell": Source(cell), **options}


RNN = LayerSpec(
    "RNN",
    signature("cell", return_sequences=False, return_state=False, go_backwards=False, stateful=False,
              unroll=False, zero_output_for_mask=False),
    output=_rnn_layer_output,
    weights=_rnn_layer_weights,
    layer_arguments=("cell",),
    build_inputs=_SEQUENCE_INPUTS,
    masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.RECURRENT),
    traits=frozenset({Trait.RECURRENT}),
    several_outputs_as_tuple=True,
    examples=(
        example(_rnn("layers.LSTMCell(4)"), (None, 5, 3)),
        example(_rnn("layers.GRUCell(4)", return_sequences=True), (None, None, 3)),
        example(_rnn("layers.GRUCell(4, reset_after=False, use_bias=False)"), (None, 5, 3)),
        example(_rnn("layers.SimpleRNNCell(6)", go_backwards=True, return_sequences=True), (None, 5, 3)),
        example(_rnn("layers.LSTMCell(4)", return_state=True), (None, 5, 3)),
        example(_rnn("layers.LSTMCell(4)", return_sequences=True, return_state=True), (None, 5, 3)),
        example(_rnn("layers.GRUCell(2)", return_state=True, stateful=True), (2, 5, 3)),
        example(_rnn("[layers.LSTMCell(4), layers.GRUCell(3)]"), (None, 5, 3)),
        example(_rnn("[layers.SimpleRNNCell(4), layers.GRUCell(3, reset_after=False)]", return_sequences=True,
                     return_state=True), (None, 5, 3)),
        example(_rnn("layers.StackedRNNCells([layers.LSTMCell(4), layers.SimpleRNNCell(6)])",
                     return_sequences=True), (None, 5, 3)),
        example(_rnn("[layers.LSTMCell(4), layers.GRUCell(3)]", return_state=True), (None, 5, 3)),
        example(_rnn("layers.StackedRNNCells([layers.GRUCell(3), layers.LSTMCell(4)])", return_sequences=True,
                     return_state=True), (None, 5, 3)),
        example(_rnn("layers.LSTMCell(4)"), (None, 5, 6, 3)),
        example(_rnn("layers.GRUCell(2)", return_state=True, stateful=True), (2, 5)),
        example(_rnn("layers.SimpleRNNCell(4)"), (3, None)),
        example(_rnn("layers.SimpleRNNCell(4)"), (3,), raises=True),
        example(_rnn("layers.LSTMCell(4)"), (None, 5, None), raises=True),
        example(_rnn("layers.LSTMCell(4)"), (None, 5), raises=True),
        example(_rnn("layers.LSTMCell(4)", stateful=True), (None, 5, 3), raises=True),
        example(_rnn("[]"), (2, 5, 3), raises=True),
        example(_rnn("layers.Dense(3)"), (None, 5, 3), raises=True),
    ),
)


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
        output = result[:-1] + (None if last is None else mul_counts(last, 2),)
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


def _copyable_cell() -> Check:
    """bidirectional.py ``__init__`` makes both of its layers again from the wrapped layer's config
    (``layer.__class__.from_config``), and RNN's ``from_config`` finds the cell's class by its
    registered name: a cell of the program's own class that is not registered raises
    ``TypeError: ... could not be deserialized properly`` (``Could not locate class``)."""

    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        layer = config.get("layer")
        inner = getattr(layer, "config", None)
        cell = inner.get("cell") if isinstance(inner, dict) and getattr(layer, "class_name", None) == "RNN" else None
        if context.custom_objects or not getattr(getattr(cell, "custom", None), "unregistered", False):
            return
        from lstm_lint.layers import SPECS  # (the registry imports this module)

        name = getattr(cell, "class_name", None)
        if isinstance(name, str) and name not in SPECS:
            yield (f"Bidirectional copies the RNN from its config, and Keras cannot find the cell's class "
                   f"{name!r} by name (TypeError: Could not locate class {name!r}): decorate it with "
                   "@keras.saving.register_keras_serializable()")

    return check


BIDIRECTIONAL = LayerSpec(
    "Bidirectional",
    signature("layer", merge_mode="concat", weights=None, backward_layer=None),
    output=_bidirectional_output,
    weights=_bidirectional_weights,
    layer_arguments=("layer", "backward_layer"),
    build_inputs=_SEQUENCE_INPUTS,
    masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.BIDIRECTIONAL),
    traits=frozenset({Trait.RECURRENT_WRAPPER, Trait.COPIES_LAYERS}),
    several_outputs_as_tuple=True,
    checks=(one_of("merge_mode", "sum", "mul", "ave", "concat", None), _copyable_cell()),
    pairing_checks=(mirrored_backward_layer(),),
    examples=(
        example({"layer": Source("layers.LSTM(4)")}, (None, 5, 3)),
        example({"layer": Source("layers.GRU(3, return_sequences=True)"), "merge_mode": "sum"}, (None, 5, 3)),
        example({"layer": Source("layers.LSTM(4)"),
                 "backward_layer": Source("layers.SimpleRNN(2, go_backwards=True)"), "merge_mode": None},
                (None, 5, 3)),
        example({"layer": Source("layers.LSTM(4)"), "merge_mode": "add"}, (None, 5, 3), raises=True),
        example({"layer": Source("layers.LSTM(4)"), "backward_layer": Source("layers.LSTM(4)")}, (None, 5, 3),
                raises=True),
    ),
)


def _inner_input(shape: MaybeShape) -> MaybeShape:
    # time_distributed.py: the inner layer sees (batch,) + input[2:].
    require_rank("TimeDistributed", shape, min_ndim=3)
    if isinstance(shape, Unknown):
        return UNKNOWN
    return (shape[0],) + shape[2:]


def _time_distributed_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    _require_inner_output_shape(config.get("layer"))
    layer = _inner(config, "layer")
    shape = single(inputs)
    inner_input = _inner_input(shape)
    if layer is None or isinstance(shape, Unknown):
        return UNKNOWN
    inner = _wrapped_output(layer, inner_input)
    if not isinstance(inner, tuple):
        return UNKNOWN
    return (shape[0], shape[1]) + inner[1:]


def _require_inner_output_shape(layer: Any) -> None:
    """TimeDistributed's output is its layer's ``compute_output_shape`` (time_distributed.py), and
    Keras's ``Layer.compute_output_shape`` raises NotImplementedError: a layer class of the
    program's own, on Keras's ``Layer`` alone, must define one (one set on the object counts too)."""
    custom = getattr(layer, "custom", None)
    if custom is None or custom.keras_class is not None or custom.defines_output_shape is not False:
        return
    if "compute_output_shape" in getattr(custom.attributes, "attrs", {}):
        return
    raise BuildError("value", f"TimeDistributed: layer {layer.class_name} does not have a compute_output_shape "
                              "method, which TimeDistributed calls (Keras raises NotImplementedError)")


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
    traits=frozenset({Trait.PER_STEP_WRAPPER}),
    examples=(example({"layer": Source("layers.Dense(3)")}, (None, 5, 4)),
              example({"layer": Source("layers.Conv1D(2, 3)")}, (None, 5, 7, 4)),
              example({"layer": Source("layers.Dense(3)")}, (None, 4), raises=True)),
)

# ---- ConvLSTM1D/2D/3D (conv_lstm.py: an RNN of one ConvLSTMCell) ---------------------------------


def _conv_lstm_step(class_name: str, rank: int, config: Config, shape: MaybeShape
                    ) -> Union[Tuple[Dim, Tuple[Dim, ...], Dim, bool], Unknown]:
    """(batch, spatial dims, channels, channels_first) of one step, (batch,) + input[2:]; raises
    what the cell's constructor and build() raise."""
    # ConvLSTMCell.__init__: standardize_tuple refuses a tuple of another length than the rank.
    for name, allow_zero in (("kernel_size", False), ("strides", True), ("dilation_rate", False)):
        _standardize_tuple(class_name, config[name], rank, name, allow_zero)
    require_rank(class_name, shape, ndim=rank + 3)
    padding = config["padding"]
    if isinstance(padding, str) and padding.lower() not in ("valid", "same"):
        raise BuildError("value", f"{class_name}: padding must be 'valid' or 'same', got {padding!r}")
    strides, dilation = as_tuple(config["strides"], rank), as_tuple(config["dilation_rate"], rank)
    if not isinstance(strides, Unknown) and not isinstance(dilation, Unknown) \
            and all(isinstance(v, int) for v in strides + dilation) and max(strides) > 1 and max(dilation) > 1:
        raise BuildError("value", f"{class_name}: strides > 1 cannot go with dilation_rate > 1")
    first = _channels_first(config)
    if isinstance(shape, Unknown) or isinstance(first, Unknown):
        return UNKNOWN
    parts = _split((shape[0],) + tuple(shape[2:]), rank, first)
    if isinstance(parts, Unknown):
        return UNKNOWN
    batch, spatial, channels = parts
    if None in spatial:
        raise BuildError("size", f"{class_name} needs static spatial dimensions, got input shape {format_shape(shape)}")
    if channels is None:
        raise BuildError("size", f"{class_name} needs a known channel dimension, got input shape "
                                 f"{format_shape(shape)}")
    return batch, spatial, channels, first


def _conv_lstm_spec(class_name: str, rank: int, examples: Tuple[Any, ...]) -> LayerSpec:
    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        # ConvLSTM.compute_output_shape: the cell's conv output on one step; over time with
        # return_sequences; the two states (h, c) of that shape after it with return_state.
        shape = single(inputs)
        step = _conv_lstm_step(class_name, rank, config, shape)
        return_sequences, return_state = config["return_sequences"], config["return_state"]
        if isinstance(step, Unknown) or isinstance(return_state, Unknown):
            return UNKNOWN
        assert not isinstance(shape, Unknown)
        batch, spatial, _, first = step
        kernel, strides = as_tuple(config["kernel_size"], rank), as_tuple(config["strides"], rank)
        dilation, padding = as_tuple(config["dilation_rate"], rank), config["padding"]
        if isinstance(padding, str):
            padding = padding.lower()
        if isinstance(kernel, Unknown) or isinstance(strides, Unknown) or isinstance(dilation, Unknown):
            new_spatial: Tuple[Dim, ...] = tuple(UNKNOWN for _ in spatial)
        else:
            new_spatial = tuple(_window_output(length, k, s, d, padding, class_name)
                                for length, k, s, d in zip(spatial, kernel, strides, dilation))
        state = _join(batch, new_spatial, size_or_unknown(config["filters"]), first)
        assert not isinstance(state, Unknown)
        sequence: MaybeShape
        if isinstance(return_sequences, Unknown):
            sequence = UNKNOWN
        else:
            sequence = (batch, shape[1]) + state[1:] if return_sequences else state
        if not return_state:
            return sequence
        return [sequence, state, state]

    def weights(config: Config, inputs: ShapeTree) -> Weights:
        # ConvLSTMCell.build: kernel (*kernel_size, channels, 4f), recurrent kernel
        # (*kernel_size, f, 4f) and, with use_bias, a bias of 4f.
        step = _conv_lstm_step(class_name, rank, config, single(inputs))
        kernel = as_tuple(config["kernel_size"], rank)
        filters = size_or_unknown(config["filters"])
        use_bias = config["use_bias"]
        if isinstance(step, Unknown) or isinstance(kernel, Unknown) or isinstance(use_bias, Unknown):
            return UNKNOWN_WEIGHTS
        window = product(kernel) if all(isinstance(k, int) for k in kernel) else UNKNOWN
        if not isinstance(window, int):
            return UNKNOWN_WEIGHTS
        gates = mul_counts(4, filters)
        kernels = mul_counts(mul_counts(window, add_counts(int_or_unknown(step[2]), filters)), gates)
        return Weights(add_counts(kernels, gates if use_bias else 0))

    return LayerSpec(
        class_name,
        # strides and dilation_rate default to 1 at every rank (standardize_tuple repeats it).
        signature("filters", "kernel_size", strides=1, padding="valid", data_format=None, dilation_rate=1,
                  activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_RNN_INITIALIZERS,
                  unit_forget_bias=True, **_RNN_REGULARIZERS, dropout=0.0, recurrent_dropout=0.0, seed=None,
                  return_sequences=False, return_state=False, go_backwards=False, stateful=False),
        output=output,
        weights=weights,
        extra_keywords=("unroll", "zero_output_for_mask"),  # passed on to RNN through **kwargs
        masking=MaskSupport(supports=True, call_takes_mask=True, kind=MaskKind.RECURRENT),
        examples=examples,
        traits=frozenset({Trait.RECURRENT, Trait.CLAMPS_DROPOUT, Trait.DATA_FORMAT}),
        build_inputs=_SEQUENCE_INPUTS,
        several_outputs_as_tuple=True,
    )


CONV_LSTM_1D = _conv_lstm_spec("ConvLSTM1D", 1, (
    example({"filters": 4, "kernel_size": 3}, (None, 5, 7, 3)),
    example({"filters": 4, "kernel_size": 3, "return_sequences": True, "return_state": True}, (None, None, 7, 3)),
    example({"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same", "use_bias": False}, (None, 5, 7, 3)),
    example({"filters": 2, "kernel_size": 3, "dilation_rate": 2}, (None, 5, 9, 3)),
    example({"filters": 2, "kernel_size": 3, "data_format": "channels_first", "go_backwards": True}, (None, 5, 3, 8)),
    example({"filters": 4, "kernel_size": 8}, (None, 5, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 3, "padding": "causal"}, (None, 5, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 5, 9, 3), raises=True),
    example({"filters": 4, "kernel_size": 3}, (None, 5, None, 3), raises=True),
    example({"filters": 4, "kernel_size": 3}, (None, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 2, "strides": (2, 1)}, (None, 5, 7, 3), raises=True),
))
CONV_LSTM_2D = _conv_lstm_spec("ConvLSTM2D", 2, (
    example({"filters": 4, "kernel_size": 3}, (None, 5, 7, 7, 3)),
    example({"filters": 4, "kernel_size": (3, 2), "padding": "same", "strides": 2, "data_format": "channels_first"},
            (None, 5, 3, 7, 9)),
    example({"filters": 3, "kernel_size": 2, "padding": "SAME", "return_sequences": True}, (None, 4, 6, 6, 2)),
    example({"filters": 2, "kernel_size": 3, "return_state": True, "use_bias": False}, (2, 4, 6, 6, 2)),
    example({"filters": 2, "kernel_size": 3, "dilation_rate": (2, 1)}, (None, 4, 8, 6, 2)),
    example({"filters": 4, "kernel_size": 3}, (None, 5, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 3, "stateful": True}, (None, 5, 7, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 3}, (None, 5, 7, 7, None), raises=True),
    example({"filters": 4, "kernel_size": (2, 2, 2)}, (None, 5, 7, 7, 3), raises=True),
    example({"filters": 4, "kernel_size": 2, "dilation_rate": (1, 2, 1)}, (None, 5, 7, 7, 3), raises=True),
))
CONV_LSTM_3D = _conv_lstm_spec("ConvLSTM3D", 3, (
    example({"filters": 2, "kernel_size": 2}, (None, 5, 4, 4, 4, 3)),
    example({"filters": 2, "kernel_size": (1, 2, 3), "padding": "same", "return_sequences": True},
            (None, 3, 4, 5, 6, 2)),
    example({"filters": 2, "kernel_size": 2, "strides": (1, 2, 2), "data_format": "channels_first",
             "return_state": True}, (None, 3, 2, 4, 5, 6)),
    example({"filters": 2, "kernel_size": 5}, (None, 5, 4, 4, 4, 3), raises=True),
    example({"filters": 2, "kernel_size": 2}, (None, 4, 4, 4, 3), raises=True),
))

SPECS = (SIMPLE_RNN, LSTM, GRU, BIDIRECTIONAL, TIME_DISTRIBUTED, SIMPLE_RNN_CELL, LSTM_CELL, GRU_CELL,
         STACKED_RNN_CELLS, RNN, CONV_LSTM_1D, CONV_LSTM_2D, CONV_LSTM_3D)


def recurrent_formula(class_name: str, config: Config, input_dim: Any) -> Optional[Tuple[str, str, int]]:
    """How a SimpleRNN, LSTM or GRU layer's weights add up (its cell's build()), in words and with
    the values put in: ``("4 × (units × (units + input_dim) + units)", "4 × (64 × (64 + 3) + 64)",
    17408)``. None for another class, or when units, the input's features or the flags that shape
    the bias are not known."""
    gates = _GATES.get(class_name)
    units = config.get("units")
    use_bias = config.get("use_bias")
    reset_after = config.get("reset_after", False)
    if gates is None or type(units) is not int or type(input_dim) is not int or type(use_bias) is not bool \
            or type(reset_after) is not bool:
        return None
    bias_rows = (2 if reset_after else 1) if use_bias else 0
    bias_words = {0: "", 1: " + units", 2: " + 2 × units"}[bias_rows]
    bias_values = {0: "", 1: f" + {units}", 2: f" + 2 × {units}"}[bias_rows]
    words = f"units × (units + input_dim){bias_words}"
    values = f"{units} × ({units} + {input_dim}){bias_values}"
    if gates > 1:
        words, values = f"{gates} × ({words})", f"{gates} × ({values})"
    return words, values, gates * (units * (units + input_dim) + bias_rows * units)


def bidirectional_formula(config: Config, input_dim: Any) -> Optional[Tuple[str, str, int]]:
    """``recurrent_formula`` doubled, for a Bidirectional wrapper whose backward layer is a copy of
    the forward one (no ``backward_layer``)."""
    forward = _inner(config, "layer")
    if forward is None or config.get("backward_layer") is not None:
        return None
    inner = recurrent_formula(forward.class_name, forward.config, input_dim)
    if inner is None:
        return None
    words, values, total = inner
    if words.startswith("units"):  # SimpleRNN's sum, not yet in brackets
        words, values = f"({words})", f"({values})"
    return f"2 × {words}", f"2 × {values}", 2 * total
