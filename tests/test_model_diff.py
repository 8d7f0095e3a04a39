"""The comparison behind ``lstm-lint diff``, on hand-made summaries: which layers are said to have
changed, and what is said when a count is unknown."""
from __future__ import annotations

from typing import List, Optional, Tuple

from lstm_lint.analysis import Count, FileAnalysis, LayerRow, ModelSummary
from lstm_lint.formats import diff_markdown, diff_text
from lstm_lint.model_diff import (
    ADDED, CHANGED, REMOVED, CountChange, DiffReport, FilePair, LayerChange, diff_files, diff_layers, diff_model,
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
    assert not change.grew_over(0.0)
    text = diff_text.render(DiffReport("a", "b", [change]))
    assert text.splitlines()[2].endswith("? → 4,352 (change unknown)")
    assert "| ? → 4,352 | change unknown |" in diff_markdown.render(DiffReport("a", "b", [change]))


def test_a_model_of_unknown_size_whose_layers_changed_is_reported() -> None:
    before = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 33)])
    after = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 65)])
    change = diff_model(before, after)
    assert change is not None and change.status == CHANGED
    assert described(change.layers) == [(CHANGED, "dense", "dense", 32)]
    same = model("m", [row("lstm", "LSTM", UNKNOWN), row("dense", "Dense", 33)])
    assert diff_model(before, same) is None


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


def test_fail_over_counts_changed_models_that_grew() -> None:
    def change(old: Optional[Count], new: Optional[Count]) -> bool:
        before = model("m", [row("d", "Dense", old)]) if old is not None else None
        after = model("m", [row("d", "Dense", new)]) if new is not None else None
        result = diff_model(before, after)
        assert result is not None
        return result.grew_over(10.0)

    assert change(100, 111)
    assert not change(100, 110)  # by exactly 10 percent: not more
    assert not change(100, 50)
    assert change(0, 1)  # from nothing: more than any percentage
    assert not change(None, 10_000)  # added
    assert not change(UNKNOWN, 10_000)
    assert not change(100, UNKNOWN)


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
