"""Undo, join and invalidate the evaluator's mutable state.

A block that may or may not run (a branch on an unknown condition, a loop of unknown length, a
handler) is run on the live objects; the ``Heap`` journals the first change of every object it
changes (its content before), so that the block can be undone and each alternative compared. The
state after the alternatives is their **join**: a name, element or attribute keeps its value only if
it is the same on every path, and a container whose shape differs between paths (a list of another
length, a dict with other keys) is *havocked*: every reference to it, anywhere, becomes ``UNKNOWN``.

Levels nest: each alternative opens one, and so does every function call and every loop (whose
``return``/``break``/``continue`` taken under an undecided condition leave a pending state, joined
where the flow arrives).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Sequence, Set, Tuple

from lstm_lint.python.objects import BoundMethod, FunctionChoice, Instance, PartialList, Scope, UserClass, UserFunction
from lstm_lint.python.builtins import KnownSet
from lstm_lint.values import UNKNOWN, Unknown

# (object, its content when the level opened, its content now)
Change = Tuple[Any, Any, Any]
Changes = Dict[int, Change]


class Havoc(Exception):
    """A container's content cannot be joined: it must become unknown as a whole."""


class _HavocContent:
    def __repr__(self) -> str:
        return "HAVOC_CONTENT"


# In a pending state: the object's content differs between the paths that state joins.
HAVOC_CONTENT: Any = _HavocContent()


def content_of(obj: Any) -> Any:
    if type(obj) is list:
        return list(obj)
    if type(obj) is dict:
        return dict(obj)
    if isinstance(obj, Scope):
        return dict(obj.vars)
    if isinstance(obj, (Instance, UserClass)):
        return dict(obj.attrs)
    raise TypeError(f"not a journaled object: {type(obj).__name__}")


def set_content(obj: Any, content: Any) -> None:
    if type(obj) is list:
        obj[:] = content
    elif type(obj) is dict:
        obj.clear()
        obj.update(content)
    elif isinstance(obj, Scope):
        obj.vars.clear()
        obj.vars.update(content)
    else:
        obj.attrs.clear()
        obj.attrs.update(content)


