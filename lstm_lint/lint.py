"""One file through the engine and the rules: what the flake8 plugin and ``lstm-lint check`` share.

Never raises: an internal error becomes an LL900 diagnostic, because an exception escaping into
flake8 would break the user's whole lint run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

from lstm_lint.analysis import ParseFailure
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.rules import Diagnostic, internal_error, run_rules


@dataclass
class LintResult:
    diagnostics: List[Diagnostic]
    parse_failure: Optional[ParseFailure] = None  # flake8 reports these itself (E999); the CLI does too


def lint_file(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None) -> LintResult:
    try:
        program = analyse_program(text, path)
        diagnostics = run_rules(program, settings, enabled)
        if program.internal_errors:
            first = program.internal_errors[0]
            diagnostics.append(internal_error(first.line, first.message))
        return LintResult(diagnostics, program.analysis.parse_failure)
    except RecursionError:
        return LintResult([internal_error(1, "the file is nested too deeply to analyse")])
    except Exception as error:  # never crash the host tool
        return LintResult([internal_error(1, f"{type(error).__name__}: {error}")])


def lint_source(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None
                ) -> List[Diagnostic]:
    return lint_file(text, path, settings, enabled).diagnostics


_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


def suppressed(diagnostic: Diagnostic, lines: List[str]) -> bool:
    """flake8's ``# noqa`` semantics: a bare noqa silences the line, ``# noqa: LL301`` that code."""
    if not 0 < diagnostic.line <= len(lines):
        return False
    match = _NOQA.search(lines[diagnostic.line - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True
    return any(diagnostic.code.startswith(code.upper()) for code in re.split(r"[,\s]+", codes) if code)
