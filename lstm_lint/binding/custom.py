"""The program's own Keras layers and models: ``__init__``, ``build``, ``call`` and
``compute_output_shape`` run by the evaluator with ``self`` bound to a graph object.

Keras 3's order of events, which this follows:

* ``MyLayer(...)`` runs the class's ``__init__``; the object takes its default name (snake case of
  the class name, from the layers' counters) when Keras's ``Layer.__init__`` runs, i.e. at
  ``super().__init__()``: sublayers made before that take their names first. Each attribute
  assignment is seen by Keras's tracker (``graph/custom.py``).
* The first call on tensors builds it (``Layer._maybe_build``): a ``build`` of the class's own gets
  the input shapes (one parameter: the first tensor argument's shape; several: ``<arg>_shape`` by
  name); its ``add_weight`` calls create the weights.
* The output comes from ``compute_output_shape`` when the class defines it, else from running
  ``call`` on backend placeholders (``compute_output_spec``): no layer called inside gets a node,
  and ops there take no default names. With both ``build`` and ``compute_output_shape`` of its
  own, ``call`` is not run at all (its sublayers stay unbuilt).
* A subclassed model is built by a call (on a ``keras.Input`` or on data), by ``fit``/``predict``
  on data, or by ``build(input_shape)`` (which, without a ``build`` of the class's own, marks it
  built without building anything).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from lstm_lint.binding import model_ops
from lstm_lint.binding.call_arguments import refused_call
from lstm_lint.binding.refs import KerasRef, ModuleRef
from lstm_lint.graph import build, masks
from lstm_lint.graph.custom import (
    CustomLayer, CustomMasking, CustomModel, CustomState, Initializer, WeightVariable, custom_state, layers_in,
    set_trainable, variables_in,
)
from lstm_lint.graph.objects import KerasCall, Layer, Model, Tensor
from lstm_lint.graph.shapes import FlatOutputs, PrintedAsTuple, ShapeTree, keras_key_order, shape_from_value
from lstm_lint.layers.api import SIGNATURES
from lstm_lint.layers.spec import (
    BASE_LAYER_KWARGS, KERAS2_LAYER_KWARGS, NO_WEIGHTS, PLAIN_ATTRIBUTES, UNKNOWN_WEIGHTS, BuildError, LayerSpec,
    Weights, to_snake_case,
)
from lstm_lint.python.host import NOT_HANDLED
from lstm_lint.python.syntax import walk
from lstm_lint.python.objects import (
    MISSING, BoundMethod, Builtin, FunctionChoice, Instance, SuperProxy, UserClass, UserFunction, class_attribute,
)
from lstm_lint.source.arrays import ArrayValue, literal_shape
from lstm_lint.source.names import keras_subpath
from lstm_lint.values import UNKNOWN, Cause, Unknown

if TYPE_CHECKING:
    from lstm_lint.binding.keras_host import KerasHost

Custom = Union[CustomLayer, CustomModel]
CUSTOM_TYPES = (CustomLayer, CustomModel, WeightVariable, Initializer)
# Methods of Keras's Layer a custom layer's code calls on ``self`` (anything else is unknown).
# Layer.add_weight as Keras 3 takes it (layers/api.py): its keywords are checked as a callable's.
_ADD_WEIGHT = SIGNATURES["Layer.add_weight"]
_LAYER_METHODS = ("add_weight", "add_variable", "build", "add_loss", "get_config", "compute_mask")
# Methods of a Keras layer class that, overridden, change what it builds or how its output looks.
_SPEC_OVERRIDES = ("build", "call", "compute_output_shape", "compute_output_spec", "compute_mask",
                   "add_weight", "__call__")
# Those of them a subclass may override and still be followed: Keras runs the subclass's ``build``
# and ``compute_output_shape`` in place of the class's; its ``call`` is not run for the output
# shape (the class's own shape method gives it) unless the class is a cell (``output_by_call``).
_FOLLOWED_OVERRIDES = ("build", "call", "compute_output_shape")
# Calls that build a subclassed model on the data they are given.
DATA_METHODS = ("fit", "predict", "evaluate", "train_on_batch", "predict_on_batch", "test_on_batch")
# The methods of a subclassed model that never build it (the others may: ``load_weights``, ...).
_NEVER_BUILDS = ("compile", "summary", "get_layer", "get_config", "to_json", "get_weights", "add_weight",
                 "add_variable", "build")


def _refused_by_keras(obj: CustomLayer) -> bool:
    """Whether Keras 3 raises on an argument among those the object's constructor was given that
    its base ``__init__`` does not take (Keras 2's own keywords are read with their meaning)."""
    return any(keyword not in KERAS2_LAYER_KWARGS for keyword in obj.unexpected_keywords)


def _plain(value: Any) -> bool:
    """A value that holds no layer Keras's tracker would find (it does not look into tensors,
    variables, functions or plain Python objects)."""
    return isinstance(value, (Tensor, ArrayValue, ModuleRef, KerasRef, KerasCall, UserFunction, BoundMethod,
                              Builtin, UserClass, Instance, FunctionChoice, WeightVariable, Initializer, SuperProxy))


def keras_base(bases: List[Any]) -> Optional[str]:
    """"layer" for a subclass of Keras's ``Layer``, "model" for one of ``Model``, "spec" for one of
    a Keras layer class lstm-lint models (``class MyDense(layers.Dense)``); None for a subclass of
    any other library class."""
    kinds = set()
    for base in bases:
        if isinstance(base, UserClass):
            continue
        if isinstance(base, KerasRef):
            if base.kind == "layer" and base.name == "Layer" and base.spec is None:
                kinds.add("layer")
            elif base.kind == "layer" and base.spec is not None and base.spec.class_name == base.name:
                kinds.add("spec")
            elif base.kind == "model" and base.name == "Model":
                kinds.add("model")
            else:
                return None
        elif isinstance(base, ModuleRef):
            sub = keras_subpath(base.path)
            if sub is None or sub.rpartition(".")[2] != "Layer":
                return None
            kinds.add("layer")
        elif base != Builtin("object"):
            return None
    return kinds.pop() if len(kinds) == 1 else None


class CustomBinding:
    """The Keras host's part for the program's own layer and model classes."""

    def __init__(self, host: KerasHost) -> None:
        self.host = host
        self.tracing = 0  # calls being traced (compute_output_spec): no nodes, no op names
        # The ``training`` value of the custom calls being traced, innermost last.
        self.training: List[Any] = []
        # Undecided blocks entered so far (the host's checkpoints).
        self.undecided_blocks = 0
        self.config_requests = 0  # above 0 while a get_config of the program's is run for Keras (remade)
        # The objects whose methods are running, innermost last.
        self.active: List[CustomState] = []
        # The objects whose ``call`` is being traced, innermost last.
        self.traced: List[Custom] = []
        # Per traced call, innermost last: why the first value it made of an unknown shape is unknown.
        self.unknown_causes: List[Optional[Cause]] = []
        # The objects whose ``super().call(...)`` is running (ids): their Keras class's call.
        self.super_calls: Set[int] = set()
        # The object whose Keras base ``__init__`` refused the arguments its own ``__init__`` handed
        # on (Python raises there): the rest of that construction's ``__init__`` methods never run.
        self.refused: Optional[CustomLayer] = None
        # The objects whose own ``__init__`` runs for their construction, innermost last.
        self.initialising: List[Custom] = []

    def before_construction(self) -> None:
        """A layer is about to be made: what the running objects' tracked lists gained so far was
        appended before it (``self.a.append(Dense(2))`` then ``self.b.append(Dense(3))``)."""
        for state in self.active:
            state.sync()

    # ---- construction ----

    def instantiate(self, cls: UserClass, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                    complete: bool, site: cst.CSTNode, register: bool = True) -> Any:
        kind = keras_base(bases)
        if kind is None or cls.altered or any(b.altered for b in bases if isinstance(b, UserClass)):
            return NOT_HANDLED
        self.before_construction()
        host = self.host
        line = host.line_of(site)
        state = CustomState(cls, Instance(cls), site, speculative_depth=host.depth, plain=_plain)
        state.construction = (list(args), dict(kwargs), complete, list(bases))
        state.unregistered = id(cls.node) in host.positions and not cls.node.decorators
        obj: Custom
        if kind in ("layer", "spec"):
            obj = CustomLayer(cls.name, None, {}, None, line, custom=state)
            if kind == "layer":
                layer = obj
                state.masking = lambda: self.masking(layer)
                state.rnn_cell = lambda step, building: self.rnn_cell(layer, step, building)
            obj.column = host.context.column_of(site)
            obj.conditional = host.undecided
            host._born(obj)
            host.layers.append(obj)
        else:
            obj = CustomModel("Functional", line, custom=state)
            obj.tf_keras2_table = host.target_keras == 2  # (what tf.keras 2 printed)
            obj.site_position = (line, host.context.column_of(site))
            obj.conditional = host.undecided
            if register:
                host.register_model(obj, UNKNOWN)  # Keras names it in ``Model.__init__``
                host.custom_models.append(obj)
            else:
                host._born(obj)
        if kind == "spec":
            ref = next(base for base in bases if isinstance(base, KerasRef))
            state.keras_class = ref
            overridden = {method for method in _SPEC_OVERRIDES if class_attribute(cls, method) is not MISSING}
            if overridden - set(_FOLLOWED_OVERRIDES) or ("call" in overridden and (
                    ref.spec is None or ref.spec.output_by_call)):
                state.followed = False  # it changes what the Keras class builds or computes
            state.spec_overrides = frozenset(overridden & set(_FOLLOWED_OVERRIDES))
            if overridden & set(_FOLLOWED_OVERRIDES) and isinstance(obj, CustomLayer):
                layer_object = obj
                state.spec_call = lambda call_args, call_kwargs: self.spec_call(layer_object, call_args, call_kwargs)
            state.tracer = (lambda call_args, call_kwargs: UNKNOWN) if not state.followed else None
        else:
            state.tracer = lambda call_args, call_kwargs: self.trace(obj, call_args, call_kwargs)
            if kind in ("layer", "model"):  # (altered classes are not handled at all)
                state.defines_output_shape = class_attribute(cls, "compute_output_shape") is not MISSING
        init = class_attribute(cls, "__init__")
        models_before = len(host.models)
        refused: List[str] = []
        if isinstance(init, UserFunction) and init.kind == "function":
            if isinstance(obj, CustomLayer) and isinstance(init.node, cst.FunctionDef):
                obj.keywords = _keywords_taken(init.node)
                refused = _arguments_refused(init.node, args, kwargs) if complete else []
            if not refused:
                outer = self.refused
                self.refused = None
                self.initialising.append(obj)
                try:
                    ran, result = self.run(obj, init, args, kwargs, complete)
                finally:
                    self.initialising.pop()
                raised, self.refused = self.refused is obj, outer
                if raised:
                    # Keras's Layer.__init__ raised: the __init__ methods stopped there (their
                    # paths raise), and no object exists to follow further.
                    state.followed = False
                elif not ran or result is not None:
                    state.followed = False
            # else Python raises TypeError before the body runs: nothing it makes is ever made.
        elif init is MISSING:
            if isinstance(obj, CustomLayer):
                obj.keywords = BASE_LAYER_KWARGS
            self.base_init(obj, args, kwargs, complete)
        else:
            state.followed = False
        if isinstance(obj, CustomLayer) and refused:
            # Python's TypeError: the class's own __init__ does not take them (nor ``**kwargs``).
            obj.unexpected_keywords = refused + [key for key in obj.unexpected_keywords if key not in refused]
        if isinstance(obj, CustomLayer):
            # As for a Keras class (construct_layer): no run calls a layer whose constructor raises.
            obj.raises_at_construction = _refused_by_keras(obj)
        self.adopt_models(state, models_before)
        if not state.named:
            # Keras's own __init__ did not run on every path: the name (and the counter) is unknown.
            self.host.counters.tainted.add(to_snake_case(cls.name))
        return obj

    def adopt_models(self, state: CustomState, start: int) -> None:
        """Models made by the object's own methods and held by it are its sublayers, not models of
        the program's (``self.ffn = keras.Sequential([...])``)."""
        held = {id(item) for event in state.events for item in event.found or ()}
        self.host.models[start:] = [model for model in self.host.models[start:] if id(model) not in held]

    def clone(self, obj: CustomLayer) -> Optional[CustomLayer]:
        """``obj.__class__.from_config(obj.get_config())``, as ``clone_model`` makes a layer again,
        for a class with neither of its own: Keras's ``get_config`` then gives the arguments the
        constructor was called with (``Operation.__new__``'s auto config, kept only when each is a
        str, int, float, bool or None, in lists and tuples too, and none went to ``*args``) and
        ``name``, ``trainable`` and ``dtype``, all passed by keyword: the constructor runs again on
        them, its sublayers taking new default names. None: Keras raises, or it is not followed."""
        state = obj.custom
        assert state is not None
        if state.construction is None or not state.followed or state.keras_class is not None:
            return None
        args, kwargs, complete, bases = state.construction
        cls = state.user_class
        if not complete or not isinstance(obj.name, str) or not isinstance(obj.trainable, bool) \
                or any(class_attribute(cls, method) is not MISSING for method in ("get_config", "from_config")):
            return None
        if not all(_auto_configurable(value) for value in list(args) + list(kwargs.values())):
            return None
        init = class_attribute(cls, "__init__")
        if init is not MISSING:
            if not isinstance(init, UserFunction) or not isinstance(init.node, cst.FunctionDef):
                return None
            params = init.node.params
            positional = list(params.posonly_params) + list(params.params)
            # ``trainable`` and ``dtype`` reach an __init__ without **kwargs as unexpected keywords.
            if params.star_kwarg is None or len(args) > len(positional) - 1 or params.posonly_params:
                return None
        elif args:
            return None
        again = dict(kwargs, name=obj.name, trainable=obj.trainable)
        made = self.instantiate(cls, bases, list(args), again, True, state.site)
        return made if isinstance(made, CustomLayer) else None

    def remade(self, obj: CustomLayer) -> Optional[CustomLayer]:
        """``deserialize_keras_object(serialize_keras_object(obj))``, as Bidirectional makes each
        of its copies of an RNN over ``obj`` (bidirectional.py): the class's ``from_config`` (Layer's:
        ``cls(**config)``) on its ``get_config()``. A class with neither of its own is ``clone``'s
        case; one with a ``get_config`` of its own is run for it, and its constructor again on the
        dict it returns, which must be of plain values; its ``dtype`` (a policy Keras serializes) is
        passed on as unknown. None: not followed (a ``from_config`` of its own, a config lstm-lint
        cannot read, a constructor that cannot take ``trainable`` and ``dtype``)."""
        state = obj.custom
        assert state is not None
        cls = state.user_class
        get_config = class_attribute(cls, "get_config")
        if get_config is MISSING:
            return self.clone(obj)
        if state.construction is None or not state.followed or state.keras_class is not None \
                or class_attribute(cls, "from_config") is not MISSING or not isinstance(get_config, UserFunction):
            return None
        init = class_attribute(cls, "__init__")
        if not isinstance(init, UserFunction) or not isinstance(init.node, cst.FunctionDef) \
                or init.node.params.star_kwarg is None:
            return None
        self.config_requests += 1
        try:
            ran, config = self.run(obj, get_config, [], {})
        finally:
            self.config_requests -= 1
        if not ran or not state.followed or not isinstance(config, dict) \
                or not all(isinstance(key, str) for key in config) \
                or not all(_auto_configurable(value) for key, value in config.items() if key != "dtype"):
            return None
        _, _, _, bases = state.construction
        made = self.instantiate(cls, bases, [], dict(config), True, state.site)
        return made if isinstance(made, CustomLayer) else None

    def calls_again_on_one_tensor(self, layer: Layer) -> bool:
        """Whether a node of ``layer`` (one of the program's own ``keras.layers.Layer`` classes)
        can be made again from its one tensor alone: its ``call`` takes that tensor and nothing
        else, so no argument the node does not record can have reached it."""
        state = layer.custom if isinstance(layer, CustomLayer) else None
        if state is None or state.keras_class is not None or not state.followed:
            return False
        call_fn = class_attribute(state.user_class, "call")
        if not isinstance(call_fn, UserFunction) or call_fn.kind != "function" \
                or not isinstance(call_fn.node, cst.FunctionDef):
            return False
        params = call_fn.node.params
        return len(params.params) == 2 and not params.posonly_params and not params.kwonly_params \
            and params.star_arg is cst.MaybeSentinel.DEFAULT and params.star_kwarg is None \
            and all(param.default is None for param in params.params)

    def never_instantiated(self, cls: UserClass, bases: List[Any]) -> None:
        """A class the file defines but never instantiates: its ``__init__`` runs with unknown
        arguments, so that what Keras raises there in every run is reported, and no model."""
        site = cst.Call(func=cst.Name(cls.name))
        # Where and after what it would be made is unknown: so are the default names it would take.
        self.host.counters.all_tainted = True
        self.instantiate(cls, bases, [], {}, False, site, register=False)

    def base_init(self, obj: Custom, args: List[Any], kwargs: Dict[str, Any], complete: bool) -> bool:
        """Keras's ``Layer.__init__`` / ``Model.__init__``: the name, ``trainable``, and for a model
        given ``inputs`` and ``outputs``, a functional graph. True when it raises, in every run
        that gets here, on arguments ``Layer.__init__`` does not take."""
        state = obj.custom
        assert state is not None
        certain = self.host.depth <= state.speculative_depth
        if isinstance(obj, CustomModel) and (args or "inputs" in kwargs or "outputs" in kwargs):
            self.functional_init(obj, args, kwargs, complete)
        prefix = to_snake_case(state.user_class.name)
        refused = False
        if state.keras_class is not None and isinstance(obj, CustomLayer):
            first = certain and not state.named
            self.spec_init(obj, state.keras_class, args, kwargs, complete, first)
            state.named = state.named or certain
            # The Keras class's constructor hands what it does not take to Layer.__init__, which raises.
            return first and complete and not any(key.startswith("**") for key in kwargs) and _refused_by_keras(obj)
        if isinstance(obj, CustomLayer) and complete and certain and not state.named \
                and not any(key.startswith("**") for key in kwargs):
            # Keras's Layer.__init__ takes keywords only, and raises "Unrecognized keyword arguments
            # passed to <class>" on any it does not take out of **kwargs.
            obj.unexpected_keywords = [f"positional argument {index + 1}" for index in range(len(args))] + [
                key for key in kwargs if key not in BASE_LAYER_KWARGS]
            refused = _refused_by_keras(obj)
        value = kwargs.get("name") if complete else UNKNOWN
        name: Optional[str]
        if isinstance(value, str):
            name = value
        elif value is None:
            name = self.host.counters.next_name(prefix)
        else:
            name = None
            self.host.counters.tainted.add(prefix)  # a name given or not: the counter is unknown
        if not certain or state.named:
            name = None
        if isinstance(obj, CustomLayer):
            obj.name = name
            obj.explicit_name = isinstance(value, str)
        else:
            obj.keras_name = name
        if certain:
            state.supports_masking = None  # Keras's __init__ sets it from the class's compute_mask
        elif state.supports_masking is not None:
            state.supports_masking = UNKNOWN
        state.named = state.named or certain
        trainable = kwargs.get("trainable", True) if complete else UNKNOWN
        # Keras sets it before its tracker exists: no sublayer (not even one made before) is reached.
        obj.trainable = trainable if isinstance(trainable, bool) and certain else UNKNOWN
        return refused

    def spec_init(self, obj: CustomLayer, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any],
                  complete: bool, certain: bool) -> None:
        """The Keras class's ``__init__``: its arguments as for the class itself, the default name
        after the subclass."""
        prefix = to_snake_case(obj.class_name)
        value = kwargs.get("name") if complete else UNKNOWN
        if value is None:
            value = self.host.counters.next_name(prefix)
            value = UNKNOWN if value is None else value
        elif not isinstance(value, str):
            self.host.counters.tainted.add(prefix)
        made = self.host.construct_layer(ref, args, dict(kwargs, name=value), complete, obj.line)
        self.host.layers.remove(made)
        obj.spec, obj.config, obj.given = made.spec, made.config, dict(made.given)
        if "name" not in kwargs:
            obj.given.pop("name", None)
        obj.unexpected_keywords = made.unexpected_keywords
        obj.declared_input, obj.complete_arguments = made.declared_input, made.complete_arguments
        obj.trainable = made.trainable if certain else UNKNOWN
        obj.name = made.name if certain else None
        obj.explicit_name = isinstance(kwargs.get("name"), str)
        if not certain:
            obj.config = {key: UNKNOWN for key in obj.config}

    def functional_init(self, model: CustomModel, args: List[Any], kwargs: Dict[str, Any],
                        complete: bool) -> None:
        bound: Dict[str, Any] = dict(zip(("inputs", "outputs"), args))
        bound.update(kwargs)
        if "inputs" not in bound or "outputs" not in bound:
            model.incomplete = True
            return
        inputs = build.flatten_tensors(bound["inputs"])
        outputs = build.flatten_tensors(bound["outputs"])
        model.output_structure = build.output_structure(bound["outputs"], self.host.target_keras)
        model.functional_init = True
        if not complete or not inputs or not outputs:
            model.incomplete = True
        build.functional(model, inputs, outputs)

    # ---- attributes ----

    def attribute(self, obj: Custom, name: str) -> Any:
        """``obj.name``: its own attributes, then its class's, then Keras's (NOT_HANDLED: the
        host's usual answer for a layer or model)."""
        state = obj.custom
        assert state is not None
        if name in state.attributes.attrs:
            return state.attributes.attrs[name]
        if name == "build":
            return BoundMethod(obj, "build")  # run by the host, which knows whether it is built
        found = class_attribute(state.user_class, name)
        if found is not MISSING:
            if isinstance(found, UserFunction):
                if found.kind == "staticmethod":
                    return found
                if found.kind == "classmethod":
                    return BoundMethod(state.user_class, name, found)
                if Builtin("property") in found.decorators:
                    held = _property_attribute(found)
                    if held is not None and held != name and held in state.attributes.attrs:
                        return state.attributes.attrs[held]
                    return UNKNOWN
                return BoundMethod(obj, name, found)
            return found
        if isinstance(obj, CustomLayer) and state.keras_class is not None and name in PLAIN_ATTRIBUTES \
                and name in obj.config and state.named:
            value = obj.config[name]
            return value if isinstance(value, (int, bool)) else UNKNOWN
        if name == "name":
            value = obj.name if isinstance(obj, CustomLayer) else obj.keras_name
            return value if isinstance(value, str) else UNKNOWN
        if name == "trainable":
            return obj.trainable
        if name in _LAYER_METHODS:
            return BoundMethod(obj, name)
        if isinstance(obj, CustomModel) or name in ("output", "input"):
            return NOT_HANDLED
        return UNKNOWN

    def set_attribute(self, obj: Custom, name: str, value: Any) -> None:
        state = obj.custom
        assert state is not None
        certain = self.host.depth <= state.speculative_depth
        if name == "trainable":
            set_trainable(obj, value if isinstance(value, bool) and certain else UNKNOWN)
            return
        if name == "supports_masking":
            # Keras's property (unless the class has an attribute of that name), reset by Keras's
            # __init__: what is set before ``super().__init__()`` does not last.
            state.supports_masking = value if isinstance(value, bool) and certain else UNKNOWN
        if isinstance(obj, CustomLayer) and state.keras_class is not None and state.named and (
                name.startswith("_") or name in obj.config):
            state.followed = False  # changes what the Keras class's build reads (``self.units = ...``)
        stored = _tracked_copy(value)
        state.track(stored, certain)
        self.host.context.heap.touch(state.attributes)
        state.attributes.attrs[name] = stored

    def delete_attribute(self, obj: Custom, name: str) -> None:
        """``del self.name``: Keras untracks what it held; not followed."""
        state = obj.custom
        assert state is not None
        if name in state.attributes.attrs:
            if layers_in(state.attributes.attrs[name], _plain) != ():
                state.order_known = False
            if variables_in(state.attributes.attrs[name]):
                state.variables_followed = False
            self.host.context.heap.touch(state.attributes)
            del state.attributes.attrs[name]

    def caught(self) -> None:
        """A handler of the program's runs: it may catch the refusal of the object's base
        ``__init__`` (or may not: which exceptions it takes is not followed), so that refusal is
        not certain to end the construction any more."""
        if self.refused is not None:
            self.refused.unexpected_keywords = []
            self.refused = None

    def super_attribute(self, receiver: Any, name: str) -> Any:
        if custom_state(receiver) is None:
            return NOT_HANDLED
        return BoundMethod(receiver, f"super().{name}")

    def lose(self, values: Any) -> None:
        """Custom objects handed to code we do not follow: it may change them in any way."""
        for item in _custom_objects(values):
            state = item.custom
            assert state is not None
            state.followed = False
            state.order_known = False

    # ---- methods Keras defines ----

    def call_method(self, obj: Custom, name: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    site: cst.Call) -> Any:
        state = obj.custom
        assert state is not None
        if name == "super().__init__":
            if self.base_init(obj, args, kwargs, complete) and isinstance(obj, CustomLayer) \
                    and self.initialising and self.initialising[-1] is obj:
                self.refused = obj  # "Unrecognized keyword arguments passed to <class>"
            return None
        if name == "super().build" and state.keras_class is None:
            return None  # Layer.build: marks it built
        if name == "super().build" and isinstance(obj, CustomLayer):
            shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
            self.spec_build(obj, shape if complete and len(args) + len(kwargs) == 1 else UNKNOWN)
            return None
        if name == "super().compute_output_shape" and isinstance(obj, CustomLayer) and state.keras_class is not None:
            shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
            return self.spec_output(obj, shape if complete and len(args) + len(kwargs) == 1 else UNKNOWN)
        if name == "super().call" and state.keras_class is not None:
            if self.traced and self.traced[-1] is obj and isinstance(obj, CustomLayer):
                return self.super_call(obj, args, kwargs, complete, site)
            return UNKNOWN  # the Keras class's call on backend tensors: Keras runs it on data only
        if name == "super().get_config" and state.keras_class is None and not args and not kwargs \
                and self.config_requests:
            # Layer.get_config of a class with a get_config of its own (operation.py, layer.py):
            # its name, trainable and dtype, no auto config. Asked for only while a Bidirectional
            # makes its copies (see ``remade``): elsewhere the object is not followed past it.
            return {"name": obj.name, "trainable": obj.trainable, "dtype": UNKNOWN}
        if name.startswith("super()."):
            state.followed = False
            return UNKNOWN
        if name in ("add_weight", "add_variable"):
            return self.add_weight(obj, name, args, kwargs, complete, site)
        if name == "build":
            shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
            self.build_on_shape(obj, shape if complete else UNKNOWN)
            return None
        if isinstance(obj, CustomModel) and name not in _NEVER_BUILDS and not name.startswith("super()."):
            state.maybe_built = True  # (load_weights, build_from_config, ...: Keras may build it there)
        if isinstance(obj, CustomModel) and name in DATA_METHODS and not obj.functional_init:
            data = args[0] if args else kwargs.get("x", UNKNOWN)
            if not state.built:
                shape = model_ops.build_batch_shape(name, data, args, kwargs) if complete else None
                batch = shape[0] if isinstance(shape, tuple) and shape and isinstance(shape[0], int) else None
                self.build_on_data(obj, data if complete else UNKNOWN, batch_known=False, batch=batch)
            return NOT_HANDLED
        return NOT_HANDLED

    def add_weight(self, obj: Custom, method: str, args: List[Any], kwargs: Dict[str, Any],
                   complete: bool, site: cst.Call) -> WeightVariable:
        """``self.add_weight(shape=..., trainable=...)`` (positional: shape, initializer, dtype) and
        the older ``add_variable(shape, initializer, dtype, trainable)``."""
        state = obj.custom
        assert state is not None
        names = ("shape", "initializer", "dtype") + (("trainable",) if method == "add_variable" else ())
        bound: Dict[str, Any] = dict(zip(names, args))
        bound.update(kwargs)
        shape = bound.get("shape")
        trainable = bound.get("trainable", True)
        dims: Any = () if shape is None else shape
        count: Any = UNKNOWN
        if isinstance(dims, (tuple, list)) and all(
                isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims):
            count = 1
            for dim in dims:
                count *= dim
            dims = tuple(dims)
        else:
            dims = UNKNOWN
        certain = self.host.depth <= state.speculative_depth
        if method == "add_weight" and certain:
            self.host.note_api_call(_ADD_WEIGHT, args, kwargs, complete, site)  # its keywords: LL103
        if complete and certain and not self.host.undecided and not self.tracing and isinstance(obj, Layer) \
                and isinstance(shape, (tuple, list)) and any(dim is None for dim in shape):
            # A dimension that is None in every run (of a known-None input axis): Keras raises. Not
            # inside a traced call, where the jax and numpy backends put sizes in place of None.
            error = BuildError("size", "add_weight: shapes used to initialize variables must be fully-defined "
                                       f"(no `None` dimensions), received shape={tuple(shape)!r}: Keras raises "
                                       "when it builds the layer")
            obj.errors.append(error)
            self.raised(obj, error)
        legacy_name = method == "add_weight" and bool(args) and not isinstance(args[0], (tuple, list, int))
        twice = any(name in kwargs for name in names[:len(args)])
        untaken = [key for key in kwargs if not key.startswith("**") and not _ADD_WEIGHT.takes(key)] \
            if method == "add_weight" else []
        if untaken and complete and certain and isinstance(obj, Layer):
            # Reported as LL103 from the call's record; here, why the layer has no count.
            self.raised(obj, BuildError("value", f"add_weight() got an unexpected keyword argument {untaken[0]}="))
        # Keras 3 raises on a name given first (Keras 2's ``add_weight("kernel", shape)``), on an
        # argument given twice and on a keyword it does not take (LL103).
        if not complete or len(args) > len(names) or not isinstance(trainable, bool) or not certain \
                or legacy_name or twice or bool(untaken):
            state.own_weights = UNKNOWN_WEIGHTS
        elif isinstance(count, Unknown):
            state.own_weights = UNKNOWN_WEIGHTS
        else:
            state.own_weights = state.own_weights + (Weights(count, 0) if trainable else Weights(0, count))
        return WeightVariable(dims, trainable if isinstance(trainable, bool) else UNKNOWN, made_by=state)

    # ---- masks ----

    def masking(self, obj: CustomLayer) -> CustomMasking:
        """How Keras's ``Layer.__call__`` treats masks for ``obj`` now: ``supports_masking`` (the
        class's attribute, or the property: set by the program, else whether the class has its own
        ``compute_mask``), the ``call``'s parameters, and its own ``compute_mask`` run by the
        evaluator on symbolic tensors (its ops are nodes of the graph, as in Keras)."""
        state = obj.custom
        assert state is not None
        cls = state.user_class
        call_fn = class_attribute(cls, "call")
        parameters = _parameter_names(call_fn.node) if isinstance(call_fn, UserFunction) else ()
        if obj.raises_at_construction:
            return CustomMasking(False, parameters)  # no run calls it: no mask is ever computed
        compute_fn = class_attribute(cls, "compute_mask")
        declared = class_attribute(cls, "supports_masking")
        supports: Any
        if declared is not MISSING and not isinstance(declared, UserFunction):
            # A plain class attribute hides Keras's property: Keras's __init__ does not reset it.
            supports = declared if isinstance(declared, bool) else UNKNOWN
            if state.supports_masking is not None:
                supports = state.supports_masking
        elif declared is not MISSING:
            supports = UNKNOWN  # a property of the class's own
        elif state.supports_masking is not None:
            supports = state.supports_masking
        else:
            supports = compute_fn is not MISSING
        if isinstance(supports, bool) and not state.named:
            supports = UNKNOWN  # Keras's __init__ did not run on every path
        if compute_fn is MISSING:
            return CustomMasking(supports, parameters)
        return CustomMasking(supports, parameters,
                             lambda main_input, previous: self.compute_mask(obj, compute_fn, main_input, previous))

    def compute_mask(self, obj: CustomLayer, function: Any, main_input: Any, previous: Any) -> Any:
        """``obj.compute_mask(inputs, previous_mask)``, as ``_set_mask_metadata`` calls it."""
        if not isinstance(function, UserFunction) or function.kind != "function":
            return UNKNOWN
        blocks = self.undecided_blocks
        ran, result = self.run(obj, function, [main_input, previous], {})
        if not ran or self.undecided_blocks != blocks:
            return UNKNOWN  # a mask made on some paths only
        return result

    # ---- variables ----

    def variable(self, keras_variable: bool, args: List[Any], kwargs: Dict[str, Any], complete: bool) -> Any:
        """``keras.Variable(initializer, shape=None, dtype=None, trainable=True, ...)`` or
        ``tf.Variable(initial_value, trainable, ...)``: a variable of the shape given, or of its
        initial value's; a ``tf.Variable`` is not tracked by Keras (``graph/custom.py``)."""
        if not complete or any(key.startswith("**") for key in kwargs):
            return WeightVariable(UNKNOWN, UNKNOWN, keras=keras_variable)
        names = ("initializer", "shape", "dtype", "trainable") if keras_variable else ("initial_value", "trainable")
        if len(args) > len(names) or any(name in kwargs for name in names[:len(args)]):
            return UNKNOWN
        bound: Dict[str, Any] = dict(zip(names, args))
        bound.update(kwargs)
        accepted = set(names) | {"autocast", "aggregation", "synchronization", "name", "layout"}
        if keras_variable and set(bound) - accepted:
            return UNKNOWN  # Keras raises on ``initial_value=`` (a Keras 2 and TensorFlow name)
        initial = bound.get(names[0])
        value_shape: Any = UNKNOWN
        if isinstance(initial, (int, float)) and not isinstance(initial, bool):
            value_shape = ()
        elif isinstance(initial, (ArrayValue, list, tuple)):
            found = literal_shape(initial)
            value_shape = found if found is not None else UNKNOWN
        shape: Any = value_shape
        given = bound.get("shape")
        if keras_variable and given is not None:
            if not isinstance(given, (tuple, list)) or not all(
                    isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0 for dim in given):
                shape = UNKNOWN
            elif isinstance(value_shape, Unknown) and not isinstance(initial, (str, Initializer)):
                shape = UNKNOWN  # an initial value whose shape may not be the one given
            elif not isinstance(value_shape, Unknown) and tuple(given) != value_shape:
                shape = UNKNOWN  # Keras raises
            else:
                shape = tuple(given)
        trainable = bound.get("trainable", True)
        if not keras_variable and trainable is None:
            trainable = True  # TensorFlow's default
        return WeightVariable(shape, trainable if isinstance(trainable, bool) else UNKNOWN, keras=keras_variable)

    @staticmethod
    def initialized(initializer: Initializer, args: List[Any], kwargs: Dict[str, Any], complete: bool) -> Any:
        """``initializer(shape, dtype=None)``: a tensor of that shape."""
        shape = args[0] if args else kwargs.get("shape")
        if complete and len(args) <= 2 and set(kwargs) <= {"shape", "dtype"} and isinstance(shape, (tuple, list)) \
                and all(isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0 for dim in shape):
            return ArrayValue(tuple(shape))
        return UNKNOWN

    # ---- building and calling ----

    def raised(self, layer: Union[Layer, Model], error: BuildError) -> None:
        """Keras raises ``error`` on ``layer`` inside the methods running now (a traced ``call``,
        a ``build``): each object they belong to fails to build, and has no count."""
        cause = Cause(layer.line, layer.column, "Keras raises when {} is built or called here: {}",
                      (layer.class_name, error.message))
        for state in self.active:
            if state.raises is None:
                state.raises = cause

    def op_rejected(self, message: Optional[str]) -> None:
        """An op in the traced ``call`` that the backend raises on (``message``: why; None: it does
        not): the layer whose ``call`` it is cannot be built, in every run that gets here when the
        op runs on every path of that ``call`` and the call itself is certain."""
        if message is None or not self.traced or self.host.undecided:
            return
        obj = self.traced[-1]
        state = obj.custom
        if state is None or self.host.depth > state.speculative_depth:
            return
        if state.raises is not None:
            return  # Keras stopped at an earlier raise: this op is never reached
        error = BuildError("merge", message)
        obj.errors.append(error)  # LL104
        self.raised(obj, error)

    def run(self, obj: Custom, function: UserFunction, args: List[Any], kwargs: Dict[str, Any],
            complete: bool = True) -> Tuple[bool, Any]:
        """Run a method of the class on ``obj``; False when the evaluator would not follow it."""
        from lstm_lint.python.evaluator import MAX_CALL_DEPTH

        evaluator = self.host.context
        state = obj.custom
        assert state is not None
        if evaluator.call_depth >= MAX_CALL_DEPTH or (
                isinstance(function.node, cst.FunctionDef) and evaluator.is_generator(function.node)):
            return False, UNKNOWN
        site = state.site if isinstance(state.site, cst.Call) else cst.Call(func=cst.Name("self"))
        blocks = self.undecided_blocks
        self.active.append(state)
        try:
            result = evaluator.call_user_function(function, list(args), dict(kwargs), complete, site, receiver=obj)
        finally:
            self.active.pop()
        if self.undecided_blocks != blocks and function.name in ("build", "call"):
            # A sublayer built on one path of an undecided block (or before an early return) keeps
            # what that path gave it: which layers are built, and how, is not certain.
            state.followed = False
        return True, result

    def run_own_build(self, obj: Custom, build_fn: UserFunction, args: Optional[List[Any]]) -> None:
        """The class's own ``build`` on ``args`` (None: arguments lstm-lint cannot give it) at the
        first call: the models it makes are the object's; one not run to its end, or returning a
        value, leaves the object not followed."""
        state = obj.custom
        assert state is not None
        models_before = len(self.host.models)
        ran, result = self.run(obj, build_fn, args, {}) if args is not None else (False, None)
        if not ran or result is not None:
            state.followed = False
        self.adopt_models(state, models_before)

    def build_on_shape(self, obj: Custom, shape: Any) -> None:
        """``obj.build(input_shape)`` called by the program."""
        state = obj.custom
        assert state is not None
        if self.host.depth > state.speculative_depth:
            state.followed = False  # built on some paths only
        build_fn = class_attribute(state.user_class, "build")
        if isinstance(build_fn, UserFunction):
            state.build_shape = shape_from_value(shape) if isinstance(shape, (tuple, list)) else UNKNOWN
            ran, result = self.run(obj, build_fn, [shape], {})
            if not ran or result is not None:
                state.followed = False
            if isinstance(obj, CustomLayer) and state.keras_class is not None and obj.weights is None:
                obj.weights = NO_WEIGHTS  # its build did not build the Keras class's weights
        elif build_fn is not MISSING:
            state.followed = False
        elif isinstance(obj, CustomLayer) and state.keras_class is not None:
            build.layer_build(obj, shape_from_value(shape), self.host.counters, certain=not state.built and (
                self.host.depth <= state.speculative_depth))
        elif isinstance(obj, CustomModel) and self.host.target_keras == 2 and not state.built:
            # tf.keras 2's Model.build runs ``call`` on a placeholder of that shape, which builds
            # the sublayers (Keras 3 builds none of them here).
            given = shape_from_value(shape) if isinstance(shape, (tuple, list)) else UNKNOWN
            if isinstance(given, tuple):
                self.trace(obj, [build.opaque("placeholder", self.host.context.statement_line, [], False, given)], {})
            else:
                state.followed = False
        state.built = True

    def build_on_data(self, obj: Custom, data: Any, batch_known: bool, batch: Optional[int] = None,
                      others: Sequence[Any] = (), keywords: Optional[Dict[str, Any]] = None) -> None:
        """A subclassed model called on data (or fit on it): built by running ``call`` on it, on
        the whole array (``batch_known``) or on its first batch, of ``batch`` rows (None: a size that
        is not the same in every run, or on every backend). ``others`` and ``keywords``: the call's
        further arguments (``net(query, values)``), which ``call`` is run on as given, arrays as
        tensors of their shapes (Layer.__call__ converts each array it is given)."""
        state = obj.custom
        assert state is not None
        if isinstance(data, ArrayValue) and data.shape:
            shape = tuple(data.shape) if batch_known else (batch,) + tuple(data.shape[1:])
            tensor = build.opaque("data", self.host.context.statement_line, [], False, shape)
            self.trace(obj, [tensor] + [_as_tensor(value) for value in others],
                       {key: _as_tensor(value) for key, value in (keywords or {}).items()})
        elif batch_known and isinstance(data, (list, tuple)) and _holds_array(data):
            # ``net([user_ids, item_ids])``: Layer.__call__ converts each array of the structure, and
            # ``call`` gets the list (or tuple) of tensors.
            self.trace(obj, [_as_tensor(data)] + [_as_tensor(value) for value in others],
                       {key: _as_tensor(value) for key, value in (keywords or {}).items()})
        else:
            state.followed = False
        if self.host.depth > state.speculative_depth:
            state.followed = False
        state.built = True

    def spec_call(self, obj: CustomLayer, args: List[Any], kwargs: Dict[str, Any]) -> Optional[ShapeTree]:
        """A call of an object of a subclass of a Keras layer class that overrides ``build``,
        ``call`` or ``compute_output_shape`` (``Layer.__call__``): the subclass's ``call`` must take
        the arguments as Keras binds them; its ``build``, on the first call, builds in place of the
        class's (``super().build(input_shape)`` builds the class's weights); its
        ``compute_output_shape`` gives the output. Returns the output shapes it gives, or None when
        the class's own shape method gives them (``call`` is not run for them)."""
        state = obj.custom
        assert state is not None and state.keras_class is not None and state.keras_class.spec is not None
        if id(obj) in self.super_calls:
            return None  # ``super().call(...)`` in its own ``call``: the class's call
        spec = state.keras_class.spec
        cls = state.user_class
        call_fn = class_attribute(cls, "call")
        build_fn = class_attribute(cls, "build")
        shape_fn = class_attribute(cls, "compute_output_shape")
        main = args[0] if args else UNKNOWN
        first = "inputs"
        bound: Optional[Dict[str, Any]] = None
        if call_fn is not MISSING:
            if not isinstance(call_fn, UserFunction) or call_fn.kind != "function" or not isinstance(
                    call_fn.node, cst.FunctionDef):
                state.followed = False
                return UNKNOWN
            parameters = _parameter_names(call_fn.node)
            bound = _bind(call_fn.node, args, kwargs)
            if spec.call_parameters:
                followed = bound is not None and _named_call_followed(spec, parameters, bound, args, kwargs) and (
                    not isinstance(shape_fn, UserFunction))
            else:
                extra = build.flatten_tensors([args[1:], kwargs])
                # One tensor argument, given first: what Keras's shape methods see is then the class's.
                followed = bound is not None and len(args) == 1 and not extra and bool(parameters) and all(
                    name in parameters for name in spec.build_inputs) and (
                    not spec.build_inputs or parameters[0] == spec.build_inputs[0])
                if followed and any(mask is not None for mask in masks.flatten_masks(masks.input_masks(main))) and (
                        "mask" in parameters) != spec.masking.call_takes_mask:
                    followed = False  # the mask becomes an input of the node, or stops being one
            if not followed:
                state.followed = False
                return UNKNOWN
            first = parameters[0]
        shape = _shape_tree(main)
        if isinstance(build_fn, UserFunction) and not state.built:
            if self.host.depth > state.speculative_depth:
                state.followed = False  # built on some paths only
            build_shapes = {f"{first}_shape": shape}
            if spec.call_parameters and bound is not None:
                build_shapes = {f"{key}_shape": _shape_tree(value) for key, value in bound.items()
                                if key != "mask" and build.flatten_tensors(value)}
            build_args = _shape_arguments(build_fn, build_shapes)
            state.build_shape = shape
            ran, result = self.run(obj, build_fn, build_args, {}) if build_args is not None else (False, None)
            if not ran or result is not None:
                state.followed = False
            if obj.weights is None:
                obj.weights = NO_WEIGHTS  # its build did not build the Keras class's weights
            state.built = True
        if call_fn is not MISSING and self.tracing:
            # Inside a traced ``call`` (a custom layer's, a subclassed model's) layers run on the
            # backend's tensors: Keras runs the subclass's own ``call``, not the class's shape method.
            assert isinstance(call_fn, UserFunction) and bound is not None
            return self.traced_spec_call(obj, call_fn, args, kwargs, bound)
        if isinstance(shape_fn, UserFunction) and not self.tracing:
            if not isinstance(build_fn, UserFunction) and not state.built:
                # The class's own build, which Keras runs before any shape method.
                build.layer_build(obj, shape_from_value(shape) if isinstance(shape, tuple) else UNKNOWN,
                                  self.host.counters, certain=self.host.depth <= state.speculative_depth)
                state.built = True
            shape_args = _shape_arguments(shape_fn, {f"{first}_shape": shape})
            if shape_args is None:
                return UNKNOWN
            ran, result = self.run(obj, shape_fn, shape_args, {})
            return _shape_value(result) if ran else UNKNOWN
        return None

    def traced_spec_call(self, obj: CustomLayer, call_fn: UserFunction, args: List[Any], kwargs: Dict[str, Any],
                         bound: Dict[str, Any]) -> ShapeTree:
        """A call, inside a traced ``call``, of an object of a subclass of a Keras layer class with a
        ``call`` of its own (checked by ``spec_call`` to take the arguments as the class would):
        ``Layer.__call__`` builds the class on the first call (unless a ``build`` of the
        subclass's ran), then runs the subclass's ``call`` on the backend's tensors, in which
        ``super().call(...)`` is the class's call (``super_call``). Gives what that ``call`` returns."""
        state = obj.custom
        assert state is not None and obj.spec is not None
        if not state.built:
            certain = self.host.depth <= state.speculative_depth
            if not certain:
                state.followed = False  # built on some paths only
            shapes = _named_shapes(obj.spec, bound) if obj.spec.call_parameters else _shape_tree(
                args[0] if args else UNKNOWN)
            if isinstance(shapes, tuple) or (isinstance(shapes, list) and all(
                    shape is None or isinstance(shape, tuple) for shape in shapes)):
                state.build_shape = shapes
            build.layer_build(obj, UNKNOWN if isinstance(shapes, Unknown) else shapes, self.host.counters,
                              certain=certain, in_trace=True)
            state.built = True
        return self.trace_call(obj, call_fn, args, kwargs, bound)

    def super_call(self, obj: CustomLayer, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                   site: cst.Call) -> Any:
        """``super().call(...)`` in the ``call`` of a subclass of a Keras layer class, being traced:
        the class's own call on these tensors, with the weights it was built with. On tensors of
        other shapes than it was built on it may raise: unknown then."""
        state = obj.custom
        assert state is not None
        spec = obj.spec
        if not complete or spec is None or not state.followed or obj.weights is None or obj.built_on is None:
            return UNKNOWN
        if spec.call_parameters:
            given: Any = _named_shapes(spec, dict(dict(zip(spec.call_parameters, args)), **kwargs))
        else:
            given = _shape_tree(args[0] if args else kwargs.get("inputs", UNKNOWN))
        if given != obj.built_on or not build.flatten_tensors([args, kwargs]):
            return UNKNOWN
        self.super_calls.add(id(obj))
        try:
            return self.host.call_layer(obj, list(args), dict(kwargs), self.host.line_of(site))
        finally:
            self.super_calls.discard(id(obj))

    def rnn_cell(self, obj: CustomLayer, step: Any, building: bool) -> Tuple[Any, Any]:
        """``obj`` as the cell of ``RNN(cell)`` (rnn.py): the RNN's build runs the cell's own
        ``build`` on one step's shape, unless the cell is built (``cell.build(step_input_shape)``,
        never its ``call``); gives the cell's ``state_size`` and ``output_size`` (None: it has
        none), as RNN reads them."""
        state = obj.custom
        assert state is not None
        if building and not state.built:
            if self.host.depth > state.speculative_depth:
                state.followed = False  # built on some paths only
            build_fn = class_attribute(state.user_class, "build")
            if isinstance(build_fn, UserFunction) and build_fn.kind == "function" and isinstance(step, tuple):
                state.build_shape = step
                self.run_own_build(obj, build_fn, [step])
            elif build_fn is not MISSING:
                state.followed = False
            state.built = True
        return self._cell_value(state, "state_size"), self._cell_value(state, "output_size")

    @staticmethod
    def _cell_value(state: CustomState, name: str) -> Any:
        """``getattr(cell, name, None)``: the object's attribute, else its class's (a property of
        the class's own is not followed)."""
        if name in state.attributes.attrs:
            return state.attributes.attrs[name]
        found = class_attribute(state.user_class, name)
        if found is MISSING:
            return None
        if isinstance(found, UserFunction):
            held = _property_attribute(found) if Builtin("property") in found.decorators else None
            if held is not None and held != name and held in state.attributes.attrs:
                return state.attributes.attrs[held]  # ``return self.units``: that attribute's value
            return UNKNOWN
        return found

    def spec_build(self, obj: CustomLayer, shape: Any) -> None:
        """``super().build(input_shape)`` in the subclass's ``build``: the Keras class's weights,
        built on the shape Keras gave that ``build`` (on another, Keras's input check after the
        build may raise: not followed)."""
        state = obj.custom
        assert state is not None
        certain = self.host.depth <= state.speculative_depth
        given = shape_from_value(shape) if isinstance(shape, (tuple, list)) else UNKNOWN
        if obj.weights is not None or not certain or isinstance(given, Unknown) or given != state.build_shape:
            obj.weights = UNKNOWN_WEIGHTS
            if obj.spec is not None:
                self.host.counters.tainted.update(obj.spec.build_names)
            return
        build.layer_build(obj, shape_from_value(shape), self.host.counters, certain=True)

    def spec_output(self, obj: CustomLayer, shape: Any) -> Any:
        """``super().compute_output_shape(input_shape)``: the Keras class's output shape."""
        if obj.spec is None or not isinstance(shape, (tuple, list)):
            return UNKNOWN
        try:
            output = obj.spec.output(obj.config, shape_from_value(shape))
        except BuildError:
            return UNKNOWN
        if isinstance(output, tuple) and all(dim is None or isinstance(dim, int) for dim in output):
            return output
        return UNKNOWN

    def call(self, obj: Custom, args: List[Any], kwargs: Dict[str, Any], complete: bool) -> Any:
        """``obj(...)`` by the program: on symbolic tensors, a node of the graph (the host's usual
        layer call, which asks ``trace`` for the output); on data, a build."""
        state = obj.custom
        assert state is not None
        tensors = build.flatten_tensors([args, kwargs])
        if not tensors and any(_holds_array(value) for value in list(args) + list(kwargs.values())):
            if not complete:
                state.followed = False
                return UNKNOWN
            data = args[0] if args else UNKNOWN
            if not state.built:
                self.build_on_data(obj, data, batch_known=True, others=args[1:], keywords=kwargs)
            else:
                self.trace(obj, [_as_tensor(value) for value in args],
                           {key: _as_tensor(value) for key, value in kwargs.items()})
            return UNKNOWN
        if not complete:
            state.followed = False
        return NOT_HANDLED

    def refused_arguments(self, obj: CustomLayer, args: List[Any], kwargs: Dict[str, Any]
                          ) -> Optional[Tuple[str, bool]]:
        """What Keras's ``Layer.__call__`` refuses in these arguments (``call_arguments.py``), for
        a class of the program's own whose ``call`` and ``__call__`` are the ones it defines: why,
        and whether the call may not be made in every run that reaches it; None when nothing is
        refused, or when that is not known."""
        state = obj.custom
        assert state is not None
        cls = state.user_class
        call_fn = class_attribute(cls, "call")
        if state.keras_class is not None or not state.followed or not isinstance(call_fn, UserFunction) \
                or call_fn.kind != "function" or call_fn.decorators or not isinstance(call_fn.node, cst.FunctionDef) \
                or class_attribute(cls, "__call__") is not MISSING or "call" in state.attributes.attrs:
            return None
        allowed = "_allow_non_tensor_positional_args"
        takes_non_tensors = class_attribute(cls, allowed) is not MISSING or allowed in state.attributes.attrs
        message = refused_call(cls.name, call_fn.node, args, kwargs, takes_non_tensors)
        if message is None:
            return None
        return message, self.host.undecided or self.host.depth > state.speculative_depth

    def trace(self, obj: Custom, args: List[Any], kwargs: Dict[str, Any]) -> ShapeTree:
        """One call of ``obj`` on these arguments: builds it the first time, and gives the output
        shapes (UNKNOWN when they cannot be followed)."""
        state = obj.custom
        assert state is not None
        if self.host.depth > state.speculative_depth and not state.built:
            state.followed = False  # built on some paths only
        cls = state.user_class
        call_fn = class_attribute(cls, "call")
        build_fn = class_attribute(cls, "build")
        shape_fn = class_attribute(cls, "compute_output_shape")
        if not isinstance(call_fn, UserFunction) or call_fn.kind != "function" or not isinstance(
                call_fn.node, cst.FunctionDef):
            state.followed = False
            return UNKNOWN
        bound = _bind(call_fn.node, args, kwargs)
        if bound is None:
            state.followed = False
            return UNKNOWN
        shapes = {f"{key}_shape": _shape_tree(value) for key, value in bound.items()
                  if key != "mask" and not key.endswith("_mask") and key != "training"
                  and build.flatten_tensors(value)}
        own_build = isinstance(build_fn, UserFunction)
        first_build = not state.built
        if not state.built:
            if own_build:
                self.run_own_build(obj, build_fn, _shape_arguments(build_fn, shapes))
            elif build_fn is not MISSING:
                state.followed = False
            state.built = True
        own_shape = isinstance(shape_fn, UserFunction)
        output: ShapeTree = UNKNOWN
        if not (own_build and own_shape):
            output = self.trace_call(obj, call_fn, args, kwargs, bound)
        if own_shape:
            shape_args = _shape_arguments(shape_fn, shapes)
            if shape_args is None:
                return UNKNOWN
            ran, result = self.run(obj, shape_fn, shape_args, {})
            output = _shape_value(result) if ran else UNKNOWN
            if first_build and isinstance(obj, CustomLayer) and _takes_build_shapes(shape_fn, build_fn):
                # summary() prints compute_output_shape(**_build_shapes_dict) for it without a node.
                state.printed_output = _shape_value(result, printed=True) if ran else UNKNOWN
                if ran and _holds_dict(result):
                    state.printed_output = Unknown(Cause(
                        obj.line, obj.column, "summary() prints the dict that compute_output_shape of {} returns: "
                        "in its insertion order with optree, by sorted key on the torch backend", (obj.class_name,)))
                state.printed_in_trace = self.tracing > 0 and build.holds_none(list(shapes.values()))
        return output

    def trace_call(self, obj: Custom, call_fn: UserFunction, args: List[Any], kwargs: Dict[str, Any],
                   bound: Dict[str, Any]) -> ShapeTree:
        assert isinstance(call_fn.node, cst.FunctionDef)
        params = {param.name.value: param for param in
                  list(call_fn.node.params.params) + list(call_fn.node.params.kwonly_params)}
        kwargs = dict(kwargs)
        training: Any = None
        if "training" in params:
            default = call_fn.defaults.get("training", None)
            if "training" in bound:
                training = bound["training"]
            elif self.training and self.training[-1] is not None:
                # Keras's call context hands the outer call's value to some of the traces only.
                outer = self.training[-1]
                training = outer if outer is default and isinstance(outer, bool) else UNKNOWN
                kwargs["training"] = training
            else:
                training = default
        # Layer.__call__ step 6: the masks of the tensor arguments, for the parameters that take them.
        kwargs.update(masks.call_masks(_parameter_names(call_fn.node), (args, kwargs)))
        layers_before, models_before = len(self.host.layers), len(self.host.models)
        self.tracing += 1
        self.training.append(training)
        self.traced.append(obj)
        self.unknown_causes.append(None)
        try:
            ran, result = self.run(obj, call_fn, args, kwargs)
        finally:
            self.tracing -= 1
            self.training.pop()
            self.traced.pop()
            first_unknown = self.unknown_causes.pop()
        # Layers made inside ``call`` are made again by every trace Keras runs: their names are unknown.
        self.made_again(layers_before, models_before)
        if not ran:
            state = obj.custom
            assert state is not None
            state.followed = False
            return UNKNOWN
        self.repeated(obj, call_fn)
        output = _output_shapes(result)
        if first_unknown is None and isinstance(output, Unknown) and _unsorted_keys(result):
            first_unknown = Cause(obj.line, obj.column, "the call of {} returns a dict whose keys do not sort: the "
                                  "order Keras flattens its values in is not the same on every backend",
                                  (obj.class_name,))
        # An unknown the trace made says where in ``call`` it arose, rather than that the class is
        # not understood.
        return _caused(output, first_unknown) if first_unknown is not None else output

    def unknown_in_trace(self, line: int, column: int, description: str, inputs: Any) -> None:
        """A value of an unknown shape made by ``description`` at ``line`` in the ``call`` being
        traced: the first of the trace is its cause (an input's cause, when one has one)."""
        if not self.unknown_causes or self.unknown_causes[-1] is not None or not self.traced:
            return
        state = self.traced[-1].custom
        if state is not None and state.raises is not None:
            self.unknown_causes[-1] = state.raises  # the op Keras raises on, or an earlier one
            return
        cause = _first_cause(inputs)
        if cause is None and _holds_unknown_shape(inputs):
            return  # unknown before the op, for a reason found where that input was made
        if cause is None:
            cause = Cause(line, column, "{} in the call of {} is not one lstm-lint follows: the shape it gives "
                          "is unknown", (description, self.traced[-1].class_name))
        self.unknown_causes[-1] = cause

    def made_again(self, layers_before: int, models_before: int) -> None:
        """The layers and models made since those counts are made again at each run of the code
        that made them, which Keras repeats: the default names they take are unknown."""
        for layer in self.host.layers[layers_before:]:
            self.host.counters.tainted.add(layer.spec.default_name if layer.spec else to_snake_case(layer.class_name))
        if len(self.host.models) > models_before:
            self.host.counters.all_tainted = True

    def trace_function(self, function: UserFunction, args: List[Any], kwargs: Dict[str, Any]) -> ShapeTree:
        """A function of the program's run on a layer's symbolic inputs as Keras runs it to find
        the layer's output (``Lambda``: ``compute_output_spec`` of its ``call``, which calls the
        function): the shapes of what it returns; UNKNOWN when it cannot be followed."""
        from lstm_lint.python.evaluator import MAX_CALL_DEPTH

        evaluator = self.host.context
        node = function.node
        if evaluator.call_depth >= MAX_CALL_DEPTH or (
                isinstance(node, cst.FunctionDef) and evaluator.is_generator(node)):
            return UNKNOWN
        layers_before, models_before = len(self.host.layers), len(self.host.models)
        self.tracing += 1
        self.training.append(None)
        try:
            result = evaluator.call_user_function(function, list(args), dict(kwargs), True,
                                                  cst.Call(func=cst.Name("function")))
        finally:
            self.tracing -= 1
            self.training.pop()
        # Keras runs the function again at every trace and every batch: what it makes or changes
        # outside its locals may be made or changed any number of times.
        self.made_again(layers_before, models_before)
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            summary = evaluator.effects(node)
            if not summary.pure or summary.called:
                evaluator.apply_effects(function.scope, set(), summary.free_receivers, summary.called,
                                        summary.globals_written | summary.nonlocals_written, summary.everything)
        return _output_shapes(result)

    def repeated(self, obj: Custom, function: UserFunction) -> None:
        """Keras runs a traced ``call`` (and ``fit`` runs it) a number of times we do not know:
        what it changes outside its locals, and the attributes it sets on ``self``, are unknown."""
        evaluator = self.host.context
        node = function.node
        if not isinstance(node, cst.FunctionDef):
            return
        summary = evaluator.effects(node)
        if not summary.pure or summary.called:
            evaluator.apply_effects(function.scope, set(), summary.free_receivers, summary.called,
                                    summary.globals_written | summary.nonlocals_written, summary.everything)
        params = list(node.params.posonly_params) + list(node.params.params)
        if not params:
            return
        receiver = params[0].name.value
        state = obj.custom
        assert state is not None
        for attribute in _attributes_set(node, receiver):
            if attribute in state.attributes.attrs:
                if layers_in(state.attributes.attrs[attribute], _plain) != ():
                    state.order_known = False
                evaluator.heap.touch(state.attributes)
                state.attributes.attrs[attribute] = UNKNOWN

    def data_methods(self, model: Model) -> None:
        """``fit``/``predict``/``evaluate`` run the ``call`` of every custom object in the model."""
        seen: Set[int] = set()
        stack: List[Any] = list(model.layers())
        while stack:
            item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            state = custom_state(item)
            if state is not None:
                call_fn = class_attribute(state.user_class, "call")
                if isinstance(call_fn, UserFunction):
                    self.repeated(item, call_fn)
                stack.extend(state.tracked() or ())
            elif isinstance(item, Model):
                stack.extend(item.layers())


