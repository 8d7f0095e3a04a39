"""Model files for the benchmarks, generated (deterministically) rather than committed."""
from __future__ import annotations

import random
from pathlib import Path
from typing import List, Optional

HEADER = "import keras\nfrom keras import layers\n\n"


def model_block(index: int) -> str:
    """One small recurrent model, varied by index, in the styles real scripts use."""
    units = 8 + index % 24
    kind = ("LSTM", "GRU", "SimpleRNN")[index % 3]
    if index % 2:
        return (f"model_{index} = keras.Sequential([\n"
                f"    keras.Input(shape=({5 + index % 7}, {2 + index % 3})),\n"
                f"    layers.{kind}({units}, return_sequences=True),\n"
                f"    layers.{kind}({units // 2 + 1}),\n"
                f"    layers.Dense(1),\n"
                f"])\n")
    return (f"inputs_{index} = keras.Input(shape=({4 + index % 5}, 3))\n"
            f"x_{index} = layers.Bidirectional(layers.{kind}({units}))(inputs_{index})\n"
            f"x_{index} = layers.Dropout(0.1)(x_{index})\n"
            f"model_{index} = keras.Model(inputs_{index}, layers.Dense(2)(x_{index}))\n")


def models_file(count: int) -> str:
    return HEADER + "\n".join(model_block(index) for index in range(count))


def deep_sequential(layer_count: int) -> str:
    rows = "".join("    layers.Dense(4),\n" for _ in range(layer_count))
    return HEADER + f"model = keras.Sequential([\n    keras.Input(shape=(4,)),\n{rows}])\n"


def seed_files() -> List[str]:
    return [models_file(1), models_file(20)]


# ---- a project of model files, for the flake8 benchmark -----------------------------------------
# Real training scripts are mostly not the model: data loading, helpers, a main block. Each file
# below has one to three models in one of the styles scripts use (Sequential list, .add calls,
# functional, a builder function, tf.keras imports, a subclassed model) plus plain-Python helpers,
# 20 to 200 lines in all, and is clean for flake8's default checks (so both runs do the same work).

_IMPORTS = (
    "import keras\nfrom keras import layers\n",
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n",
    "import tensorflow as tf\n\nkeras = tf.keras\nlayers = tf.keras.layers\n",
    "import tensorflow.keras as keras\nfrom tensorflow.keras import layers\n",
)
_RNN = ("LSTM", "GRU", "SimpleRNN")


def _sequential_list(rng: random.Random, index: int) -> List[str]:
    kind = rng.choice(_RNN)
    steps, features, units = rng.randint(5, 60), rng.randint(1, 16), rng.choice((16, 32, 64, 128))
    return [f"model_{index} = keras.Sequential([",
            f"    keras.Input(shape=({steps}, {features})),",
            f"    layers.{kind}({units}, return_sequences=True),",
            f"    layers.Dropout({rng.choice(('0.1', '0.2', '0.5'))}),",
            f"    layers.{kind}({units // 2}),",
            f"    layers.Dense({rng.randint(1, 10)}, activation=\"{rng.choice(('relu', 'softmax', 'linear'))}\"),",
            f"], name=\"sequential_{index}\")",
            f"model_{index}.compile(optimizer=\"adam\", loss=\"mse\")"]


def _sequential_add(rng: random.Random, index: int) -> List[str]:
    kind = rng.choice(_RNN)
    return [f"model_{index} = keras.Sequential()",
            f"model_{index}.add(keras.Input(shape=(None, {rng.randint(1, 32)})))",
            f"model_{index}.add(layers.{kind}({rng.choice((8, 32, 50))}, return_sequences=True))",
            f"model_{index}.add(layers.TimeDistributed(layers.Dense({rng.randint(1, 8)})))",
            f"model_{index}.add(layers.GlobalAveragePooling1D())",
            f"model_{index}.add(layers.Dense(1))"]


def _functional(rng: random.Random, index: int) -> List[str]:
    kind = rng.choice(_RNN)
    return [f"inputs_{index} = keras.Input(shape=({rng.randint(5, 40)}, {rng.randint(1, 8)}))",
            f"extra_{index} = keras.Input(shape=({rng.randint(1, 8)},))",
            f"x = layers.Bidirectional(layers.{kind}({rng.choice((16, 32, 64))}))(inputs_{index})",
            "x = layers.Dropout(0.2)(x)",
            f"x = layers.concatenate([x, extra_{index}])",
            f"x = layers.Dense({rng.choice((8, 16, 32))}, activation=\"relu\")(x)",
            f"outputs = layers.Dense({rng.randint(1, 5)})(x)",
            f"model_{index} = keras.Model([inputs_{index}, extra_{index}], outputs)"]


