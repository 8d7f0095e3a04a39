"""``lstm-lint diff --format json``: the documented, stable shape for tools.

::

    {"base": "main", "head": "HEAD" or null (the working tree),
     "models": [{"status": "changed" | "added" | "removed", "name": ..., "kind": "Sequential" | ...,
                 "old": {"path": ..., "line": ...} or null (added), "new": {...} or null (removed),
                 "total_params": COUNTS, "trainable_params": COUNTS,
                 "layers": [{"status": ..., "type": ..., "old": {"name": ..., "line": ...} or null,
                             "new": {...} or null, "params": COUNTS, "trainable_params": COUNTS}]}]}

COUNTS is ``{"old": int, "new": int, "delta": int, "percent": float}``: ``old``/``new`` are null for
a side that does not exist or a count lstm-lint cannot know; ``delta`` (new - old, the whole count for
an added or removed thing) is null when a count is unknown; ``percent`` (delta / old * 100, rounded
to 0.01) is null unless both counts are known and old is not 0.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

from lstm_lint.analysis import count_to_json
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


def _layer_side(side: Optional[Side]) -> Optional[Dict[str, Any]]:
    return {"name": side.name, "line": side.line} if side is not None else None


def layer_to_json(layer: LayerChange) -> Dict[str, Any]:
    return {
        "status": layer.status,
        "type": layer.type,
        "old": _layer_side(layer.old),
        "new": _layer_side(layer.new),
        "params": counts_to_json(layer.params),
        "trainable_params": counts_to_json(layer.trainable_params),
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
        "layers": [layer_to_json(layer) for layer in model.layers],
    }


def render(report: DiffReport) -> str:
    document = {"base": report.base, "head": report.head,
                "models": [model_to_json(model) for model in report.models]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
