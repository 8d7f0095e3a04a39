"""The one marker for "lstm-lint cannot know this statically", and why it cannot.

Kept apart from everything else because every layer of the engine (the evaluator, the layer specs,
the model graph, the formatters) needs it and none of them should depend on another for it.
"""
from __future__ import annotations

from typing import Any, Final, Optional, Tuple, Union


# The message of a cause that only passes another on (``b = a`` with ``a`` unknown).
PASSED_ON: Final = "`{}` is unknown"
# The message of a value computed by code lstm-lint does not follow (a library call, an attribute
# of data), its one argument the expression's short text (``pd.read_csv(...)``).
RUN_TIME: Final = "{} is computed at run time"


class Cause:
    """Where an unknown value arose and why: ``line 12: len(...) is computed at run time``.

    The message is kept as a template and its arguments and formatted only when shown, so that
    recording a cause costs an object, not a string (most causes are never printed). ``via`` is the
    cause this one passes on (a name bound to a value unknown for that reason): the chain that
    ``summary --explain`` prints. ``name``: the name the value was first bound to, as ``--assume``
    spells it (``build.units``), when it was bound to one.
    """

    __slots__ = ("line", "column", "template", "arguments", "via", "name")

    def __init__(self, line: int, column: int, template: str, arguments: Tuple[object, ...] = (),
                 via: Optional[Cause] = None, name: Optional[str] = None) -> None:
        self.line = line
        self.column = column
        self.template = template
        self.arguments = arguments
        self.via = via
        self.name = name

    @property
    def message(self) -> str:
        return self.template.format(*self.arguments) if self.arguments else self.template

    def chain(self) -> Tuple[Cause, ...]:
        """This cause and the ones it passes on, nearest first (bounded: chains are short, and a
        cycle must not hang the renderer)."""
        found = [self]
        current = self.via
        while current is not None and len(found) < 32 and current not in found:
            found.append(current)
            current = current.via
        return tuple(found)

    def origin(self) -> Cause:
        """The first cause of the chain: where the unknown value arose."""
        return self.chain()[-1]

    def shown(self) -> Cause:
        """The cause to show: the nearest one that says more than "this name is unknown"."""
        for cause in self.chain():
            if cause.template is not PASSED_ON:
                return cause
        return self

    def text(self) -> str:
        """The message to show."""
        return self.shown().message

    def key(self) -> Tuple[int, int, str]:
        return (self.line, self.column, self.message)

    def __repr__(self) -> str:
        return f"Cause(line {self.line}: {self.message})"


class Unknown:
    """A value that cannot be evaluated without running the user's code (rule 2: unknown beats wrong).

    Test with ``isinstance(value, Unknown)``. Every unknown equals every other, whatever its cause:
    a cause says why a value is unknown, it never makes two unknowns different values (joins and
    comparisons of shapes treat them alike). ``UNKNOWN`` is the one without a cause; ``Unknown(cause)``
    makes one that carries it. Distinct from ``None``, which is a real Python value (and, in a
    shape, Keras's own "any size" dimension).
    """

    __slots__ = ("cause",)

    def __init__(self, cause: Optional[Cause] = None) -> None:
        self.cause = cause

    def __repr__(self) -> str:
        return "UNKNOWN" if self.cause is None else f"UNKNOWN({self.cause!r})"

    def __eq__(self, other: object) -> bool:
        # A formula is not "just unknown": an unknown and a formula are different values, so that
        # a join of the two is never taken for the formula (see Formula).
        return type(other) is Unknown

    def __ne__(self, other: object) -> bool:
        return type(other) is not Unknown

    def __hash__(self) -> int:
        return 0x0BADCAFE

    def __bool__(self) -> bool:
        raise TypeError("the truth of an unknown value is unknown; test `isinstance(value, Unknown)` first")

    def __copy__(self) -> Unknown:
        return self

    def __deepcopy__(self, memo: object) -> Unknown:
        return self

    def __reduce__(self) -> Tuple[object, Tuple[Optional[Cause]]]:
        return (_unpickled, (self.cause,))


UNKNOWN: Final = Unknown()


