"""LL114: TensorFlow ops on symbolic Keras tensors. Keras 3 refuses them in its KerasTensor (its
``__tf_tensor__`` raises); the rule fires on each such call that runs in every run, and nowhere a
TensorFlow op meets real tensors (a layer's ``call``, an eager result) or no tensor at all."""
from __future__ import annotations

import functools
from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.layers.tensorflow_ops import _NAMESPACED_OPS, _SAME_NAME_OPS, _TOP_LEVEL_OPS, rejects_keras_tensors
from lstm_lint.lint import lint_source
from lstm_lint.rules.tensorflow_ops import TensorflowOpOnKerasTensor
from tests.keras_env import keras
from tests.tensorflow_standin import tensorflow_importable

HEAD = "import numpy as np\nimport keras\nimport tensorflow as tf\nfrom keras import layers\n"


def ll114_lines(source: str, settings: Settings = Settings()) -> List[int]:
    return [d.line for d in lint_source(HEAD + source, "model.py", settings, ["LL114"])]


def test_keras_tensors_refuse_tensorflow_conversion() -> None:
    """What every TensorFlow op does with an argument that is not TensorFlow's own, on a Keras 3
    symbolic tensor: the error the rule quotes."""
    with pytest.raises(ValueError, match="A KerasTensor cannot be used as input to a TensorFlow function"):
        keras.Input((10, 3)).__tf_tensor__()


@pytest.mark.parametrize("example", TensorflowOpOnKerasTensor.INVALID)
def test_invalid_examples_raise_that_error_in_keras(example: str) -> None:
    keras.backend.clear_session()
    with tensorflow_importable(), pytest.raises(ValueError, match="cannot be used as input to a TensorFlow"):
        exec(compile(example, "<example>", "exec"), {"__name__": "__main__"})


def test_every_suggested_replacement_is_keras_own() -> None:
    suggested = {name for name in list(_TOP_LEVEL_OPS.values()) + list(_NAMESPACED_OPS.values()) if name}
    suggested |= {f"keras.ops.{name}" for name in _SAME_NAME_OPS}
    missing = []
    for name in sorted(suggested):
        try:
            functools.reduce(getattr, name.split(".")[1:], keras)
        except AttributeError:
            missing.append(name)
    assert missing == []


@pytest.mark.parametrize("function, converts", [
    ("concat", True), ("math.reduce_mean", True), ("nn.relu", True), ("image.resize", True),
    ("nest.flatten", False), ("is_tensor", False), ("print", False), ("shape", False),
    ("linalg.LinearOperatorFullMatrix", False), ("keras.layers.Dense", False), ("math", False),
])
def test_only_ops_that_convert_their_arguments_are_judged(function: str, converts: bool) -> None:
    assert rejects_keras_tensors(function) is converts


def test_fires_in_functional_code_and_in_a_builder_called_in_every_run() -> None:
    source = ("x = keras.Input((10, 3))\n"
              "h = tf.concat([x, x], axis=-1)\n"
              "def head(t):\n"
              "    return tf.math.reduce_mean(t, axis=1)\n"
              "y = head(layers.LSTM(4, return_sequences=True)(x))\n")
    assert ll114_lines(source) == [6, 8]


def test_the_message_names_the_keras_op_to_use() -> None:
    found = lint_source(HEAD + "x = keras.Input((10, 3))\nh = tf.reduce_mean(x, axis=1)\n", "m.py", Settings(),
                        ["LL114"])
    assert [d.message for d in found] == [
        "tf.reduce_mean on a symbolic Keras tensor: Keras 3 raises ValueError (a KerasTensor cannot be used as "
        "input to a TensorFlow function); use keras.ops.mean, or set target-keras = 2 for tf.keras 2 code"]


@pytest.mark.parametrize("source", [
    # a layer's call runs on backend tensors
    "class Pool(layers.Layer):\n    def call(self, x):\n        return tf.reduce_mean(tf.nn.relu(x), axis=1)\n"
    "y = Pool()(keras.Input((10, 3)))\n",
    # an eager result is a real tensor
    "y = tf.reduce_sum(layers.Dense(3)(np.zeros((2, 4), 'float32')))\n",
    # no Keras tensor at all
    "y = tf.concat([np.zeros((2, 2)), np.ones((2, 2))], axis=0)\n",
    # a Lambda's function runs on backend tensors
    "y = layers.Lambda(lambda t: tf.concat([t, t], -1))(keras.Input((10, 3)))\n",
    # functions that take any object
    "x = keras.Input((3,))\nprint(tf.nest.flatten([x]), tf.is_tensor(x))\n",
    # only in some runs
    "import sys\nx = keras.Input((3,))\nif len(sys.argv) > 1:\n    y = tf.nn.relu(x)\n",
])
def test_silent_where_keras_does_not_raise_in_every_run(source: str) -> None:
    assert ll114_lines(source) == []


def test_tf_keras_2_code_is_not_judged() -> None:
    source = "x = keras.Input((10, 3))\nh = tf.concat([x, x], axis=-1)\n"
    assert ll114_lines(source) == [6]
    assert ll114_lines(source, Settings(target_keras=2)) == []


def test_the_silent_cases_run_in_keras() -> None:
    """The cases above that are silent because the op meets real tensors do run in Keras."""
    for source in ("class Pool(layers.Layer):\n    def call(self, x):\n"
                   "        return tf.reduce_mean(tf.nn.relu(x), axis=1)\ny = Pool()(keras.Input((10, 3)))\n",
                   "y = tf.reduce_mean(layers.Dense(3)(np.zeros((2, 4), 'float32')))\n",
                   "x = keras.Input((3,))\nprint(tf.nest.flatten([x]), tf.is_tensor(x))\n"):
        keras.backend.clear_session()
        with tensorflow_importable():
            exec(compile(HEAD + source, "<case>", "exec"), {"__name__": "__main__"})
