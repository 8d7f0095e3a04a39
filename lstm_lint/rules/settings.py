"""LL3xx: the model builds, but not as its author believes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, List, Optional, Set, Tuple

from lstm_lint.config import Settings
from lstm_lint.graph.objects import InputLayer, KerasCall, Layer, Model
from lstm_lint.fixes import Fix
from lstm_lint.rules.base import Diagnostic, FixExample, Rule, describe_layer
from lstm_lint.layers.spec import MaskKind
from lstm_lint.layers.traits import Trait
from lstm_lint.rules.facts import (
    activation_function, first_input_shape, has_trait, is_recurrent, parameter_formula, recurrent_core,
)
from lstm_lint.rules.time_flips import REVERSED, model_outputs, time_axis_of, uses_of
from lstm_lint.source.arrays import literal_shape

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program
    from lstm_lint.fixes.source import FixContext


class NoCudnnKernel(Rule):
    code = "LL301"
    name = "no-cudnn-kernel"
    summary = "An LSTM/GRU whose settings rule out the fast fused cuDNN kernel."
    what_it_does = ("Checks the conditions under which Keras runs an LSTM or GRU with the fused cuDNN "
                    "kernel on a GPU (`keras/src/layers/rnn/lstm.py`, `backend/tensorflow/rnn.py`): "
                    "activation tanh, recurrent_activation sigmoid, recurrent_dropout 0, unroll False, "
                    "use_bias True and, for GRU, reset_after True. `RNN(LSTMCell(...))` never uses it. "
                    "Names the argument that rules it out. An activation passed as a function counts "
                    "when it is one of Keras's or TensorFlow's own (`keras.activations.relu`, "
                    "`tf.nn.relu`); a function of your own is not judged.")
    why_is_this_bad = ("Without cuDNN, training runs the generic loop, typically several times slower on "
                       "a GPU. Keras 3 says nothing about it; tf.keras 2 logs one warning at most.")
    example = 'layers.LSTM(50, activation="relu")'
    use_instead = "layers.LSTM(50)"
    VALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(50, dropout=0.2)\ng = layers.GRU(8)\n",
             "import keras\nfrom keras import layers\n"
             "l = layers.LSTM(50, activation=keras.ops.tanh, recurrent_activation=keras.activations.sigmoid)\n"
             "def mine(x):\n    return x\n"
             "g = layers.GRU(8, activation=mine)  # the user's own function: unknown, not reported\n")
    INVALID = ('import keras\nfrom keras import layers\nl = layers.LSTM(50, activation="relu")  # LL301\n',
               "import keras\nfrom keras import layers\n"
               "l = layers.LSTM(50, activation=keras.activations.relu)  # LL301\n",
               "import keras\nfrom keras import layers\ng = layers.GRU(8, reset_after=False)  # LL301\n",
               "import keras\nfrom keras import layers\nl = layers.RNN(layers.LSTMCell(4))  # LL301\n")

    why_no_fix = ("The arguments that rule cuDNN out choose what the layer computes: relu instead of tanh "
                  "lets the state grow without bound, recurrent dropout regularises, unroll trades memory "
                  "for speed. Removing them would make a different model that merely runs faster, so which "
                  "one to keep is the author's choice. `RNN(LSTMCell(...))` to `LSTM(...)` keeps the "
                  "computation but not the model: another layer class, other weight names, checkpoints "
                  "that no longer load.")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if layer.spec is None:
                continue
            if has_trait(layer, Trait.RECURRENT) and "cell" in layer.spec.layer_arguments:
                # The generic RNN runs its cell step by step, never with a fused kernel.
                cell = layer.given.get("cell", layer.given.get("#0"))
                if isinstance(cell, Layer) and cell.spec is not None and cell.spec.fused_layer:
                    yield self.at(layer.line, layer.column,
                                  f"{layer.class_name}({cell.class_name}(...)) never uses the fused cuDNN kernel; "
                                  f"use layers.{cell.spec.fused_layer}(...) instead")
                continue
            if not layer.spec.cudnn or not layer.complete_arguments:
                continue
            reasons = self.reasons(layer)
            if reasons:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)} cannot use the fused cuDNN kernel: "
                              f"{', '.join(reasons)}{parameter_formula(layer)}")

    @staticmethod
    def reasons(layer: Layer) -> List[str]:
        # Here, not at the top: the rules module must stay light for flake8 to load with the plugin.
        from lstm_lint.binding.refs import ModuleRef

        config = layer.config
        reasons: List[str] = []
        if layer.spec is None:
            return reasons
        for argument, needed in layer.spec.cudnn:
            value = config.get(argument, needed)
            if isinstance(needed, str):
                # An activation. activations.get(None) is linear: not tanh/sigmoid either. A function
                # is compared by identity with Keras's and TensorFlow's tanh/sigmoid: any other
                # activation function of theirs is a different object; a function of the user's
                # is unknown.
                if (isinstance(value, str) or value is None) and value != needed:
                    reasons.append(f"{argument}={value!r} (needs {needed!r})")
                elif isinstance(value, ModuleRef) and activation_function(value.path) not in (None, needed):
                    reasons.append(f"{argument}={value.path} (needs {needed!r})")
            elif isinstance(needed, bool):
                if isinstance(value, bool) and value is not needed:
                    reasons.append(f"{argument}={value}")
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and value > needed:
                reasons.append(f"{argument}={value!r} (needs {needed!r})")
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
    FIXES = (FixExample('import keras\nfrom keras import layers\nd = layers.Dense(1, activation="softmax")  # LL302\n',
                        'import keras\nfrom keras import layers\nd = layers.Dense(1, activation="sigmoid")\n', False,
                        "replaces softmax with sigmoid on a 1-unit Dense. Unsafe: the output is no longer "
                        "always 1.0, which is the point, but a model trained with it behaves differently"),)
    INVALID = ('import keras\nfrom keras import layers\nd = layers.Dense(1, activation="softmax")  # LL302\n',
               'import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((4,)), layers.Dense(1),\n'
               '                      layers.Activation("softmax")])  # LL302\n')

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in self.findings(program):
            yield self.at(layer.line, layer.column,
                          f"{describe_layer(layer)}: softmax over 1 unit always outputs 1.0; use "
                          "activation=\"sigmoid\" for a binary output")

    def findings(self, program: Program) -> Iterator[Layer]:
        for layer in program.layers:
            if not layer.complete_arguments:
                continue
            size_one = _softmax_over_one_value(layer)
            if size_one:
                yield layer

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        from lstm_lint.fixes.arguments import set_keyword

        # A layer whose class takes no ``activation`` (Softmax) gets no fix.
        reported = {id(layer) for layer in self.findings(context.program)}
        return set_keyword(diagnostic, context, "activation", '"sigmoid"', "Replace `softmax` with `sigmoid`",
                           lambda layer: id(layer) in reported)


def _softmax_over_one_value(layer: Layer) -> bool:
    """Whether the layer applies a softmax over an axis of size 1."""
    config = layer.config
    if has_trait(layer, Trait.SOFTMAX):
        shape = first_input_shape(layer)
        return config.get("axis") == -1 and shape is not None and len(shape) > 1 and shape[-1] == 1
    if not has_trait(layer, Trait.OUTPUT_ACTIVATION) or config.get("activation") != "softmax":
        return False
    if config.get("units") == 1:  # Dense: its output's last axis, whether it is called or not
        return True
    # Every call's output (a layer called on inputs of other shapes could be fine there).
    outputs = [node.output_shapes for node in layer.nodes]
    return bool(outputs) and not layer.uncertain_output and all(
        isinstance(output, tuple) and len(output) > 1 and output[-1] == 1 for output in outputs)


class IgnoredInputShape(Rule):
    code = "LL303"
    name = "ignored-input-shape"
    summary = "input_shape=/input_dim= on a layer that is not the first of a Sequential (or input_length= on " \
              "Embedding): ignored."
    what_it_does = ("Finds `input_shape`, `input_dim` or `batch_input_shape` on a layer that is not the "
                    "first layer of a Sequential model, or on a layer called on a tensor (functional API); and, "
                    "when the target is Keras 3, `input_length` on an Embedding: where its input gives the "
                    "length (an `Input` before it, or a call on a tensor), and first in a Sequential, which "
                    "Keras 3 then leaves unbuilt until it is first called on data.")
    why_is_this_bad = ("Keras reads these arguments only from the first layer of a Sequential; anywhere "
                       "else they are silently ignored (a layer called on a tensor takes that tensor's "
                       "shape), so the shape the author wrote is not checked. Keras 3's Embedding ignores "
                       "`input_length` everywhere (it warns: \"Argument `input_length` is deprecated. Just "
                       "remove it.\").")
    example = "keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2, input_shape=(8,))])"
    use_instead = "keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(2)])"
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2)])\n",
             "import keras\nfrom keras import layers\nx = keras.Input((4,))\n"
             "m = keras.Model(x, layers.Dense(2)(x))\n")
    INVALID = ("import keras\nfrom keras import layers\nm = keras.Sequential([\n"
               "    layers.Dense(8, input_shape=(4,)),\n    layers.Dense(2, input_shape=(8,)),  # LL303\n])\n",
               "import keras\nfrom keras import layers\nx = keras.Input((4,))\n"
               "y = layers.Dense(2, input_shape=(8,))(x)  # LL303\n",
               "import keras\nfrom keras import layers\nx = keras.Input((20,))\n"
               "m = keras.Model(x, layers.Embedding(1000, 16, input_length=20)(x))  # LL303\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([layers.Embedding(1000, 16, input_length=20), layers.LSTM(8)])  # LL303\n")
    FIXES = (
        FixExample("import keras\nfrom keras import layers\nm = keras.Sequential([\n"
                   "    layers.Dense(8, input_shape=(4,)),\n"
                   "    layers.Dense(2, input_shape=(8,)),  # LL303\n])\n",
                   "import keras\nfrom keras import layers\nm = keras.Sequential([\n"
                   "    layers.Dense(8, input_shape=(4,)),\n    layers.Dense(2),\n])\n", True,
                   "removes the ignored argument where the code shows it is ignored in every run: on a layer "
                   "written in a `Sequential([...])` list after its first, or called on a tensor where it is made"),
        FixExample("import keras\nfrom keras import layers\nx = keras.Input((20,))\n"
                   "m = keras.Model(x, layers.Embedding(1000, 16, input_length=20)(x))  # LL303\n",
                   "import keras\nfrom keras import layers\nx = keras.Input((20,))\n"
                   "m = keras.Model(x, layers.Embedding(1000, 16)(x))\n", True,
                   "removes Embedding's `input_length=`, which Keras 3 ignores"),
    )

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer, message, _ in self.findings(program, settings):
            yield self.at(layer.line, layer.column, message)

    def findings(self, program: Program, settings: Settings) -> Iterator[Tuple[Layer, str, bool]]:
        """Each layer with an ignored argument, the message, and whether removing it is the fix."""
        in_sequential: Set[int] = set()
        first_of_sequential: Set[int] = set()
        # Models built on some paths only (one per branch) are still Sequential models of their layers.
        sequentials = [model for model in program.models + program.models_in_some_runs if model.kind == "Sequential"]
        # What the user put in each model: an InputLayer Sequential made itself does not count.
        placed = [[item for item in model.sequence
                   if not (isinstance(item, InputLayer) and item.implied_by is not None)] for model in sequentials]
        for model, items in zip(sequentials, placed):
            in_sequential.update(id(item) for item in model.sequence)
            first_of_sequential.update(id(item) for item in items[:1])
        for items in placed:
            for index, layer in enumerate(items):
                # A layer first in another Sequential (``Sequential(base.layers)`` after ``base``)
                # gives that model its input: the argument is not ignored there.
                if not isinstance(layer, Layer) or index == 0 or id(layer) in first_of_sequential:
                    continue
                declared = _declared_input_keys(layer)
                if declared:
                    yield layer, (f"{describe_layer(layer)}: {declared[0]}= is ignored on a layer that is not "
                                  "the first of a Sequential model"), True
        for layer in program.layers:
            # Called on a tensor and in no Sequential: the shape comes from that tensor.
            declared = _declared_input_keys(layer)
            if declared and layer.nodes and id(layer) not in in_sequential and not isinstance(layer, InputLayer):
                yield layer, (f"{describe_layer(layer)}: {declared[0]}= is ignored on a layer called on a "
                              "tensor: it takes the tensor's shape"), True
            # Keras 3's Embedding (and its subclasses) takes input_length only to drop it, with a
            # warning: the entries list it among their extra keywords.
            takes_input_length = layer.spec is not None and "input_length" in layer.spec.extra_keywords
            if settings.target_keras != 3 or not takes_input_length or "input_length" not in layer.given:
                continue
            if id(layer) in first_of_sequential:
                # tf.keras 2 built the Sequential from it; Keras 3 leaves it unbuilt (summary() prints
                # "0 (unbuilt)") until it is first called on data, whose length then counts.
                # No fix: removing it would lose the only trace of the length the author meant; moving
                # it into an Input is left to the author.
                yield layer, (f"{describe_layer(layer)}: input_length= is ignored by Keras 3: the Sequential "
                              "gets no input shape from it and is built only when first called on data; give "
                              "the length with keras.Input(shape=(...)) as its first layer"), False
            elif layer.nodes:
                shape = first_input_shape(layer)
                if shape is not None and len(shape) == 2 and isinstance(shape[1], int):
                    yield layer, (f"{describe_layer(layer)}: input_length= is ignored by Keras 3: the input "
                                  f"gives the length ({shape[1]})"), True

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        from lstm_lint.fixes.arguments import ignored_input

        reported = {id(layer) for layer, _, removable in self.findings(context.program, settings) if removable}
        layers = context.layers_at(diagnostic.line, diagnostic.column)
        if not layers:
            return None
        keys = ("input_length",) if "input_length=" in diagnostic.message else tuple(_declared_input_keys(layers[0]))
        return ignored_input(diagnostic, context, keys, lambda layer: id(layer) in reported)


def _declared_input_keys(layer: Layer) -> List[str]:
    # A class's own argument of the same name (Embedding's input_dim) is not the base layer's.
    own = layer.spec.argument_names if layer.spec is not None else ()
    return [key for key in ("input_shape", "input_dim", "batch_input_shape") if key in layer.given and key not in own]


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
    INVALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(32, dropout=20)  # LL306\n",
               "import keras\nfrom keras import layers\n\n\nclass Encoder(layers.Layer):\n"
               "    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
               "        self.rnn = layers.GRU(16, recurrent_dropout=2.0)  # LL306\n\n"
               "    def call(self, x):\n        return self.rnn(x)\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if not has_trait(layer, Trait.CLAMPS_DROPOUT):
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
    summary = ("go_backwards=True with return_sequences=True outside Bidirectional, used without "
               "flipping it back: the output is reversed.")
    what_it_does = ("Finds recurrent layers (LSTM, GRU, SimpleRNN) with go_backwards=True and "
                    "return_sequences=True that are not wrapped in another layer (Bidirectional), unless "
                    "every use of their output flips it back in time first, as Bidirectional does: "
                    "`keras.ops.flip(x, axis=1)` (or `axis=-2`, or no axis: every axis), "
                    "`tf.reverse(x, axis=[1])`, tf.keras 2's `keras.backend.reverse(x, axes=1)`, or a "
                    "slice with a negative step on the time axis (`x[:, ::-1]`). A single use that reads "
                    "the output unflipped is reported, even when the others flip it, and so is a flip "
                    "over another axis. A use lstm-lint cannot see into may flip it too, and then nothing "
                    "is reported: a flip over an axis it cannot evaluate, a `Lambda` layer, a function or "
                    "class of your own or of another library, an op that picks steps by index or runs a "
                    "function (`keras.ops.take`, `keras.ops.map`, `tf.gather`, `tf.map_fn`, ...), or a "
                    "value that depends on a condition. Only the output itself counts: in "
                    "`keras.ops.flip(x * 2, axis=1)` the multiplication reads it unflipped.")
    why_is_this_bad = ("With go_backwards the layer reads the sequence from the end, and its output sequence "
                       "comes out reversed in time; layers after it see the last step first. A "
                       "bidirectional layer built by hand that concatenates it with a forward layer's "
                       "output pairs each step with the wrong one: Keras's Bidirectional flips the "
                       "backward output back before it merges the two.")
    example = ("forward = layers.LSTM(32, return_sequences=True)(x)\n"
               "backward = layers.LSTM(32, go_backwards=True, return_sequences=True)(x)\n"
               "y = layers.concatenate([forward, backward])")
    use_instead = ("forward = layers.LSTM(32, return_sequences=True)(x)\n"
                   "backward = layers.LSTM(32, go_backwards=True, return_sequences=True)(x)\n"
                   "y = layers.concatenate([forward, keras.ops.flip(backward, axis=1)])\n"
                   "# or: y = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)")
    VALID = ("import keras\nfrom keras import layers\n"
             "b = layers.Bidirectional(layers.LSTM(4, return_sequences=True), "
             "backward_layer=layers.LSTM(4, go_backwards=True, return_sequences=True))\n",
             "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
             "y = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n"
             "m = keras.Model(x, layers.Dense(1)(keras.ops.flip(y, axis=1)))\n",
             "import keras\nfrom keras import layers, ops\nx = keras.Input((10, 3))\n"
             "f = layers.LSTM(4, return_sequences=True)(x)\n"
             "b = layers.GRU(4, go_backwards=True, return_sequences=True)(x)\n"
             "m = keras.Model(x, layers.concatenate([f, ops.flip(b, -2), b[:, ::-1]]))\n",
             "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
             "y = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)\n"
             "y = layers.Lambda(lambda t: keras.ops.flip(t, axis=1))(y)  # not seen into: may flip\n"
             "m = keras.Model(x, y)\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "l = layers.LSTM(4, go_backwards=True, return_sequences=True)  # LL309\n",
               "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
               "f = layers.LSTM(4, return_sequences=True)(x)\n"
               "b = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
               "m = keras.Model(x, layers.concatenate([f, b]))\n",
               "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
               "y = layers.LSTM(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
               "m = keras.Model(x, [keras.ops.flip(y, axis=1), layers.Dense(1)(y)])\n",
               "import keras\nfrom keras import layers\nx = keras.Input((10, 3))\n"
               "y = layers.SimpleRNN(4, go_backwards=True, return_sequences=True)(x)  # LL309\n"
               "m = keras.Model(x, keras.ops.flip(y, axis=-1))\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        wrapped = {id(value) for layer in program.layers if layer.spec is not None
                   for key in layer.spec.layer_arguments for value in [layer.config.get(key)]
                   if isinstance(value, Layer)}
        outputs = model_outputs(program.models)
        for layer in program.layers:
            if not has_trait(layer, Trait.RECURRENT) or id(layer) in wrapped \
                    or layer.config.get("go_backwards") is not True or layer.config.get("return_sequences") is not True:
                continue
            time_axis = time_axis_of(layer)
            # The sequence is the first output (the states follow it with return_state=True).
            uses = [use for node in layer.nodes if node.outputs
                    for use in uses_of(node.outputs[0], time_axis, outputs)]
            unflipped = [use for use in uses if use.verdict == REVERSED]
            if uses and not unflipped:
                continue  # every use flips it back, or may
            message = (f"{describe_layer(layer)}: go_backwards=True with return_sequences=True returns "
                       "the sequence reversed in time")
            if unflipped:
                message += f", and {unflipped[0].clause}"
            yield self.at(layer.line, layer.column, message)


class UnrollTooLong(Rule):
    code = "LL304"
    name = "unroll-too-long"
    summary = "unroll=True on a sequence longer than max-unroll-steps (default 100) or of variable length."
    what_it_does = ("Checks the time axis of the input of recurrent layers with `unroll=True` against "
                    "the `max-unroll-steps` setting; a variable-length (None) time axis is reported too.")
    why_is_this_bad = ("Unrolling copies the cell once per time step into the graph: memory and compile "
                       "time grow with the sequence, and a variable-length sequence cannot be unrolled.")
    example = "keras.Sequential([keras.Input((500, 3)), layers.LSTM(8, unroll=True)])"
    use_instead = "keras.Sequential([keras.Input((500, 3)), layers.LSTM(8)])"
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((20, 3)), layers.SimpleRNN(8, unroll=True)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((500, 3)), layers.SimpleRNN(8, unroll=True)])  # LL304\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            if not has_trait(layer, Trait.RECURRENT) or layer.config.get("unroll") is not True:
                continue
            shape = first_input_shape(layer)
            if shape is not None and len(shape) == 3:
                steps = shape[1]
                if steps is None:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: unroll=True on a sequence of variable length")
                elif isinstance(steps, int) and steps > settings.max_unroll_steps:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: unroll=True on {steps:,} time steps, more than "
                                  f"max-unroll-steps = {settings.max_unroll_steps:,}")


_CATEGORICAL = {"categorical_crossentropy", "sparse_categorical_crossentropy", "CategoricalCrossentropy",
                "SparseCategoricalCrossentropy"}
_BINARY = {"binary_crossentropy", "BinaryCrossentropy"}


class LossDoesNotFitOutput(Rule):
    code = "LL305"
    name = "loss-does-not-fit-output"
    summary = "A compile() loss that cannot fit the model's output (e.g. categorical crossentropy on 1 unit)."
    what_it_does = ("Compares the loss given to `model.compile()` with the model's single output: "
                    "categorical or sparse categorical crossentropy on a 1-unit output, binary "
                    "crossentropy after a softmax over several units, and `from_logits=True` on an "
                    "output that already applies softmax or sigmoid.")
    why_is_this_bad = ("Such a model trains without an error but learns nothing useful: categorical "
                       "crossentropy over one class is always 0; binary crossentropy on a softmax makes "
                       "Keras pick binary accuracy; from_logits=True applies the activation twice.")
    example = 'model.compile(loss="categorical_crossentropy")  # the model ends in Dense(1)'
    use_instead = 'model.compile(loss="binary_crossentropy")  # with Dense(1, activation="sigmoid")'
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
             "m.compile(optimizer='adam', loss='categorical_crossentropy')\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n"
               "m.compile(optimizer='adam', loss='categorical_crossentropy')  # LL305\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
               "m.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # LL305\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            output = _single_output(model)
            if output is None:
                continue
            width, activation = output
            for call in model.compile_calls:
                loss = call.get("loss", call["_args"][1] if len(call["_args"]) > 1 else None)
                name, from_logits = _loss_name(loss)
                if name is None:
                    continue
                line = call["_line"]
                if name in _CATEGORICAL and width == 1:
                    yield self.at(line, 0, f"loss {name!r} on a 1-unit output: one class, so the loss is "
                                           "always 0; use binary_crossentropy with a sigmoid output")
                elif name in _BINARY and activation == "softmax" and isinstance(width, int) and width > 1:
                    yield self.at(line, 0, f"loss {name!r} after a softmax over {width} units: use "
                                           "categorical_crossentropy (accuracy silently becomes binary accuracy)")
                elif from_logits and activation in ("softmax", "sigmoid"):
                    yield self.at(line, 0, f"from_logits=True but the output already applies {activation}: the "
                                           "activation is applied twice")


def _loss_name(loss: Any) -> Tuple[Optional[str], bool]:
    if isinstance(loss, str):
        return loss, False
    if isinstance(loss, KerasCall) and loss.path.startswith("losses."):
        return loss.path.rsplit(".", 1)[1], loss.kwargs.get("from_logits") is True
    return None, False


def _single_output(model: Model) -> Optional[Tuple[Any, Any]]:
    """(last-axis size, activation name) of a model's only output, when both are known."""
    if model.kind == "Sequential":
        items = model.layers()
        last = items[-1] if items else None
    else:
        if len(model.outputs) != 1:
            return None
        last = model.outputs[0].node.operation
    if not has_trait(last, Trait.OUTPUT_ACTIVATION) or not isinstance(last, Layer) or not last.complete_arguments:
        return None
    activation = last.config.get("activation")
    if "units" in last.config:  # Dense: the output's last axis, called or not
        width = last.config.get("units")
    else:
        shape = last.nodes[-1].output_shapes if last.nodes and not last.uncertain_output else None
        width = shape[-1] if isinstance(shape, tuple) and shape else None
    return width, activation if isinstance(activation, str) else None


