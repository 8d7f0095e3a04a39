"""What the program does with models it already has: ``get_layer``, ``clone_model``, and the builds
Keras defers until a Sequential without an ``Input`` first sees data (``model.build(shape)``,
``model(x)``, ``model.predict(x)``, ``model.fit(x)``).

Each function answers only what holds in every run: a layer found by name only when every row
before it has a known, different name; a clone only of a model whose every row is a layer we
track; a build only on an array whose shape is known. Anything else is ``UNKNOWN`` (or None).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, NamedTuple, Optional, Set, Tuple, Union

from lstm_lint.graph import build
from lstm_lint.graph.objects import InputLayer, Layer, Model, NameCounters, Node, Operation, Tensor
from lstm_lint.graph.shapes import MaybeShape
from lstm_lint.source.arrays import ArrayValue
from lstm_lint.values import UNKNOWN, Unknown

# Keras's default batch size of predict/evaluate/fit (``trainers/trainer.py``): the first batch,
# on which an unbuilt model is built, has that many rows, or all of them when there are fewer.
DEFAULT_BATCH_SIZE = 32
# Methods that build an unbuilt model on their first argument, with the batch they take first:
# "batched" for those that split the data into batches, "whole" for those that take it as it is.
BUILDING_METHODS = {
    "predict": "batched", "evaluate": "batched", "fit": "batched",
    "predict_on_batch": "whole", "train_on_batch": "whole", "test_on_batch": "whole",
}
# The prefix of a KerasTensor's default name (``KerasTensor.__init__``: ``auto_name(class name)``).
KERAS_TENSOR_NAME = "keras_tensor"
# fit() arguments with which its first batch is not simply the first ``batch_size`` rows.
_FIT_BATCH_CHANGERS = ("validation_split",)
# Keyword arguments of the base layer that Keras 3's ``get_config`` does not return (``Layer.__init__``
# keeps ``input_shape``/``input_dim`` only for a Sequential to read; Embedding drops ``input_length``):
# a layer made again from its config (``clone_model``) has not been given them.
NOT_IN_CONFIG = ("input_shape", "input_dim", "batch_input_shape", "input_length")


def get_layer(model: Model, args: List[Any], kwargs: Dict[str, Any], complete: bool) -> Tuple[Any, List[Any]]:
    """``model.get_layer(name=None, index=None)`` (``models/model.py``): the first of
    ``model.layers`` with that name, or the one at that index; and, when that is unknown, the
    rows it may be (the caller must treat them as handed to the program: it may freeze them)."""
    rows = model.layers()
    if not complete or model.incomplete:
        return UNKNOWN, rows
    name = args[0] if args else kwargs.get("name")
    index = args[1] if len(args) > 1 else kwargs.get("index")
    if index is not None:
        if name is not None or not isinstance(index, int) or isinstance(index, bool):
            return UNKNOWN, rows
        if any(isinstance(row, Operation) for row in rows) or not -len(rows) <= index < len(rows):
            return UNKNOWN, rows
        return rows[index], []
    if not isinstance(name, str):
        return UNKNOWN, rows
    unnamed: List[Any] = []  # rows before whose names are not known: any of them may be the one
    for row in rows:
        row_name = None if isinstance(row, Operation) else row.name if isinstance(row, Layer) else row.keras_name
        if row_name is None and isinstance(row, InputLayer) and row.name_prefix is not None \
                and not _may_be_default_name(name, row.name_prefix):
            continue  # whatever its number, its name is not this one
        if row_name is None:
            unnamed.append(row)
        elif row_name == name:
            return (UNKNOWN, unnamed + [row]) if unnamed else (row, [])
    return UNKNOWN, unnamed


def _may_be_default_name(name: str, prefix: str) -> bool:
    """Whether ``naming.uniquify(prefix)`` may give ``name``: the prefix, or it and ``_<n>``."""
    number = name[len(prefix) + 1:] if name.startswith(prefix + "_") else ""
    return name == prefix or (number.isascii() and number.isdigit() and number == str(int(number)))


def clone_layer(layer: Layer, line: int, conditional: bool) -> Layer:
    """``layer.__class__.from_config(layer.get_config())``: a new layer of the same class and
    arguments, under the same (now explicit) name, not built yet; layers it holds (a wrapper's
    layer) are cloned with it. The input a layer declared (``input_shape=``, ...) is no part of its
    config: the clone has none."""
    config = {key: _clone_value(value, line, conditional) for key, value in layer.config.items()}
    own = layer.spec.argument_names if layer.spec is not None else ()
    given = {key: value for key, value in layer.given.items() if key in own or key not in NOT_IN_CONFIG}
    clone = Layer(layer.class_name, layer.spec, config, layer.name, line, explicit_name=True,
                  given=given, complete_arguments=layer.complete_arguments, column=layer.column)
    clone.trainable = layer.trainable
    clone.conditional = conditional
    return clone


def _clone_value(value: Any, line: int, conditional: bool) -> Any:
    if isinstance(value, Layer) and not isinstance(value, InputLayer):
        return clone_layer(value, line, conditional)
    if isinstance(value, (list, tuple)) and any(isinstance(item, Layer) for item in value):
        return type(value)(_clone_value(item, line, conditional) for item in value)
    return value


def clonable_sequential(model: Any) -> Optional[Model]:
    """The model ``clone_model`` can be followed on: a complete Sequential of layers we track."""
    if not isinstance(model, Model) or model.kind != "Sequential" or model.incomplete:
        return None
    if any(not isinstance(item, Layer) for item in model.sequence):
        return None  # a nested model or an unknown row
    return model


def _graph_nodes(model: Model, remakes: Callable[[Layer], bool] = lambda layer: False) -> Optional[List[Node]]:
    """The nodes between a functional model's inputs and outputs, in the order they were made
    (each after the nodes it takes tensors from); None when one is not a plain call of a layer we
    can call again (an op, a nested model, a layer taking several named tensors or a mask).
    ``remakes``: whether a layer of no Keras class (the program's own) can be called again, on its
    one tensor."""
    inputs = {id(tensor) for tensor in model.inputs}
    nodes: Dict[int, Node] = {}
    frontier: List[Tensor] = list(model.outputs)
    seen: Set[int] = set()
    while frontier:
        tensor = frontier.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        node = tensor.node
        operation = node.operation
        if id(tensor) in inputs:
            if not isinstance(operation, InputLayer):
                return None
            continue
        if isinstance(operation, Layer) and operation.spec is None and remakes(operation) \
                and len(node.inputs) == 1 and node.inputs[0].mask is None:
            nodes[id(node)] = node
            frontier.extend(node.inputs)
            continue
        if not isinstance(operation, Layer) or isinstance(operation, InputLayer) or operation.spec is None:
            return None  # an op, a nested model, an unknown class, an Input that is not an input
        if operation.spec.call_inputs or operation.spec.call_keywords or any(t.mask is not None for t in node.inputs):
            return None
        if not operation.spec.takes_list and len(node.inputs) != 1:
            return None
        nodes[id(node)] = node
        frontier.extend(node.inputs)
    return sorted(nodes.values(), key=lambda node: min(tensor.serial for tensor in node.outputs))


class Remaking(NamedTuple):
    """How ``clone_functional`` makes a layer of the program's own class again and calls it: the
    binding's (which runs the class's code). ``remake`` gives None where Keras raises or the
    class's constructor is not followed."""

    remakes: Callable[[Layer], bool]
    remake: Callable[[Layer], Optional[Layer]]
    call: Callable[[Layer, Tensor], Any]


