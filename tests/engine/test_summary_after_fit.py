"""``model.summary()`` after ``fit``: Keras prints "Optimizer params: N" and adds N to "Total params"
once the model's optimizer is built (keras/src/utils/summary_utils.py). Each script runs in Keras
(numpy backend, which cannot train): ``fit`` and ``train_on_batch`` are replaced by what their first
train step does to the optimizer, ``optimizer.build(model.trainable_variables)``, and ``summary``
records the totals it printed. lstm-lint's tables of those calls must print the same; the model as
the file leaves it keeps ``count_params()``."""
from __future__ import annotations

import contextlib
import io
import re
import warnings
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from lstm_lint import analyse_source
from tests.keras_env import keras

FILENAME = "<fit>"
NO_LINE = "no optimizer line"

HEAD = """\
import numpy as np
import keras
from keras import layers

model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.BatchNormalization(), layers.Dense(1)])
x, y = np.zeros((8, 3)), np.zeros((8, 1))
"""

CERTAIN = {
    "adam_by_name": "model.compile('adam', 'mse')\nmodel.fit(x, y, epochs=2, verbose=0)\nmodel.summary()\n",
    "default_rmsprop": "model.compile(loss='mse')\nmodel.fit(x, y, verbose=0)\nmodel.summary()\n",
    "amsgrad_object": ("opt = keras.optimizers.Adam(learning_rate=1e-3, amsgrad=True)\n"
                       "model.compile(optimizer=opt, loss='mse')\nmodel.summary()\n"
                       "model.fit(x, y, verbose=0)\nmodel.summary()\n"),
    "sgd_momentum": ("model.compile(keras.optimizers.SGD(0.01, 0.9), 'mse')\n"
                     "model.train_on_batch(x, y)\nmodel.summary()\n"),
    "sgd_plain": "model.compile(keras.optimizers.SGD(), 'mse')\nmodel.fit(x, y, verbose=0)\nmodel.summary()\n",
    "centered_rmsprop": ("model.compile(keras.optimizers.RMSprop(momentum=0.5, centered=True), 'mse')\n"
                         "model.fit(x, y, verbose=0)\nmodel.summary()\n"),
    "nadam": "model.compile(optimizer='nadam', loss='mse')\nmodel.fit(x, y, verbose=0)\nmodel.summary()\n",
    # The optimizer is built on the variables trainable at the first fit, and keeps them.
    "frozen_after_fit": ("model.compile(optimizer='adamw', loss='mse')\nmodel.fit(x, y, verbose=0)\n"
                         "model.layers[0].trainable = False\nmodel.compile(optimizer='adagrad', loss='mse')\n"
                         "model.summary()\nmodel.fit(x, y, verbose=0)\nmodel.summary()\n"),
}

# Keras prints an optimizer line (or not) that lstm-lint cannot tell: it must say "?".
UNDECIDED = {
    "fit_maybe": ("import os\nmodel.compile('adam', 'mse')\nif os.environ.get('TRAIN'):\n"
                  "    model.fit(x, y, verbose=0)\nmodel.summary()\n"),
    "schedule": ("schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)\n"
                 "model.compile(keras.optimizers.Adam(schedule), 'mse')\nmodel.fit(x, y, verbose=0)\n"
                 "model.summary()\n"),
    # The jax backend builds the optimizer before the first epoch, the others in the first train step.
    "no_epoch": "model.compile('adam', 'mse')\nmodel.fit(x, y, epochs=0, verbose=0)\nmodel.summary()\n",
    # Compiled again on some paths only: a new optimizer, not built yet, on those.
    "recompiled_maybe": ("import os\nmodel.compile('adam', 'mse')\nmodel.fit(x, y, verbose=0)\n"
                         "if os.environ.get('RECOMPILE'):\n    model.compile('sgd', 'mse')\nmodel.summary()\n"),
    "built_by_hand": ("model.compile('adam', 'mse')\nmodel.optimizer.build(model.trainable_variables)\n"
                      "model.summary()\n"),
}


# A model of the program's own class, built by fit on the data's shape.
SUBCLASSED_HEAD = """\
import numpy as np
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self, units=4):
        super().__init__()
        self.hidden = layers.Dense(units)
        self.norm = layers.BatchNormalization()
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.norm(self.hidden(inputs)))


model = Net()
x, y = np.zeros((8, 3)), np.zeros((8, 1))
"""

SUBCLASSED = {
    "adam_by_name": "model.compile('adam', 'mse')\nmodel.fit(x, y, verbose=0)\nmodel.summary()\n",
    "sgd_momentum_then_more_training": ("model.compile(keras.optimizers.SGD(0.01, 0.9), 'mse')\n"
                                        "model.fit(x, y, verbose=0)\nmodel.summary()\n"
                                        "model.fit(x, y, verbose=0)\nmodel.summary()\n"),
}