class RedundantTimeDistributed(Rule):
    code = "LL391"
    name = "redundant-time-distributed"
    summary = "TimeDistributed(Dense(...)) on 3-D input: Dense alone does the same (style, off by default)."
    what_it_does = ("Finds TimeDistributed wrapping a layer that computes each position on its own (Dense, "
                    "Activation, ReLU, LeakyReLU, ELU) when its input is 3-D.")
    why_is_this_bad = ("Dense acts on the last axis of an input of any rank, and an activation on each value, "
                       "so the wrapper adds nothing but a layer to read and a slower graph.")
    example = "layers.TimeDistributed(layers.Dense(2))(sequence)"
    use_instead = "layers.Dense(2)(sequence)"
    default_enabled = False
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((10, 3)), layers.Dense(2)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((10, 3)), layers.TimeDistributed(layers.Dense(2))])  # LL391\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            inner = layer.config.get("layer")
            if has_trait(layer, Trait.PER_STEP_WRAPPER) and isinstance(inner, Layer) \
                    and has_trait(inner, Trait.PER_POSITION):
                shape = first_input_shape(layer)
                if shape is not None and len(shape) == 3:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: {layer.class_name}({inner.class_name}) on 3-D input is "
                                  f"the same as {inner.class_name} alone")


class BiasBeforeBatchNorm(Rule):
    code = "LL392"
    name = "bias-before-batch-norm"
    summary = "A biased Dense/Conv right before BatchNormalization: the bias is redundant (style, off by default)."
    what_it_does = ("Finds Dense and convolution layers with use_bias=True and no activation whose output "
                    "goes straight into a BatchNormalization that centers (center=True, the default) over "
                    "the channels the bias is added to (the last axis).")
    why_is_this_bad = ("BatchNormalization subtracts the mean and adds its own beta, so the bias before it "
                       "is cancelled out: weights that train for nothing.")
    example = "layers.Dense(64), layers.BatchNormalization()"
    use_instead = "layers.Dense(64, use_bias=False), layers.BatchNormalization()"
    default_enabled = False
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, use_bias=False), "
             "layers.BatchNormalization()])\n",
             "import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(4, 3),\n"
             "                      layers.BatchNormalization(axis=1)])  # normalizes rows: the bias stays\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.BatchNormalization()])  # LL392\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((8, 8, 3)),\n"
               "                      layers.Conv2D(4, 3),  # LL392\n"
               "                      layers.BatchNormalization(axis=3)])\n")
    FIXES = (FixExample("import keras\nfrom keras import layers\n"
                        "m = keras.Sequential([keras.Input((4,)), layers.Dense(8), "
                        "layers.BatchNormalization()])  # LL392\n",
                        "import keras\nfrom keras import layers\n"
                        "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, use_bias=False), "
                        "layers.BatchNormalization()])\n", False,
                        "sets `use_bias=False`. Unsafe: the layer loses its bias weights, so the parameter "
                        "count falls and saved weights no longer load into the model"),)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for source in self.findings(program):
            yield self.at(source.line, source.column,
                          f"{describe_layer(source)}: its bias is cancelled by the BatchNormalization "
                          "right after it; use use_bias=False")

    def findings(self, program: Program) -> Iterator[Layer]:
        for layer in program.layers:
            if not has_trait(layer, Trait.CENTRES_PER_CHANNEL) or layer.config.get("center") is not True \
                    or not _normalizes_last_axis(layer):
                continue
            for node in layer.nodes:
                source = node.inputs[0].node.operation if node.inputs else None
                # Only a linear layer's bias is cancelled: an activation between them (Conv2D(...,
                # activation="relu")) shifts what BatchNormalization normalizes.
                if isinstance(source, Layer) and has_trait(source, Trait.CHANNEL_BIAS) \
                        and source.config.get("use_bias") is True \
                        and source.config.get("activation", None) in (None, "linear") \
                        and source.config.get("data_format", "channels_last") == "channels_last":
                    yield source

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        from lstm_lint.fixes.arguments import set_keyword

        reported = {id(layer) for layer in self.findings(context.program)}
        return set_keyword(diagnostic, context, "use_bias", "False", "Set `use_bias=False`",
                           lambda layer: id(layer) in reported)


