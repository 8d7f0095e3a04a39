"""``lstm-lint summary`` end to end, as a user runs it (a real subprocess)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "seed_models.py"

GOOD = '''
import keras
from keras import layers
model = keras.Sequential([keras.Input((5, 2)), layers.GRU(3)])
'''


def lstm_lint(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=cwd, capture_output=True, text=True)


def test_text_summary_of_the_fixture_mirrors_keras_table() -> None:
    result = lstm_lint("summary", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    assert 'Model: "forecaster"' in result.stdout
    assert "│ lstm_2 (LSTM)" in result.stdout
    assert "(None, 50)" in result.stdout
    assert " Total params: 10,851" in result.stdout


def test_json_summary_has_the_documented_shape() -> None:
    result = lstm_lint("summary", "--format", "json", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    model = next(m for m in document["files"][0]["models"] if m["name"] == "forecaster")
    # Every count is known: no formula keys (``total_params_expr``, ...).
    assert set(model) == {"name", "line", "snapshot", "keras_name", "kind", "type", "built_by", "total_params",
                          "trainable_params", "non_trainable_params", "unknown", "assumed", "layers"}
    assert model["kind"] == model["type"] == "Sequential"
    assert model["unknown"] == [] and model["assumed"] == {} and model["snapshot"] is False
    lines = FIXTURE.read_text().splitlines()
    layer_line = lines.index('forecaster.add(LSTM(50, activation="relu", input_shape=(400, 3)))') + 1
    assert model["layers"][0] == {"name": "lstm_2", "type": "LSTM", "line": layer_line,
                                  "output_shape": [None, 50], "params": 10800, "unknown": []}
    assert model["line"] == lines.index("forecaster = Sequential()") + 1


def test_json_tells_keras_none_from_unknown(tmp_path: Path) -> None:
    """In JSON, null is Keras's None (any size), "?" a dimension lstm-lint cannot know (as in the
    text table), and a shape unknown as a whole, its rank included, is null."""
    (tmp_path / "model.py").write_text(
        "import numpy as np\nimport keras\nfrom keras import layers\n"
        "X = np.load('x.npy')\n"
        "a = keras.Input((None, 6))\n"
        "dynamic = keras.Model(a, layers.LSTM(4, return_sequences=True)(a))\n"
        "b = keras.Input((X.shape[1], 6))\n"
        "from_data = keras.Model(b, layers.LSTM(4, return_sequences=True)(b))\n"
        "unbuilt = keras.Sequential([layers.LSTM(4)])\n")
    result = lstm_lint("summary", "--format", "json", "--no-cache", "model.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    models = {model["name"]: model for model in json.loads(result.stdout)["files"][0]["models"]}
    assert [layer["output_shape"] for layer in models["dynamic"]["layers"]] == [[None, None, 6], [None, None, 4]]
    assert [layer["output_shape"] for layer in models["from_data"]["layers"]] == [[None, "?", 6], [None, "?", 4]]
    assert [layer["output_shape"] for layer in models["unbuilt"]["layers"]] == [None]
    # The parameter counts do not depend on the time axis: known in both. Unknown counts stay null.
    assert models["dynamic"]["total_params"] == models["from_data"]["total_params"] == 4 * 4 * (6 + 4 + 1)
    assert models["unbuilt"]["total_params"] == 0  # what summary() prints: Keras never builds it
    text = lstm_lint("summary", "--no-cache", "model.py", cwd=tmp_path).stdout
    # The text names the size read from data as the code does.
    assert "(None, None, 6)" in text and "(None, X.shape[1], 6)" in text


def test_directory_is_walked_and_a_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "good.py").write_text(GOOD)
    (tmp_path / "pkg" / "broken.py").write_text("import keras\ndef f(:\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "ignored.py").write_text(GOOD)
    result = lstm_lint("summary", "--format", "json", str(tmp_path))
    assert result.returncode == 2
    assert "broken.py:2:" in result.stderr
    paths = [entry["path"] for entry in json.loads(result.stdout)["files"]]
    assert paths == [str(tmp_path / "pkg" / "good.py")]


def test_undecodable_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "latin.py"
    bad.write_bytes(b"# -*- coding: utf-8 -*-\nimport keras\nx = '\xff'\n")
    result = lstm_lint("summary", str(bad))
    assert result.returncode == 2
    assert "latin.py" in result.stderr


def test_no_command_prints_help_and_fails() -> None:
    result = lstm_lint()
    assert result.returncode == 2
    assert "summary" in result.stderr


def test_what_cannot_be_encoded_is_printed_escaped_not_a_crash(tmp_path: Path) -> None:
    """A layer name holding a lone surrogate (legal in a Python string literal) cannot be written as
    UTF-8, nor box drawing in cp1252: the output escapes it, and the command does not crash."""
    model = tmp_path / "model.py"
    model.write_text('import keras\nfrom keras import layers\n'
                     'm = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="odd\\ud800")])\n')
    result = lstm_lint("summary", "--no-cache", str(model), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "│ odd\\ud800 (Dense)" in result.stdout
    in_cp1252 = subprocess.run([sys.executable, "-m", "lstm_lint", "summary", "--no-cache", str(model)],
                               cwd=tmp_path, capture_output=True, env=dict(os.environ, PYTHONIOENCODING="cp1252"))
    assert in_cp1252.returncode == 0, in_cp1252.stderr
    # cp1252 has no box drawing: the table is drawn in ASCII, and only the name is escaped
    assert b"| Layer (type)" in in_cp1252.stdout and b"| odd\\ud800 (Dense)" in in_cp1252.stdout
    assert b"\\u2503" not in in_cp1252.stdout and b" Total params: 8" in in_cp1252.stdout


ASCII_TABLE = """Model: "m" (model.py:3, Sequential)
+--------------------------------------------------------------------------+
| Layer (type)                    | Output Shape           |       Param # |
|---------------------------------+------------------------+---------------|
| dense (Dense)                   | (None, 2)              |             8 |
|---------------------------------+------------------------+---------------|
| dense_1 (Dense)                 | (None, 1)              |             3 |
+--------------------------------------------------------------------------+
 Total params: 11
 Trainable params: 11
 Non-trainable params: 0
