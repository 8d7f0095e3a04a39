"""What happens when the program calls layers and builds models: Keras 3's semantics, on shapes.

``call`` mirrors ``Layer.__call__`` (build on first call, then compute the output shape),
``sequential_add`` mirrors ``Sequential.add``/``_maybe_rebuild``, ``functional`` mirrors
``Functional.__init__`` with ``map_graph`` (``keras/src/ops/function.py``) for the layer order.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple, Union

from lstm_lint.graph import masks
from lstm_lint.graph.applications import ApplicationModel
# (where the program's own layer classes find it too)
from lstm_lint.graph.custom import RAISES_AT_CONSTRUCTION as RAISES_AT_CONSTRUCTION
from lstm_lint.graph.custom import custom_state
from lstm_lint.graph.objects import (
    CallArguments, InputLayer, Layer, Model, NameCounters, Node, Op, Operation, Tensor,
)
from lstm_lint.graph.shapes import FlatOutputs, MaybeShape, ShapeTree, keras_key_order
from lstm_lint.layers.recurrent import keras_cell_sizes, program_cell_output
from lstm_lint.layers.spec import NO_WEIGHTS, UNKNOWN_WEIGHTS, BuildError
from lstm_lint.values import UNKNOWN, Cause, Unknown, cause_of

# (A tuple or dict too, for an output whose structure holds a dict: ``FlatOutputs``.)
TensorTree = Union[Tensor, List["TensorTree"], Tuple["TensorTree", ...], Dict[Any, "TensorTree"]]


def flatten_tensors(value: object) -> List[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [tensor for item in value for tensor in flatten_tensors(item)]
    if isinstance(value, dict):
        order = keras_key_order(value)
        return [tensor for key in (sorted(value, key=str) if order is None else order)
                for tensor in flatten_tensors(value[key])]
    return []


def _shape_tree(value: object) -> ShapeTree:
    """The shapes of a call's main input: one shape, or a list for a list of tensors."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (list, tuple)):
        return [_shape_tree(item) for item in value]
    return UNKNOWN


def _flat_shapes(shapes: ShapeTree) -> List[MaybeShape]:
    if isinstance(shapes, list):
        return [leaf for item in shapes for leaf in _flat_shapes(item)]
    return [shapes]


def _nested(shapes: ShapeTree, tensors: Iterator[Tensor]) -> TensorTree:
    if isinstance(shapes, list):
        return [_nested(item, tensors) for item in shapes]
    return next(tensors)


def _wrap_outputs(node: Node, shapes: ShapeTree) -> TensorTree:
    """The node's output tensors, one per shape, in the structure of ``shapes`` (a layer of the
    program's own returning ``out, [h, c]`` gives a tensor and a list of two). Keras's summary
    prints the flattened list, which ``output_shapes`` then holds. An output holding a dict is
    that flattened list already, with the structure the call returns beside it."""
    if isinstance(shapes, FlatOutputs) and shapes.structure is not None:
        node.outputs = [Tensor(shape, node, index) for index, shape in enumerate(shapes)]
        return _restructured(shapes.structure, node.outputs)
    if isinstance(shapes, list):
        flat = _flat_shapes(shapes)
        node.outputs = [Tensor(shape, node, index) for index, shape in enumerate(flat)]
        if len(flat) != len(shapes):
            node.output_shapes = list(flat)
        return _nested(shapes, iter(node.outputs))
    node.outputs = [Tensor(shapes, node, 0)]
    return node.outputs[0]


def output_structure(value: object, target_keras: int = 3) -> Any:
    """The structure of a functional model's outputs, as ``FlatOutputs.structure`` (indices into
    ``flatten_tensors(value)``), which a call of the model gives back (Keras packs its outputs into
    it: ``keras.Model(x, [y])`` gives a list of one tensor, ``[a, [b, c]]`` keeps its nesting);
    None for one tensor or a flat list of several (a call gives those as they are), or outputs of
    which a part is not a tensor or a dict's keys do not sort. tf.keras 2 (``target_keras`` 2)
    first took a list holding one tensor in all for its item (``[y]`` gives ``y``)."""
    if target_keras == 2 and type(value) is list and _holds_one_leaf(value):
        value = value[0]
    if isinstance(value, Tensor) or (type(value) is list and len(value) > 1
                                     and all(isinstance(item, Tensor) for item in value)):
        return None
    return _indexed(value, 0, [0])


