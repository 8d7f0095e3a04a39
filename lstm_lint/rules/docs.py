"""A rule's documentation as text and as Markdown, from the rule class: what `lstm-lint rule`,
docs/rules.md and the SARIF rule help all show, written once."""
from __future__ import annotations

import re
from typing import Optional, Type

from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, INTERNAL_ERROR_DOC, RULES_BY_CODE
from lstm_lint.rules.base import FixExample, Rule

_MARK = re.compile(r"  # LL\d{3}$", re.MULTILINE)

INTERNAL_ERROR_NAME = "internal-error"
INTERNAL_ERROR_MORE = ("The file was not checked: lstm-lint met code it could not handle. Please report it "
                       "with the file (or a small part of it that shows the error). A file past one of "
                       "lstm-lint's limits is reported too, with the limit, and is no bug: longer than the "
                       "max-file-size setting (1,000,000 characters unless raised), or nested more than 3,000 "
                       "levels deep (past which libcst's parser can crash).")


def rule_name(code: str) -> Optional[str]:
    """The kebab-case name of the rule with this code (None for a code no rule has)."""
    if code == INTERNAL_ERROR:
        return INTERNAL_ERROR_NAME
    rule = RULES_BY_CODE.get(code)
    return rule.name if rule is not None else None


def rule_text(rule: Type[Rule]) -> str:
    return (f"{rule.code} {rule.name}{'' if rule.default_enabled else ' (off by default)'}\n\n"
            f"{rule.summary}\n\nWhat it does\n  {rule.what_it_does}\n\nWhy is this bad?\n  {rule.why_is_this_bad}\n\n"
            f"Example\n{_indent(rule.example)}\n\nUse instead\n{_indent(rule.use_instead)}\n{_fix_text(rule)}")


def _fix_text(rule: Type[Rule]) -> str:
    if rule.why_no_fix:
        return f"\nFix\n  None: {rule.why_no_fix}\n"
    if not rule.FIXES:
        return ""
    return "\nFix\n" + "".join(f"  {fix_label(example)}: {example.what}\n" for example in rule.FIXES)


def fix_kinds(rule: Type[Rule]) -> str:
    """``safe``, ``unsafe`` or ``safe, unsafe``: the kinds of fix the rule offers (for the table)."""
    return ", ".join(kind for kind, safe in (("safe", True), ("unsafe", False))
                     if any(example.safe is safe for example in rule.FIXES))


def fix_label(example: FixExample) -> str:
    return "safe" if example.safe else "unsafe (with --unsafe-fixes)"


def unmarked(code: str) -> str:
    """An example without the ``# LLxxx`` comments that mark, for the tests, where it fires."""
    return _MARK.sub("", code)


def _fix_markdown(rule: Type[Rule]) -> str:
    if rule.why_no_fix:
        return f"\n### Fix\n\nNone: {rule.why_no_fix}\n"
    parts = []
    for example in rule.FIXES:
        parts.append(f"Fix: {fix_label(example)} — {example.what}.\n\n```python\n{unmarked(example.before)}```\n\n"
                     f"becomes\n\n```python\n{example.after}```\n")
    return "\n### Fix\n\n" + "\n".join(parts) if parts else ""


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.splitlines())


def rule_markdown(rule: Type[Rule]) -> str:
    """The rule's section of docs/rules.md, without its ``## CODE`` heading."""
    return (f"`{rule.name}`{'' if rule.default_enabled else ' (off by default)'}: "
            f"{rule.summary}\n\n### What it does\n\n{rule.what_it_does}\n\n### Why is this bad?\n\n"
            f"{rule.why_is_this_bad}\n\n### Example\n\n```python\n{rule.example}\n```\n\n"
            f"### Use instead\n\n```python\n{rule.use_instead}\n```\n{_fix_markdown(rule)}")


def internal_error_markdown() -> str:
    return f"`{INTERNAL_ERROR_NAME}`: {INTERNAL_ERROR_DOC}\n\n{INTERNAL_ERROR_MORE}\n"


def markdown() -> str:
    """docs/rules.md, generated from the rule classes."""
    parts = ["# lstm-lint rules\n", "Generated from the rule classes by `lstm-lint rules --markdown`; "
             "do not edit by hand.\n", "| code | name | default | fix | summary |",
             "| --- | --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        parts.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | "
                     f"{'on' if rule.default_enabled else 'off'} | {fix_kinds(rule)} | "
                     f"{rule.summary.replace('|', '/')} |")
    parts.append(f"| [{INTERNAL_ERROR}](#{INTERNAL_ERROR.lower()}) | {INTERNAL_ERROR_NAME} | on | | "
                 f"{INTERNAL_ERROR_DOC} |\n")
    for rule in ALL_RULES:
        parts.append(f"## {rule.code}\n\n{rule_markdown(rule)}")
    parts.append(f"## {INTERNAL_ERROR}\n\n{internal_error_markdown()}")
    return "\n".join(parts)
