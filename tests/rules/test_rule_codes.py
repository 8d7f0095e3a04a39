"""The codes the flake8 plugin knows before it imports any rule are the rules' own."""
from __future__ import annotations

from lstm_lint import rule_codes
from lstm_lint.rules import ALL_RULES, DEFAULT_OFF, INTERNAL_ERROR


def test_default_off_codes_are_the_rules_off_by_default() -> None:
    assert rule_codes.DEFAULT_OFF == DEFAULT_OFF == tuple(rule.code for rule in ALL_RULES if not rule.default_enabled)


def test_the_internal_error_code_is_no_rule_of_its_own() -> None:
    assert rule_codes.INTERNAL_ERROR == INTERNAL_ERROR
    assert INTERNAL_ERROR not in {rule.code for rule in ALL_RULES}