def _indexed(item: object, depth: int, count: List[int]) -> Any:
    """``output_structure`` of ``item``; ``count``: how many tensors come before it. A function of
    the module's, not a closure calling itself: that would be a reference cycle per call."""
    if isinstance(item, Tensor):
        count[0] += 1
        return count[0] - 1
    if type(item) is dict and depth < 6:
        order = keras_key_order(item)
        if order is None or not item:
            return None
        placed = {key: _indexed(item[key], depth + 1, count) for key in order}
        return None if any(part is None for part in placed.values()) else {key: placed[key] for key in item}
    if isinstance(item, (list, tuple)) and item and depth < 6:
        parts = [_indexed(part, depth + 1, count) for part in item]
        return None if any(part is None for part in parts) else tuple(parts) if isinstance(item, tuple) else parts
    return None


def _holds_one_leaf(value: object, depth: int = 0) -> bool:
    """Whether ``value`` flattens (``tf.nest.flatten``) to one item: a tensor or anything else."""
    if isinstance(value, (list, tuple)) and depth < 6:
        return len(value) == 1 and _holds_one_leaf(value[0], depth + 1)
    if type(value) is dict and depth < 6:
        return len(value) == 1 and _holds_one_leaf(next(iter(value.values())), depth + 1)
    return True


def _restructured(structure: Any, tensors: List[Tensor]) -> TensorTree:
    """The value of ``FlatOutputs.structure`` with each index replaced by that tensor."""
    if isinstance(structure, dict):
        return {key: _restructured(item, tensors) for key, item in structure.items()}
    if isinstance(structure, (list, tuple)):
        items = [_restructured(item, tensors) for item in structure]
        return tuple(items) if isinstance(structure, tuple) else items
    tensor: Tensor = tensors[structure]
    return tensor


def make_input(batch_shape: MaybeShape, name: Optional[str], line: int, explicit: bool) -> InputLayer:
    layer = InputLayer(class_name="InputLayer", spec=None, config={}, name=name, line=line,
                       explicit_name=explicit, batch_shape=batch_shape)
    layer.weights = NO_WEIGHTS
    node = Node(layer, [], batch_shape)
    _wrap_outputs(node, batch_shape)
    layer.nodes.append(node)
    return layer


def input_tensor(layer: InputLayer) -> Tensor:
    return layer.nodes[0].outputs[0]


# Why the result of a layer's call that Keras's ``Layer.__call__`` refuses is unknown (LL115).
RAISES_AT_CALL = "Keras raises at this call of {} (LL115): no run gets past it"


