"""Models built from a dataclass config whose fields are lists: ``field(default_factory=...)``
makes a new list for each object (``lambda: [64, 32]``, ``list`` then appended to), ``default=``
gives a value, ``__post_init__`` runs after the fields are set. Each program runs in Keras and
lstm-lint must give its rows, or ``?`` for what differs between runs."""
from __future__ import annotations

from typing import Any, Dict

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

CONFIGS = """from dataclasses import dataclass, field
import keras
from keras import layers


@dataclass
class Cfg:
    units: list = field(default_factory=lambda: [64, 32])
    extra: list = field(default_factory=list)
    steps: int = field(default=10)
    features: int = 3


@dataclass
class Wide(Cfg):
    head: list = field(default_factory=lambda: [8])

    def __post_init__(self):
        self.units = [u * 2 for u in self.units]


cfg = Cfg()
cfg.extra.append(16)
other = Cfg()  # a list of its own: the append above does not reach it
model = keras.Sequential([keras.Input((cfg.steps, cfg.features))])
for u in cfg.units:
    model.add(layers.LSTM(u, return_sequences=True))
for u in cfg.extra + other.extra:
    model.add(layers.Dense(u))
model.add(layers.Dense(Cfg.steps))

wide = Wide(features=5)
second = keras.Sequential([keras.Input((wide.steps, wide.features))])
for u in wide.units + wide.head:
    second.add(layers.GRU(u, return_sequences=True))
"""


def _ours(source: str) -> Dict[str, Any]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


def test_list_fields_of_a_dataclass_config_are_known() -> None:
    expected = reference.module_models(CONFIGS)
    assert [layer["type"] for layer in expected[0]["layers"]] == ["LSTM", "LSTM", "Dense", "Dense"]
    assert differences(expected, analyse_source(CONFIGS, "model.py").to_json()["models"], lines=True) == []


def test_a_factory_of_run_time_values_gives_unknowns() -> None:
    source = CONFIGS.replace("import keras\n", "import sys\nimport keras\n", 1).replace(
        "field(default_factory=lambda: [64, 32])", "field(default_factory=lambda: [int(sys.argv[1]), 32])")
    model = _ours(source)["model"]
    # The first LSTM's width is read at run time: its row and the next one's count are unknown.
    assert model["layers"][0]["params"] is None and model["layers"][1]["params"] is None
    assert model["layers"][1]["output_shape"] == [None, 10, 32]
    assert model["total_params"] is None


def test_fields_init_does_not_set_are_not_guessed() -> None:
    source = CONFIGS.replace("extra: list = field(default_factory=list)",
                             "extra: list = field(default_factory=list, init=False)")
    model = _ours(source)["model"]
    # field(init=False) changes what __init__ takes and sets: not followed, so the loops over
    # cfg.extra add rows lstm-lint cannot see.
    assert model["total_params"] is None
    assert [layer["params"] for layer in model["layers"][:2]] == [4 * 64 * (3 + 64 + 1), 4 * 32 * (64 + 32 + 1)]
