"""What a piece of code could do, read from its syntax alone: the names it binds, the objects it
could change, the functions it calls, the flows that leave it. Used for code the evaluator does not
run (too deeply nested, a call it does not follow), whose effects must still be accounted for."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple, Union

import libcst as cst

from lstm_lint.python.builtins import MUTATOR_NAMES

_SCOPE_NODES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_LOOP_NODES = (cst.For, cst.While)
_EVERYTHING_CALLS = {"exec", "eval", "globals", "vars", "locals", "__import__"}


@dataclass
class EffectSummary:
    assigned: Set[str] = field(default_factory=set)  # names bound in this code's own scope
    receivers: Set[str] = field(default_factory=set)  # names whose objects it may change
    called: Set[str] = field(default_factory=set)  # names it calls (the file's functions: their effects)
    globals_written: Set[str] = field(default_factory=set)
    nonlocals_written: Set[str] = field(default_factory=set)
    # For a function: receivers that are neither its parameters nor its locals (module-level objects).
    free_receivers: Set[str] = field(default_factory=set)
    everything: bool = False  # exec/eval/globals(): any name may change
    pure: bool = True  # nothing it does is visible outside it (calls of the file's functions aside)
    exits: Set[str] = field(default_factory=set)  # "return", "break", "continue" leaving the code


def dotted_name(node: Union[cst.Attribute, cst.Name, cst.BaseExpression]) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return "?"


def leftmost_name(node: cst.BaseExpression) -> Optional[str]:
    while True:
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            return None


def target_names(node: cst.BaseExpression) -> List[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [name for element in node.elements for name in target_names(element.value)]
    if isinstance(node, cst.StarredElement):
        return target_names(node.value)
    return []


def _targets(node: cst.CSTNode) -> Iterable[cst.BaseExpression]:
    if isinstance(node, cst.AssignTarget):
        yield node.target
    elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        yield node.target
    elif isinstance(node, (cst.For, cst.NamedExpr)):
        yield node.target
    elif isinstance(node, cst.AsName):
        if isinstance(node.name, cst.BaseExpression):
            yield node.name
    elif isinstance(node, cst.Del):
        yield node.target


def _alias_binding(node: cst.CSTNode) -> Optional[Tuple[cst.BaseExpression, List[cst.BaseExpression]]]:
    """The expression whose value a binding gives its targets, and the targets (``g = STACK``)."""
    if isinstance(node, cst.Assign):
        return node.value, [target.target for target in node.targets]
    if isinstance(node, (cst.AnnAssign, cst.AugAssign)) and node.value is not None:
        return node.value, [node.target]
    if isinstance(node, cst.NamedExpr):
        return node.value, [node.target]
    if isinstance(node, cst.For):
        return node.iter, [node.target]
    if isinstance(node, cst.WithItem) and node.asname is not None and isinstance(node.asname.name, cst.BaseExpression):
        return node.item, [node.asname.name]
    return None


def assigned_names(statement: cst.CSTNode) -> List[str]:
    """Names the code binds in its own scope (not inside nested functions and classes)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return [statement.name.value]
    names: List[str] = []
    for child in walk(statement, into_scopes=False):
        for target in _targets(child):
            names.extend(target_names(target))
        if isinstance(child, (cst.FunctionDef, cst.ClassDef)) and child is not statement:
            names.append(child.name.value)
        elif isinstance(child, cst.ExceptHandler) and isinstance(child.name, cst.AsName) \
                and isinstance(child.name.name, cst.Name):
            names.append(child.name.name.value)
        elif isinstance(child, cst.ImportAlias):
            if child.asname is not None and isinstance(child.asname.name, cst.Name):
                names.append(child.asname.name.value)
            else:
                names.append(dotted_name(child.name).split(".")[0])
    return names


def names_assigned_more_than_once(statements: Iterable[cst.CSTNode]) -> Set[str]:
    """Names the statements may bind more than once (twice in a row, or in a loop): a path that
    stops part-way through them may leave such a name with a value the end does not show."""
    seen: Set[str] = set()
    again: Set[str] = set()
    for statement in statements:
        for child in walk(statement, into_scopes=False):
            if isinstance(child, (cst.For, cst.While)):
                again.update(assigned_names(child))
        for name in assigned_names(statement):
            (again if name in seen else seen).add(name)
    return again


def contains_yield(node: cst.CSTNode) -> bool:
    return any(isinstance(child, cst.Yield) for child in walk(node, into_scopes=False))