def call(operation: Union[Layer, Model], main_input: object, extra_inputs: Sequence[Tensor],
         counters: NameCounters, shape_input: Optional[ShapeTree] = None,
         call_keywords: Optional[Mapping[str, Any]] = None,
         trace_arguments: Optional[Tuple[List[Any], Dict[str, Any]]] = None,
         record: bool = True, builds: bool = True, refused: Optional[Unknown] = None) -> TensorTree:
    """Call a layer or model on symbolic tensors; returns its output tensor(s). ``shape_input``:
    what the layer's spec sees, when that is not the main input's shape (several named inputs);
    ``call_keywords``: the call's values of its spec's ``call_keywords``, for this call's output;
    ``trace_arguments``: the call's own arguments, for a layer of the program's own class.
    ``record``: False inside a traced ``call`` of such a layer, where Keras makes no nodes.
    ``builds``: False where the call of an unbuilt Sequential happens in some runs only, so that
    it is left unbuilt here (the caller marks it as maybe built). ``refused``: why the output is
    unknown, where Keras's ``Layer.__call__`` refuses the call's arguments (it builds nothing)."""
    tensors = flatten_tensors(main_input) + list(extra_inputs)
    if counters.graph_masks:
        tensors += masks.mask_arguments(operation, main_input, extra_inputs, trace_arguments)
    if isinstance(operation, Model) and operation.kind == "Sequential" \
            and operation.sequential_output is None and isinstance(main_input, Tensor) \
            and not operation.incomplete and builds:
        # Calling an unbuilt Sequential builds it on the input's shape (Layer._maybe_build).
        sequential_build(operation, main_input.shape, counters, operation.line)
        sequential_finish(operation)
        operation.built_in_trace = not record and holds_none(main_input.shape)
    first_build = isinstance(operation, Layer) and operation.spec is not None and operation.weights is None
    custom = custom_state(operation)
    own_output: Optional[ShapeTree] = None
    if custom is not None and custom.keras_class is not None and custom.followed and custom.spec_call is not None:
        # A subclass of a Keras class with a build, call or compute_output_shape of its own.
        own_output = custom.spec_call(*(trace_arguments or ([main_input], {})))
        first_build = first_build and isinstance(operation, Layer) and operation.weights is None
    function_output: Optional[ShapeTree] = None
    if isinstance(operation, Layer) and operation.function_tracer is not None:
        function_output = operation.function_tracer(main_input, trace_arguments)  # Lambda(fn)
    if isinstance(operation, Layer) and operation.raises_at_construction:
        shapes: ShapeTree = Unknown(Cause(operation.line, operation.column, RAISES_AT_CONSTRUCTION,
                                          (operation.class_name,)))
        first_build = False
    elif refused is not None:
        shapes = refused
        first_build = False
    elif function_output is not None:
        shapes = function_output
    elif custom is not None and custom.keras_class is not None and not custom.followed:
        shapes = UNKNOWN  # a subclass of a Keras class that changes what that class builds from
    elif own_output is not None:
        shapes = own_output
    elif custom is not None and custom.tracer is not None and not getattr(operation, "functional_init", False):
        shapes = custom.tracer(*(trace_arguments or ([main_input], {})))
    elif isinstance(operation, Model):
        shapes = _call_model_shapes(operation, _shape_tree(main_input))
    elif program_cells(operation) is not None:
        shapes = _program_cell_rnn(operation, _shape_tree(main_input))
    elif isinstance(operation, Layer) and operation.copies is None and operation.spec is not None \
            and operation.spec.class_name == "Bidirectional" and program_cells(operation.config.get("layer")):
        # Its copies of an RNN over the program's cell were not made again as Keras makes them
        # (from the cell's config): their sizes, and so its output, are not known.
        shapes = UNKNOWN
        if operation.weights is None:
            operation.weights = UNKNOWN_WEIGHTS
    else:
        shapes = _call_layer_shapes(operation, _shape_tree(main_input) if shape_input is None else shape_input,
                                    call_keywords or {}, runs=not record)
    if first_build and isinstance(operation, Layer) and operation.copies is not None:
        # Bidirectional over the program's cell: the weights of its two copies, each built as
        # an RNN over its own cell (the layer it was given is never built).
        total = NO_WEIGHTS
        for copy in operation.copies:
            _program_cell_rnn(copy, _shape_tree(main_input))
            total = total + (copy.weights if copy.weights is not None else UNKNOWN_WEIGHTS)
        operation.weights = total
    if first_build and isinstance(operation, Layer) and operation.spec is not None:
        for prefix in operation.spec.build_names:
            counters.next_name(prefix)
    node = Node(operation, tensors, shapes)
    if record:
        operation.nodes.append(node)
    outputs = _wrap_outputs(node, shapes)
    masks.set_output_masks(operation, main_input, node.outputs, counters, trace_arguments)
    return outputs


def holds_none(shapes: ShapeTree) -> bool:
    """Whether a shape (or a list of them) has a None size: inside a traced call, a size the backend
    stands in for (the others are every backend's)."""
    if isinstance(shapes, list):
        return any(holds_none(shape) for shape in shapes)
    # (An input not given, as MultiHeadAttention's ``key``, is None in the list.)
    return isinstance(shapes, tuple) and any(dim is None for dim in shapes)


def program_cells(layer: object) -> Optional[List[Layer]]:
    """The cells of ``RNN(cell)`` (or ``RNN([cell, ...])``) when one at least is an object of the
    program's own layer class and each other is a Keras cell (``LSTMCell(8)``)."""
    if not isinstance(layer, Layer) or layer.spec is None or layer.spec.class_name != "RNN":
        return None
    given = layer.config.get("cell")
    listed = list(given) if isinstance(given, (list, tuple)) else [given]
    programs = [cell for cell in listed
                if isinstance(cell, Layer) and getattr(custom_state(cell), "rnn_cell", None) is not None]
    if not programs or not all(any(cell is program for program in programs) or (
            isinstance(cell, Layer) and cell.complete_arguments and keras_cell_sizes(cell) is not None)
            for cell in listed):
        return None
    return [cell for cell in listed if isinstance(cell, Layer)]


