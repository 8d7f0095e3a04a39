"""The objects a Keras program builds, as lstm-lint tracks them: layers, symbolic tensors, the
nodes that connect them, and models.

These mirror Keras 3's own (``keras/src/layers/layer.py``, ``keras/src/ops/node.py``,
``keras/src/models/{sequential,functional}.py``) closely enough that model layer lists, default
names and shapes come out as Keras prints them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Set, Tuple, Union

from lstm_lint.graph.shapes import MaybeShape, ShapeTree
from lstm_lint.layers.spec import (
    NO_WEIGHTS, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, Weights, to_snake_case,
)
from lstm_lint.values import UNKNOWN, Cause, Unknown


class NameCounters:
    """Keras's default-name counters (``keras/src/utils/naming.py`` uniquify): one per snake-case
    class name, shared by every layer the program constructs. A counter whose value we lost (a
    layer built in a loop of unknown length) is *tainted*: names it would give are unknown."""

    def __init__(self) -> None:
        self.counts: Dict[str, int] = {}
        self.tainted: Set[str] = set()
        self.all_tainted = False
        # An op lstm-lint cannot name was made: it took a counter we do not know, so every op's
        # name from here on is unknown (layers' names are not: no such op takes a layer's prefix,
        # layers/ops.py).
        self.op_names_lost = False
        # Keras 3 computes a symbolic tensor's mask with ops that are nodes of the graph (a
        # Functional's rows, taking default names) and passes it to the next layer as an input of
        # its node; tf.keras 2 (``target-keras = 2``) computed it inside the layer's call, outside
        # the graph. Kept across ``reset``: it is the Keras the program is read for.
        self.graph_masks = True

    def next_name(self, prefix: str) -> Optional[str]:
        count = self.counts.get(prefix, 0)
        self.counts[prefix] = count + 1
        if self.all_tainted or prefix in self.tainted:
            return None
        return prefix if count == 0 else f"{prefix}_{count}"

    def next_op_name(self, prefix: str) -> Optional[str]:
        """The default name of an op (``auto_name``): from the same counters as layers'."""
        name = self.next_name(prefix)
        return None if self.op_names_lost else name

    def reset(self) -> None:
        """``keras.backend.clear_session()``: every counter starts again, and is known again."""
        self.counts.clear()
        self.tainted.clear()
        self.all_tainted = False
        self.op_names_lost = False

    def snapshot(self) -> Dict[str, int]:
        return dict(self.counts)

    def taint_changes_since(self, before: Dict[str, int]) -> None:
        for prefix, count in self.counts.items():
            if before.get(prefix, 0) != count:
                self.tainted.add(prefix)


