"""Generated programs that change Sequential models after making them: ``pop()``, ``add()``,
``build()``, ``predict()`` and calls on data, ``get_layer(...)``/``layers[i]`` frozen, ``trainable``,
``clone_model`` and models nested in others. Each runs in Keras, and lstm-lint must report every
module-level model as Keras has it (totals, and each row's name, class, shape, count and line).

LSTM_LINT_MODEL_OPS_PROGRAMS sets how many programs (default 25); LSTM_LINT_MODEL_OPS_FIRST_SEED
the first seed. ``python -m tests.engine.test_model_ops_generated SEED`` prints one program."""
from __future__ import annotations

import os
import random
import sys
from typing import Dict, List, Union

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences, numbered

PROGRAMS = int(os.environ.get("LSTM_LINT_MODEL_OPS_PROGRAMS", "25"))
FIRST_SEED = int(os.environ.get("LSTM_LINT_MODEL_OPS_FIRST_SEED", "0"))
STEPS, FEATURES = 6, 3


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.lines: List[str] = ["import numpy as np", "import keras", "from keras import layers"]
        self.named = 0
        self.built: Union[bool, str] = False  # whether the model being written is built, and on what
        self.copies = 0

    def layer(self) -> str:
        """A layer taking and giving a (batch, steps, features) input, sometimes with a name."""
        units = self.random.randint(1, 4)
        text = self.random.choice([
            f"layers.LSTM({units}, return_sequences=True", f"layers.GRU({units}, return_sequences=True",
            f"layers.Dense({units}", "layers.Dropout(0.1", "layers.LayerNormalization(",
            f"layers.Bidirectional(layers.SimpleRNN({units}, return_sequences=True)",
        ])
        if self.random.random() < 0.3:
            self.named += 1
            text += ("" if text.endswith("(") else ", ") + f"name='named_{self.named}'"
        return text + ")"

    def program(self) -> str:
        models: List[str] = []
        sizes: Dict[str, int] = {}
        for index in range(self.random.randint(1, 2)):
            name = f"model_{index}"
            count = self.random.randint(1, 4)
            with_input = self.random.random() < 0.5
            items = ([f"keras.Input(({STEPS}, {FEATURES}))"] if with_input else []) + [
                self.layer() for _ in range(count)]
            self.lines.append(f"{name} = keras.Sequential([{', '.join(items)}])")
            models.append(name)
            sizes[name] = count
            self.built: Union[bool, str] = "any batch" if with_input else False
            for _ in range(self.random.randint(1, 4)):
                self.operation(name, sizes)
            if not self.built:  # Keras counts the weights of a built model only
                self.lines.append(f"{name}.build((None, {STEPS}, {FEATURES}))")
        if self.random.random() < 0.4:
            inner = self.random.choice(models)
            self.lines.append(f"outer = keras.Sequential([keras.Input(({STEPS}, {FEATURES})), {inner}, "
                              "layers.Dense(1)])")
        # Default names after all that: every build made an InputLayer and a Functional of its own.
        self.lines.append(f"tail_input = keras.Input(({STEPS}, {FEATURES}))")
        self.lines.append("tail = keras.Model(tail_input, layers.Dense(1)(tail_input))")
        return "\n".join(self.lines) + "\n"

    def operation(self, name: str, sizes: Dict[str, int]) -> None:
        choice = self.random.choice(["pop", "add", "freeze_index", "freeze_item", "freeze_named", "build",
                                     "trainable", "clone", "rebuild"])
        if choice == "pop" and sizes[name] > 1:
            self.lines.append(f"{name}.pop()")
            sizes[name] -= 1
        elif choice == "add":
            self.lines.append(f"{name}.add({self.layer()})")
            sizes[name] += 1
        elif choice == "freeze_index":
            self.lines.append(f"{name}.get_layer(index={self.random.randrange(sizes[name])}).trainable = False")
        elif choice == "freeze_item":
            self.lines.append(f"{name}.layers[{self.random.randrange(sizes[name])}].trainable = False")
        elif choice == "freeze_named" and self.named:
            named = f"named_{self.random.randint(1, self.named)}"
            self.lines.append(f"if '{named}' in [layer.name for layer in {name}.layers]:")
            self.lines.append(f"    {name}.get_layer('{named}').trainable = False")
        elif choice == "rebuild" and self.built == "any batch":
            self.lines.append(f"{name}.build((None, {STEPS}, {FEATURES}))")  # the same shape: built again
        elif choice == "build" and not self.built:
            rows = self.random.choice([2, 5, 40])
            line = self.random.choice([
                f"{name}.build((None, {STEPS}, {FEATURES}))",
                f"{name}.predict(np.zeros(({rows}, {STEPS}, {FEATURES})), verbose=0)",
                f"{name}(np.random.rand({rows}, {STEPS}, {FEATURES}))",
            ])
            self.lines.append(line)
            # A second build() on another shape raises: only one on the same batch shape follows.
            self.built = "any batch" if "None" in line else "batch of data"
        elif choice == "trainable":
            self.lines.append(f"{name}.trainable = {self.random.choice(['False', 'True'])}")
        elif choice == "clone":
            # A new name each time: lstm-lint reports every model made, Keras's reference those bound.
            self.copies += 1
            copy = f"{name}_copy_{self.copies}"
            self.lines.append(f"{copy} = keras.models.clone_model({name})")
            if not self.built:
                self.lines.append(f"{copy}.build((None, {STEPS}, {FEATURES}))")


def generate(seed: int) -> str:
    return Generator(seed).program()


@pytest.mark.parametrize("seed", range(FIRST_SEED, FIRST_SEED + PROGRAMS))
def test_generated_program_matches_keras(seed: int) -> None:
    source = generate(seed)
    try:
        expected = reference.module_models(source)
    except Exception as error:  # noqa: BLE001 - a program Keras rejects is not one to compare
        pytest.skip(f"Keras rejects seed {seed}: {type(error).__name__}: {error}")
    actual = analyse_source(source, "model.py").to_json()["models"]
    problems = differences(expected, actual, lines=True)
    assert problems == [], f"seed {seed}:\n{numbered(source)}\n" + "\n".join(problems)


if __name__ == "__main__":
    print(generate(int(sys.argv[1])))
