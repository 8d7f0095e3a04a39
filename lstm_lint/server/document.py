"""One open document, analysed: its diagnostics, and the shapes and counts an editor shows beside
the code (inlay hints) and over it (hovers). Plain data, no protocol: ``protocol.py`` sends it.

Never raises: as in ``lint.py``, an internal error becomes an LL900 diagnostic.
"""
from __future__ import annotations

import ast
import dataclasses
import os
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

from lstm_lint.analysis import LayerRow, ModelSummary
from lstm_lint.config import ConfigError, ProjectSettings, Settings
from lstm_lint.config_files import ConfigFiles
from lstm_lint.engine import Program
from lstm_lint.formats import summary_markdown, summary_text
from lstm_lint.formats.summary_text import format_count
from lstm_lint.graph.objects import Layer
from lstm_lint.layers.recurrent import bidirectional_formula, recurrent_formula
from lstm_lint.lint import analyse_guarded, lint_program
from lstm_lint.python.project import ModuleReader, read_disk
from lstm_lint.rules import INTERNAL_ERROR, Diagnostic, internal_error
from lstm_lint.rules.facts import first_input_shape
from lstm_lint.server.text import split_lines
from lstm_lint.source.parts import PartCache
from lstm_lint.source.lines import character_column
from lstm_lint.source.positions import code_ends

Position = Tuple[int, int]  # 1-based line, 0-based column in code points


@dataclass(frozen=True)
class InlayHint:
    """A label shown just after the code it describes, at ``line``/``column``."""

    line: int
    column: int
    label: str


@dataclass(frozen=True)
class Hover:
    """Markdown shown when the cursor rests on the code from ``start`` to ``end``."""

    start: Position
    end: Position
    markdown: str

    def covers(self, position: Position) -> bool:
        return self.start <= position <= self.end

    @property
    def size(self) -> Tuple[int, int]:
        return (self.end[0] - self.start[0], self.end[1] - self.start[1])


@dataclass
class DocumentReport:
    diagnostics: List[Diagnostic] = field(default_factory=list)
    hints: List[InlayHint] = field(default_factory=list)
    hovers: List[Hover] = field(default_factory=list)
    # The files of the project the analysis read for the document's imports of its own modules:
    # an edit of one of them is a reason to analyse the document again.
    dependencies: FrozenSet[str] = frozenset()

    def hover_at(self, position: Position) -> Optional[Hover]:
        """The innermost code with a hover around ``position`` (a layer inside a model's statement)."""
        around = [hover for hover in self.hovers if hover.covers(position)]
        return min(around, key=lambda hover: hover.size) if around else None


class DocumentSettings:
    """Each file's settings and enabled codes, from the configuration files around it, read afresh
    for each analysis: an edit to pyproject.toml applies from the next change on."""

    def settings(self, path: str) -> Tuple[Settings, FrozenSet[str]]:
        # The check command's own reading of select/ignore: the server reports the codes that
        # `lstm-lint check` would for the same file.
        from lstm_lint.commands.check import FileSettings

        return FileSettings(ProjectSettings(ConfigFiles(), {}), {})(path)


def analyse_document(text: str, path: str, settings_of: Optional[DocumentSettings] = None,
                     parse_cache: Optional[PartCache] = None,
                     open_texts: Optional[Mapping[str, str]] = None) -> DocumentReport:
    """Everything the editor shows for ``text`` (unsaved text included), read as the file at
    ``path`` (whose directory's configuration applies). ``parse_cache``: libcst's parses of the
    parts of earlier texts (the same document before an edit), reused where a part is unchanged.
    ``open_texts``: the other open documents' texts by path, read instead of the disk when the
    document imports one of them (what the user sees is what is analysed, saved or not)."""
    try:
        return _analyse(text, path, settings_of or DocumentSettings(), parse_cache, open_texts)
    except Exception as error:  # never crash the editor's session (the server survives any file)
        return DocumentReport([internal_error(1, f"{type(error).__name__}: {error}")])


def _analyse(text: str, path: str, settings_of: DocumentSettings, parse_cache: Optional[PartCache],
             open_texts: Optional[Mapping[str, str]] = None) -> DocumentReport:
    from lstm_lint.noqa import NoqaComments

    try:
        settings, codes = settings_of.settings(path)
    except ConfigError as error:
        # Reported where the user looks, on the first line; the file is still analysed with the
        # defaults, so the shapes and counts stay on screen.
        return dataclasses.replace(_analyse_with(text, path, Settings(), None, parse_cache, open_texts),
                                   diagnostics=[Diagnostic(1, 0, INTERNAL_ERROR, f"lstm-lint: {error}")])
    report = _analyse_with(text, path, settings, codes, parse_cache, open_texts)
    noqa = NoqaComments(text)
    if noqa.file_ignored:
        report.diagnostics = []
    else:
        report.diagnostics = [diagnostic for diagnostic in report.diagnostics
                              if not noqa.suppresses(diagnostic.line, diagnostic.code)]
    return report