# ---- helpers -------------------------------------------------------------------------------------


def _first_cause(value: Any, depth: int = 0) -> Optional[Cause]:
    """The cause an unknown among these values (or their shapes) carries."""
    if isinstance(value, Unknown):
        return value.cause
    if isinstance(value, Tensor):
        return _first_cause(value.shape, depth + 1)
    if isinstance(value, (list, tuple)) and depth < 6:
        for item in value:
            found = _first_cause(item, depth + 1)
            if found is not None:
                return found
    return None


def _holds_unknown_shape(value: Any, depth: int = 0) -> bool:
    """Whether a tensor (or weight) among these values has a shape not wholly known."""
    if isinstance(value, (Tensor, WeightVariable)):
        shape = value.shape
        return isinstance(shape, Unknown) or any(isinstance(dim, Unknown) for dim in shape)
    if isinstance(value, (list, tuple)) and depth < 6:
        return any(_holds_unknown_shape(item, depth + 1) for item in value)
    if isinstance(value, dict) and depth < 6:
        return any(_holds_unknown_shape(item, depth + 1) for item in value.values())
    return False


def _caused(shape: Any, cause: Cause, depth: int = 0) -> Any:
    """``shape`` with each unknown that has no cause given ``cause``."""
    if isinstance(shape, Unknown):
        return Unknown(cause) if type(shape) is Unknown and shape.cause is None else shape
    if isinstance(shape, tuple) and depth < 6:
        return tuple(_caused(item, cause, depth + 1) for item in shape)
    if isinstance(shape, FlatOutputs):
        return FlatOutputs((_caused(item, cause, depth + 1) for item in shape), shape.structure)
    if isinstance(shape, list) and depth < 6:
        return [_caused(item, cause, depth + 1) for item in shape]
    return shape