class Heap:
    def __init__(self, same: Callable[[Any, Any], bool], fallback_names: Iterable[str] = ()) -> None:
        # One dict per open level: id -> (object, content when first changed in that level).
        self.levels: List[Dict[int, Tuple[Any, Any]]] = []
        self.same = same
        # Names a scope without them still resolves (Python's built-ins).
        self.fallback_names = frozenset(fallback_names)
        # Every object ever havocked (kept alive, so that its id is never another object's).
        self.havocked: Dict[int, Any] = {}

    def is_havocked(self, obj: Any) -> bool:
        return id(obj) in self.havocked and self.havocked[id(obj)] is obj

    # ---- journal ----

    def touch(self, obj: Any) -> None:
        """Call before changing ``obj``: its content is journaled once per level."""
        if self.levels:
            level = self.levels[-1]
            if id(obj) not in level:
                level[id(obj)] = (obj, content_of(obj))

    def open(self) -> int:
        self.levels.append({})
        return len(self.levels) - 1

    def keep(self, index: int) -> None:
        """Close levels from ``index`` up, keeping their changes (journaled in the level below)."""
        while len(self.levels) > index:
            top = self.levels.pop()
            if self.levels:
                below = self.levels[-1]
                for key, entry in top.items():
                    below.setdefault(key, entry)

    def changes_since(self, index: int) -> Changes:
        changes: Changes = {}
        for level in self.levels[index:]:
            for key, (obj, original) in level.items():
                if key not in changes:
                    changes[key] = (obj, original, None)
        return {key: (obj, original, content_of(obj)) for key, (obj, original, _) in changes.items()}

    def restore(self, index: int) -> None:
        """Undo every change since level ``index`` opened, and close those levels."""
        while len(self.levels) > index:
            top = self.levels.pop()
            for obj, original in top.values():
                set_content(obj, original)

    # ---- joins ----

    def join_contents(self, obj: Any, contents: Sequence[Any], join_value: Callable[[List[Any]], Any]) -> Any:
        """The content of ``obj`` after paths that left it as ``contents``; raises Havoc when the
        paths disagree on its shape (list length, dict keys)."""
        if any(content is HAVOC_CONTENT for content in contents):
            raise Havoc()
        first = contents[0]
        if all(self.content_equal(first, other) for other in contents[1:]):
            return first
        if type(obj) is list:
            if any(len(content) != len(first) for content in contents):
                raise Havoc()
            return [join_value([content[index] for content in contents]) for index in range(len(first))]
        keys: List[Any] = []
        seen: Set[Any] = set()
        for content in contents:
            for key in content:
                if key not in seen:
                    seen.add(key)
                    keys.append(key)
        if type(obj) is dict and any(len(content) != len(keys) for content in contents):
            raise Havoc()  # the keys differ: its length and iteration are unknown
        joined: Dict[Any, Any] = {}
        for key in keys:
            if all(key in content for content in contents):
                joined[key] = join_value([content[key] for content in contents])
            elif isinstance(obj, Scope) and obj.kind in ("function", "module") and key not in self.fallback_names:
                # A name unbound on some paths: reading it there raises (NameError,
                # UnboundLocalError), so every read that gets past it sees one of the values it has
                # on the other paths.
                joined[key] = join_value([content[key] for content in contents if key in content])
            else:
                # An attribute missing on an object falls back to its class; a name missing in a
                # class body, or a built-in's name, to the scope around it.
                joined[key] = UNKNOWN
        return joined

    def content_equal(self, first: Any, second: Any) -> bool:
        if type(first) is list:
            return len(first) == len(second) and all(self.same(a, b) for a, b in zip(first, second))
        return len(first) == len(second) and all(
            key in second and self.same(value, second[key]) for key, value in first.items())

    def apply_join(self, per_object: Dict[int, Tuple[Any, List[Any]]],
                   join_value: Callable[[List[Any]], Any], roots: Callable[[], Iterable[Any]]) -> None:
        """Set each object to the join of its contents on every path; havoc what cannot be joined."""
        havocked: Dict[int, Any] = {}
        for key, (obj, contents) in per_object.items():
            try:
                joined = self.join_contents(obj, contents, join_value)
            except Havoc:
                havocked[key] = obj
                continue
            if not self.content_equal(joined, content_of(obj)):
                self.touch(obj)
                set_content(obj, joined)
        if havocked:
            self.scrub(havocked, roots())

    # ---- invalidation ----

    def scrub(self, havocked: Dict[int, Any], roots: Iterable[Any], replacement: Unknown = UNKNOWN) -> None:
        """Replace every reference to a havocked object, reachable from ``roots``, with UNKNOWN
        (``replacement``: an unknown that says why)."""
        self.havocked.update(havocked)
        scrubber = _Scrubber(self, havocked, replacement)
        for root in roots:
            scrubber.visit(root)


