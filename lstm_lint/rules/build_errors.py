"""LL1xx: the model would fail when Keras builds or fits it.

Each rule reads what the layer specs proved (a BuildError, raised only where Keras's own
``build()``/``compute_output_shape()`` raise) or an argument value Keras's constructor rejects.
"""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple, Union

from lstm_lint.config import Settings
from lstm_lint.graph.custom import CustomLayer, CustomModel
from lstm_lint.graph.objects import Layer, Model, Operation
from lstm_lint.layers.checks import KERAS_ACTIVATIONS, KERAS_INITIALIZERS, CheckContext
from lstm_lint.layers.spec import KERAS2_LAYER_KWARGS
from lstm_lint.fixes import Fix
from lstm_lint.layers.optimizers import LEARNING_RATE_OPTIMIZERS
from lstm_lint.rules.api_calls import certain_api_calls, keyword_problems, value_problems
from lstm_lint.rules.base import Diagnostic, FixExample, Rule, describe_layer
from lstm_lint.rules.facts import built_layers, first_input_shape, recurrent_core

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program
    from lstm_lint.fixes.source import FixContext


def certain_layers(program: Program) -> List[Layer]:
    """The layers constructed in every run that gets to their code: an LL1xx says Keras raises,
    which must hold in every run, so a layer made under a condition (or in a loop) lstm-lint could
    not decide is not checked for what its constructor would reject."""
    return [layer for layer in program.layers if not layer.conditional]


def _when(error: Any) -> str:
    """Said of an error ``call()`` alone raises, on a model Keras builds from ``compute_output_spec``."""
    return "; the model builds, and Keras raises when it runs (predict, fit, ...)" if error.at_run else ""


def _errors(program: Program, kinds: List[str]) -> Iterator[Any]:
    """Each layer (and each object of the program's own ``keras.Model`` subclasses, as a block or
    not) with each error Keras raises on it in every run, once per message."""
    items: List[Union[Layer, CustomModel]] = list(program.layers)
    items.extend(model for model in program.custom_models if isinstance(model, CustomModel))
    for layer in items:
        seen = set()
        for error in layer.certain_errors():
            if error.kind in kinds and error.message not in seen:
                seen.add(error.message)
                yield layer, error


def _at(item: Any) -> Tuple[int, int, str]:
    """Where a diagnostic on a layer, or on a model of the program's own class, goes (the call that
    made it) and how it names the object (its class and the name Keras gives it)."""
    if isinstance(item, CustomModel):
        line, column = item.site_position
        name = item.keras_name if isinstance(item.keras_name, str) else None
        return line, column, f"{item.class_name} {name!r}" if name else item.class_name
    return item.line, item.column, describe_layer(item)


class WrongInputRank(Rule):
    code = "LL101"
    name = "wrong-input-rank"
    summary = "A layer gets input of a rank it cannot take (e.g. LSTM after an LSTM without return_sequences)."
    what_it_does = ("Checks the rank of every layer's input against what the layer requires: recurrent "
                    "layers, Conv1D and 1-D pooling need 3-D input, RepeatVector needs 2-D input, "
                    "TimeDistributed needs at least 3-D input. MultiHeadAttention needs a query and value "
                    "of one rank, 3 or more with the default `attention_axes`, and GroupedQueryAttention "
                    "inputs of rank 3: a functional model on other ranks still builds (and fails when it "
                    "runs), a custom layer calling them in `call` fails at once (GroupedQueryAttention on "
                    "a rank below 3 cannot be built at all).")
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
               "m = keras.Model(inp, x)\n",
               # Built on symbolic tensors from compute_output_spec: the model is made, and fails when run.
               "import numpy as np\nimport keras\nfrom keras import layers\n"
               "inputs = keras.Input((16,))\n"
               "attended = layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, inputs)  # LL101\n"
               "model = keras.Model(inputs, attended)\nmodel.predict(np.zeros((2, 16)), verbose=0)\n",
               # Inside a custom layer's call Keras runs it: the custom layer cannot be built.
               "import keras\nfrom keras import layers\n\n\nclass Block(layers.Layer):\n"
               "    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
               "        self.attention = layers.MultiHeadAttention(num_heads=2, key_dim=8)  # LL101\n\n"
               "    def call(self, x):\n        return self.attention(x, x)\n\n\n"
               "inputs = keras.Input((16,))\nmodel = keras.Model(inputs, Block()(inputs))\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer, error in _errors(program, ["rank"]):
            yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}{_when(error)}")