def _auto_configurable(value: Any, depth: int = 0) -> bool:
    """A value Keras's auto config keeps: a str, int, float, bool or None, or a list or tuple of
    them (``tree.flatten``)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, (list, tuple)) and depth < 6 and all(_auto_configurable(item, depth + 1) for item in value)


def _attributes_set(node: cst.FunctionDef, receiver: str) -> Set[str]:
    """The attributes ``receiver.name = ...`` (or ``+=``, ``setattr`` aside) sets in the function."""
    found: Set[str] = set()
    for child in walk(node.body):
        targets: List[cst.BaseExpression] = []
        if isinstance(child, cst.Assign):
            targets = [target.target for target in child.targets]
        elif isinstance(child, (cst.AugAssign, cst.AnnAssign)):
            targets = [child.target]
        for target in targets:
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) \
                    and target.value.value == receiver:
                found.add(target.attr.value)
    return found


def _custom_objects(value: Any, depth: int = 0) -> List[Custom]:
    if isinstance(value, (CustomLayer, CustomModel)):
        return [value]
    if depth < 4 and isinstance(value, (list, tuple)):
        return [item for element in value for item in _custom_objects(element, depth + 1)]
    if depth < 4 and isinstance(value, dict):
        return [item for element in value.values() for item in _custom_objects(element, depth + 1)]
    return []


def _tracked_copy(value: Any, depth: int = 0) -> Any:
    """Keras's tracker stores a tracked copy of a list or dict (and of a tuple's items): later
    changes to the original do not reach the attribute."""
    if depth > 6:
        return value
    if type(value) is list:
        return [_tracked_copy(item, depth + 1) for item in value]
    if type(value) is dict:
        return {key: _tracked_copy(item, depth + 1) for key, item in value.items()}
    if type(value) is tuple:
        return tuple(_tracked_copy(item, depth + 1) for item in value)
    return value


def _property_attribute(function: UserFunction) -> Optional[str]:
    """The attribute of ``self`` a property returns when its body does nothing else (a docstring
    aside): ``def state_size(self): return self.units``; None for any other property."""
    node = function.node
    if not isinstance(node, cst.FunctionDef) or not isinstance(node.body, (cst.IndentedBlock,
                                                                           cst.SimpleStatementSuite)):
        return None
    params = list(node.params.posonly_params) + list(node.params.params)
    if len(params) != 1 or isinstance(node.params.star_arg, cst.Param) or node.params.kwonly_params \
            or node.params.star_kwarg is not None:
        return None
    statements = list(node.body.body)
    if statements and isinstance(statements[0], cst.SimpleStatementLine) and len(statements[0].body) == 1 \
            and isinstance(statements[0].body[0], cst.Expr) \
            and isinstance(statements[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        statements = statements[1:]  # the docstring
    if len(statements) != 1:
        return None
    line = statements[0]
    small = line.body if isinstance(line, cst.SimpleStatementLine) else [line] \
        if isinstance(line, cst.BaseSmallStatement) else []
    if len(small) != 1 or not isinstance(small[0], cst.Return):
        return None
    value = small[0].value
    if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) \
            and value.value.value == params[0].name.value:
        return value.attr.value
    return None


def _as_tensor(value: Any) -> Any:
    """A call's argument as ``call`` gets it: each array, also in a list or tuple, a tensor of its
    shape."""
    if isinstance(value, ArrayValue):
        return build.opaque("data", 0, [], False, tuple(value.shape))
    if type(value) is list:
        return [_as_tensor(item) for item in value]
    if type(value) is tuple:
        return tuple(_as_tensor(item) for item in value)
    return value


def _holds_array(value: Any) -> bool:
    """An array, or a list or tuple holding one."""
    if isinstance(value, ArrayValue):
        return True
    return type(value) in (list, tuple) and any(_holds_array(item) for item in value)


def _arrays_only(value: Any) -> bool:
    """A non-empty list or tuple of arrays of known rank (nested lists and tuples of them too)."""
    if isinstance(value, ArrayValue):
        return bool(value.shape)
    return type(value) in (list, tuple) and bool(value) and all(_arrays_only(item) for item in value)


def _bind(node: cst.FunctionDef, args: List[Any], kwargs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The call's arguments by ``call``'s parameter names (``self`` left out); None if they do
    not fit."""
    params = list(node.params.posonly_params) + list(node.params.params)
    names = [param.name.value for param in params[1:]]
    if len(args) > len(names) and not isinstance(node.params.star_arg, cst.Param):
        return None
    bound: Dict[str, Any] = dict(zip(names, args))
    for key, value in kwargs.items():
        if key.startswith("**"):
            return None
        bound[key] = value
    return bound