def _program_cell_rnn(layer: Layer, inputs: ShapeTree) -> ShapeTree:
    """``RNN(cell)`` with cells of the program's own class (rnn.py, stacked_rnn_cells.py): its
    first call builds each cell on one step, ``(batch,) + input[2:]`` for the first and
    ``(batch, output size)`` of the one before for the next (the cell's own ``build``, never its
    ``call``), and has the cells' weights; the output shapes follow from the cells'
    ``state_size`` and ``output_size``."""
    cells = program_cells(layer)
    assert cells is not None
    shape = inputs if isinstance(inputs, tuple) and len(inputs) >= 3 else UNKNOWN
    step: MaybeShape = UNKNOWN if isinstance(shape, Unknown) else (shape[0],) + tuple(shape[2:])
    first_build = layer.weights is None
    sizes: List[Any] = []
    output_size: Any = None
    for cell in cells:
        state = custom_state(cell)
        if state is None or state.rnn_cell is None:
            # A Keras cell among them: built on the step's shape by the stack's build, unless built.
            assert cell.spec is not None
            if first_build and cell.weights is None:
                try:
                    cell.weights = UNKNOWN_WEIGHTS if isinstance(step, Unknown) \
                        else cell.spec.weights(cell.config, step)
                except BuildError:
                    cell.weights = UNKNOWN_WEIGHTS
            known = keras_cell_sizes(cell)
            assert known is not None
            state_size, output_size = known
        else:
            state_size, output_size = state.rnn_cell(step, first_build)
        sizes.append(state_size)
        if output_size is None:
            output_size = state_size[0] if isinstance(state_size, (list, tuple)) and state_size else state_size
        step = UNKNOWN if isinstance(step, Unknown) or not isinstance(output_size, int) else (step[0], output_size)
    if first_build:
        total = NO_WEIGHTS
        for cell in cells:
            total = total + cell.current_weights()
        layer.weights = total if not isinstance(shape, Unknown) else UNKNOWN_WEIGHTS
    stacked = isinstance(layer.config.get("cell"), (list, tuple))
    return program_cell_output(layer.config, shape, sizes if stacked else sizes[0], output_size)


def layer_build(layer: Layer, shape: ShapeTree, counters: NameCounters, certain: bool,
                in_trace: bool = False) -> None:
    """``layer.build(input_shape)`` called by the program on a Keras layer: it makes the weights a
    first call on that shape would make. Built already, Keras raises (a layer's state is locked
    after its build) or keeps what it has: its weights stay as they are. ``in_trace``: called
    inside a traced ``call``, on a shape that holds the backend's stand-ins for None sizes."""
    if layer.weights is not None:
        return
    if certain:
        layer.built_on, layer.built_in_trace = shape, in_trace and holds_none(shape)
    if layer.spec is None or not certain:
        # Built in some runs only (or by a class we do not model): its weights, and the names
        # its build gives, are not known.
        layer.weights = UNKNOWN_WEIGHTS
        if layer.spec is not None:
            counters.tainted.update(layer.spec.build_names)
        return
    try:
        layer.weights = layer.spec.weights(layer.config, shape)
    except BuildError as error:
        layer.errors.append(error)
        layer.weights = UNKNOWN_WEIGHTS
    for prefix in layer.spec.build_names:
        counters.next_name(prefix)


def _call_layer_shapes(layer: Layer, inputs: ShapeTree, call_keywords: Mapping[str, Any], runs: bool = False
                       ) -> ShapeTree:
    """The output of one call, building the layer on its first. ``runs``: Keras runs the layer's
    ``call`` here (inside a traced ``call`` of a custom layer) rather than its
    ``compute_output_spec`` (a call on symbolic tensors)."""
    spec = layer.spec
    if spec is None:
        if layer.weights is None:
            layer.weights = UNKNOWN_WEIGHTS
        return UNKNOWN
    first_build = layer.weights is None
    weight_error: Optional[BuildError] = None
    if first_build:
        if spec.built_at_construction(layer.config) is False:
            # (Keras runs no build on the first call of a layer its constructor built.)
            layer.built_on, layer.built_in_trace = inputs, runs and holds_none(inputs)
        try:
            layer.weights = spec.weights(layer.config, inputs)
        except BuildError as error:
            weight_error = error
            layer.weights = UNKNOWN_WEIGHTS
    config = {**layer.config, **call_keywords} if call_keywords else layer.config
    try:
        # A reason the entry gives (line 0: layers/ knows no lines) is about this layer's call.
        output = _placed(spec.output(config, inputs), layer.line)
    except BuildError as error:
        if first_build and error.kind == "rank":
            # Keras checks the input's rank (InputSpec) before build(): the layer has no weights,
            # and what build() would have raised is never raised.
            layer.weights = UNKNOWN_WEIGHTS
            weight_error = None
        if weight_error is not None:
            layer.errors.append(weight_error)
        layer.errors.append(error)
        return UNKNOWN
    if weight_error is not None:
        layer.errors.append(weight_error)
        return output
    if spec.call_check is not None and custom_state(layer) is None:
        # (A subclass of the program's may override what call() runs.)
        try:
            spec.call_check(config, inputs)
        except BuildError as error:
            error.at_run = not runs
            layer.errors.append(error)
            if runs:
                if first_build:
                    layer.weights = UNKNOWN_WEIGHTS  # the program stops here: no summary shows them
                return UNKNOWN
    return output


