"""``target-keras = 2``: TensorFlow functions and Python operators on symbolic tensors are the layers
tf.keras 2 made of them (``tf.math.reduce_mean (TFOpLambda)``, ``tf.__operators__.getitem
(SlicingOpLambda)``), with tf.keras 2's names, output shapes and no weights, and the model's inputs
and name as tf.keras 2 printed them; masks are computed outside the graph (no ``not_equal`` rows).
The recorded programs include plain tf.keras 2 models (Sequentials built from ``input_shape=`` or
``Embedding(input_length=...)``, two models in one file) as well.

TensorFlow is not a test dependency: what tf.keras 2 printed for these programs was recorded by
``tools/record_tf_keras2_ops.py`` into ``tests/data/tf_keras2_summaries.json``, which these tests
read (every row's name, class, printed output shape and parameter count, and the totals).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_source
from lstm_lint.config import Settings

Json = Dict[str, Any]
RECORDED: Json = json.loads((Path(__file__).parent / "data" / "tf_keras2_summaries.json").read_text())
PROGRAMS: Dict[str, Json] = RECORDED["programs"]


def printed_shape(shape: Any) -> str:
    """A JSON output shape as tf.keras 2's summary printed it (``(None, 8)``, ``[(None, 10, 3)]``)."""
    if shape is None:
        return "?"
    if shape and all(isinstance(item, list) for item in shape):
        return str([tuple(item) for item in shape])
    return str(tuple(shape))


def as_printed(model: Json) -> Json:
    return {"variable": model["name"], "name": model["keras_name"], "total_params": model["total_params"],
            "trainable_params": model["trainable_params"], "non_trainable_params": model["non_trainable_params"],
            "layers": [{"name": row["name"], "class": row["type"],
                        # "multiple" for a layer called inside a subclassed model's call (no node made)
                        "output_shape": row.get("shape_printed") or printed_shape(row["output_shape"]),
                        "params": row["params"]} for row in model["layers"]]}


def models(source: str, target_keras: int) -> List[Json]:
    found: List[Json] = analyse_program(source, "a.py", target_keras=target_keras).analysis.to_json()["models"]
    return found


# Programs whose default names lstm-lint leaves unknown after a point: a keras.applications model,
# measured in Keras 3, whose tf.keras 2 build may use other counters.
NAMES_UNKNOWN_AFTER_APPLICATION = {"application_base"}


def unknown_names_as_recorded(found: Json, recorded: Json) -> Json:
    """``found`` with each unknown (None) layer name replaced by the recorded one, so that the rest
    is compared exactly."""
    layers = [dict(row, name=expected["name"]) if row["name"] is None else row
              for row, expected in zip(found["layers"], recorded["layers"])]
    return dict(found, layers=layers + found["layers"][len(layers):])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_rows_are_what_tf_keras2_printed(name: str) -> None:
    program = PROGRAMS[name]
    found = [as_printed(model) for model in models(program["source"], 2)]
    recorded = list(program["models"])
    if name in NAMES_UNKNOWN_AFTER_APPLICATION:
        # The application's own hundreds of layers are not listed (one unknown row): its totals are.
        # A default name after it may be unknown.
        found = [dict(model, name=expected["name"]) if model["name"] is None else model
                 for model, expected in zip(found, recorded)]
        totals = ("variable", "name", "total_params", "trainable_params", "non_trainable_params")
        assert [{key: model[key] for key in totals} for model in found] == [
            {key: model[key] for key in totals} for model in recorded]
        found, recorded = found[1:], recorded[1:]
        found = [unknown_names_as_recorded(model, expected) for model, expected in zip(found, recorded)]
    assert found == recorded