class _Scrubber:
    """One ``Heap.scrub``: an object, not a closure calling itself (that would be a reference
    cycle per scrub, holding what it visited until the cycle collector ran)."""

    def __init__(self, heap: Heap, havocked: Dict[int, Any], replacement: Unknown) -> None:
        self.heap = heap
        self.havocked = havocked
        self.replacement = replacement
        self.visited: Set[int] = set()

    def visit(self, value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN_SCALARS:  # never havocked (only containers are), and hold nothing
            return value
        key = id(value)
        if key in self.havocked:
            return self.replacement
        if kind is tuple:
            items = [self.visit(item) for item in value]
            return tuple(items) if any(a is not b for a, b in zip(items, value)) else value
        if isinstance(value, PartialList):
            head, tail = self.visit(value.head), self.visit(value.tail)
            return value if head is value.head and tail is value.tail else PartialList(head, tail)
        if kind in (list, dict) or isinstance(value, (Scope, Instance, UserClass, UserFunction,
                                                      BoundMethod, FunctionChoice)):
            if key in self.visited:
                return value
            self.visited.add(key)
        if kind is list:
            for index, item in enumerate(value):
                replaced = self.visit(item)
                if replaced is not item:
                    self.heap.touch(value)
                    value[index] = replaced
        elif kind is dict or isinstance(value, (Scope, Instance, UserClass)):
            mapping = value if kind is dict else (value.vars if isinstance(value, Scope) else value.attrs)
            for name, item in list(mapping.items()):
                replaced = self.visit(item)
                if replaced is not item:
                    self.heap.touch(value)
                    mapping[name] = replaced
            if isinstance(value, Scope) and value.parent is not None:
                self.visit(value.parent)
            if isinstance(value, Instance):
                self.visit(value.cls)
        elif isinstance(value, UserFunction):
            self.visit(value.scope)
            for name, default in list(value.defaults.items()):
                replaced = self.visit(default)
                if replaced is not default:
                    value.defaults[name] = replaced
        elif isinstance(value, BoundMethod):
            if isinstance(self.visit(value.receiver), Unknown) and not isinstance(value.receiver, Unknown):
                return self.replacement
        elif isinstance(value, FunctionChoice):
            for function in value.functions:
                self.visit(function)
        return value


_PLAIN_SCALARS = frozenset((int, float, str, bool, type(None)))


def reachable_mutables(values: Iterable[Any], limit: int = 10_000) -> Tuple[Dict[int, Any], List[Any]]:
    """The lists, dicts and instances reachable from ``values`` (what a call we do not follow could
    change through its arguments), and the user functions among them (whose effects it could run)."""
    found: Dict[int, Any] = {}
    functions: List[Any] = []
    stack = list(values)
    while stack and len(found) < limit:
        value = stack.pop()
        kind = type(value)
        if kind in _PLAIN_SCALARS:  # most of what data holds: nothing to change through them
            continue
        if kind is tuple:
            stack.extend(value)
        elif kind is list or kind is dict or isinstance(value, Instance):
            if id(value) in found:
                continue
            found[id(value)] = value
            if kind is list:
                stack.extend(value)
            elif kind is dict:
                stack.extend(value.values())
            else:
                stack.extend(value.attrs.values())
                functions.append(value)
        elif isinstance(value, KnownSet):
            if not value.frozen:  # a set, which the call may change in place
                found[id(value)] = value
        elif isinstance(value, (UserFunction, FunctionChoice, UserClass)):
            functions.append(value)
        elif isinstance(value, BoundMethod):
            stack.append(value.receiver)
            if value.function is not None:
                functions.append(value.function)
    return found, functions


def accumulate(heap: Heap, first: Changes, second: Changes, join_value: Callable[[List[Any]], Any]) -> Changes:
    """One pending state for two paths that arrive at the same place (both relative to one level):
    a target keeps one state however many paths reach it."""
    result: Changes = {}
    for key in first.keys() | second.keys():
        obj, original, _ = first[key] if key in first else second[key]
        one = first[key][2] if key in first else original
        other = second[key][2] if key in second else original
        try:
            joined = heap.join_contents(obj, [one, other], join_value)
        except Havoc:
            joined = HAVOC_CONTENT
        result[key] = (obj, original, joined)
    return result


def pending_join(heap: Heap, index: int, snapshots: Sequence[Changes], current_alive: bool,
                 join_value: Callable[[List[Any]], Any], roots: Callable[[], Iterable[Any]]) -> None:
    """Join, at the point where flows meet (after a loop, at a function's end), the states of the
    paths that arrived early (``snapshots``: changes since level ``index``) with the current one."""
    current = heap.changes_since(index)
    originals: Dict[int, Tuple[Any, Any]] = {key: (obj, original) for key, (obj, original, _) in current.items()}
    for snapshot in snapshots:
        for key, (obj, original, _) in snapshot.items():
            originals.setdefault(key, (obj, original))
    per_object: Dict[int, Tuple[Any, List[Any]]] = {}
    for key, (obj, original) in originals.items():
        contents = [snapshot[key][2] if key in snapshot else original for snapshot in snapshots]
        if current_alive:
            contents.append(current[key][2] if key in current else original)
        if contents:
            per_object[key] = (obj, contents)
    if not current_alive:
        # Nothing falls through: start from the state when the level opened, then join the arrivals.
        for key, (obj, original) in originals.items():
            if key in current:
                set_content(obj, original)
    heap.apply_join(per_object, join_value, roots)


__all__ = ["Change", "Changes", "HAVOC_CONTENT", "Havoc", "Heap", "accumulate", "content_of", "pending_join",
           "reachable_mutables", "set_content"]
