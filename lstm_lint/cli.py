"""The ``lstm-lint`` command: argument parsing only; each subcommand lives in ``commands/``."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from lstm_lint import __version__
from lstm_lint.commands import check, diff, rules, summary

COMMANDS = (summary, check, rules, diff)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lstm-lint",
        description="Static shapes, parameter counts and diagnostics for Keras model code.")
    parser.add_argument("--version", action="version", version=f"lstm-lint {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
