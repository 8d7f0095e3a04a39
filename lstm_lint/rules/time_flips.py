"""Whether a program flips a time-reversed sequence back before it uses it (LL309).

A recurrent layer with ``go_backwards=True`` and ``return_sequences=True`` returns its sequence
last step first. Each use of that output is judged here:

* *flipped back*: the use reverses the time axis, as Keras's own ``Bidirectional`` does
  (``ops.flip(y_rev, axis=1)``): ``keras.ops.flip``, ``tf.reverse``, tf.keras 2's
  ``keras.backend.reverse``, or a slice with a negative step on the time axis (``x[:, ::-1]``);
* *cannot tell*: the use may put the steps back in order, and lstm-lint cannot see whether it does:
  a flip over an axis that is not known, a ``Lambda`` layer, a function or class of the user's or of
  another library, an op that picks steps by index or runs a function (``keras.ops.take``,
  ``keras.ops.map``, ``tf.gather``, ``tf.map_fn``, ...), or a value that is one of several tensors
  depending on a condition;
* *reversed*: anything else reads the steps in the order the layer returns them: a Keras layer, a
  Keras or TensorFlow op, a flip over another axis, or the model's output itself.

The flip must be applied to the layer's output itself: what follows a use (``flip(y * 2, axis=1)``)
is not followed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

from lstm_lint.graph.objects import CallArguments, Layer, Model, Operation, Tensor
from lstm_lint.layers.traits import Trait
from lstm_lint.rules.base import describe_layer
from lstm_lint.rules.facts import has_trait
from lstm_lint.source.names import keras_subpath

FLIPPED_BACK = "flipped back"
CANNOT_TELL = "cannot tell"
REVERSED = "reversed"

# keras.ops functions that can put time steps in any order: they pick steps by index, split the
# sequence into steps, write steps at given places, or run a function lstm-lint does not follow.
KERAS_REORDERING_OPS = frozenset({
    "take", "take_along_axis", "unstack", "split", "array_split", "scatter", "scatter_update",
    "slice_update", "map", "vectorized_map", "scan", "associative_scan", "fori_loop", "while_loop",
    "cond", "switch",
})
# The same in tf.keras 2's keras.backend (whose reverse is judged as a flip).
KERAS2_REORDERING_BACKEND = frozenset({
    "map_fn", "foldl", "foldr", "rnn", "switch", "in_train_phase", "in_test_phase",
})
# The same among TensorFlow's functions (after ``tensorflow.``).
TENSORFLOW_REORDERING = frozenset({
    "reverse_sequence", "gather", "gather_nd", "batch_gather", "unstack", "split", "dynamic_partition",
    "scatter_nd", "tensor_scatter_nd_update", "map_fn", "vectorized_map", "scan", "foldl", "foldr",
    "while_loop", "cond", "case", "switch_case", "py_function", "numpy_function", "py_func",
    "image.flip_left_right", "image.flip_up_down", "image.random_flip_left_right",
    "image.random_flip_up_down", "experimental.numpy.take", "experimental.numpy.take_along_axis",
    "experimental.numpy.fliplr", "experimental.numpy.flipud", "experimental.numpy.split",
})


@dataclass(frozen=True)
class Use:
    """One use of the reversed sequence, and what it sees."""

    verdict: str  # FLIPPED_BACK, CANNOT_TELL or REVERSED
    clause: str  # for the message: "Dense 'dense' takes it ...", "model 'm' returns it as it is"


@dataclass(frozen=True)
class _Flip:
    """A function that reverses the axes its argument ``axis`` names."""

    tensor_name: str  # the name of its first parameter, the tensor
    axis_name: str
    axis_required: bool  # False: the axis defaults to None, every axis


_KERAS_FLIP = _Flip("x", "axis", axis_required=False)  # keras.ops.flip(x, axis=None)
_KERAS2_REVERSE = _Flip("x", "axes", axis_required=True)  # tf.keras 2 keras.backend.reverse(x, axes)
_TENSORFLOW_REVERSE = _Flip("tensor", "axis", axis_required=True)  # tf.reverse(tensor, axis, name=None)
_TENSORFLOW_NUMPY_FLIP = _Flip("m", "axis", axis_required=False)  # tf.experimental.numpy.flip(m, axis=None)
_TENSORFLOW_FLIPS = {"reverse": _TENSORFLOW_REVERSE, "reverse_v2": _TENSORFLOW_REVERSE,
                     "experimental.numpy.flip": _TENSORFLOW_NUMPY_FLIP}
_NOT_GIVEN = object()
_UNFLIPPED = "takes it without flipping the time axis back"


def time_axis_of(layer: Layer) -> Optional[int]:
    """The time axis of a recurrent layer's sequence output: 1, or 0 with tf.keras 2's
    ``time_major=True``; None when ``time_major`` is given a value lstm-lint does not know."""
    time_major = layer.given.get("time_major", False)
    if time_major is False:
        return 1
    return 0 if time_major is True else None


def model_outputs(models: Sequence[Model]) -> Dict[int, List[Tuple[Model, int]]]:
    """``id()`` of each tensor some model outputs -> (model, output index)."""
    found: Dict[int, List[Tuple[Model, int]]] = {}
    for model in models:
        for index, tensor in enumerate(_outputs_of(model)):
            found.setdefault(id(tensor), []).append((model, index))
    return found


def uses_of(sequence: Tensor, time_axis: Optional[int], outputs: Dict[int, List[Tuple[Model, int]]]
            ) -> List[Use]:
    """Every use the program makes of ``sequence``, a rank-3 sequence reversed in time: the layers
    and ops that take it, and the models that return it. A model that returns it and is called as
    a layer passes it on: the uses of that call's output count instead. So does a model called on
    it: the uses of its input inside count."""
    found: List[Use] = []
    seen: Set[int] = set()
    stack = [sequence]
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        for node in tensor.consumers:
            operation = node.operation
            if isinstance(operation, Model):
                if len(operation.inputs) == 1 and node.inputs and node.inputs[0] is tensor:
                    stack.append(operation.inputs[0])
                else:
                    found.append(Use(CANNOT_TELL, f"{_describe_model(operation)} takes it"))
            elif isinstance(operation, Layer):
                verdict = CANNOT_TELL if has_trait(operation, Trait.RUNS_USER_FUNCTION) else REVERSED
                found.append(Use(verdict, f"{describe_layer(operation)} {_UNFLIPPED}"))
            else:
                verdict = judge_operation(operation, tensor, time_axis)
                found.append(Use(verdict, f"{_describe_operation(operation)} {_UNFLIPPED}"))
        for model, index in outputs.get(id(tensor), ()):
            if not model.nodes:
                found.append(Use(REVERSED, f"{_describe_model(model)} returns it as it is"))
            for node in model.nodes:
                if len(node.outputs) == len(_outputs_of(model)):
                    stack.append(node.outputs[index])
                else:
                    found.append(Use(CANNOT_TELL, f"{_describe_model(model)} returns it"))
    return found


def judge_operation(operation: Operation, tensor: Tensor, time_axis: Optional[int]) -> str:
    """What an op on symbolic tensors sees of ``tensor``, a sequence reversed in time."""
    path = operation.description
    rank = len(tensor.shape) if isinstance(tensor.shape, tuple) else 3
    if path == "getitem":
        return _judge_subscript(operation.arguments, tensor, time_axis)
    if path.startswith("tensor."):
        return REVERSED  # a KerasTensor's own methods (reshape, squeeze) keep the order
    inside_keras = keras_subpath(path)
    if inside_keras is not None:
        module, _, name = inside_keras.rpartition(".")
        module = module[len("src."):] if module.startswith("src.") else module
        if module == "ops" or module.startswith("ops."):
            if name == "flip":
                return _judge_flip(_KERAS_FLIP, operation.arguments, tensor, rank, time_axis)
            return CANNOT_TELL if name in KERAS_REORDERING_OPS else REVERSED
        if module == "backend" and name == "reverse":
            return _judge_flip(_KERAS2_REVERSE, operation.arguments, tensor, rank, time_axis)
        if module == "backend" and name in KERAS2_REORDERING_BACKEND:
            return CANNOT_TELL
        return CANNOT_TELL if operation.maybe_layer else REVERSED
    if path.startswith("tensorflow."):
        name = path[len("tensorflow."):]
        for compat in ("compat.v1.", "compat.v2."):
            name = name[len(compat):] if name.startswith(compat) else name
        flip = _TENSORFLOW_FLIPS.get(name)
        if flip is not None:
            return _judge_flip(flip, operation.arguments, tensor, rank, time_axis)
        return CANNOT_TELL if name in TENSORFLOW_REORDERING or name.startswith("raw_ops.") else REVERSED
    # A function or class of the user's or of another library (maybe_layer), or a condition's
    # merged value, may do anything; what is left (x + y, -x, a mask op) keeps the order.
    return CANNOT_TELL if operation.maybe_layer else REVERSED


def _judge_flip(flip: _Flip, arguments: Optional[CallArguments], tensor: Tensor, rank: int,
                time_axis: Optional[int]) -> str:
    if arguments is None or _argument(arguments, 0, flip.tensor_name) is not tensor:
        return CANNOT_TELL
    axis = _argument(arguments, 1, flip.axis_name)
    if axis is _NOT_GIVEN:
        if flip.axis_required:
            return CANNOT_TELL
        axis = None
    if axis is None:
        return FLIPPED_BACK  # every axis, the time axis among them
    axes = axis if isinstance(axis, tuple) else (axis,)
    flipped: List[int] = []
    for value in axes:
        if not isinstance(value, int) or isinstance(value, bool) or not -rank <= value < rank:
            return CANNOT_TELL
        flipped.append(value % rank)
    if len(set(flipped)) != len(flipped):
        return CANNOT_TELL  # a repeated axis: Keras and TensorFlow raise
    if time_axis is None:
        return CANNOT_TELL if flipped else REVERSED
    return FLIPPED_BACK if time_axis in flipped else REVERSED


def _judge_subscript(arguments: Optional[CallArguments], tensor: Tensor, time_axis: Optional[int]) -> str:
    """``x[...]``: a slice with a negative step on the time axis flips it back."""
    if arguments is None or len(arguments.args) != 2 or arguments.args[0] is not tensor \
            or not isinstance(arguments.args[1], tuple):
        return CANNOT_TELL
    indices = arguments.args[1]
    if time_axis is None:
        reverses = any(isinstance(index, slice) and _negative_step(index) for index in indices)
        return CANNOT_TELL if reverses else REVERSED
    axis = 0
    for index in indices:
        if index is None:
            continue  # a new axis of size 1: takes no axis of the input
        if isinstance(index, slice):
            if axis == time_axis:
                return FLIPPED_BACK if _negative_step(index) else REVERSED
        elif not isinstance(index, int) or isinstance(index, bool):
            return CANNOT_TELL  # an Ellipsis, an array or tensor of indices, an unknown value
        elif axis == time_axis:
            return REVERSED  # one step taken out of the reversed sequence
        axis += 1
    return REVERSED  # the time axis is not indexed: still reversed


def _negative_step(index: slice) -> bool:
    return isinstance(index.step, int) and index.step < 0


def _argument(arguments: CallArguments, position: int, name: str) -> object:
    if position < len(arguments.args):
        return arguments.args[position]
    return arguments.kwargs.get(name, _NOT_GIVEN)


def _outputs_of(model: Model) -> List[Tensor]:
    return list(model.sequential_output or []) if model.kind == "Sequential" else model.outputs


def _describe_model(model: Model) -> str:
    name = model.name or model.keras_name
    return f"model {name!r}" if name else "a model"


def _describe_operation(operation: Operation) -> str:
    what = "a subscript" if operation.description == "getitem" else operation.description
    return f"{what} on line {operation.line}"
