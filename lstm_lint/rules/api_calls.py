"""Calls of Keras callables that are not layers (``keras.Input``, ``Sequential``, ``compile``,
``fit``, optimizers, ...) checked against their signatures in ``layers/api.py``, and the
attributes a Sequential does not have before it is called (LL108).

The LL103 and LL102 checks here are run by those rules (``build_errors.py``); LL108 is its own rule.
"""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Iterator, Tuple

from lstm_lint.config import Settings
from lstm_lint.graph.objects import ApiCall, Model
from lstm_lint.graph.shapes import format_shape
from lstm_lint.layers.api import MODEL_LAYER_KEYWORDS, SIGNATURES, model_call_is_functional
from lstm_lint.rules.base import Diagnostic, Rule

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program


def certain_api_calls(program: Program, settings: Settings) -> Iterator[ApiCall]:
    """The calls made in every run that gets to them, with every argument seen; the signatures are
    Keras 3's, so none is checked for tf.keras 2 code."""
    if settings.target_keras != 3:
        return
    for call in program.api_calls:
        if call.certain and call.path in SIGNATURES:
            yield call


def keyword_problems(call: ApiCall) -> Iterator[Tuple[str, str]]:
    """(callable, problem) for each argument Keras 3 rejects with a TypeError or ValueError."""
    signature = SIGNATURES[call.path]
    name = signature.callable_name
    if call.path == "Model" and not model_call_is_functional(call.positional, call.keywords):
        yield from _layer_style_model_problems(call)
        return
    if call.positional > len(signature.parameters):
        yield name, (f"too many positional arguments ({call.positional} given, it takes at most "
                     f"{len(signature.parameters)})")
    for keyword in call.keywords:
        if keyword in signature.parameters[:call.positional]:
            yield name, f"{keyword}= is also given by position"
        elif not signature.takes(keyword):
            replacement = signature.replacement(keyword)
            if replacement is not None and call.path.startswith("optimizers."):
                continue  # UnknownKeywordArgument reports an optimizer's lr= itself, with its fix
            if replacement is not None:
                yield name, f"{keyword}= is Keras 2 only; Keras 3 rejects it (use {replacement}=)"
                continue
            close = difflib.get_close_matches(keyword, list(signature.parameters + signature.keyword_only), n=1)
            hint = f" (did you mean {close[0]}=?)" if close else ""
            yield name, f"unknown keyword argument {keyword}={hint}"


def _layer_style_model_problems(call: ApiCall) -> Iterator[Tuple[str, str]]:
    """``keras.Model(inputs=x, output=y)``: not a functional call (it needs inputs and outputs), so
    Keras runs Layer.__init__ on it, which rejects positional arguments and most keywords. One
    problem per mistake: a misspelt keyword, else the half of a functional call that is given."""
    unknown = [keyword for keyword in call.keywords if keyword not in MODEL_LAYER_KEYWORDS + ("inputs", "outputs")]
    for keyword in unknown:
        close = difflib.get_close_matches(keyword, ["inputs", "outputs"], n=1)
        hint = f" (did you mean {close[0]}=?)" if close else ""
        yield "Model", (f"unknown keyword argument {keyword}={hint}: with no inputs and outputs it is no "
                        "functional model, and Keras 3 raises")
    if unknown:
        return
    given = [f"{keyword}=" for keyword in ("inputs", "outputs") if keyword in call.keywords]
    if call.positional:
        given.insert(0, f"{call.positional} positional argument{'s' if call.positional > 1 else ''}")
    if given:
        yield "Model", (f"{' and '.join(given)} without the rest of inputs and outputs: Keras 3 builds a "
                        "functional model only of both, and raises here")


def value_problems(call: ApiCall) -> Iterator[Tuple[str, str]]:
    """(callable, problem) for argument values Keras 3 rejects: a shape given as an int."""
    signature = SIGNATURES[call.path]
    for parameter in signature.shape_parameters:
        value = call.arguments.get(parameter)
        if isinstance(value, int) and not isinstance(value, bool):
            yield signature.callable_name, (f"{parameter}={value!r} must be a tuple such as ({value},): "
                                            "Keras 3 cannot convert an int to a shape")


def describe_model(model: Model) -> str:
    name = model.name or model.keras_name
    return f"{model.kind} model {name!r}" if name else f"this {model.kind} model"


