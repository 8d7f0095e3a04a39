"""Why a row or a model of a summary has unknowns: the first cause of each, found after the fact.

The evaluator attaches causes to the values it cannot know (``values.Cause``); the layer specs pass
an unknown argument on where they can, but a shape function may still make a fresh unknown from a
known-unknown input. So a row's cause is looked for where the row's unknowns come from, nearest
first: the row's own shape, its arguments, the tensors it was called on (and, through them, the
rows that made them), and failing all of those what the layer itself is (a class lstm-lint does not
model, a call in a block that may not run). Nothing here runs unless a row has an unknown.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple, Union

from lstm_lint.graph.custom import custom_state
from lstm_lint.graph.objects import InputLayer, Layer, Model, Operation, never_built
from lstm_lint.graph.sequential_subclass import SequentialSubclass
from lstm_lint.values import RUN_TIME, Cause, Unknown

Item = Union[Layer, Model, Operation]

# How far back through the graph a cause is looked for, and how deep into nested arguments.
_MAX_UPSTREAM = 200
_MAX_VALUE_DEPTH = 4

NO_INPUT_SHAPE = ("Sequential has no input shape: add keras.Input(shape=...) as its first layer, "
                  "or give the first layer input_shape=")


def cause_in(value: Any, depth: int = 0) -> Optional[Cause]:
    """The first cause carried by an unknown in ``value`` (a shape, a list of shapes, an argument)."""
    if isinstance(value, Unknown):
        return value.cause
    if depth < _MAX_VALUE_DEPTH:
        if isinstance(value, (tuple, list)):
            for item in value:
                found = cause_in(item, depth + 1)
                if found is not None:
                    return found
        elif isinstance(value, dict):
            for item in value.values():
                found = cause_in(item, depth + 1)
                if found is not None:
                    return found
    return None


def has_unknown(value: Any, depth: int = 0) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, (tuple, list)) and depth < _MAX_VALUE_DEPTH:
        return any(has_unknown(item, depth + 1) for item in value)
    return False


class Reasons:
    """The causes of one program's unknowns, memoised per graph object (a row's cause is often its
    input's, whose cause is its own input's, ...)."""

    def __init__(self) -> None:
        self.memo: Dict[int, Optional[Cause]] = {}

    def of_item(self, item: Item, model: Optional[Model] = None) -> Optional[Cause]:
        key = id(item)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None  # a cycle through shared layers finds nothing, never loops
        found = self._find(item, model)
        self.memo[key] = found
        return found

    def _find(self, item: Item, model: Optional[Model]) -> Optional[Cause]:
        if isinstance(item, Operation) and item.keras_op and not item.maybe_layer:
            return self._of_op(item)
        if isinstance(item, Operation):
            if item.cause is not None and item.maybe_layer and item.cause.template is RUN_TIME:
                # ``MyBlock(...)`` where a layer goes: say so, rather than that it is computed.
                return Cause(item.cause.line, item.cause.column, "{} is not a layer lstm-lint "
                             "understands: its shape and parameters are unknown", item.cause.arguments,
                             item.cause.via, item.cause.name)
            if item.cause is not None:
                return item.cause
            found = self._from_nodes(item) or self._before_in_sequence(item, model)
            return found if found is not None else _operation_cause(item)
        if isinstance(item, Model):
            return self.of_model(item)
        found = cause_in(item.last_output())
        if found is None and isinstance(item.trainable, Unknown):
            found = item.trainable.cause
        if found is None:
            found = cause_in(item.config) or cause_in(item.given)
        if found is None:
            found = _raised(item)
        state = custom_state(item)
        if found is None and state is not None:
            # A class of the program's own called on an input already unknown: that input's
            # cause; else that of an argument of a layer it holds (``Dense(int(np.prod(shape)))``).
            found = self._from_nodes(item)
            for held in (state.tracked() or []) if found is None else []:
                if custom_state(held) is not None and item_has_unknown(held):
                    found = self.of_item(held)
                elif isinstance(held, Layer):
                    found = cause_in(held.config) or cause_in(held.given)
                if found is not None:
                    break
        if found is None and item.spec is None and not isinstance(item, InputLayer):
            return Cause(item.line, item.column, "layer class {} is not understood by lstm-lint",
                         (item.class_name,))
        if found is None and item.uncertain_output:
            return Cause(item.line, item.column, "{} is called in a block that may not run, or runs an "
                         "unknown number of times: which call summary() shows is not known",
                         (item.class_name,))
        if found is None and not item.complete_arguments:
            return Cause(item.line, item.column, "{} is given *args or **kwargs lstm-lint cannot expand",
                         (item.class_name,))
        if found is None:
            found = self._before_in_sequence(item, model) or self._from_nodes(item)
        if found is None and model is not None and model.kind == "Sequential" and not _has_input(model):
            return _no_input_cause(model)
        return found

    def _of_op(self, item: Operation) -> Cause:
        """Why a Keras op's row (in a Functional's summary) shows a ``?``: its class, its shape or its
        default name."""
        if item.keras_class is None:
            return Cause(item.line, 0, "lstm-lint cannot tell which Keras ops {} makes: this row stands for "
                         "them", (item.description,))
        if has_unknown(item.last_output()):
            found = self._from_nodes(item)
            return found if found is not None else _operation_cause(item)
        return Cause(item.line, 0, "the default name of this {} op is not known: an earlier call took "
                     "name counters lstm-lint cannot follow", (item.keras_class,))

    def _before_in_sequence(self, item: Item, model: Optional[Model]) -> Optional[Cause]:
        """In a Sequential, a layer sees what the one before it gave: the cause of the nearest
        earlier row with an unknown."""
        if model is None or model.kind != "Sequential":
            return None
        sequence = model.sequence
        index = next((i for i, other in enumerate(sequence) if other is item), None)
        if index is None:
            return None
        for earlier in reversed(sequence[max(0, index - _MAX_UPSTREAM):index]):
            if isinstance(earlier, InputLayer):
                return cause_in(earlier.batch_shape)
            if item_has_unknown(earlier):
                return self.of_item(earlier, model)
        return None

    def _from_nodes(self, item: Union[Layer, Operation]) -> Optional[Cause]:
        """The cause of an unknown among the inputs of the item's calls (the last call first)."""
        for node in reversed(item.nodes[-_MAX_UPSTREAM:]):
            for tensor in node.inputs:
                found = cause_in(tensor.shape)
                if found is None and has_unknown(tensor.shape):
                    producer = tensor.node.operation
                    if producer is not item:
                        found = self.of_item(producer)
                if found is not None:
                    return found
        return None

    def of_model(self, model: Model) -> Optional[Cause]:
        """The first cause of a model's unknown totals (None when nothing about it is unknown)."""
        for cause in self.model_causes(model):
            return cause
        return None

    def model_causes(self, model: Model) -> List[Cause]:
        """Every distinct cause of the model's unknowns, the model's own first, then its rows' in
        order."""
        causes: List[Cause] = []
        seen: Set[Tuple[int, int, str]] = set()

        def add(cause: Optional[Cause]) -> None:
            if cause is not None and cause.key() not in seen:
                seen.add(cause.key())
                causes.append(cause)

        if model.kind == "Sequential" and not _has_input(model) and model.layers() and not never_built(model):
            # (A never-built one is printed as Keras prints it: nothing in it is unknown.)
            add(_no_input_cause(model))
        if isinstance(model.trainable, Unknown):
            add(model.trainable.cause or Cause(model.line, model.column, "whether the model is trainable "
                                               "is not known"))
        if isinstance(model, SequentialSubclass) and model.unfollowed is not None:
            add(model.unfollowed)
        elif model.incomplete:
            add(Cause(model.line, model.column, "the model's outputs are not tensors lstm-lint follows"))
        for item in model.summary_items():  # its rows: a Functional's ops among them
            if row_has_unknown(item, model):
                add(self.of_row(item, model))
        return causes

    def of_row(self, item: Item, model: Model) -> Optional[Cause]:
        """The first cause of the unknowns in the item's row of this model."""
        if isinstance(item, (Layer, Model)) and not model.row_shape_unprinted(item):
            found = cause_in(model.row_output(item))
            if found is not None:
                return found
        return self.of_item(item, model)


