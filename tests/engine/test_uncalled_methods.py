"""Methods of plain classes (a trainer) that nothing in the file calls are checked as a function
nobody calls is: what Keras rejects there whatever the arguments is found. ``self``'s attributes
are unknown unless ``__init__`` sets them to a constant no other code changes; the models such a
method builds are not the program's, and one it changes that the program made is changed in some
runs only. Each diagnostic's premise is checked in Keras."""
from __future__ import annotations

from typing import Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_diff import reference
from tests.keras_diff.compare import wrong_counts
from tests.keras_env import keras

TRAINER = '''import keras
from keras import layers


class Trainer:
    def __init__(self, units, steps=10):
        self.units = units
        self.steps = steps
        self.width = 0
        self.rate = 0.5

    def build_model(self):
        model = keras.Sequential([keras.Input((self.steps, 3)), layers.LSTM(64, return_sequence=True),
                                  layers.Dense(self.units)])
        return model

    def head(self, size=0):
        return keras.Sequential([layers.Dense(size), layers.Dense(self.width)])

    @staticmethod
    def encoder(units):
        return layers.GRU(units, activaton="tanh")

    @classmethod
    def fresh(cls):
        return layers.Dropout(cls.rate_default, noise_shap=None)

    rate_default = 0.2
'''


def codes_by_line(source: str) -> Dict[int, List[str]]:
    found: Dict[int, List[str]] = {}
    for diagnostic in lint_source(source, "trainer.py", Settings()):
        found.setdefault(diagnostic.line, []).append(diagnostic.code)
    return found


def test_what_keras_rejects_in_an_uncalled_method_is_found() -> None:
    for wrong in ("layers.LSTM(64, return_sequence=True)", "layers.GRU(4, activaton='tanh')",
                  "layers.Dropout(0.2, noise_shap=None)", "layers.Dense(0)"):
        with pytest.raises((TypeError, ValueError)):
            eval(wrong, {"layers": keras.layers})
    found = codes_by_line(TRAINER)
    assert found.get(13) == ["LL103"]  # the LSTM's typo, in build_model
    assert found.get(22) == ["LL103"]  # a staticmethod's
    assert found.get(26) == ["LL103"]  # a classmethod's
    # self.width is 0 wherever head() runs (only __init__ sets it): Dense(0) raises there.
    assert found.get(18) == ["LL102"]
    assert set(found) == {13, 18, 22, 26}


def test_attributes_set_elsewhere_and_arguments_are_not_guessed() -> None:
    # ``size`` is whatever a caller gives (its default is not the only value), and ``width``
    # may be changed by code outside the class: nothing may be said of either Dense.
    changed = TRAINER + "\ntrainer = Trainer(4)\ntrainer.width = 8\n"
    found = codes_by_line(changed)
    assert 18 not in found
    derived = TRAINER + "\n\nclass Wide(Trainer):\n    def __init__(self):\n        self.width = 3\n"
    assert 18 not in codes_by_line(derived)


def test_uncalled_methods_build_no_model_of_the_programs() -> None:
    analysis = analyse_source(TRAINER.replace("return_sequence=True", "return_sequences=True"), "trainer.py")
    assert analysis.models == []


CHANGES_A_MODEL = '''import keras
from keras import layers

model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])


class Tuner:
    def grow(self):
        model.add(layers.Dense(5))
        model.layers[0].trainable = False


probe = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
'''


def test_a_model_an_uncalled_method_changes_is_not_changed_for_certain() -> None:
    expected = reference.printed_models(CHANGES_A_MODEL)
    assert [layer["name"] for layer in expected["model"]["layers"]] == ["dense"]
    ours = {model["name"]: model for model in analyse_source(CHANGES_A_MODEL, "m.py").to_json()["models"]}
    assert wrong_counts(expected["probe"], ours["probe"]) == [] and ours["probe"]["total_params"] == 4
    # As after an undecided ``if``: the layers Keras lists, then a row standing for those the
    # method may add (any number, none included), and totals unknown.
    rows = ours["model"]["layers"]
    assert (rows[0]["name"], rows[0]["params"]) == ("dense", expected["model"]["layers"][0]["params"])
    assert [row["type"] for row in rows[1:]] == [None]
    assert ours["model"]["total_params"] is None and ours["model"]["trainable_params"] is None
