"""Model files for the benchmarks, generated (deterministically) rather than committed."""
from __future__ import annotations

from typing import List

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
