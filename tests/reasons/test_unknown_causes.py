"""Every ``?`` a summary shows has a cause with a line: the first place the value became unknown.

The programs are the shapes real scripts take (a class count read from a data frame, an input shape
from an array loaded at run time, a loop over a dataset, a class from a package lstm-lint does not
read, a Sequential with no input). What is known in them is checked elsewhere against Keras; here,
that each unknown says where it comes from.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint import cli
from lstm_lint.engine import analyse_source
from lstm_lint.values import UNKNOWN, Cause, Unknown, first_unknown


def models_json(source: str) -> Dict[str, Dict[str, Any]]:
    analysis = analyse_source(textwrap.dedent(source))
    return {model["name"]: model for model in analysis.to_json()["models"]}


def causes(entries: List[Dict[str, Any]]) -> List[tuple]:
    return [(entry["line"], entry["message"]) for entry in entries]


DATA_FRAME = """\
import pandas as pd
import keras
from keras import layers

df = pd.read_csv("train.csv")
num_classes = len(df["label"].unique())
model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
"""


def test_a_class_count_from_a_data_frame_names_its_line() -> None:
    model = models_json(DATA_FRAME)["model"]
    expected = [(6, "num_classes = len(...) is computed at run time")]
    assert causes(model["unknown"]) == expected
    assert model["unknown"][0]["column"] == 15  # 1-based, where len( starts
    first, second = model["layers"]
    assert first["params"] == 64 * 20 + 64 and first["unknown"] == []
    assert causes(second["unknown"]) == expected


def test_an_input_shape_from_an_array_read_at_run_time() -> None:
    model = models_json("""\
        import numpy as np
        import keras
        from keras import layers

        X_train = np.load("x.npy")
        inputs = keras.Input(shape=X_train.shape[1:])
        outputs = layers.Dense(10)(layers.Dense(32)(inputs))
        classifier = keras.Model(inputs, outputs)
        """)["classifier"]
    expected = [(5, "X_train = np.load(...) is computed at run time")]
    assert causes(model["unknown"]) == expected
    assert [causes(layer["unknown"]) for layer in model["layers"]] == [expected] * 3


def test_a_loop_over_a_dataset() -> None:
    model = models_json("""\
        import keras
        from keras import layers

        train_ds = keras.utils.image_dataset_from_directory("data")
        width = 8
        for batch in train_ds:
            width = width * 2
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(width)])
        """)["model"]
    assert causes(model["unknown"]) == [(6, "the value depends on how many times the loop over train_ds runs")]


def test_a_class_from_a_package_lstm_lint_does_not_read() -> None:
    model = models_json("""\
        import keras
        from keras import layers
        from blocks import MyBlock

        model = keras.Sequential([keras.Input(shape=(4,)), MyBlock(3), layers.Dense(2)])
        """)["model"]
    expected = [(5, "MyBlock(...) is not a layer lstm-lint understands: its shape and parameters are unknown")]
    assert causes(model["unknown"]) == expected
    # The Dense after it sees what the unknown block gave: the same cause.
    assert [causes(layer["unknown"]) for layer in model["layers"]] == [expected, expected]


def test_layers_added_or_popped_on_some_paths_say_so() -> None:
    models = models_json("""\
        import sys
        import keras
        from keras import layers

        added = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
        if len(sys.argv) > 1:
            added.add(layers.Dense(2))
        popped = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.Dense(2)])
        popped.pop(rebuild=False)
        """)
    assert causes(models["added"]["layers"][-1]["unknown"]) == [
        (7, "layers are added or popped in a block that may not run: the layers from here on are not known")]
    assert causes(models["popped"]["layers"][-1]["unknown"]) == [
        (8, "this layer may be removed by a pop() that may not run or that lstm-lint does not follow")]


def test_a_sequential_without_an_input_is_not_built_rather_than_unknown() -> None:
    """Never built in any run, it is what Keras's summary() prints: nothing unknown to explain."""
    model = models_json("""\
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(layers.Dense(10))
        """)["model"]
    assert model["unbuilt"] is True and model["unknown"] == [] and model["total_params"] == 0
    assert [row.get("unbuilt") for row in model["layers"]] == [True]


def test_a_sequential_without_an_input_built_on_data_of_unknown_shape_says_how_to_give_it_one() -> None:
    model = models_json("""\
        import sys
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(layers.Dense(10))
        model.fit(np.load(sys.argv[1]), np.zeros(4))
        """)["model"]
    assert (6, "Sequential has no input shape: add keras.Input(shape=...) as its first layer, or give the first "
               "layer input_shape=") in causes(model["unknown"])


