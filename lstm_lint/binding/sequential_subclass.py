"""The program's own subclasses of ``keras.Sequential`` (``class Net(keras.Sequential)``): the
class's ``__init__`` run on a Sequential, whose ``super().__init__(layers, trainable, name)`` is
``Sequential.__init__`` and whose ``self.add(...)`` is ``Sequential.add``. Keras names the model
after the class (``Net`` -> "net") and prints the class as its type.

Followed only where the model is a plain Sequential apart from its class: a class that overrides
what Sequential does when built or called (``call``, ``build``, ...), holds layers in attributes
(Keras tracks their weights, not as rows), or whose ``__init__`` is not followed to its end, makes
a model whose rows are unknown.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List

import libcst as cst

from lstm_lint.binding.refs import KerasRef
from lstm_lint.graph import build
from lstm_lint.graph.objects import Layer, Model
from lstm_lint.graph.sequential_subclass import SequentialSubclass
from lstm_lint.python.host import NOT_HANDLED
from lstm_lint.python.objects import (
    MISSING, BoundMethod, Builtin, PartialList, UserClass, UserFunction, class_attribute,
)
from lstm_lint.values import UNKNOWN

if TYPE_CHECKING:
    from lstm_lint.binding.keras_host import KerasHost

# Methods of Sequential (and of Layer under it) that, overridden, change what the model builds,
# how its calls go or what its summary lists.
OVERRIDES = ("call", "build", "__call__", "compute_output_shape", "compute_output_spec", "add", "pop",
             "layers", "_maybe_rebuild")
_ARGUMENTS = ("layers", "trainable", "name")


def subclasses_sequential(bases: List[Any]) -> bool:
    """Whether the class's library base is ``keras.Sequential`` (and no other library class)."""
    library = [base for base in bases if not isinstance(base, UserClass) and base != Builtin("object")]
    return bool(library) and all(isinstance(base, KerasRef) and base.kind == "sequential" for base in library)


def instantiate(host: KerasHost, cls: UserClass, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                complete: bool, site: cst.Call) -> Any:
    """``Net(...)``: the class's ``__init__`` run on a new Sequential of that class."""
    if not subclasses_sequential(bases) or cls.altered or any(b.altered for b in bases if isinstance(b, UserClass)):
        return NOT_HANDLED
    host.custom.before_construction()
    model = SequentialSubclass("Sequential", host.line_of(site), user_class_name=cls.name)
    host.register_model(model, UNKNOWN)
    model.keras_name = None  # Keras names it in Sequential.__init__
    line, column = model.line, model.column
    overridden = [method for method in OVERRIDES if class_attribute(cls, method) is not MISSING]
    if overridden:
        model.give_up(line, column, f"{cls.name} overrides Sequential's {overridden[0]}, which lstm-lint does "
                      "not follow")
    init = class_attribute(cls, "__init__")
    if isinstance(init, UserFunction) and init.kind == "function":
        result = host.context.call_user_function(init, list(args), dict(kwargs), complete, site, receiver=model)
        if result is not None:  # not followed to its end (or Python's TypeError on __init__)
            model.give_up(line, column, f"lstm-lint does not follow {cls.name}.__init__ to its end")
    elif init is MISSING:
        sequential_init(host, model, args, kwargs, complete)
    else:
        model.give_up(line, column, f"lstm-lint does not follow {cls.name}.__init__")
    if not model.initialised:
        model.give_up(line, column, f"{cls.name}.__init__ does not call Sequential's __init__ in every run")
    if model.incomplete:
        # Layers lstm-lint did not see may be in it: its output, and its rows, are unknown.
        build.sequential_add(model, UNKNOWN, host.counters, line)
    return model


def never_instantiated(host: KerasHost, cls: UserClass, bases: List[Any]) -> None:
    """A subclass the file defines but never instantiates: its ``__init__`` runs on unknown
    arguments, so that what Keras raises there in every run is reported, and no model."""
    # Where and after what it would be made is unknown: so are the default names it would take.
    host.counters.all_tainted = True
    made = instantiate(host, cls, bases, [], {}, False, cst.Call(func=cst.Name(cls.name)))
    if isinstance(made, Model):
        made.unreported = True


def sequential_init(host: KerasHost, model: SequentialSubclass, args: List[Any], kwargs: Dict[str, Any],
                    complete: bool) -> None:
    """``Sequential.__init__(layers=None, trainable=True, name=None)`` on the subclass's object."""
    bound: Dict[str, Any] = dict(zip(_ARGUMENTS, args))
    bound.update(kwargs)
    certain = host.depth <= model.speculative_depth
    if not complete or not certain or model.initialised or len(args) > len(_ARGUMENTS) \
            or any(key not in _ARGUMENTS for key in kwargs):
        # Arguments not known, an __init__ on some paths only or run twice, or arguments Keras
        # raises on: what the model holds is not known.
        model.give_up(host.context.statement_line, host.context.statement_column,
                      "Sequential's __init__ is called here on arguments lstm-lint does not know, or in some runs only")
        model.initialised = True
        host.counters.tainted.add(model.keras_default_prefix)
        return
    model.initialised = True
    name = bound.get("name")
    if isinstance(name, str):
        model.keras_name, model.explicit_keras_name = name, True
    elif name is None:
        model.keras_name = host.counters.next_name(model.keras_default_prefix)
    else:
        host.counters.tainted.add(model.keras_default_prefix)
    trainable = bound.get("trainable", True)
    model.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
    items = bound.get("layers")
    line = host.context.statement_line
    if isinstance(items, (list, tuple)):
        for item in items:
            build.sequential_add(model, item, host.counters, line)
        if items:
            build.note_rebuild(model, host.counters)
    elif isinstance(items, PartialList) or items is not None:
        model.give_up(line, host.context.statement_column, "the layers given to Sequential's __init__ are not known")
        build.sequential_add(model, UNKNOWN, host.counters, line)


def super_attribute(receiver: Any, name: str) -> Any:
    """``super().name`` in a method of the subclass: Sequential's ``__init__`` is followed."""
    if not isinstance(receiver, SequentialSubclass):
        return NOT_HANDLED
    return BoundMethod(receiver, "super().__init__") if name == "__init__" else UNKNOWN


def call_method(host: KerasHost, receiver: Any, name: str, args: List[Any], kwargs: Dict[str, Any],
                complete: bool) -> Any:
    if not isinstance(receiver, SequentialSubclass):
        return NOT_HANDLED
    if name != "super().__init__":
        if not receiver.initialised:
            # Sequential.__init__ has not run yet: it resets the layers added before it.
            receiver.give_up(host.context.statement_line, host.context.statement_column,
                             f"{name}() is called before Sequential's __init__, which drops what it did")
        return NOT_HANDLED
    sequential_init(host, receiver, args, kwargs, complete)
    return None


def set_attribute(host: KerasHost, receiver: Any, name: str, value: Any) -> None:
    """``self.x = ...`` on the object: a layer or model held so is tracked by Keras (its weights
    count), though no row lists it."""
    if isinstance(receiver, SequentialSubclass) and _holds_layers(value):
        receiver.give_up(host.context.statement_line, host.context.statement_column,
                         f"{receiver.user_class_name} holds a layer in self.{name}, whose weights Keras counts: "
                         "lstm-lint does not follow them")


def _holds_layers(value: Any, depth: int = 0) -> bool:
    if isinstance(value, (Layer, Model)) or value is UNKNOWN:
        return True
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_holds_layers(item, depth + 1) for item in value)
    if depth < 3 and isinstance(value, dict):
        return any(_holds_layers(item, depth + 1) for item in value.values())
    return False
