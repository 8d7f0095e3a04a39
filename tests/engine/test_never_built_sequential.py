"""A Sequential Keras never builds (no input, never called, fit or built), reported as its
``summary()`` prints it: ``?`` and ``0 (unbuilt)`` in the row of each layer not built, ``0`` for one
its constructor built, what other models built for a layer they share, and totals over the weights
that exist (its ``count_params()`` raises). Each program is run in Keras (numpy backend)."""
from __future__ import annotations

from typing import Any, Dict

from lstm_lint import analyse_source
from tests.engine.test_subclassed_tables import _our_tables, _printed_tables, _without_marks
from tests.keras_env import keras

NEVER_BUILT = '''import numpy as np
import keras
from keras import layers

plain = keras.Sequential([layers.LSTM(4), layers.Dense(2), layers.Embedding(10, 3), layers.Dropout(0.1)])
given = keras.Sequential([layers.Embedding(10, 4, weights=[np.zeros((10, 4))]), layers.Dense(3)])
given.layers[1].build((None, 5, 4))
base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(8), layers.Dense(2)])
trunk = keras.Sequential(base.layers[:-1])
trunk.add(layers.Dense(5))
empty = keras.Sequential()
'''


def test_a_never_built_sequential_is_printed_as_keras_prints_it() -> None:
    expected = _printed_tables(NEVER_BUILT)
    ours = _our_tables(NEVER_BUILT)
    assert sorted(ours) == sorted(expected)
    for name in expected:
        assert [[_without_marks(cell) for cell in row] for row in ours[name]] == expected[name], name
    assert expected["plain"][0] == ["lstm (LSTM)", "?", "0 (unbuilt)"]
    assert expected["trunk"][-1] == ["168", "168", "0"]  # the reused layers' weights, built by ``base``
    namespace: Dict[str, Any] = {}
    exec(compile(NEVER_BUILT, "<program>", "exec"), namespace)
    assert not namespace["plain"].built and not namespace["trunk"].built


def test_a_never_built_sequential_says_so_and_nothing_is_unknown() -> None:
    models = {model["name"]: model for model in analyse_source(NEVER_BUILT, "model.py").to_json()["models"]}
    plain = models["plain"]
    assert plain["unbuilt"] is True and plain["unknown"] == [] and plain["total_params"] == 0
    assert [row.get("unbuilt", False) for row in plain["layers"]] == [True, True, True, False]
    assert plain["layers"][3]["shape_unprinted"] is True  # the Dropout: built by its constructor
    assert "unbuilt" not in models["base"]
    from lstm_lint.formats import summary_text
    text = summary_text.render([analyse_source(NEVER_BUILT, "model.py")])
    assert 'Model: "plain" (model.py:5, Sequential, not built: no input yet)' in text


def test_a_sequential_keras_may_have_built_is_not_said_unbuilt() -> None:
    source = '''import numpy as np
import keras
from keras import layers
import helpers

handed = keras.Sequential([layers.Dense(2)])
helpers.train(handed)
maybe = keras.Sequential([layers.Dense(2)])
if np.random.rand() > 0.5:
    maybe.build((None, 3))
on_data = keras.Sequential([layers.Dense(2)])
on_data.predict(np.load("x.npy"))
trained = keras.Sequential([layers.Dense(2)])
trained.fit(np.load("x.npy"), np.load("y.npy"))


def build():
    return keras.Sequential([layers.Dense(2)])
'''
    models = {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}
    assert sorted(models) == ["build", "handed", "maybe", "on_data", "trained"]
    for name, model in models.items():
        # Built, or not, where lstm-lint does not see: its counts are unknown, with a reason.
        assert "unbuilt" not in model and model["total_params"] is None and model["unknown"], name
    keras.backend.clear_session()
