"""``lstm-lint rules`` (every rule) and ``lstm-lint rule LL301`` (one rule's docs)."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Type

if TYPE_CHECKING:
    from lstm_lint.rules import Rule

# The rules are imported by the functions that list them, not with the command line: the other
# commands start faster without them.


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    listing = subparsers.add_parser("rules", help="list every rule")
    listing.add_argument("--markdown", action="store_true", help="print docs/rules.md")
    listing.set_defaults(run=run_list)
    one = subparsers.add_parser("rule", help="print one rule's documentation")
    one.add_argument("code", metavar="CODE")
    one.set_defaults(run=run_one)


def rule_text(rule: Type[Rule]) -> str:
    return (f"{rule.code} {rule.name}{'' if rule.default_enabled else ' (off by default)'}\n\n"
            f"{rule.summary}\n\nWhat it does\n  {rule.what_it_does}\n\nWhy is this bad?\n  {rule.why_is_this_bad}\n\n"
            f"Example\n{_indent(rule.example)}\n\nUse instead\n{_indent(rule.use_instead)}\n")


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.splitlines())


def markdown() -> str:
    """docs/rules.md, generated from the rule classes."""
    from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, INTERNAL_ERROR_DOC

    parts = ["# lstm-lint rules\n", "Generated from the rule classes by `lstm-lint rules --markdown`; "
             "do not edit by hand.\n", "| code | name | default | summary |", "| --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        parts.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | "
                     f"{'on' if rule.default_enabled else 'off'} | {rule.summary.replace('|', '/')} |")
    parts.append(f"| {INTERNAL_ERROR} | internal-error | on | {INTERNAL_ERROR_DOC} |\n")
    for rule in ALL_RULES:
        parts.append(f"## {rule.code}\n\n`{rule.name}`{'' if rule.default_enabled else ' (off by default)'}: "
                     f"{rule.summary}\n\n### What it does\n\n{rule.what_it_does}\n\n### Why is this bad?\n\n"
                     f"{rule.why_is_this_bad}\n\n### Example\n\n```python\n{rule.example}\n```\n\n"
                     f"### Use instead\n\n```python\n{rule.use_instead}\n```\n")
    return "\n".join(parts)


def run_list(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(markdown())
        return 0
    from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, INTERNAL_ERROR_DOC

    width = max(len(rule.name) for rule in ALL_RULES)
    for rule in ALL_RULES:
        state = "on " if rule.default_enabled else "off"
        print(f"{rule.code}  {state}  {rule.name:<{width}}  {rule.summary}")
    print(f"{INTERNAL_ERROR}  on   {'internal-error':<{width}}  {INTERNAL_ERROR_DOC}")
    return 0


def run_one(args: argparse.Namespace) -> int:
    from lstm_lint.rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(args.code.upper())
    if rule is None:
        print(f"lstm-lint: unknown rule {args.code!r} (see `lstm-lint rules`)", file=sys.stderr)
        return 2
    sys.stdout.write(rule_text(rule))
    return 0
