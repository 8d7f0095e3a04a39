"""Layers and models of the program's own classes (``class Block(keras.layers.Layer)``,
``class Net(keras.Model)``), as Keras 3 tracks them.

Keras's ``Layer.__setattr__`` hands every attribute value to its tracker
(``keras/src/utils/tracking.py``): a layer is appended to ``_layers`` when it is assigned, a list,
tuple or dict is replaced by a tracked copy whose items are tracked (and whose later ``append`` is
too), and nothing is ever untracked by overwriting the attribute. ``model.layers`` of a subclassed
model, and the weights a custom layer counts, follow ``_layers`` in that order, each layer once.
The same tracker keeps every Keras variable it is given (``self.w = keras.Variable(...)``, in a list
too) among the layer's weights, trainable or not by the variable's own flag; a TensorFlow variable
(``tf.Variable``) is not a Keras variable: Keras 3 neither counts nor trains it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple, Union

from lstm_lint.graph.objects import Layer, Model, Operation, _inner_layers, built_weights, unbuilt_sequential
from lstm_lint.graph.shapes import MaybeShape, PrintedAsTuple, ShapeTree
from lstm_lint.layers.spec import NO_WEIGHTS, UNKNOWN_WEIGHTS, BuildError, Weights, never_has_weights
from lstm_lint.values import UNKNOWN, Cause, Unknown

# Why a call of a layer whose constructor Keras rejects is unknown (Layer.raises_at_construction).
RAISES_AT_CONSTRUCTION = "Keras raises at this {}'s construction (LL103): no run calls it"

# What tracing a custom object's call gives: the output shapes for the arguments of one call.
Tracer = Callable[[List[Any], Dict[str, Any]], ShapeTree]

# Values Keras's tracker holds no layer in (numbers, strings, functions, tensors, ...): anything
# else that is not a layer or a container may be a layer for all we know.
_PLAIN = (int, float, str, bool, bytes, type(None), slice, range)


@dataclass(eq=False)
class WeightVariable:
    """What ``self.add_weight(shape=...)``, ``keras.Variable(...)`` or ``tf.Variable(...)`` returns:
    a variable, not a symbolic tensor (ops on variables alone run eagerly and take no default
    names). ``keras``: a Keras variable, which Keras's tracker keeps (a ``tf.Variable`` is not);
    ``made_by``: the object whose ``add_weight`` made (and counted) it; ``holders``: the objects
    whose attributes hold it."""

    shape: MaybeShape
    trainable: Union[bool, Unknown] = True
    keras: bool = True
    made_by: Optional["CustomState"] = None
    holders: Set[int] = field(default_factory=set)

    def size(self) -> Union[int, Unknown]:
        if isinstance(self.shape, Unknown) or not all(
                isinstance(dim, int) and not isinstance(dim, bool) for dim in self.shape):
            return UNKNOWN
        count = 1
        for dim in self.shape:
            assert isinstance(dim, int)
            count *= dim
        return count


@dataclass(frozen=True)
class Initializer:
    """An initializer object (``keras.initializers.RandomNormal()``, ``tf.zeros_initializer()``):
    called with a shape, it gives a tensor of that shape."""

    path: str


@dataclass(frozen=True)
class CustomMasking:
    """How an object of the program's own layer class handles masks (``Layer.__call__`` steps 6-7,
    ``graph/masks.py``). ``supports``: Keras's ``supports_masking`` now; ``parameters``: its
    ``call``'s parameters after ``self``; ``compute``: its own ``compute_mask`` run on the call's
    first argument and the mask it received, giving a mask (a tensor, None, or a list of them) or
    UNKNOWN; None when the class has none (Keras's returns the mask received)."""

    supports: Union[bool, Unknown]
    parameters: Tuple[str, ...]
    compute: Optional[Callable[[Any, Any], Any]] = None


@dataclass
class TrackEvent:
    """One moment Keras's tracker saw layers: an attribute assignment (``value`` as stored,
    ``found`` the layers it held then, None when it may hold layers we cannot see), or items
    appended to a tracked container since the previous moment (``value`` is then a tuple of them).
    ``seen``: what the value held when last looked at, to notice later appends."""

    value: Any
    found: Optional[Tuple[Any, ...]]
    seen: Tuple[Any, ...] = ()
    appended: bool = False


@dataclass(eq=False)
class CustomState:
    """What a custom layer or subclassed model is beyond its Keras base: its class, its Python
    attributes (an ``Instance`` of the evaluator, so that undecided blocks undo and join them),
    the weights it created itself and the layers it tracks."""

    user_class: Any
    attributes: Any  # python.objects.Instance
    site: Any  # the call that constructed it
    speculative_depth: int = 0
    own_weights: Weights = NO_WEIGHTS
    events: List[TrackEvent] = field(default_factory=list)
    order_known: bool = True
    # False once something it does is beyond us (a method not run, ``self`` handed to unknown code).
    followed: bool = True
    built: bool = False
    named: bool = False  # Keras's base ``__init__`` has run
    tracer: Optional[Tracer] = None
    # The Keras layer class it subclasses, when lstm-lint models that class (binding.refs.KerasRef).
    keras_class: Any = None
    # Whether a value (not a layer, model, container or number) holds no layer Keras would track.
    plain: Callable[[Any], bool] = lambda value: False
    # False once a variable was held on some paths only, or untracked (``del self.w``).
    variables_followed: bool = True
    # Its mask handling as of now (read when it is called), when its class is one of the program's.
    masking: Optional[Callable[[], CustomMasking]] = None
    # ``self.supports_masking = ...`` after Keras's ``__init__`` (None: never set).
    supports_masking: Any = None
    # How it was made: the constructor's arguments (positional, keyword, all seen) and the
    # class's bases, for ``clone_model``, which makes it again from them (None: not kept).
    construction: Optional[Tuple[List[Any], Dict[str, Any], bool, List[Any]]] = None
    # For a subclass of Keras's ``Layer`` or ``Model`` itself (no other library class in its bases):
    # whether its class defines ``compute_output_shape`` (None: not known). Wrappers that call it
    # (TimeDistributed) raise NotImplementedError on one that does not, and summary() prints ``?``
    # as its shape where it has no node.
    defines_output_shape: Optional[bool] = None
    # For a subclass of a Keras layer class with a ``build``, ``call`` or ``compute_output_shape``
    # of its own: run on each call before the class's shape method, giving the output shapes its
    # own ``compute_output_shape`` gives (None: the class's shape method gives them).
    spec_call: Optional[Callable[[List[Any], Dict[str, Any]], Optional[ShapeTree]]] = None
    # Which of those three methods the subclass defines.
    spec_overrides: FrozenSet[str] = frozenset()
    # The input shape Keras gave the object's own ``build``, the only one ``super().build`` follows.
    build_shape: Any = UNKNOWN
    # For a layer of the program's own class with a ``compute_output_shape``: what it gave for the
    # shapes its first build was given, which summary() prints for it without a node (None: not
    # known); ``printed_in_trace``: built inside a traced call on a shape with None sizes.
    printed_output: Optional[ShapeTree] = None
    printed_in_trace: bool = False
    # Why Keras raises when it builds or calls the object, when a layer its methods call raises
    # there: it then has no count (None: nothing seen to raise).
    raises: Optional[Cause] = None
    # ``super(keras.Model, self).__init__()`` in its ``__init__`` (of Layer, in a layer's), made
    # in every run that makes the object: Keras's own ``__init__`` is skipped (rules: LL116).
    skipped_init: Optional[Cause] = None
    # For a subclass of Keras's ``Layer``, run as the cell of ``RNN(cell)``: builds it on the step
    # shape given (when the flag says the RNN builds now and the cell is not built) and gives its
    # ``state_size`` and ``output_size`` (None: it has none; UNKNOWN: not known).
    rnn_cell: Optional[Callable[[MaybeShape, bool], Tuple[Any, Any]]] = None
    # Its class statement is in the analysed file and has no decorator: nothing registered it with
    # Keras's serialization by name there (another registration shows in the file's text).
    unregistered: bool = False
    # For a subclassed model: a method of Keras's that may build it ran on it (``load_weights``),
    # so whether it is built is not known.
    maybe_built: bool = False

    def track(self, value: Any, certain: bool) -> None:
        """``self.name = value`` (``certain``: on every path that constructs the object)."""
        self.sync()
        found = layers_in(value, self.plain)
        variables = variables_in(value)
        if found is None:
            self.events.append(TrackEvent(value, None))
        elif not certain:
            if found or isinstance(value, (list, dict)):
                self.order_known = False  # tracked on some paths only
            if variables or isinstance(value, (list, dict)):
                self.variables_followed = False
        elif found or isinstance(value, (list, dict)) or variables:
            self.events.append(TrackEvent(value, found, found))
        for variable in variables:
            variable.holders.add(id(self))

    def sync(self) -> None:
        """Layers appended to tracked containers since the last look were tracked when appended:
        after the events before this moment. Exact when one container grew in the meantime (its
        items are in the order they were appended); with several, their interleaving is unknown."""
        if not self.order_known:
            return
        grown: List[Tuple[TrackEvent, Tuple[Any, ...]]] = []
        for event in self.events:
            if event.found is None or event.appended:
                continue
            now = layers_in(event.value, self.plain)
            if now is None or len(now) < len(event.seen) or any(a is not b for a, b in zip(now, event.seen)):
                self.order_known = False  # items replaced or removed: not followed
                return
            if len(now) > len(event.seen):
                grown.append((event, now))
        if len(grown) > 1:
            self.order_known = False
            return
        for event, now in grown:
            added = now[len(event.seen):]
            event.seen = now
            self.events.append(TrackEvent(added, added, added, appended=True))

    def tracked(self) -> Optional[List[Union[Layer, Model]]]:
        """``_layers`` after flattening (each layer once), or None when its order is unknown."""
        self.sync()
        if not self.order_known or any(event.found is None for event in self.events):
            return None
        order: List[Union[Layer, Model]] = []
        seen: Set[int] = set()
        for event in self.events:
            for item in event.found or ():
                if id(item) not in seen:
                    seen.add(id(item))
                    order.append(item)
        return order

    def attribute_variables(self, trainable: Union[bool, Unknown]) -> Weights:
        """The Keras variables its attributes hold (lists and dicts included, as they are now:
        Keras tracks what is appended to them) that its own ``add_weight`` did not make, each
        once; unknown when one is held by another object too (Keras counts it once per model).
        Keras freezes such a variable only when ``trainable = False`` is set after it was
        tracked, not when the object is made with ``trainable=False`` (``add_weight`` freezes its
        own in both cases): for an object not trainable now, a trainable one makes the split
        unknown."""
        if not self.variables_followed:
            return UNKNOWN_WEIGHTS
        total = NO_WEIGHTS
        seen: Set[int] = set()
        for event in self.events:
            if event.appended:
                continue  # the container it was appended to is walked as it is now
            for variable in variables_in(event.value):
                if id(variable) in seen or not variable.keras:
                    continue
                seen.add(id(variable))
                variable.holders.add(id(self))
                if variable.made_by is self:
                    continue
                count = variable.size()
                if variable.made_by is not None or len(variable.holders) > 1 or isinstance(count, Unknown) \
                        or not isinstance(variable.trainable, bool):
                    return UNKNOWN_WEIGHTS
                if variable.trainable and trainable is not True:
                    total = total + Weights(UNKNOWN, UNKNOWN, count)
                else:
                    total = total + (Weights(count, 0) if variable.trainable else Weights(0, count))
        return total

    def own(self, trainable: Union[bool, Unknown]) -> Weights:
        """The weights it made itself, as they count with the object's ``trainable`` flag now: by
        ``add_weight``, and the variables its attributes hold."""
        return _frozen_if(self.own_weights, trainable) + self.attribute_variables(trainable)

    def weights(self, trainable: Union[bool, Unknown] = True) -> Weights:
        """Its own weights (trainable only while the object is) and those of the layers it tracks
        (by their own flags: Keras's ``trainable`` setter reaches only the layers tracked when it
        runs), each weight once."""
        if not self.followed or self.raises is not None:
            return UNKNOWN_WEIGHTS
        tracked = self.tracked()
        if tracked is None:
            return UNKNOWN_WEIGHTS
        total = self.own(trainable)
        leaves: List[Layer] = []
        seen: Set[int] = set()
        for item in tracked:
            total = total + _collect(item, leaves, seen)
        held: Set[int] = set()
        for leaf in leaves:
            for inner in _inner_layers(leaf):
                if id(inner) in seen or id(inner) in held:
                    return UNKNOWN_WEIGHTS  # a weight held twice: Keras counts it once
                held.add(id(inner))
        for leaf in leaves:
            total = total + built_weights(leaf)
        return total


def _frozen_if(weights: Weights, trainable: Union[bool, Unknown]) -> Weights:
    if trainable is False:
        return Weights(0, weights.total)
    if isinstance(trainable, Unknown):
        return Weights(UNKNOWN, UNKNOWN) if weights.total != 0 else weights
    return weights


def set_trainable(item: Any, value: Union[bool, Unknown]) -> None:
    """Keras's ``trainable`` setter: the object and, recursively, the layers it tracks now."""
    item.trainable = value
    state = custom_state(item)
    if state is not None:
        tracked = state.tracked()
        if tracked is None:
            state.followed = False  # which layers it reached is unknown
            return
        inner: List[Any] = list(tracked)
    elif isinstance(item, Model):
        inner = [layer for layer in item.layers() if isinstance(layer, (Layer, Model))]
    else:
        return
    for layer in inner:
        set_trainable(layer, value)


def _collect(item: Union[Layer, Model], leaves: List[Layer], seen: Set[int]) -> Weights:
    """The weights of the custom objects and models under ``item``; its plain layers go to ``leaves``."""
    if id(item) in seen:
        return NO_WEIGHTS
    seen.add(id(item))
    custom = custom_state(item)
    if isinstance(item, Model) and custom is None and unbuilt_sequential(item):
        # Not built: only the weights its layers hold (built by other models, or by their
        # constructors) exist, each trainable or not by its own flag (Keras's model.weights).
        total = NO_WEIGHTS
        for inner in item.layers():
            if isinstance(inner, Operation):
                return UNKNOWN_WEIGHTS
            total = total + _collect(inner, leaves, seen)
        if item.trainable is False:
            return UNKNOWN_WEIGHTS  # hidden from the holder's trainable weights or not: not followed
        return total
    if custom is not None and custom.keras_class is None and not custom.built and not item.nodes:
        # Not built by the holder's build: only the weights that exist (its own, made by its
        # ``__init__``, and those of its layers something else built).
        return custom.weights(item.trainable)
    if custom is not None and custom.keras_class is not None and not custom.built and not item.nodes \
            and isinstance(item, Layer) and item.certainly_unbuilt():
        # A subclass of a Keras class never called nor built: the class's weights do not exist yet.
        return custom.weights(item.trainable)
    if isinstance(item, Model):
        return item.current_weights()
    if custom is not None:
        return item.current_weights()
    leaves.append(item)
    return NO_WEIGHTS


def output_without_node(item: Union[Layer, Model]) -> ShapeTree:
    """What ``summary()`` prints as the shape of a layer no node was made for (``format_layer_shape``
    on a sublayer of a subclassed model): a model's own output shape; a layer's
    ``compute_output_shape`` of the shapes its build was given (``_build_shapes_dict``), for a
    class that has one. Sizes the backend filled in, for a build inside a traced ``call``, are
    unknown."""
    if isinstance(item, Model):
        if custom_state(item) is not None or unbuilt_sequential(item):
            return UNKNOWN
        shape = item.last_output()
        if isinstance(shape, list) and len(shape) > 1:
            shape = PrintedAsTuple(shape)
        return _stand_ins_unknown(shape, item.line, item.column, item.class_name) if item.built_in_trace else shape
    state = custom_state(item)
    if state is not None and state.keras_class is None and state.followed and state.printed_output is not None:
        shape = state.printed_output
        return _stand_ins_unknown(shape, item.line, item.column, item.class_name) if state.printed_in_trace else shape
    # A subclass of a Keras class without a shape method of its own prints the class's.
    inherited = state is not None and state.keras_class is not None and state.followed \
        and "compute_output_shape" not in state.spec_overrides
    if (state is not None and not inherited) or item.spec is None or item.built_on is None or item.spec.output_by_call \
            or item.weights is None or item.built_unseen or not item.complete_arguments:
        return UNKNOWN
    try:
        shape = item.spec.output(item.config, item.built_on)
    except BuildError:
        return UNKNOWN
    if item.spec.several_outputs_as_tuple and isinstance(shape, list) and len(shape) > 1:
        shape = PrintedAsTuple(shape)
    return _stand_ins_unknown(shape, item.line, item.column, item.class_name) if item.built_in_trace else shape


def shape_unprinted(item: Union[Layer, Model]) -> bool:
    """Whether ``summary()`` prints ``?`` as the shape of a layer no node was made for, in every run:
    one built by its constructor (no build ran on a shape), one whose class has Keras's default
    ``compute_output_shape`` (which raises NotImplementedError: a cell, a layer or model of the
    program's own without one)."""
    state = custom_state(item)
    if state is not None:
        return state.keras_class is None and state.defines_output_shape is False and state.followed
    if isinstance(item, Model) or item.spec is None or not item.complete_arguments or item.built_unseen:
        return False
    if item.built_on is not None:
        return item.spec.output_by_call
    return item.spec.built_at_construction(item.config) is True


def _stand_ins_unknown(shape: ShapeTree, line: int, column: int, class_name: str) -> ShapeTree:
    """A shape built inside a traced ``call``: each None size is the backend's stand-in there, which
    Keras prints as None with TensorFlow and JAX and as 83 with NumPy (or, built by ``fit``, the
    size of the first batch)."""
    if isinstance(shape, list):
        return type(shape)(_stand_ins_unknown(item, line, column, class_name) for item in shape)
    if isinstance(shape, Unknown):
        return shape
    cause = Cause(line, column, "{} is built inside the model's traced call, where the backend stands in for the "
                  "input's None sizes: Keras prints None there with TensorFlow and JAX, 83 with NumPy (the first "
                  "batch's size when fit() builds it)", (class_name,))
    return tuple(Unknown(cause) if dim is None else dim for dim in shape)


def variables_in(value: Any, depth: int = 0) -> List[WeightVariable]:
    """The variables a value holds where Keras's tracker finds them: itself, or the items of its
    lists, tuples and dicts."""
    if isinstance(value, WeightVariable):
        return [value]
    if depth > 6:
        return []
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, dict):
        items = list(value.values())
    else:
        return []
    return [variable for item in items for variable in variables_in(item, depth + 1)]


