"""``lstm-lint check --fix / --diff / --unsafe-fixes``: the rules' fixes applied to files, as ruff does.

``--fix`` writes each changed file and reports what remains; ``--diff`` prints a unified diff of
what ``--fix`` would change and writes nothing; safe fixes only, unless ``--unsafe-fixes``. The
work for one file is a module-level function (a process pool runs it, see parallel.py); results
are never cached, since the files change. Loaded with the command line: what only fixing needs is
imported when it runs.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from lstm_lint.files import STDIN, SourceFile
from lstm_lint.records import ParseFailure

if TYPE_CHECKING:  # the rules and the noqa reader load when a file is fixed
    from lstm_lint.config import Settings
    from lstm_lint.rules.base import Diagnostic


class FixedFile(NamedTuple):
    """What ``check --fix`` or ``--diff`` learns about one file: the diagnostics that remain once
    its fixes are applied, and the text with them applied."""

    diagnostics: Sequence["Diagnostic"] = ()  # after selection and noqa, as in CheckedFile
    parse_failure: Optional[ParseFailure] = None
    skipped: bool = False
    original: Optional[str] = None  # the text as read
    fixed_text: Optional[str] = None  # with the fixes applied; None when none applied
    fixed: int = 0  # how many diagnostics the applied fixes silenced
    unsafe_left: int = 0  # remaining diagnostics whose fix needs --unsafe-fixes
    assumptions_matched: FrozenSet[str] = frozenset()  # as in CheckedFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fix", action="store_true",
                        help="apply the rules' safe fixes to the files and report what remains (exit 1 when "
                             "anything remains); with standard input, print the fixed source instead")
    parser.add_argument("--diff", action="store_true",
                        help="print a unified diff of what --fix would change and write nothing (exit 1 "
                             "when there are changes)")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix or --diff, apply the unsafe fixes as well: those that change the model "
                             "the way the diagnostic says (see `lstm-lint rule CODE`)")


def fix_file_with(per_file: Mapping[str, Tuple["Settings", FrozenSet[str]]],
                  otherwise: Tuple["Settings", FrozenSet[str]], unsafe: bool, source: SourceFile) -> FixedFile:
    from lstm_lint.filework import check_file
    from lstm_lint.source.names import may_mention_keras

    settings, codes = per_file.get(source.path, otherwise)
    text = source.text
    assert text is not None
    if not may_mention_keras(text):
        checked = check_file(settings, codes, source)
        return FixedFile(checked.diagnostics, checked.parse_failure, checked.skipped, text,
                         assumptions_matched=checked.assumptions_matched)
    from lstm_lint.fixes.apply import fix_source
    from lstm_lint.noqa import NoqaComments

    noqa_by_text: Dict[str, NoqaComments] = {}

    def suppressed(current: str, diagnostic: "Diagnostic") -> bool:
        noqa = noqa_by_text.get(current)
        if noqa is None:
            noqa = noqa_by_text[current] = NoqaComments(current)
        return noqa.file_ignored or noqa.suppresses(diagnostic.line, diagnostic.code)

    if NoqaComments(text).file_ignored:
        return FixedFile(skipped=True, original=text)
    outcome = fix_source(text, source.path, settings, codes, unsafe, suppressed)
    remaining = outcome.remaining
    assert remaining is not None
    kept = tuple(diagnostic for diagnostic in remaining.diagnostics
                 if diagnostic.code in codes and not suppressed(outcome.text, diagnostic))
    return FixedFile(kept, remaining.parse_failure, False, text, outcome.text if outcome.changed else None,
                     len(outcome.fixed), outcome.unsafe_left, frozenset(outcome.assumptions_matched))


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = []
    for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), path, path):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def write_fixed(path: str, original: str, fixed: str) -> Optional[str]:
    """Write ``fixed`` over ``path`` in the file's own encoding (its coding cookie, its BOM); None,
    or why not: the file changed since it was read, or cannot be written."""
    import io
    import tokenize

    try:
        with open(path, "rb") as handle:
            data = handle.read()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        if data.decode(encoding) != original:
            return "it changed while it was being fixed"
        encoded = fixed.encode(encoding)
        with open(path, "wb") as handle:
            handle.write(encoded)
    except (OSError, SyntaxError, LookupError, UnicodeError) as error:
        return getattr(error, "strerror", None) or str(error)
    return None


def stdin_name(args: argparse.Namespace) -> Optional[str]:
    """The name standard input goes by among the results, when it is one of the paths."""
    return (args.stdin_filename or STDIN) if STDIN in args.paths else None


def report_fixes(results: List[Tuple[str, FixedFile]], args: argparse.Namespace) -> int:
    """Write (``--fix``) or print (``--diff``) the fixed files; returns how many files would change
    or did. Standard input is not written back: ``--fix`` prints it, fixed, on stdout (as ruff does;
    the diagnostics then go to stderr). Says on stderr what was fixed and what unsafe fixes were
    left out."""
    changed = 0
    fixed = 0
    unsafe_left = 0
    from_stdin = stdin_name(args)
    for path, result in results:
        unsafe_left += result.unsafe_left
        if args.fix and not args.diff and path == from_stdin and result.original is not None:
            sys.stdout.write(result.fixed_text if result.fixed_text is not None else result.original)
        if result.fixed_text is None or result.original is None:
            continue
        changed += 1
        fixed += result.fixed
        if args.diff:
            sys.stdout.write(unified_diff(path, result.original, result.fixed_text))
        elif path == from_stdin:
            pass
        else:
            failure = write_fixed(path, result.original, result.fixed_text)
            if failure is not None:
                print(f"lstm-lint: {path}: not fixed: {failure}", file=sys.stderr)
                changed -= 1
                fixed -= result.fixed
    verb = "Would fix" if args.diff else "Fixed"
    if fixed:
        print(f"{verb} {fixed} diagnostic{'s' if fixed != 1 else ''} in {changed} file{'s' if changed != 1 else ''}.",
              file=sys.stderr)
    if unsafe_left:
        print(f"{unsafe_left} more fix{'es' if unsafe_left != 1 else ''} can be applied with --unsafe-fixes.",
              file=sys.stderr)
    return changed


__all__ = ["FixedFile", "add_arguments", "fix_file_with", "report_fixes", "unified_diff",
           "write_fixed"]