def _analyse_with(text: str, path: str, settings: Settings, codes: Optional[FrozenSet[str]],
                  parse_cache: Optional[PartCache], open_texts: Optional[Mapping[str, str]] = None) -> DocumentReport:
    program = analyse_guarded(text, path, None, settings.max_file_size, dict(settings.assume), parse_cache,
                              settings.target_keras, read_module=None if not open_texts else _reader(open_texts))
    diagnostics = lint_program(program, settings, codes, ends=True, fixes=True).diagnostics
    if codes is not None:
        diagnostics = [diagnostic for diagnostic in diagnostics if diagnostic.code in codes]
    report = DocumentReport(diagnostics, dependencies=frozenset(
        os.path.abspath(dependency[0]) for dependency in program.dependencies if dependency[2] is not None))
    if program.aborted or program.tree is None:
        return report
    try:
        report.hints, report.hovers = _shapes_and_counts(program, path)
    except Exception as error:  # a bug in presenting the results: say so, keep the diagnostics
        report.diagnostics.append(internal_error(1, f"{type(error).__name__}: {error}"))
    return report


def _reader(open_texts: Mapping[str, str]) -> ModuleReader:
    """A module's text: its open document's, else the disk's."""
    by_path = {os.path.abspath(path): text for path, text in open_texts.items()}

    def read(path: str) -> Optional[str]:
        text = by_path.get(os.path.abspath(path))
        return text if text is not None else read_disk(path)
    return read