def _call_model_shapes(model: Model, inputs: ShapeTree) -> ShapeTree:
    """A model used as a layer: its own outputs, re-derived only when the input matches."""
    if isinstance(model, ApplicationModel):
        return model.called_output(inputs)
    if model.kind == "Sequential":
        shape = inputs
        for item in model.layers():
            if isinstance(item, Layer) and item.spec is not None:
                try:
                    shape = item.spec.output(item.config, shape)
                except BuildError:
                    return UNKNOWN
            elif isinstance(item, Model):
                shape = _call_model_shapes(item, shape)
            else:
                return UNKNOWN
        return shape
    own_inputs = [tensor.shape for tensor in model.inputs]
    given = inputs if isinstance(inputs, list) else [inputs]
    if len(given) != len(own_inputs) or any(
        isinstance(a, Unknown) or isinstance(b, Unknown) or a[1:] != b[1:]
        for a, b in zip(given, own_inputs)
    ):
        return UNKNOWN
    if model.incomplete:
        return UNKNOWN  # outputs we could not see may be among them
    outputs: List[ShapeTree] = [tensor.shape for tensor in model.outputs]
    if model.output_structure is not None:
        return FlatOutputs(outputs, model.output_structure)
    return outputs[0] if len(outputs) == 1 else outputs


def opaque(description: str, line: int, inputs: Sequence[Tensor], maybe_layer: bool,
           shape: MaybeShape = UNKNOWN,
           arguments: Optional[Tuple[Sequence[Any], Mapping[str, Any]]] = None,
           cause: Optional[Cause] = None) -> Tensor:
    """The result of something lstm-lint does not model, applied to tensors. ``arguments``, the
    call's evaluated positional and keyword arguments, are kept on the operation for the rules;
    ``cause``: why what it stands for is unknown, when that is known."""
    operation = Operation(description, line, maybe_layer, cause=cause)
    if arguments is not None:
        args, kwargs = arguments
        operation.arguments = CallArguments(tuple(_frozen(value) for value in args),
                                            {key: _frozen(value) for key, value in kwargs.items()})
    node = Node(operation, list(inputs), shape)
    operation.nodes.append(node)
    result = _wrap_outputs(node, shape)
    assert isinstance(result, Tensor)
    return result


def op_outputs(description: str, line: int, inputs: Sequence[Tensor], shapes: List[ShapeTree]) -> TensorTree:
    """The tensors of a Keras op giving several (``ops.split``): one node, one output per shape."""
    operation = Operation(description, line, False)
    node = Node(operation, list(inputs), list(shapes))
    operation.nodes.append(node)
    return _wrap_outputs(node, list(shapes))


def _frozen(value: object, depth: int = 0) -> object:
    """A list (or tuple) as a tuple of its items now: ``axes.append(2)`` after the call must not
    change what the call was given. Nested lists are frozen too, a few levels deep."""
    if isinstance(value, (list, tuple)) and depth < 4:
        return tuple(_frozen(item, depth + 1) for item in value)
    return value


# ---- Sequential ----------------------------------------------------------------------------------


def sequential_add(model: Model, item: object, counters: NameCounters, line: int) -> None:
    """``Sequential.add``: Keras 2-style input_shape on the first layer makes an InputLayer."""
    if isinstance(item, Tensor) and isinstance(item.node.operation, InputLayer):
        item = item.node.operation
    if not isinstance(item, (Layer, Model)):
        # Not a layer we track (a user's class, an unknown value): an unknown row from here on.
        placeholder = Operation("unknown layer", line, maybe_layer=True, cause=cause_of(item))
        model.sequence.append(placeholder)
        model.sequential_output = None if model.sequential_output is None else []
        return
    if not model.sequence and isinstance(item, Layer) and not isinstance(item, InputLayer) \
            and item.declared_input is not None:
        implicit = make_input(item.declared_input, counters.next_name("input_layer"), item.line, False)
        implicit.implied_by = item
        _append(model, implicit, counters)
    _append(model, item, counters)