"""


def test_a_stream_that_cannot_write_box_drawing_gets_ascii_tables(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("import keras\nfrom keras import layers\n"
                                       "m = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])\n")

    def summary(encoding: str) -> str:
        result = subprocess.run([sys.executable, "-m", "lstm_lint", "summary", "model.py"], cwd=tmp_path,
                                capture_output=True, env=dict(os.environ, PYTHONIOENCODING=encoding))
        assert result.returncode == 0, result.stderr
        return result.stdout.decode(encoding)

    assert summary("ascii") == ASCII_TABLE
    assert summary("utf-8").splitlines()[1] == "┏" + "━" * 33 + "┳" + "━" * 24 + "┳" + "━" * 15 + "┓"
    assert summary("ascii") == ASCII_TABLE  # the cache keeps the two apart


def test_a_commands_usage_error_shows_that_commands_usage() -> None:
    for command in ("summary", "check", "diff main", "rules", "rule LL301"):
        result = lstm_lint(*command.split(), "--bogus")
        assert result.returncode == 2
        assert result.stdout == ""
        name = command.split()[0]
        assert result.stderr.startswith(f"usage: lstm-lint {name} [-h]")
        assert result.stderr.splitlines()[-1] == f"lstm-lint {name}: error: unrecognized arguments: --bogus"


def test_nothing_found_is_said_on_stderr_and_is_no_failure(tmp_path: Path) -> None:
    for index in range(12):
        (tmp_path / f"plain_{index}.py").write_text("import keras\nx = 1\n" if index % 2 else "x = 1\n")
    result = lstm_lint("summary", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "no Keras models found in 12 files\n")
    one = lstm_lint("summary", "plain_1.py", cwd=tmp_path)
    assert (one.returncode, one.stderr) == (0, "no Keras models found in 1 file\n")
    as_json = lstm_lint("summary", "--format", "json", ".", cwd=tmp_path)
    assert as_json.returncode == 0 and as_json.stderr == ""  # the document says it: no models
    assert all(entry["models"] == [] for entry in json.loads(as_json.stdout)["files"])
    check = lstm_lint("check", ".", cwd=tmp_path)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")  # as flake8: silence when clean


def test_no_python_file_at_all_is_said_for_both_commands(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("import keras\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "model.py").write_text(GOOD)  # excluded by default
    for command in ("summary", "check"):
        result = lstm_lint(command, cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "no Python files found\n")


def test_json_lists_the_files_it_could_not_summarise_as_check_does(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "broken.py").write_text("import keras\ndef f(:\n")
    args = ("--format", "json", "good.py", "broken.py", "missing.py")
    result = lstm_lint("summary", *args, cwd=tmp_path)
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert [entry["path"] for entry in document["files"]] == ["good.py"]
    errors = document["errors"]
    # In the order stderr reports them: the unreadable file as the files are found, then the others.
    assert [(error["path"], error["line"]) for error in errors] == [("missing.py", 1), ("broken.py", 2)]
    assert errors[0]["message"] == "No such file or directory"
    assert errors[1]["message"].startswith("cannot parse: ")
    assert result.stderr.splitlines()[1] == \
        f"broken.py:2:{errors[1]['column']}: error: {errors[1]['message']}"
    check = json.loads(lstm_lint("check", *args, cwd=tmp_path).stdout)
    assert [(Path(entry["filename"]).name, entry["location"]["row"], entry["location"]["column"], entry["message"])
            for entry in check if entry["code"] is None] == \
        [(error["path"], error["line"], error["column"], error["message"]) for error in errors]
    clean = json.loads(lstm_lint("summary", "--format", "json", "good.py", cwd=tmp_path).stdout)
    assert clean["errors"] == []


def test_a_builders_models_are_named_at_their_call_sites(tmp_path: Path) -> None:
    """``small = build()`` and ``big = build(units=128)``: two models, named by their bindings and
    placed at the calls, each built by build() at the line of its Sequential; a builder nobody calls
    keeps its own name. The counts are Keras's (LSTM 4·(u·(3+u)+u) + Dense u+1)."""
    (tmp_path / "model.py").write_text(
        "import keras\nfrom keras import layers\n\n\n"
        "def build(units=64):\n"
        "    model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(units), layers.Dense(1)], name='stacked')\n"
        "    return model\n\n\n"
        "def unused():\n"
        "    return keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n\n\n"
        "small = build()\n"
        "big = build(units=128)\n")
    result = lstm_lint("summary", "--no-cache", "--format", "json", str(tmp_path / "model.py"))
    models = {model["name"]: model for model in json.loads(result.stdout)["files"][0]["models"]}
    assert sorted(models) == ["big", "small", "unused"]
    assert (models["small"]["line"], models["big"]["line"], models["unused"]["line"]) == (14, 15, 11)
    assert models["small"]["built_by"] == models["big"]["built_by"] == {"function": "build", "line": 6}
    assert models["unused"]["built_by"] is None
    assert (models["small"]["keras_name"], models["unused"]["keras_name"]) == ("stacked", "sequential")
    assert (models["small"]["total_params"], models["big"]["total_params"]) == (17473, 67713)
    text = lstm_lint("summary", "--no-cache", str(tmp_path / "model.py")).stdout
    assert 'Model: "small" (' in text and 'Sequential, built by build() at line 6, named "stacked" in Keras)' in text
