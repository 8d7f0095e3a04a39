"""``--assume NAME=VALUE``: a value for a name the code cannot evaluate. The numbers lstm-lint then
gives are Keras's own for the program run with that value (each program here is run in Keras with
its unknown line replaced by one that sets the value, on the same line), and every model of a file
that used an assumption says so."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint import cli
from lstm_lint.config import ConfigError, Settings, parse_assumptions
from lstm_lint.engine import analyse_program
from tests.keras_diff import reference
from tests.reasons.test_unknown_causes import DATA_FRAME

KEYS = ("name", "total_params", "trainable_params", "non_trainable_params")


def ours(source: str, assumptions: Dict[str, Any]) -> List[Dict[str, Any]]:
    return analyse_program(textwrap.dedent(source), assumptions=assumptions).analysis.to_json()["models"]


def comparable(models: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{**{key: model[key] for key in KEYS},
             "layers": [{key: layer[key] for key in ("name", "type", "line", "output_shape", "params")}
                        for layer in model["layers"]]} for model in models]


def keras_with(source: str, unknown_line: str, known_line: str) -> List[Dict[str, Any]]:
    """Keras's models for ``source`` with ``unknown_line`` replaced by ``known_line`` (one line for
    one, so that every other line keeps its number)."""
    source = textwrap.dedent(source)
    assert source.count(unknown_line) == 1 and "\n" not in known_line
    return reference.module_models(source.replace(unknown_line, known_line))


# A class count read from a data frame (the program the unknown-cause tests read too).
CLASS_COUNT = DATA_FRAME


def test_a_module_level_name() -> None:
    found = ours(CLASS_COUNT, {"num_classes": 20})
    without_data = CLASS_COUNT.replace("import pandas as pd", "pd = None").replace(
        'df = pd.read_csv("train.csv")', "df = None")  # line for line: the numbers stay the same
    expected = keras_with(without_data, 'num_classes = len(df["label"].unique())', "num_classes = 20")
    assert comparable(found) == comparable(expected)
    assert found[0]["assumed"] == {"num_classes": 20} and found[0]["unknown"] == []


def test_an_input_shape_from_an_attribute_as_written() -> None:
    source = """\
        import numpy as np
        import keras
        from keras import layers

        X_train = np.load("x.npy")
        inputs = keras.Input(shape=X_train.shape[1:])
        outputs = layers.Dense(10)(layers.Flatten()(layers.Dense(32)(inputs)))
        classifier = keras.Model(inputs, outputs)
        """
    found = ours(source, parse_assumptions({"X_train.shape": [60000, 28, 28]}, "test"))
    # Keras needs only the array's shape: a stand-in with it (60000 x 28 x 28 floats would be 376 MB).
    expected = keras_with(source, 'X_train = np.load("x.npy")',
                          "X_train = type('Data', (), {'shape': (60000, 28, 28)})()")
    assert comparable(found) == comparable(expected)
    assert found[0]["assumed"] == {"X_train.shape": [60000, 28, 28]}


def test_a_parameter_as_function_dot_name() -> None:
    source = """\
        import keras
        from keras import layers

        def build(units):
            return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(units), layers.Dense(1)])
        """
    found = ours(source, {"build.units": 7})  # a builder nobody calls is reported under its name
    expected = reference.module_models(textwrap.dedent(source) + "build = build(7)\n")
    assert comparable(found) == comparable(expected)
    assert found[0]["assumed"] == {"build.units": 7}


def test_an_inline_comment_on_the_assigning_line() -> None:
    source = CLASS_COUNT.replace('num_classes = len(df["label"].unique())',
                                 'num_classes = len(df["label"].unique())  # lstm-lint: assume=20')
    found = ours(source, {})
    assert [model["total_params"] for model in found] == [model["total_params"] for model in ours(
        CLASS_COUNT, {"num_classes": 20})]
    assert found[0]["assumed"] == {"num_classes": 20}


def test_what_the_code_proves_beats_an_assumption() -> None:
    proven = CLASS_COUNT.replace('len(df["label"].unique())', "10")
    found = ours(proven, {"num_classes": 20})
    expected = keras_with(proven.replace("import pandas as pd", "pd = None"), 'df = pd.read_csv("train.csv")',
                          "df = None")
    assert comparable(found) == comparable(expected) and found[0]["assumed"] == {}


def test_text_json_and_diagnostics_mark_assumed_numbers(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(CLASS_COUNT))
    assert cli.main(["summary", "--no-cache", "--assume", "num_classes=20", str(script)]) == 0
    text = capsys.readouterr().out
    assert " Total params: 2,644\n" in text and " \u2020assumed num_classes=20\n" in text
    assert cli.main(["check", "--no-cache", "--assume", "num_classes=20", "--max-model-params", "1000",
                     "--format", "json", str(script)]) == 1
    messages = [entry["message"] for entry in json.loads(capsys.readouterr().out)]
    assert messages == ["model 'model' has 2,644 parameters, over max-model-params = 1,000 "
                        "(\u2020assumed num_classes=20)"]


def test_pyproject_assumptions(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint.assume]\nnum_classes = 20\n')
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(CLASS_COUNT))
    assert cli.main(["summary", "--no-cache", "--format", "json", str(script)]) == 0
    model = json.loads(capsys.readouterr().out)["files"][0]["models"][0]
    assert model["total_params"] == 2644 and model["assumed"] == {"num_classes": 20}


def test_a_name_that_matches_nothing_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(CLASS_COUNT))
    assert cli.main(["summary", "--no-cache", "--assume", "num_clases=20", str(script)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == \
        "lstm-lint: --assume num_clases: this name matches nothing the files bind"
    assert cli.main(["check", "--no-cache", "--assume", "num_clases=20", str(script)]) == 2


@pytest.mark.parametrize("given", ["num_classes", "num_classes=len(x)", "1x=2"])
def test_invalid_assumptions_are_refused(given: str) -> None:
    with pytest.raises(ConfigError):
        Settings().merged({"assume": [given]}, "the command line")


def test_several_in_one_string_and_the_later_source_wins() -> None:
    settings = Settings().merged({"assume": "a=1; b='x'\nc=[1, 2]"}, "setup.cfg").merged({"assume": ["a=5"]}, "cli")
    assert dict(settings.assume) == {"a": 5, "b": "x", "c": [1, 2]}


def test_diff_with_an_assumption(tmp_path: Path, capsys: pytest.CaptureFixture,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
                       cwd=tmp_path, check=True, capture_output=True)

    script = tmp_path / "train.py"
    git("init", "-q")
    script.write_text(textwrap.dedent(CLASS_COUNT))
    git("add", "-A")
    git("commit", "-q", "-m", "one")
    second = CLASS_COUNT.replace("layers.Dense(64, ", "layers.Dense(32, ")
    script.write_text(textwrap.dedent(second))
    git("commit", "-q", "-am", "two")
    keras_totals = tuple(keras_with(version.replace("import pandas as pd", "pd = None").replace(
        'df = pd.read_csv("train.csv")', "df = None"), 'num_classes = len(df["label"].unique())',
        "num_classes = 20")[0]["total_params"] for version in (CLASS_COUNT, second))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["diff", "--format", "json", "--assume", "num_classes=20", "HEAD~1", "HEAD"]) == 0
    (model,) = json.loads(capsys.readouterr().out)["models"]
    assert (model["total_params"]["old"], model["total_params"]["new"]) == keras_totals
    assert model["assumed"] == {"num_classes": 20}
    assert cli.main(["diff", "--assume", "num_classes=20", "HEAD~1", "HEAD"]) == 0
    assert "(\u2020assumed num_classes=20)" in capsys.readouterr().out


def test_the_names_formulas_are_written_in_can_be_assumed() -> None:
    """A formula says ``X_train.shape[1] × len(class_names) + len(class_names)``: each of its names
    takes a value the same way (and the totals are Keras's with those values)."""
    source = """\
        import numpy as np
        import keras
        from keras import layers

        X_train = np.load("x.npy")
        class_names = sorted(set(open("labels.txt").read().split()))
        classifier = keras.Sequential([keras.Input((X_train.shape[1],)), layers.Dense(len(class_names))])
        """
    unknown = ours(source, {})
    assert unknown[0]["total_params_expr"] == "X_train.shape[1] * len(class_names) + len(class_names)"
    found = ours(source, parse_assumptions({"X_train.shape[1]": 10, "len(class_names)": 6}, "test"))
    stand_ins = source.replace('X_train = np.load("x.npy")', "X_train = np.zeros((2, 10))").replace(
        'sorted(set(open("labels.txt").read().split()))', "list('abcdef')")
    assert comparable(found) == comparable(reference.module_models(textwrap.dedent(stand_ins)))
    assert found[0]["assumed"] == {"X_train.shape[1]": 10, "len(class_names)": 6}
    with pytest.raises(ConfigError, match="invalid name"):
        parse_assumptions({"len(a) + 1": 3}, "test")