def _append(model: Model, item: Union[Layer, Model, Operation], counters: NameCounters) -> None:
    model.sequence.append(item)
    if isinstance(item, InputLayer) and len(model.sequence) == 1:
        model.sequential_output = [input_tensor(item)]
        return
    first_input: Optional[InputLayer] = None
    if isinstance(item, Model) and item.kind == "Sequential" and item.sequence \
            and isinstance(item.sequence[0], InputLayer) and item.sequential_output is not None:
        first_input = item.sequence[0]  # a built Sequential's input_shape is its InputLayer's
    if len(model.sequence) == 1 and isinstance(item, Model) and (len(item.inputs) == 1 or first_input is not None):
        # _maybe_rebuild: a first layer with a known input_shape (a built model) builds the model.
        shape = item.inputs[0].shape if len(item.inputs) == 1 else first_input.batch_shape if first_input else UNKNOWN
        layer = make_input(shape, None, item.line, False)
        model.sequence.insert(0, layer)
        model.sequential_output = [input_tensor(layer)]
    _extend_sequential_graph(model, item, counters)


def _extend_sequential_graph(model: Model, item: Union[Layer, Model, Operation], counters: NameCounters
                             ) -> None:
    if model.sequential_output is None:
        return  # not built (yet): no input shape
    if not model.sequential_output:
        # The graph was broken by something unknown: later layers see an unknown input.
        running = opaque("unknown", 0, [], maybe_layer=False)
    else:
        running = model.sequential_output[0]
    if isinstance(item, Operation):
        model.sequential_output = []
        return
    result = call(item, running, (), counters)
    if not isinstance(result, Tensor):
        # A layer returning several tensors inside a Sequential (return_state=True, a dict): Keras
        # passes them all on; the next layer's input is not one tensor.
        model.sequential_output = []
        return
    model.sequential_output = [result]


def sequential_build(model: Model, batch_shape: MaybeShape, counters: NameCounters, line: int) -> None:
    """``Sequential.build(input_shape)`` on a Sequential without an InputLayer (called by
    ``model.build(...)``, or by Keras itself when an unbuilt Sequential is called on a tensor)."""
    if model.sequence and isinstance(model.sequence[0], InputLayer):
        # Keras builds again on the input it has (or raises, for another shape): each layer is
        # called again, and a new internal Functional takes a "functional" default name.
        model.sequential_output = [input_tensor(model.sequence[0])]
        for item in model.sequence[1:]:
            _extend_sequential_graph(model, item, counters)
        counters.next_name("functional")
        return
    if model.sequential_output is not None:
        return
    layer = make_input(batch_shape, counters.next_name("input_layer"), line, False)
    items = list(model.sequence)
    model.sequence = [layer]
    model.sequential_output = [input_tensor(layer)]
    for item in items:
        model.sequence.append(item)
        _extend_sequential_graph(model, item, counters)
    note_rebuild(model, counters)


def sequential_pop(model: Model, counters: NameCounters) -> Union[Layer, Model, None]:
    """``Sequential.pop()``: the last layer leaves ``model.layers`` and the model is rebuilt
    (``_maybe_rebuild``) on its input, each remaining layer called again. Returns the popped layer,
    or None when which layer is last is not known (an unknown run of layers may end the model):
    the model is then incomplete."""
    if not model.sequence or isinstance(model.sequence[-1], Operation) or model.incomplete:
        model.incomplete = True
        return None
    popped = model.sequence.pop()
    assert not isinstance(popped, Operation)
    if isinstance(popped, InputLayer):
        model.sequence.append(popped)  # Keras pops the InputLayer too; lstm-lint does not follow that
        model.incomplete = True
        return None
    if model.sequence and isinstance(model.sequence[0], InputLayer):
        model.sequential_output = [input_tensor(model.sequence[0])]
        for item in model.sequence[1:]:
            _extend_sequential_graph(model, item, counters)
        note_rebuild(model, counters)
    else:
        model.sequential_output = None
    return popped