# A VAE's sampling layer, as the Keras examples write it, for the element-wise examples below.
_SAMPLER = ("import keras\nfrom keras import layers, ops\n\n\nclass Sampling(layers.Layer):\n"
            "    def call(self, inputs):\n        z_mean, z_log_var = inputs\n"
            "        epsilon = keras.random.normal(shape=ops.shape(z_mean))\n"
            "        return z_mean + ops.exp(0.5 * z_log_var) * epsilon\n\n\n"
            "inputs = keras.Input(shape=(16,))\n")


# A custom layer whose weight is made (4, in_dim), then contracted with the input by ``{op}``.
_CONTRACTION = ("import keras\nfrom keras import layers, ops\n\n\nclass Projection(layers.Layer):\n"
                "    def build(self, input_shape):\n"
                "        self.w = self.add_weight(shape=(4, input_shape[-1]), initializer='zeros')\n\n"
                "    def call(self, x):\n        return {op}\n\n\n"
                "inputs = keras.Input(shape=(10, 8))\n"
                "model = keras.Model(inputs, Projection()(inputs))")


# A residual block (a layer or model subclass) in a network built by a call on an array.
_MODEL_BLOCK = ("import numpy as np\nimport keras\nfrom keras import layers\n\n\nclass Block({base}):\n"
                "    def __init__(self):\n        super().__init__()\n"
                "        self.conv = layers.Conv2D({filters}, 3, strides={strides}, padding='same')\n\n"
                "    def call(self, inputs):\n        return self.conv(inputs) + inputs\n\n\n"
                "class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
                "        self.block = Block(){marker}\n\n"
                "    def call(self, x):\n        return self.block(x)\n\n\n"
                "model = Net()\nmodel(np.zeros((2, 32, 32, 16), dtype='float32'))\n")


