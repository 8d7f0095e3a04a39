"""The lookup and hashing layers against what Keras gave for them with TensorFlow installed.

Keras builds ``StringLookup``, ``IntegerLookup``, ``TextVectorization``, ``Hashing`` and
``HashedCrossing`` only with TensorFlow, which is no test dependency: ``tools/record_lookup_layers.py``
ran every example of their entries (in functional and Sequential form) and the programs of
``lookup_programs.py`` under TensorFlow's backend and NumPy's, and recorded Keras's rows, totals and
exceptions in ``lookup_truth.json``. Here lstm-lint reads each program and must agree with that
recording: every row, shape, count and total where Keras gives the same on both backends; an
LL1xx where Keras raises on both (or the model fails on data); unknown and no diagnostic where
the backend decides (``sparse=True``); unknown where the program's data decides.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.layers import NEEDS_TENSORFLOW, SPECS
from lstm_lint.lint import lint_file, lint_source
from tests.layers.lookup_programs import PROBED_KEYWORDS, Program, all_programs

HERE = Path(__file__).resolve().parent
TOOL = HERE.parents[1] / "tools" / "record_lookup_layers.py"
RECORDING: Dict[str, Any] = json.loads((HERE / "lookup_truth.json").read_text(encoding="utf-8"))
PROGRAMS: Dict[str, Program] = {program.key: program for program in all_programs()}
TENSORFLOW = importlib.util.find_spec("tensorflow") is not None
Json = Dict[str, Any]


def test_the_recording_is_of_these_programs() -> None:
    """A changed example or program must be recorded again (run the tool with TensorFlow)."""
    recorded = {key: entry["source"] for key, entry in RECORDING["programs"].items()}
    assert recorded == {key: program.source for key, program in PROGRAMS.items()}, (
        "tests/layers/lookup_truth.json is stale: run tools/record_lookup_layers.py where TensorFlow is installed")
    assert sorted(RECORDING["classes"]) == sorted(NEEDS_TENSORFLOW)


def _unknown(value: Any) -> bool:
    """An unknown shape or count in lstm-lint's JSON: null, or a shape with a ``"?"`` (a None in a
    shape is Keras's own "any size")."""
    if value is None or value == "?":
        return True
    return isinstance(value, list) and any(item == "?" or (isinstance(item, list) and _unknown(item))
                                           for item in value)


def _codes(source: str) -> List[str]:
    return [d.code for d in lint_file(source, "program.py", Settings(), None).diagnostics if d.code.startswith("LL1")]


def _rows(model: Json) -> List[Any]:
    return [(row["name"], row["type"], row["output_shape"], row["params"]) for row in model["layers"]]


def _differing_rows(first: List[Json], second: List[Json]) -> Optional[set]:
    """Names of the rows the two backends' models disagree on; None when the models themselves differ."""
    if [m["name"] for m in first] != [m["name"] for m in second]:
        return None
    names = set()
    for one, other in zip(first, second):
        if [row["name"] for row in one["layers"]] != [row["name"] for row in other["layers"]]:
            return None
        names |= {a["name"] for a, b in zip(one["layers"], other["layers"]) if a != b}
    return names