def clone_functional(model: Model, counters: NameCounters, line: int, conditional: bool,
                     remaking: Optional[Remaking] = None) -> Optional[Tuple[List[InputLayer], List[Tensor]]]:
    """``clone_model`` of a functional model (``_clone_functional_model``): a new ``Input`` for
    each input, of the same batch shape and under the input tensor's name (the layer's own name
    when it was given one; else a "keras_tensor" name lstm-lint does not count), then each node's
    layer cloned (once, however often it is called) and called again in the graph's order. The new
    input layers and output tensors; None when the graph is not one lstm-lint can replay."""
    if model.kind != "Functional" or model.incomplete or not model.outputs:
        return None
    nodes = _graph_nodes(model, remaking.remakes if remaking is not None else lambda layer: False)
    if nodes is None:
        return None
    new_inputs: List[InputLayer] = []
    tensors: Dict[int, Tensor] = {}
    for tensor in model.inputs:
        original = tensor.node.operation
        assert isinstance(original, InputLayer)
        layer = build.make_input(original.batch_shape, original.name if original.explicit_name else None,
                                 line, True)
        if not original.explicit_name:
            # The original's tensor took a default name from a counter of every KerasTensor made
            # (``auto_name("KerasTensor")``), which lstm-lint does not count.
            layer.name_prefix = KERAS_TENSOR_NAME
        new_inputs.append(layer)
        tensors[id(tensor)] = build.input_tensor(layer)
    clones: Dict[int, Layer] = {}
    for node in nodes:
        operation = node.operation
        assert isinstance(operation, Layer)
        if operation.spec is None:
            # The program's own class: made again from its config (a layer called twice once).
            assert remaking is not None
            again = clones.get(id(operation)) or remaking.remake(operation)
            if again is None or id(node.inputs[0]) not in tensors:
                return None
            clones[id(operation)] = again
            result = remaking.call(again, tensors[id(node.inputs[0])])
        else:
            result = _replay(operation, node, clones, tensors, counters, line, conditional)
        if result is None:
            return None
        produced = build.flatten_tensors(result)
        if len(produced) != len(node.outputs):
            return None
        for old, new in zip(node.outputs, produced):
            tensors[id(old)] = new
    if any(id(tensor) not in tensors for tensor in model.outputs):
        return None
    return new_inputs, [tensors[id(tensor)] for tensor in model.outputs]