def _named_call_followed(spec: LayerSpec, parameters: Tuple[str, ...], bound: Dict[str, Any], args: List[Any],
                         kwargs: Dict[str, Any]) -> bool:
    """For a subclass's own ``call`` of a class called on several named tensors
    (``MultiHeadAttention``), called as given: whether Keras builds the class on the tensors its
    ``compute_output_spec`` gives the output of. ``Layer.__call__`` builds with the shapes of the
    tensors the subclass's ``call`` binds to ``<name>`` for each ``<name>_shape`` the class's
    ``build`` takes (it raises when that ``call`` has no such parameter), then passes the arguments
    as given, with the masks it adds (step 6), to the class's ``compute_output_spec``: each must be
    one of its parameters, and each of the class's named inputs the tensor the subclass binds."""
    if any(name not in parameters for name in spec.build_inputs) or len(args) > len(spec.call_parameters):
        return False
    given = dict(kwargs)
    given.update(masks.call_masks(parameters, (args, kwargs)))
    keras_bound: Dict[str, Any] = dict(zip(spec.call_parameters, args))
    for key, value in given.items():
        if key not in spec.call_parameters or key in keras_bound:
            return False  # compute_output_spec's TypeError
        keras_bound[key] = value
    return all(keras_bound.get(name) is bound.get(name) for name in spec.call_inputs)