def _normalizes_last_axis(layer: Layer) -> bool:
    """A normalization over the channels of the last axis: ``axis=-1``, or the last axis by number
    (``axis=3`` on 4-D input)."""
    axis = layer.config.get("axis")
    if axis == -1:
        return True
    shape = first_input_shape(layer)
    return isinstance(axis, int) and not isinstance(axis, bool) and shape is not None and axis == len(shape) - 1


def _drops_mask(layer: Layer) -> bool:
    """A layer whose class does not support masking: Keras drops the mask there (layer.py warns
    "this layer does not support masking and will therefore destroy the mask information")."""
    return layer.spec is not None and layer.spec.masking.supports is False


def _cudnn_capable(layer: Layer) -> bool:
    """A layer with a fused cuDNN kernel (possibly in a Bidirectional) whose settings allow it."""
    inner = recurrent_core(layer)
    return inner is not None and inner.spec is not None and bool(inner.spec.cudnn) and inner.complete_arguments \
        and not NoCudnnKernel.reasons(inner) and inner.config.get("use_cudnn") is not False


def _padding_mask_argument(layer: Layer) -> Optional[str]:
    """The argument that makes the layer mask padding zeros (Embedding's ``mask_zero``), or None for a
    class that computes no such mask."""
    masking = layer.spec.masking if layer.spec is not None else None
    if masking is not None and masking.kind == MaskKind.EMBEDDING and isinstance(masking.supports, str):
        return masking.supports
    return None