@pytest.mark.parametrize("key", sorted(PROGRAMS))
def test_program_matches_the_recording(key: str) -> None:
    program = PROGRAMS[key]
    backends = RECORDING["programs"][key]["backends"]
    tensorflow, numpy = backends["tensorflow"], backends["numpy"]
    codes = _codes(program.source)
    if program.example is not None:
        assert program.example.raises == ("raises" in tensorflow and "raises" in numpy), (
            f"the entry's example says Keras {'raises' if program.example.raises else 'builds it'}: {tensorflow}")
        assert program.example.fails_when_run == (tensorflow.get("runs") is False), (
            f"the entry's example says the model {'fails' if program.example.fails_when_run else 'runs'} on "
            f"data: {tensorflow}")
    if "raises" in tensorflow and "raises" in numpy:
        assert codes, f"Keras raises ({tensorflow['raises']}), lstm-lint says nothing:\n{program.source}"
        return
    if "raises" in tensorflow or "raises" in numpy:
        # Whether Keras builds it depends on the backend of the run: unknown, and no diagnostic.
        assert codes == [], f"Keras builds this with one backend, lstm-lint reports {codes}:\n{program.source}"
        got = analyse_source(program.source, "program.py").to_json()["models"]
        layer_rows = [row for model in got for row in model["layers"] if row["type"] != "InputLayer"]
        assert all(_unknown(row["output_shape"]) for row in layer_rows), (layer_rows, program.source)
        return
    fails = tensorflow.get("runs") is False
    assert bool(codes) == fails, (f"the model {'fails' if fails else 'runs'} on data "
                                  f"({tensorflow.get('run_error')}), lstm-lint reports {codes}:\n{program.source}")
    differing = _differing_rows(tensorflow["models"], numpy["models"])
    assert differing is not None, "the backends' recordings differ in their models or rows"
    must_be_unknown = set(program.unknown_rows) | differing
    got = analyse_source(program.source, "program.py").to_json()["models"]
    assert [m["name"] for m in got] == [m["name"] for m in tensorflow["models"]], program.source
    for ours, want in zip(got, tensorflow["models"]):
        assert [row[:2] for row in _rows(ours)] == [row[:2] for row in _rows(want)], program.source
        for mine, keras_row in zip(ours["layers"], want["layers"]):
            for field in ("output_shape", "params"):
                if not _unknown(mine[field]):
                    assert mine[field] == keras_row[field], (mine["name"], field, program.source)
            if keras_row["name"] in must_be_unknown:
                assert _unknown(mine["output_shape"]) or _unknown(mine["params"]), (
                    f"{mine['name']} depends on data, lstm-lint gives it exactly:\n{program.source}")
            else:
                assert not _unknown(mine["output_shape"]) and not _unknown(mine["params"]), (
                    mine["name"], program.source)
        for total in ("total_params", "trainable_params", "non_trainable_params"):
            if ours[total] is not None or not must_be_unknown:
                assert ours[total] == want[total], (total, program.source)


KERAS2 = Settings().merged({"target-keras": "2"}, "the test")


@pytest.mark.parametrize("key", sorted(PROGRAMS))
def test_under_target_keras_2_what_is_known_is_tf_keras_2s(key: str) -> None:
    """``target-keras = 2``: tf.keras 2 computes the encoded outputs otherwise than Keras 3, and
    lstm-lint leaves them unknown; every shape and count it does give is tf.keras 2's, and it
    reports no build error where tf.keras 2 builds the program."""
    program = PROGRAMS[key]
    recorded = RECORDING["programs"][key]["tf_keras"]
    if "raises" in recorded:
        return  # tf.keras 2 rejects it: what lstm-lint says is checked under Keras 3 above
    codes = [d.code for d in lint_file(program.source, "program.py", KERAS2, None).diagnostics
             if d.code.startswith("LL1")]
    assert codes == [], f"tf.keras 2 builds this, lstm-lint reports {codes} under target-keras 2:\n{program.source}"
    got = analyse_program(program.source, "program.py", target_keras=2).analysis.to_json()["models"]
    assert [model["name"] for model in got] == [model["name"] for model in recorded["models"]]
    for ours, want in zip(got, recorded["models"]):
        rows = [row for row in ours["layers"] if row["type"] != "InputLayer"]
        wanted = [row for row in want["layers"] if row["type"] != "InputLayer"]
        assert [row["type"] for row in rows] == [row["type"] for row in wanted], program.source
        for mine, theirs in zip(rows, wanted):
            for field in ("output_shape", "params"):
                if not _unknown(mine[field]):
                    assert mine[field] == theirs[field], (mine["name"], field, program.source)
        if ours["total_params"] is not None:
            assert ours["total_params"] == want["total_params"], program.source


@pytest.mark.parametrize("name", NEEDS_TENSORFLOW)
def test_the_entry_states_the_recorded_constructor(name: str) -> None:
    """LL103, ``0 (unbuilt)``, masks and default names rest on what the constructor does: the
    keywords it takes, whether it builds the layer, supports masking, and which names it takes."""
    spec = SPECS[name]
    recorded = RECORDING["classes"][name]
    assert set(recorded["keywords"]) == {keyword for keyword in PROBED_KEYWORDS if keyword not in spec.argument_names}
    for keyword, accepted in recorded["keywords"].items():
        assert spec.accepts_keyword(keyword) == accepted, f"{name}({keyword}=...): Keras accepts: {accepted}"
    config = dict(spec.defaults(), **recorded["config"])
    assert spec.built_at_construction(config) is recorded["built"]
    assert spec.masking.supports is recorded["supports_masking"]
    made, maybe = spec.constructor_layers(config) if spec.constructor_layers else ((), ())
    assert maybe == ()
    expected = {spec.default_name: 1}
    for prefix in made:
        expected[prefix] = expected.get(prefix, 0) + 1
    assert recorded["names"] == expected