class IncompatibleShapes(Rule):
    code = "LL104"
    name = "incompatible-shapes"
    summary = "Shapes that cannot be merged, reshaped or convolved (Keras raises while building)."
    what_it_does = ("Checks merge layers (Add, Subtract, Multiply, ... of different shapes; Concatenate "
                    "that differs off its axis), Reshape to a different number of elements, Dense or "
                    "convolution layers whose input size on the last (channel) axis is not known to Keras, "
                    "a custom layer's `add_weight` whose shape has a `None` dimension (one taken from "
                    "an input axis of unknown length, such as the time axis of `Input(shape=(None, 8))`), "
                    "a `matmul`/`dot` in a custom layer's `call` whose inner sizes differ (a weight "
                    "made `(units, in_dim)` where the product needs `(in_dim, units)`, or made "
                    "`(in_dim, units)` and used with `tf.matmul(x, w, transpose_b=True)`), a `tensordot` "
                    "whose summed axes differ in size or an `einsum` whose operands give one letter two "
                    "sizes (neither of them 1) or have another number of axes than their subscripts "
                    "name (a flattened tensor into `\"bfe,ed->bfd\"`), and an element-wise "
                    "`+`, `-`, `*` or `/` there of tensors whose sizes do not broadcast (a VAE sampler given a "
                    "mean and a log-variance of different sizes), in a layer's or in a `keras.Model` subclass's own "
                    "`call` (a residual block written as a model).")
    why_is_this_bad = "Keras raises a ValueError when it builds the model."
    example = ("a = keras.Input((8,))\nb = keras.Input((4,))\nsummed = layers.Add()([a, b])")
    use_instead = ("a = keras.Input((8,))\nb = keras.Input((4,))\nsummed = layers.Add()([a, layers.Dense(8)(b)])")
    VALID = ("import keras\nfrom keras import layers\n"
             "a = keras.Input((8,))\nb = keras.Input((8,))\nm = keras.Model([a, b], layers.Add()([a, b]))\n",
             # A projection to one channel broadcasts against the block's input.
             _MODEL_BLOCK.format(base="keras.Model", filters=1, strides=1, marker=""),
             "import keras\nfrom keras import layers\n\n\nclass Attention(layers.Layer):\n"
             "    def build(self, input_shape):\n"
             "        self.w = self.add_weight(shape=(input_shape[-1], 1), initializer='zeros')\n\n"
             "    def call(self, x):\n        return x\n\n\n"
             "inputs = keras.Input(shape=(None, 8))\n"
             "model = keras.Model(inputs, Attention()(inputs))\n",
             "import keras\nfrom keras import layers, ops\n\n\nclass Projection(layers.Layer):\n"
             "    def build(self, input_shape):\n"
             "        self.w = self.add_weight(shape=(4, input_shape[-1]), initializer='zeros')\n\n"
             "    def call(self, x):\n        return ops.matmul(x, ops.transpose(self.w))\n\n\n"
             "inputs = keras.Input(shape=(10, 8))\n"
             "model = keras.Model(inputs, Projection()(inputs))\n",
             _CONTRACTION.format(op="ops.tensordot(x, self.w, axes=[[2], [1]])") + "\n",
             _CONTRACTION.format(op="ops.einsum('btd,ed->bte', x, self.w)") + "\n",
             # (None, 8) and (None, 1) broadcast: only sizes that are neither equal nor 1 fail.
             _SAMPLER + "z = Sampling()([layers.Dense(8)(inputs), layers.Dense(1)(inputs)])\n"
             "model = keras.Model(inputs, z)\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "a = keras.Input((8,))\nb = keras.Input((4,))\ns = layers.Add()([a, b])  # LL104\n"
               "m = keras.Model([a, b], s)\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((6,)), layers.Reshape((4, 2))])  # LL104\n",
               "import keras\nfrom keras import layers\n\n\nclass Attention(layers.Layer):\n"
               "    def build(self, input_shape):\n"
               "        self.w = self.add_weight(shape=(input_shape[1], 1), initializer='zeros')\n\n"
               "    def call(self, x):\n        return x\n\n\n"
               "inputs = keras.Input(shape=(None, 8))\n"
               "model = keras.Model(inputs, Attention()(inputs))  # LL104\n",
               # The backend runs the call on values: the matmul of (..., 8) by (4, 8) raises.
               "import keras\nfrom keras import layers, ops\n\n\nclass Projection(layers.Layer):\n"
               "    def build(self, input_shape):\n"
               "        self.w = self.add_weight(shape=(4, input_shape[-1]), initializer='zeros')\n\n"
               "    def call(self, x):\n        return ops.matmul(x, self.w)\n\n\n"
               "inputs = keras.Input(shape=(10, 8))\n"
               "model = keras.Model(inputs, Projection()(inputs))  # LL104\n",
               # The contractions of a transposed weight: (..., 8) summed against a first axis of 4.
               _CONTRACTION.format(op="ops.tensordot(x, self.w, axes=1)") + "  # LL104\n",
               _CONTRACTION.format(op="ops.einsum('btd,de->bte', x, self.w)") + "  # LL104\n",
               # The input has 3 axes where "bd" names 2.
               _CONTRACTION.format(op="ops.einsum('bd,ed->be', x, self.w)") + "  # LL104\n",
               # The mean has 8 sizes and the log-variance 4: (None, 4) * (None, 8) raises.
               _SAMPLER + "z = Sampling()([layers.Dense(8)(inputs), layers.Dense(4)(inputs)])  # LL104\n"
               "model = keras.Model(inputs, z)\n",
               # A block written as a Model subclass is a layer too: its residual + of a strided
               # (2, 16, 16, 32) and its (2, 32, 32, 16) input raises when the network is built.
               _MODEL_BLOCK.format(base="keras.Model", filters=32, strides=2, marker="  # LL104"))

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for item, error in _errors(program, ["merge", "size"]):
            line, column, described = _at(item)
            yield self.at(line, column, f"{described}: {error.message}{_when(error)}")


# A file that registers custom objects may give an initializer a name of its own.
_CUSTOM_OBJECT_HINTS = ("register_keras_serializable", "custom_object", "customobject", "get_custom_objects")