def _consumers(program: Program, layer: Layer) -> List[Layer]:
    """The layers called directly on this layer's outputs."""
    outputs = {id(tensor) for node in layer.nodes for tensor in node.outputs}
    return [other for other in program.layers
            if any(id(tensor) in outputs for node in other.nodes for tensor in node.inputs)]


class PaddingWithoutMask(Rule):
    code = "LL308"
    name = "padding-without-mask"
    summary = "Padded sequences without a mask, or a mask lost or misused on the way."
    what_it_does = ("In a file that pads sequences with `pad_sequences`, finds an Embedding without "
                    "`mask_zero=True` feeding a recurrent layer (the padding is read as real tokens), and "
                    "`mask_zero=True` when `pad_sequences` pads at the front (its default, "
                    "`padding=\"pre\"`) and a recurrent layer could use cuDNN, which takes only right-padded "
                    "masks. In any "
                    "file, finds a mask from `Embedding(mask_zero=True)` dropped by a layer that does not "
                    "take masks (Flatten, Conv1D, ...).")
    why_is_this_bad = ("Without a mask, a recurrent layer reads every padding zero as a word, and a "
                       "short sentence padded to 200 steps is mostly padding. With front padding and a mask, "
                       "Keras 3 stops training on a GPU (cuDNN takes only right-padded masks; tf.keras 2 "
                       "silently falls back to the slow kernel). A dropped mask silently stops masking "
                       "downstream.")
    example = ("x = pad_sequences(x)\ninputs = keras.Input((200,))\n"
               "h = layers.LSTM(32)(layers.Embedding(10000, 64)(inputs))")
    use_instead = ("x = pad_sequences(x, padding=\"post\")\ninputs = keras.Input((200,))\n"
                   "h = layers.LSTM(32)(layers.Embedding(10000, 64, mask_zero=True)(inputs))")
    VALID = ("import keras\nfrom keras import layers\nfrom keras.utils import pad_sequences\n"
             "x = pad_sequences([[1, 2], [3]], maxlen=5, padding='post')\n"
             "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, mask_zero=True), layers.LSTM(3)])\n",)
    INVALID = ("import keras\nfrom keras import layers\nfrom keras.utils import pad_sequences\n"
               "x = pad_sequences([[1, 2], [3]], maxlen=5, padding='post')\n"
               "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4), layers.LSTM(3)])  # LL308\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((5,)), layers.Embedding(10, 4, mask_zero=True), "
               "layers.Flatten()])  # LL308\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        pads = [call for call in program.keras_calls if call.path.endswith("pad_sequences")]
        front_padded = [call for call in pads if call.kwargs.get("padding", "pre") == "pre"]
        for layer in program.layers:
            mask_argument = _padding_mask_argument(layer)
            if mask_argument is None or not layer.complete_arguments:
                continue
            mask = layer.config.get(mask_argument)
            consumers = _consumers(program, layer)
            recurrent = [c for c in consumers if is_recurrent(c)]
            if mask is False and pads and recurrent:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)} feeds {describe_layer(recurrent[0])} sequences padded by "
                              f"pad_sequences (line {pads[0].kwargs['_line']}) without mask_zero=True: the "
                              "padding is read as real tokens")
            elif mask is True and front_padded and any(_cudnn_capable(c) for c in recurrent):
                # tf.keras 2 falls back to the slow kernel; Keras 3 asserts right padding on the GPU
                # (backend/tensorflow/rnn.py _assert_valid_mask).
                consequence = ("on a GPU, Keras 3 stops training with \"You are passing a RNN mask that does "
                               "not correspond to right-padded sequences\"" if settings.target_keras == 3
                               else "the layer cannot use the fused cuDNN kernel")
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: mask_zero=True with pad_sequences padding at the front "
                              f"(line {front_padded[0].kwargs['_line']}, padding=\"pre\" by default): "
                              f"{consequence}; use padding=\"post\"")
            if mask is True:
                for consumer in consumers:
                    if _drops_mask(consumer):
                        yield self.at(consumer.line, consumer.column,
                                      f"{describe_layer(consumer)} drops the mask of {describe_layer(layer)} "
                                      "(mask_zero=True): layers after it are not masked")


