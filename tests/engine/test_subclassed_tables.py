"""The tables of subclassed models and of layers a built model never built, as Keras 3 prints them:
the model's class in the header, ``?`` and ``0 (unbuilt)`` in the row of a layer that is not
built, and the totals over the weights that exist. Each program is run in Keras (numpy backend)."""
from __future__ import annotations

import json
from typing import Any, Dict, List

from lstm_lint import analyse_source
from lstm_lint.formats import summary_markdown, summary_text
from tests.keras_env import keras

SUBCLASSED = '''import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__(name="net")
        self.lstm = layers.LSTM(8)
        self.out = layers.Dense(2)

    def call(self, x):
        return self.out(self.lstm(x))


class Wired(keras.Model):
    def train_step(self, data):
        return {}


net = Net()
net(keras.Input((10, 3)))
inputs = keras.Input((4,))
wired = Wired(inputs, layers.Dense(1)(inputs))
'''


def _models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


def test_the_header_names_a_subclassed_models_class() -> None:
    namespace: Dict[str, Any] = {}
    exec(compile(SUBCLASSED, "<program>", "exec"), namespace)
    assert type(namespace["net"]).__name__ == "Net" and type(namespace["wired"]).__name__ == "Wired"
    analysis = analyse_source(SUBCLASSED, "model.py")
    text = summary_text.render([analysis])
    assert 'Model: "net" (model.py:20, Net, subclassed)' in text
    # Built as a graph of layer calls, as keras.Model(inputs, outputs) would be.
    assert 'Model: "wired" (model.py:23, Wired, functional)' in text
    markdown = summary_markdown.render([analysis])
    assert '**Model "net"** (model.py:20, Net, subclassed)' in markdown
    models = _models(SUBCLASSED)
    assert (models["net"]["kind"], models["net"]["type"]) == ("Subclassed", "Net")
    assert (models["wired"]["kind"], models["wired"]["type"]) == ("Functional", "Wired")
    plain = _models("import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n")["m"]
    assert (plain["kind"], plain["type"]) == ("Sequential", "Sequential")
    assert "(model.py:2, Sequential)" in summary_text.render([analyse_source(
        "import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n", "model.py")])
    assert json.loads(json.dumps(models["net"]))["kind"] == "Subclassed"


UNBUILT_ROWS = '''import numpy as np
import keras
from keras import layers


class Tower(keras.Model):
    def __init__(self):
        super().__init__(name="tower")
        self.emb = layers.Embedding(100, 8)
        self.given = layers.Embedding(10, 4, weights=[np.zeros((10, 4))])
        self.drop = layers.Dropout(0.5)
        self.flat = layers.Flatten()
        self.head = keras.Sequential([layers.Dense(1)])
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.flat(self.drop(self.emb(x))))


class Skips(keras.Model):
    def __init__(self):
        super().__init__(name="skips")
        self.lstm = layers.LSTM(8)
        self.unused = layers.Embedding(100, 4)
        self.out = layers.Dense(2)

    def call(self, x):
        return self.out(self.lstm(x))


tower = Tower()
tower.build((None, 20))
skips = Skips()
skips(keras.Input((10, 3)))
'''


def _printed_tables(source: str) -> Dict[str, List[List[str]]]:
    """Per model the program binds, the table ``model.summary()`` prints: name (type), shape and
    params cells per row, then the three totals (without their sizes in bytes)."""
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    keras.backend.clear_session()
    exec(compile(source, "<program>", "exec"), namespace)
    tables: Dict[str, List[List[str]]] = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Model):
            lines: List[str] = []
            value.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
            tables[name] = _table("\n".join(lines))
    return tables


def _table(text: str) -> List[List[str]]:
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in text.splitlines() if line.startswith("│")]
    totals = [line.split(":")[1].split("(")[0].strip() for line in text.splitlines()
              if line.strip().startswith(("Total params", "Trainable params", "Non-trainable params"))]
    return rows + [totals]


def _our_tables(source: str) -> Dict[str, List[List[str]]]:
    analysis = analyse_source(source, "model.py")
    return {model.name: _table(summary_text.render_model(model, "model.py")) for model in analysis.models}


def _without_marks(cell: str) -> str:
    return cell.split(" [")[0]  # a footnote's number beside a ``?``


def test_layers_a_built_model_never_built_are_printed_as_keras_prints_them() -> None:
    expected = _printed_tables(UNBUILT_ROWS)
    ours = _our_tables(UNBUILT_ROWS)
    assert sorted(ours) == sorted(expected) == ["skips", "tower"]
    # Keras's sizes for the None axes of the inputs its traced call built layers on depend on the
    # backend (the numpy backend's placeholders are 83 long): lstm-lint leaves those unknown.
    assert [row[1] for row in expected["skips"][:-1]] == ["(83, 8)", "?", "(83, 2)"]
    for name in expected:
        assert len(ours[name]) == len(expected[name])
        for want, got in zip(expected[name], ours[name]):
            assert [_without_marks(cell) for cell in got] == [cell.replace("(83,", "(?,") for cell in want], name
    assert expected["tower"][0] == ["embedding (Embedding)", "?", "0 (unbuilt)"]
    assert expected["tower"][-1] == ["40", "40", "0"]


def test_an_unbuilt_row_in_json_and_markdown() -> None:
    analysis = analyse_source(UNBUILT_ROWS, "model.py")
    tower = next(model for model in analysis.to_json()["models"] if model["name"] == "tower")
    first, given = tower["layers"][0], tower["layers"][1]
    assert first == {"name": "embedding", "type": "Embedding", "line": 9, "output_shape": None, "params": 0,
                     "unbuilt": True, "unknown": []}
    assert "unbuilt" not in given and given["params"] == 40
    assert tower["total_params"] == 40
    markdown = summary_markdown.render([analysis])
    assert "| embedding | Embedding | ? | 0 (unbuilt) |" in markdown
    assert "| sequential | Sequential | ? | 0 (unbuilt) |" in markdown


def test_a_layer_something_unfollowed_may_have_built_is_not_said_unbuilt() -> None:
    source = UNBUILT_ROWS + """import helpers
tower.emb(np.zeros((2, 20)))
helpers.warm_up({"flat": tower.flat})
"""
    tower = _models(source)["tower"]
    by_name = {layer["name"]: layer for layer in tower["layers"]}
    # Keras built the Embedding on the data (800 weights); what helpers does is not known.
    assert by_name["embedding"]["params"] is None and "unbuilt" not in by_name["embedding"]
    assert by_name["flatten"]["params"] == 0 and "unbuilt" not in by_name["flatten"]
    assert tower["total_params"] is None
    keras_tower = _printed_tables(source.replace("import helpers\n", "").replace(
        'helpers.warm_up({"flat": tower.flat})\n', ""))
    assert keras_tower["tower"][0] == ["embedding (Embedding)", "(2, 20, 8)", "800"]


def test_the_editor_shows_an_unbuilt_row_as_keras_prints_it() -> None:
    from lstm_lint.server.document import analyse_document

    hints = {hint.line: hint.label for hint in analyse_document(UNBUILT_ROWS, "model.py").hints}
    # The Embedding never built, and the one its constructor built (given weights).
    assert hints[9] == "? · 0 (unbuilt)"
    # Keras prints no shape for a layer its constructor built, when no node was made for it.
    assert hints[10] == "? · 40"
