"""Linting a file leaves its parsed trees and its evaluation to reference counting, not to Python's
cycle collector.

A flake8 run lints thousands of files in one process. Whatever one file's analysis leaves in
reference cycles (its scopes and functions, the evaluator and its host, the parsed trees reached
from them) is freed only when the cycle collector runs, after walking every object of it: about
2,700 objects per generated training script. Released as the evaluation ends, reference counting
frees them as soon as the results are dropped; the model graph (a layer and its nodes, a node and
its tensors) is emptied once the rules have read it. Counts of objects, not times: the test is
exact on any machine.
"""
from __future__ import annotations

import ast
import gc
import sys
from pathlib import Path
from typing import Iterator, List, Optional

import libcst as cst
import pytest

from lstm_lint.binding.keras_host import KerasHost
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from lstm_lint.python.evaluator import Evaluator
from lstm_lint.python.objects import UserFunction
from lstm_lint.source.lazy import LazyPart

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import corpus  # noqa: E402  (the benchmarks' generated training scripts)

PROGRAMS = Path(__file__).resolve().parents[1] / "realcode" / "programs"

# Objects that only the parse and the evaluation make: none may be left for the collector.
EVALUATION_TYPES = (cst.CSTNode, ast.AST, Evaluator, KerasHost, LazyPart, UserFunction)
# What may be left beside: the module scope's reference to itself (``Scope.module``) with its
# emptied sets and dicts, the standard library's ``ast.literal_eval`` (a closure calling itself)
# on rare paths, and the tensors and nodes a custom layer's traced call made (an input tensor
# lists the nodes that take it), which no record reaches: a few objects per file or per traced
# op, never the trees. A generated training script leaves a handful.
MOST_LEFT_BY_A_SCRIPT = 8

CLOSURES = '''
import keras
from keras import layers


def tower(units):
    def block(x, width=units):
        scale = lambda y: y * 2
        return layers.Dense(width)(scale(x))
    inputs = keras.Input((8,))
    return keras.Model(inputs, block(inputs))


class Scaled(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x) * 2.0


model = tower(4)
head = keras.Sequential([keras.Input((3, 5)), layers.LSTM(6), Scaled(2)])
model.summary()
'''


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def _left_for_the_collector(text: str, path: str, most: Optional[int] = None) -> List[str]:
    """The types of the evaluation's objects that linting ``text`` leaves in reference cycles
    (and, with ``most``, the count of all it leaves when more)."""
    lint_file(text, "warm.py", Settings())  # imports and caches made on first use
    gc.collect()
    gc.garbage.clear()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable is kept in gc.garbage
    try:
        lint_file(text, path, Settings())
        gc.collect()
    finally:
        gc.set_debug(0)
    left = sorted({type(item).__qualname__ for item in gc.garbage if isinstance(item, EVALUATION_TYPES)})
    if most is not None and len(gc.garbage) > most:
        left.append(f"{len(gc.garbage)} objects in all")
    gc.garbage.clear()
    return left


@pytest.mark.parametrize("index", range(6))
def test_generated_training_scripts(collector_paused: None, index: int) -> None:
    assert _left_for_the_collector(corpus.project_file(index), f"script_{index}.py", MOST_LEFT_BY_A_SCRIPT) == []


def test_closures_classes_and_custom_layers(collector_paused: None) -> None:
    assert _left_for_the_collector(CLOSURES, "closures.py") == []


@pytest.mark.parametrize("name", sorted(path.name for path in PROGRAMS.glob("*.py"))[::3])
def test_real_programs(collector_paused: None, name: str) -> None:
    assert _left_for_the_collector((PROGRAMS / name).read_text(), name) == []


# A subclassed model made, used and never reported (a temporary), and a block of a model class of
# the program's own that only its owner's state tracks: both are emptied with the rest.
UNREPORTED_AND_NESTED = '''
import numpy as np
import keras
from keras import layers


class Block(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)

    def call(self, x):
        return self.dense(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = [Block(), Block()]

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return x

    def graph(self, shape):
        inputs = keras.Input(shape=shape)
        return keras.Model(inputs, self.call(inputs))


functional = Net().graph((8,))
net = Net()
net(np.zeros((2, 4), dtype="float32"))
'''


def test_unreported_and_nested_subclassed_models(collector_paused: None) -> None:
    assert _left_for_the_collector(UNREPORTED_AND_NESTED, "nested.py") == []