def _shapes_and_counts(program: Program, path: str) -> Tuple[List[InlayHint], List[Hover]]:
    assert program.tree is not None
    lines = split_lines(program.text)
    ends = code_ends(program.tree, lines, longest=True)
    layers_at: Dict[Position, List[Layer]] = {}
    for layer in program.layers:
        layers_at.setdefault((layer.line, layer.column), []).append(layer)
    rows_at: Dict[Position, List[Tuple[LayerRow, ModelSummary]]] = {}
    for model in program.analysis.models:
        for row in model.layers:
            # An op's row (``x + y``) has no constructor call to label: the hints are for layers.
            if row.type is not None and not row.op and row.type not in ("Sequential", "Functional"):
                rows_at.setdefault((row.line, row.column), []).append((row, model))
    hints: List[InlayHint] = []
    hovers: List[Hover] = []
    for start, found in rows_at.items():
        end = ends.get(start)
        if end is None:
            continue
        distinct = {(row.shape_text, row.params_text or format_count(row.params)) for row, _ in found}
        if len(distinct) > 1 or len(layers_at.get(start, [])) > 1:
            # Several layers are constructed by this code (in a loop, a function called twice):
            # one label would be wrong for all but one of them.
            hints.append(InlayHint(*end, "? (several layers are built here)"))
            continue
        row = found[0][0]
        hints.append(InlayHint(*end, with_reason(f"{row.shape_text} · {row.params_text or format_count(row.params)}",
                                                 unknown_reasons(row))))
        built_here = layers_at.get(start)
        hovers.append(Hover(start, end, _layer_markdown(row, [model for _, model in found],
                                                        built_here[0] if built_here else None)))
    in_some_runs = {id(item) for model in program.models_in_some_runs for item in model.layers()}
    for start, built_here in layers_at.items():
        # A layer called outside every model shown (a graph not yet made a model, or a model built
        # in some runs only): what Keras gives for it, ``layer.output.shape`` and
        # ``layer.count_params()``, is what its row would show.
        end = ends.get(start)
        if start in rows_at or end is None or not any(layer.nodes for layer in built_here):
            continue
        if len(built_here) > 1:
            hints.append(InlayHint(*end, "? (several layers are built here)"))
            continue
        row = outside_row(built_here[0])
        hints.append(InlayHint(*end, f"{row.shape_text} · {format_count(row.params)}"))
        where = ", in a model built in some runs only" if id(built_here[0]) in in_some_runs else ", in no model"
        hovers.append(Hover(start, end, _layer_markdown(row, [], built_here[0], where)))
    first_statements: Dict[int, Position] = {}  # line -> the first simple statement starting there
    for node in ast.walk(program.tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            start = (node.lineno, character_column(lines, node.lineno, node.col_offset))
            if start < first_statements.get(node.lineno, (node.lineno + 1, 0)):
                first_statements[node.lineno] = start
    models_at: Dict[Position, List[ModelSummary]] = {}
    for model in program.analysis.models:
        start = (model.line, model.column)
        if start not in ends and model.line in first_statements:
            # Named where its builder is called (``small = build()``): the hint follows that call.
            start = first_statements[model.line]
        models_at.setdefault(start, []).append(model)
    for start, models in models_at.items():
        end = ends.get(start)
        if end is None:
            continue
        if len(models) > 1:
            # A function that builds a model, called twice: each call's model is shown on hover.
            label = "? (several models are built here)"
        else:
            label = with_reason(f"{format_count(models[0].total_params)} params", unknown_reasons(models[0]))
        hints.append(InlayHint(*end, label))
        hovers.append(Hover(start, end, "\n\n".join(_model_markdown(model, path) for model in models)))
    hints.sort(key=lambda hint: (hint.line, hint.column))
    return hints, hovers


def outside_row(layer: Layer) -> LayerRow:
    """The row a layer in no model would have in one (as graph/summary.py makes rows)."""
    weights = layer.current_weights()
    return LayerRow(layer.name, layer.type_name, layer.line, layer.last_output(), weights.total,
                    weights.trainable, weights.non_trainable)


def _layer_markdown(row: LayerRow, models: List[ModelSummary], layer: Optional[Layer], where: str = "") -> str:
    names = ", ".join(f'"{summary_markdown.escape(model.name)}"' for model in models)
    where = where or f", in model {names}"
    lines = [f"**{summary_markdown.escape(row.name or '?')}** ({summary_markdown.escape(row.type or '?')}){where}", "",
             "| Output shape | Param # | Trainable | Non-trainable |", "| --- | ---: | ---: | ---: |",
             f"| {summary_markdown.escape(row.shape_text)} | {row.params_text or format_count(row.params)} | "
             f"{format_count(row.trainable_params)} | {format_count(row.non_trainable_params)} |"]
    reasons = unknown_reasons(row)
    if reasons:
        lines += ["", "Unknown (`?`) because:", *(f"- {summary_markdown.escape(reason)}" for reason in reasons)]
    formula = parameter_formula(layer, row) if layer is not None else None
    if formula is not None:
        lines += ["", f"`{formula}`"]
    return "\n".join(lines)


# The longest reason a hint's label shows (a hint shares the line with the code); the hover shows
# every reason whole.
MAX_REASON = 60


def unknown_reasons(record: Union[LayerRow, ModelSummary]) -> List[str]:
    """``line 7: len(...) is computed at run time``: why a row or a model's total shows ``?``,
    first cause first, where the analysis records causes (a row's ``unknown``, a model's
    ``total_causes()``); none where it does not."""
    if isinstance(record, ModelSummary):
        total_causes = getattr(record, "total_causes", None)
        causes = total_causes() if callable(total_causes) else []
    else:
        causes = getattr(record, "unknown", None) or []
    reasons: List[str] = []
    for cause in causes:
        reason = f"line {cause.shown().line}: {cause.text()}"
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def with_reason(label: str, reasons: List[str]) -> str:
    """The label, and, when it shows ``?``, the first reason (shortened)."""
    if "?" not in label or not reasons:
        return label
    reason = reasons[0] if len(reasons[0]) <= MAX_REASON else reasons[0][:MAX_REASON - 1] + "…"
    return f"{label} ({reason})"


def parameter_formula(layer: Layer, row: LayerRow) -> Optional[str]:
    """``4 × (units × (units + input_dim) + units) = 4 × (64 × (64 + 3) + 64) = 17,408`` for a
    SimpleRNN, LSTM or GRU layer (or a Bidirectional one), when every value is known and the sum
    is the count in the layer's row."""
    shape = first_input_shape(layer)
    input_dim = shape[-1] if shape else None
    if layer.class_name == "Bidirectional":
        formula = bidirectional_formula(layer.config, input_dim)
    else:
        formula = recurrent_formula(layer.class_name, layer.config, input_dim)
    if formula is None or formula[2] != row.params:
        return None
    words, values, total = formula
    return f"{words} = {values} = {total:,}"


def _model_markdown(model: ModelSummary, path: str) -> str:
    return "```text\n" + summary_text.render_model(model, path) + "\n```"