@dataclass(eq=False)
class Layer:
    """One layer object the program constructed (``LSTM(50)``, ...)."""

    class_name: str
    spec: Optional[LayerSpec]  # None: a Keras layer lstm-lint does not model
    config: Config
    name: Optional[str]
    line: int
    explicit_name: bool = False
    # Keras 2 style input declared on the layer (input_shape=, input_dim=, batch_input_shape=, ...):
    # the batch shape a Sequential builds its InputLayer from, when this layer comes first.
    declared_input: Optional[MaybeShape] = None
    trainable: Union[bool, Unknown] = True
    nodes: List[Node] = field(default_factory=list)
    weights: Optional[Weights] = None  # set by the first call (Keras's build())
    errors: List[BuildError] = field(default_factory=list)
    # Keyword arguments the class does not take (typos, Keras 2-only arguments), for the rules.
    unexpected_keywords: List[str] = field(default_factory=list)
    # Keras's constructor raises on these arguments (LL103: a keyword no Keras takes, an argument
    # too many), wherever it runs: no run that gets to a call of this layer object has it, so what
    # a call would build is unknown, not reported.
    raises_at_construction: bool = False
    # The arguments as written: by Keras name for positional ones ("#2" past the signature or for
    # a class without a spec), and every keyword. Rules tell explicit settings from defaults here.
    given: Dict[str, Any] = field(default_factory=dict)
    # False when */** arguments we could not expand were passed: any argument may be anything.
    complete_arguments: bool = True
    column: int = 0
    # Called in a block that may not run (or runs an unknown number of times) after its last
    # certain call: which call summary() shows is not certain.
    uncertain_output: bool = False
    # Constructed in a block that may not run: what Keras's constructor would raise on it is not
    # raised in every run.
    conditional: bool = False
    # Errors found on a call in a block that may not run (ids into ``errors``).
    conditional_errors: Set[int] = field(default_factory=set)
    # Something lstm-lint does not follow may have built it: a call on data, or code it does not
    # follow that was handed the layer.
    built_unseen: bool = False
    # The input shapes Keras's build was given (its ``_build_shapes_dict``), from which summary()
    # prints the shape of a layer no node was made for (a sublayer of a subclassed model): those of
    # its first call, or of ``layer.build(shape)``. None: not built so.
    built_on: Optional[ShapeTree] = None
    # Built inside a traced ``call`` on a shape with None sizes: Keras ran on the backend's stand-ins
    # for them (or, in lstm-lint's view of the trace, on sizes it did not follow), and what it
    # prints for those sizes differs between backends.
    built_in_trace: bool = False
    # For a layer that runs a function of the program's (``Lambda(fn)``): given a call's main input
    # and its arguments (None: a Sequential's call on the input alone), the output shapes that
    # function gives there, as Keras finds them by running it; None when it says nothing of them.
    function_tracer: Optional[Callable[[Any, Any], Optional[ShapeTree]]] = None
    # A Bidirectional over an RNN of a cell of the program's own class: the forward and backward
    # RNNs its constructor made again from that RNN's config, whose builds give its weights.
    copies: Optional[List["Layer"]] = None

    def certainly_unbuilt(self) -> bool:
        """Keras's ``layer.built`` is False in every run that gets here: never called nor built,
        and not by its constructor either. A summary then prints ``?`` and ``0 (unbuilt)``."""
        if self.weights is not None or self.built_unseen or self.spec is None or not self.complete_arguments:
            return False
        return self.spec.built_at_construction(self.config) is False

    def certain_errors(self) -> List[BuildError]:
        """The build errors Keras raises in every run that gets here: none if the layer itself may
        not be constructed, and none found on a call that may not happen."""
        if self.conditional:
            return []
        return [error for error in self.errors if id(error) not in self.conditional_errors]

    @property
    def type_name(self) -> str:
        return self.class_name

    def unbuilt_weights(self) -> Weights:
        """Weights for a layer never called: only what does not depend on the input (Embedding)."""
        if self.spec is None:
            return UNKNOWN_WEIGHTS
        try:
            return self.spec.weights(self.config, UNKNOWN)
        except BuildError:
            return UNKNOWN_WEIGHTS

    def current_weights(self) -> Weights:
        weights = self.weights if self.weights is not None else self.unbuilt_weights()
        if self.trainable is False:
            return Weights(0, weights.total)
        if isinstance(self.trainable, Unknown):
            # Frozen or not, its count is the same: only the split is unknown.
            total = weights.total
            return NO_WEIGHTS if total == 0 else Weights(UNKNOWN, UNKNOWN, total if isinstance(total, int) else None)
        return weights

    def last_output(self) -> ShapeTree:
        """What summary() prints: the outputs of the layer's last call (summary_utils)."""
        return _last_output(self.nodes, self.uncertain_output)


@dataclass(eq=False)
class InputLayer(Layer):
    batch_shape: MaybeShape = UNKNOWN
    # Where its name is not known: the prefix of the default names it may have (``clone_model``
    # names a new Input after the original's tensor, "keras_tensor" or "keras_tensor_<n>").
    name_prefix: Optional[str] = None
    # The layer whose Keras 2-style input_shape= made Sequential create this InputLayer, if any.
    implied_by: Optional[Layer] = None


@dataclass(eq=False)
class Operation:
    """A Keras 3 op on symbolic tensors that is not a layer (``x + y``, ``x[:, -1]``, ``keras.ops``):
    part of the graph, absent from ``model.layers``. ``maybe_layer`` marks a call lstm-lint cannot
    classify (a user's class, a TensorFlow function): it may be a layer, so a model shows a row of
    unknowns for it."""

    description: str
    line: int
    maybe_layer: bool = False
    nodes: List[Node] = field(default_factory=list)
    # What the op was called with, when the interpreter recorded it (a function on tensors, a
    # subscript): rules read an op's arguments here (LL309: which axis ``keras.ops.flip`` flips).
    arguments: Optional[CallArguments] = None
    # Why the operation stands for something unknown, when the value it stands for said so.
    cause: Optional[Cause] = None
    # A Keras op (not a layer): a Functional model's summary() prints a row for it (it lists
    # ``model._operations``). ``keras_class``: its class, the row's type (``Add``, ``GetItem``),
    # None when lstm-lint cannot tell (the row then stands for the ops one call makes);
    # ``keras_name``: its default name, None when unknown.
    keras_op: bool = False
    keras_class: Optional[str] = None
    keras_name: Optional[str] = None

    def known_weights(self) -> Weights:
        """The weights of the layers a row of unknown layers stands for, where they are known."""
        return UNKNOWN_WEIGHTS

    def last_output(self) -> ShapeTree:
        """What its row shows (a op is made by one call: its one node's outputs)."""
        return _last_output(self.nodes, False)


