"""The values the evaluator itself creates, and the flows that end a block early.

Plain Python data (``int``, ``str``, ``tuple``, ``list``, ``dict``, ``range``, ``None``) stands for
itself. Lists, dicts, instances and scopes are *mutable*: every change to one goes through
``heap.Heap`` so that a block that may or may not run can be undone and joined.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import libcst as cst

from lstm_lint.values import UNKNOWN


class Scope:
    """One namespace: a module, a function call's locals, a class body, a comprehension."""

    __slots__ = ("vars", "parent", "module", "globals_declared", "nonlocals_declared", "star_imports", "kind")

    def __init__(self, parent: Optional[Scope], module: Optional[Scope] = None, kind: str = "function") -> None:
        self.vars: Dict[str, Any] = {}
        self.parent = parent
        self.module: Scope = module if module is not None else self
        self.globals_declared: set[str] = set()
        self.nonlocals_declared: set[str] = set()
        # Lookup functions for ``from X import *`` of library modules the host knows.
        self.star_imports: List[Any] = []
        self.kind = kind

    def owner_of(self, name: str) -> Scope:
        """The scope an assignment to ``name`` here writes to (``global`` / ``nonlocal`` followed)."""
        if name in self.globals_declared:
            return self.module
        if name in self.nonlocals_declared:
            scope = self.parent
            while scope is not None and scope is not self.module:
                if name in scope.vars and scope.kind == "function":
                    return scope
                scope = scope.parent
        return self


@dataclass(eq=False)
class UserFunction:
    node: Union[cst.FunctionDef, cst.Lambda]
    scope: Scope
    defaults: Dict[str, Any]
    name: str
    called: bool = False
    decorators: Tuple[Any, ...] = ()
    kind: str = "function"  # "function", "staticmethod", "classmethod"


class DeferredFunction(UserFunction):
    """A top-level function of the file whose code libcst parses only when something needs it (a
    call, its effects): ``parse`` gives its ``FunctionDef``. ``ast_node``: Python's tree of it, which
    says what it mentions without parsing it (see python/relevance.py, source/lazy.py)."""

    def __init__(self, parse: Callable[[], cst.FunctionDef], scope: Scope, defaults: Dict[str, Any], name: str,
                 ast_node: Any) -> None:
        self._parse = parse
        self._node: Optional[cst.FunctionDef] = None
        self.ast_node = ast_node
        super().__init__(None, scope, defaults, name)  # type: ignore[arg-type]

    @property
    def node(self) -> cst.FunctionDef:
        if self._node is None:
            self._node = self._parse()
        return self._node

    @node.setter
    def node(self, value: Union[cst.FunctionDef, cst.Lambda, None]) -> None:
        if isinstance(value, cst.FunctionDef):
            self._node = value


@dataclass(eq=False)
class UserClass:
    node: cst.ClassDef
    name: str
    bases: List[Any]
    attrs: Dict[str, Any] = field(default_factory=dict)
    # False once anything about it is beyond the evaluator (an unknown base, a metaclass, ...).
    understood: bool = True
    # Its class statement has a metaclass keyword or a decorator that may replace the class: not
    # even a library base makes it the class it says.
    altered: bool = False
    dataclass_fields: Optional[List[Tuple[str, Any]]] = None  # (name, default or MISSING)


@dataclass(eq=False)
class Instance:
    """An object of a class defined in the file (``cfg = Config()``)."""

    cls: UserClass
    attrs: Dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class BoundMethod:
    """``receiver.name`` not called yet: a method of a value the evaluator or the host owns."""

    receiver: Any
    name: str
    function: Optional[UserFunction] = None  # a method defined in the file


@dataclass(eq=False)
class SuperProxy:
    """``super()`` in a method of ``cls`` run on ``receiver``: attributes are looked up in the
    classes after ``cls``."""

    cls: UserClass
    receiver: Any


@dataclass(frozen=True)
class Builtin:
    name: str


@dataclass(eq=False)
class FunctionChoice:
    """One of several functions of the file, depending on the run: calling it applies the effects
    of any of them, and its result is unknown."""

    functions: Tuple[Any, ...]


@dataclass(frozen=True)
class PartialCall:
    """``functools.partial(function, *args, **kwargs)``: calling it calls ``function`` with these
    arguments first and the call's own after them (a keyword given at the call wins). Made only for
    a host callable and arguments that hold no mutable Python value, so that nothing it holds can
    change behind it."""

    function: Any
    args: Tuple[Any, ...]
    kwargs: Tuple[Tuple[str, Any], ...]


@dataclass(frozen=True)
class PartialList:
    """A list whose first and last items are known, with an unknown run of items (perhaps none)
    between them: ``[keras.Input(...)] + blocks + [Dense(n)]`` with ``blocks`` unknown. It is
    immutable (concatenation makes new lists); anything but concatenation makes it unknown."""

    head: Tuple[Any, ...]
    tail: Tuple[Any, ...]


def concatenate(left: Any, right: Any) -> Any:
    """``left + right`` where at least one side is a list (or a partial one) and the other a list, a
    partial list or unknown (which, for the program to run, is then a list too)."""
    def parts(value: Any) -> Tuple[Tuple[Any, ...], bool, Tuple[Any, ...]]:
        if type(value) is list:
            return tuple(value), False, ()
        if isinstance(value, PartialList):
            return value.head, True, value.tail
        return (), True, ()
    left_head, left_gap, left_tail = parts(left)
    right_head, right_gap, right_tail = parts(right)
    if not left_gap and not right_gap:
        return list(left_head + right_head)
    if left_gap and right_gap:
        return PartialList(left_head, right_tail)
    if left_gap:
        return PartialList(left_head, left_tail + right_head)
    return PartialList(left_head + right_head, right_tail)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


@dataclass(frozen=True)
class FieldDefault:
    """``dataclasses.field(default=..., default_factory=...)`` in a dataclass's body: the field's
    default, or the callable ``__init__`` calls for a new one each time (MISSING: neither)."""

    default: Any = MISSING
    factory: Any = MISSING


# ---- flows ----------------------------------------------------------------------------------------


@dataclass
class Return:
    value: Any


class _Flow:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BREAK = _Flow("BREAK")
CONTINUE = _Flow("CONTINUE")
# The run stops here (``raise``, ``sys.exit()``): no later code sees this path.
RAISE = _Flow("RAISE")
# Every path through the block left it early (through ``return``/``break``/``continue`` under
# conditions we could not decide): the states are kept as pending exits, nothing falls through.
DEAD = _Flow("DEAD")
Flow = Union[None, Return, _Flow]


__all__ = ["BREAK", "CONTINUE", "DEAD", "RAISE", "UNKNOWN", "Builtin", "BoundMethod", "DeferredFunction", "Flow",
           "FunctionChoice", "FieldDefault",
           "Instance", "MISSING", "PartialList", "Return", "Scope", "SuperProxy", "UserClass", "UserFunction",
           "concatenate"]


def class_attribute(cls: UserClass, name: str, depth: int = 0) -> Any:
    """Python's attribute lookup through a class of the file and its bases of the file
    (depth-first, as the MRO is for single inheritance); MISSING when none defines it (a base
    from a library may)."""
    if name in cls.attrs:
        return cls.attrs[name]
    if depth < 20:
        for base in cls.bases:
            if isinstance(base, UserClass):
                found = class_attribute(base, name, depth + 1)
                if found is not MISSING:
                    return found
    return MISSING