def layers_in(value: Any, plain: Callable[[Any], bool], depth: int = 0) -> Optional[Tuple[Any, ...]]:
    """The layers and models a value holds, in the order Keras's tracker finds them; None when it
    may hold ones we cannot see."""
    if isinstance(value, (Layer, Model)):
        return (value,)
    if isinstance(value, _PLAIN) or isinstance(value, WeightVariable):
        return ()
    if depth > 6:
        return None
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, Unknown) or isinstance(value, Operation):
        return None
    else:
        return () if plain(value) else None
    found: List[Any] = []
    for item in items:
        inner = layers_in(item, plain, depth + 1)
        if inner is None:
            return None
        found.extend(inner)
    return tuple(found)


def custom_state(item: Any) -> Optional[CustomState]:
    state = getattr(item, "custom", None)
    return state if isinstance(state, CustomState) else None


@dataclass(eq=False)
class CustomLayer(Layer):
    """An object of the program's own ``keras.layers.Layer`` subclass: one row, under its class's
    name, whose parameters are its own weights and those of the layers it tracks."""

    custom: Optional[CustomState] = None
    # The keywords its constructor takes (its ``__init__``'s, and those Keras's base ``__init__``
    # takes when ``**kwargs`` may reach it), to suggest in place of one it does not.
    keywords: Tuple[str, ...] = ()

    def current_weights(self) -> Weights:
        assert self.custom is not None
        if self.raises_at_construction:
            # No run gets past its constructor: it holds no weights Keras could count.
            unknown = Unknown(Cause(self.line, self.column, RAISES_AT_CONSTRUCTION, (self.class_name,)))
            return Weights(unknown, unknown)
        if self.custom.keras_class is not None:
            tracked = self.custom.tracked()
            if not self.custom.followed or tracked is None:
                return UNKNOWN_WEIGHTS
            if tracked and self.weights is not None and (self.custom.spec_call is None or (
                    self.custom.spec_overrides == {"call"} and all(_weightless(item) for item in tracked))):
                # No build, call or output shape of its own: Keras runs the class's, which never
                # reach the layers the subclass made itself. Those hold only the weights they had.
                # A ``call`` of its own is not run for the output (the class's shape method gives
                # it), and when data runs it, it builds no weights in layers of classes that have none.
                return Layer.current_weights(self) + _held_weights(self, tracked)
            if tracked and (self.custom.spec_call is None or not self.custom.built or not _known_shapes(
                    self.custom.build_shape)):
                # Layers of its own beside the Keras class's weights, built by a trace of its
                # ``call`` or not, depending on the class's ``build``.
                return UNKNOWN_WEIGHTS
            if tracked:
                # Its own ``build`` ran in place of the class's: Keras traced no ``call``.
                return Layer.current_weights(self) + self.custom.weights(self.trainable)
            return Layer.current_weights(self) + self.custom.own(self.trainable)
        return self.custom.weights(self.trainable)

    def unbuilt_weights(self) -> Weights:
        if self.custom is not None and self.custom.keras_class is not None:
            return Layer.unbuilt_weights(self)
        return self.current_weights()


