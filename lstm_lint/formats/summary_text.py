"""``lstm-lint summary`` as text: the table ``model.summary()`` prints, per model. In colour, the
model line and the total are bold."""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from lstm_lint import formulas
from lstm_lint.formats import unknowns
from lstm_lint.formats.style import PLAIN, Style
from lstm_lint.values import Unknown

if TYPE_CHECKING:  # the records' module imports dataclasses: join() runs in cached runs, without them
    from lstm_lint.analysis import Count, FileAnalysis, ModelSummary
    from lstm_lint.records import FileFailure


def format_count(count: Count) -> str:
    """``17,408``; an unknown count as its formula (``129 × len(class_names)``) or ``?``."""
    if isinstance(count, Unknown):
        return formulas.text(count) or "?"
    return f"{count:,}"


def _row_cells(model: ModelSummary, numbered: Dict[unknowns.Key, int]) -> List[List[str]]:
    cells = []
    for row in model.layers:
        name = row.name if row.name is not None else "?"
        kind = row.type if row.type is not None else "?"
        shape, params = row.shape_text, row.params_text or format_count(row.params)
        # Each ``?`` cell carries the number of the footnote that says why.
        if row.unknown:
            marked = unknowns.mark(row.unknown, numbered)
            shape += marked if "?" in shape else ""
            params += marked if isinstance(row.params, Unknown) else ""
        cells.append([f"{name} ({kind})", shape, params])
    return cells


# The table's lines, each (left, between columns, right, fill): top, header bar, under the header,
# between rows, row bar, bottom. Keras's own, and, for a stream that cannot write them (see
# style.can_encode), the same table in ASCII, in the style of rich's ASCII box.
Box = Tuple[Tuple[str, str, str, str], str, Tuple[str, str, str, str], Tuple[str, str, str, str], str,
            Tuple[str, str, str, str]]
BOX: Box = (("┏", "┳", "┓", "━"), "┃", ("┡", "╇", "┩", "━"), ("├", "┼", "┤", "─"), "│", ("└", "┴", "┘", "─"))
ASCII_BOX: Box = (("+", "-", "+", "-"), "|", ("|", "+", "|", "-"), ("|", "+", "|", "-"), "|", ("+", "-", "+", "-"))


def render_model(model: ModelSummary, path: str, style: Style = PLAIN) -> str:
    header = ["Layer (type)", "Output Shape", "Param #"]
    numbered = unknowns.numbers(model)
    cells = _row_cells(model, numbered)
    signs = _ASCII_SIGNS if style.ascii_only else {}
    cells = [[cell.translate(signs) for cell in row] for row in cells]
    widths = [max([len(header[i])] + [len(row[i]) for row in cells]) + 2 for i in range(3)]
    widths = [max(widths[0], 33), max(widths[1], 24), max(widths[2], 15)]

    def line(left: str, mid: str, right: str, fill: str) -> str:
        return left + mid.join(fill * width for width in widths) + right

    def row(values: Sequence[str], bar: str) -> str:
        parts = [f" {values[0]:<{widths[0] - 2}} ", f" {values[1]:<{widths[1] - 2}} ",
                 f" {values[2]:>{widths[2] - 2}} "]
        return bar + bar.join(parts) + bar

    box = ASCII_BOX if style.ascii_only else BOX
    out = [style.bold(f'Model: "{model.name}" ({path}:{model.line}, {model.kind_text()}{model.provenance()})'),
           line(*box[0]), row(header, box[1]), line(*box[2])]
    for index, cell in enumerate(cells):
        if index:
            out.append(line(*box[3]))
        out.append(row(cell, box[4]))
    out.append(line(*box[5]))
    totals = unknowns.mark(model.total_causes(), numbered)

    def total(count: Count) -> str:
        return (format_count(count) + (totals if isinstance(count, Unknown) else "")).translate(signs)
    out.append(style.bold(f" Total params: {total(model.total_params)}"))
    out.append(f" Trainable params: {total(model.trainable_params)}")
    out.append(f" Non-trainable params: {total(model.non_trainable_params)}")
    if model.optimizer_params is not None:
        out.append(f" Optimizer params: {total(model.optimizer_params)}")
    once_built = once_built_text(model)
    if once_built is not None:
        out.append(" " + once_built.translate(signs))
    if model.assumed:
        out.append(" " + assumed_text(model.assumed).translate(signs))
    notes = unknowns.footnotes(model, numbered, style.explain)
    if notes:
        out.append("")
        out.extend(" " + note for note in notes)
    return "\n".join(out)


# For a stream that cannot write them: formulas' and the assumed mark's signs in ASCII, as Python
# writes them (``65 * num_classes``, ``units**2``), rather than escaped.
_SUPERSCRIPTS = {superscript: f"**{digit}" for digit, superscript in zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")}
_ASCII_SIGNS = str.maketrans({"×": "*", "†": "+", **_SUPERSCRIPTS})


def once_built_text(model: ModelSummary) -> Optional[str]:
    """For a subclassed model Keras never builds, what its rows will count once each layer is
    built, beside the ``0 (unbuilt)`` Keras prints: ``Once built: embedding 800, dense ?`` (``?``
    where it depends on the layer's input, or on a build of the program's own). None for any other
    model."""
    parts = [f"{row.name if row.name is not None else '?'} {format_count(row.params_once_built)}"
             for row in model.layers if row.params_once_built is not None]
    return f"Once built: {', '.join(parts)}" if parts else None


def assumed_text(assumed: Dict[str, object]) -> str:
    """``†assumed num_classes=20``: the numbers above rest on these assumptions, not on proof."""
    return "\u2020assumed " + ", ".join(f"{name}={value!r}" for name, value in assumed.items())


# Every summary format renders a file as blocks, and joins the blocks of all the files: the result
# cache stores a file's blocks, so a cached run only joins them.
def render_file(analysis: FileAnalysis, style: Style = PLAIN) -> List[str]:
    """One block per model."""
    return [render_model(model, analysis.path, style) for model in analysis.summaries()]


def join(blocks: Sequence[str], errors: Sequence[FileFailure] = ()) -> str:
    """``errors`` are left to stderr in this format (only the JSON document lists them)."""
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def render(files: Sequence[FileAnalysis], style: Style = PLAIN) -> str:
    return join([block for analysis in files for block in render_file(analysis, style)])
