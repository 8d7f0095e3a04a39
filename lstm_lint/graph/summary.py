"""From the objects a program built to what ``model.summary()`` prints."""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, List, Optional, Tuple, Union

from lstm_lint import formulas
from lstm_lint.analysis import LayerRow, ModelSummary
from lstm_lint.graph import build
from lstm_lint.graph.arguments import layer_arguments
from lstm_lint.graph.custom import CustomModel, custom_state
from lstm_lint.graph.objects import InputLayer, Layer, Model, Operation, never_built
from lstm_lint.graph.reasons import Reasons, row_has_unknown
from lstm_lint.graph.shapes import ShapeTree, printed_alone
from lstm_lint.layers.spec import Weights
from lstm_lint.values import UNKNOWN, Cause, Unknown


def summarise(model: Model, reasons: Optional[Reasons] = None) -> ModelSummary:
    if model.kind == "Sequential":
        build.sequential_finish(model)
    reasons = Reasons() if reasons is None else reasons
    rows: List[LayerRow] = []
    causes: List[Cause] = reasons.model_causes(model)
    # A subclassed model no run builds: Keras prints its rows ``0 (unbuilt)``, and the sizes that
    # do not depend on the input are given beside them.
    never_built_subclass = isinstance(model, CustomModel) and model.never_built()
    for item in model.summary_items():
        if not isinstance(item, Operation) and model.row_unbuilt(item):
            # What Keras prints for a layer it never built: no shape, no count, nothing unknown.
            arguments = layer_arguments(item) if isinstance(item, Layer) else None
            once_built = _count_once_built(item) if never_built_subclass else None
            rows.append(LayerRow(item.name if isinstance(item, Layer) else item.keras_name, item.type_name,
                                 item.line, UNKNOWN, 0, 0, 0, arguments, column=item.column, unbuilt=True,
                                 params_once_built=UNKNOWN if isinstance(once_built, Unknown) else once_built))
            continue
        unknown: List[Cause] = []
        if row_has_unknown(item, model):
            cause = reasons.of_row(item, model)
            if cause is None:
                # Every unknown has a reason: here, that the specs could not say more.
                cause = Cause(item.line, getattr(item, "column", 0), "lstm-lint cannot compute this "
                              "row from what it knows of its arguments and inputs")
                causes.append(cause)
            unknown = [cause]
        if isinstance(item, Operation) and item.keras_op and not item.maybe_layer:
            # An op Keras lists among a Functional's operations: no weights, ever.
            rows.append(LayerRow(item.keras_name, item.keras_class, item.line, item.last_output(), 0, 0, 0,
                                 unknown=unknown, op=True))
            continue
        if isinstance(item, Operation):
            if rows and rows[-1].type is None and rows[-1].line == item.line:
                # A placeholder stands for any number of rows: one for the layers a loop adds on
                # each of its passes, not one per pass (which would read as that many layers).
                continue
            rows.append(LayerRow(None, None, item.line, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, unknown=unknown))
            continue
        weights = model.row_weights(item)
        shape, unprinted = model.row_output(item), model.row_shape_unprinted(item)
        if isinstance(item, Layer):
            name, arguments = item.name, layer_arguments(item)
        else:
            name, arguments = item.keras_name, None
        if model.tf_keras2_table and isinstance(item, InputLayer) and not isinstance(shape, Unknown):
            shape = [shape]  # tf.keras 2 printed an InputLayer's output as a list of one shape
        elif not model.tf_keras2_table:
            shape = printed_alone(shape)
        rows.append(LayerRow(name, item.type_name, item.line, shape, weights.total,
                             weights.trainable, weights.non_trainable, arguments, unknown=unknown,
                             column=item.column, shape_unprinted=unprinted,
                             shape_printed="multiple" if unprinted and model.tf_keras2_table else None))
    totals = model.current_weights()
    rows, totals = _one_value_per_name(rows, totals)
    named_at_call = model.built_by is not None and model.call_line is not None
    return ModelSummary(
        name=model.name or model.keras_name or model.kind.lower(),
        line=model.call_line if named_at_call and model.call_line is not None else model.line,
        keras_name=model.keras_name,
        keras_name_given=model.explicit_keras_name,
        built_by=model.built_by if named_at_call else None,
        built_at=model.line if named_at_call else None,
        kind="Subclassed" if isinstance(model, CustomModel) and not model.functional_init else model.kind,
        type=model.class_name,
        layers=rows,
        total_params=totals.total,
        trainable_params=totals.trainable,
        non_trainable_params=totals.non_trainable,
        unbuilt=never_built(model) or never_built_subclass,
        unknown=causes,
        # The call's line is recorded, not its column: 0, and readers look for the statement there.
        column=0 if named_at_call else model.column,
    )


def _count_once_built(item: Union[Layer, Model]) -> Any:
    """The count a layer Keras has not built will have once built: what its registry entry gives
    before a build (an Embedding's), unknown where that depends on its input. Only for Keras's own
    layers: the program's layers and nested models hold now only the weights their constructors
    made (a build adds the rest)."""
    if not isinstance(item, Layer) or isinstance(item, Model) or custom_state(item) is not None:
        return UNKNOWN
    total = item.current_weights().total
    return UNKNOWN if isinstance(total, Unknown) else total


def _one_value_per_name(rows: List[LayerRow], totals: Weights) -> Tuple[List[LayerRow], Weights]:
    """A model's table reads as one: a name that stands for two values in it (``n`` bound twice, a
    row built from each) would be read as one value, so every formula in such a name is ``?``."""
    counts = [totals.total, totals.trainable, totals.non_trainable]
    for row in rows:
        counts += [row.params, row.trainable_params, row.non_trainable_params]
        counts += [dim for shape in _shapes(row.output_shape) for dim in shape]
    clashes = formulas.clashing_names(counts)
    if not clashes:
        return rows, totals

    def plain(count: Any) -> Any:
        return formulas.without_names(count, clashes)
    fixed = [dataclasses.replace(row, params=plain(row.params), trainable_params=plain(row.trainable_params),
                                 non_trainable_params=plain(row.non_trainable_params),
                                 output_shape=_map_dims(row.output_shape, plain)) for row in rows]
    return fixed, Weights(plain(totals.trainable), plain(totals.non_trainable),
                          None if isinstance(totals.total, Unknown) else totals.total)


def _shapes(tree: ShapeTree) -> List[Tuple[Any, ...]]:
    if isinstance(tree, list):
        return [shape for item in tree for shape in _shapes(item)]
    return [] if isinstance(tree, Unknown) else [tree]


def _map_dims(tree: ShapeTree, change: Callable[[Any], Any]) -> ShapeTree:
    if isinstance(tree, list):
        return [_map_dims(item, change) for item in tree]
    return tree if isinstance(tree, Unknown) else tuple(change(dim) for dim in tree)
