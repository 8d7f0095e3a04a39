"""``lstm-lint check PATH...``: the flake8 diagnostics, for projects that do not run flake8."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Set

from lstm_lint.config import KEYS, ConfigError, load_settings
from lstm_lint.commands import FileErrors
from lstm_lint.lint import lint_file, suppressed
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "check", help="report diagnostics (the same as flake8 --select LL)",
        description="Report lstm-lint's diagnostics as flake8 does: path:line:col: CODE message. "
                    "Exit 1 when anything is reported, 0 when clean, 2 on a usage or config error.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Python files or directories")
    parser.add_argument("--select", help="comma-separated codes or prefixes to report (default: all rules on "
                                         "by default)")
    parser.add_argument("--extend-select", help="codes or prefixes to add to the selection (default-off rules)")
    parser.add_argument("--ignore", help="comma-separated codes or prefixes not to report")
    for key in KEYS:
        parser.add_argument(f"--{key}", default=None)
    parser.set_defaults(run=run)


def _codes(option: str) -> List[str]:
    return [code.strip().upper() for code in (option or "").split(",") if code.strip()]


def enabled_codes(args: argparse.Namespace) -> Set[str]:
    known = {rule.code for rule in ALL_RULES} | {INTERNAL_ERROR}
    for option in ("select", "extend_select", "ignore"):
        for code in _codes(getattr(args, option)):
            if not any(known_code.startswith(code) for known_code in known):
                raise ConfigError(f"unknown rule code {code!r} in --{option.replace('_', '-')} "
                                  "(see `lstm-lint rules`)")
    if args.select:
        chosen = {code for code in known if any(code.startswith(prefix) for prefix in _codes(args.select))}
    else:
        chosen = {rule.code for rule in ALL_RULES if rule.default_enabled} | {INTERNAL_ERROR}
    chosen |= {code for code in known if any(code.startswith(prefix) for prefix in _codes(args.extend_select))}
    return {code for code in chosen if not any(code.startswith(prefix) for prefix in _codes(args.ignore))}


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(Path.cwd(), {key: getattr(args, key.replace("-", "_")) for key in KEYS})
        codes = enabled_codes(args)
    except ConfigError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    reported = 0
    errors = FileErrors()
    for source in errors.readable(args.paths):
        assert source.text is not None
        lines = source.text.splitlines()
        result = lint_file(source.text, source.path, settings, codes)
        if result.parse_failure is not None:
            errors.parse_failure(source.path, result.parse_failure)
        for diagnostic in result.diagnostics:
            if diagnostic.code not in codes or suppressed(diagnostic, lines):
                continue
            print(f"{source.path}:{diagnostic.line}:{diagnostic.column + 1}: {diagnostic.text}")
            reported += 1
    if errors.count:
        return 2
    return 1 if reported else 0