class Symbol:
    """A value the program computes at run time, under the name the code gives it (``num_classes``,
    ``len(class_names)``, ``X_train.shape[1]``): one evaluation, so one value in each run.

    Two symbols are the same only if they are the same object: the same name bound twice (a loop, a
    function called twice) makes two symbols, because the two values may differ.
    """

    __slots__ = ("name", "serial", "bound")
    _next_serial = 0

    def __init__(self, name: str, bound: bool = False) -> None:
        self.name = name
        # Named by a binding (``n = ...``, a parameter), not by the expression that computed it.
        self.bound = bound
        Symbol._next_serial += 1
        self.serial = Symbol._next_serial

    def __repr__(self) -> str:
        return f"Symbol({self.name!r}#{self.serial})"


# A product of symbols with their powers, by serial: ((n, 1), (m, 2)) is n * m ** 2; () is 1.
Monomial = Tuple[Tuple[Symbol, int], ...]
# A polynomial with integer coefficients, monomials in a canonical order, no zero coefficient.
Terms = Tuple[Tuple[Monomial, int], ...]


class Formula(Unknown):
    """An integer lstm-lint cannot compute, but knows exactly as a polynomial with integer
    coefficients in a few run-time values: ``129 * len(class_names)``. Still an ``Unknown`` to every
    part of the engine that does not handle formulas (so it is never taken for a known number), and
    equal only to a formula with the same terms (so joins keep it only when every path agrees).
    ``lstm_lint/formulas.py`` makes and combines them; anything that is not a sum or product of
    formulas and integers makes a plain unknown (``first_unknown`` drops the formula).
    """

    __slots__ = ("terms",)

    def __init__(self, terms: Terms, cause: Optional[Cause] = None) -> None:
        super().__init__(cause)
        self.terms = terms

    def __repr__(self) -> str:
        return f"Formula({self.terms!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formula) and other.terms == self.terms

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(tuple((tuple((symbol.serial, power) for symbol, power in monomial), coefficient)
                          for monomial, coefficient in self.terms))

    def __copy__(self) -> Formula:
        return self

    def __deepcopy__(self, memo: object) -> Formula:
        return self

    def __reduce__(self) -> Tuple[object, Tuple[Terms, Optional[Cause]]]:  # type: ignore[override]
        return (Formula, (self.terms, self.cause))


def plain_unknown(value: Unknown) -> Unknown:
    """``value`` as an unknown that is no formula: what an operation returns whose result is not
    the same value as its operand (``X.shape`` of a formula ``X``)."""
    return Unknown(value.cause) if isinstance(value, Formula) else value


def _unpickled(cause: Optional[Cause]) -> Unknown:
    """An unknown read back from a pickle: the causeless one is ``UNKNOWN`` itself again, so that
    the evaluator's test for a value it has yet to give a cause (``value is UNKNOWN``) still holds."""
    return UNKNOWN if cause is None else Unknown(cause)


def unknown_because(line: int, column: int, template: str, *arguments: object) -> Unknown:
    """An unknown value with its cause; the message is formatted only when shown."""
    return Unknown(Cause(line, column, template, arguments))


def cause_of(value: object) -> Optional[Cause]:
    """The cause an unknown value carries, None for any other value."""
    return value.cause if isinstance(value, Unknown) else None


def first_unknown(*values: object) -> Unknown:
    """The first of ``values`` that is an unknown with a cause (first cause wins), else UNKNOWN:
    what an operation on these values returns when it cannot compute its result."""
    for value in values:
        if isinstance(value, Unknown) and value.cause is not None:
            return plain_unknown(value)
    return UNKNOWN


def unknown_or_formula(value: object) -> Unknown:
    """``value`` itself when it is a formula (an argument passed on unchanged keeps its formula),
    else as ``first_unknown`` gives it."""
    return value if isinstance(value, Formula) else first_unknown(value)


def holds(value: Any, kind: Union[type, Tuple[type, ...]], levels: int = 4, depth: int = 0) -> bool:
    """Whether ``value``, or an item of its lists, tuples or dicts (``levels`` levels down), is a
    ``kind``."""
    if isinstance(value, kind):
        return True
    if isinstance(value, (list, tuple)) and depth < levels:
        return any(holds(item, kind, levels, depth + 1) for item in value)
    if isinstance(value, dict) and depth < levels:
        return any(holds(item, kind, levels, depth + 1) for item in value.values())
    return False