def _train_step_build(self: Any, *args: Any, **kwargs: Any) -> None:
    epochs = args[3] if len(args) > 3 else kwargs.get("epochs", 1)
    if not self.built:
        self(args[0] if args else kwargs["x"])  # fit builds the model on the data first
    if epochs > 0 and not self.optimizer.built:
        self.optimizer.build(self.trainable_variables)


@contextlib.contextmanager
def _keras_as_trained(printed: List[Tuple[int, Any]]) -> Iterator[None]:
    originals = keras.Model.fit, keras.Model.train_on_batch, keras.Model.summary

    def summary(self: Any, *args: Any, **kwargs: Any) -> None:
        lines: List[str] = []
        originals[2](self, print_fn=lambda text, line_break=True: lines.append(text))
        text = "\n".join(lines)
        total = re.search(r"Total params: ([\d,]+)", text)
        optimizer = re.search(r"Optimizer params: ([\d,]+)", text)
        assert total is not None
        printed.append((int(total.group(1).replace(",", "")),
                        NO_LINE if optimizer is None else int(optimizer.group(1).replace(",", ""))))

    keras.Model.fit = _train_step_build  # type: ignore[method-assign,assignment]
    keras.Model.train_on_batch = _train_step_build  # type: ignore[method-assign,assignment]
    keras.Model.summary = summary  # type: ignore[method-assign]
    try:
        yield
    finally:
        keras.Model.fit, keras.Model.train_on_batch, keras.Model.summary = originals  # type: ignore[method-assign]


def keras_printed(source: str) -> Tuple[List[Any], int]:
    """What each summary() call printed (total, optimizer params or None), and count_params()."""
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    printed: List[Tuple[int, Any]] = []
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), _keras_as_trained(printed):
        warnings.simplefilter("ignore")
        exec(compile(source, FILENAME, "exec"), namespace)
    return printed, int(namespace["model"].count_params())


def lint_printed(source: str) -> Tuple[List[Any], Any]:
    """lstm-lint's tables of the summary() calls that differ from what follows them, and the
    model's own total."""
    models = analyse_source(source, FILENAME).to_json()["models"]
    tables = [(model["total_params"], model.get("optimizer_params", NO_LINE)) for model in models if model["snapshot"]]
    return tables, next(model["total_params"] for model in models if not model["snapshot"])


def _kept(printed: List[Any], final: int) -> List[Any]:
    """The tables that differ from the next one printed (or from the model as the file leaves it)."""
    following = printed[1:] + [(final, NO_LINE)]
    return [table for table, after in zip(printed, following) if table != after]


@pytest.mark.parametrize("name", sorted(CERTAIN))
def test_tables_after_fit_are_what_keras_prints(name: str) -> None:
    source = HEAD + CERTAIN[name]
    printed, count = keras_printed(source)
    tables, total = lint_printed(source)
    assert total == count
    assert tables == _kept(printed, count)


@pytest.mark.parametrize("name", sorted(SUBCLASSED))
def test_tables_of_a_subclassed_model_after_fit_are_what_keras_prints(name: str) -> None:
    source = SUBCLASSED_HEAD + SUBCLASSED[name]
    printed, count = keras_printed(source)
    assert any(optimizer != NO_LINE for _, optimizer in printed)
    tables, total = lint_printed(source)
    assert total == count
    assert tables == _kept(printed, count)


def test_the_scripts_print_optimizer_lines() -> None:
    lines = [optimizer for name in CERTAIN for _, optimizer in keras_printed(HEAD + CERTAIN[name])[0]]
    assert sum(optimizer != NO_LINE for optimizer in lines) >= 8


@pytest.mark.parametrize("name", sorted(UNDECIDED))
def test_an_optimizer_lstm_lint_cannot_count_is_unknown(name: str) -> None:
    source = HEAD + UNDECIDED[name]
    tables, total = lint_printed(source)
    assert tables == [(None, None)]
    assert total == keras_printed(source)[1]
    rendered = analyse_source(source, FILENAME).summaries()
    assert any(table.optimizer_params is not None and table.snapshot for table in rendered)


def test_the_printed_table_has_the_optimizer_line() -> None:
    from lstm_lint.formats.summary_text import render

    source = HEAD + CERTAIN["adam_by_name"]
    text = render([analyse_source(source, FILENAME)])
    printed, _ = keras_printed(source)
    total, optimizer = printed[0]
    assert f" Optimizer params: {optimizer:,}" in text and f" Total params: {total:,}" in text, text
