"""The comparison behind ``lstm-lint diff``, on hand-made summaries: which layers are said to have
changed, and what is said when a count is unknown."""
from __future__ import annotations

import json
from typing import List, Optional, Tuple

from lstm_lint.analysis import Arguments, Count, FileAnalysis, LayerRow, ModelSummary
from lstm_lint.formats import diff_json, diff_markdown, diff_text
from lstm_lint.graph.shapes import ShapeTree
from lstm_lint.model_diff import (
    ADDED, CHANGED, OVER, REMOVED, UNCHECKED, UNSURE, ArgumentChange, CountChange, DiffReport, FilePair, LayerChange,
    diff_files, diff_layers, diff_model,
)
from lstm_lint.values import UNKNOWN


def row(name: Optional[str], kind: Optional[str], params: Count, line: int = 1,
        trainable: Optional[Count] = None) -> LayerRow:
    return LayerRow(name, kind, line, UNKNOWN, params, params if trainable is None else trainable)


def model(name: str, rows: List[LayerRow], total: Optional[Count] = None) -> ModelSummary:
    if total is None:
        known = [r.params for r in rows if isinstance(r.params, int)]
        total = sum(known) if len(known) == len(rows) else UNKNOWN
    return ModelSummary(name, 1, "Sequential", rows, total, total, 0)


def described(changes: List[LayerChange]) -> List[Tuple[str, Optional[str], Optional[str], Optional[int]]]:
    return [(change.status, change.old.name if change.old else None, change.new.name if change.new else None,
             change.params.delta) for change in changes]


def test_an_inserted_layer_is_the_change_even_though_keras_renamed_the_others() -> None:
    # LSTM(8) inserted first: the old `lstm` is now `lstm_1`, unchanged.
    old = [row("lstm", "LSTM", 4352), row("dense", "Dense", 33)]
    new = [row("lstm", "LSTM", 544), row("lstm_1", "LSTM", 4352), row("dense", "Dense", 33)]
    assert described(diff_layers(old, new)) == [(ADDED, None, "lstm", 544)]


def test_a_removed_layer_is_the_change_even_though_keras_renamed_the_others() -> None:
    old = [row("lstm", "LSTM", 544), row("lstm_1", "LSTM", 4352), row("dense", "Dense", 33)]
    new = [row("lstm", "LSTM", 4352), row("dense", "Dense", 33)]
    assert described(diff_layers(old, new)) == [(REMOVED, "lstm", None, -544)]


def test_layers_named_by_the_user_are_matched_by_name() -> None:
    # Two named LSTMs swap sizes: aligning by counts would say one was added and one removed.
    old = [row("encoder", "LSTM", 100), row("decoder", "LSTM", 200)]
    new = [row("encoder", "LSTM", 200), row("decoder", "LSTM", 100)]
    assert described(diff_layers(old, new)) == [(CHANGED, "encoder", "encoder", 100),
                                                (CHANGED, "decoder", "decoder", -100)]


def test_a_grown_layer_keeps_its_place_and_weightless_layers_are_not_listed() -> None:
    old = [row("lstm", "LSTM", 4352), row("dense", "Dense", 33)]
    new = [row("lstm", "LSTM", 16896), row("dropout", "Dropout", 0), row("dense", "Dense", 65)]
    assert described(diff_layers(old, new)) == [(CHANGED, "lstm", "lstm", 12544), (CHANGED, "dense", "dense", 32)]


def test_removed_layers_are_listed_where_they_were() -> None:
    old = [row("a", "Dense", 10), row("b", "Dense", 20), row("c", "LSTM", 30)]
    new = [row("a", "Dense", 10), row("c", "LSTM", 30)]
    assert described(diff_layers(old, new)) == [(REMOVED, "b", None, -20)]
    old = [row("conv1d", "Conv1D", 10), row("lstm", "LSTM", 30)]
    new = [row("lstm", "LSTM", 30), row("dense", "Dense", 5)]
    assert described(diff_layers(old, new)) == [(REMOVED, "conv1d", None, -10), (ADDED, None, "dense", 5)]


def test_percent_is_relative_to_the_old_count_and_absent_from_zero_or_unknown() -> None:
    assert CountChange(200, 250).percent == 25.0
    assert CountChange(200, 150).delta == -50
    assert CountChange(0, 10).percent is None and CountChange(0, 10).delta == 10
    assert CountChange(UNKNOWN, 10).delta is None and CountChange(UNKNOWN, 10).percent is None
    assert CountChange(None, 10).delta == 10 and CountChange(None, 10).percent is None
    assert not CountChange(UNKNOWN, UNKNOWN).changed
    assert CountChange(UNKNOWN, 3).changed


