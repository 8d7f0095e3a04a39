"""``lstm-lint rules`` (every rule) and ``lstm-lint rule LL301`` (one rule's docs)."""
from __future__ import annotations

import argparse
import sys

# The rules are imported by the functions that list them, not with the command line: the other
# commands start faster without them.


NAMES = ("rules", "rule")  # the subcommands register() adds


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    listing = subparsers.add_parser("rules", help="list every rule")
    listing.add_argument("--markdown", action="store_true", help="print docs/rules.md")
    listing.set_defaults(run=run_list)
    one = subparsers.add_parser("rule", help="print one rule's documentation")
    one.add_argument("code", metavar="CODE")
    one.set_defaults(run=run_one)


def run_list(args: argparse.Namespace) -> int:
    from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, INTERNAL_ERROR_DOC
    from lstm_lint.rules.docs import INTERNAL_ERROR_NAME, markdown

    if args.markdown:
        sys.stdout.write(markdown())
        return 0
    width = max(len(rule.name) for rule in ALL_RULES)
    for rule in ALL_RULES:
        state = "on " if rule.default_enabled else "off"
        print(f"{rule.code}  {state}  {rule.name:<{width}}  {rule.summary}")
    print(f"{INTERNAL_ERROR}  on   {INTERNAL_ERROR_NAME:<{width}}  {INTERNAL_ERROR_DOC}")
    return 0


def run_one(args: argparse.Namespace) -> int:
    from lstm_lint.rules import INTERNAL_ERROR, INTERNAL_ERROR_DOC, RULES_BY_CODE
    from lstm_lint.rules.docs import INTERNAL_ERROR_MORE, INTERNAL_ERROR_NAME, rule_text

    rule = RULES_BY_CODE.get(args.code.upper())
    if args.code.upper() == INTERNAL_ERROR:
        sys.stdout.write(f"{INTERNAL_ERROR} {INTERNAL_ERROR_NAME}\n\n{INTERNAL_ERROR_DOC}\n\n{INTERNAL_ERROR_MORE}\n")
        return 0
    if rule is None:
        print(f"lstm-lint: unknown rule {args.code!r} (see `lstm-lint rules`)", file=sys.stderr)
        return 2
    sys.stdout.write(rule_text(rule))
    return 0
