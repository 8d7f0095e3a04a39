"""Applying fixes to a file, as ruff does: the fixes that do not overlap, then lint again, then repeat.

Fixes are computed on one version of the text; once some are applied, the positions of the others
(and whether they still apply) are stale, so each pass applies only fixes whose edits do not touch
each other and the file is linted again. A bounded number of passes: a fix that brings back what
another removes must not loop forever.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, FrozenSet, List, Optional, Set, Tuple

from lstm_lint.config import Settings
from lstm_lint.fixes import Edit, Fix, apply_edits, line_spans
from lstm_lint.lint import LintResult, lint_file
from lstm_lint.rules.base import Diagnostic

# ruff stops after 100; lstm-lint's fixes touch one call each and rarely chain (removing an
# argument LL303 and LL103 both report): a few passes settle any real file.
MAX_PASSES = 10

Span = Tuple[int, int]  # offsets in the text


@dataclass
class FixedSource:
    text: str  # the text with the fixes applied (the original when none applied)
    fixed: List[Diagnostic] = field(default_factory=list)  # what the applied fixes silenced
    remaining: Optional[LintResult] = None  # the diagnostics of ``text`` (with their fixes)
    unsafe_left: int = 0  # diagnostics of ``text`` whose fix needs --unsafe-fixes
    # The assumed names (--assume) the text binds, as read or after any pass of fixes.
    assumptions_matched: Set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _spans(lines: List[Tuple[int, int]], edits: Tuple[Edit, ...]) -> Optional[List[Span]]:
    spans = []
    for edit in edits:
        if not (1 <= edit.line <= len(lines) and 1 <= edit.end_line <= len(lines)):
            return None
        spans.append((lines[edit.line - 1][0] + edit.column, lines[edit.end_line - 1][0] + edit.end_column))
    return spans


def _touch(one: Span, other: Span) -> bool:
    # Overlapping spans, or two insertions (or an insertion and a span) at one point: their order
    # would be arbitrary, so one waits for the next pass.
    return one[0] < other[1] and other[0] < one[1] or one[0] == other[0] or one == other \
        or one[0] == one[1] and other[0] <= one[0] <= other[1] \
        or other[0] == other[1] and one[0] <= other[0] <= one[1]


def _applies(text: str, fix: Fix) -> bool:
    """A fix whose own edits fit together (a rule's mistake must cost only that fix, not the pass)."""
    try:
        apply_edits(text, fix.edits)
    except ValueError:
        return False
    return True


def applicable(diagnostic: Diagnostic, unsafe: bool) -> Optional[Fix]:
    fix = diagnostic.fix
    return fix if fix is not None and (fix.safe or unsafe) else None


def fix_source(text: str, path: str, settings: Settings, codes: FrozenSet[str], unsafe: bool,
               suppressed: Callable[[str, Diagnostic], bool] = lambda text, diagnostic: False) -> FixedSource:
    """``text`` with the fixes of the diagnostics of ``codes`` applied, the safe ones (and the unsafe
    ones too when ``unsafe``). ``suppressed(text, diagnostic)``: a diagnostic silenced there (noqa),
    whose fix is not applied. A pass whose result does not parse is not applied (and ends the work):
    a fix must never leave the file broken."""
    outcome = FixedSource(text)
    for _ in range(MAX_PASSES):
        result = lint_file(text, path, settings, codes, ends=True, fixes=True)
        outcome.remaining = result
        outcome.assumptions_matched.update(result.assumptions_matched)
        if result.parse_failure is not None:
            break
        taken: List[Span] = []
        lines = line_spans(text)
        edits: List[Edit] = []
        fixed: List[Diagnostic] = []
        for diagnostic in result.diagnostics:
            fix = applicable(diagnostic, unsafe)
            if fix is None or diagnostic.code not in codes or suppressed(text, diagnostic):
                continue
            spans = _spans(lines, fix.edits)
            if spans is None or any(_touch(span, other) for span in spans for other in taken) \
                    or not _applies(text, fix):
                continue
            taken.extend(spans)
            edits.extend(fix.edits)
            fixed.append(diagnostic)
        if not edits:
            break
        try:
            new_text = apply_edits(text, edits)
            ast.parse(new_text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            break
        text = new_text
        outcome.text = text
        outcome.fixed.extend(fixed)
    else:
        outcome.remaining = lint_file(text, path, settings, codes, ends=True, fixes=True)
    assert outcome.remaining is not None
    outcome.unsafe_left = sum(1 for diagnostic in outcome.remaining.diagnostics
                              if diagnostic.fix is not None and not diagnostic.fix.safe and not unsafe
                              and diagnostic.code in codes and not suppressed(text, diagnostic))
    return outcome