def _named_shapes(spec: LayerSpec, bound: Dict[str, Any]) -> List[Any]:
    """The shapes a class called on several named tensors is built on (one per named input of its
    ``call``, None for one not given), from a call's arguments by name."""
    return [None if bound.get(name) is None else _shape_tree(bound[name]) for name in spec.call_inputs]


def _keywords_taken(node: cst.FunctionDef) -> Tuple[str, ...]:
    """The keywords an ``__init__`` takes by name, and Keras's base layer's when it has ``**kwargs``
    (which it may pass on to them)."""
    own = tuple(param.name.value for param in list(node.params.params)[1:] + list(node.params.kwonly_params))
    return own + (BASE_LAYER_KWARGS if isinstance(node.params.star_kwarg, cst.Param) else ())


def _arguments_refused(node: cst.FunctionDef, args: List[Any], kwargs: Dict[str, Any]) -> List[str]:
    """The arguments of a call that Python's binding to this ``__init__`` refuses (TypeError):
    keywords it has no parameter for and no ``**kwargs`` to take, and positional arguments beyond
    its parameters without ``*args``. None when a ``**mapping`` may hold anything."""
    if any(key.startswith("**") for key in kwargs):
        return []
    positional = list(node.params.posonly_params) + list(node.params.params)
    refused: List[str] = []
    if not isinstance(node.params.star_arg, cst.Param):
        refused += [f"positional argument {index + 1}" for index in range(len(positional) - 1, len(args))]
    if not isinstance(node.params.star_kwarg, cst.Param):
        named = {param.name.value for param in list(node.params.params)[1:] + list(node.params.kwonly_params)}
        refused += [key for key in kwargs if key not in named]
    return refused


