"""Python's built-in functions and the methods of ``list``/``dict``/``str``/``tuple``, on values the
evaluator knows. A mutating method changes its receiver through the heap (journaled); anything whose
result cannot be known is ``UNKNOWN``, and a mutation whose result cannot be known makes the
receiver unknown as a whole (``HAVOC``)."""
from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, List, Optional

from lstm_lint.values import UNKNOWN, Unknown

MAX_ITEMS = 100_000
PURE_BUILTINS = {"range", "len", "int", "float", "tuple", "list", "min", "max", "sum", "abs", "round",
                 "bool", "str", "dict", "print", "isinstance", "enumerate", "zip", "reversed", "sorted",
                 "any", "all", "repr", "hasattr", "type", "id", "hash", "format", "divmod", "pow", "open",
                 "iter", "map", "filter", "set", "frozenset", "callable", "issubclass", "ord", "chr"}
# Built-ins whose effects reach state the evaluator cannot see statically.
EFFECT_BUILTINS = {"setattr", "delattr", "exec", "eval", "globals", "vars", "locals", "__import__", "getattr",
                   "exit", "quit", "compile", "input", "next", "super", "object", "staticmethod", "classmethod",
                   "property"}
BUILTIN_NAMES = PURE_BUILTINS | EFFECT_BUILTINS


class _Havoc:
    def __repr__(self) -> str:
        return "HAVOC"


# A mutation whose outcome is unknown: the receiver must become unknown everywhere.
HAVOC: Any = _Havoc()
PLAIN = (int, float, str, bool, type(None), tuple, list, range, dict)


class KnownSet:
    """A ``set`` or ``frozenset`` of known hashable items. Only what is the same in every run is
    read from it: its size and its sorted items, never its order (``str`` hashes differ between
    runs). Never changed in place: a method that would change it makes it unknown (``HAVOC``)."""

    __slots__ = ("items", "frozen")

    def __init__(self, items: FrozenSet[Any], frozen: bool) -> None:
        self.items = items
        self.frozen = frozen

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownSet) and (self.items, self.frozen) == (other.items, other.frozen)

    def __hash__(self) -> int:
        return hash((self.items, self.frozen))

    def __repr__(self) -> str:
        return f"KnownSet({sorted(map(repr, self.items))}, frozen={self.frozen})"


def known_set(items: Optional[List[Any]], frozen: bool) -> Any:
    """``set(items)`` / ``frozenset(items)`` / ``{a, b}``: a KnownSet when every item is a known
    hashable value (``True`` and ``1`` are one item, as in Python), else UNKNOWN."""
    if items is None or not all(_hashable_known(item) for item in items):
        return UNKNOWN
    return KnownSet(frozenset(items), frozen)


def is_known(value: Any, depth: int = 0) -> bool:
    """A plain value with nothing unknown inside (to depth 4)."""
    if isinstance(value, Unknown):
        return False
    if depth < 4 and isinstance(value, (list, tuple)):
        return all(is_known(item, depth + 1) for item in value)
    return True


def iteration_items(value: Any, limit: int) -> Optional[List[Any]]:
    """The items ``for x in value`` runs over, when they are known and at most ``limit``."""
    if isinstance(value, (list, tuple, str)):
        return list(value) if len(value) <= limit else None
    if isinstance(value, range):
        return list(value) if len(value) <= limit else None
    if isinstance(value, dict):
        return list(value) if len(value) <= limit else None
    return None


