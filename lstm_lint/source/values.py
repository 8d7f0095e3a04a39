"""Static evaluation of plain Python values: literals, containers, arithmetic, comparisons.

Only what can be known without running anything: a value is a Python constant (int, float, str,
bool, None, tuples/lists/dicts of those) or ``UNKNOWN``. The interpreter hands names and calls to
this module already evaluated; nothing here looks names up.
"""
from __future__ import annotations

import ast
import operator
from typing import Any, Callable, Dict, Optional

import libcst as cst

from lstm_lint.values import UNKNOWN, Unknown

# Integers beyond this are not sizes anyone writes; refusing them keeps ``10 ** 10 ** 10`` cheap.
_MAX_MAGNITUDE = 10 ** 18


def literal(node: cst.BaseExpression) -> Any:
    """The value of a literal node, or UNKNOWN."""
    # Exact types (none of these classes has a subclass): libcst's classes are ABCs, whose
    # isinstance checks cost several times a type comparison.
    kind = type(node)
    if kind is cst.Integer:
        value = node.value  # type: ignore[attr-defined]
        if value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)  # the common case, without ast.literal_eval's compile()
        try:
            # The tokenizer made it a valid integer token: hexadecimal, octal, binary, with
            # underscores, as Python reads them (``int(text, 0)`` refuses only ``00``-like zeros).
            return int(value, 0)
        except ValueError:
            return _safe_literal(value)
    if kind is cst.SimpleString:
        text: str = node.value  # type: ignore[attr-defined]
        quote = text[0]
        # A plain one-line string (no prefix, no escapes, not triple-quoted): its value is what is
        # between the quotes, as Python's parser gives it, without a compile() per string.
        if (quote == "'" or quote == '"') and len(text) >= 2 and text[-1] == quote and "\\" not in text \
                and not text.startswith(quote * 3):
            return text[1:-1]
        return _safe_literal(text)
    if kind is cst.Float:
        try:
            # A valid float token (digits, a point, an exponent, underscores): float() reads it as
            # Python's parser does.
            return float(node.value)  # type: ignore[attr-defined]
        except ValueError:
            return _safe_literal(node.value)  # type: ignore[attr-defined]
    if kind is cst.Imaginary:
        return UNKNOWN
    if kind is cst.ConcatenatedString:
        left, right = literal(node.left), literal(node.right)  # type: ignore[attr-defined]
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return UNKNOWN
    return UNKNOWN


def _safe_literal(text: str) -> Any:
    """The value of one literal token. Not ``ast.literal_eval``: its converter is a closure
    calling itself, a reference cycle per call left for the cycle collector."""
    try:
        expression = ast.parse(text, mode="eval").body
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return UNKNOWN
    if not isinstance(expression, ast.Constant):
        return UNKNOWN
    value = expression.value
    if isinstance(value, bytes):
        return UNKNOWN
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))  # bool is an int, as in Python arithmetic


_BINARY: Dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
}


def binary(op: cst.BaseBinaryOp, left: Any, right: Any) -> Any:
    """``left op right`` on known numbers (and + / * on strings and tuples); else UNKNOWN."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return UNKNOWN
    function = _BINARY.get(type(op))
    if function is None:
        return UNKNOWN
    if _is_number(left) and _is_number(right):
        if isinstance(op, cst.Power) and (abs(right) > 64 or abs(left) > _MAX_MAGNITUDE):
            return UNKNOWN
        try:
            result = function(left, right)
        except (ArithmeticError, ValueError, TypeError):
            return UNKNOWN
        if isinstance(result, int) and abs(result) > _MAX_MAGNITUDE:
            return UNKNOWN
        if isinstance(result, complex):  # (-1) ** 0.5: not a plain value (imaginary literals are unknown too)
            return UNKNOWN
        return result
    if isinstance(op, cst.Add) and type(left) is type(right) and isinstance(left, (str, tuple, list)):
        return left + right
    if isinstance(op, cst.Multiply):
        sequence, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sequence, (str, tuple, list)) and isinstance(count, int) \
                and not isinstance(count, bool) and 0 <= count * max(len(sequence), 1) <= 100_000:
            return sequence * count
    return UNKNOWN


def unary(op: cst.BaseUnaryOp, value: Any) -> Any:
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(op, cst.Not):
        return not value if isinstance(value, (bool, int, float, str, tuple, list, type(None))) \
            else UNKNOWN
    if not _is_number(value):
        return UNKNOWN
    if isinstance(op, cst.Minus):
        return -value
    if isinstance(op, cst.Plus):
        return +value
    if isinstance(op, cst.BitInvert) and isinstance(value, int):
        return ~value
    return UNKNOWN


_COMPARE: Dict[type, Callable[[Any, Any], Any]] = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.In: lambda a, b: a in b,
    cst.NotIn: lambda a, b: a not in b,
    cst.Is: operator.is_,
    cst.IsNot: operator.is_not,
}

_PLAIN = (int, float, str, bool, type(None), tuple, list, dict)


def compare(op: cst.BaseCompOp, left: Any, right: Any) -> Any:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return UNKNOWN
    function = _COMPARE.get(type(op))
    if function is None or not isinstance(left, _PLAIN) or not isinstance(right, _PLAIN):
        return UNKNOWN
    identity_comparable = left is None or right is None or isinstance(left, bool) or isinstance(right, bool)
    if isinstance(op, (cst.Is, cst.IsNot)) and not identity_comparable:
        return UNKNOWN
    try:
        return bool(function(left, right))
    except TypeError:
        return UNKNOWN


def truth(value: Any) -> Optional[bool]:
    """Python truthiness of a known plain value; None when it cannot be known."""
    if isinstance(value, Unknown) or not isinstance(value, _PLAIN):
        return None
    return bool(value)


def subscript(container: Any, index: Any) -> Any:
    if isinstance(container, Unknown) or isinstance(index, Unknown):
        return UNKNOWN
    if isinstance(container, (list, tuple, str)) and isinstance(index, (int, slice)) \
            and not isinstance(index, bool):
        try:
            return container[index]
        except IndexError:
            return UNKNOWN
    if isinstance(container, dict):
        try:
            return container.get(index, UNKNOWN)
        except TypeError:
            return UNKNOWN
    return UNKNOWN
