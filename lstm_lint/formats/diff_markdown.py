"""``lstm-lint diff --format markdown``: a comment a review bot can post on a pull request. A table
of the models whose size changed (or may have: unknown in both revisions), then, for each model in
both revisions, a table of the layers that did it."""
from __future__ import annotations

from typing import List, Optional, Sequence

from lstm_lint.formats.diff_text import added_or_removed, format_delta, short_value, shows_trainable, what_changed
from lstm_lint.formats.summary_text import assumed_text, format_count
from lstm_lint.model_diff import (
    ADDED, REMOVED, UNSURE, CountChange, DiffReport, LayerChange, ModelChange,
)

TITLE = "### lstm-lint: model size changes"


def code(text: str) -> str:
    """``text`` as inline code that is safe in a table cell (GitHub splits cells on ``|`` even
    inside backticks)."""
    text = text.replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    padding = " " if fence == "``" else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _counts(change: CountChange) -> str:
    one_side = added_or_removed(change)
    if one_side is not None:
        return one_side
    assert change.old is not None and change.new is not None
    if change.old == change.new and not change.unknown:
        return format_count(change.new)
    return f"{format_count(change.old)} → {format_count(change.new)}"


def _delta(change: CountChange) -> str:
    if change.old is not None and change.new is not None and change.old == change.new and not change.unknown:
        return "unchanged"
    text = format_delta(change)
    return text if change.percent is None else text.replace(", ", " (", 1) + ")"


def _value(text: Optional[str]) -> str:
    return code(short_value(text)) if text is not None else short_value(text)


def _layer_delta(layer: LayerChange) -> str:
    """The change of the layer's count; for one of unknown size, what changed in its arguments
    (or output shape), or that it may have changed."""
    text = _delta(layer.params)
    if layer.arguments:
        return text + ": " + ", ".join(f"{code(change.name)} {_value(change.old)} → {_value(change.new)}"
                                       for change in layer.arguments)
    detail = what_changed(layer)
    if detail is not None:
        return f"{text}: {code(detail)}"
    return f"{text} (may have changed)" if layer.status == UNSURE else text


def _table(header: Sequence[str], align: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    return (["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
            + ["| " + " | ".join(row) + " |" for row in rows])


def _model_where(model: ModelChange) -> str:
    where = code(f"{model.path}:{model.line}")
    if model.old is not None and model.new is not None and model.old.path != model.new.path:
        where += f" (was {code(model.old.path)})"
    if model.status in (ADDED, REMOVED):
        where += f" ({model.status})"
    elif model.status == UNSURE:
        where += " (may have changed)"
    if model.assumed:
        where += f" ({code(assumed_text(model.assumed))})"
    return where


def _layer_rows(layers: Sequence[LayerChange]) -> List[List[str]]:
    rows = []
    for layer in layers:
        side = layer.new or layer.old
        assert side is not None
        name = code(side.name) if side.name is not None else "?"
        if layer.old is not None and layer.new is not None and layer.old.name != layer.new.name:
            name += f" (was {code(layer.old.name) if layer.old.name is not None else '?'})"
        line = str(layer.new.line) if layer.new is not None else f"was {layer.old.line}" if layer.old else ""
        rows.append([name, layer.type or "?", line, _counts(layer.params), _layer_delta(layer)])
    return rows


def render(report: DiffReport) -> str:
    head = code(report.head) if report.head is not None else "the working tree"
    out = [TITLE, "", f"From {code(report.base)} to {head}.", ""]
    if not report.models:
        out.append("No model changed size.")
        return "\n".join(out) + "\n"
    trainable = any(shows_trainable(model.total_params, model.trainable_params) for model in report.models)
    header = ["Model", "Where", "Total params", "Change"] + (["Trainable params"] if trainable else [])
    align = ["---", "---", "---:", "---:"] + (["---:"] if trainable else [])
    rows = []
    for model in report.models:
        row = [code(model.name), _model_where(model), _counts(model.total_params), _delta(model.total_params)]
        if trainable:
            change = model.trainable_params
            row.append(_counts(change) + ("" if model.status in (ADDED, REMOVED) else f" ({_delta(change)})"))
        rows.append(row)
    out.extend(_table(header, align, rows))
    if any(model.status == UNSURE for model in report.models):
        out.extend(["", "A model that *may have changed* has a size lstm-lint cannot know in either revision, "
                        "and no change it can see: it cannot tell whether the model changed."])
    for model in report.models:
        if model.status in (ADDED, REMOVED) or not model.layers:
            continue  # an added or removed model: every layer came or went with it
        out.extend(["", f"#### {code(model.name)} in {code(model.path)}", ""])
        out.extend(_table(["Layer", "Type", "Line", "Params", "Change"], ["---", "---", "---:", "---:", "---:"],
                          _layer_rows(model.layers)))
    return "\n".join(out) + "\n"