class UnbuiltSequentialAttribute(Rule):
    code = "LL108"
    name = "unbuilt-sequential-attribute"
    summary = "`.output`/`.input` of a Sequential never called on a tensor, or `.outputs` of one without an input."
    what_it_does = ("Finds `model.output` and `model.input` read from a Sequential model that was never called "
                    "on a symbolic tensor, and `model.outputs` and `model.inputs` read from one that has no input "
                    "yet (no `keras.Input` first, no `input_shape=`, no `build()`), when the target is Keras 3.")
    why_is_this_bad = ("Keras 3 raises `AttributeError: The layer sequential has never been called and thus has "
                       "no defined output` (or `has no defined outputs yet`). tf.keras 2 gave a built "
                       "Sequential an `.output`; Keras 3 gives one only to a model called as a layer, even "
                       "when it starts with a `keras.Input`: old feature-extractor code "
                       "(`keras.Model(base.input, base.layers[-2].output)`) crashes there.")
    example = ("base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
               "features = keras.Model(base.input, base.layers[-2].output)")
    use_instead = ("base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
                   "features = keras.Model(base.inputs, base.layers[-2].output)")
    VALID = ("import keras\nfrom keras import layers\n"
             "base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
             "features = keras.Model(base.inputs, base.layers[-2].output)\n"
             "head = keras.Model(base.inputs[0], base.outputs[0])\n",
             "import keras\nfrom keras import layers\n"
             "block = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
             "inputs = keras.Input((3,))\noutputs = block(inputs)\nprint(block.output.shape, block.input.shape)\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "base = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
               "features = keras.Model(base.input, base.layers[-2].output)  # LL108\n",
               "import keras\nfrom keras import layers\n"
               "model = keras.Sequential([layers.LSTM(8), layers.Dense(1)])\n"
               "outputs = model.outputs  # LL108\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        if settings.target_keras != 3:
            return
        for model in program.models:
            if model.escaped:
                continue  # code we do not follow may have called it
            # Keras raises at the first of them: the others are never reached.
            for use in [use for use in model.unbuilt_uses if use.certain][:1]:
                if use.attribute in ("output", "input"):
                    advice = (f"use .{use.attribute}s[0]" if model.inputs else
                              f"start it with a keras.Input and use .{use.attribute}s[0]")
                    message = (f"{describe_model(model)} was never called on a tensor: Keras 3 raises "
                               f"AttributeError on .{use.attribute} ({advice})")
                else:
                    message = (f"{describe_model(model)} has no input yet: Keras 3 raises AttributeError on "
                               f".{use.attribute} (start it with a keras.Input, or call build() first)")
                yield self.at(use.line, use.column, message)


class ConflictingBuildShape(Rule):
    code = "LL109"
    name = "conflicting-build-shape"
    summary = "`model.build(shape)` on a Sequential whose input already has another shape."
    what_it_does = ("Finds `build()` called on a Sequential model that already has an input (a `keras.Input`, a "
                    "first layer's `input_shape=`, or an earlier build) with a different batch shape, such as "
                    "`build((10, 3))` without the batch dimension on a model made with `keras.Input((10, 3))`. "
                    "Not under `target-keras = 2`: tf.keras 2 rebuilt the graph it had without comparing.")
    why_is_this_bad = ("Keras 3 raises `Sequential model 'sequential' has already been configured to use input "
                       "shape (None, 10, 3). You cannot build it with input_shape (10, 3)`.")
    example = ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\nmodel.build((10, 3))")
    use_instead = ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])  # built already")
    VALID = ("import keras\nfrom keras import layers\n"
             "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\nmodel.build((None, 10, 3))\n",
             "import keras\nfrom keras import layers\n"
             "model = keras.Sequential([layers.LSTM(8)])\nmodel.build((None, 10, 3))\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\n"
               "model.build((10, 3))  # LL109\n",
               "import keras\nfrom keras import layers\n"
               "model = keras.Sequential([layers.LSTM(8)])\nmodel.build((None, 10, 3))\n"
               "model.build((None, 12, 3))  # LL109\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        if settings.target_keras != 3:
            # tf.keras 2's Sequential.build re-initialised a built graph without comparing shapes.
            return
        for model in program.models:
            # Keras raises at the first: a later one is never reached.
            for conflict in model.conflicting_builds[:1]:
                yield self.at(conflict.line, conflict.column,
                              f"{describe_model(model)} has the input shape {format_shape(conflict.configured)} "
                              f"already: Keras 3 raises on build({format_shape(conflict.given)})")


class DisconnectedModelGraph(Rule):
    code = "LL111"
    name = "disconnected-model-graph"
    summary = "`keras.Model(inputs, outputs)` whose outputs are computed from an Input not among `inputs`."
    what_it_does = ("Finds a functional model whose outputs are computed, through layer calls, from a "
                    "`keras.Input` that is not one of the model's inputs: typically a Sequential's `.input` "
                    "(the tensor it was first called on) paired with the output of one of its own layers "
                    "(computed from the Input its build made).")
    why_is_this_bad = ("Keras 3 raises `ValueError: Output with path `` is not connected to `inputs`` (or "
                       "`Graph disconnected`) and builds no model.")
    example = ("base = keras.Sequential([layers.Dense(4, name=\"d1\"), layers.Dense(2)])\n"
               "base(keras.Input((16,)))\n"
               "features = keras.Model(base.input, base.get_layer(\"d1\").output)")
    use_instead = ("base = keras.Sequential([layers.Dense(4, name=\"d1\"), layers.Dense(2)])\n"
                   "base(keras.Input((16,)))\n"
                   "features = keras.Model(base.inputs, base.get_layer(\"d1\").output)")
    VALID = ("import keras\nfrom keras import layers\n"
             "base = keras.Sequential([layers.Dense(4, name=\"d1\"), layers.Dense(2)])\n"
             "base(keras.Input((16,)))\n"
             "features = keras.Model(base.inputs, base.get_layer(\"d1\").output)\n"
             "whole = keras.Model(base.input, base.output)\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "base = keras.Sequential([layers.Dense(4, name=\"d1\"), layers.Dense(2)])\n"
               "base(keras.Input((16,)))\n"
               "features = keras.Model(base.input, base.get_layer(\"d1\").output)  # LL111\n",
               "import keras\nfrom keras import layers\n"
               "text, image = keras.Input((8,)), keras.Input((4,))\n"
               "merged = layers.Concatenate()([layers.Dense(3)(text), layers.Dense(3)(image)])\n"
               "model = keras.Model(text, merged)  # LL111\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            if model.disconnected_certain:
                yield self.at(model.line, model.column,
                              f"{describe_model(model)} has an output computed from a keras.Input that is "
                              "not among its inputs: Keras raises (not connected to `inputs`) and builds no model")