@dataclass(frozen=True)
class CallArguments:
    """The evaluated arguments of the call that made an operation: ``keras.ops.flip(x, axis=1)``
    gives ``args == (x,)`` and ``kwargs == {"axis": 1}``; a subscript ``x[:, ::-1]`` gives
    ``args == (x, (slice(None), slice(None, None, -1)))``. Lists are kept as tuples of their items
    at the time of the call, since the program may change a list it passed afterwards."""

    args: Tuple[Any, ...]
    kwargs: Mapping[str, Any]


@dataclass(eq=False)
class KerasCall:
    """The result of a Keras call that is not a layer or model but that rules read, such as a loss
    object (``keras.losses.BinaryCrossentropy(from_logits=True)``)."""

    path: str  # inside Keras, e.g. "losses.BinaryCrossentropy"
    args: List[Any]
    kwargs: Dict[str, Any]


@dataclass(eq=False)
class ApiCall:
    """A call of a Keras callable that is not a layer (``keras.Input``, ``model.fit``, an optimizer),
    for the rules that check its arguments: ``path`` names it as ``layers/api.py`` does."""

    path: str
    positional: int  # how many arguments were passed by position
    # The arguments by parameter name (positional ones bound in order) and every keyword given.
    arguments: Dict[str, Any]
    keywords: Tuple[str, ...]
    line: int
    column: int
    # Made in every run that gets here (not in a block that may not run), with arguments all seen.
    certain: bool


@dataclass(frozen=True)
class TensorflowCall:
    """A TensorFlow op called on a symbolic Keras tensor, outside any layer's ``call``: Keras 3
    raises there (layers/tensorflow_ops.py). ``function`` is its path after ``tensorflow.``;
    ``certain``: made in every run that gets here."""

    function: str
    line: int
    column: int
    certain: bool


@dataclass(frozen=True)
class UnbuiltUse:
    """``model.output`` (or ``.input``, ``.outputs``, ``.inputs``) read where Keras 3 raises
    AttributeError: the Sequential was never called on a tensor (or, for the plural names, never
    built). ``certain``: read in every run that gets here."""

    attribute: str
    line: int
    column: int
    certain: bool


@dataclass(frozen=True)
class Keras2PathUse:
    """An attribute read into a module Keras 3 does not have (``layers.experimental``, see
    ``layers/keras2_paths.py``), where Keras 3 raises AttributeError. ``path``: the dotted path up to
    that attribute; ``certain``: read in every run that gets here."""

    path: str
    line: int
    column: int
    certain: bool


@dataclass(frozen=True)
class ConflictingBuild:
    """``model.build(shape)`` on a Sequential whose input has another batch shape: Keras 3 raises
    "has already been configured to use input shape"."""

    line: int
    column: int
    configured: MaybeShape
    given: MaybeShape


Op = Union[Layer, Operation, "Model"]


@dataclass(eq=False)
class Node:
    """One call of a layer or op: the tensors it took and the ones it produced."""

    operation: Op
    inputs: List[Tensor]
    output_shapes: ShapeTree
    outputs: List[Tensor] = field(default_factory=list)

    def __post_init__(self) -> None:
        for tensor in self.inputs:
            tensor.consumers.append(self)

    @property
    def is_input(self) -> bool:
        return isinstance(self.operation, InputLayer)

    @property
    def parent_nodes(self) -> List[Node]:
        return [tensor.node for tensor in self.inputs]


class _Serials:
    """Creation order of tensors: an uncertain block knows which tensors existed before it."""

    last = 0

    @classmethod
    def next(cls) -> int:
        cls.last += 1
        return cls.last


