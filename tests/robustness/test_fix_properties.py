"""Property tests of fixing: whatever the file, applying every fix (unsafe ones included) raises
nothing, leaves a file that parses when it parsed before, and each offered fix's edits fit the
text they were made for."""
from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from lstm_lint.config import Settings
from lstm_lint.fixes import apply_edits
from lstm_lint.fixes.apply import fix_source
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
from tests.robustness.strategies import mutated_keras_source

CODES = frozenset({rule.code for rule in ALL_RULES} | {INTERNAL_ERROR})


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


@given(st.one_of(mutated_keras_source()))
def test_fixing_never_raises_and_never_breaks_the_file(source: str) -> None:
    for diagnostic in lint_file(source, "model.py", Settings(), CODES, fixes=True).diagnostics:
        if diagnostic.fix is not None:
            assert parses(apply_edits(source, diagnostic.fix.edits)), diagnostic
    fixed = fix_source(source, "model.py", Settings(), CODES, unsafe=True)
    if parses(source):
        assert parses(fixed.text)
    assert fixed.changed == (fixed.text != source)
