"""From the objects a program built to what ``model.summary()`` prints."""
from __future__ import annotations

from typing import List, Optional

from lstm_lint.analysis import LayerRow, ModelSummary
from lstm_lint.graph import build
from lstm_lint.graph.arguments import layer_arguments
from lstm_lint.graph.objects import Layer, Model, Operation
from lstm_lint.graph.reasons import Reasons, item_has_unknown
from lstm_lint.values import UNKNOWN, Cause


def summarise(model: Model, reasons: Optional[Reasons] = None) -> ModelSummary:
    if model.kind == "Sequential":
        build.sequential_finish(model)
    reasons = Reasons() if reasons is None else reasons
    rows: List[LayerRow] = []
    causes: List[Cause] = reasons.model_causes(model)
    for item in model.layers():
        unknown: List[Cause] = []
        if item_has_unknown(item):
            cause = reasons.of_item(item, model)
            if cause is None:
                # Every unknown has a reason: here, that the specs could not say more.
                cause = Cause(item.line, getattr(item, "column", 0), "lstm-lint cannot compute this "
                              "row from what it knows of its arguments and inputs")
                causes.append(cause)
            unknown = [cause]
        if isinstance(item, Operation):
            rows.append(LayerRow(None, None, item.line, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, unknown=unknown))
            continue
        weights = item.current_weights()
        if isinstance(item, Layer):
            name, arguments = item.name, layer_arguments(item)
        else:
            name, arguments = item.keras_name, None
        rows.append(LayerRow(name, item.type_name, item.line, item.last_output(), weights.total,
                             weights.trainable, weights.non_trainable, arguments, unknown=unknown,
                             column=item.column))
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
        unknown=causes,
        # The call's line is recorded, not its column: 0, and readers look for the statement there.
        column=0 if named_at_call else model.column,
    )