def _replay(operation: Layer, node: Node, clones: Dict[int, Layer], tensors: Dict[int, Tensor],
            counters: NameCounters, line: int, conditional: bool) -> Any:
    """One node of a Keras layer called again by the clone: its output, None when its inputs are
    not the clone's."""
    assert operation.spec is not None
    clone = clones.get(id(operation))
    if clone is None:
        clone = clones[id(operation)] = clone_layer(operation, line, conditional)
    if any(id(tensor) not in tensors for tensor in node.inputs):
        return None
    arguments = [tensors[id(tensor)] for tensor in node.inputs]
    return build.call(clone, arguments if operation.spec.takes_list else arguments[0], (), counters)


def build_batch_shape(method: str, data: Any, args: List[Any], kwargs: Dict[str, Any]) -> Optional[MaybeShape]:
    """The input shape an unbuilt model is built on when ``method`` is called on ``data``, where it
    is the same on every backend; None when the data is not one array of known rank. An axis of
    unknown length is unknown in it."""
    if not isinstance(data, ArrayValue) or not data.shape:
        return None
    rows = data.shape[0]
    batch: Union[int, Unknown] = rows
    if BUILDING_METHODS.get(method) == "batched":
        size = kwargs.get("batch_size", DEFAULT_BATCH_SIZE)
        if size is None:
            size = DEFAULT_BATCH_SIZE
        position = {"predict": 1, "evaluate": 2, "fit": 2}[method]
        if len(args) > position:
            size = args[position]
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0 or not isinstance(rows, int):
            batch = UNKNOWN  # (Keras takes the first batch_size rows: how many, if fewer, is unknown)
        elif method != "predict" and rows % size != 0:
            # fit() and evaluate() build on a batch whose size TensorFlow's dataset leaves unknown
            # (None) unless batch_size divides the rows; JAX has the first batch's size there.
            batch = UNKNOWN
        else:
            batch = min(size, rows)
        if method == "fit" and any(kwargs.get(key) not in (None, 0, 0.0) for key in _FIT_BATCH_CHANGERS):
            batch = UNKNOWN
    return (batch,) + tuple(data.shape[1:])
