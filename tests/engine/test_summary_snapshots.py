"""Summaries where the file prints them: each ``model.summary()`` call whose model changes later is
reported as Keras prints it at that call. Every script runs in real Keras with ``summary`` wrapped
to record what it printed (its totals, parsed from the printed text) and the rows it listed; the
tables Keras printed that differ from what the model shows next are the ones lstm-lint must report."""
from __future__ import annotations

import contextlib
import io
import re
import sys
import warnings
from textwrap import dedent
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from lstm_lint import analyse_source
from tests.keras_env import keras
from tests.keras_diff.reference import output_shape

FILENAME = "<snapshots>"
Json = Dict[str, Any]

# Scripts whose every summary() call runs in every run: lstm-lint reports exactly what Keras printed.
CERTAIN = {
    "guide_add_then_summary": """
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(keras.Input(shape=(250, 250, 3)))
        model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
        model.add(layers.Conv2D(32, 3, activation="relu"))
        model.add(layers.MaxPooling2D(3))
        model.summary()
        model.add(layers.Conv2D(32, 3, activation="relu"))
        model.add(layers.GlobalMaxPooling2D())
        model.summary()
        model.add(layers.Dense(10))
    """,
    "pop_and_print": """
        import keras

        model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(8), keras.layers.Dense(4)])
        print(model.summary())
        model.pop()
        model.summary(line_length=100)
        model.add(keras.layers.Dense(2, use_bias=False))
        model.summary()
    """,
    "freezing": """
        import keras

        inputs = keras.Input((10,))
        hidden = keras.layers.Dense(6, name="hidden")
        outputs = keras.layers.Dense(3)(hidden(inputs))
        model = keras.Model(inputs, outputs)
        model.summary()
        hidden.trainable = False
        model.summary()
        model.trainable = False
    """,
    "unbuilt_then_built": """
        import keras

        model = keras.Sequential([keras.layers.Dense(3)])
        model.summary()
        model.build((None, 5))
        model.summary()
        model.add(keras.layers.Dense(2))
    """,
    "no_change_after": """
        import keras

        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        model.summary()
        model.summary()
        model.compile(optimizer="adam", loss="mse")
    """,
    "twice_before_a_change": """
        import keras

        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        model.summary()
        model.summary()
        model.add(keras.layers.Dense(1))
    """,
    "known_loop": """
        import keras

        model = keras.Sequential([keras.Input((12,))])
        for units in (8, 4, 2):
            model.add(keras.layers.Dense(units))
            model.summary()
    """,
    "pop_to_the_input": """
        import keras

        model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
        model.summary()
        model.pop()
        model.summary()
        model.add(keras.layers.Dense(7))
    """,
    "freezing_through_layers": """
        import keras

        model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3), keras.layers.BatchNormalization()])
        model.summary()
        model.layers[0].trainable = False
        model.summary()
        model.layers[1].trainable = False
    """,
    "keras2_input_shape": """
        import keras

        model = keras.Sequential()
        model.add(keras.layers.LSTM(8, input_shape=(10, 3), return_sequences=True))
        model.summary()
        model.add(keras.layers.LSTM(4))
        model.summary()
        model.add(keras.layers.Dense(1))
    """,
    "a_model_inside_another": """
        import keras

        inner = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
        other = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        inner.summary()
        other.summary()
        inner.add(keras.layers.Dense(1))
        outer = keras.Sequential([keras.Input((5,)), inner])
        outer.summary()
        inner.trainable = False
    """,
    "in_a_try_body": """
        import keras

        model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
        try:
            model.summary()
            model.add(keras.layers.Dense(2))
        except ValueError:
            pass
        model.add(keras.layers.Dense(4))
    """,
    "builder": """
        import keras

        def build(units=3):
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])
            model.summary()
            model.add(keras.layers.Dense(1))
            return model

        small = build()
        big = build(units=30)
    """,
}

# Scripts with a summary() call lstm-lint cannot tell runs (a run-time condition, a loop over
# data): in Keras it runs; lstm-lint leaves it out, and reports nothing Keras did not print.
UNDECIDED = {
    "run_time_condition": """
        import os
        import keras

        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        if os.environ.get("SHOW_SUMMARY", "1") == "1":
            model.summary()
        model.add(keras.layers.Dense(1))
    """,
    "loop_over_data": """
        import os
        import keras

        model = keras.Sequential([keras.Input((4,))])
        for units in [int(part) for part in os.environ.get("UNITS", "3,2").split(",")]:
            model.add(keras.layers.Dense(units))
            model.summary()
    """,
}


