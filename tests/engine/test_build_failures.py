"""Layers Keras cannot build or run, in custom-layer code: each program is run in Keras (numpy
backend). Where Keras raises in every run, lstm-lint reports the LL1xx and no count for what Keras
never built; the same program with shapes Keras takes builds, and lstm-lint gives Keras's counts
and no LL1xx."""
from __future__ import annotations

from typing import List, Optional

import numpy as np
import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_env import keras

ATTENTION_BLOCK = """\
import keras
from keras import layers


class Block(layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.att = layers.MultiHeadAttention(num_heads=2, key_dim=32)

    def call(self, x):
        return self.att(x, x)


inputs = keras.Input(shape={shape})
model = keras.Model(inputs, Block()(inputs))
"""

FUNCTIONAL_ATTENTION = """\
import keras
from keras import layers

inputs = keras.Input(shape={shape})
out = layers.MultiHeadAttention(num_heads=2, key_dim=32)(inputs, inputs)
model = keras.Model(inputs, out)
"""

# The attention layer of many LSTM repositories: one weight per time step.
TIME_STEP_WEIGHT = """\
import keras
from keras import layers, ops


class Attention(layers.Layer):
    def build(self, input_shape):
        self.W = self.add_weight(shape=(input_shape[1], 1), initializer="zeros")
        super().build(input_shape)

    def call(self, x):
        e = ops.tanh(ops.matmul(ops.swapaxes(x, 1, 2), self.W))
        return ops.sum(e, axis=-1)


inputs = keras.Input(shape={shape})
model = keras.Model(inputs, Attention()(inputs))
"""

ATTENTION_POOLING = """\
import keras
from keras import layers, ops


class AttentionPool(layers.Layer):
    def build(self, input_shape):
        self.W = self.add_weight(shape=(input_shape[-1], 1), initializer="zeros")

    def call(self, x):
        a = ops.softmax(ops.matmul(x, self.W), axis=1)
        return ops.sum(x * a, axis=1)


inputs = keras.Input(shape=(10, 8))
h = layers.GRU(16{sequences})(inputs)
out = layers.Dense(1)(AttentionPool()(h))
model = keras.Model(inputs, out)
"""


def codes(source: str) -> List[str]:
    return [diagnostic.code for diagnostic in lint_file(source, "model.py", Settings(), None).diagnostics]


def keras_error(source: str) -> Optional[Exception]:
    try:
        reference.module_models(source)
    except Exception as error:  # whatever Keras raises
        return error
    return None


def assert_same_as_keras(source: str) -> None:
    want = reference.module_models(source)[0]
    got = analyse_source(source, "model.py").to_json()["models"][0]
    assert [(row["name"], row["output_shape"], row["params"]) for row in got["layers"]] == \
        [(row["name"], row["output_shape"], row["params"]) for row in want["layers"]]
    assert got["total_params"] == want["total_params"]
    assert not [code for code in codes(source) if code.startswith("LL1")]


@pytest.mark.parametrize("template,shape,code", [
    (ATTENTION_BLOCK, "(32,)", "LL101"),
    (TIME_STEP_WEIGHT, "(None, 8)", "LL104"),
    (ATTENTION_POOLING.replace("{sequences}", ""), None, "LL101"),
])
def test_keras_raises_and_lstm_lint_reports_it_with_no_count(template: str, shape: Optional[str], code: str) -> None:
    source = template.format(shape=shape) if shape else template
    assert keras_error(source) is not None
    assert [found for found in codes(source) if found.startswith("LL1")] == [code]
    model = analyse_source(source, "model.py").to_json()["models"][0]
    assert model["total_params"] is None
    failing = model["layers"][-1]
    assert failing["params"] is None and failing["output_shape"] is None


@pytest.mark.parametrize("source", [
    ATTENTION_BLOCK.format(shape="(4, 32)"),
    TIME_STEP_WEIGHT.format(shape="(6, 8)"),
    ATTENTION_POOLING.replace("{sequences}", ", return_sequences=True"),
])
def test_with_shapes_keras_takes_the_counts_are_keras_own(source: str) -> None:
    assert_same_as_keras(source)


def test_functional_attention_on_rank_2_builds_and_fails_when_run() -> None:
    """On symbolic tensors Keras builds MultiHeadAttention from compute_output_spec: the model and
    its summary exist (lstm-lint gives their counts), and it raises once it runs on data."""
    source = FUNCTIONAL_ATTENTION.format(shape="(32,)")
    want = reference.module_models(source)[0]
    got = analyse_source(source, "model.py").to_json()["models"][0]
    assert got["total_params"] == want["total_params"]
    assert [row["output_shape"] for row in got["layers"]] == [row["output_shape"] for row in want["layers"]]
    namespace: dict = {}
    keras.backend.clear_session()
    exec(compile(source, "model.py", "exec"), namespace)
    with pytest.raises(Exception):
        namespace["model"].predict(np.zeros((2, 32)), verbose=0)
    found = lint_file(source, "model.py", Settings(), None).diagnostics
    assert [diagnostic.code for diagnostic in found] == ["LL101"]
    assert "when it runs" in found[0].message


def test_functional_attention_on_rank_3_builds_runs_and_is_not_reported() -> None:
    source = FUNCTIONAL_ATTENTION.format(shape="(4, 32)")
    assert_same_as_keras(source)
    namespace: dict = {}
    keras.backend.clear_session()
    exec(compile(source, "model.py", "exec"), namespace)
    namespace["model"].predict(np.zeros((2, 4, 32)), verbose=0)


CONDITIONAL_WEIGHT = """\
import os

import keras
from keras import layers


class Attention(layers.Layer):
    def build(self, input_shape):
        if os.environ.get("ATTEND_OVER_TIME"):
            self.W = self.add_weight(shape=(input_shape[1], 1), initializer="zeros")
        else:
            self.W = self.add_weight(shape=(input_shape[-1], 1), initializer="zeros")

    def call(self, x):
        return x


inputs = keras.Input(shape=(None, 8))
model = keras.Model(inputs, Attention()(inputs))
"""


def test_a_none_size_on_a_path_that_may_not_run_is_not_reported() -> None:
    """Only a None in every run is an error: a weight made under a condition on the environment
    may be made in some runs only (Keras builds this program when that variable is not set)."""
    assert keras_error(CONDITIONAL_WEIGHT) is None
    assert [code for code in codes(CONDITIONAL_WEIGHT) if code.startswith("LL1")] == []


SUBCLASSED_ATTENTION = """\
import numpy as np
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=2, key_dim=8)
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.att(x, x))


net = Net()
net(np.zeros((2, {features})))
"""


def test_a_subclassed_model_built_on_data_runs_its_call() -> None:
    """Called on data, a subclassed model runs its call: rank-2 attention raises there."""
    failing = SUBCLASSED_ATTENTION.replace("{features}", "16")
    assert keras_error(failing) is not None
    assert [code for code in codes(failing) if code.startswith("LL1")] == ["LL101"]
    model = analyse_source(failing, "model.py").to_json()["models"][0]
    assert model["total_params"] is None
    assert [row["params"] for row in model["layers"]] == [None, None]
    working = SUBCLASSED_ATTENTION.replace("{features}", "4, 16")
    assert keras_error(working) is None
    assert [code for code in codes(working) if code.startswith("LL1")] == []
