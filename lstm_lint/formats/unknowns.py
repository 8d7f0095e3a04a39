"""The footnotes that say why a summary shows ``?``: one per cause, numbered in the model's order,
and the marks (`` [1]``) on the cells they explain. Shared by the text and Markdown summaries.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Sequence, Set, Tuple

from lstm_lint.values import Cause

if TYPE_CHECKING:  # as in summary_text.py
    from lstm_lint.analysis import ModelSummary

Key = Tuple[int, int, str]


def numbers(model: ModelSummary) -> Dict[Key, int]:
    """Each cause's footnote number, 1 for the model's first."""
    found: Dict[Key, int] = {}
    for cause in model.unknown:
        found.setdefault(cause.key(), len(found) + 1)
    return found


def mark(causes: Sequence[Cause], numbered: Dict[Key, int]) -> str:
    """`` [1]`` (or `` [1,3]``) for the causes' footnotes; empty when there is none."""
    listed = sorted({numbered[cause.key()] for cause in causes if cause.key() in numbered})
    return f" [{','.join(str(number) for number in listed)}]" if listed else ""


def footnotes(model: ModelSummary, numbered: Dict[Key, int], explain: bool = False) -> List[str]:
    """``[1] line 7: num_classes = len(...) is computed at run time ...``, one line per cause; with
    ``explain``, the chain under each: the values it came through, and the rows it reaches."""
    lines: List[str] = []
    shown: Set[int] = set()
    for cause in model.unknown:
        number = numbered[cause.key()]
        if number in shown:
            continue
        shown.add(number)
        lines.append(f"[{number}] line {cause.shown().line}: {cause.text()}")
        if explain:
            for earlier in cause.shown().chain()[1:]:
                lines.append(f"    because line {earlier.line}: {earlier.message}")
            reached = [row for row in model.layers if any(c.key() == cause.key() for c in row.unknown)]
            if reached:
                lines.append("    reaches " + ", ".join(
                    f"{row.name or '?'} ({row.type or '?'}, line {row.line})" for row in reached))
    return lines