def _parameter_names(node: Any) -> Tuple[str, ...]:
    """A method's parameters after ``self`` (positional, then keyword-only)."""
    if not isinstance(node, cst.FunctionDef):
        return ()
    params = list(node.params.posonly_params) + list(node.params.params)
    return tuple(param.name.value for param in params[1:] + list(node.params.kwonly_params))


def _takes_build_shapes(shape_fn: UserFunction, build_fn: Any) -> bool:
    """Whether ``compute_output_shape(**layer._build_shapes_dict)`` binds, as summary() calls it:
    its one parameter is named as the build's (``input_shape`` for Keras's own build)."""
    shape_params = _parameter_names(shape_fn.node)
    build_params = _parameter_names(build_fn.node) if isinstance(build_fn, UserFunction) else ("input_shape",)
    return len(shape_params) == 1 and shape_params == build_params


def _shape_arguments(function: UserFunction, shapes: Dict[str, Any]) -> Optional[List[Any]]:
    """``update_shapes_dict_for_target_fn``: one parameter gets the first shape; several get the
    shapes named ``<argument>_shape`` after them."""
    node = function.node
    if not isinstance(node, cst.FunctionDef):
        return None
    params = _parameter_names(node)
    if len(params) == 1:
        return [next(iter(shapes.values()), None)]
    if all(name in shapes for name in params):
        return [shapes[name] for name in params]
    return None