def sequential_forget_last(model: Model) -> None:
    """A ``pop()`` that may or may not happen: the last row stands for "this layer, or none"."""
    model.incomplete = True
    if model.sequence and not isinstance(model.sequence[-1], (InputLayer, Operation)):
        model.sequence[-1] = Operation("a layer that may be popped", model.sequence[-1].line, maybe_layer=True)
        if model.sequential_output is not None:
            model.sequential_output = []


def note_rebuild(model: Model, counters: NameCounters) -> None:
    """``Sequential._maybe_rebuild``: each time a Sequential with an input and at least one layer
    is (re)built, Keras makes a new internal Functional, which takes a "functional" default name."""
    if len(model.sequence) > 1 and isinstance(model.sequence[0], InputLayer):
        counters.next_name("functional")


def sequential_finish(model: Model) -> None:
    """Keras builds a Sequential only with an input and at least one layer after it; record the
    model's inputs/outputs for use as a sub-model."""
    if model.sequence and isinstance(model.sequence[0], InputLayer) and len(model.sequence) > 1:
        model.inputs = [input_tensor(model.sequence[0])]
        model.outputs = list(model.sequential_output or [])
    else:
        model.inputs, model.outputs = [], []


# ---- Functional ----------------------------------------------------------------------------------


_UNPLACED_INPUTS = ("the model's inputs reach its outputs through values lstm-lint cannot see: the order of "
                    "model.layers is unknown")


_DISCONNECTED = ("an output is computed from an Input that is not among the model's inputs: Keras "
                 "raises (not connected to `inputs`) and builds no model")


def _disconnected(inputs: List[Tensor], outputs: List[Tensor]) -> bool:
    """Whether an output reaches, through layer calls only, the tensor of an ``Input`` that is
    not one of ``inputs``: Keras's graph holds the same calls, so it cannot compute that output.
    Ops and values of unknown origin are not followed (what they compute from is not certain)."""
    if not inputs or any(not _followed_call(tensor.node) for tensor in inputs):
        return False  # an input that stands for one of several tensors (or one we cannot see)
    input_ids = {id(tensor) for tensor in inputs}
    seen: Set[int] = set()
    stack = list(outputs)
    while stack:
        tensor = stack.pop()
        if id(tensor) in input_ids or id(tensor) in seen:
            continue
        seen.add(id(tensor))
        node = tensor.node
        if node.is_input:
            return True
        if _followed_call(node):
            stack.extend(node.inputs)
    return False


def _followed_call(node: Node) -> bool:
    """A call of a Keras layer or model (or an Input): its tensors are the ones Keras's has."""
    return isinstance(node.operation, (Layer, Model)) and custom_state(node.operation) is None


def functional(model: Model, inputs: List[Tensor], outputs: List[Tensor]) -> None:
    """``Functional.__init__``: the operations between inputs and outputs, in Keras's order."""
    model.inputs = inputs
    model.outputs = outputs
    model.functional_operations = None
    if not model.incomplete and _disconnected(inputs, outputs):  # with inputs we cannot see, it may be connected
        # Keras raises (``Graph disconnected`` / ``Output ... is not connected to inputs``):
        # there is no such model to summarise.
        model.functional_layers = [Operation("layers of a model Keras does not build", model.line, maybe_layer=True,
                                             cause=Cause(model.line, model.column, _DISCONNECTED))]
        model.disconnected = True
        return
    unplaced: List[Op] = []
    operations = map_graph(inputs, outputs, unplaced)
    unknown_mask = next((operation for operation in operations if isinstance(operation, Operation)
                         and operation.description == masks.UNKNOWN_MASK), None)
    if unplaced and len(inputs) > 1:
        # An input of several reaches the outputs through tensors we cannot see: its depth, and
        # so the order of model.layers, is unknown (a model's only input is deeper than all else).
        model.functional_layers = [Operation("layers in an unknown order", model.line, maybe_layer=True,
                                             cause=Cause(model.line, model.column, _UNPLACED_INPUTS))]
        return
    if unknown_mask is not None:
        # A mask of a custom layer we cannot follow is an input of a layer here: the depths, and
        # so the order of model.layers, are unknown.
        model.functional_layers = [Operation("layers in an unknown order", unknown_mask.line, maybe_layer=True,
                                             cause=unknown_mask.cause)]
        return
    model.functional_layers = [
        operation for operation in operations
        if not isinstance(operation, Operation) or operation.maybe_layer
    ]
    model.functional_operations = [
        operation for operation in operations
        if not isinstance(operation, Operation) or operation.maybe_layer or operation.keras_op
    ]
    if model.incomplete:
        # Outputs (or inputs) we could not see: the layers between them are rows we cannot list.
        unseen = Operation("layers of outputs lstm-lint does not follow", model.line, maybe_layer=True,
                           cause=Cause(model.line, model.column,
                                       "the model's outputs are not tensors lstm-lint follows"))
        model.functional_layers.append(unseen)
        model.functional_operations.append(unseen)


