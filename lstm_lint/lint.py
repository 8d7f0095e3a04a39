"""One file through the engine and the rules: what the flake8 plugin and the commands share.

Never raises: an internal error becomes an LL900 diagnostic (or, for ``lstm-lint summary``, a line
on stderr), because an exception escaping into flake8 would break the user's whole lint run.
"""
from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, FrozenSet, Iterable, List, Mapping, Optional, Tuple

from lstm_lint.analysis import FileAnalysis
from lstm_lint.collector import no_cyclic_gc
from lstm_lint.config import Settings
from lstm_lint.engine import MAX_SOURCE_CHARS, LimitReached, Program, analyse_program
from lstm_lint.graph.objects import release_graph
from lstm_lint.records import ParseFailure
from lstm_lint.source.parts import PartCache
from lstm_lint.python.host import InternalError
from lstm_lint.python.project import Dependency, ModuleReader
from lstm_lint.source.lines import physical_lines
from lstm_lint.source.positions import code_ends

if TYPE_CHECKING:  # the rules are imported by what runs them: ``summary`` analyses files without them
    from lstm_lint.rules import Diagnostic

TOO_DEEP = "the file is nested too deeply to analyse"


@dataclass
class LintResult:
    diagnostics: List[Diagnostic]
    parse_failure: Optional[ParseFailure] = None  # flake8 reports these itself (E999); the CLI does too
    assumptions_matched: FrozenSet[str] = frozenset()  # the assumed names the file binds
    dependencies: Tuple[Dependency, ...] = ()  # the project's paths the analysis read (engine.Program)


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return TOO_DEEP
    return f"{type(error).__name__}: {error}"


def analyse_guarded(text: str, path: str, tree: Optional[ast.Module] = None,
                    max_chars: int = MAX_SOURCE_CHARS, assumptions: Optional[Mapping[str, Any]] = None,
                    parse_cache: Optional[PartCache] = None, target_keras: int = 3, read_project: bool = True,
                    read_module: Optional[ModuleReader] = None, deferred_summaries: bool = False) -> Program:
    """``analyse_program`` that never raises: an exception leaves a program without models whose
    ``aborted`` is set and whose first internal error says why. ``parse_cache``: libcst's parses
    of earlier texts' parts, to reuse (the language server's). ``target_keras``: the target-keras
    setting (2 reads the code as tf.keras 2 built it). ``read_project``, ``read_module``: see
    ``engine.analyse_program``."""
    try:
        return analyse_program(text, path, tree, max_chars, assumptions, parse_cache, target_keras,
                               read_project=read_project, read_module=read_module,
                               deferred_summaries=deferred_summaries)
    except Exception as error:  # never crash the host tool (MemoryError and RecursionError included)
        program = Program(FileAnalysis(path), text=text, aborted=True)
        program.internal_errors.append(InternalError(1, _reason(error)))
        return program


def lint_file(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None,
              tree: Optional[ast.Module] = None, ends: bool = False, fixes: bool = False) -> LintResult:
    """``ends``: find where each diagnostic's code ends (for ``lstm-lint check``'s JSON and SARIF);
    ``fixes``: fill in each diagnostic's fix (for ``check --fix``/``--diff`` and the language server).
    flake8 has no use for either."""
    # The collector stays paused until the program is dropped: resumed with the program alive, its
    # first collection walks every object of the file's trees and of the evaluator, which
    # reference cycles through the evaluator keep alive; dropped first, most of them are freed
    # by reference counting and only what is left in cycles is walked.
    with no_cyclic_gc():
        # The rules read the summaries they need (the budgets): the rest are never made.
        program = analyse_guarded(text, path, tree, settings.max_file_size, dict(settings.assume),
                                  target_keras=settings.target_keras, deferred_summaries=True)
        result = lint_program(program, settings, enabled, ends, fixes)
        try:
            release_graph([*program.models, *program.models_in_some_runs, *program.unreported_models,
                           *program.layers])
        except Exception:  # freeing memory early must never cost the user the lint result
            pass
        del program
    return result


def lint_program(program: Program, settings: Settings, enabled: Optional[Iterable[str]] = None,
                 ends: bool = False, fixes: bool = False) -> LintResult:
    """``lint_file`` on a program already analysed (by ``analyse_guarded``): the language server
    keeps the program, for the shapes and counts it shows beside the diagnostics."""
    from lstm_lint.rules import internal_error, run_rules

    diagnostics: List[Diagnostic] = []
    if not program.aborted:
        try:
            diagnostics = run_rules(program, settings, enabled)
            if ends:
                diagnostics = with_ends(diagnostics, program)
            if fixes:
                diagnostics = with_fixes(diagnostics, program, settings)
        except Exception as error:  # a failing rule must not cost the user the run either
            return LintResult([internal_error(1, _reason(error))], program.analysis.parse_failure)
    if program.analysis.assumed:
        # What the rules found may rest on an assumption, not on what holds in every run: say so.
        from lstm_lint.formats.summary_text import assumed_text

        suffix = f" ({assumed_text(program.analysis.assumed)})"
        diagnostics = [replace(diagnostic, message=diagnostic.message + suffix) for diagnostic in diagnostics]
    if program.internal_errors:
        first = program.internal_errors[0]
        diagnostics.append(internal_error(first.line, first.message, isinstance(first, LimitReached)))
    return LintResult(diagnostics, program.analysis.parse_failure, frozenset(program.analysis.assumptions_matched),
                      program.dependencies)


def with_ends(diagnostics: List[Diagnostic], program: Program) -> List[Diagnostic]:
    """The diagnostics with where the code they point at ends (for the JSON and SARIF formats),
    when a call or a simple statement starts exactly where they point."""
    from lstm_lint.rules import INTERNAL_ERROR

    if not diagnostics or program.tree is None:
        return diagnostics
    ends = code_ends(program.tree, physical_lines(program.text))
    result = []
    for diagnostic in diagnostics:
        end = ends.get((diagnostic.line, diagnostic.column))
        if end is not None and diagnostic.code != INTERNAL_ERROR:
            diagnostic = dataclasses.replace(diagnostic, end_line=end[0], end_column=end[1])
        result.append(diagnostic)
    return result


def with_fixes(diagnostics: List[Diagnostic], program: Program, settings: Settings) -> List[Diagnostic]:
    """The diagnostics with the fixes their rules offer. Only asked for by the commands that apply
    fixes: a fix re-reads the call it edits with libcst (see fixes/source.py), a cost flake8 has
    no use for. Measured with benchmarks/bench_fixes.py: 1.03x the lint time on a generated
    200-file project (few diagnostics), 2.5x on a file with a fixable diagnostic on every other
    model, about 3 ms per fix. A fix that fails is left out: the diagnostic stands without it."""
    from lstm_lint.fixes.source import FixContext
    from lstm_lint.rules import RULES_BY_CODE

    context = FixContext(program)
    result = []
    for diagnostic in diagnostics:
        rule_class = RULES_BY_CODE.get(diagnostic.code)
        if rule_class is not None and rule_class.FIXES:
            try:
                fix = rule_class().fix(diagnostic, context, settings)
            except Exception:  # no fix is better than no run: the diagnostic stands
                fix = None
            if fix is not None:
                diagnostic = dataclasses.replace(diagnostic, fix=fix)
        result.append(diagnostic)
    return result


def lint_source(text: str, path: str, settings: Settings, enabled: Optional[Iterable[str]] = None,
                tree: Optional[ast.Module] = None) -> List[Diagnostic]:
    return lint_file(text, path, settings, enabled, tree).diagnostics