def last_tensor_serial() -> int:
    return _Serials.last


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor: the output ``index`` of ``node``."""

    shape: MaybeShape
    node: Node
    index: int = 0
    serial: int = field(default_factory=_Serials.next)
    # Keras's ``_keras_mask``: the mask tensor a masking layer attached (graph/masks.py).
    mask: Optional[Tensor] = None
    # The nodes that take this tensor as an input, in the order the program made them.
    consumers: List[Node] = field(default_factory=list, repr=False)


@dataclass(eq=False)
class Model:
    """A Sequential or functional model. Also usable as a layer of another model."""

    kind: str  # "Sequential" or "Functional"
    line: int
    name: Optional[str] = None  # the variable / function name lstm-lint reports it under
    named_by_return: bool = False
    keras_name: Optional[str] = None  # its ``name=`` argument, or the default name Keras gives it
    explicit_keras_name: bool = False  # given with ``name=``
    # Printed as tf.keras 2 (``target-keras = 2``) printed it: an InputLayer's output shape as a
    # list of one shape, the rows of a subclassed model as ``multiple``.
    tf_keras2_table: bool = False
    # A model a builder function returned: the function's name, and the line of the call's
    # binding that names it (``small = build()``), once one does.
    built_by: Optional[str] = None
    call_line: Optional[int] = None
    # Sequential: the layers in order (an InputLayer first once it has one). Functional: set once.
    sequence: List[Union[Layer, Model, Operation]] = field(default_factory=list)
    inputs: List[Tensor] = field(default_factory=list)
    outputs: List[Tensor] = field(default_factory=list)
    # Functional, given outputs that hold a dict (``keras.Model(inputs, {"y": out})``): their
    # structure, each tensor replaced by its index in ``outputs``, which a call of the model returns.
    output_structure: Any = None
    # The layer order of model.layers for a functional model.
    functional_layers: List[Union[Layer, Model, Operation]] = field(default_factory=list)
    # A functional model's ``_operations``, what its summary() lists: its layers with the Keras
    # ops among them, in Keras's order. None: the same as its layers (no graph was mapped).
    functional_operations: Optional[List[Union[Layer, Model, Operation]]] = None
    # Outputs that are not symbolic tensors we track (so the layer list is incomplete).
    incomplete: bool = False
    trainable: Union[bool, Unknown] = True
    nodes: List[Node] = field(default_factory=list)
    compile_calls: List[Dict[str, Any]] = field(default_factory=list)
    fit_calls: List[Dict[str, Any]] = field(default_factory=list)
    # What its last compile set as ``model.optimizer`` (graph/optimizers.py); None: not compiled.
    optimizer: Any = None
    # Sequential: the running output while layers are added (None until it has an input).
    sequential_output: Optional[List[Tensor]] = None
    column: int = 0
    # How many uncertain blocks (ifs on unknown conditions, loops of unknown length) enclose the
    # model's construction: changes made under more of them than that are not certain.
    speculative_depth: int = 0
    uncertain_output: bool = False  # as Layer.uncertain_output
    built_in: Optional[object] = None  # the function (syntax node) whose code constructed it
    # Built on some paths only: reported as part of the model standing for "one of these".
    replaced_by: Optional[Model] = None
    # Reads of attributes Keras 3 does not have yet on this model (rules: LL108).
    unbuilt_uses: List[UnbuiltUse] = field(default_factory=list)
    # Passed to code we do not follow, which may call or build it.
    escaped: bool = False
    # build() calls on another shape than the model's input has, made in every run (LL109).
    conflicting_builds: List[ConflictingBuild] = field(default_factory=list)
    # Functional: an output is computed from an Input not among its inputs, so Keras raises and
    # builds no model; ``disconnected_certain``: made so in every run that gets here (LL111).
    disconnected: bool = False
    disconnected_certain: bool = False
    # Built by code nothing in the file runs (a method no one calls), run to check it: no model
    # of the program's, so not reported (the rules still read it).
    unreported: bool = False
    # A Sequential built by a call inside a traced ``call`` (as Layer.built_in_trace).
    built_in_trace: bool = False
    # A Sequential Keras may have built where lstm-lint did not follow it: on some paths only, or
    # on data whose shape it does not know.
    maybe_built: bool = False
    # Why: where it may have been built (shown as the cause of its rows' unknowns).
    maybe_built_cause: Optional[Cause] = None

    @property
    def class_name(self) -> str:
        return self.kind

    @property
    def type_name(self) -> str:
        return self.kind

    def layers(self) -> List[Union[Layer, Model, Operation]]:
        """``model.layers`` as Keras 3 lists it (Operations that may be layers included)."""
        if self.kind == "Sequential":
            return [item for item in self.sequence if not isinstance(item, InputLayer)]
        return list(self.functional_layers)

    def summary_items(self) -> List[Union[Layer, Model, Operation]]:
        """What ``summary()`` lists (keras/src/utils/summary_utils.py): a Functional model's
        ``_operations``, a Sequential's ``model.layers``."""
        if self.kind == "Functional" and self.functional_operations is not None:
            return list(self.functional_operations)
        return self.layers()

    def variable_weights(self) -> Weights:
        """The weights of the layers inside, each trainable or not by its own flag: what a model
        holding this one counts (Keras 3 sums its variables, whose ``trainable`` the layers set;
        a model's own flag hides its weights from its own ``trainable_weights`` only)."""
        total = NO_WEIGHTS
        seen: Set[int] = set()
        for item in self.layers():
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, Operation):
                total = total + item.known_weights()
            elif isinstance(item, Model):
                total = total + item.variable_weights()
            else:
                total = total + item.current_weights()
        if self.incomplete or _shares_inner_layers(self.layers()):
            # Keras counts a weight once however many layers hold it (a cell in two RNNs, a Dense
            # both called and wrapped by TimeDistributed); the rows' sum would count it twice.
            total = total + UNKNOWN_WEIGHTS
        return total

    def row_weights(self, item: Union[Layer, "Model"]) -> Weights:
        """The count ``summary()`` prints in this model's row for one of its layers."""
        if self.row_unbuilt(item):
            # Keras prints ``0 (unbuilt)``, even for a Sequential whose layers other models built.
            return NO_WEIGHTS
        return item.current_weights()

    def row_output(self, item: Union[Layer, "Model"]) -> ShapeTree:
        """The Output Shape cell ``summary()`` prints in this model's row for one of its layers."""
        if isinstance(item, Layer) and not item.nodes and item.built_on is not None and not item.built_in_trace \
                and never_built(self):
            return shape_from_build(item)  # built by ``layer.build(shape)``
        return item.last_output()

    def row_shape_unprinted(self, item: Union[Layer, "Model"]) -> bool:
        """Whether ``summary()`` prints ``?`` as that row's shape in every run: Keras has no shape
        to print for it (a layer no node was made for, that was not built on a shape)."""
        if isinstance(item, Layer) and not item.nodes and never_built(self) and item.spec is not None \
                and not item.built_unseen:
            if item.built_on is not None:
                return item.spec.output_by_call
            return item.spec.built_at_construction(item.config) is True
        return False

    def row_unbuilt(self, item: Union[Layer, "Model"]) -> bool:
        """Whether ``summary()`` prints ``?`` and ``0 (unbuilt)`` in this model's row for one of its
        layers, in every run: a nested Sequential with no input yet is not built."""
        if isinstance(item, Layer) and never_built(self):
            return item.certainly_unbuilt()
        return isinstance(item, Model) and unbuilt_sequential(item)

    def current_weights(self) -> Weights:
        total = existing_weights(self) if never_built(self) else self.variable_weights()
        if self.trainable is False:
            return Weights(0, total.total)
        if isinstance(self.trainable, Unknown):
            count = total.total  # frozen or not, the count is the same: only the split is unknown
            return Weights(UNKNOWN, UNKNOWN, count if isinstance(count, int) else None)
        return total

    def last_output(self) -> ShapeTree:
        if self.nodes:
            return _last_output(self.nodes, self.uncertain_output)
        if self.outputs:
            shapes = [tensor.shape for tensor in self.outputs]
            return shapes[0] if len(shapes) == 1 else list(shapes)
        return UNKNOWN

    @property
    def keras_default_prefix(self) -> str:
        return to_snake_case(self.kind)