def map_graph(inputs: List[Tensor], outputs: List[Tensor], unplaced: Optional[List[Op]] = None) -> List[Op]:
    """``keras/src/ops/function.py`` map_graph: operations ordered by decreasing depth, ties by
    first traversal from the outputs. ``unplaced`` gets the inputs reached only through tensors of
    unknown origin, placed deeper than all else (where a model's only input is)."""
    finished: Set[int] = set()
    in_progress: Set[int] = set()
    ordered_nodes: List[Node] = []
    operation_indices: Dict[int, int] = {}
    operations: Dict[int, Op] = {}
    input_ids = {id(tensor) for tensor in inputs}

    # _build_map_helper's depth-first walk, written with an explicit stack so that a deep graph
    # (a 10,000-layer chain) cannot exhaust Python's recursion limit.
    for output in outputs:
        stack: List[Tuple[Tensor, Optional[Iterator[Tensor]]]] = [(output, None)]
        while stack:
            tensor, parents = stack[-1]
            node = tensor.node
            if parents is None:
                if id(node) in finished or id(node) in in_progress:
                    stack.pop()
                    continue
                if not node.is_input and id(tensor) in input_ids:
                    finished.add(id(node))
                    stack.pop()
                    continue
                operation = node.operation
                if id(operation) not in operation_indices:
                    operation_indices[id(operation)] = len(operation_indices)
                    operations[id(operation)] = operation
                in_progress.add(id(node))
                parents = iter([] if node.is_input else node.inputs)
                stack[-1] = (tensor, parents)
            parent = next(parents, None)
            if parent is not None:
                stack.append((parent, None))
                continue
            finished.add(id(node))
            in_progress.discard(id(node))
            ordered_nodes.append(node)
            stack.pop()

    nodes_in_graph = {id(node) for node in ordered_nodes}
    node_depths: Dict[int, int] = {}
    operation_depths: Dict[int, int] = {}
    for node in reversed(ordered_nodes):
        depth = node_depths.setdefault(id(node), 0)
        depth = max(depth, operation_depths.get(id(node.operation), 0))
        operation_depths[id(node.operation)] = depth
        node_depths[id(node)] = depth
        for parent_node in node.parent_nodes:
            if id(parent_node) not in nodes_in_graph:
                continue
            node_depths[id(parent_node)] = max(depth + 1, node_depths.get(id(parent_node), 0))
    # A tensor of unknown origin (an input lstm-lint cannot see, ``concatenate(unknown_list)``) is
    # computed from the model's inputs in Keras, or Keras would refuse the graph: an input not
    # reached through it is deeper than every layer, not of depth 0.
    unseen_origin = any(not node.is_input and not node.inputs for node in ordered_nodes)
    unreached = [tensor for tensor in inputs
                 if id(tensor.node.operation) not in operation_depths and tensor.node.is_input]
    top = max(operation_depths.values(), default=-1) + 1
    for tensor in unreached:
        operation = tensor.node.operation
        operation_depths[id(operation)] = top if unseen_origin else 0
        operation_indices[id(operation)] = -1
        operations[id(operation)] = operation
    if unseen_origin and unplaced is not None:
        unplaced.extend(tensor.node.operation for tensor in unreached)

    by_depth: Dict[int, List[Op]] = {}
    for key, depth in operation_depths.items():
        by_depth.setdefault(depth, []).append(operations[key])
    ordered: List[Op] = []
    for depth in sorted(by_depth, reverse=True):
        ordered.extend(sorted(by_depth[depth], key=lambda op: operation_indices[id(op)]))
    return ordered


def _placed(output: ShapeTree, line: int) -> ShapeTree:
    """An output unknown for a reason the entry gave without a place (line 0), placed at ``line``."""
    if isinstance(output, Unknown) and output.cause is not None and output.cause.line == 0:
        cause = output.cause
        return Unknown(Cause(line, 0, cause.template, cause.arguments))
    return output