def test_a_parameter_and_an_undecided_branch() -> None:
    models = models_json("""\
        import sys
        import keras
        from keras import layers

        def build(units):
            return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(units)])

        if len(sys.argv) > 1:
            width = 16
        else:
            width = 32
        branchy = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(width)])
        """)
    assert causes(models["build"]["unknown"]) == [
        (5, "`units` is a parameter of build(): its value comes from a caller")]
    assert causes(models["branchy"]["unknown"]) == [(8, "the value depends on a condition known only at run time")]


def test_a_known_model_has_no_causes() -> None:
    model = models_json("""\
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input(shape=(400, 3)), layers.LSTM(50), layers.Dense(1)])
        """)["model"]
    assert model["unknown"] == [] and all(layer["unknown"] == [] for layer in model["layers"])
    assert model["total_params"] == 10851


def test_text_marks_each_question_mark_with_its_footnote(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = tmp_path / "train.py"
    script.write_text(DATA_FRAME)
    assert cli.main(["summary", "--no-cache", "--color", "never", str(script)]) == 0
    out = capsys.readouterr().out
    # Dense(num_classes) on 64 inputs: 65 weights per class, a formula marked like any unknown.
    assert "(None, num_classes)" in out and "65 × num_classes [1] │" in out
    assert " Total params: 65 × num_classes + 1,344 [1]\n" in out
    assert " [1] line 6: num_classes = len(...) is computed at run time\n" in out
    assert "because line" not in out
    assert cli.main(["summary", "--no-cache", "--color", "never", "--explain", str(script)]) == 0
    explained = capsys.readouterr().out
    assert "     because line 5: df = pd.read_csv(...) is computed at run time\n" in explained
    assert "     reaches dense_1 (Dense, line 10)\n" in explained


def test_the_budget_rule_says_why_it_cannot_check(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = tmp_path / "train.py"
    script.write_text(DATA_FRAME)
    cli.main(["check", "--no-cache", "--select", "LL204", "--max-model-params", "1000000", "--format", "json",
              str(script)])
    messages = [entry["message"] for entry in json.loads(capsys.readouterr().out)]
    assert messages == ["model 'model': its budget of 1,000,000 (max-model-params) is not checked: its size is "
                        "65 × num_classes + 1,344, known only at run time, because line 6: num_classes = len(...) "
                        "is computed at run time"]


def test_causes_never_make_unknowns_different() -> None:
    here, there = Unknown(Cause(1, 0, "here")), Unknown(Cause(2, 0, "there"))
    assert here == there == UNKNOWN and not here != there
    assert (None, here) == (None, there) and len({here, there, UNKNOWN}) == 1
    assert first_unknown(UNKNOWN, there, here) is there  # the first cause wins
    assert first_unknown(3, UNKNOWN) is UNKNOWN


def test_unknowns_survive_a_pickle() -> None:
    """Results cross process boundaries and the cache as pickles: the causeless unknown must come
    back as UNKNOWN itself, and a cause with its message."""
    import pickle

    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    back = pickle.loads(pickle.dumps(Unknown(Cause(3, 4, "{} is computed at run time", ("len(...)",)))))
    assert back.cause is not None and (back.cause.line, back.cause.column, back.cause.message) == \
        (3, 4, "len(...) is computed at run time")


def test_a_list_handed_to_a_call_not_followed() -> None:
    model = models_json("""\
        import keras
        from keras import layers
        from helpers import shuffle
        sizes = [8, 16]
        shuffle(sizes)
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(sizes[0])])
        """)["model"]
    assert causes(model["unknown"]) == [(5, "code lstm-lint does not follow here may change this value")]


def test_the_layer_budget_rule_gives_the_cause_the_row_shows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = tmp_path / "train.py"
    script.write_text("import keras\nfrom keras import layers\nfrom mylib import MyBlock\n\n"
                      "model = keras.Sequential([\n    keras.Input(shape=(32,)),\n    layers.Dense(64),\n"
                      "    MyBlock(64),\n    layers.Dense(10),\n])\n")
    cli.main(["check", "--no-cache", "--select", "LL204", "--max-layer-params", "1000", "--format", "json",
              str(script)])
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["location"]["row"] == 9
    assert entry["message"].endswith("because line 8: MyBlock(...) is not a layer lstm-lint understands: its "
                                     "shape and parameters are unknown")
