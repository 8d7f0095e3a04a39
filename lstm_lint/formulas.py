"""Exact formulas for numbers that depend on run-time values: ``129 * len(class_names)``.

A ``Formula`` (``values.py``) is a polynomial with integer coefficients over ``Symbol``s, the values
the code computes at run time under names it gives them. Only sums, differences and products of
formulas and integers (and small integer powers) are formulas: everything else (a division, a
``max``, a comparison) is a plain unknown, so a formula is exact for every value of its names.
Kept small: a polynomial of more terms or a higher degree than anyone reads is a plain unknown too.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Set, Union

from lstm_lint.values import Cause, Formula, Monomial, Symbol, Terms, Unknown, first_unknown

Number = Union[int, Formula]

MAX_TERMS = 12
MAX_DEGREE = 4
# Coefficients beyond this are no parameter count; refusing them keeps the arithmetic cheap.
_MAX_COEFFICIENT = 10 ** 18
# The longest name shown for a symbol: a longer expression is not something to read in a formula.
MAX_NAME_LENGTH = 48


def symbol(name: str, cause: Optional[Cause], bound: bool = False) -> Formula:
    """A fresh run-time value called ``name``: an expression in the code's own names, or (``bound``)
    the name a binding gives it, as ``--assume`` spells it (``function.name`` for a local)."""
    monomial: Monomial = ((Symbol(name, bound), 1),)
    return Formula(((monomial, 1),), cause)


def is_number(value: object) -> bool:
    """An integer (not a bool: ``True * n`` is a guess at what the code means) or a formula."""
    return isinstance(value, Formula) or (isinstance(value, int) and not isinstance(value, bool))


def bare_symbol(value: object) -> Optional[Symbol]:
    """The symbol ``value`` is exactly (``n``, not ``n + 1``), or None."""
    if isinstance(value, Formula) and len(value.terms) == 1:
        monomial, coefficient = value.terms[0]
        if coefficient == 1 and len(monomial) == 1 and monomial[0][1] == 1:
            return monomial[0][0]
    return None


def _terms_of(value: Number) -> Dict[Monomial, int]:
    if isinstance(value, Formula):
        return dict(value.terms)
    return {(): value} if value else {}


def _cause(*values: object) -> Optional[Cause]:
    for value in values:
        if isinstance(value, Unknown) and value.cause is not None:
            return value.cause
    return None


def _made(terms: Dict[Monomial, int], cause: Optional[Cause]) -> Union[int, Unknown]:
    """The formula of ``terms``; an int when no symbol is left; a plain unknown when too big."""
    kept = {monomial: coefficient for monomial, coefficient in terms.items() if coefficient}
    if not kept:
        return 0
    if set(kept) == {()}:
        return kept[()]
    if len(kept) > MAX_TERMS or any(abs(c) > _MAX_COEFFICIENT for c in kept.values()) or any(
            sum(power for _, power in monomial) > MAX_DEGREE for monomial in kept):
        return Unknown(cause)
    ordered: Terms = tuple(sorted(kept.items(), key=lambda item: _order(item[0])))
    return Formula(ordered, cause)


def _order(monomial: Monomial) -> tuple:  # type: ignore[type-arg]
    # Highest degree first, then by symbol: ``n * m + 3 * n + 7``.
    return (-sum(power for _, power in monomial), tuple((s.serial, -p) for s, p in monomial))


def add(left: Number, right: Number) -> Union[int, Unknown]:
    terms = _terms_of(left)
    for monomial, coefficient in _terms_of(right).items():
        terms[monomial] = terms.get(monomial, 0) + coefficient
    return _made(terms, _cause(left, right))


def negate(value: Number) -> Union[int, Unknown]:
    return _made({monomial: -c for monomial, c in _terms_of(value).items()}, _cause(value))


def subtract(left: Number, right: Number) -> Union[int, Unknown]:
    negated = negate(right)
    if not is_number(negated):
        return first_unknown(negated)
    return add(left, negated)  # type: ignore[arg-type]


def multiply(left: Number, right: Number) -> Union[int, Unknown]:
    terms: Dict[Monomial, int] = {}
    for first, a in _terms_of(left).items():
        for second, b in _terms_of(right).items():
            powers: Dict[Symbol, int] = dict(first)
            for sym, power in second:
                powers[sym] = powers.get(sym, 0) + power
            monomial: Monomial = tuple(sorted(powers.items(), key=lambda item: item[0].serial))
            terms[monomial] = terms.get(monomial, 0) + a * b
    return _made(terms, _cause(left, right))


def power(base: Number, exponent: object) -> Union[int, Unknown]:
    if isinstance(exponent, bool) or not isinstance(exponent, int) or not 0 <= exponent <= MAX_DEGREE:
        return first_unknown(base, exponent)
    result: Union[int, Unknown] = 1
    for _ in range(exponent):
        if not is_number(result):
            break
        result = multiply(result, base)  # type: ignore[arg-type]
    return result


def combine(left: object, right: object, operator: str) -> Union[int, Unknown]:
    """``left operator right`` for ``+``, ``-``, ``*``, ``**``, at least one side a formula and
    the other an integer or formula; a plain unknown for anything else."""
    if operator == "**" and is_number(left):
        return power(left, right)  # type: ignore[arg-type]
    if not (is_number(left) and is_number(right)):
        return first_unknown(left, right)
    if operator == "+":
        return add(left, right)  # type: ignore[arg-type]
    if operator == "-":
        return subtract(left, right)  # type: ignore[arg-type]
    if operator == "*":
        return multiply(left, right)  # type: ignore[arg-type]
    return first_unknown(left, right)


# ---- showing a formula ---------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _render(value: Formula, python: bool) -> Optional[str]:
    if clashing_names([value]):
        return None  # two different values under one name (``n`` bound in two calls)
    parts: List[str] = []
    for index, (monomial, coefficient) in enumerate(value.terms):
        magnitude = abs(coefficient)
        factors: List[str] = []
        for sym, exponent in monomial:
            name = sym.name
            if exponent == 1:
                factors.append(name)
            elif python:
                factors.append(f"{name} ** {exponent}")
            else:
                factors.append(name + str(exponent).translate(_SUPERSCRIPTS))
        number = f"{magnitude}" if python else f"{magnitude:,}"
        if not factors:
            term = number
        elif magnitude == 1:
            term = (" * " if python else " × ").join(factors)
        else:
            term = (" * " if python else " × ").join([number] + factors)
        if index == 0:
            parts.append(f"-{term}" if coefficient < 0 else term)
        else:
            parts.append(f"{'-' if coefficient < 0 else '+'} {term}")
    return " ".join(parts)


def python_text(value: object) -> Optional[str]:
    """The formula as a Python expression in the code's own names (``100 * vocab_size + 244865``),
    or None when ``value`` is no formula or cannot be shown."""
    return _render(value, python=True) if isinstance(value, Formula) else None


def text(value: object) -> Optional[str]:
    """The formula as the summary table shows it: ``100 × vocab_size + 244,865``."""
    return _render(value, python=False) if isinstance(value, Formula) else None


def clashing_names(values: Iterable[object]) -> Set[str]:
    """The names that stand for two different values (two symbols) among ``values``' formulas."""
    seen: Dict[str, Symbol] = {}
    clashes: Set[str] = set()
    for value in values:
        if isinstance(value, Formula):
            for monomial, _ in value.terms:
                for sym, _power in monomial:
                    if seen.setdefault(sym.name, sym) is not sym:
                        clashes.add(sym.name)
    return clashes


def without_names(value: object, clashes: Set[str]) -> object:
    """``value``, or a plain unknown when it is a formula in one of ``clashes``."""
    if clashes and isinstance(value, Formula) and any(name in clashes for name in names(value)):
        return Unknown(value.cause)
    return value


def names(value: object) -> List[str]:
    """The names a formula is in, in the order it shows them."""
    if not isinstance(value, Formula):
        return []
    found: List[str] = []
    for monomial, _ in value.terms:
        for sym, _power in monomial:
            if sym.name not in found:
                found.append(sym.name)
    return found