def call_builtin(name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """A pure built-in on known arguments; UNKNOWN otherwise."""
    if name == "print":
        return None
    if any(isinstance(arg, Unknown) for arg in args) or any(isinstance(v, Unknown) for v in kwargs.values()):
        return UNKNOWN
    plain = all(isinstance(arg, PLAIN) for arg in args)
    try:
        if name == "range" and not kwargs and all(isinstance(a, int) for a in args) and 1 <= len(args) <= 3:
            return range(*args)
        if name == "len" and len(args) == 1 and isinstance(args[0], (list, tuple, str, range, dict)):
            return len(args[0])
        if name == "len" and len(args) == 1 and isinstance(args[0], KnownSet):
            return len(args[0].items)
        if name in ("set", "frozenset") and not kwargs and len(args) <= 1:
            if not args:
                return KnownSet(frozenset(), name == "frozenset")
            if isinstance(args[0], KnownSet):
                return KnownSet(args[0].items, name == "frozenset")
            return known_set(iteration_items(args[0], MAX_ITEMS), name == "frozenset")
        if name == "sorted" and len(args) == 1 and isinstance(args[0], KnownSet) and set(kwargs) <= {"reverse"} \
                and isinstance(kwargs.get("reverse", False), bool) and (
                    all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in args[0].items)
                    or all(isinstance(item, str) for item in args[0].items)):
            # Sorted, the items of a set are in one order in every run (numbers, or strings).
            return sorted(args[0].items, reverse=kwargs.get("reverse", False))
        if name == "dict" and len(args) <= 1 and not any(key.startswith("**") for key in kwargs):
            # dict(), dict(activation="relu", ...), dict(mapping, **more): a new dict.
            if not args:
                return dict(kwargs)
            return {**args[0], **kwargs} if isinstance(args[0], dict) else UNKNOWN
        if kwargs:
            if name == "sorted" and len(args) == 1 and set(kwargs) <= {"reverse"} \
                    and isinstance(kwargs.get("reverse", False), bool):
                items = iteration_items(args[0], MAX_ITEMS)
                if items is not None and all(isinstance(item, (int, float, str)) for item in items):
                    return sorted(items, reverse=kwargs.get("reverse", False))
            return UNKNOWN
        if name in ("int", "float", "abs", "round", "bool", "str", "repr") and 1 <= len(args) <= 2 and plain \
                and all(is_known(arg) for arg in args):
            if name in ("str", "repr") and not isinstance(args[0], (int, float, str, bool, type(None))):
                return UNKNOWN
            converters: Dict[str, Callable[..., Any]] = {"int": int, "float": float, "abs": abs, "round": round,
                                                         "bool": bool, "str": str, "repr": repr}
            return converters[name](*args)
        if name in ("tuple", "list") and len(args) <= 1:
            if not args:
                return () if name == "tuple" else []
            items = iteration_items(args[0], MAX_ITEMS)
            return UNKNOWN if items is None else (tuple(items) if name == "tuple" else items)
        if name in ("min", "max", "sum") and args:
            values = iteration_items(args[0], MAX_ITEMS) if len(args) == 1 else list(args)
            if values is not None and values and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     for v in values):
                reducers: Dict[str, Callable[..., Any]] = {"min": min, "max": max, "sum": sum}
                return reducers[name](values)
            if name == "sum" and values == []:
                return 0
            return UNKNOWN
        if name in ("reversed", "enumerate", "sorted", "any", "all") and len(args) == 1:
            items = iteration_items(args[0], MAX_ITEMS)
            if items is None or not all(is_known(item) for item in items) and name in ("sorted", "any", "all"):
                return UNKNOWN
            if name == "reversed":
                return list(reversed(items))
            if name == "enumerate":
                return list(enumerate(items))
            if name == "sorted":
                if all(isinstance(item, (int, float, str)) for item in items):
                    return sorted(items)
                return UNKNOWN
            truths = [_truth(item) for item in items]
            if any(truth is None for truth in truths):
                return UNKNOWN
            return any(truths) if name == "any" else all(truths)
        if name == "zip" and args:
            columns = [iteration_items(a, MAX_ITEMS) for a in args]
            if any(column is None for column in columns):
                return UNKNOWN
            return [tuple(row) for row in zip(*[column for column in columns if column is not None])]
        if name == "divmod" and len(args) == 2 and all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return divmod(args[0], args[1])
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return UNKNOWN
    return UNKNOWN


def _truth(value: Any) -> Optional[bool]:
    if isinstance(value, PLAIN):
        return bool(value)
    return None


# ---- methods ----------------------------------------------------------------------------------

