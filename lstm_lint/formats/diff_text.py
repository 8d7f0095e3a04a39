"""``lstm-lint diff`` as text: one line per model, ``old → new (+delta, +x.x%)``, and under it the
layers that changed. Unknown counts are ``?`` and come with no invented delta."""
from __future__ import annotations

from typing import List, Optional, Sequence

from lstm_lint.formats.summary_text import format_count
from lstm_lint.model_diff import ADDED, REMOVED, CountChange, DiffReport, LayerChange, ModelChange


def format_delta(change: CountChange) -> str:
    """``+6,622, +61.0%``; just the delta when there is no percent (old count 0, or an added or
    removed thing); ``change unknown`` when a count is unknown."""
    delta = change.delta
    if delta is None:
        return "change unknown"
    percent = change.percent
    return f"{delta:+,}" if percent is None else f"{delta:+,}, {percent:+.1f}%"


def added_or_removed(change: CountChange) -> Optional[str]:
    """"added: N" or "removed: N" for a count on one side only; None when on both."""
    if change.old is None:
        assert change.new is not None
        return f"added: {format_count(change.new)}"
    if change.new is None:
        return f"removed: {format_count(change.old)}"
    return None


def format_change(change: CountChange) -> str:
    one_side = added_or_removed(change)
    if one_side is not None:
        return one_side
    assert change.old is not None and change.new is not None
    if change.old == change.new:
        return f"{format_count(change.new)} (unchanged)"
    return f"{format_count(change.old)} → {format_count(change.new)} ({format_delta(change)})"


def shows_trainable(total: CountChange, trainable: CountChange) -> bool:
    """The trainable count says something the total does not: some weights are not trainable."""
    return trainable.old != total.old or trainable.new != total.new


def format_counts(total: CountChange, trainable: CountChange) -> str:
    """The total's change, and the trainable count's when it differs from the total."""
    text = format_change(total)
    if shows_trainable(total, trainable):
        text += f"; trainable {format_change(trainable)}"
    return text


def layer_label(layer: LayerChange) -> str:
    side = layer.new or layer.old
    assert side is not None
    name = side.name if side.name is not None else "?"
    kind = layer.type if layer.type is not None else "?"
    renamed = layer.old is not None and layer.new is not None and layer.old.name != layer.new.name
    return f"{name} ({kind}, was {layer.old.name or '?'})" if renamed and layer.old else f"{name} ({kind})"


def model_location(model: ModelChange) -> str:
    where = f"{model.path}:{model.line}"
    if model.old is not None and model.new is not None and model.old.path != model.new.path:
        where += f" (was {model.old.path})"
    return where


def _columns(rows: Sequence[Sequence[str]], indent: str) -> List[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [indent + "  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]])
            for row in rows]


def render(report: DiffReport) -> str:
    title = f"from {report.base} to {report.head_label}"
    if not report.models:
        return f"No model changed size {title}.\n"
    models = report.models
    count = f"{len(models)} model{'s' if len(models) != 1 else ''}"
    out = [f"{count} changed size {title}:", ""]
    heads = _columns([[model_location(model), model.name, format_counts(model.total_params, model.trainable_params)]
                      for model in models], "")
    for model, head in zip(models, heads):
        out.append(head)
        if model.layers and model.status not in (ADDED, REMOVED):
            # (An added or removed model's layers all came or went with it: the total says it all.)
            out.extend(_columns([[_layer_line(layer), layer_label(layer),
                                  format_counts(layer.params, layer.trainable_params)]
                                 for layer in model.layers], "    "))
    return "\n".join(out) + "\n"


def _layer_line(layer: LayerChange) -> str:
    """Where the layer is made: in the new version, or, for a removed layer, where it was."""
    if layer.new is not None:
        return f"line {layer.new.line}"
    assert layer.old is not None
    return f"was line {layer.old.line}"