@pytest.mark.parametrize("name", NEEDS_TENSORFLOW)
def test_a_misspelt_keyword_is_ll103_where_keras_refuses_it(name: str) -> None:
    """The registry gives these classes LL103 as it gives every other: a typo Keras's constructor
    refuses is reported, and none for HashedCrossing, whose constructor drops what it does not take."""
    recorded = RECORDING["classes"][name]
    arguments = "".join(f"{key}={value!r}, " for key, value in recorded["config"].items())
    source = f"import keras\nfrom keras import layers\nlayer = layers.{name}({arguments}trainabel=True)\n"
    found = [d.code for d in lint_source(source, "layer.py", Settings(), ["LL103"])]
    assert found == ([] if recorded["keywords"]["trainabel"] else ["LL103"]), source


# A vocabulary file named by a literal (the recorded program makes its path at run time).
FILE_VOCABULARY = """import keras
from keras import layers
inputs = keras.Input(shape=(4,), dtype="string")
outputs = layers.StringLookup(vocabulary="vocabulary.txt", output_mode="count")(inputs)
model = keras.Model(inputs, outputs)
"""


@pytest.mark.parametrize("source,row,reason", [
    (PROGRAMS["multi-hot-after-adapt"].source, "text_vectorization",
     "line 5: vectorizer.adapt() sets the vocabulary of the layer"),
    (PROGRAMS["string-lookup-vocabulary-file"].source, "string_lookup",
     "line 5: path = os.path.join(...) is computed at run time"),
    (FILE_VOCABULARY, "string_lookup", "line 4: StringLookup reads its vocabulary from the file 'vocabulary.txt'"),
    (PROGRAMS["string-lookup-run-time-vocabulary"].source, "string_lookup",
     "line 4: vocab = random.sample(...) is computed at run"),
], ids=["adapted", "file-path-made-at-run-time", "file", "run-time-list"])
def test_a_size_the_data_decides_says_why(source: str, row: str, reason: str) -> None:
    got = analyse_source(source, "program.py").to_json()["models"][0]
    found = next(layer for layer in got["layers"] if layer["name"] == row)
    messages = [f"line {cause['line']}: {cause['message']}" for cause in found["unknown"]]
    assert any(message.startswith(reason) for message in messages), messages


UNBUILT_AFTER_ADAPT = """import keras
from keras import layers
vectorize_layer = layers.TextVectorization(max_tokens=100, output_sequence_length=20)
vectorize_layer.adapt(texts)
model = keras.Sequential([vectorize_layer, layers.Embedding(101, 8)])
lookup = layers.StringLookup()
lookup.adapt(words)
embedded = keras.Sequential([keras.Input((3,), dtype="string"), lookup,
                             layers.Embedding(lookup.vocabulary_size(), 4)])
"""


def test_an_int_lookup_adapted_keeps_the_reason_of_its_unknown_shape() -> None:
    """An ``int`` output does not depend on the vocabulary: a Sequential without an input shape is
    not built (Keras's ``0 (unbuilt)``), whatever adapt() did before; the adapted size still is why
    an Embedding sized by ``vocabulary_size()`` is unknown."""
    got = analyse_source(UNBUILT_AFTER_ADAPT, "program.py").to_json()["models"]
    first = got[0]["layers"][0]
    assert got[0]["unbuilt"] is True and first["unbuilt"] is True and first["unknown"] == []
    sized = next(row for row in got[1]["layers"] if row["type"] == "Embedding")
    assert sized["params"] is None
    assert any("lookup.vocabulary_size() is the size of a vocabulary set at run time" in cause["message"]
               for cause in sized["unknown"]), sized["unknown"]


@pytest.mark.skipif(not TENSORFLOW, reason="TensorFlow is not installed (it is no test dependency): the recording "
                                           "cannot be regenerated here")
def test_regenerated_under_tensorflow_is_the_recording() -> None:
    """With TensorFlow importable, the Keras of this run gives what was recorded for every program
    (about ten seconds), with the backend of this run; the programs are not run on data here."""
    from tests.keras_env import keras

    loaded = importlib.util.spec_from_file_location("record_lookup_layers", TOOL)
    assert loaded is not None and loaded.loader is not None
    tool = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(tool)
    backend = keras.backend.backend()
    if backend not in RECORDING["backends"]:
        pytest.skip(f"recorded with the {' and '.join(RECORDING['backends'])} backends, this run has {backend}")
    for key in sorted(PROGRAMS):
        recorded = dict(RECORDING["programs"][key]["backends"][backend])
        for run in ("runs", "run_error", "adapted"):
            recorded.pop(run, None)
        assert tool.record_program(PROGRAMS[key].source, None) == recorded, key
