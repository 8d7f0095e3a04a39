"""NumPy scalars computed from values the program knows: ``np.prod((7, 7, 64))`` is
``np.int64(3136)``, not the Python int 3136. The difference matters to libraries that check
``isinstance(value, int)`` (Keras 3's ``Dense(units)``), so such a value remembers that it is a
NumPy scalar: ``int()``/``float()`` of it give Python numbers, and arithmetic follows NumPy 2's
promotion rules (NEP 50): an ``int64`` with a Python int stays ``int64``, with a Python float
becomes ``float64``, ``/`` always gives ``float64``. Only ``int64``, ``float64`` and ``bool``
are followed (NumPy's default integer on 64-bit Linux and macOS); anything else is unknown.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Union

import libcst as cst

from lstm_lint.values import UNKNOWN, Unknown, holds

INT64 = "int64"
FLOAT64 = "float64"
BOOL = "bool"
_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1
_PYTHON_PRODUCT_BOUND = 2 ** 256  # integers past this are not sizes any program builds from
_FLOAT64_MANTISSA_BITS = 53
_FLOAT64_MAX_EXPONENT = 1023  # below 2**1023: no overflow
_FLOAT64_MIN_EXPONENT = -1022  # at least 2**-1022: normal, no rounding to a subnormal


@dataclass(frozen=True)
class NumpyScalar:
    """A NumPy scalar of a known value: ``value`` is the Python number it converts to."""

    value: Union[int, float, bool]
    dtype: str

    @property
    def is_integer(self) -> bool:
        return self.dtype == INT64

    def __repr__(self) -> str:
        return f"np.{self.dtype}({self.value!r})"


def _python_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def scalar_of(value: Union[int, float, bool]) -> Any:
    """The NumPy scalar ``value`` becomes when NumPy computes it, or UNKNOWN (outside int64)."""
    if isinstance(value, bool):
        return NumpyScalar(value, BOOL)
    if isinstance(value, int):
        return NumpyScalar(value, INT64) if _INT64_MIN <= value <= _INT64_MAX else UNKNOWN
    if isinstance(value, float):
        return NumpyScalar(value, FLOAT64) if math.isfinite(value) else UNKNOWN
    return UNKNOWN  # type: ignore[unreachable]


def _dtype(value: Any) -> Optional[str]:
    """The dtype NumPy gives ``value`` in an operation with a NumPy scalar: a Python number is
    "weak" (it takes the scalar's kind where it fits), so only its kind counts here."""
    if isinstance(value, NumpyScalar):
        return value.dtype
    if isinstance(value, bool):
        return "weak bool"
    if isinstance(value, int):
        return "weak int"
    if isinstance(value, float):
        return "weak float"
    return None


def _result_dtype(left: str, right: str) -> str:
    kinds = {left.replace("weak ", ""), right.replace("weak ", "")}
    if "float" in kinds or FLOAT64 in kinds:
        return FLOAT64
    if "int" in kinds or INT64 in kinds:
        return INT64
    return BOOL


_ARITHMETIC: Dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod, cst.Power: operator.pow,
}


def binary(op: cst.BaseBinaryOp, left: Any, right: Any) -> Any:
    """``left op right`` with a NumPy scalar on one side at least and a NumPy scalar or a Python
    number on the other; UNKNOWN where NumPy's result is not followed (an overflow, a division by
    zero, which NumPy answers with a warning and ``inf``, a negative integer power, which raises)."""
    left_dtype, right_dtype = _dtype(left), _dtype(right)
    if left_dtype is None or right_dtype is None:
        return UNKNOWN
    if BOOL in (left_dtype, right_dtype) or "weak bool" in (left_dtype, right_dtype):
        return UNKNOWN  # bool arithmetic has rules of its own (True + True is 2 in int64)
    a = left.value if isinstance(left, NumpyScalar) else left
    b = right.value if isinstance(right, NumpyScalar) else right
    result_dtype = _result_dtype(left_dtype, right_dtype)
    if isinstance(op, cst.Divide):
        result_dtype = FLOAT64
        function: Optional[Callable[[Any, Any], Any]] = operator.truediv
    else:
        function = _ARITHMETIC.get(type(op))
    if function is None:
        return UNKNOWN
    if result_dtype == INT64:
        if isinstance(op, cst.Power) and (b < 0 or b > 64):
            return UNKNOWN
        if not (_INT64_MIN <= int(a) <= _INT64_MAX and _INT64_MIN <= int(b) <= _INT64_MAX):
            return UNKNOWN  # a Python int NumPy cannot convert: OverflowError
    else:
        a, b = float(a), float(b)
    try:
        result = function(a, b)
    except (ArithmeticError, ValueError, TypeError):
        return UNKNOWN
    if isinstance(result, complex):
        return UNKNOWN
    return scalar_of(int(result) if result_dtype == INT64 else float(result))