# What an operation of each description stands for, when nothing more is known.
_OPERATIONS = {
    "call": "a call lstm-lint does not follow is applied to tensors here: it may be a layer",
    "conditional": "which tensor this is depends on a condition known only at run time",
    "unknown": "a value lstm-lint does not know is used as a layer here",
    "unknown layer": "a value lstm-lint does not know is added as a layer here",
    "one of several layers": "which layer this is depends on a condition known only at run time",
    "one of several models": "which model this is depends on a condition known only at run time",
    "layers added or popped in a block that may not run":
        "layers are added or popped in a block that may not run: the layers from here on are not known",
    "a layer that may be popped":
        "this layer may be removed by a pop() that may not run or that lstm-lint does not follow",
}


def _operation_cause(operation: Operation) -> Cause:
    known = _OPERATIONS.get(operation.description)
    if known is not None:
        return Cause(operation.line, 0, known)
    if operation.description.startswith("layers of "):
        return Cause(operation.line, 0, "the {} are not known to lstm-lint", (operation.description,))
    if operation.maybe_layer:
        return Cause(operation.line, 0, "{}(...) is not a layer lstm-lint understands", (operation.description,))
    return Cause(operation.line, 0, "lstm-lint cannot compute the output of {} here", (operation.description,))


def _raised(layer: Layer) -> Optional[Cause]:
    """Why Keras cannot build the layer, when it raises there in every run (an LL1xx says so)."""
    state = custom_state(layer)
    if state is not None and state.raises is not None:
        return state.raises
    error = next((error for error in layer.certain_errors() if not error.at_run), None)
    if error is None:
        return None
    return Cause(layer.line, layer.column, "Keras raises when it builds {}: {}", (layer.class_name, error.message))