def effects_of(node: cst.CSTNode) -> EffectSummary:
    """What ``node`` (a statement, a block's statement, or a whole function) could do."""
    summary = EffectSummary()
    function = node if isinstance(node, (cst.FunctionDef, cst.Lambda)) else None
    is_function = function is not None
    body: cst.CSTNode = function.body if function is not None else node
    own_locals: Set[str] = set()
    params: Set[str] = set()
    if function is not None:
        node_params = function.params
        for param in list(node_params.posonly_params) + list(node_params.params) + list(node_params.kwonly_params):
            params.add(param.name.value)
        for star in (node_params.star_arg, node_params.star_kwarg):
            if isinstance(star, cst.Param):
                params.add(star.name.value)
    declared_global: Set[str] = set()
    declared_nonlocal: Set[str] = set()
    all_assigned: Set[str] = set()
    mutated_bases: Set[str] = set()
    # A local bound to a value read from other names (``g = STACK``, ``for row in rows``) may be
    # one of their objects, or hold one: what is done to it may be done to them.
    aliases: Dict[str, Set[str]] = {}
    for child in walk(body, into_scopes=True):
        binding = _alias_binding(child)
        if binding is not None:
            source, targets = binding
            read = {inner.value for inner in walk(source, into_scopes=False) if isinstance(inner, cst.Name)}
            for target in targets:
                for name in target_names(target):
                    aliases.setdefault(name, set()).update(read)
        if isinstance(child, cst.Global):
            declared_global.update(name.name.value for name in child.names)
        elif isinstance(child, cst.Nonlocal):
            declared_nonlocal.update(name.name.value for name in child.names)
        for target in _targets(child):
            all_assigned.update(target_names(target))
            for item in _target_parts(target):
                if isinstance(item, (cst.Attribute, cst.Subscript)):
                    base = leftmost_name(item)
                    if base is not None:
                        mutated_bases.add(base)
        if isinstance(child, cst.Call):
            func = child.func
            if isinstance(func, cst.Name):
                summary.called.add(func.value)
                if func.value in _EVERYTHING_CALLS:
                    summary.everything = True
            elif isinstance(func, cst.Attribute):
                base = leftmost_name(func.value)
                if base is not None:
                    summary.receivers.add(base)
                    if func.attr.value in MUTATOR_NAMES:
                        mutated_bases.add(base)
            for arg in child.args:
                inside = list(walk(arg.value, into_scopes=False))
                # ``f(super().call(x))``: an attribute's name (``call``) names no variable.
                attributes = {id(inner.attr) for inner in inside if isinstance(inner, cst.Attribute)}
                for inner in inside:
                    if isinstance(inner, cst.Name) and id(inner) not in attributes:
                        summary.receivers.add(inner.value)
    summary.receivers |= mutated_bases
    for _ in range(len(aliases)):  # through chains of aliases (``a = STACK; b = a``), to a fixed point
        grown = set().union(*(aliases.get(name, set()) for name in summary.receivers)) - summary.receivers
        grown_bases = set().union(*(aliases.get(name, set()) for name in mutated_bases)) - mutated_bases
        if not grown and not grown_bases:
            break
        summary.receivers |= grown | grown_bases
        mutated_bases |= grown_bases
    summary.assigned = set(assigned_names(body)) if not is_function else set()
    if is_function:
        own_locals = set(assigned_names(body)) - declared_global - declared_nonlocal
        summary.free_receivers = summary.receivers - own_locals - params
        outside_mutations = mutated_bases - own_locals
        summary.pure = not (declared_global & all_assigned) and not (declared_nonlocal & all_assigned) \
            and not outside_mutations and not summary.everything
    summary.globals_written = declared_global & all_assigned
    summary.nonlocals_written = declared_nonlocal & all_assigned
    summary.exits = _exits(body)
    return summary


def _target_parts(target: cst.BaseExpression) -> Iterable[cst.BaseExpression]:
    if isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_parts(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_parts(target.value)
    else:
        yield target


def _exits(node: cst.CSTNode) -> Set[str]:
    """Flows leaving ``node``: returns outside nested functions, breaks/continues outside nested loops."""
    exits: Set[str] = set()
    stack: List[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, in_loop = stack.pop()
        if isinstance(current, cst.Return):
            exits.add("return")
        elif isinstance(current, (cst.Break, cst.Continue)) and not in_loop:
            exits.add("break" if isinstance(current, cst.Break) else "continue")
        for child in child_nodes(current):
            if isinstance(child, _SCOPE_NODES):
                continue
            stack.append((child, in_loop or (isinstance(current, _LOOP_NODES) and child is not
                                             getattr(current, "orelse", None))))
    return exits


def walk(node: cst.CSTNode, into_scopes: bool = True) -> Iterable[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in child_nodes(current):
            if not into_scopes and isinstance(child, _SCOPE_NODES):
                if isinstance(child, (cst.FunctionDef, cst.ClassDef)):
                    # The definition itself runs here: its decorators, defaults and bases.
                    yield child
                    for decorator in child.decorators:
                        stack.append(decorator)
                continue
            stack.append(child)


def child_nodes(node: cst.CSTNode) -> List[cst.CSTNode]:
    """The node's children, read straight from its dataclass fields: libcst's ``children``
    property runs a visitor per call, which made walking large bodies a hot spot. libcst's node
    classes are ABCs, whose isinstance checks then dominated: kinds are cached per type."""
    children: List[cst.CSTNode] = []
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        value_type = type(value)
        if value_type is list or value_type is tuple:
            children.extend(item for item in value if _node_kind(type(item)) == _CODE)
        elif _node_kind(value_type) == _CODE:
            children.append(value)
    return children


# Formatting nodes never contain code.
_SKIPPED = (cst.BaseParenthesizableWhitespace, cst.Comment, cst.EmptyLine, cst.TrailingWhitespace,
            cst.Newline, cst.LeftParen, cst.RightParen, cst.Comma, cst.Dot, cst.Semicolon)
_NOT_A_NODE, _CODE, _FORMATTING = 0, 1, 2
_NODE_KINDS: Dict[type, int] = {}


def _node_kind(value_type: type) -> int:
    kind = _NODE_KINDS.get(value_type)
    if kind is None:
        if not issubclass(value_type, cst.CSTNode):
            kind = _NOT_A_NODE
        else:
            kind = _FORMATTING if issubclass(value_type, _SKIPPED) else _CODE
        _NODE_KINDS[value_type] = kind
    return kind


__all__ = ["EffectSummary", "assigned_names", "child_nodes", "contains_yield", "dotted_name", "effects_of",
           "leftmost_name", "names_assigned_more_than_once", "target_names", "walk"]
