"""The one marker for "lstm-lint cannot know this statically", and why it cannot.

Kept apart from everything else because every layer of the engine (the evaluator, the layer specs,
the model graph, the formatters) needs it and none of them should depend on another for it.
"""
from __future__ import annotations

from typing import Final, Optional, Tuple


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
        return isinstance(other, Unknown)

    def __ne__(self, other: object) -> bool:
        return not isinstance(other, Unknown)

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
            return value
    return UNKNOWN