def _shape_tree(value: Any) -> Any:
    """The shape a ``build`` gets for an argument: a tuple, or a list of them."""
    if isinstance(value, Tensor):
        return value.shape if not isinstance(value.shape, Unknown) else UNKNOWN
    if isinstance(value, (list, tuple)):
        return [_shape_tree(item) for item in value]
    return UNKNOWN


def _shape_value(value: Any, depth: int = 0, printed: bool = False) -> ShapeTree:
    """What ``compute_output_shape`` returned, as Keras reads it (``map_shape_structure``): a list or
    tuple of ints and Nones is one shape; one of such shapes (nested, a tuple of tuples too) is
    several outputs in that structure; a dict of them, outputs by key (flattened by sorted key).
    UNKNOWN when any part is not known. ``printed``: as ``summary()`` prints it for a layer no node
    was made for (``str`` of that structure): a tuple of shapes in parentheses; a dict, whose
    ``str`` keeps the insertion order with optree and sorts it with the torch backend's tree, is
    unknown."""
    if isinstance(value, (tuple, list)) and all(
            dim is None or (isinstance(dim, int) and not isinstance(dim, bool)) for dim in value):
        return tuple(value)
    if isinstance(value, dict) and not printed and depth == 0:
        return _flat_outputs(value, shapes_given=True)
    if isinstance(value, (tuple, list)) and value and depth < 4:
        shapes = [_shape_value(item, depth + 1, printed) for item in value]
        if any(isinstance(shape, Unknown) for shape in shapes):
            return UNKNOWN
        return PrintedAsTuple(shapes) if printed and isinstance(value, tuple) else list(shapes)
    return UNKNOWN


