"""The one marker for "lstm-lint cannot know this statically".

Kept apart from everything else because every layer of the engine (the evaluator, the layer specs,
the model graph, the formatters) needs it and none of them should depend on another for it.
"""
from __future__ import annotations

from typing import Final


class Unknown:
    """A value that cannot be evaluated without running the user's code (rule 2: unknown beats wrong).

    A singleton: compare with ``is UNKNOWN``. Distinct from ``None``, which is a real Python value
    (and, in a shape, Keras's own "any size" dimension).
    """

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("the truth of an unknown value is unknown; test `is UNKNOWN` first")

    def __copy__(self) -> Unknown:
        return self

    def __deepcopy__(self, memo: object) -> Unknown:
        return self


UNKNOWN: Final = Unknown()