def never_built(model: Model) -> bool:
    """A Sequential Keras has not built as the program leaves it, in every run: an unbuilt one
    holding Keras's own layers (and models), not handed back by a builder to callers the file does
    not show. Its summary() prints ``?`` and ``0 (unbuilt)`` rows and the weights that exist."""
    if not unbuilt_sequential(model) or model.sequential_output is not None or (
            model.built_by is not None and model.call_line is None):
        return False  # (built on its first layer's input, as when that is a model with one)
    return all(getattr(item, "custom", None) is None and not isinstance(item, Operation) and (
        not isinstance(item, Layer) or (item.spec is not None and item.complete_arguments))
        for item in model.sequence)


def existing_weights(model: Model) -> Weights:
    """The weights an unbuilt Sequential's layers hold (built by their constructors, or by other
    models), each trainable or not by its own flag: what summary() counts for it."""
    total = NO_WEIGHTS
    seen: Set[int] = set()
    for item in model.layers():
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Operation):
            return UNKNOWN_WEIGHTS
        if isinstance(item, Model):
            total = total + (existing_weights(item) if unbuilt_sequential(item) else item.variable_weights())
        else:
            total = total + built_weights(item)
    if _shares_inner_layers(model.layers()):
        total = total + UNKNOWN_WEIGHTS
    return total


