"""What ``model.summary()`` prints where the program calls it, when the model changes afterwards.

Keras's own guides build a Sequential a layer at a time and print its summary between the
``add()`` calls; a script may also freeze layers (``layer.trainable = False``) or ``pop()`` after a
summary. Each such call prints the model as it is at that moment, which the model the file leaves
(the one ``lstm-lint summary`` reports) no longer shows. ``take`` records the table at the call;
``reported`` keeps, per reported model, the tables that differ from what the model shows next.

A call is recorded only when it runs in every run that gets there in the same state: not inside
an ``if`` on a run-time condition, a loop that runs an unknown number of times or an ``except``
handler (it may not run, or run several times on different models), nor inside a traced ``call``.
The binding decides that; this module only records and compares.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple

from lstm_lint import formulas
from lstm_lint.layers.spec import add_counts
from lstm_lint.values import Cause, Unknown
from lstm_lint.analysis import Count, ModelSummary, count_to_json
from lstm_lint.graph import optimizers
from lstm_lint.graph.objects import InputLayer, Model, Operation
from lstm_lint.graph.reasons import Reasons
from lstm_lint.graph.summary import summarise


class SummaryCall(NamedTuple):
    """One ``model.summary()`` call and the table it prints."""

    model: Model
    line: int
    column: int  # 0-based, of the call
    table: ModelSummary  # the model as summarise() describes it at the call


def built(model: Model) -> bool:
    """Whether Keras has built the model at this point. A Sequential with neither an ``Input`` nor
    a first layer that declares its input is not built: Keras 3's summary then lists its layers
    with ``?`` shapes and ``0 (unbuilt)`` parameters, nothing to compare, so no table is recorded.
    A first row lstm-lint does not know may have built it: recorded (its rows show ``?``)."""
    if model.kind != "Sequential":
        return True
    return bool(model.sequence) and isinstance(model.sequence[0], (InputLayer, Operation))


def take(model: Model, line: int, column: int) -> SummaryCall:
    """The table ``model.summary()`` prints now. summarise() sets a Sequential's inputs and outputs
    from its layers so far: they are put back, so that the rest of the program sees the model
    exactly as it would have without this call."""
    inputs, outputs = model.inputs, model.outputs
    try:
        table = summarise(model, Reasons())
    finally:
        model.inputs, model.outputs = inputs, outputs
    optimizer = optimizers.summary_params(model)
    if optimizer is not None:
        # summary_utils: "Optimizer params" once model.optimizer is built, added to Total params.
        unknown = list(table.unknown)
        if isinstance(optimizer, Unknown):
            unknown.append(Cause(line, column, "the variables of the optimizer are not known here: it may be "
                                 "built or not, or lstm-lint does not count its class's or arguments' variables"))
        table = dataclasses.replace(table, optimizer_params=optimizer, unknown=unknown,
                                    total_params=add_counts(table.total_params, optimizer))
    return SummaryCall(model, line, column, table)


def _shown(table: ModelSummary) -> Tuple[Any, ...]:
    """What the printed table shows: each row's name, type, shape and count, and the totals (a
    count unknown as a formula as that formula's text)."""
    rows = tuple((row.name, row.type, row.shape_text, _count(row.params)) for row in table.layers)
    optimizer = None if table.optimizer_params is None else _count(table.optimizer_params)
    return rows, _count(table.total_params), _count(table.trainable_params), _count(table.non_trainable_params), \
        optimizer


def _count(count: Count) -> Tuple[Optional[int], Optional[str]]:
    return count_to_json(count), formulas.python_text(count)


def reported(calls: Sequence[SummaryCall], models: Sequence[Model], finals: Sequence[ModelSummary]
             ) -> Dict[int, List[ModelSummary]]:
    """Per reported model (by its index in ``models``), the tables of its summary() calls, in the
    order they ran, each under the model's reported name and at the call's line. A table the model
    shows again next (at its next summary() call, or as the file leaves it) is left out: it adds
    nothing to what follows. Calls on a model that is not reported (one of several alternatives,
    an application built inside a builder) are left out with it."""
    index_of = {id(model): index for index, model in enumerate(models)}
    per_model: Dict[int, List[SummaryCall]] = {}
    for call in calls:
        index = index_of.get(id(call.model))
        if index is not None:
            per_model.setdefault(index, []).append(call)
    result: Dict[int, List[ModelSummary]] = {}
    for index, model_calls in per_model.items():
        final = finals[index]
        tables = [call.table for call in model_calls] + [final]
        kept: List[ModelSummary] = []
        for position, call in enumerate(model_calls):
            if _shown(call.table) == _shown(tables[position + 1]):
                continue
            kept.append(dataclasses.replace(
                final, line=call.line, column=call.column, layers=call.table.layers,
                total_params=call.table.total_params, trainable_params=call.table.trainable_params,
                non_trainable_params=call.table.non_trainable_params, unknown=call.table.unknown,
                optimizer_params=call.table.optimizer_params,
                assumed=dict(final.assumed), snapshot=True, snapshots=[]))
        if kept:
            result[index] = kept
    return result


__all__ = ["SummaryCall", "built", "reported", "take"]
