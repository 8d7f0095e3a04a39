"""Every rule's fix examples, run by one test (as Fixit's ``expected_replacement``).

The ``before`` of an example fires the rule at its marked lines; with the marks taken away (they are
comments of the example, not of the code), the rule's fixes turn it into ``after`` exactly: a safe
fix without ``--unsafe-fixes``, an unsafe one only with it. ``after`` parses and no longer fires
the rule. That the safe fixes leave the model as Keras builds it is checked against Keras in
``test_safe_fixes_against_keras.py``."""
from __future__ import annotations

import ast
import re
from typing import List, Tuple, Type

import pytest

from lstm_lint.config import Settings
from lstm_lint.fixes.apply import fix_source
from lstm_lint.lint import lint_file, lint_source
from lstm_lint.rules import ALL_RULES, Rule
from lstm_lint.rules.base import FixExample
from lstm_lint.rules.docs import unmarked

MARK = re.compile(r"  # LL\d{3}$", re.MULTILINE)


def cases() -> List[Tuple[Type[Rule], int, FixExample]]:
    return [(rule, index, example) for rule in ALL_RULES for index, example in enumerate(rule.FIXES)]


def ids(case: Tuple[Type[Rule], int, FixExample]) -> str:
    return f"{case[0].code}-fix-{case[1]}"


@pytest.mark.parametrize("case", cases(), ids=ids)
def test_fix_example_gives_its_after(case: Tuple[Type[Rule], int, FixExample]) -> None:
    rule, _, example = case
    codes = frozenset({rule.code})
    before = unmarked(example.before)
    marked = [number for number, line in enumerate(example.before.splitlines(), 1) if MARK.search(line)]
    found = lint_file(before, "example.py", Settings(), codes, fixes=True).diagnostics
    assert [d.line for d in found if d.code == rule.code] == marked, found
    assert all(d.fix is not None and d.fix.safe == example.safe and d.fix.message for d in found), found

    fixed = fix_source(before, "example.py", Settings(), codes, unsafe=not example.safe)
    assert fixed.text == example.after
    ast.parse(fixed.text)
    assert [d for d in lint_source(fixed.text, "example.py", Settings(), codes) if d.code == rule.code] == []
    if not example.safe:
        assert fix_source(before, "example.py", Settings(), codes, unsafe=False).text == before


def test_a_rule_offers_fixes_exactly_when_it_shows_an_example_of_them() -> None:
    for rule in ALL_RULES:
        assert (rule.fix is not Rule.fix) == bool(rule.FIXES), rule.code
        assert not (rule.FIXES and rule.why_no_fix), rule.code
        assert all(example.what for example in rule.FIXES), rule.code


@pytest.mark.parametrize("example", [example for rule in ALL_RULES if rule.why_no_fix for example in rule.INVALID])
def test_a_rule_that_says_why_it_has_no_fix_offers_none(example: str) -> None:
    found = lint_file(example, "example.py", Settings(), [rule.code for rule in ALL_RULES], fixes=True).diagnostics
    assert found and all(d.fix is None for d in found)