def shape_from_build(layer: Layer) -> ShapeTree:
    """What summary() prints as the shape of a Keras layer no node was made for, built on a shape
    (``compute_output_shape`` of its ``_build_shapes_dict``): UNKNOWN when it was not, or when the
    class has none (then Keras prints ``?``)."""
    if layer.spec is None or layer.built_on is None or layer.spec.output_by_call or layer.weights is None \
            or layer.built_unseen or not layer.complete_arguments:
        return UNKNOWN
    try:
        return layer.spec.output(layer.config, layer.built_on)
    except BuildError:
        return UNKNOWN


def unbuilt_sequential(model: Model) -> bool:
    """A Sequential with no input yet, and nothing lstm-lint does not follow done to it: Keras has
    not built it (its layers may have been built by other models)."""
    return model.kind == "Sequential" and not model.incomplete and not model.escaped and not model.nodes \
        and not model.maybe_built \
        and not (model.sequence and isinstance(model.sequence[0], (InputLayer, Operation)))


def built_weights(layer: Layer) -> Weights:
    """A layer's weights as Keras counts them inside a built custom layer or model, or an unbuilt
    Sequential (the weights that exist): a layer never called (or built) has none, unless its
    constructor built it (``Embedding(weights=...)``, a Dropout); one something unfollowed may have
    built has unknown weights."""
    if layer.weights is None and layer.spec is not None:
        if layer.certainly_unbuilt() or layer.unbuilt_weights().total == 0:
            return NO_WEIGHTS  # not built, or with no weights whatever its input
        if layer.built_unseen or layer.spec.built_at_construction(layer.config) is not True:
            return UNKNOWN_WEIGHTS
    return layer.current_weights()


def _inner_layers(layer: Layer) -> List[Layer]:
    """The layers a layer holds through its arguments (a wrapper's layer, an RNN's cells)."""
    if layer.spec is None:
        return []
    found: List[Layer] = []
    for argument in layer.spec.layer_arguments:
        value = layer.config.get(argument)
        for inner in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(inner, Layer):
                found.append(inner)
                found.extend(_inner_layers(inner))
    return found


def _shares_inner_layers(items: List[Union[Layer, Model, Operation]]) -> bool:
    """Whether a layer is held by two of the items, or held by one and an item itself."""
    tops = {id(item) for item in items}
    held: Set[int] = set()
    for item in items:
        if isinstance(item, Layer):
            for inner in _inner_layers(item):
                if id(inner) in held or id(inner) in tops:
                    return True
                held.add(id(inner))
    return False


def _last_output(nodes: List[Node], uncertain: bool) -> ShapeTree:
    if not nodes:
        return UNKNOWN
    last = nodes[-1].output_shapes
    if uncertain and any(node.output_shapes != last for node in nodes[:-1]):
        return UNKNOWN
    return last


def release_graph(roots: Iterable[Any]) -> None:
    """Empty every layer, op, model, node and tensor reachable from ``roots`` once nothing reads
    them any more. A layer and its nodes, a node and its tensors, a custom layer and the closures
    over it point at each other: left alone, each file's graph, with the parsed code its layers
    hold (arguments, call sites, functions), would wait for the cycle collector, which walks every
    object of it first; emptied, reference counting frees it as soon as it is dropped."""
    pending: List[Any] = list(roots)
    seen: Set[int] = set()
    reached: List[Any] = []
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Tensor):
            pending.append(item.node)
            pending.extend(item.consumers)
            if item.mask is not None:
                pending.append(item.mask)
        elif isinstance(item, Node):
            pending.append(item.operation)
            pending.extend(item.inputs)
            pending.extend(item.outputs)
        elif isinstance(item, (Layer, Operation, Model)):
            pending.extend(item.nodes)
            custom = getattr(item, "custom", None)  # a custom layer's or subclassed model's state
            if custom is not None:
                reached.append(custom)
                # The layers and models it tracks (a block of its own class among them), which
                # nothing else may reach.
                for event in getattr(custom, "events", ()):
                    pending.extend(getattr(event, "found", None) or ())
            if isinstance(item, Model):
                pending.extend(item.sequence)
                pending.extend(item.inputs)
                pending.extend(item.outputs)
                pending.extend(item.functional_layers)
        else:
            continue
        reached.append(item)
    for item in reached:
        vars(item).clear()
