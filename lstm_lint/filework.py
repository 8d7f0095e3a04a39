"""The work ``lstm-lint summary`` and ``check`` do for one file, as module-level functions a process
pool can run (see parallel.py), and the records they hand back, which the result cache stores.

The engine, and with it libcst, is imported only when a file mentions Keras and its result is not
cached. The records are named tuples (see records.py), and ``summary``'s is already rendered: a
cached run then loads no analysis record and no renderer, only strings.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, FrozenSet, Mapping, NamedTuple, Optional, Sequence, Tuple

from lstm_lint.collector import no_cyclic_gc
from lstm_lint.files import SourceFile
from lstm_lint.records import ParseFailure
from lstm_lint.source.names import may_mention_keras

if TYPE_CHECKING:  # the rules package loads every rule, and the others dataclasses: a cache hit needs none
    from lstm_lint.analysis import FileAnalysis
    from lstm_lint.config import Settings
    from lstm_lint.rules.base import Diagnostic

# rules.INTERNAL_ERROR, spelled here: importing the rules package loads every rule, which a process
# that only reads cached results has no use for.
INTERNAL_ERROR_CODE = "LL900"


class CheckedFile(NamedTuple):
    """What ``check`` reports for one file."""

    diagnostics: Sequence[Diagnostic] = ()  # after selection and noqa
    parse_failure: Optional[ParseFailure] = None
    skipped: bool = False  # ``# flake8: noqa``: the file is left out, as flake8 does
    assumptions_matched: FrozenSet[str] = frozenset()  # the assumed names (--assume) the file binds

    @property
    def cacheable(self) -> bool:
        # An internal error may not recur (a bug fixed in an editable checkout, a deep recursion).
        return all(diagnostic.code != INTERNAL_ERROR_CODE for diagnostic in self.diagnostics)


class SummarisedFile(NamedTuple):
    """What ``summary`` and ``diff`` learn about one file."""

    analysis: Optional[FileAnalysis]  # None when the analysis failed outright
    parse_failure: Optional[ParseFailure] = None
    # (line, reason, whether it is a limit, not a bug): lstm-lint failed on the file, or left it alone
    internal_error: Optional[Tuple[int, str, bool]] = None


class RenderedSummary(NamedTuple):
    """What ``summary`` prints for one file: its blocks in one output format (see
    ``formats/summary_text.py``), or why there are none."""

    blocks: Tuple[str, ...]
    parse_failure: Optional[ParseFailure] = None
    internal_error: Optional[Tuple[int, str, bool]] = None  # as in SummarisedFile
    assumptions_matched: FrozenSet[str] = frozenset()  # as in CheckedFile

    @property
    def cacheable(self) -> bool:
        # An internal error may not recur (a bug fixed in an editable checkout, a deep recursion).
        return self.internal_error is None


def summarise_file(source: SourceFile, max_chars: Optional[int] = None,
                   assumptions: Optional[Mapping[str, Any]] = None, target_keras: int = 3) -> SummarisedFile:
    """``max_chars``: the max-file-size setting (None: its default); ``assumptions``: the assume
    setting; ``target_keras``: the target-keras setting."""
    assert source.text is not None
    with no_cyclic_gc():  # importing makes objects that all stay alive: nothing to collect
        from lstm_lint.engine import MAX_SOURCE_CHARS, LimitReached
        from lstm_lint.lint import analyse_guarded

    program = analyse_guarded(source.text, source.path, max_chars=MAX_SOURCE_CHARS if max_chars is None else max_chars,
                              assumptions=assumptions, target_keras=target_keras)
    first = program.internal_errors[0] if program.internal_errors else None
    return SummarisedFile(None if program.aborted else program.analysis, program.analysis.parse_failure,
                          None if first is None else (first.line, first.message, isinstance(first, LimitReached)))


def render_summary_with(max_chars: Mapping[str, int], format_module: str, color: bool, ascii_only: bool,
                        source: SourceFile, explain: bool = False,
                        assumptions: Optional[Mapping[str, Mapping[str, Any]]] = None,
                        targets: Optional[Mapping[str, int]] = None) -> RenderedSummary:
    """``render_summary`` with the max-file-size setting of ``source``'s path in ``max_chars`` (its
    default for a path not there: a file that never mentions Keras is not analysed at all), its
    assume setting in ``assumptions`` and its target-keras setting in ``targets``."""
    return render_summary(format_module, color, source, max_chars.get(source.path), ascii_only, explain,
                          (assumptions or {}).get(source.path), (targets or {}).get(source.path, 3))


def render_summary(format_module: str, color: bool, source: SourceFile,
                   max_chars: Optional[int] = None, ascii_only: bool = False,
                   explain: bool = False, assumptions: Optional[Mapping[str, Any]] = None,
                   target_keras: int = 3) -> RenderedSummary:
    """``summary``'s work for one file: analyse it, then render it with ``format_module`` (a module
    of ``lstm_lint.formats``; ``ascii_only``: with ASCII box drawing). What was analysed is rendered even
    after an internal error, with ? where it is unknown; a file that does not parse renders nothing."""
    summarised = summarise_file(source, max_chars, assumptions, target_keras)
    if summarised.parse_failure is not None or summarised.analysis is None:
        return RenderedSummary((), summarised.parse_failure, summarised.internal_error)
    from lstm_lint.formats.style import Style

    renderer = import_module(f"lstm_lint.formats.{format_module}")
    style = Style(color, ascii_only, explain)  # explain: the chain under each footnote (text format)
    return RenderedSummary(tuple(renderer.render_file(summarised.analysis, style)), None,
                           summarised.internal_error, frozenset(summarised.analysis.assumptions_matched))


def check_file_with(per_file: Mapping[str, Tuple[Settings, FrozenSet[str]]],
                    otherwise: Tuple[Settings, FrozenSet[str]], source: SourceFile, fixes: bool = False) -> CheckedFile:
    """``check_file`` with the settings and codes of ``source``'s path in ``per_file``, else
    ``otherwise`` (for a file that never mentions Keras, which no setting changes)."""
    return check_file(*per_file.get(source.path, otherwise), source, fixes=fixes)


def check_file(settings: Settings, codes: FrozenSet[str], source: SourceFile, fixes: bool = False) -> CheckedFile:
    """``fixes``: with each diagnostic's fix (for the formats that show them)."""
    # noqa reads flake8's own patterns, and importing flake8 costs start-up time a cache hit never needs.
    from lstm_lint.noqa import NoqaComments, file_ignored

    text = source.text
    assert text is not None
    if not may_mention_keras(text):
        # Nothing to report: skip tokenizing the file for its noqa comments.
        return CheckedFile(skipped=file_ignored(text.splitlines(True)))
    noqa = NoqaComments(text)
    if noqa.file_ignored:
        return CheckedFile(skipped=True)
    with no_cyclic_gc():  # importing makes objects that all stay alive: nothing to collect
        from lstm_lint.lint import lint_file

    result = lint_file(text, source.path, settings, codes, ends=True, fixes=fixes)
    return CheckedFile(tuple(diagnostic for diagnostic in result.diagnostics
                             if diagnostic.code in codes and not noqa.suppresses(diagnostic.line, diagnostic.code)),
                       result.parse_failure, assumptions_matched=result.assumptions_matched)
