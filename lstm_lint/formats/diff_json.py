"""``lstm-lint diff --format json``: the documented, stable shape for tools.

::

    {"base": "main", "head": "HEAD" or null (the working tree),
     "models": [{"status": "changed" | "added" | "removed" | "unknown", "name": ...,
                 "kind": "Sequential" | ...,
                 "old": {"path": ..., "line": ...} or null (added), "new": {...} or null (removed),
                 "total_params": COUNTS, "trainable_params": COUNTS,
                 "layers": [{"status": ..., "type": ...,
                             "old": {"name": ..., "line": ..., "output_shape": SHAPE} or null,
                             "new": {...} or null, "params": COUNTS, "trainable_params": COUNTS,
                             "changed_arguments": [{"name": ..., "old": ..., "new": ...}]}]}]}

``"unknown"``: the size is unknown in both revisions and lstm-lint sees no change, so it cannot
tell whether there was one. COUNTS is ``{"old": int, "new": int, "delta": int, "percent": float}``:
``old``/``new`` are null for a side that does not exist or a count lstm-lint cannot know; ``delta``
(new - old, the whole count for an added or removed thing) is null when a count is unknown;
``percent`` (delta / old * 100, rounded to 0.01) is null unless both counts are known and old is not
0. SHAPE is as in the summary's JSON: a list of dims, ``null`` for Keras's None and ``"?"`` for a
dimension lstm-lint cannot know, or null for a shape unknown as a whole. ``changed_arguments``, for
a layer in both revisions whose counts cannot tell what changed: each argument as written that
differs, its value as Python source text (``"?"`` where it cannot be evaluated) or null where it is
not written.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

from lstm_lint.analysis import count_to_json
from lstm_lint.graph.shapes import ShapeTree, shape_to_json
from lstm_lint.model_diff import CountChange, DiffReport, LayerChange, ModelChange, Side


def counts_to_json(change: CountChange) -> Dict[str, Any]:
    percent = change.percent
    return {
        "old": count_to_json(change.old) if change.old is not None else None,
        "new": count_to_json(change.new) if change.new is not None else None,
        "delta": change.delta,
        "percent": round(percent, 2) if percent is not None else None,
    }


def _model_side(side: Optional[Side]) -> Optional[Dict[str, Any]]:
    return {"path": side.path, "line": side.line} if side is not None else None


def _layer_side(side: Optional[Side], shape: Optional[ShapeTree]) -> Optional[Dict[str, Any]]:
    if side is None or shape is None:
        return None
    return {"name": side.name, "line": side.line, "output_shape": shape_to_json(shape)}


def layer_to_json(layer: LayerChange) -> Dict[str, Any]:
    return {
        "status": layer.status,
        "type": layer.type,
        "old": _layer_side(layer.old, layer.old_shape),
        "new": _layer_side(layer.new, layer.new_shape),
        "params": counts_to_json(layer.params),
        "trainable_params": counts_to_json(layer.trainable_params),
        "changed_arguments": [{"name": change.name, "old": change.old, "new": change.new}
                              for change in layer.arguments],
    }


def model_to_json(model: ModelChange) -> Dict[str, Any]:
    return {
        "status": model.status,
        "name": model.name,
        "kind": model.kind,
        "old": _model_side(model.old),
        "new": _model_side(model.new),
        "total_params": counts_to_json(model.total_params),
        "trainable_params": counts_to_json(model.trainable_params),
        "assumed": {name: list(value) if isinstance(value, tuple) else value
                    for name, value in model.assumed.items()},
        "layers": [layer_to_json(layer) for layer in model.layers],
    }


def render(report: DiffReport) -> str:
    document = {"base": report.base, "head": report.head,
                "models": [model_to_json(model) for model in report.models]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
