"""From the objects a program built to what ``model.summary()`` prints."""
from __future__ import annotations

from typing import List

from lstm_lint.analysis import LayerRow, ModelSummary
from lstm_lint.graph import build
from lstm_lint.graph.arguments import layer_arguments
from lstm_lint.graph.objects import Layer, Model, Operation
from lstm_lint.values import UNKNOWN


def summarise(model: Model) -> ModelSummary:
    if model.kind == "Sequential":
        build.sequential_finish(model)
    rows: List[LayerRow] = []
    for item in model.layers():
        if isinstance(item, Operation):
            rows.append(LayerRow(None, None, item.line, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN))
            continue
        weights = item.current_weights()
        if isinstance(item, Layer):
            name, arguments = item.name, layer_arguments(item)
        else:
            name, arguments = item.keras_name, None
        rows.append(LayerRow(name, item.type_name, item.line, item.last_output(), weights.total,
                             weights.trainable, weights.non_trainable, arguments))
    totals = model.current_weights()
    named_at_call = model.built_by is not None and model.call_line is not None
    return ModelSummary(
        name=model.name or model.keras_name or model.kind.lower(),
        line=model.call_line if named_at_call and model.call_line is not None else model.line,
        keras_name=model.keras_name,
        keras_name_given=model.explicit_keras_name,
        built_by=model.built_by if named_at_call else None,
        built_at=model.line if named_at_call else None,
        kind=model.kind,
        layers=rows,
        total_params=totals.total,
        trainable_params=totals.trainable,
        non_trainable_params=totals.non_trainable,
    )
