"""One file through the engine and the rules: what the flake8 plugin and ``lstm-lint check`` share.

Never raises: an internal error becomes an LL900 diagnostic, because an exception escaping into
flake8 would break the user's whole lint run.
"""
from __future__ import annotations

import ast
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


def lint_file(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None,
              tree: Optional[ast.Module] = None) -> LintResult:
    try:
        program = analyse_program(text, path, tree)
        diagnostics = run_rules(program, settings, enabled)
        if program.internal_errors:
            first = program.internal_errors[0]
            diagnostics.append(internal_error(first.line, first.message))
        return LintResult(diagnostics, program.analysis.parse_failure)
    except RecursionError:
        return LintResult([internal_error(1, "the file is nested too deeply to analyse")])
    except Exception as error:  # never crash the host tool
        return LintResult([internal_error(1, f"{type(error).__name__}: {error}")])


def lint_source(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None,
                tree: Optional[ast.Module] = None) -> List[Diagnostic]:
    return lint_file(text, path, settings, enabled, tree).diagnostics