class OversizedAttentionHeads(Rule):
    code = "LL310"
    name = "oversized-attention-heads"
    summary = "MultiHeadAttention whose key_dim × num_heads is far larger than the query width."
    what_it_does = ("Finds `MultiHeadAttention(num_heads, key_dim)` where key_dim × num_heads is more "
                    "than four times the width of the query it is called on.")
    why_is_this_bad = ("key_dim is the size of each head, not of all heads together: passing the model "
                       "width as key_dim multiplies the attention parameters by num_heads.")
    example = "layers.MultiHeadAttention(num_heads=8, key_dim=256)(x, x)  # x is (None, 50, 256)"
    use_instead = "layers.MultiHeadAttention(num_heads=8, key_dim=256 // 8)(x, x)"
    VALID = ("import keras\nfrom keras import layers\nx = keras.Input((50, 256))\n"
             "y = layers.MultiHeadAttention(num_heads=8, key_dim=32)(x, x)\n",)
    INVALID = ("import keras\nfrom keras import layers\nx = keras.Input((50, 256))\n"
               "y = layers.MultiHeadAttention(num_heads=8, key_dim=256)(x, x)  # LL310\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in program.layers:
            shape = first_input_shape(layer)
            if layer.spec is None or not layer.spec.attention_heads or not shape:
                continue
            heads_argument, size_argument = layer.spec.attention_heads
            heads, key_dim = layer.config.get(heads_argument), layer.config.get(size_argument)
            width = shape[-1]
            if not (isinstance(heads, int) and isinstance(key_dim, int) and isinstance(width, int)) \
                    or isinstance(heads, bool) or isinstance(key_dim, bool):
                continue
            if heads * key_dim > 4 * width:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: key_dim × num_heads = {key_dim} × {heads} = "
                              f"{key_dim * heads:,}, over 4 × the query width {width}; key_dim is per head "
                              f"(did you mean key_dim={max(width // heads, 1)}?)")