def _known_shapes(value: Any) -> bool:
    """A build shape lstm-lint knows: one shape, or one per named input (None for one not given)."""
    if isinstance(value, list):
        return bool(value) and all(item is None or isinstance(item, tuple) for item in value)
    return isinstance(value, tuple)


def _weightless(item: Any) -> bool:
    """A layer of a Keras class that has no weights on any input."""
    return isinstance(item, Layer) and custom_state(item) is None and item.spec is not None \
        and never_has_weights(item.spec) and not _inner_layers(item)


def _held_weights(layer: Layer, tracked: List[Any]) -> Weights:
    """The weights that the layers a subclass of a Keras class made itself hold, each as Keras
    counts it unbuilt (built by something else, or by its constructor), under the holder's
    ``trainable``. Unknown for anything else among them, for one the Keras class holds too (a
    wrapper's layer, which the class's build reaches), and for one holding weights (built by
    something else, which a model holding both counts once: its rows' sum would count it twice)."""
    given = [value for value in layer.config.values()] + [
        item for value in layer.config.values() if isinstance(value, (list, tuple)) for item in value]
    total = NO_WEIGHTS
    for item in tracked:
        if not isinstance(item, Layer) or custom_state(item) is not None or any(item is value for value in given):
            return UNKNOWN_WEIGHTS
        held = built_weights(item)
        if held.total != 0:
            return UNKNOWN_WEIGHTS
        total = total + held
    if layer.trainable is False:
        return Weights(0, total.total)
    if isinstance(layer.trainable, Unknown):
        return UNKNOWN_WEIGHTS
    return total


