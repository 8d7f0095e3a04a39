"""The judge itself, on hand-written Keras descriptions and lstm-lint output: what it must accept
(unknowns in the old and the new JSON form, placeholders standing for a varying number of rows)
and what it must reject (a number some run contradicts, a complete list when the count varies)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

from tests.keras_diff.generator import ModelRef
from tests.soundness import judge
from tests.soundness.cases import Case, RunInput
from tests.soundness.harness import KerasRun, Outcome

Json = Dict[str, Any]


def row(name: Optional[str], kind: Optional[str], shape: Any, params: Optional[int], line: int = 5) -> Json:
    return {"name": name, "type": kind, "line": line, "output_shape": shape, "params": params}


def model(total: Optional[int], layers: List[Json]) -> Json:
    return {"name": "m", "line": 5, "total_params": total, "trainable_params": total, "non_trainable_params": 0,
            "layers": layers}


def verdict(runs: List[Json], lint: Json, varying: bool = True) -> judge.Verdict:
    case = Case("hand-written", "m = ...\n", [ModelRef("var", "m", "m")], [RunInput(["p"]) for _ in runs],
                {"m": "test"}, varying={"m"} if varying else set())
    keras_runs = [KerasRun(RunInput(["p"]), models={"m": description}) for description in runs]
    return judge.judge(Outcome(case, keras_runs, {"path": "p.py", "models": [lint]}, []))


DENSE_8 = row("dense", "Dense", [None, 8], 40)
DENSE_16 = row("dense", "Dense", [None, 16], 80)
OUT = row("dense_1", "Dense", [None, 1], 9, line=6)
OUT_16 = row("dense_1", "Dense", [None, 1], 17, line=6)


def test_a_number_some_run_contradicts_is_wrong() -> None:
    result = verdict([model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])], model(49, [DENSE_8, OUT]))
    assert result.wrong and "total_params: lstm-lint 49" in result.wrong[0]


def test_unknowns_in_the_new_form_are_sound() -> None:
    lint = model(None, [row("dense", "Dense", [None, "?"], None), row("dense_1", "Dense", [None, 1], None, line=6)])
    result = verdict([model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])], lint)
    assert not result.failed, result


def test_a_null_dimension_is_none_in_the_new_form() -> None:
    """Once lstm-lint writes "?" for unknown, null claims Keras's None: a known size is then wrong."""
    lint = model(None, [row("dense", "Dense", [None, None], None), row("dense_1", "Dense", [None, "?"], None, line=6)])
    result = verdict([model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])], lint)
    assert result.wrong and "output_shape" in result.wrong[0]


def test_a_null_dimension_may_be_unknown_in_the_old_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(judge, "lint_writes_unknown_dims", lambda: False)
    lint = model(None, [row("dense", "Dense", [None, None], None), row("dense_1", "Dense", [None, 1], None, line=6)])
    result = verdict([model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])], lint)
    assert not result.failed, result
    monkeypatch.setattr(judge, "NULL_DIMENSION", "strict")  # the switch tightens it
    assert verdict([model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])], lint).wrong


def test_a_varying_layer_count_needs_a_placeholder() -> None:
    short = model(9 + 40, [DENSE_8, OUT])
    long = model(9 + 40 + 72, [DENSE_8, row("dense_2", "Dense", [None, 8], 72, line=7), OUT])
    complete = model(None, [DENSE_8, OUT])
    result = verdict([short, long, short], complete)
    assert result.wrong and "must show a placeholder row" in result.wrong[0]
    with_placeholder = model(None, [DENSE_8, row(None, None, None, None), row(None, "Dense", [None, 1], None, 6)])
    assert not verdict([short, long, short], with_placeholder).failed


def test_a_placeholder_does_not_excuse_a_wrong_row_after_it() -> None:
    short = model(49, [DENSE_8, OUT])
    long = model(121, [DENSE_8, row("dense_2", "Dense", [None, 8], 72, line=7), OUT])
    lint = model(None, [DENSE_8, row(None, None, None, None), row("dense_1", "Dense", [None, 2], None, line=6)])
    assert verdict([short, long, short], lint).wrong


def test_a_row_known_in_one_run_only_is_wrong() -> None:
    gru = row("gru", "GRU", [None, 10, 8], 312)
    lstm = row("lstm", "LSTM", [None, 16], 1280)
    lint = model(None, [lstm, row(None, "Dense", None, None, line=6)])
    result = verdict([model(321, [gru, OUT]), model(1297, [lstm, OUT_16])], lint)
    assert result.wrong and "type" in result.wrong[0]


def test_lines_are_judged_only_where_every_run_agrees() -> None:
    first = row("dropout", "Dropout", [None, 4], 0, line=8)
    second = row("dropout", "Dropout", [None, 4], 0, line=10)
    lint = model(0, [row("dropout", "Dropout", [None, 4], 0, line=8)])
    assert not verdict([model(0, [first]), model(0, [second]), model(0, [first])], lint, varying=False).failed
    wrong_line = model(0, [row("dropout", "Dropout", [None, 4], 0, line=9)])
    assert verdict([model(0, [first]), model(0, [first]), model(0, [first])], wrong_line, varying=False).wrong


def test_precision_counts_what_is_the_same_in_every_run() -> None:
    runs = [model(49, [DENSE_8, OUT]), model(97, [DENSE_16, OUT_16])]
    lint = model(None, [row("dense", "Dense", [None, "?"], None), row("dense_1", "Dense", [None, 1], None, line=6)])
    quantities = {quantity.where: quantity.given for quantity in verdict(runs, lint).quantities["m"]}
    # the same in every run: non_trainable_params, the layer count, both rows' names and types, their
    # batch dimensions and the output's width; the totals, params and the first width vary
    assert quantities == {
        "non_trainable_params": True, "layer count": True,
        "row 0 name": True, "row 0 type": True, "row 0 output_shape[0]": True,
        "row 1 name": True, "row 1 type": True, "row 1 output_shape[0]": True, "row 1 output_shape[1]": True,
    }


def test_a_model_lstm_lint_misses_or_invents_is_wrong() -> None:
    runs = [model(49, [DENSE_8, OUT])] * 3
    assert verdict(runs, {**model(49, [DENSE_8, OUT]), "name": "other"}, varying=False).wrong


def _formula_verdict(expression: str, source: str) -> judge.Verdict:
    case = Case("hand-written", source, [ModelRef("var", "m", "m")], [RunInput(["p"]) for _ in range(2)],
                {"m": "test"}, varying={"m"})
    runs = [KerasRun(RunInput(["p"]), models={"m": description}, namespace={"n": n})
            for description, n in ((model(49, [DENSE_8, OUT]), 8), (model(97, [DENSE_16, OUT_16]), 16))]
    lint = {**model(None, [row("dense", "Dense", [None, "?"], None), row("dense_1", "Dense", [None, 1], None, line=6)]),
            "total_params_expr": expression}
    return judge.judge(Outcome(case, runs, {"path": "p.py", "models": [lint]}, []))


def test_a_formula_is_judged_in_each_run() -> None:
    source = "n = int(input())\nm = ...\n"
    assert not _formula_verdict("6 * n + 1", source).failed  # 49 and 97: Keras's in both runs
    wrong = _formula_verdict("6 * n", source)
    assert wrong.wrong and "formula 6 * n is 48 in run 0, keras 49" in wrong.wrong[0]


def test_a_formula_in_a_name_bound_twice_is_not_judged() -> None:
    """At the end of a run such a name holds its last value, maybe not the one the formula means."""
    assert not _formula_verdict("6 * n", "n = int(input())\nn = n + 1\nm = ...\n").wrong