class RejectedArgumentValue(Rule):
    code = "LL102"
    name = "rejected-argument-value"
    summary = "An argument value Keras rejects (units <= 0, a rate outside [0, 1), an unknown activation, ...)."
    what_it_does = ("Checks argument values the layer constructors reject: sizes (units, filters, n, "
                    "input_dim/output_dim) that are not positive integers (a float such as `units=64 / 2` "
                    "included), `Dropout(rate)` outside [0, 1), "
                    "unknown activation, initializer, padding or merge_mode names, "
                    "`Conv2D(padding=\"causal\")`, strides and dilation both above 1, a NumPy integer "
                    "(`Dense(np.prod(shape))`) where the constructor takes only a Python int, a convolution or "
                    "pooling window longer than the sequence it slides over, `keras.Input(shape=13)` (a "
                    "shape must be a tuple such as `(13,)`), and `Bidirectional(RNN(MyCell(...)))` with a cell "
                    "class of the program's own that is not registered (Bidirectional copies the RNN from "
                    "its config and cannot find the class by name).")
    why_is_this_bad = "Keras raises a ValueError when the layer is constructed or built."
    example = 'layers.Dense(0, activation="rellu")'
    use_instead = 'layers.Dense(8, activation="relu")'
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation='relu'), layers.Dropout(0.5)])\n",
             "import keras\nfrom keras import layers\n\n\n@keras.saving.register_keras_serializable()\n"
             "class RegisteredCell(layers.Layer):\n"
             "    def __init__(self, units, **kwargs):\n"
             "        super().__init__(**kwargs)\n        self.units = units\n        self.state_size = units\n\n"
             "    def call(self, inputs, states):\n        return inputs[:, :self.units], states\n\n\n"
             "inputs = keras.Input((10, 5))\n"
             "model = keras.Model(inputs, layers.Bidirectional(layers.RNN(RegisteredCell(4)))(inputs))\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation='rellu')])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dropout(1.5)])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(0)])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(2, kernel_initializer='glorot')])  # LL102\n",
               "import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((3, 2)), layers.Conv1D(4, 5)])  # LL102\n",
               "import keras\ninputs = keras.Input(shape=13)  # LL102\n",
               "import numpy as np\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(np.prod((2, 3)))])  # LL102\n",
               "import keras\nfrom keras import layers\n\n\n"
               "class PlainCell(layers.Layer):\n"
               "    def __init__(self, units, **kwargs):\n"
               "        super().__init__(**kwargs)\n        self.units = units\n        self.state_size = units\n\n"
               "    def call(self, inputs, states):\n        return inputs[:, :self.units], states\n\n\n"
               "inputs = keras.Input((10, 5))\n"
               "model = keras.Model(inputs, layers.Bidirectional(layers.RNN(PlainCell(4)))(inputs))  # LL102\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        built = built_layers(program)
        custom_objects = any(word in program.text.lower() for word in _CUSTOM_OBJECT_HINTS)
        at_construction = set()
        for layer in certain_layers(program):
            for problem in self.problems(layer, id(layer) in built, settings, custom_objects):
                at_construction.add(id(layer))
                yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {problem}")
        for layer, error in _errors(program, ["value"]):
            # Keras stops at the constructor: a build error after a rejected argument never happens.
            if id(layer) not in at_construction:
                yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {error.message}{_when(error)}")
        for call in certain_api_calls(program, settings):
            for callable_name, problem in value_problems(call):
                yield self.at(call.line, call.column, f"{callable_name}: {problem}")

    def problems(self, layer: Layer, built: bool, settings: Settings, custom_objects: bool) -> Iterator[str]:
        if layer.spec is None or not layer.complete_arguments:
            return
        # What this class's constructor rejects, as its entry declares it.
        context = CheckContext(built=built, keras_version=settings.target_keras, custom_objects=custom_objects)
        for check in layer.spec.checks:
            yield from check(layer.config, layer.given, context)
        # What every layer's constructor resolves the same way: activations.get, initializers.get.
        for argument in ("activation", "recurrent_activation"):
            value = layer.given.get(argument)
            if isinstance(value, str) and value not in KERAS_ACTIVATIONS:
                close = difflib.get_close_matches(value, sorted(KERAS_ACTIVATIONS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                yield f"{argument}={value!r} is not a Keras activation{hint}"
        for argument, value in layer.given.items():
            if argument.endswith("_initializer") and isinstance(value, str) and value not in KERAS_INITIALIZERS \
                    and not custom_objects:
                close = difflib.get_close_matches(value, sorted(KERAS_INITIALIZERS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                yield f"{argument}={value!r} is not a Keras initializer{hint}"


class UnknownKeywordArgument(Rule):
    code = "LL103"
    name = "unknown-keyword-argument"
    summary = "A keyword argument the layer does not take (a typo, or a Keras 2-only argument on Keras 3)."
    what_it_does = ("Checks each keyword argument against what the layer class takes in Keras 3: its "
                    "signature, the base layer's keywords (`name`, `dtype`, `trainable`, `input_shape`, ...) "
                    "and those its constructor still takes from `**kwargs`, such as LeakyReLU's deprecated "
                    "`alpha` (suggesting the closest name); for a layer class of the program's own, the "
                    "keywords its `__init__` takes and those that reach Keras's base `__init__` through "
                    "`**kwargs`. It flags the Keras 2-only arguments "
                    "`batch_input_shape`, `batch_size`, `time_major` and `input_length` (outside "
                    "Embedding), and `lr` in an optimizer's constructor, when the target is Keras 3 "
                    "(`target-keras = 3`, the default). With that target it checks the keywords (and the "
                    "number of positional arguments) of Keras's other callables too: `keras.Input`, "
                    "`Sequential`, a model's `compile`, `fit`, `evaluate`, `predict`, `build`, `summary`, "
                    "`get_layer`, `add` and `pop`, `clone_model`, and the optimizers.")
    why_is_this_bad = ("Keras 3 raises `Unrecognized keyword arguments passed to LSTM: "
                       "{'return_sequence': True}` (a `TypeError` or `Argument(s) not recognized` for the "
                       "other callables): the script crashes there.")
    example = "layers.LSTM(32, return_sequence=True)"
    use_instead = "layers.LSTM(32, return_sequences=True)"
    VALID = ("import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequences=True, name='enc')\n"
             "leaky = layers.LeakyReLU(alpha=0.2)\n",
             # A custom layer takes the base layer's keywords through ``**kwargs``.
             "import keras\nfrom keras import layers\n\n\nclass Block(layers.Layer):\n"
             "    def __init__(self, units, **kwargs):\n        super().__init__(**kwargs)\n"
             "        self.dense = layers.Dense(units)\n\n    def call(self, x):\n        return self.dense(x)\n\n\n"
             "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, Block(4, name='block')(inputs))\n",
             # Its own keywords taken out of **kwargs before the rest reach Keras, or not passed on.
             "import keras\nfrom keras import layers\n\n\nclass Noisy(layers.Layer):\n"
             "    def __init__(self, units, **kwargs):\n        self.rate = kwargs.pop('rate', 0.1)\n"
             "        super().__init__(**kwargs)\n        self.dense = layers.Dense(units)\n\n"
             "    def call(self, x):\n        return self.dense(x)\n\n\n"
             "class Quiet(layers.Layer):\n    def __init__(self, **kwargs):\n        super().__init__()\n\n"
             "    def call(self, x):\n        return x\n\n\n"
             "noisy = Noisy(4, rate=0.2, name='noisy', dtype='float32')\nquiet = Quiet(anything=1)\n",
             "import numpy as np\nimport keras\nfrom keras import layers\n"
             "inputs = keras.Input(shape=(4,), name='features')\n"
             "model = keras.Model(inputs, layers.Dense(1)(inputs))\n"
             "model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, decay=None), loss='mse',\n"
             "              metrics=['mae'])\n"
             "model.predict(np.zeros((2, 4)), batch_size=2, verbose=0)\n"
             "copy = keras.models.clone_model(keras.Sequential([keras.Input((4,)), layers.Dense(1)]))\n",)
    INVALID = ("import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequence=True)  # LL103\n",
               "from tensorflow.keras.layers import LSTM\nlayer = LSTM(4, batch_input_shape=(8, 10, 3))  # LL103\n",
               # In a subclassed model's __init__, as in a function: Keras raises when the model is made.
               "import keras\nfrom keras import layers\n\n\nclass Tagger(keras.Model):\n    def __init__(self):\n"
               "        super().__init__()\n        self.lstm = layers.LSTM(32, return_sequence=True)  # LL103\n\n"
               "    def call(self, x):\n        return self.lstm(x)\n\n\ntagger = Tagger()\n",
               # In a custom layer's build(), run when the layer is first called.
               "import keras\nfrom keras import layers\n\n\nclass Head(layers.Layer):\n"
               "    def build(self, input_shape):\n"
               "        self.out = layers.Dense(2, kernel_initialiser='ones')  # LL103\n\n"
               "    def call(self, x):\n        return self.out(x)\n\n\n"
               "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, Head()(inputs))\n",
               # A keyword Layer.add_weight does not take, in the build() of a custom layer.
               "import keras\nfrom keras import layers\n\n\nclass Scale(layers.Layer):\n"
               "    def build(self, input_shape):\n"
               "        self.w = self.add_weight(shape=(input_shape[-1],), initialiser='ones')  # LL103\n\n"
               "    def call(self, x):\n        return x * self.w\n\n\n"
               "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, Scale()(inputs))\n",
               # A custom layer's keyword that reaches Keras's base __init__ through **kwargs, and one its
               # own __init__ does not take (Python's TypeError).
               "import keras\nfrom keras import layers\n\n\nclass Pair(layers.Layer):\n"
               "    def __init__(self, units, **kwargs):\n        super().__init__(**kwargs)\n"
               "        self.dense = layers.Dense(units)\n\n    def call(self, x):\n        return self.dense(x)\n\n\n"
               "pair = Pair(3, nme='pair')  # LL103\n",
               "import keras\nfrom keras import layers\n\n\n"
               "class Fixed(layers.Layer):\n    def __init__(self, units):\n        super().__init__()\n"
               "        self.dense = layers.Dense(units)\n\n    def call(self, x):\n        return self.dense(x)\n\n\n"
               "fixed = Fixed(3, name='fixed')  # LL103\n",
               "import keras\ninputs = keras.Input(shap=(4,))  # LL103\n",
               "import keras\nfrom keras import layers\n"
               "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
               "model.compile(optimizer='adam', loss='mse', metric=['mae'])  # LL103\n",
               "import numpy as np\nimport keras\nfrom keras import layers\n"
               "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
               "model.predict(np.zeros((2, 4)), verbos=0)  # LL103\n",
               "import keras\nopt = keras.optimizers.Adam(lr=0.01)  # LL103\n")
    FIXES = (
        FixExample("import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequence=True)  # LL103\n",
                   "import keras\nfrom keras import layers\nlayer = layers.LSTM(32, return_sequences=True)\n", False,
                   "renames a misspelt keyword to its single close match, when there is one and the call does "
                   "not pass that keyword already. Unsafe: the model then builds, with the argument in effect, "
                   "and the closest spelling may not be the one meant"),
        FixExample("import keras\nfrom keras import layers\nmodel = keras.Sequential([\n"
                   "    layers.LSTM(4, batch_input_shape=(8, 10, 3)),  # LL103\n    layers.Dense(1),\n])\n",
                   "import keras\nfrom keras import layers\nmodel = keras.Sequential([\n"
                   "    keras.Input(batch_shape=(8, 10, 3)),\n    layers.LSTM(4),\n    layers.Dense(1),\n])\n", True,
                   "moves `batch_input_shape=` on the first layer of a `Sequential([...])` list into a first "
                   "`keras.Input(batch_shape=...)`, spelt with the Keras import the file has (no fix without "
                   "one): the model tf.keras 2 built from that code"),
        FixExample("import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
                   "model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss=\"mse\")  # LL103\n",
                   "import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
                   "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=\"mse\")\n", True,
                   "renames an optimizer's `lr=` to `learning_rate=`, tf.keras 2's own meaning of it"),
    )

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in certain_layers(program):
            if layer.spec is None and not isinstance(layer, CustomLayer):
                continue
            for keyword in layer.unexpected_keywords:
                if keyword.startswith("positional"):
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: too many positional arguments ({keyword})")
                    continue
                if keyword in KERAS2_LAYER_KWARGS:
                    if settings.target_keras == 3:
                        yield self.at(layer.line, layer.column,
                                      f"{describe_layer(layer)}: {keyword}= is Keras 2 only; Keras 3 rejects it "
                                      "(set target-keras = 2 for tf.keras 2 code)")
                    continue
                close = difflib.get_close_matches(keyword, keyword_choices(layer), n=1)
                hint = f" (did you mean {close[0]}=?)" if close else ""
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: unknown keyword argument {keyword}={hint}")
        if settings.target_keras == 3:
            yield from self.keras2_optimizer_arguments(program)
        for call in certain_api_calls(program, settings):
            for callable_name, problem in keyword_problems(call):
                yield self.at(call.line, call.column, f"{callable_name}: {problem}")

    def keras2_optimizer_arguments(self, program: Program) -> Iterator[Diagnostic]:
        for call in program.keras_calls:
            name = call.path.rpartition(".")[2]
            if call.path.startswith("optimizers.") and name in LEARNING_RATE_OPTIMIZERS \
                    and "lr" in call.kwargs and call.kwargs.get("_conditional") is False:
                yield self.at(call.kwargs["_line"], call.kwargs["_column"],
                              f"{name}: lr= is Keras 2 only; Keras 3 rejects it (use learning_rate=)")

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        from lstm_lint.fixes.arguments import unknown_keyword

        return unknown_keyword(diagnostic, context, keyword_choices)


def keyword_choices(layer: Layer) -> List[str]:
    """The keywords a layer's class takes, to suggest in place of one it does not."""
    spec = layer.spec
    if spec is None and isinstance(layer, CustomLayer):
        return list(layer.keywords)
    return (list(spec.argument_names) if spec is not None else []) + ["name", "dtype", "trainable", "input_shape"]


class ReturnStateMisuse(Rule):
    code = "LL105"
    name = "return-state-misuse"
    summary = ("return_state=True inside a Sequential, or a Bidirectional backward_layer that does not "
               "mirror the forward layer.")
    what_it_does = ("Finds a recurrent layer with `return_state=True` followed by another layer in a "
                    "Sequential model (the next layer receives a list of tensors), and a "
                    "`Bidirectional(backward_layer=...)` whose backward layer lacks `go_backwards=True` or "
                    "differs from the forward layer in `return_sequences`, `return_state` or `stateful`.")
    why_is_this_bad = "Keras raises a ValueError when it builds the model or the Bidirectional layer."
    example = ("keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_state=True), layers.Dense(1)])")
    use_instead = ("inputs = keras.Input((10, 3))\noutput, h, c = layers.LSTM(8, return_state=True)(inputs)\n"
                   "model = keras.Model(inputs, layers.Dense(1)(output))")
    VALID = ("import keras\nfrom keras import layers\ninputs = keras.Input((10, 3))\n"
             "out, h, c = layers.LSTM(8, return_state=True)(inputs)\nm = keras.Model(inputs, layers.Dense(1)(out))\n"
             "b = layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(4, go_backwards=True))\n",)
    INVALID = ("import keras\nfrom keras import layers\nm = keras.Sequential([\n    keras.Input((10, 3)),\n"
               "    layers.LSTM(8, return_state=True),  # LL105\n    layers.Dense(1),\n])\n",
               "import keras\nfrom keras import layers\n"
               "b = layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(4))  # LL105\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            if model.kind != "Sequential" or model.speculative_depth > 0:
                continue
            items = model.layers()
            for layer, following in zip(items, items[1:]):
                # A merge layer next would take the list (and build); anything else gets 3 inputs.
                takes_one = isinstance(following, Layer) and following.spec is not None \
                    and not following.spec.takes_list
                if isinstance(layer, Layer) and _returns_state(layer) and takes_one:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: return_state=True inside a Sequential model: the "
                                  "next layer receives a list of tensors; use the functional API")
        for layer in certain_layers(program):
            if layer.spec is None or not layer.complete_arguments:
                continue
            context = CheckContext(built=bool(layer.nodes), keras_version=settings.target_keras)
            for check in layer.spec.pairing_checks:
                for problem in check(layer.config, layer.given, context):
                    yield self.at(layer.line, layer.column, f"{describe_layer(layer)}: {problem}")


def _returns_state(layer: Layer) -> bool:
    core = recurrent_core(layer)
    return core is not None and core.config.get("return_state") is True


class StatefulWithoutBatchSize(Rule):
    code = "LL106"
    name = "stateful-without-batch-size"
    summary = "stateful=True on an input whose batch size is not fixed."
    what_it_does = ("Finds recurrent layers with `stateful=True` whose input has no fixed batch size "
                    "(give one with `Input(batch_size=...)` or `Input(batch_shape=...)`).")
    why_is_this_bad = ("Keras raises `When using stateful=True in a RNN, the batch size must be static` "
                       "when it builds the model.")
    example = "keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, stateful=True)])"
    use_instead = "keras.Sequential([keras.Input((10, 3), batch_size=32), layers.LSTM(8, stateful=True)])"
    VALID = ("import keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((10, 3), batch_size=32), layers.LSTM(8, stateful=True)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, stateful=True)])  # LL106\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for layer in certain_layers(program):
            core = recurrent_core(layer)
            stateful = core.config.get("stateful") if core is not None else None
            shape = first_input_shape(layer)
            if stateful is True and shape and shape[0] is None:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: stateful=True needs a fixed batch size, but the input "
                              "batch size is not set (use Input(batch_size=...))")


class ImpossibleCudnn(Rule):
    code = "LL107"
    name = "impossible-cudnn"
    summary = "use_cudnn=True with settings the cuDNN kernel cannot run: Keras raises when the layer runs."
    what_it_does = ("Finds LSTM/GRU layers with `use_cudnn=True` and a setting that rules cuDNN out "
                    "(see LL301).")
    why_is_this_bad = ("With use_cudnn=True Keras does not fall back to the generic implementation: "
                       "training or prediction raises `use_cudnn=True was specified, but cuDNN is not "
                       "supported for this layer configuration`, on a CPU too.")
    example = 'layers.LSTM(8, use_cudnn=True, activation="relu")'
    use_instead = 'layers.LSTM(8, activation="relu")  # or keep use_cudnn=True with activation="tanh"'
    VALID = ("import keras\nfrom keras import layers\nl = layers.LSTM(8, use_cudnn=True)\n",)
    INVALID = ("import numpy as np\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((5, 2)),\n"
               "                      layers.LSTM(8, use_cudnn=True, activation='relu')])  # LL107\n"
               "m.predict(np.zeros((1, 5, 2)), verbose=0)\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        from lstm_lint.rules.settings import NoCudnnKernel

        for layer in certain_layers(program):
            if layer.spec is not None and layer.spec.cudnn and layer.config.get("use_cudnn") is True:
                reasons = NoCudnnKernel.reasons(layer)
                if reasons:
                    yield self.at(layer.line, layer.column,
                                  f"{describe_layer(layer)}: use_cudnn=True but cuDNN cannot run "
                                  f"{', '.join(reasons)}: Keras raises when the layer runs")


class DuplicateLayerName(Rule):
    code = "LL112"
    name = "duplicate-layer-name"
    summary = "Two layers of one model with the same name: Keras raises."
    what_it_does = ("Finds two different layers with the same name in one model: a `name=` given twice (code "
                    "copied from another model), or a `name=` equal to a default name Keras gave another "
                    "layer (`dense`), or, in a functional model, to the default name of one of its ops "
                    "(`add` for `x + y`: ops and layers share the names). Only names known in every run are "
                    "compared.")
    why_is_this_bad = ("Keras 3 raises when the model is made: `ValueError: All layers added to a Sequential "
                       "model should have unique names`, or `The name \"x\" is used 2 times in the model`.")
    example = ("keras.Sequential([keras.Input((4,)), layers.Dense(8, name=\"hidden\"),\n"
               "                  layers.Dense(2, name=\"hidden\")])")
    use_instead = ("keras.Sequential([keras.Input((4,)), layers.Dense(8, name=\"hidden\"),\n"
                   "                  layers.Dense(2, name=\"output\")])")
    VALID = ("import keras\nfrom keras import layers\n"
             "shared = layers.Dense(4, name=\"shared\")\nx = keras.Input((4,))\n"
             "m = keras.Model(x, shared(shared(x)))\n",
             "import keras\nfrom keras import layers\n"
             "a = keras.Sequential([keras.Input((4,)), layers.Dense(2, name=\"out\")])\n"
             "b = keras.Sequential([keras.Input((4,)), layers.Dense(2, name=\"out\")])\n",
             "import keras\nfrom keras import layers\nx = keras.Input((4,))\n"
             "h = layers.Dense(4, name=\"add\")(x)\nm = keras.Model(x, h)\nn = keras.Model(x, x + x)\n")
    INVALID = ("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, name=\"hidden\"),\n"
               "                      layers.Dense(2, name=\"hidden\")])  # LL112\n",
               "import keras\nfrom keras import layers\nx = keras.Input((4,))\nh = layers.Dense(8)(x)\n"
               "m = keras.Model(x, layers.Dense(2, name=\"dense\")(h))  # LL112\n",
               "import keras\nfrom keras import layers\nx = keras.Input((4,))\n"
               "h = layers.Dense(4, name=\"add\")(x)  # LL112\nm = keras.Model(x, h + x)\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for model in program.models:
            if model.incomplete or model.escaped:
                continue  # code lstm-lint does not follow may have renamed or removed a layer
            first: Dict[str, Layer] = {}  # name -> the first layer of the model with it
            for item in model.layers():
                if not isinstance(item, Layer) or not isinstance(item.name, str):
                    continue
                earlier = first.setdefault(item.name, item)
                if earlier is not item:
                    yield self.at(item.line, item.column,
                                  f"{describe_layer(item)}: the model already has a layer named {item.name!r} "
                                  f"(line {earlier.line}): Keras raises, layer names must be unique in a model")
            yield from self._op_clashes(model, first)

    def _op_clashes(self, model: Model, layers_by_name: Dict[str, Layer]) -> Iterator[Diagnostic]:
        """A Functional's ops share the namespace (``map_graph``: "All operation names should be
        unique"): a layer given the default name of an op of the model (``add``) clashes with it.
        Only in a graph whose every row is certain (no row of unknown layers or ops, which may stand
        for a branch that does not run)."""
        if model.kind != "Functional":
            return
        items = model.summary_items()
        ops = [item for item in items if isinstance(item, Operation)]
        if any(item.maybe_layer or not item.keras_op or item.keras_name is None for item in ops):
            return
        for op in ops:
            layer = layers_by_name.get(op.keras_name) if op.keras_name is not None else None
            if layer is not None and layer.explicit_name and not layer.conditional:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: the model has an op named {layer.name!r} too (the "
                              f"{op.keras_class} at line {op.line}): Keras raises, names must be unique in a model")