@dataclass(eq=False)
class CustomModel(Model):
    """An object of the program's own ``keras.Model`` subclass. Subclassed (``__init__`` and
    ``call``): its ``model.layers`` are the layers it tracks. Built by ``super().__init__(inputs,
    outputs)`` or called as ``MyModel(inputs, outputs)``: functional, under its class's name."""

    custom: Optional[CustomState] = None
    functional_init: bool = False
    # What Keras raises on when it runs the model's own ``call`` (an op the backend rejects, as
    # ``Layer.errors`` holds for a layer of the program's own class), for the rules; the line and
    # column of the call that constructed it, where they report it; and whether that construction
    # was in a block that may not run (as ``Layer.conditional``).
    errors: List[BuildError] = field(default_factory=list)
    site_position: Tuple[int, int] = (0, 0)
    conditional: bool = False

    def certain_errors(self) -> List[BuildError]:
        """The errors Keras raises in every run that gets here: none if the model itself may not
        be constructed (an error is recorded only for a call made in every run)."""
        return [] if self.conditional else list(self.errors)

    @property
    def class_name(self) -> str:
        assert self.custom is not None
        return str(self.custom.user_class.name)

    @property
    def type_name(self) -> str:
        return self.class_name

    def layers(self) -> List[Union[Layer, Model, Operation]]:
        if self.functional_init:
            return list(self.functional_layers)
        assert self.custom is not None
        tracked = self.custom.tracked() if self.custom.followed else None
        if tracked is None:
            return [Operation(f"layers of {self.class_name}", self.line, maybe_layer=True, cause=self.custom.raises)]
        return list(tracked)

    def never_built(self) -> bool:
        """Keras has not built it as the program leaves it, in every run: a subclassed model never
        called, built or fit, and never handed to code lstm-lint does not follow (nor returned by
        a builder to callers the file does not show). Its summary() prints what exists then: ``?``
        and ``0 (unbuilt)`` in the rows of its layers not built, and the weights that exist. (Not
        said under tf.keras 2, whose summary() raises on such a model.)"""
        assert self.custom is not None
        return not self.functional_init and not self.custom.built and self.custom.followed and not self.nodes \
            and not self.custom.maybe_built and not self.tf_keras2_table \
            and not self.escaped and not self.maybe_built and not self.incomplete \
            and not (self.built_by is not None and self.call_line is None) and self.custom.tracked() is not None

    def _as_built(self) -> bool:
        """Its rows and totals are what Keras counts in a built model: a build made them, or
        none can have (``never_built``), and those that exist are counted alike."""
        assert self.custom is not None
        return self.custom.built or self.never_built()

    def row_weights(self, item: Union[Layer, Model]) -> Weights:
        assert self.custom is not None
        if not self.functional_init and self._as_built() and isinstance(item, Layer) and custom_state(item) is None:
            return built_weights(item)  # Keras's ``0 (unbuilt)`` for a layer the build did not reach
        return Model.row_weights(self, item)

    def row_output(self, item: Union[Layer, Model]) -> ShapeTree:
        assert self.custom is not None
        if self.functional_init or item.nodes:
            return Model.row_output(self, item)
        if not self.custom.followed or self.tf_keras2_table:
            return UNKNOWN  # (tf.keras 2 printed "multiple" for a layer of a subclassed model)
        return output_without_node(item)

    def row_shape_unprinted(self, item: Union[Layer, Model]) -> bool:
        assert self.custom is not None
        if self.functional_init or item.nodes or not self.custom.followed:
            return False
        # tf.keras 2 printed "multiple" for every layer of a subclassed model: its call made no
        # node (``output_shape`` raised AttributeError, ``layer_utils.print_layer_summary``).
        return self.tf_keras2_table or shape_unprinted(item)

    def row_unbuilt(self, item: Union[Layer, Model]) -> bool:
        assert self.custom is not None
        if not self.functional_init and self._as_built() and self.custom.followed and isinstance(item, Layer) \
                and custom_state(item) is None:
            return item.certainly_unbuilt()  # a layer the model's build did not reach
        inner = custom_state(item)
        if not self.functional_init and self._as_built() and self.custom.followed and inner is not None \
                and not item.nodes:
            # A layer or model of the program's own that nothing called or built.
            return inner.keras_class is None and inner.followed and not inner.built and inner.raises is None \
                and "built" not in inner.attributes.attrs
        return Model.row_unbuilt(self, item)

    def current_weights(self) -> Weights:
        if self.functional_init:
            return Model.current_weights(self)
        assert self.custom is not None
        tracked = self.custom.tracked()
        if self._as_built() or tracked is None:
            total = self.custom.weights()
        else:
            # Not built yet: known only where the layers' sizes do not depend on the input.
            total = self.custom.own(True) if self.custom.followed else UNKNOWN_WEIGHTS
            for item in tracked:
                total = total + item.current_weights()
        if self.trainable is False:
            return Weights(0, total.total)
        if isinstance(self.trainable, Unknown):
            return Weights(UNKNOWN, UNKNOWN)
        return total


__all__ = ["CustomLayer", "CustomMasking", "CustomModel", "CustomState", "Initializer", "TrackEvent", "Tracer",
           "WeightVariable", "built_weights", "custom_state", "layers_in", "output_without_node", "set_trainable",
           "shape_unprinted", "variables_in"]