def _head_layer(layer: object) -> bool:
    """A layer of a model's head that keeps the time axis: per position (Dense, activations) or dropout."""
    return has_trait(layer, Trait.PER_POSITION) or has_trait(layer, Trait.DROPOUT)


class SequenceOutputForPerSampleTargets(Rule):
    code = "LL307"
    name = "sequence-output-for-per-sample-targets"
    summary = ("return_sequences=True on the last recurrent layer, followed only by Dense layers, while "
               "fit() is given one target per sample.")
    what_it_does = ("Finds models whose last recurrent layer keeps `return_sequences=True` and is followed "
                    "only by Dense (and Dropout/Activation) layers, so the model's output is 3-D "
                    "(batch, time, units), and which are fit on targets whose shape lstm-lint can read "
                    "(`np.zeros((n, 1))`, a list literal, ...) with one value per sample. It stays "
                    "silent when the targets' shape is unknown: a 3-D output is also what sequence "
                    "tagging models want.")
    why_is_this_bad = ("The Dense head runs on every time step. Against targets of shape (n, k) the loss "
                       "broadcasts over time instead of failing: the model trains, on the wrong thing.")
    example = ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), "
               "layers.Dense(1)])\nmodel.fit(x, np.zeros((100, 1)))")
    use_instead = ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
                   "model.fit(x, np.zeros((100, 1)))")
    VALID = ("import numpy as np\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
             "m.compile(loss='mse')\nm.fit(np.zeros((4, 10, 3)), np.zeros((4, 1)))\n",
             "import numpy as np\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_sequences=True), layers.Dense(1)])\n"
             "m.compile(loss='mse')\nm.fit(np.zeros((4, 10, 3)), np.zeros((4, 10, 1)))\n")
    INVALID = ("import numpy as np\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((10, 3)),\n"
               "                      layers.LSTM(8, return_sequences=True),  # LL307\n"
               "                      layers.Dense(1)])\n"
               "m.compile(loss='mse')\nm.fit(np.zeros((4, 10, 3)), np.zeros((4, 1)))\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            recurrent = _last_recurrent_before_head(model)
            if recurrent is None or recurrent.config.get("return_sequences") is not True:
                continue
            for call in model.fit_calls:
                targets = call.get("y", call["_args"][1] if len(call["_args"]) > 1 else None)
                shape = literal_shape(targets)
                if shape is not None and 1 <= len(shape) <= 2:
                    yield self.at(recurrent.line, recurrent.column,
                                  f"{describe_layer(recurrent)}: return_sequences=True makes the model's output "
                                  f"3-D, but fit() (line {call['_line']}) gets targets of shape {shape}: the "
                                  "loss broadcasts over time steps; drop return_sequences=True")
                    break


def _last_recurrent_before_head(model: Model) -> Optional[Layer]:
    """The recurrent layer the model's single output comes from through Dense-like layers only."""
    if model.kind == "Sequential":
        for item in reversed(model.layers()):
            if not isinstance(item, Layer):
                return None
            if is_recurrent(item):
                return item
            if not _head_layer(item):
                return None
        return None
    if len(model.outputs) != 1:
        return None
    # Follow the output tensor back through the calls that made it (not through a layer's last call:
    # a head layer applied to its own output, ``head(head(x))``, would then loop forever).
    tensor = model.outputs[0]
    while isinstance(tensor.node.operation, Layer) and _head_layer(tensor.node.operation):
        if len(tensor.node.inputs) != 1:
            return None
        tensor = tensor.node.inputs[0]
    operation = tensor.node.operation
    return operation if isinstance(operation, Layer) and is_recurrent(operation) else None