def _no_input_cause(model: Model) -> Cause:
    """Why a Sequential without an input as lstm-lint leaves it has unknown rows."""
    if model.maybe_built_cause is not None:
        return model.maybe_built_cause
    return Cause(model.line, model.column, NO_INPUT_SHAPE)


def _has_input(model: Model) -> bool:
    return bool(model.sequence) and isinstance(model.sequence[0], InputLayer)


def row_has_unknown(item: Item, model: Model) -> bool:
    """Whether the item's row in this model shows a ``?`` that Keras would print as a value: its
    shape (unless Keras prints ``?`` there too), or any of its counts."""
    if isinstance(item, Operation):
        return item_has_unknown(item)
    if model.row_unbuilt(item):
        return False  # Keras's ``?`` and ``0 (unbuilt)``
    weights = item.current_weights()
    return (has_unknown(model.row_output(item)) and not model.row_shape_unprinted(item)) \
        or isinstance(weights.total, Unknown) or isinstance(weights.trainable, Unknown) \
        or isinstance(weights.non_trainable, Unknown)


def item_has_unknown(item: Item) -> bool:
    """Whether the item's row shows a ``?``: its shape, or any of its counts."""
    if isinstance(item, Operation):
        return not item.keras_op or item.maybe_layer or item.keras_class is None or item.keras_name is None \
            or has_unknown(item.last_output())
    weights = item.current_weights()
    return (has_unknown(item.last_output()) or isinstance(weights.total, Unknown)
            or isinstance(weights.trainable, Unknown) or isinstance(weights.non_trainable, Unknown))