def _counts(printed: str) -> Tuple[int, int, int]:
    def count(label: str) -> int:
        match = re.search(rf"{label} params: ([\d,]+)", printed)
        assert match is not None, printed
        return int(match.group(1).replace(",", ""))
    return count("Total"), count("Trainable"), count("Non-trainable")


def _table(model: Any, printed: str) -> Json:
    total, trainable, non_trainable = _counts(printed)
    return {"total_params": total, "trainable_params": trainable, "non_trainable_params": non_trainable,
            "layers": [{"name": layer.name, "type": type(layer).__name__, "output_shape": output_shape(layer),
                        "params": int(layer.count_params())} for layer in model.layers]}


@contextlib.contextmanager
def _recording_summaries(calls: List[Tuple[Any, int, Any]]) -> Iterator[None]:
    """Each summary() call: the model, the script's line that made it, and the table it printed
    (None when Keras printed a model it had not built: rows of ``?`` and ``0 (unbuilt)``)."""
    original = keras.Model.summary

    def recording(self: Any, *args: Any, **kwargs: Any) -> None:
        printed: List[str] = []
        kwargs["print_fn"] = lambda text, line_break=True: printed.append(text)
        original(self, *args, **kwargs)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != FILENAME:
            frame = frame.f_back  # type: ignore[assignment]
        assert frame is not None
        text = "\n".join(printed)
        calls.append((self, frame.f_lineno, None if "unbuilt" in text else _table(self, text)))

    keras.Model.summary = recording  # type: ignore[method-assign]
    try:
        yield
    finally:
        keras.Model.summary = original  # type: ignore[method-assign]


def _shown(table: Json) -> Json:
    return {key: value for key, value in table.items() if key not in ("name", "line")}


def keras_snapshots(source: str) -> List[Json]:
    """The tables Keras printed that differ from what their model shows next (its next summary()
    call, or the model as the script leaves it), named by the module-level name bound to the model."""
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    calls: List[Tuple[Any, int, Any]] = []
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), _recording_summaries(calls):
        warnings.simplefilter("ignore")
        exec(compile(source, FILENAME, "exec"), namespace)
    names = {id(value): name for name, value in namespace.items() if isinstance(value, keras.Model)}
    finals = {id(model): _table(model, _printed(model)) for model, _, _ in calls}
    snapshots = []
    for index, (model, line, table) in enumerate(calls):
        if table is None:
            continue
        following = [later for other, _, later in calls[index + 1:] if other is model]
        after = following[0] if following else finals[id(model)]
        if after is None or _shown(table) != _shown(after):
            snapshots.append({"name": names[id(model)], "line": line, **table})
    return snapshots


def _printed(model: Any) -> str:
    printed: List[str] = []
    keras.Model.summary(model, print_fn=lambda text, line_break=True: printed.append(text))
    return "\n".join(printed)


def lint_snapshots(source: str) -> List[Json]:
    models = analyse_source(source, FILENAME).to_json()["models"]
    return [{"name": model["name"], "line": model["line"],
             **{key: model[key] for key in ("total_params", "trainable_params", "non_trainable_params")},
             "layers": [{key: row[key] for key in ("name", "type", "output_shape", "params")}
                        for row in model["layers"]]}
            for model in models if model["snapshot"]]


@pytest.mark.parametrize("name", sorted(CERTAIN))
def test_snapshots_are_what_keras_printed(name: str) -> None:
    source = dedent(CERTAIN[name])
    assert lint_snapshots(source) == keras_snapshots(source)


def test_the_scripts_print_tables_that_later_change() -> None:
    # Not every script above leaves one (some are there to show that nothing is added), but the
    # comparison is not all of empty lists.
    assert sum(len(keras_snapshots(dedent(source))) for source in CERTAIN.values()) >= 14


@pytest.mark.parametrize("name", sorted(UNDECIDED))
def test_calls_that_may_not_run_are_left_out(name: str) -> None:
    source = dedent(UNDECIDED[name])
    printed = keras_snapshots(source)
    assert printed, "Keras printed a table that later changed"
    assert lint_snapshots(source) == []


def test_snapshots_leave_the_models_and_their_order_alone() -> None:
    source = dedent(CERTAIN["guide_add_then_summary"])
    analysis = analyse_source(source, FILENAME)
    assert [model.name for model in analysis.models] == ["model"]
    entries = analysis.to_json()["models"]
    # The model as the file leaves it first, then the summaries in the order they ran.
    assert [(entry["snapshot"], entry["line"]) for entry in entries] == [(False, 5), (True, 10), (True, 13)]
