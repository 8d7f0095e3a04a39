"""The seed examples, with the numbers the project started from (typed from the issue, checked
by hand against the formulas in Keras's LSTMCell.build and Dense.build)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from lstm_lint import analyse_source

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "seed_models.py"


def models_by_name() -> Dict[str, Dict[str, Any]]:
    analysis = analyse_source(FIXTURE.read_text(), str(FIXTURE))
    return {model["name"]: model for model in analysis.to_json()["models"]}


def layer_params(model: Dict[str, Any]) -> list:
    return [layer["params"] for layer in model["layers"]]


def test_lstm_1_unit_on_1_by_1_has_12_params() -> None:
    model = models_by_name()["tiny"]
    assert layer_params(model) == [12]
    assert model["total_params"] == 12


def test_lstm_3_units_on_4_by_2_has_72_params() -> None:
    model = models_by_name()["small"]
    assert layer_params(model) == [0, 72]  # the functional model lists its InputLayer
    assert model["total_params"] == 72


def test_relu_forecaster_totals_10851() -> None:
    model = models_by_name()["forecaster"]
    assert layer_params(model) == [10_800, 51]
    assert (model["total_params"], model["trainable_params"], model["non_trainable_params"]) == (10_851, 10_851, 0)
    assert [layer["output_shape"] for layer in model["layers"]] == [[None, 50], [None, 1]]


def test_lstm_without_bias_has_10600_params() -> None:
    assert layer_params(models_by_name()["no_bias"]) == [10_600]


def test_return_sequences_keeps_time_axis() -> None:
    assert models_by_name()["sequences"]["layers"][0]["output_shape"] == [None, 10, 50]


def test_return_state_gives_three_outputs() -> None:
    lstm = models_by_name()["encoder"]["layers"][1]
    assert lstm["output_shape"] == [[None, 50], [None, 50], [None, 50]]


def test_time_distributed_dense_after_lstm_sequences() -> None:
    model = models_by_name()["tagger"]
    assert layer_params(model) == [17_408, 130]
    assert model["layers"][1]["output_shape"] == [None, 10, 2]
    assert model["total_params"] == 17_538


def test_default_names_follow_keras_counters_across_models() -> None:
    names = [layer["name"] for model in models_by_name().values() for layer in model["layers"]]
    assert names == ["lstm", "input_layer_1", "lstm_1", "lstm_2", "dense", "lstm_3", "lstm_4",
                     "input_layer_5", "lstm_5", "lstm_6", "time_distributed"]
