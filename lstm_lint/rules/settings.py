"""LL3xx: the model builds, but not as its author believes."""
from __future__ import annotations

from typing import Any, Iterator, List

from lstm_lint.config import Settings
from lstm_lint.engine import Program
from lstm_lint.graph.objects import InputLayer, Layer
from lstm_lint.rules.base import Diagnostic, Rule, describe_layer


def _recurrent_formula(layer: Layer) -> str:
    """``4 × 50 × (3 + 50 + 1) = 10,800``: the parameter count with the values put in."""
    node = layer.nodes[0] if layer.nodes else None
    units = layer.config.get("units")
    if node is None or not node.inputs or not isinstance(units, int):
        return ""
    shape = node.inputs[0].shape
    features = shape[-1] if isinstance(shape, tuple) and shape else None
    if not isinstance(features, int):
        return ""
    gates = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[layer.class_name]
    use_bias = layer.config.get("use_bias") is True
    bias = 0 if not use_bias else (2 if layer.class_name == "GRU" and layer.config.get("reset_after") is True else 1)
    total = gates * units * (features + units + bias)
    gate_text = f"{gates} × " if gates > 1 else ""
    bias_text = f" + {bias}" if bias == 1 else (f" + {bias}" if bias else "")
    return f"; {gate_text}{units} × ({features} + {units}{bias_text}) = {total:,} parameters"


class NoCudnnKernel(Rule):
    code = "LL301"
    name = "no-cudnn-kernel"
    summary = "An LSTM/GRU whose settings rule out the fast fused cuDNN kernel."
    what_it_does = ("Checks the conditions under which Keras runs an LSTM or GRU with the fused cuDNN "
                    "kernel on a GPU (`keras/src/layers/rnn/lstm.py`, `backend/tensorflow/rnn.py`): "
                    "activation tanh, recurrent_activation sigmoid, recurrent_dropout 0, unroll False, "
                    "use_bias True and, for GRU, reset_after True. `RNN(LSTMCell(...))` never uses it. "
                    "Names the argument that rules it out.")
    why_is_this_bad = ("Without cuDNN, training runs the generic loop, typically several times slower on "
                       "a GPU. Keras 3 says nothing about it; tf.keras 2 logs one warning at most.")
    example = 'layers.LSTM(50, activation="relu")'
    use_instead = "layers.LSTM(50)"
    VALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(50, dropout=0.2)\ng = layers.GRU(8)\n",)
    INVALID = ('import keras\nfrom keras import layers\nl = layers.LSTM(50, activation="relu")  # LL301\n',
               "import keras\nfrom keras import layers\ng = layers.GRU(8, reset_after=False)  # LL301\n",
               "import keras\nfrom keras import layers\nl = layers.RNN(layers.LSTMCell(4))  # LL301\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if layer.class_name == "RNN":
                cell = layer.given.get("cell", layer.given.get("#0"))
                if isinstance(cell, Layer) and cell.class_name in ("LSTMCell", "GRUCell"):
                    yield self.at(layer.line, layer.column,
                                  f"RNN({cell.class_name}(...)) never uses the fused cuDNN kernel; use "
                                  f"layers.{cell.class_name[:-4]}(...) instead")
                continue
            if layer.class_name not in ("LSTM", "GRU") or not layer.complete_arguments:
                continue
            reasons = self.reasons(layer)
            if reasons:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)} cannot use the fused cuDNN kernel: "
                              f"{', '.join(reasons)}{_recurrent_formula(layer)}")

    @staticmethod
    def reasons(layer: Layer) -> List[str]:
        config = layer.config
        reasons = []
        if isinstance(config.get("activation"), str) and config["activation"] != "tanh":
            reasons.append(f"activation={config['activation']!r} (needs 'tanh')")
        if isinstance(config.get("recurrent_activation"), str) and config["recurrent_activation"] != "sigmoid":
            reasons.append(f"recurrent_activation={config['recurrent_activation']!r} (needs 'sigmoid')")
        dropout = config.get("recurrent_dropout")
        if isinstance(dropout, (int, float)) and not isinstance(dropout, bool) and dropout > 0:
            reasons.append(f"recurrent_dropout={dropout!r} (needs 0)")
        if config.get("unroll") is True:
            reasons.append("unroll=True")
        if config.get("use_bias") is False:
            reasons.append("use_bias=False")
        if layer.class_name == "GRU" and config.get("reset_after") is False:
            reasons.append("reset_after=False")
        return reasons