def _output_shapes(result: Any, depth: int = 0) -> ShapeTree:
    """The shapes of what a traced ``call`` returned: one tensor's, or those of a (nested) tuple
    or list of tensors in its structure (flattened, with that structure beside, when it holds a
    dict); UNKNOWN when any part is not a tensor we track."""
    if depth == 0 and _holds_dict(result):
        return _flat_outputs(result)
    if isinstance(result, Tensor):
        return result.shape
    if isinstance(result, ArrayValue) and result.known():
        return tuple(result.shape)  # a value the trace made (``ops.arange(24)``): a tensor of its shape
    if isinstance(result, (list, tuple)) and result and depth < 4:
        shapes = [_output_shapes(item, depth + 1) for item in result]
        if any(isinstance(shape, Unknown) and not isinstance(item, Tensor) for shape, item in zip(shapes, result)):
            return UNKNOWN
        return list(shapes)
    return UNKNOWN


def _holds_dict(value: Any, depth: int = 0) -> bool:
    if type(value) is dict:
        return True
    return isinstance(value, (list, tuple)) and depth < 4 and any(_holds_dict(item, depth + 1) for item in value)


def _unsorted_keys(value: Any, depth: int = 0) -> bool:
    """Whether a dict here has keys ``sorted`` refuses (``{1: a, "x": b}``)."""
    if type(value) is dict:
        return keras_key_order(value) is None or (depth < 4 and any(
            _unsorted_keys(item, depth + 1) for item in value.values()))
    return isinstance(value, (list, tuple)) and depth < 4 and any(_unsorted_keys(item, depth + 1) for item in value)


def _flat_outputs(result: Any, shapes_given: bool = False) -> ShapeTree:
    """What a traced ``call`` returned that holds a dict of tensors, as Keras's ``Layer.__call__``
    makes its output: the shapes of its tensors in ``tree.flatten`` order, and its structure.
    UNKNOWN when a part is not a tensor we track, or a dict's keys do not sort (no order every
    backend flattens it in). ``shapes_given``: a dict ``compute_output_shape`` returned, whose
    leaves are shapes."""
    shapes: List[Any] = []

    def leaves(value: Any, depth: int) -> Any:
        if shapes_given and isinstance(value, (tuple, list)) and all(
                dim is None or (isinstance(dim, int) and not isinstance(dim, bool)) for dim in value):
            shapes.append(tuple(value))
            return len(shapes) - 1
        if type(value) is dict and depth < 4:
            order = keras_key_order(value)
            if order is None or not value:
                return None
            placed = {key: leaves(value[key], depth + 1) for key in order}
            if any(item is None for item in placed.values()):
                return None
            return {key: placed[key] for key in value}  # the program's own insertion order
        if isinstance(value, (list, tuple)) and value and depth < 4:
            items = [leaves(item, depth + 1) for item in value]
            return None if any(item is None for item in items) else tuple(items) if isinstance(value, tuple) else items
        shape = _output_shapes(value, 4)  # one tensor (or a value the trace made): never a structure
        if isinstance(shape, Unknown) and not isinstance(value, Tensor):
            return None
        shapes.append(shape)
        return len(shapes) - 1

    structure = leaves(result, 0)
    return UNKNOWN if structure is None else FlatOutputs(shapes, structure)


__all__ = ["CUSTOM_TYPES", "CustomBinding", "DATA_METHODS", "class_attribute", "keras_base"]
