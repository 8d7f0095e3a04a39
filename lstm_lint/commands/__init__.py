"""The ``lstm-lint`` subcommands: each module has ``register(subparsers)`` and its own ``run``.

Every command module imports at its top only what registering its options and a cached run need:
``lstm-lint`` parses its command line before it knows which command runs, and start-up is most of
what a cached run costs. The rest is imported in ``run``.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Sequence

from lstm_lint.files import DEFAULT_EXCLUDES, STDIN, FileSelection
from lstm_lint.progress import Progress
from lstm_lint.records import FileFailure, ParseFailure, internal_error_message


# On stderr when the paths hold no Python file (all excluded, say), as ruff warns; the exit code is 0.
NO_FILES = "no Python files found"


def add_path_arguments(parser: argparse.ArgumentParser) -> None:
    """The files a command reads and how directories are walked, as in ruff and flake8: shared by
    ``summary`` and ``check``."""
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Python files or directories (default: ., the working directory); - reads a file "
                             "from standard input")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the name of the file read from standard input, used in the output and to find its "
                             "configuration (default: -); standard input is read when no PATH is given")
    parser.add_argument("--exclude", metavar="PATTERNS", action="append",
                        help="comma-separated glob patterns of files and directories to leave out of directory "
                             "walks, replacing the defaults (repeatable). A pattern without / matches a name at "
                             "any depth, one with / a path from the working directory. Default: "
                             + ", ".join(DEFAULT_EXCLUDES))
    parser.add_argument("--extend-exclude", metavar="PATTERNS", action="append",
                        help="patterns to leave out as well as the defaults (or --exclude's)")
    parser.add_argument("--force-exclude", action="store_true",
                        help="leave out excluded paths even when they are named on the command line (as "
                             "pre-commit names them); without it, a file named there is always read")
    parser.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=True,
                        help="in a git work tree, leave out of directory walks what git ignores (.gitignore "
                             "files and .git/info/exclude; default: on)")


def add_max_file_size_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-file-size", metavar="CHARS",
                        help="the longest file analysed, in characters (default 1,000,000; also the max-file-size "
                             "setting): a longer one is reported (LL900) instead, for libcst would take minutes "
                             "and gigabytes on it")


def _patterns(values: Optional[Sequence[str]]) -> List[str]:
    return [pattern.strip() for value in values or () for pattern in value.split(",") if pattern.strip()]


def file_selection(args: argparse.Namespace) -> FileSelection:
    exclude = tuple(_patterns(args.exclude)) if args.exclude is not None else DEFAULT_EXCLUDES
    return FileSelection(exclude, tuple(_patterns(args.extend_exclude)), args.force_exclude,
                         args.respect_gitignore)


def command_paths(args: argparse.Namespace) -> Optional[List[str]]:
    """The PATHs to read: ``.`` when none is given, ``-`` (standard input) when none is given with
    ``--stdin-filename``; None, after saying why on stderr, when ``--stdin-filename`` comes with
    PATHs of which none is ``-``."""
    paths: List[str] = list(args.paths)
    if args.stdin_filename is not None:
        if not paths:
            return [STDIN]
        if STDIN not in paths:
            print(f"lstm-lint {args.command}: error: --stdin-filename names standard input, which is read for "
                  f"the PATH {STDIN} (or when no PATH is given)", file=sys.stderr)
            return None
    return paths or ["."]


class FileErrors:
    """Files that could not be read, parsed or analysed: each reported once on stderr, the others
    processed, and the command then exits 2 (as flake8 reports E902/E999 and goes on). The formats
    that carry them too (check's json, sarif, github) read ``failures``."""

    def __init__(self) -> None:
        self.failures: List[FileFailure] = []
        self.progress: Optional[Progress] = None  # messages go around the progress bar

    @property
    def count(self) -> int:
        return len(self.failures)

    def unreadable(self, path: str, reason: str) -> None:
        self._report(f"{path}: error: {reason}")
        self.failures.append(FileFailure(path, reason))

    def parse_failure(self, path: str, failure: ParseFailure) -> None:
        message = f"cannot parse: {failure.message}"
        self._report(f"{path}:{failure.line}:{failure.column + 1}: error: {message}")
        self.failures.append(FileFailure(path, message, failure.line, failure.column))

    def _report(self, text: str) -> None:
        if self.progress is not None:
            self.progress.message(text)
        else:
            print(text, file=sys.stderr)

    def internal_error(self, path: str, line: int, reason: str, limit: bool = False) -> None:
        """lstm-lint failed on a file, or (``limit``) left it alone by design (``lstm-lint check``
        reports these as LL900 instead)."""
        message = internal_error_message(reason, limit)
        self._report(f"{path}:{line}: error: {message}")
        self.failures.append(FileFailure(path, message, line))