def test_unknown_to_known_is_a_change_without_percent() -> None:
    before = model("m", [row("lstm", "LSTM", UNKNOWN)])
    after = model("m", [row("lstm", "LSTM", 4352)])
    change = diff_model(before, after)
    assert change is not None and change.status == CHANGED
    assert change.total_params.delta is None and change.total_params.percent is None
    # From an unknown size, the growth cannot be shown to be within any limit.
    assert change.fail_over(1000.0) == UNCHECKED
    text = diff_text.render(DiffReport("a", "b", [change]))
    assert text.splitlines()[2].endswith("? → 4,352 (change unknown)")
    assert "| ? → 4,352 | change unknown |" in diff_markdown.render(DiffReport("a", "b", [change]))


def test_a_model_of_unknown_size_whose_layers_changed_is_reported() -> None:
    before = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 33)])
    after = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 65)])
    change = diff_model(before, after)
    assert change is not None and change.status == CHANGED
    # The LSTM's size is unknown in both: it is listed too, as one that may have changed.
    assert described(change.layers) == [(UNSURE, "lstm", "lstm", None), (CHANGED, "dense", "dense", 32)]


def test_a_model_of_unknown_size_is_never_taken_as_unchanged() -> None:
    # Every count and shape reads the same, but a "?" proves nothing: it may stand for another value.
    before = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 33)])
    same = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 33)])
    change = diff_model(before, same)
    assert change is not None and change.status == UNSURE
    assert described(change.layers) == [(UNSURE, "lstm", "lstm", None)]
    assert change.fail_over(10.0) == UNCHECKED
    text = diff_text.render(DiffReport("a", "b", [change]))
    assert text.splitlines()[0] == "1 model may have changed size from a to b (unknown in both revisions):"
    assert "(unchanged)" not in text
    markdown = diff_markdown.render(DiffReport("a", "b", [change]))
    assert "| `m` | `:1` (may have changed) | ? → ? | change unknown |" in markdown
    assert "unchanged" not in markdown


def test_unchanged_totals_are_not_reported() -> None:
    rows = [row("lstm", "LSTM", 4352)]
    assert diff_model(model("m", rows), model("m", list(rows))) is None


def test_trainable_change_alone_is_reported() -> None:
    before = model("m", [row("dense", "Dense", 33)])
    after = ModelSummary("m", 1, "Sequential", [row("dense", "Dense", 33, trainable=0)], 33, 0, 33)
    change = diff_model(before, after)
    assert change is not None and change.status == CHANGED
    assert change.trainable_params.delta == -33 and change.total_params.delta == 0
    line = diff_text.render(DiffReport("a", "b", [change])).splitlines()[2]
    assert line.endswith("33 (unchanged); trainable 33 → 0 (-33, -100.0%)")


def test_models_of_the_same_name_are_matched_in_order() -> None:
    old = FileAnalysis("f.py", [model("m", [row("d", "Dense", 10)]), model("m", [row("d", "Dense", 20)])])
    new = FileAnalysis("f.py", [model("m", [row("d", "Dense", 10)]), model("m", [row("d", "Dense", 30)]),
                                model("m", [row("d", "Dense", 40)])])
    changes = [(c.status, c.total_params.old, c.total_params.new) for c in diff_files([FilePair(old, new)])]
    assert changes == [(CHANGED, 20, 30), (ADDED, None, 40)]
    changes = [(c.status, c.total_params.old, c.total_params.new) for c in diff_files([FilePair(new, old)])]
    assert changes == [(CHANGED, 30, 20), (REMOVED, 40, None)]


def test_fail_over_counts_changed_models_that_grew_or_cannot_be_sized() -> None:
    def change(old: Optional[Count], new: Optional[Count]) -> Optional[str]:
        before = model("m", [row("d", "Dense", old)]) if old is not None else None
        after = model("m", [row("d", "Dense", new)]) if new is not None else None
        result = diff_model(before, after)
        assert result is not None
        return result.fail_over(10.0)

    assert change(100, 111) == OVER
    assert change(100, 110) is None  # by exactly 10 percent: not more
    assert change(100, 50) is None
    assert change(0, 1) == OVER  # from nothing: more than any percentage
    assert change(None, 10_000) is None  # added: nothing to grow from
    assert change(10_000, None) is None  # removed
    # An unknown count on either side: the growth cannot be shown to be within the limit.
    assert change(UNKNOWN, 10_000) == UNCHECKED
    assert change(100, UNKNOWN) == UNCHECKED
    assert change(UNKNOWN, UNKNOWN) == UNCHECKED
    assert change(None, UNKNOWN) is None  # added, of unknown size: still nothing to grow from


def test_between_two_candidates_the_one_that_kept_its_name_then_the_closest_count_pairs_up() -> None:
    # A Dense appended after the head: the head kept its name and grew with its input.
    old = [row("lstm", "LSTM", 4352), row("dense", "Dense", 33)]
    new = [row("lstm", "LSTM", 16896), row("dense", "Dense", 65), row("dense_1", "Dense", 8)]
    assert described(diff_layers(old, new)) == [(CHANGED, "lstm", "lstm", 12544), (CHANGED, "dense", "dense", 32),
                                                (ADDED, None, "dense_1", 8)]
    # No name to go by (the file's earlier layers shifted every number): the closest count.
    old = [row("lstm_1", "LSTM", 100)]
    new = [row("lstm_3", "LSTM", 1000), row("lstm_4", "LSTM", 150)]
    assert described(diff_layers(old, new)) == [(ADDED, None, "lstm_3", 1000), (CHANGED, "lstm_1", "lstm_4", 50)]


