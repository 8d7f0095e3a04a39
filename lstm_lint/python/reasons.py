"""Why a value the evaluator gives is unknown: the causes it attaches where unknowns arise.

Kept out of ``evaluator.py`` so that the evaluator only says *where* (one call at each place an
unknown arises) and this module says *what*: the short text of an expression and the message. The
texts are built from the expression's names only (never from ``code_for_node``), and only when a
value is unknown, so evaluating known code costs nothing more.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from lstm_lint.values import PASSED_ON, RUN_TIME, Cause, Unknown

# How deep ``short_text`` looks into an expression: ``a.b.c(...)[...]`` is enough to recognise it.
_MAX_TEXT_DEPTH = 6


def short_text(node: cst.CSTNode, depth: int = 0) -> str:
    """``pd.read_csv(...)``, ``X_train.shape[...]``, ``len(...)``: an expression as its names."""
    if depth > _MAX_TEXT_DEPTH:
        return "..."
    kind = type(node)
    if kind is cst.Name:
        return node.value  # type: ignore[attr-defined, no-any-return]
    if kind is cst.Attribute:
        return f"{short_text(node.value, depth + 1)}.{node.attr.value}"  # type: ignore[attr-defined]
    if kind is cst.Call:
        return f"{short_text(node.func, depth + 1)}(...)"  # type: ignore[attr-defined]
    if kind is cst.Subscript:
        return f"{short_text(node.value, depth + 1)}[...]"  # type: ignore[attr-defined]
    return "this expression"


def expression_text(node: cst.CSTNode, depth: int = 0) -> Optional[str]:
    """The whole text of a short run-time expression that can name a value in a formula
    (``X_train.shape[1]``, ``len(class_names)``, ``cfg["units"]``), or None for anything else."""
    if depth > _MAX_TEXT_DEPTH:
        return None
    kind = type(node)
    if kind is cst.Name:
        return node.value  # type: ignore[attr-defined, no-any-return]
    if kind is cst.Attribute:
        inner = expression_text(node.value, depth + 1)  # type: ignore[attr-defined]
        return None if inner is None else f"{inner}.{node.attr.value}"  # type: ignore[attr-defined]
    if kind is cst.Subscript:
        inner = expression_text(node.value, depth + 1)  # type: ignore[attr-defined]
        elements = node.slice  # type: ignore[attr-defined]
        if inner is None or len(elements) != 1 or not isinstance(elements[0].slice, cst.Index):
            return None
        index = elements[0].slice.value
        if isinstance(index, (cst.Integer, cst.SimpleString)):
            return f"{inner}[{index.value}]"
        if isinstance(index, cst.UnaryOperation) and isinstance(index.operator, cst.Minus) \
                and isinstance(index.expression, cst.Integer):
            return f"{inner}[-{index.expression.value}]"
        return None
    if kind is cst.Call:
        function = node.func  # type: ignore[attr-defined]
        arguments = node.args  # type: ignore[attr-defined]
        if isinstance(function, cst.Name) and function.value == "len" and len(arguments) == 1 \
                and arguments[0].keyword is None and not arguments[0].star:
            inner = expression_text(arguments[0].value, depth + 1)
            return None if inner is None else f"len({inner})"
    return None


def first_cause(*values: Any) -> Optional[Cause]:
    """The cause of the first of ``values`` that is an unknown with one (first cause wins)."""
    for value in values:
        if isinstance(value, Unknown) and value.cause is not None:
            return value.cause
    return None


def undefined_name(line: int, column: int, name: str, bound: bool) -> Unknown:
    if bound:
        return Unknown(Cause(line, column, "`{}` has no value known before run time", (name,)))
    return Unknown(Cause(line, column, "`{}` is not defined in this file", (name,)))


def run_time_value(line: int, column: int, node: cst.CSTNode, via: Optional[Cause]) -> Unknown:
    """A call or attribute we do not follow: its value exists only when the program runs."""
    return Unknown(Cause(line, column, RUN_TIME, (short_text(node),), via))


def parameter(line: int, column: int, function: str, name: str) -> Unknown:
    return Unknown(Cause(line, column, "`{}` is a parameter of {}(): its value comes from a caller",
                         (name, function), name=f"{function}.{name}"))


def loop_item(line: int, column: int, iterable: Optional[cst.BaseExpression]) -> Unknown:
    if iterable is None:
        return Unknown(Cause(line, column, "a loop runs an unknown number of times"))
    return Unknown(Cause(line, column, "loop over {}: its items are known only at run time",
                         (short_text(iterable),)))


def undecided(line: int, column: int, site: cst.CSTNode, via: Optional[Cause]) -> Unknown:
    """A value that differs between the paths of a branch or loop we cannot decide."""
    if isinstance(site, cst.For):
        return Unknown(Cause(line, column, "the value depends on how many times the loop over {} runs",
                             (short_text(site.iter),), via))
    if isinstance(site, cst.While):
        what = "how many times the loop here runs"
    elif isinstance(site, (cst.If, cst.IfExp, cst.BooleanOperation)):
        what = "a condition known only at run time"
    elif isinstance(site, (cst.FunctionDef, cst.Lambda)):
        what = "the path taken through this function"
    else:
        what = "which way the code here goes"
    return Unknown(Cause(line, column, "the value depends on {}", (what,), via))


def imported(line: int, column: int, name: str, module: str) -> Unknown:
    return Unknown(Cause(line, column, "`{}` comes from {}, which lstm-lint does not read", (name, module)))


def unfollowed_code(line: int, column: int) -> Unknown:
    return Unknown(Cause(line, column, "code lstm-lint does not follow here may change this value"))


def bound(value: Unknown, line: int, column: int, name: str, assumable: str) -> Unknown:
    """``name = <unknown>``: the cause, now also saying which name the user could assume. A cause
    made on this line is taken over (``num_classes = len(...) is computed at run time``); one from
    elsewhere is passed on (``num_classes`` is unknown, because line 3: ...). ``assumable``: the
    name as ``--assume`` spells it (``function.name`` for a local)."""
    cause = value.cause
    if cause is None or cause.name is not None:
        return value
    if cause.line != line:
        return Unknown(Cause(line, column, PASSED_ON, (name,), cause, assumable))
    if cause.template is RUN_TIME:
        return Unknown(Cause(cause.line, cause.column, "{} = " + RUN_TIME, (name,) + cause.arguments,
                             cause.via, assumable))
    return Unknown(Cause(cause.line, cause.column, cause.template, cause.arguments, cause.via, assumable))