LIST_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"}
DICT_MUTATORS = {"update", "setdefault", "pop", "popitem", "clear"}
# Method names that change their receiver on the containers people use (for code we do not follow).
MUTATOR_NAMES = LIST_MUTATORS | DICT_MUTATORS | {"add", "discard", "shuffle", "__setitem__", "__delitem__",
                                                 "appendleft", "extendleft", "fill", "resize", "put"}


def list_method(receiver: List[Any], name: str, args: List[Any], kwargs: Dict[str, Any],
                touch: Callable[[], None]) -> Any:
    """A method of a list; HAVOC when it changes the list in a way we cannot know."""
    if name in LIST_MUTATORS:
        touch()
    if kwargs and name != "sort":
        return HAVOC if name in LIST_MUTATORS else UNKNOWN
    if name == "append" and len(args) == 1:
        receiver.append(args[0])
        return None
    if name == "extend" and len(args) == 1:
        items = iteration_items(args[0], MAX_ITEMS)
        if items is None:
            return HAVOC
        receiver.extend(items)
        return None
    if name == "insert" and len(args) == 2:
        index = args[0]
        if not isinstance(index, int) or isinstance(index, bool):
            return HAVOC
        receiver.insert(index, args[1])
        return None
    if name == "pop" and len(args) <= 1:
        index = args[0] if args else -1
        if not isinstance(index, int) or isinstance(index, bool) or not receiver \
                or not -len(receiver) <= index < len(receiver):
            return HAVOC
        return receiver.pop(index)
    if name == "remove" and len(args) == 1:
        position = _position(receiver, args[0])
        if position is None:
            return HAVOC
        del receiver[position]
        return None
    if name == "clear" and not args:
        receiver.clear()
        return None
    if name == "reverse" and not args:
        receiver.reverse()
        return None
    if name == "sort" and not args and set(kwargs) <= {"reverse"}:
        reverse = kwargs.get("reverse", False)
        if isinstance(reverse, bool) and (all(isinstance(item, (int, float)) and not isinstance(item, bool)
                                              for item in receiver) or all(isinstance(item, str) for item in receiver)):
            receiver.sort(reverse=reverse)
            return None
        return HAVOC
    if name in LIST_MUTATORS:
        return HAVOC
    if name == "copy" and not args:
        return list(receiver)
    if name == "index" and len(args) == 1:
        position = _position(receiver, args[0])
        return UNKNOWN if position is None else position
    if name == "count" and len(args) == 1 and is_known(args[0]) and isinstance(args[0], (int, float, str, bool)) \
            and all(is_known(item) for item in receiver):
        return sum(1 for item in receiver if type(item) is type(args[0]) and item == args[0])
    return UNKNOWN


def _position(receiver: List[Any], value: Any) -> Optional[int]:
    """Where ``value`` first is in the list, when that is certain (no unknown item before it)."""
    plain_value = isinstance(value, (int, float, str, bool, type(None), tuple))
    if plain_value and not is_known(value):
        return None
    for index, item in enumerate(receiver):
        if isinstance(item, Unknown) or (isinstance(item, tuple) and not is_known(item)):
            return None
        if plain_value:
            if isinstance(item, (int, float, str, bool, type(None), tuple)) and type(item) is type(value) \
                    and item == value:
                return index
        elif item is value:
            return index
    return None


