"""LL114: a TensorFlow op applied to a symbolic Keras tensor, which Keras 3 refuses."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from lstm_lint.config import Settings
from lstm_lint.layers.tensorflow_ops import keras_replacement
from lstm_lint.rules.base import Diagnostic, Rule

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program


class TensorflowOpOnKerasTensor(Rule):
    code = "LL114"
    name = "tensorflow-op-on-keras-tensor"
    summary = "A TensorFlow op (`tf.concat`, `tf.reduce_mean`, ...) applied to a symbolic Keras tensor."
    what_it_does = ("Finds TensorFlow ops such as `tf.concat`, `tf.expand_dims`, `tf.math.reduce_mean` or "
                    "`tf.nn.relu` called on the symbolic tensors a functional model is built from "
                    "(`keras.Input(...)` and what layers return), outside a layer's `call`, when the target is "
                    "Keras 3. Inside a layer's `call` they run on real tensors, and are not reported.")
    why_is_this_bad = ("Keras 3 raises `ValueError: A KerasTensor cannot be used as input to a TensorFlow "
                       "function`, also under TensorFlow 2.16 and later, whose `tf.keras` is Keras 3. tf.keras 2 "
                       "wrapped such a call in a `TFOpLambda` layer, so code written for it breaks here. Use the "
                       "`keras.ops` function of the same meaning, which works on every backend; set "
                       "`target-keras = 2` for code that runs on tf.keras 2.")
    example = ("inputs = keras.Input((10, 3))\n"
               "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
               "pooled = tf.reduce_mean(x, axis=1)")
    use_instead = ("inputs = keras.Input((10, 3))\n"
                   "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
                   "pooled = keras.ops.mean(x, axis=1)")
    VALID = ("import keras\nimport tensorflow as tf\nfrom keras import layers\n"
             "inputs = keras.Input((10, 3))\n"
             "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
             "pooled = keras.ops.mean(x, axis=1)\n"
             "model = keras.Model(inputs, layers.Dense(1)(pooled))\n",
             "import keras\nimport tensorflow as tf\nfrom keras import layers\n"
             "class Pool(layers.Layer):\n"
             "    def call(self, x):\n"
             "        return tf.reduce_mean(x, axis=1)\n"
             "inputs = keras.Input((10, 3))\n"
             "model = keras.Model(inputs, Pool()(inputs))\n",
             "import keras\nimport tensorflow as tf\n"
             "inputs = keras.Input((10, 3))\n"
             "print(tf.nest.flatten([inputs]), tf.is_tensor(inputs))\n")
    INVALID = ("import keras\nimport tensorflow as tf\nfrom keras import layers\n"
               "inputs = keras.Input((10, 3))\n"
               "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
               "pooled = tf.reduce_mean(x, axis=1)  # LL114\n",
               "import keras\nimport tensorflow as tf\nfrom keras import layers\n"
               "def build(units):\n"
               "    a = keras.Input((4,))\n"
               "    b = keras.Input((4,))\n"
               "    joined = tf.concat([a, b], axis=-1)  # LL114\n"
               "    return keras.Model([a, b], layers.Dense(units)(joined))\n"
               "model = build(8)\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        if settings.target_keras != 3:
            return
        for call in program.tensorflow_calls:
            if not call.certain:
                continue
            replacement = keras_replacement(call.function)
            advice = f"use {replacement}" if replacement else "use keras.ops or a layer"
            yield self.at(call.line, call.column,
                          f"tf.{call.function} on a symbolic Keras tensor: Keras 3 raises ValueError "
                          f"(a KerasTensor cannot be used as input to a TensorFlow function); {advice}, or "
                          f"set target-keras = 2 for tf.keras 2 code")