class SoftmaxOverOneUnit(Rule):
    code = "LL302"
    name = "softmax-over-one-unit"
    summary = "softmax over an axis of size 1: the output is always 1.0."
    what_it_does = "Finds `Dense(1, activation=\"softmax\")` and softmax activations on a size-1 last axis."
    why_is_this_bad = ("softmax normalises over the last axis; over one value it always returns 1.0, so the "
                       "model cannot learn anything. A single-unit binary output wants sigmoid.")
    example = 'layers.Dense(1, activation="softmax")'
    use_instead = 'layers.Dense(1, activation="sigmoid")'
    VALID = ('import keras\nfrom keras import layers\nd = layers.Dense(1, activation="sigmoid")\n',)
    INVALID = ('import keras\nfrom keras import layers\nd = layers.Dense(1, activation="softmax")  # LL302\n',)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if layer.class_name == "Dense" and layer.config.get("units") == 1 \
                    and layer.config.get("activation") == "softmax" and layer.complete_arguments:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: softmax over 1 unit always outputs 1.0; use "
                              "activation=\"sigmoid\" for a binary output")


class IgnoredInputShape(Rule):
    code = "LL303"
    name = "ignored-input-shape"
    summary = "input_shape=/input_dim= on a layer that is not the first of a Sequential: ignored."
    what_it_does = ("Finds `input_shape`, `input_dim` or `batch_input_shape` on a layer that is not the "
                    "first layer of a Sequential model.")
    why_is_this_bad = ("Keras reads these arguments only from the first layer of a Sequential; anywhere "
                       "else they are silently ignored, so the shape the author wrote is not checked.")
    example = "keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2, input_shape=(8,))])"
    use_instead = "keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(2)])"
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2)])\n",)
    INVALID = ("import keras\nfrom keras import layers\nm = keras.Sequential([\n"
               "    layers.Dense(8, input_shape=(4,)),\n    layers.Dense(2, input_shape=(8,)),  # LL303\n])\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            if model.kind != "Sequential":
                continue
            # What the user put in the model: an InputLayer Sequential made itself does not count.
            items = [item for item in model.sequence
                     if not (isinstance(item, InputLayer) and item.implied_by is not None)]
            for index, layer in enumerate(items):
                if not isinstance(layer, Layer) or index == 0:
                    continue
                declared = [key for key in ("input_shape", "input_dim", "batch_input_shape")
                            if key in layer.given and not (key == "input_dim" and layer.class_name == "Embedding")]
                if declared:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: {declared[0]}= is ignored on a layer that is not "
                                  "the first of a Sequential model")


class RecurrentDropoutOutOfRange(Rule):
    code = "LL306"
    name = "recurrent-dropout-out-of-range"
    summary = "A recurrent layer's dropout/recurrent_dropout outside [0, 1]: Keras clamps it silently."
    what_it_does = "Checks `dropout` and `recurrent_dropout` of LSTM, GRU and SimpleRNN."
    why_is_this_bad = ("The recurrent cells clamp these rates to [0, 1] without a word: `dropout=20` (meant "
                       "as a percentage) silently becomes 1.0 and drops every input.")
    example = "layers.LSTM(32, dropout=20)"
    use_instead = "layers.LSTM(32, dropout=0.2)"
    VALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(32, dropout=0.2)\n",)
    INVALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(32, dropout=20)  # LL306\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if layer.class_name not in ("LSTM", "GRU", "SimpleRNN"):
                continue
            for argument in ("dropout", "recurrent_dropout"):
                value: Any = layer.config.get(argument)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 1:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: {argument}={value!r} is outside [0, 1]; Keras "
                                  f"clamps it to {min(max(value, 0), 1)}")


class ReversedSequenceOutput(Rule):
    code = "LL309"
    name = "reversed-sequence-output"
    summary = "go_backwards=True with return_sequences=True outside Bidirectional: the output is reversed."
    what_it_does = "Finds recurrent layers with go_backwards=True and return_sequences=True that are not wrapped."
    why_is_this_bad = ("With go_backwards the layer reads the sequence from the end, and its output sequence "
                       "comes out reversed in time; layers after it see the last step first.")
    example = "layers.LSTM(32, go_backwards=True, return_sequences=True)"
    use_instead = "layers.Bidirectional(layers.LSTM(32, return_sequences=True))"
    VALID = ("import keras\nfrom keras import layers\n"
             "b = layers.Bidirectional(layers.LSTM(4, return_sequences=True), "
             "backward_layer=layers.LSTM(4, go_backwards=True, return_sequences=True))\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "l = layers.LSTM(4, go_backwards=True, return_sequences=True)  # LL309\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        wrapped = {id(value) for layer in program.layers if layer.spec is not None
                   for key in layer.spec.layer_arguments for value in [layer.config.get(key)]
                   if isinstance(value, Layer)}
        for layer in program.layers:
            if layer.class_name in ("LSTM", "GRU", "SimpleRNN") and id(layer) not in wrapped \
                    and layer.config.get("go_backwards") is True and layer.config.get("return_sequences") is True:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: go_backwards=True with return_sequences=True returns "
                              "the sequence reversed in time")
