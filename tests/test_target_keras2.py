"""``target-keras = 2``: code written for tf.keras 2 is read as tf.keras 2 built it.

tf.keras 2's ``Embedding.__init__`` gave itself ``input_shape=(input_length,)``, or ``(None,)``
without one, so a Sequential starting with an Embedding was built at once on ``(None, None)`` (or
``(None, input_length)``); Keras 3 leaves it unbuilt. TensorFlow is not a test dependency, so the
expected models are Keras 3's for the same code with that input written out (``keras.Input((None,))``
first): the same layers, output shapes and counts.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_source
from tests.keras_diff.compare import differences
from tests.keras_diff.reference import module_models

Json = Dict[str, Any]

# {input} is empty for the tf.keras 2 code, and the Input tf.keras 2 built for Keras 3's.
PROGRAMS = {
    "recurrent": """\
import keras
from keras import layers
model = keras.Sequential([{input}layers.Embedding(1000, 16, mask_zero=True),
                          layers.Bidirectional(layers.LSTM(8, return_sequences=True)),
                          layers.GRU(4), layers.Dense(3, activation="softmax")])
""",
    "added": """\
import keras
from keras import layers
model = keras.Sequential()
{added}model.add(layers.Embedding(input_dim=50, output_dim=6))
model.add(layers.Conv1D(8, 3, padding="same"))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(1))
""",
    "input_length": """\
import keras
from keras import layers
model = keras.Sequential([{input}layers.Embedding(200, 8, input_length=12), layers.Flatten(), layers.Dense(2)])
""",
}
INPUTS = {"recurrent": "keras.Input((None,)), ", "added": "keras.Input((None,)), ",
          "input_length": "keras.Input((12,)), "}


def tf_keras2_code(name: str) -> str:
    return PROGRAMS[name].format(input="", added="")


def keras3_equivalent(name: str) -> str:
    written = INPUTS[name]
    return PROGRAMS[name].format(input=written, added=f"model.add({written[:-2]})\n")


def models(source: str, target_keras: int) -> List[Json]:
    found: List[Json] = analyse_program(source, "a.py", target_keras=target_keras).analysis.to_json()["models"]
    return found


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_built_as_tf_keras2_built_it(name: str) -> None:
    expected = module_models(keras3_equivalent(name))
    assert differences(expected, models(tf_keras2_code(name), 2), lines=False) == []


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_unbuilt_under_keras3(name: str) -> None:
    [model] = models(tf_keras2_code(name), 3)
    # Never built: what its summary() prints, ``?`` and ``0 (unbuilt)`` rows.
    assert model["unbuilt"] is True and model["total_params"] == 0
    assert model["layers"][0]["output_shape"] is None and model["layers"][0]["unbuilt"] is True


def test_embedding_after_an_input_shape_or_of_unknown_length() -> None:
    """Another layer first, or an input_shape of its own, decide as before; a length not known in
    every run leaves the input unknown."""
    source = ("import sys, keras\nfrom keras import layers\n"
              "given = keras.Sequential([layers.Embedding(10, 4, input_shape=(7,)), layers.Flatten()])\n"
              "unknown = keras.Sequential([layers.Embedding(10, 4, input_length=int(sys.argv[1])),\n"
              "                            layers.Flatten()])\n")
    found = {model["name"]: model for model in models(source, 2)}
    assert found["given"]["layers"][0]["output_shape"] == [None, 7, 4]
    assert found["unknown"]["layers"][0]["output_shape"] is None


def test_rules_see_the_target() -> None:
    """A budget is checked against the tf.keras 2 model, and said to be unchecked under Keras 3."""
    source = tf_keras2_code("recurrent")
    budget = Settings().merged({"max-model-params": "1000"}, "the test")
    under_2 = [d.code for d in lint_source(source, "a.py", budget.merged({"target-keras": "2"}, "the test"))]
    under_3 = [d.code for d in lint_source(source, "a.py", budget)]
    assert "LL201" in under_2 and "LL204" not in under_2
    assert "LL204" in under_3 and "LL201" not in under_3


def _summary(folder: Path, *args: str) -> Json:
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "summary", "--format", "json", *args, "a.py"],
                            cwd=folder, capture_output=True, text=True, check=True)
    document: Json = json.loads(result.stdout)
    return document


def _total(document: Json) -> Any:
    [file_entry] = document["files"]
    [model] = file_entry["models"]
    return model["total_params"]


def test_summary_reads_the_setting_and_caches_per_target(tmp_path: Path) -> None:
    """The result cache (on in this run) keeps one entry per target: a change of the setting, in the
    configuration file or on the command line, is never answered from the other target's entry."""
    (tmp_path / "a.py").write_text(tf_keras2_code("input_length"))
    [expected] = module_models(keras3_equivalent("input_length"))
    assert _total(_summary(tmp_path)) == 0  # never built under Keras 3
    assert _total(_summary(tmp_path, "--target-keras", "2")) == expected["total_params"]
    assert _total(_summary(tmp_path)) == 0
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\ntarget-keras = 2\n")
    assert _total(_summary(tmp_path)) == expected["total_params"]
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\ntarget-keras = 3\n")
    assert _total(_summary(tmp_path)) == 0


def test_a_later_build_is_no_error_under_target_keras_2() -> None:
    """tf.keras 2's Sequential.build re-initialised a built graph (``_init_graph_network``) without
    comparing shapes; Keras 3 raises (LL109) on another shape than the one it was built on."""
    source = tf_keras2_code("recurrent") + "model.build((None, 10))\n"
    keras2 = Settings().merged({"target-keras": "2"}, "the test")
    assert [d.code for d in lint_source(source, "a.py", keras2)] == []
    [model] = models(source, 2)
    assert model["layers"][0]["output_shape"] == [None, None, 16]
