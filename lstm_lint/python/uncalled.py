"""Methods of the file's plain classes that nothing in the file calls (a trainer's
``build_model``): run once, after everything else, on arguments that are all unknown, so that
what they get wrong whatever the arguments is found, as it is in a function nobody calls.

``self`` is an object of the class whose attributes are unknown but for those the class's own
``__init__`` sets to a constant in its body's top level, when no other code in the file assigns an
attribute of that name (on any object) and no class of the file derives from the class: only
those hold whenever the method runs. The models these runs build are no models of the program's
(the host is told, and does not report them); the layers they make take names no one can know.
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Dict, List

import libcst as cst

from lstm_lint.python.objects import MISSING, Instance, UserClass, UserFunction, class_attribute
from lstm_lint.values import UNKNOWN

if TYPE_CHECKING:
    from lstm_lint.python.evaluator import Evaluator

# Names whose use lets code set attributes that no assignment in the file shows.
_DYNAMIC_ATTRIBUTES = ("setattr", "__dict__", "vars", "__setattr__")


def check_uncalled_methods(evaluator: Evaluator, classes: List[UserClass]) -> None:
    """Run every method of ``classes`` (module-level plain classes, in definition order) that
    was never called, unless it reaches nothing of the host's (it can then find nothing)."""
    if not classes:
        return
    tree = evaluator.tree if evaluator.tree is not None else ast.parse(evaluator.module_node.code)
    assigned = _assigned_attributes(tree)
    dynamic = _dynamic_attributes(tree)
    derived = {id(base) for cls in classes for base in cls.bases}
    host = evaluator.host
    token = host.models_checkpoint()
    # Each method runs as an alternative to not running (one undecided block): what it makes
    # itself is made whenever it runs.
    host.checks_from_depth(evaluator.speculative_depth + evaluator.partial_depth + 1)
    try:
        for cls in classes:
            for function in _methods(cls):
                if function.called or evaluator.inert_reach([function]) is not None:
                    continue
                receiver = _receiver(evaluator, function, cls, assigned, dynamic or id(cls) in derived)
                host.unknown_names()
                _run_or_not(evaluator, function, receiver)
    finally:
        host.checks_from_depth(0)
        host.unreport_models_since(token)


def _run_or_not(evaluator: Evaluator, function: UserFunction, receiver: List[Any]) -> None:
    """The method run as an alternative to not running (as code behind a decorator lstm-lint does
    not know is): what it changes in objects made before, a model among them, is then changed in
    some runs only, never for certain."""
    def run() -> None:
        evaluator.invoke(function, receiver, {}, unknown_extras=True)
        return None
    evaluator.run_alternatives([run], evaluator.host.checkpoint(), function.node, include_skip=True)


def _methods(cls: UserClass) -> List[UserFunction]:
    return [value for value in cls.attrs.values() if isinstance(value, UserFunction)
            and isinstance(value.node, cst.FunctionDef)]


def _receiver(evaluator: Evaluator, function: UserFunction, cls: UserClass, assigned: Dict[str, int],
              unknown_attributes: bool) -> List[Any]:
    """The arguments before the unknown ones: ``self`` for a method, none for a staticmethod.
    A classmethod's ``cls`` is unknown: it may be a subclass, and its attributes may be changed by
    code that runs before the call."""
    if function.kind == "staticmethod":
        return []
    if function.kind == "classmethod":
        return [UNKNOWN]
    instance = Instance(cls)
    for name in assigned:
        instance.attrs[name] = UNKNOWN  # set somewhere: perhaps on this object, perhaps not yet
    if not unknown_attributes:
        instance.attrs.update(_constant_attributes(evaluator, cls, assigned))
    return [instance]


def _constant_attributes(evaluator: Evaluator, cls: UserClass, assigned: Dict[str, int]) -> Dict[str, Any]:
    """``self.name = <constant>`` at the top level of the class's ``__init__``, for the names no
    other assignment in the file sets."""
    init = class_attribute(cls, "__init__")
    if not isinstance(init, UserFunction) or init.kind != "function" or not isinstance(init.node, cst.FunctionDef):
        return {}
    params = list(init.node.params.posonly_params) + list(init.node.params.params)
    if not params or not isinstance(init.node.body, cst.IndentedBlock):
        return {}
    receiver = params[0].name.value
    found: Dict[str, Any] = {}
    for statement in init.node.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                continue
            target = small.targets[0].target
            if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                    and target.value.value == receiver) or assigned.get(target.attr.value) != 1:
                continue
            value = _constant(evaluator.module_node.code_for_node(small.value))
            if value is not MISSING:
                found[target.attr.value] = value
    return found


def _constant(code: str) -> Any:
    """A literal number, string, bool, None, or a tuple of these; MISSING for anything else."""
    try:
        value = ast.literal_eval(code.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return MISSING
    return value if _immutable(value) else MISSING


def _immutable(value: Any, depth: int = 0) -> bool:
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return True
    return isinstance(value, tuple) and depth < 4 and all(_immutable(item, depth + 1) for item in value)


def _assigned_attributes(tree: ast.Module) -> Dict[str, int]:
    """How many places of the file assign (or delete, or augment) an attribute of each name, on
    any object."""
    counts: Dict[str, int] = {}
    for node in ast.walk(tree):
        targets: List[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension,
                               ast.NamedExpr)):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        # A loop, not a nested function calling itself: that closure would be a reference cycle
        # per call, holding the file's tree until the cycle collector ran.
        while targets:
            target = targets.pop()
            if isinstance(target, ast.Attribute):
                counts[target.attr] = counts.get(target.attr, 0) + 1
            elif isinstance(target, (ast.Tuple, ast.List)):
                targets.extend(target.elts)
            elif isinstance(target, ast.Starred):
                targets.append(target.value)
    return counts


def _dynamic_attributes(tree: ast.Module) -> bool:
    """Whether the file may set attributes no assignment shows (``setattr``, ``__dict__``)."""
    return any((isinstance(node, ast.Name) and node.id in _DYNAMIC_ATTRIBUTES)
               or (isinstance(node, ast.Attribute) and node.attr in _DYNAMIC_ATTRIBUTES) for node in ast.walk(tree))


__all__ = ["check_uncalled_methods"]
