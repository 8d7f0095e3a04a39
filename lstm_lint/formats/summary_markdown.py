"""``lstm-lint summary --format markdown``: GitHub-flavoured Markdown a bot can paste in a comment.

Per model, a line with its name, ``file:line`` and kind, then a table with one row per layer (name,
type, output shape, parameters) and a last row with the total, then the trainable and
non-trainable counts. ``?`` stands for what is unknown, as in the text format.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, List, Sequence

from lstm_lint.formats.style import PLAIN, Style
from lstm_lint.formats import unknowns
from lstm_lint.formats.summary_text import assumed_text, format_count, once_built_text
from lstm_lint.values import Unknown

if TYPE_CHECKING:  # as in summary_text.py
    from lstm_lint.analysis import Count, FileAnalysis, ModelSummary
    from lstm_lint.records import FileFailure

# Backslashes and pipes would break the table; the others would turn into emphasis, code or HTML.
_SPECIAL = re.compile(r"([\\|*`<>\[\]])")
NO_MODELS = "No Keras models found.\n"


def escape(text: str) -> str:
    # A line break would end the table row: it becomes a space, as in the diff's tables.
    return _SPECIAL.sub(r"\\\1", text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def render_model(model: ModelSummary, path: str) -> str:
    lines: List[str] = [
        f"**Model \"{escape(model.name)}\"** ({escape(path)}:{model.line}, "
        f"{escape(model.kind_text() + model.provenance())})",
        "",
        "| Layer | Type | Output shape | Params |",
        "| --- | --- | --- | ---: |",
    ]
    numbered = unknowns.numbers(model)
    for row in model.layers:
        shape, params = row.shape_text, row.params_text or format_count(row.params)
        if row.unknown:  # each ``?`` cell carries the number of the footnote that says why
            marked = unknowns.mark(row.unknown, numbered)
            shape += marked if "?" in shape else ""
            params += marked if isinstance(row.params, Unknown) else ""
        cells = [row.name if row.name is not None else "?", row.type if row.type is not None else "?",
                 shape, params]
        lines.append("| " + " | ".join(escape(cell) for cell in cells) + " |")
    totals = unknowns.mark(model.total_causes(), numbered)

    def total(count: Count) -> str:
        return format_count(count) + (totals if isinstance(count, Unknown) else "")
    lines.append(f"| **Total** | | | **{escape(total(model.total_params))}** |")
    lines.append("")
    lines.append(f"Trainable params: {escape(total(model.trainable_params))}, "
                 f"non-trainable params: {escape(total(model.non_trainable_params))}"
                 + ("" if model.optimizer_params is None
                    else f", optimizer params: {escape(total(model.optimizer_params))}"))
    once_built = once_built_text(model)
    if once_built is not None:
        lines.append("")
        lines.append(escape(once_built))
    if model.assumed:
        lines.append("")
        lines.append(escape(assumed_text(model.assumed)))
    notes = unknowns.footnotes(model, numbered)
    if notes:
        lines.append("")
        lines.extend(escape(note) + "  " for note in notes[:-1])  # two spaces: a line break
        lines.append(escape(notes[-1]))
    return "\n".join(lines) + "\n"


def render_file(analysis: FileAnalysis, style: Style = PLAIN) -> List[str]:
    """One block per model. ``style`` is ignored: Markdown is never coloured."""
    return [render_model(model, analysis.path.replace("\\", "/")) for model in analysis.summaries()]


def join(blocks: Sequence[str], errors: Sequence[FileFailure] = ()) -> str:
    """``errors`` are left to stderr in this format (only the JSON document lists them)."""
    return "\n".join(blocks) if blocks else NO_MODELS


def render(files: Sequence[FileAnalysis], style: Style = PLAIN) -> str:
    return join([block for analysis in files for block in render_file(analysis, style)])