def layer(name: str, kind: str, shape: ShapeTree, arguments: Arguments, params: Count = UNKNOWN) -> LayerRow:
    return LayerRow(name, kind, 1, shape, params, params, 0, arguments)


def test_a_layer_of_unknown_size_changed_when_its_arguments_differ() -> None:
    before = layer("lstm", "LSTM", (None, 128), (("units", "128"),))
    after = layer("lstm", "LSTM", (None, 256), (("return_sequences", "False"), ("units", "256")))
    [change] = diff_layers([before], [after])
    assert change.status == CHANGED
    # An argument written on one side only takes Keras's default on the other: None.
    assert change.arguments == [ArgumentChange("return_sequences", None, "False"),
                                ArgumentChange("units", "128", "256")]
    text = diff_text.render(DiffReport("a", "b", [diff_model(model("m", [before]), model("m", [after]))]))
    assert text.splitlines()[3].endswith("? → ? (change unknown); return_sequences: (default) → False, "
                                         "units: 128 → 256")


def test_keras_none_and_an_unknown_dimension_are_told_apart_and_unknowns_never_match() -> None:
    dynamic = layer("lstm", "LSTM", (None, None, 4), (("units", "4"),))
    from_data = layer("lstm", "LSTM", (None, UNKNOWN, 4), (("units", "4"),))
    [change] = diff_layers([dynamic], [from_data])
    assert (change.status, change.arguments) == (CHANGED, [])
    assert diff_text.what_changed(change) == "output (None, None, 4) → (None, ?, 4)"
    # The same text on both sides, "?" included, does not prove the size is the same.
    same_text = layer("lstm", "LSTM", (None, UNKNOWN, 4), (("units", "4"),))
    assert [c.status for c in diff_layers([from_data], [same_text])] == [UNSURE]
    unknown_units = layer("lstm", "LSTM", (None, 8), (("units", "?"),))
    assert [c.status for c in diff_layers([unknown_units], [unknown_units])] == [UNSURE]


def test_known_counts_decide_whatever_else_changed() -> None:
    relu = layer("dense", "Dense", (None, 4), (("activation", "'relu'"), ("units", "4")), params=20)
    tanh = layer("dense", "Dense", (None, 4), (("activation", "'tanh'"), ("units", "4")), params=20)
    assert diff_layers([relu], [tanh]) == []
    wider = layer("dense", "Dense", (None, 8), (("units", "8"),), params=40)
    [change] = diff_layers([relu], [wider])
    assert (change.status, change.params.delta, change.arguments) == (CHANGED, 20, [])


def test_layers_of_unknown_size_pair_up_by_their_arguments() -> None:
    # LSTM(16) inserted before LSTM(8): Keras renamed the old one lstm_1, and it is the same layer.
    old = [layer("lstm", "LSTM", (None, 8), (("units", "8"),))]
    new = [layer("lstm", "LSTM", (None, 16), (("units", "16"),)), layer("lstm_1", "LSTM", (None, 8), (("units", "8"),))]
    assert described(diff_layers(old, new)) == [(ADDED, None, "lstm", None), (UNSURE, "lstm", "lstm_1", None)]


def test_long_argument_values_are_cut_short_in_text_only() -> None:
    words = "[" + ", ".join(f"'word{number}'" for number in range(20)) + "]"
    before = layer("string_lookup", "StringLookup", (None, 1), (("vocabulary", words),))
    after = layer("string_lookup", "StringLookup", (None, 1), (("vocabulary", "?"),))
    change = diff_model(model("m", [before]), model("m", [after]))
    assert change is not None
    line = diff_text.render(DiffReport("a", "b", [change])).splitlines()[3]
    assert line.endswith(f"vocabulary: {words[:37]}... → ?")
    document = json.loads(diff_json.render(DiffReport("a", "b", [change])))
    assert document["models"][0]["layers"][0]["changed_arguments"] == [{"name": "vocabulary", "old": words, "new": "?"}]


def test_ops_that_came_are_no_change_and_stand_for_no_layer_that_went() -> None:
    # A Functional's table lists its ops (0 params): an op added is no change in size, and an op
    # row of unknown class does not stand in for a row of unknown layers that went.
    old = [row("dense", "Dense", 33), row(None, None, UNKNOWN, line=2)]
    new = [row("dense", "Dense", 33), LayerRow("add", "Add", 2, UNKNOWN, 0, 0, 0, op=True),
           LayerRow(None, None, 3, UNKNOWN, 0, 0, 0, op=True)]
    assert described(diff_layers(old, new)) == [(REMOVED, None, None, None)]
