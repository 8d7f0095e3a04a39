"""One generic test runs every rule's own examples (as Fixit does).

An INVALID example must fire exactly that rule's code, at each line marked ``# LLxxx`` and nowhere
else; a VALID example must fire nothing at all. A first line ``# lstm-lint-test: key=value`` gives
the example its settings (budgets)."""
from __future__ import annotations

import re
from typing import List, Tuple, Type

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.rules import ALL_RULES, Rule

SETTINGS_LINE = re.compile(r"#\s*lstm-lint-test:\s*(\S+)=(\S+)")


def settings_for(example: str) -> Settings:
    match = SETTINGS_LINE.match(example)
    return Settings().merged({match.group(1): match.group(2)}, "the example") if match else Settings()


def examples(kind: str) -> List[Tuple[Type[Rule], int, str]]:
    return [(rule, index, example) for rule in ALL_RULES for index, example in enumerate(getattr(rule, kind))]


def ids(case: Tuple[Type[Rule], int, str]) -> str:
    return f"{case[0].code}-{case[1]}"


def test_every_rule_has_examples_and_docs() -> None:
    for rule in ALL_RULES:
        assert rule.VALID and rule.INVALID, rule.code
        assert all([rule.name, rule.summary, rule.what_it_does, rule.why_is_this_bad, rule.example,
                    rule.use_instead]), rule.code


@pytest.mark.parametrize("case", examples("INVALID"), ids=ids)
def test_invalid_example_fires_its_code_at_the_marked_lines(case: Tuple[Type[Rule], int, str]) -> None:
    rule, _, example = case
    expected = [number for number, line in enumerate(example.splitlines(), 1)
                if re.search(rf"#\s*{rule.code}\b", line)]
    assert expected, "an INVALID example marks its line"
    found = lint_source(example, "example.py", settings_for(example), [rule.code])
    assert [d.line for d in found if d.code == rule.code] == expected, found
    assert all(d.code == rule.code for d in found), found


@pytest.mark.parametrize("case", examples("VALID"), ids=ids)
def test_valid_example_fires_nothing(case: Tuple[Type[Rule], int, str]) -> None:
    rule, _, example = case
    everything = [r.code for r in ALL_RULES]
    assert lint_source(example, "example.py", settings_for(example), everything) == []