def _builder(rng: random.Random, index: int) -> List[str]:
    kind = rng.choice(_RNN)
    return [f"def build_model_{index}(steps, features, units={rng.choice((32, 64))}):",
            f"    \"\"\"A stacked {kind} regressor.\"\"\"",
            "    model = keras.Sequential()",
            "    model.add(keras.Input(shape=(steps, features)))",
            f"    for _ in range({rng.randint(1, 3)}):",
            f"        model.add(layers.{kind}(units, return_sequences=True))",
            f"    model.add(layers.{kind}(units))",
            "    model.add(layers.Dense(1))",
            "    return model",
            "",
            "",
            f"model_{index} = build_model_{index}({rng.randint(5, 50)}, {rng.randint(1, 9)})"]


def _subclassed(rng: random.Random, index: int) -> List[str]:
    return [f"class Forecaster{index}(keras.Model):",
            "    def __init__(self, units):",
            "        super().__init__()",
            "        self.rnn = layers.LSTM(units)",
            "        self.head = layers.Dense(1)",
            "",
            "    def call(self, inputs):",
            "        return self.head(self.rnn(inputs))",
            "",
            "",
            f"forecaster_{index} = Forecaster{index}({rng.choice((16, 32, 64))})"]


_MODEL_STYLES = (_sequential_list, _sequential_add, _functional, _builder, _subclassed)


def _helper(rng: random.Random, index: int) -> List[str]:
    """A plain-Python helper, of the kind that fills the rest of a training script."""
    window = rng.randint(2, 30)
    return [f"def make_windows_{index}(series, window={window}):",
            "    \"\"\"Sliding windows over a sequence, and the value after each one.\"\"\"",
            "    inputs, targets = [], []",
            "    for start in range(len(series) - window):",
            "        inputs.append(series[start:start + window])",
            "        targets.append(series[start + window])",
            "    return inputs, targets",
            "",
            "",
            f"def normalise_{index}(values):",
            "    low, high = min(values), max(values)",
            "    if high == low:",
            "        return [0.0 for _ in values]",
            "    return [(value - low) / (high - low) for value in values]",
            "",
            "",
            f"def batches_{index}(items, size={rng.choice((16, 32, 64))}):",
            "    for start in range(0, len(items), size):",
            "        yield items[start:start + size]"]


def project_file(index: int, length: Optional[int] = None) -> str:
    """File ``index`` of a generated project: 20 to 200 lines (about ``length`` when given), one to
    three models, helpers."""
    rng = random.Random(index)
    target = rng.randint(20, 200)
    if length is not None:
        target = length
    lines = [f'"""Training script {index}: sequence models on a univariate series."""',
             rng.choice(_IMPORTS).rstrip("\n").replace("\n\n", "\n"), "", ""]
    if "tf.keras" in lines[1]:
        lines[1:2] = lines[1].split("\n")
        lines.insert(2, "")
    lines.append(f"STEPS = {rng.randint(5, 100)}")
    lines += ["", ""]
    parts = [rng.choice(_MODEL_STYLES)(rng, index * 10 + k) for k in range(rng.randint(1, 3))]
    helpers: List[int] = []
    while len(lines) + sum(len(part) + 2 for part in parts) + 6 + 3 * len(helpers) < target:
        helpers.append(index * 100 + len(helpers))
        parts.insert(rng.randint(0, len(parts)), _helper(rng, helpers[-1]))
    for part in parts:
        lines += part + ["", ""]
    # The helpers are used, as in real scripts (so nothing here is dead code an analysis could skip).
    lines += ["if __name__ == \"__main__\":", "    series = [float(step % 7) for step in range(STEPS * 4)]"]
    for helper in helpers:
        lines += [f"    windows, targets = make_windows_{helper}(normalise_{helper}(series))",
                  f"    for batch in batches_{helper}(windows):",
                  "        print(len(batch))"]
    lines.append(f"    print(\"script {index}\", STEPS)")
    return "\n".join(lines) + "\n"


def write_project(folder: Path, count: int) -> List[Path]:
    """``count`` generated model files in ``folder`` (created), returned in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"train_{index:04d}.py"
        path.write_text(project_file(index), encoding="utf-8")
        paths.append(path)
    return paths