# A TensorFlow function called in the program (``tf.keras`` is Keras, not such a function).
TENSORFLOW_CALL = re.compile(r"\btf\.(?!keras\b)[\w.]+\(")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_keras3_reports_the_tensorflow_ops_instead(name: str) -> None:
    # The same code under Keras 3 (the default) raises at the first TensorFlow op on a symbolic
    # tensor; operators alone (the "operators" program) are Keras 3 ops and run there.
    source = PROGRAMS[name]["source"]
    codes = {diagnostic.code for diagnostic in lint_source(source, "a.py", Settings())}
    assert ("LL114" in codes) == bool(TENSORFLOW_CALL.search(source))
    assert "LL114" not in {diagnostic.code for diagnostic in lint_source(source, "a.py", Settings(target_keras=2))}


def test_repeated_ops_count_apart_from_layers() -> None:
    # Each TensorFlow function's layers are numbered by a counter of its own name, zero-based; an
    # operator's layer takes no layer's counter (the Add layer after ``x + y`` is still "add").
    source = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
a = keras.Input((4,))
b = keras.Input((4,))
s = a + b
t = layers.Add()([a, b])
u = tf.concat([s, t], -1)
v = tf.concat([u, u], axis=-1)
model = keras.Model([a, b], tf.concat([v, s], 1))
"""
    [model] = models(source, 2)
    assert [row["name"] for row in model["layers"]] == [
        "input_1", "input_2", "tf.__operators__.add", "add", "tf.concat", "tf.concat_1", "tf.concat_2"]


def test_a_tensorflow_function_not_recorded_leaves_its_row_unknown() -> None:
    source = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
x = keras.Input((4,))
y = tf.math.bessel_i0(x)
model = keras.Model(x, tf.concat([layers.Dense(2)(y), x], -1))
"""
    [model] = models(source, 2)
    unknown = model["layers"][1]
    assert (unknown["name"], unknown["type"], unknown["params"]) == (None, None, None)
    assert model["total_params"] is None
    # The ops after it may take a counter it took: their names are unknown, their shapes are not.
    assert model["layers"][-1]["name"] is None and model["layers"][-1]["type"] == "TFOpLambda"


def test_a_layer_given_an_op_name_makes_op_names_unknown() -> None:
    # tf.keras 2 numbers an op's layer past every name a layer was given: a Dense named
    # "tf.concat" pushes the op to "tf.concat_1". lstm-lint leaves such names unknown.
    source = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
a = keras.Input((4,))
b = layers.Dense(4, name="tf.concat")(a)
model = keras.Model(a, tf.concat([a, b], -1))
"""
    [model] = models(source, 2)
    assert [(row["name"], row["type"]) for row in model["layers"]] == [
        ("input_1", "InputLayer"), ("tf.concat", "Dense"), (None, "TFOpLambda")]


def test_preprocess_input_is_the_identity_where_keras3_measured_it() -> None:
    # Under target 2, preprocess_input returns its tensor where Keras 3's does (measured in Keras 3,
    # applications_data.py); tf.keras 2's recorded behaviour must agree module by module.
    from lstm_lint.layers.applications_data import PREPROCESS

    assert RECORDED["preprocess_identity"] == {module: entry["identity"] for module, entry in PREPROCESS.items()}


def test_keras3_builds_no_sublayer_of_that_subclassed_model() -> None:
    # The same program read for Keras 3 keeps Keras 3's count, which builds no sublayer in
    # ``model.build`` of this model: the difference is tf.keras 2's alone.
    from tests.keras_diff.reference import printed_models

    source = PROGRAMS["subclassed_build"]["source"].replace("import tensorflow as tf\n", "").replace(
        "from tensorflow import keras", "import keras").replace("from tensorflow.keras import layers",
                                                                "from keras import layers")
    expected = printed_models(source)["model"]
    [model] = models(source, 3)
    assert (model["total_params"], [row["params"] for row in model["layers"]]) == (
        expected["total_params"], [row["params"] for row in expected["layers"]])
    assert expected["total_params"] != PROGRAMS["subclassed_build"]["models"][0]["total_params"]