def dict_method(receiver: Dict[Any, Any], name: str, args: List[Any], kwargs: Dict[str, Any],
                touch: Callable[[], None]) -> Any:
    if name in DICT_MUTATORS:
        touch()
    if name == "get" and 1 <= len(args) <= 2 and not kwargs:
        key = args[0]
        if not _hashable_known(key) or not _keys_known(receiver):
            return UNKNOWN
        return receiver.get(key, args[1] if len(args) == 2 else None)
    if name in ("keys", "values", "items") and not args and not kwargs:
        if name == "keys":
            return list(receiver.keys())
        if name == "values":
            return list(receiver.values())
        return [tuple(item) for item in receiver.items()]
    if name == "copy" and not args and not kwargs:
        return dict(receiver)
    if name == "update" and len(args) <= 1:
        if args and not isinstance(args[0], dict):
            return HAVOC
        receiver.update(args[0] if args else {})
        receiver.update(kwargs)
        return None
    if name == "setdefault" and 1 <= len(args) <= 2 and not kwargs and _hashable_known(args[0]):
        return receiver.setdefault(args[0], args[1] if len(args) == 2 else None)
    if name == "pop" and 1 <= len(args) <= 2 and not kwargs and _hashable_known(args[0]):
        if args[0] in receiver:
            return receiver.pop(args[0])
        return args[1] if len(args) == 2 else HAVOC
    if name == "clear" and not args and not kwargs:
        receiver.clear()
        return None
    if name in DICT_MUTATORS:
        return HAVOC
    return UNKNOWN


def _hashable_known(key: Any) -> bool:
    return isinstance(key, (int, float, str, bool, type(None))) or (
        isinstance(key, tuple) and all(_hashable_known(item) for item in key))


def _keys_known(receiver: Dict[Any, Any]) -> bool:
    return all(_hashable_known(key) for key in receiver)


_STR_METHODS = {"upper", "lower", "strip", "lstrip", "rstrip", "split", "join", "startswith", "endswith",
                "replace", "title", "capitalize", "format", "isdigit", "isalpha", "zfill", "rsplit", "count",
                "find", "casefold", "splitlines", "partition", "rpartition"}


def str_method(receiver: str, name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    if name not in _STR_METHODS or not all(is_known(arg) for arg in args) \
            or not all(is_known(value) for value in kwargs.values()):
        return UNKNOWN
    if name == "join":
        items = iteration_items(args[0], MAX_ITEMS) if len(args) == 1 else None
        if items is None or not all(isinstance(item, str) for item in items):
            return UNKNOWN
        return receiver.join(items)
    if name == "format" and not all(isinstance(arg, (int, float, str, bool, type(None)))
                                    for arg in list(args) + list(kwargs.values())):
        return UNKNOWN
    if not all(isinstance(arg, (int, str, tuple, type(None))) for arg in args) and name != "format":
        return UNKNOWN
    try:
        result = getattr(receiver, name)(*args, **kwargs)
    except (TypeError, ValueError, IndexError, KeyError):
        return UNKNOWN
    if isinstance(result, str) and len(result) > MAX_ITEMS:
        return UNKNOWN
    return list(result) if isinstance(result, list) else result


# The methods of a set that read it and give what is the same in every run.
_SET_READERS = {"issubset", "issuperset", "isdisjoint"}
# The methods that make a new set and leave theirs as it was.
_SET_MAKERS = {"copy", "union", "intersection", "difference", "symmetric_difference"}


def set_method(receiver: KnownSet, name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """A method of a known set: a test of it against another known set; a method that may change
    it, ``HAVOC``; anything else (a copy, a union: sets whose use we do not follow), UNKNOWN."""
    if name in _SET_READERS and len(args) == 1 and not kwargs and isinstance(args[0], KnownSet):
        return getattr(receiver.items, name)(args[0].items)
    if not receiver.frozen and name not in _SET_READERS | _SET_MAKERS:
        return HAVOC
    return UNKNOWN


def tuple_method(receiver: tuple, name: str, args: List[Any]) -> Any:  # type: ignore[type-arg]
    if name == "index" and len(args) == 1:
        position = _position(list(receiver), args[0])
        return UNKNOWN if position is None else position
    if name == "count" and len(args) == 1 and all(is_known(item) for item in receiver) and is_known(args[0]):
        return sum(1 for item in receiver if type(item) is type(args[0]) and item == args[0])
    return UNKNOWN


__all__ = ["BUILTIN_NAMES", "EFFECT_BUILTINS", "HAVOC", "MUTATOR_NAMES", "PURE_BUILTINS", "call_builtin",
           "dict_method", "is_known", "iteration_items", "list_method", "str_method", "tuple_method"]
