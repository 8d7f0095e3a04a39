"""The tables of subclassed models and of layers a built model never built, as Keras 3 prints them:
the model's class in the header, ``?`` and ``0 (unbuilt)`` in the row of a layer that is not
built, and the totals over the weights that exist. Each program is run in Keras (numpy backend)."""
from __future__ import annotations

import json
from typing import Any, Dict, List

from lstm_lint import analyse_source
from lstm_lint.formats import summary_markdown, summary_text
from tests.keras_diff import reference
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


def _printed_rows(model: Any) -> List[List[str]]:
    """The rows ``model.summary()`` prints: name (type), shape, params, as text cells."""
    lines: List[str] = []
    model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
    rows = []
    for line in "\n".join(lines).splitlines():
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


__all__ = ["keras", "reference"]
