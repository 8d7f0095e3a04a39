"""What the evaluator asks of the library binding it runs with (the Keras binding implements it).

The evaluator owns Python: scopes, statements, control flow, joins, plain values and the effects of
the file's own functions. Whatever an import brings in is the host's: the evaluator hands it every
import, every attribute, call, operator and subscript on a value it does not own, and asks it to
checkpoint and join its own state around blocks that may or may not run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence

import libcst as cst


class _NotHandled:
    def __repr__(self) -> str:
        return "NOT_HANDLED"


# A host method's answer for "not mine": the evaluator decides (usually UNKNOWN).
NOT_HANDLED: Any = _NotHandled()


@dataclass
class InternalError:
    """A bug of lstm-lint met while evaluating a statement: reported, never raised to the user."""

    line: int
    message: str


class Host:
    """The default host knows no library: every import is unknown, nothing is handled."""

    def owns(self, value: Any) -> bool:
        """Whether ``value`` is one of the host's (an imported module, a layer, a tensor, ...)."""
        return False

    def inert(self, value: Any) -> bool:
        """Whether code may use the host's ``value`` without building or changing anything the host
        reports on (a module outside the library it models, say): code that touches only such
        values may be skipped (see relevance.py)."""
        return False

    def modelled_import(self, module: str, name: Optional[str]) -> bool:
        """Whether ``from module import name`` (``import module`` when ``name`` is None) may bind a
        value of the host's that is not inert."""
        return False

    # ---- names ----

    def import_module(self, dotted: str, site: Optional[cst.CSTNode] = None) -> Any:
        """The value ``import dotted as name`` binds (``site``: the statement)."""
        return NOT_HANDLED

    def import_top(self, top: str) -> Any:
        """The value ``import a.b.c`` binds to ``a``."""
        return NOT_HANDLED

    def import_from(self, module: str, name: str, site: Optional[cst.CSTNode] = None) -> Any:
        """The value ``from module import name`` binds (``site``: the statement)."""
        return NOT_HANDLED

    def import_raises(self, module: str) -> bool:
        """Whether importing ``module`` raises ``ImportError`` in every run (a module the target
        library does not have): then a ``try`` whose body starts with that import runs its handler."""
        return False

    def star_import(self, module: str) -> Optional[Callable[[str], Any]]:
        """A lookup for the names ``from module import *`` brings in, or None."""
        return None

    # ---- operations on host values ----

    def attribute(self, receiver: Any, name: str, site: cst.CSTNode) -> Any:
        return NOT_HANDLED

    def set_attribute(self, receiver: Any, name: str, value: Any, certain: bool) -> bool:
        """``receiver.name = value``; True when handled. ``certain``: no undecided block encloses it."""
        return False

    def delete_attribute(self, receiver: Any, name: str) -> None:
        """``del receiver.name``."""

    def call(self, function: Any, args: List[Any], kwargs: Dict[str, Any], complete: bool,
             site: cst.Call) -> Any:
        return NOT_HANDLED

    def call_method(self, receiver: Any, name: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    site: cst.Call) -> Any:
        """``receiver.name(...)`` on a host value."""
        return NOT_HANDLED

    def call_with_host_arguments(self, function: Any, args: List[Any], kwargs: Dict[str, Any],
                                 site: cst.Call) -> Any:
        """A call of something that is not the host's (an unknown function) with host values
        among its arguments (a tensor passed to a function we cannot see)."""
        return NOT_HANDLED

    def binary(self, operator: cst.BaseBinaryOp, left: Any, right: Any, site: cst.CSTNode) -> Any:
        return NOT_HANDLED

    def unary(self, operator: cst.BaseUnaryOp, operand: Any, site: cst.CSTNode) -> Any:
        return NOT_HANDLED

    def subscript(self, container: Any, indices: List[Any], site: cst.CSTNode) -> Any:
        return NOT_HANDLED

    def same(self, first: Any, second: Any) -> Optional[bool]:
        """Whether two host values are the same value in every run (None: not the host's)."""
        return None

    def join_values(self, candidates: Sequence[Any], site: cst.CSTNode, token: Any) -> Any:
        """One value standing for "one of these" after an undecided block (tensors, modules)."""
        return NOT_HANDLED

    def compare(self, operator: cst.BaseCompOp, left: Any, right: Any) -> Any:
        return NOT_HANDLED

    def isinstance_of(self, value: Any, classinfo: Any) -> Any:
        return NOT_HANDLED

    def length(self, value: Any) -> Any:
        """``len(value)`` of a host value (the rows of an array), when known."""
        return NOT_HANDLED

    def assign_to_each(self, container: Any, collection: str, name: str, value: Any, certain: bool,
                       site: cst.For) -> bool:
        """``for x in container.<collection>: x.<name> = value`` over a host value's items that the
        host does not list (the layers of a model it knows only as a whole): True when it applied
        the assignment to every item (the loop is then done; its variable is read nowhere after).
        ``certain``: the loop runs in every run that gets here."""
        return False

    def iteration_items(self, value: Any) -> Optional[List[Any]]:
        """The items of ``for x in value`` over a host value, when known."""
        return None

    def unpack(self, value: Any, count: int) -> Optional[List[Any]]:
        """``a, b = value`` of a host value (a layer's several outputs), when known."""
        return None

    def peek_attribute(self, receiver: Any, name: str) -> Any:
        """``receiver.name`` without effects (for code not run)."""
        return NOT_HANDLED

    def instantiate(self, cls: Any, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                    site: cst.Call) -> Any:
        """An object of a class of the file built on host classes (``bases``: all of its bases, the
        bases' bases included): a Keras layer or model subclass. Its methods are not run."""
        return NOT_HANDLED

    def instantiate_followed(self, cls: Any, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                             complete: bool, site: cst.Call) -> Any:
        """An object of a class of the file built on host classes whose methods the host runs
        itself (through the evaluator), or NOT_HANDLED to leave it to ``instantiate``."""
        return NOT_HANDLED

    def class_of(self, value: Any) -> Any:
        """The class of the file a host value is an object of (a layer of the program's own
        class), for ``super()``'s method resolution order; NOT_HANDLED when none."""
        return NOT_HANDLED

    def super_attribute(self, receiver: Any, cls: Any, name: str) -> Any:
        """``super().name`` in a method of ``cls`` when no class of the file after ``cls`` has it:
        the attribute of the host's base class, or NOT_HANDLED."""
        return NOT_HANDLED

    def library_super(self, start: Any, receiver: Any, site: cst.CSTNode) -> Any:
        """``super(start, receiver)`` where ``start`` is a host class (not one of the file's):
        the proxy the host gives, or NOT_HANDLED (then the call is not followed)."""
        return NOT_HANDLED

    def never_instantiated(self, cls: Any, bases: List[Any]) -> None:
        """A class of the file built on host classes that the file never instantiates (it may be
        imported and used elsewhere)."""

    def is_functools_partial(self, function: Any) -> bool:
        """Whether the host's value is ``functools.partial`` (which the evaluator models)."""
        return False

    def may_mutate_arguments(self, function: Any) -> bool:
        """Whether the host's callable may change the Python containers passed to it."""
        return True

    def backend_callbacks(self, function: Any, args: List[Any], kwargs: Dict[str, Any]) -> List[Any]:
        """The functions among the arguments of the host's callable that the library only ever
        runs on its own values, never on the program's (see ``on_library_values``)."""
        return []

    def on_library_values(self, running: bool) -> None:
        """The effects the evaluator applies from now on (until called again with False) are those
        of code run on the library's own values: calls the host tracks only on the program's own
        values (a model library's ops on symbolic tensors, naming each op) do not happen."""

    def transparent_decorator(self, decorator: Any) -> bool:
        """A decorator known to return the function (or class) it decorates, unchanged to us."""
        return False

    def is_dataclass_decorator(self, decorator: Any) -> bool:
        return False

    def is_dataclass_field(self, function: Any) -> bool:
        """Whether ``function`` is ``dataclasses.field``."""
        return False

    # ---- code nothing in the file runs (python/uncalled.py) ----

    def models_checkpoint(self) -> Any:
        """A mark in the host's models: those made after it are made by code nothing runs."""
        return None

    def unreport_models_since(self, token: Any) -> None:
        """The models made since ``token`` are no models of the program's: not to be reported."""

    def unknown_names(self) -> None:
        """What runs next runs at no known point of the program: names it gives are unknown."""

    def checks_from_depth(self, depth: int) -> None:
        """Code run under ``depth`` undecided blocks (and no more) runs whenever the code that
        holds it does: what it makes is checked as made for certain (0: as usual)."""

    # ---- the host's own state around undecided blocks ----

    def checkpoint(self) -> Any:
        return None

    def restore(self, token: Any) -> Any:
        """Undo what can be undone since ``token`` (one alternative is over); its outcome, for ``join``."""
        return None

    def join(self, token: Any, outcomes: Sequence[Any], include_skip: bool) -> None:
        """After an undecided block whose alternatives ended with ``outcomes`` (``include_skip``: or
        none of them ran). Closes ``token``."""

    def keep(self, token: Any) -> None:
        """Close ``token``: what happened since is certain."""

    def discard(self, token: Any) -> None:
        """Forget what was created since ``token`` (a loop pass whose state was not yet final); closes it."""

    def lost_track(self) -> None:
        """A statement failed part-way: the host's own state may not be what the program's is."""

    # ---- code the evaluator does not follow, and the file's functions ----

    def unevaluated(self, node: cst.CSTNode, lookup: Callable[[cst.BaseExpression], Any]) -> None:
        """``node`` may run any number of times, or not at all, in ways we do not follow."""

    def holds_host_values(self, value: Any) -> bool:
        return False

    def returned(self, function: Any, value: Any) -> None:
        """The file's function returned ``value`` (a builder returning a model, ...)."""

    def bound(self, name: str, value: Any) -> None:
        """``name = value`` was executed."""

    def exits_run(self, function: Any) -> bool:
        """Whether calling ``function`` ends the run (``sys.exit``)."""
        return False

    def raising(self) -> bool:
        """Whether the statement just run raised, in every run that got to it, by what a call of
        the host's found (a library's constructor refusing an argument it was given): that path
        ends there, and so does each statement of the file's functions it was called from, until
        the host stops raising (when the construction that raised is over)."""
        return False

    def caught(self) -> None:
        """An exception handler of the file's runs: what the host was raising, if anything, is caught."""


__all__ = ["Host", "InternalError", "NOT_HANDLED"]