def unary(op: cst.BaseUnaryOp, value: NumpyScalar) -> Any:
    if value.dtype == BOOL:
        return UNKNOWN
    if isinstance(op, cst.Minus):
        return scalar_of(-value.value)
    if isinstance(op, cst.Plus):
        return value
    if isinstance(op, cst.Not):
        return not value.value
    return UNKNOWN


def plain(value: Any) -> Any:
    """The Python number a NumPy scalar compares and tests as (``np.int64(3) == 3``, ``if n:``):
    other values unchanged."""
    return value.value if isinstance(value, NumpyScalar) else value


def converted(name: str, value: NumpyScalar) -> Any:
    """``int(x)``, ``float(x)``, ``bool(x)``, ``abs(x)``, ``round(x)`` of a NumPy scalar:
    the built-in's result (a Python number for int, float, bool and round; a NumPy scalar for
    abs), or UNKNOWN."""
    number = value.value
    if name == "int":
        return int(number)
    if name == "float":
        return float(number)
    if name == "bool":
        return bool(number)
    if name == "round" and value.dtype != BOOL:
        return round(number)
    if name == "abs" and value.dtype != BOOL:
        return scalar_of(abs(number))
    return UNKNOWN


# ---- NumPy's reductions of a sequence of numbers -----------------------------------------------

REDUCTIONS = ("prod", "product", "sum", "max", "amax", "min", "amin")


def _numbers(value: Any) -> Optional[List[Any]]:
    """The items of a known flat list or tuple of numbers (NumPy scalars included)."""
    if not isinstance(value, (list, tuple)) or len(value) > 100_000:
        return None
    items = list(value)
    if not all(_python_number(item) or isinstance(item, bool) or isinstance(item, NumpyScalar) for item in items):
        return None
    return items


