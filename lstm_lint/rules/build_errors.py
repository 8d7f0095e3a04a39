"""LL1xx: the model would fail when Keras builds or fits it.

Each rule reads what the layer specs proved (a BuildError, raised only where Keras's own
``build()``/``compute_output_shape()`` raise) or an argument value Keras's constructor rejects.
"""
from __future__ import annotations

import difflib
from typing import Any, Iterator, List

from lstm_lint.config import Settings
from lstm_lint.engine import Program
from lstm_lint.graph.objects import Layer
from lstm_lint.layers.spec import KERAS2_LAYER_KWARGS
from lstm_lint.rules.base import Diagnostic, Rule, describe_layer
from lstm_lint.rules.facts import all_layers


def _errors(program: Program, kinds: List[str]) -> Iterator[Any]:
    for layer in all_layers(program):
        seen = set()
        for error in layer.errors:
            if error.kind in kinds and error.message not in seen:
                seen.add(error.message)
                yield layer, error


class WrongInputRank(Rule):
    code = "LL101"
    name = "wrong-input-rank"
    summary = "A layer gets input of a rank it cannot take (e.g. LSTM after an LSTM without return_sequences)."
    what_it_does = ("Checks the rank of every layer's input against what the layer requires: recurrent "
                    "layers, Conv1D and 1-D pooling need 3-D input, RepeatVector needs 2-D input, "
                    "TimeDistributed needs at least 3-D input.")
    why_is_this_bad = ("Keras raises `Input 0 of layer ... is incompatible with the layer: expected ndim=3, "
                       "found ndim=2` when it builds the model: the script crashes before training.")
    example = ("model = keras.Sequential([\n    keras.Input((10, 3)),\n    layers.LSTM(32),\n"
               "    layers.LSTM(16),  # gets (None, 32)\n])")
    use_instead = ("model = keras.Sequential([\n    keras.Input((10, 3)),\n"
                   "    layers.LSTM(32, return_sequences=True),\n    layers.LSTM(16),\n])")
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.LSTM(4)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([\n    keras.Input((10, 3)),\n    layers.LSTM(8),\n"
               "    layers.LSTM(4),  # LL101\n])\n",
               "import keras\nfrom keras import layers\n"
               "inp = keras.Input((10, 3))\nx = layers.RepeatVector(3)(inp)  # LL101\n"
               "m = keras.Model(inp, x)\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer, error in _errors(program, ["rank"]):
            yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}")


class IncompatibleShapes(Rule):
    code = "LL104"
    name = "incompatible-shapes"
    summary = "Shapes that cannot be merged, reshaped or convolved (Keras raises while building)."
    what_it_does = ("Checks merge layers (Add, Subtract, Multiply, ... of different shapes; Concatenate "
                    "that differs off its axis), Reshape to a different number of elements, and "
                    "convolution or pooling windows longer than the sequence they slide over.")
    why_is_this_bad = "Keras raises a ValueError when it builds the model."
    example = ("a = keras.Input((8,))\nb = keras.Input((4,))\nsummed = layers.Add()([a, b])")
    use_instead = ("a = keras.Input((8,))\nb = keras.Input((4,))\nsummed = layers.Add()([a, layers.Dense(8)(b)])")
    VALID = ("import keras\nfrom keras import layers\n"
             "a = keras.Input((8,))\nb = keras.Input((8,))\nm = keras.Model([a, b], layers.Add()([a, b]))\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "a = keras.Input((8,))\nb = keras.Input((4,))\ns = layers.Add()([a, b])  # LL104\n"
               "m = keras.Model([a, b], s)\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((6,)), layers.Reshape((4, 2))])  # LL104\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer, error in _errors(program, ["merge", "size"]):
            yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}")


_KNOWN_ACTIVATIONS = {
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
}
_COUNT_ARGUMENTS = ("units", "filters", "n", "output_dim", "input_dim")


class RejectedArgumentValue(Rule):
    code = "LL102"
    name = "rejected-argument-value"
    summary = "An argument value Keras rejects (units <= 0, a rate outside [0, 1), an unknown activation, ...)."
    what_it_does = ("Checks argument values the layer constructors reject: sizes (units, filters, n, "
                    "input_dim/output_dim) that are not positive integers, `Dropout(rate)` outside [0, 1), "
                    "unknown activation or padding names, `Conv2D(padding=\"causal\")`, and strides and "
                    "dilation both above 1.")
    why_is_this_bad = "Keras raises a ValueError when the layer is constructed or built."
    example = 'layers.Dense(0, activation="rellu")'
    use_instead = 'layers.Dense(8, activation="relu")'
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation='relu'), layers.Dropout(0.5)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation='rellu')])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dropout(1.5)])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(0)])  # LL102\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in all_layers(program):
            for problem in self.problems(layer):
                yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {problem}")
        for layer, error in _errors(program, ["value"]):
            yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}")

    def problems(self, layer: Layer) -> Iterator[str]:
        if layer.spec is None or not layer.complete_arguments:
            return
        config = layer.config
        for argument in _COUNT_ARGUMENTS:
            if argument in config and argument in layer.given:
                value = config[argument]
                if isinstance(value, bool) or (isinstance(value, (int, float)) and (
                        value <= 0 or not float(value).is_integer())):
                    yield f"{argument}={value!r} must be a positive integer"
        if layer.class_name in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianDropout",
                                "AlphaDropout") and "rate" in layer.given:
            rate = config["rate"]
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate < 1:
                yield f"rate={rate!r} must be in [0, 1)"
        for argument in ("activation", "recurrent_activation"):
            value = layer.given.get(argument)
            if isinstance(value, str) and value not in _KNOWN_ACTIVATIONS:
                close = difflib.get_close_matches(value, sorted(_KNOWN_ACTIVATIONS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                yield f"{argument}={value!r} is not a Keras activation{hint}"
        padding = layer.given.get("padding")
        if isinstance(padding, str) and padding not in ("valid", "same", "causal"):
            yield f"padding={padding!r} must be 'valid' or 'same'" + (
                " (or 'causal' for Conv1D)" if layer.class_name == "Conv1D" else "")
        strides, dilation = config.get("strides"), config.get("dilation_rate")
        if layer.class_name in ("Conv1D", "Conv2D") and _above_one(strides) and _above_one(dilation):
            yield f"strides={strides!r} and dilation_rate={dilation!r} cannot both be above 1"


def _above_one(value: Any) -> bool:
    values = value if isinstance(value, (tuple, list)) else [value]
    return any(isinstance(v, int) and not isinstance(v, bool) and v > 1 for v in values)


class UnknownKeywordArgument(Rule):
    code = "LL103"
    name = "unknown-keyword-argument"
    summary = "A keyword argument the layer does not take (a typo, or a Keras 2-only argument on Keras 3)."
    what_it_does = ("Checks each keyword argument against the layer class's signature in Keras 3 "
                    "(and suggests the closest name), and flags the Keras 2-only arguments "
                    "`batch_input_shape`, `batch_size`, `time_major` and `input_length` (outside "
                    "Embedding) when the target is Keras 3 (`target-keras = 3`, the default).")
    why_is_this_bad = ("Keras 3 raises `Unrecognized keyword arguments passed to LSTM: "
                       "{'return_sequence': True}`: the script crashes where the layer is made.")
    example = "layers.LSTM(32, return_sequence=True)"
    use_instead = "layers.LSTM(32, return_sequences=True)"
    VALID = ("import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequences=True, name='enc')\n",)
    INVALID = ("import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequence=True)  # LL103\n",
               "from tensorflow.keras.layers import LSTM\nlayer = LSTM(4, batch_input_shape=(8, 10, 3))  # LL103\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in all_layers(program):
            spec = layer.spec
            if spec is None:
                continue
            for keyword in layer.unexpected_keywords:
                if keyword.startswith("positional"):
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: too many positional arguments ({keyword})")
                    continue
                if keyword in KERAS2_LAYER_KWARGS:
                    if settings.target_keras == 3 and not (keyword == "input_length"
                                                           and layer.class_name == "Embedding"):
                        yield self.at(layer.line, layer.column,
                                      f"{describe_layer(layer)}: {keyword}= is Keras 2 only; Keras 3 rejects it "
                                      "(set target-keras = 2 for tf.keras 2 code)")
                    continue
                choices = list(spec.argument_names) + ["name", "dtype", "trainable", "input_shape"]
                close = difflib.get_close_matches(keyword, choices, n=1)
                hint = f" (did you mean {close[0]}=?)" if close else ""
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: unknown keyword argument {keyword}={hint}")
