"""``lstm-lint diff`` as text: one line per model, ``old → new (+delta, +x.x%)``, and under it the
layers that changed. Unknown counts are ``?`` and come with no invented delta; a layer of unknown
size says which of its arguments changed. Models of unknown size in which lstm-lint sees no change
come last, as ones that may have changed."""
from __future__ import annotations

from typing import List, Optional, Sequence

from lstm_lint.formats.summary_text import assumed_text, format_count
from lstm_lint.graph.shapes import format_shape_tree
from lstm_lint.model_diff import (
    ADDED, REMOVED, UNSURE, ArgumentChange, CountChange, DiffReport, LayerChange, ModelChange,
)

# Longer argument values are cut short in text: the JSON has them whole.
MAX_VALUE_CHARS = 40


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
    if change.old == change.new and not change.unknown:  # unknown twice is not "unchanged"
        return f"{format_count(change.new)} (unchanged)"
    return f"{format_count(change.old)} → {format_count(change.new)} ({format_delta(change)})"


def short_value(text: Optional[str]) -> str:
    """An argument's value as written, ``(default)`` where it is not written."""
    if text is None:
        return "(default)"
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 3] + "..."


def format_argument(change: ArgumentChange) -> str:
    return f"{change.name}: {short_value(change.old)} → {short_value(change.new)}"


def what_changed(layer: LayerChange) -> Optional[str]:
    """For a layer whose size is unknown: the arguments that changed or else the output shape, when
    either did; None when the counts tell it all."""
    if layer.arguments:
        return ", ".join(format_argument(change) for change in layer.arguments)
    if layer.old_shape is None or layer.new_shape is None \
            or None not in (layer.params.delta, layer.trainable_params.delta):
        return None  # no such side, or the counts tell it all
    before, after = format_shape_tree(layer.old_shape), format_shape_tree(layer.new_shape)
    return f"output {before} → {after}" if before != after else None


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


def _models(models: Sequence[ModelChange]) -> List[str]:
    out: List[str] = []
    heads = _columns([[model_location(model), model.name, format_counts(model.total_params, model.trainable_params)
                       + (f" ({assumed_text(model.assumed)})" if model.assumed else "")]
                      for model in models], "")
    for model, head in zip(models, heads):
        out.append(head)
        if model.layers and model.status not in (ADDED, REMOVED):
            # (An added or removed model's layers all came or went with it: the total says it all.)
            out.extend(_columns([[_layer_line(layer), layer_label(layer), _layer_counts(layer)]
                                 for layer in model.layers], "    "))
    return out


def _layer_counts(layer: LayerChange) -> str:
    text = format_counts(layer.params, layer.trainable_params)
    detail = what_changed(layer)
    return text if detail is None else f"{text}; {detail}"


def _models_count(count: int) -> str:
    return f"{count} model{'s' if count != 1 else ''}"


def render(report: DiffReport) -> str:
    title = f"from {report.base} to {report.head_label}"
    if not report.models:
        return f"No model changed size {title}.\n"
    changed = [model for model in report.models if model.status != UNSURE]
    unsure = [model for model in report.models if model.status == UNSURE]
    out: List[str] = []
    if changed:
        out.extend([f"{_models_count(len(changed))} changed size {title}:", ""])
        out.extend(_models(changed))
    if unsure:
        if changed:
            out.extend(["", f"{len(unsure)} more may have changed size (unknown in both revisions):", ""])
        else:
            out.extend([f"{_models_count(len(unsure))} may have changed size {title} "
                        "(unknown in both revisions):", ""])
        out.extend(_models(unsure))
    return "\n".join(out) + "\n"


def _layer_line(layer: LayerChange) -> str:
    """Where the layer is made: in the new version, or, for a removed layer, where it was."""
    if layer.new is not None:
        return f"line {layer.new.line}"
    assert layer.old is not None
    return f"was line {layer.old.line}"
