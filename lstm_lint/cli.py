"""The ``lstm-lint`` command: argument parsing only; each subcommand lives in ``commands/``."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, List, NoReturn, Optional, Sequence, Tuple

from lstm_lint import __version__
from lstm_lint.commands import check, diff, rules, server, summary

COMMANDS = (summary, check, rules, diff, server)


class CommandParser(argparse.ArgumentParser):
    """A command's parser: an argument it does not know is its usage error, shown with its own usage
    (``usage: lstm-lint check ...``), not the top-level parser's, which would name no option."""

    def parse_known_args(self, args: Optional[Sequence[str]] = None,  # type: ignore[override]
                         namespace: Any = None) -> Tuple[Any, List[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")  # argparse's own words
        return parsed, extras


def build_parser(argv: Optional[Sequence[str]] = None) -> argparse.ArgumentParser:
    """The parser for every command, or, when ``argv`` starts with a command's name, for that
    command alone: a cached run is mostly start-up, and building every command's options takes a
    few milliseconds of it. Help and errors for a command read the same either way."""
    parser = argparse.ArgumentParser(
        prog="lstm-lint",
        description="Static shapes, parameter counts and diagnostics for Keras model code.")
    parser.add_argument("--version", action="version", version=f"lstm-lint {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    named = [command for command in COMMANDS if argv and argv[0] in command.NAMES]
    for command in named or COMMANDS:
        command.register(subparsers)
    return parser


def never_fail_to_print() -> None:
    """What cannot be encoded for the output is printed escaped (``\\ud800``), never a crash: a
    layer named with a lone surrogate escape, a file name with bytes that are not UTF-8, box
    drawing on a Windows pipe in cp1252."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Optional[List[str]] = None) -> int:
    never_fail_to_print()
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def entry() -> NoReturn:
    """The ``lstm-lint`` script: ``main``, then, once the output is flushed, the end of the process
    at once. Python's own exit would free every object one by one (the libcst trees of the files
    analysed among them) and run the cycle collector over them, a cost no one waits for: nothing
    is left to write (the cache and the process pool are done with inside ``main``)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could not be written is lost either way
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