def reduction(name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """``np.prod(values)``, ``np.sum``, ``np.max``, ``np.min`` of one known sequence of numbers
    (or a number), with no other argument: the NumPy scalar NumPy gives (int64 for integers and
    bools, float64 once a float is among them; ``np.prod(())`` is ``1.0``, ``np.max(())`` raises).
    None when not that."""
    if name not in REDUCTIONS or len(args) != 1 or kwargs:
        return None
    value = args[0]
    items = [value] if _python_number(value) or isinstance(value, NumpyScalar) else _numbers(value)
    if items is None:
        return None
    numbers = [plain(item) for item in items]
    if name not in ("prod", "product", "sum") and all(isinstance(number, bool) for number in numbers):
        return UNKNOWN  # np.max of bools is a NumPy bool
    floating = any(isinstance(number, float) for number in numbers) or any(
        isinstance(item, NumpyScalar) and item.dtype == FLOAT64 for item in items)
    if not numbers:
        if name in ("prod", "product"):
            return NumpyScalar(1.0, FLOAT64)  # NumPy's empty array is float64
        if name == "sum":
            return NumpyScalar(0.0, FLOAT64)
        return UNKNOWN  # a reduction with no identity: NumPy raises
    values = [float(number) if floating else int(number) for number in numbers]
    if name in ("prod", "product"):
        product = _float_product([float(number) for number in values]) if floating else _int64_product(
            [int(number) for number in values])
        if product is None:
            return UNKNOWN
        result: Union[int, float] = product
    elif name == "sum":
        if floating and len(values) > 8:
            return UNKNOWN  # NumPy sums blocks pairwise, rounding otherwise than one by one
        result = values[0]
        for number in values[1:]:
            result += number
    elif name in ("max", "amax"):
        result = max(values)
    else:
        result = min(values)
    if not floating and not _INT64_MIN <= result <= _INT64_MAX:
        return UNKNOWN  # NumPy wraps around
    return scalar_of(result)


def python_prod(args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """``math.prod(values)`` of a known sequence of Python numbers: a Python number. None when
    not that."""
    if len(args) != 1 or set(kwargs) - {"start"}:
        return None
    items = _numbers(args[0])
    start = kwargs.get("start", 1)
    if items is None or not (_python_number(start) or isinstance(start, bool)) or any(
            isinstance(item, NumpyScalar) for item in items):
        return None
    # Python multiplies left to right; an integer product past the bound is not followed, and is
    # not computed either (``math.prod(range(1, 50000))`` takes a second).
    result: Union[int, float] = start
    for item in items:
        result = result * item
        if isinstance(result, int) and abs(result) > _PYTHON_PRODUCT_BOUND:
            return None
    return result


def _int64_product(values: List[int]) -> Optional[int]:
    """The product NumPy gives in int64, or None where it wraps around. Wrapping is arithmetic
    modulo 2**64, the same in every order, so the product is NumPy's exactly when it is in range;
    with no zero among the factors each one keeps or grows the magnitude, so the first partial
    product out of range decides."""
    if 0 in values:
        return 0
    result = 1
    for number in values:
        result *= number
        if not _INT64_MIN <= result <= _INT64_MAX:
            return None
    return result


def _float_product(values: List[float]) -> Optional[float]:
    """The float64 product NumPy gives whatever order it multiplies in, or None when the order
    could change it. NumPy's reduction loops are unrolled and vectorised, so no order is assumed:
    the product is taken only where no partial product in any order rounds, overflows or
    underflows. Each factor is an odd integer times a power of two; every partial product is a
    product of some factors, so when the odd parts multiplied together fit in 53 bits and the
    magnitudes of all factors above 1 together, and of all below 1 together, stay in float64's
    normal range, every partial product is exact and every order gives the same value."""
    odd_part = 1
    high_exponent = 0  # bounds the product of the factors of magnitude >= 1: below 2**high_exponent
    low_exponent = 0  # and of those below 1: at least 2**low_exponent
    for number in values:
        if not math.isfinite(number):
            return None
        if number == 0:
            continue  # a zero makes every later partial product a zero of the same sign rule
        numerator, _ = abs(number).as_integer_ratio()
        odd_part *= numerator >> ((numerator & -numerator).bit_length() - 1)
        if odd_part.bit_length() > _FLOAT64_MANTISSA_BITS:
            return None
        _, exponent = math.frexp(number)  # 2**(exponent - 1) <= |number| < 2**exponent
        if abs(number) >= 1:
            high_exponent += exponent
        else:
            low_exponent += exponent - 1
        if high_exponent > _FLOAT64_MAX_EXPONENT or low_exponent < _FLOAT64_MIN_EXPONENT:
            return None
    return math.prod(values)


def holds_numpy_scalar(value: Any) -> bool:
    return holds(value, NumpyScalar)


def _with_integers_as_python(value: Any, other: Callable[["NumpyScalar"], Any], depth: int = 0) -> Any:
    """``value`` (a tuple or list of them, a few levels deep) with each integer NumPy scalar as the
    Python int, and each other NumPy scalar as ``other`` makes it."""
    if isinstance(value, NumpyScalar):
        return value.value if value.is_integer else other(value)
    if depth < 4 and isinstance(value, tuple):
        return tuple(_with_integers_as_python(item, other, depth + 1) for item in value)
    if depth < 4 and isinstance(value, list):
        return [_with_integers_as_python(item, other, depth + 1) for item in value]
    return value


def as_python(value: Any) -> Any:
    """``value`` with each integer NumPy scalar in it as the Python int it converts to (what a
    callable does that takes ``int(d)`` of every size, as Keras's ``standardize_shape``); any
    other NumPy scalar UNKNOWN."""
    return _with_integers_as_python(value, lambda scalar: UNKNOWN)


def integers_as_python(value: Any) -> Any:
    """``value`` with each integer NumPy scalar in it as the Python int (what NumPy's own
    functions take a size as: ``np.zeros((np.prod(s),))``, ``x.reshape(-1, np.prod(s))``); other
    values, other NumPy scalars included, unchanged."""
    return _with_integers_as_python(value, lambda scalar: scalar)


def unknown_instead(value: Any, unknown: Unknown, depth: int = 0) -> Any:
    """``value`` with each NumPy scalar in it replaced by ``unknown``."""
    if isinstance(value, NumpyScalar):
        return unknown
    if depth < 4 and isinstance(value, tuple):
        return tuple(unknown_instead(item, unknown, depth + 1) for item in value)
    if depth < 4 and isinstance(value, list):
        return [unknown_instead(item, unknown, depth + 1) for item in value]
    if depth < 4 and isinstance(value, dict):
        return {key: unknown_instead(item, unknown, depth + 1) for key, item in value.items()}
    return value


__all__ = ["BOOL", "FLOAT64", "INT64", "NumpyScalar", "REDUCTIONS", "as_python", "binary", "converted",
           "holds_numpy_scalar", "integers_as_python", "numpy_function", "plain", "python_prod", "reduction",
           "scalar_of", "unary", "unknown_instead"]


def numpy_function(name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """``numpy.<name>(...)`` when it gives a NumPy scalar lstm-lint follows: a reduction of known
    numbers, ``np.int64(n)`` or ``np.float64(x)`` of a number; None otherwise."""
    if name in ("int64", "float64") and len(args) == 1 and not kwargs:
        number = plain(args[0])
        if not _python_number(number):
            return None
        if name == "int64":
            return scalar_of(int(number)) if math.isfinite(number) else UNKNOWN
        return scalar_of(float(number))
    return reduction(name, args, kwargs)
