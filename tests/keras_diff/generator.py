"""A seeded generator of valid Keras model programs for the differential test against Keras.

``generate(seed)`` writes one complete Python source file that builds one to three Keras models,
and says how to fetch each model from the module Keras executed (a module-level or main-block
variable, or a builder function nobody calls) and under which name lstm-lint must report it.

The generator tracks every tensor's exact shape (the batch dimension apart) while it writes, and
only picks a layer that is valid for the shape at hand, so every program builds in Keras as
written: nothing is discarded (tests/keras_diff/test_against_keras.py fails on a program Keras
rejects, since that is a generator bug). It varies at random:

* import styles: ``import keras``, ``from keras import layers [as L]``, ``from keras.layers import X
  [as Y]`` and ``*``, ``from keras.models import ...``, ``from keras import Input, Model,
  Sequential``, ``keras.Input``/``layers.Input``, and the same for ``tensorflow.keras`` (``import
  tensorflow as tf``, ``from tensorflow import keras``, ``import tensorflow.keras as K``) and
  ``tf_keras``;
* model forms: ``Sequential([...])`` with ``Input`` first, Keras 2 ``input_shape=``/``input_dim=``
  on the first layer, ``Sequential()`` + ``.add``, ``Sequential(layers=[...])``; functional models
  (``Input`` with ``shape=``/``batch_shape=``/``batch_size=``, intermediate variables and nested
  calls, ``LSTM(3)(inputs := Input((4, 2)))``, ``Model(a, b)``/``Model(inputs=, outputs=)``,
  several inputs and outputs, merge layers and their function forms, unpacked ``return_state``
  and ``merge_mode=None`` outputs, ``initial_state``, shared layers, nested models, a layer
  shared by two models, Keras's seq2seq training and inference models); builder functions
  called or not; several models per file;
  ``if __name__ == "__main__":`` blocks; module constants and arithmetic on them; positional
  and keyword arguments;
* layers: see ``LAYER_FEATURES`` (the coverage test checks each appears).

``Program.features`` names what a program exercises, for that coverage test.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

Dim = Optional[int]
Shape = Tuple[Dim, ...]  # a tensor's shape without its batch dimension

# Every feature the default seeds must exercise (checked by test_generator_coverage).
LAYER_FEATURES = {
    "Dense", "dense_3d", "LSTM", "GRU", "gru_reset_after_false", "SimpleRNN", "simple_rnn_no_bias",
    "return_sequences", "return_state", "Bidirectional", "bidirectional_concat", "bidirectional_sum",
    "bidirectional_mul", "bidirectional_ave", "bidirectional_none", "backward_layer", "TimeDistributed",
    "Embedding", "embedding_mask_zero", "Dropout", "SpatialDropout1D", "GaussianNoise", "Activation",
    "Masking", "Flatten", "Reshape", "reshape_minus_one", "RepeatVector", "Permute", "Conv1D", "Conv2D",
    "padding_valid", "padding_same", "padding_causal", "conv_strides", "conv_dilation", "conv_groups",
    "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "global_pool_keepdims",
    "BatchNormalization", "batch_norm_no_center", "batch_norm_no_scale", "LayerNormalization",
    "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "concatenate", "add", "subtract",
    "multiply", "average", "maximum", "explicit_name", "use_bias_false",
}
IMPORT_FEATURES = {
    "family_keras", "family_tensorflow", "family_tf_keras",
    "layers_attr", "layers_module", "layers_module_alias", "layers_direct", "layers_direct_alias",
    "layers_star", "input_attr", "input_attr_layers", "input_layers_spelling", "input_from_root",
    "model_attr", "model_attr_models", "model_from_models", "model_from_root",
}
FORM_FEATURES = {
    "sequential_input", "sequential_keras2_input_shape", "sequential_keras2_input_dim", "sequential_add",
    "sequential_layers_keyword", "functional", "input_shape_keyword", "input_positional", "nested_input_call",
    "input_batch_shape", "input_batch_size", "intermediate_variables", "nested_calls",
    "model_positional", "model_keywords", "several_inputs", "several_outputs", "unpack_return_state",
    "unpack_bidirectional_none", "shared_layer", "initial_state", "builder_called", "builder_called_main",
    "builder_uncalled", "builder_call_arguments", "several_models", "main_block", "constants",
    "constant_arithmetic", "keyword_arguments", "positional_arguments", "nested_sequential",
    "nested_functional", "variable_timesteps", "stateful", "layer_shared_by_models",
    "seq2seq_inference_models",
}

MERGE_CLASSES = ("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum")
MERGE_FUNCTIONS = {"Concatenate": "concatenate", "Add": "add", "Subtract": "subtract",
                   "Multiply": "multiply", "Average": "average", "Maximum": "maximum"}
RNN_CLASSES = ("LSTM", "GRU", "SimpleRNN")
RNN_STATES = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1}
ACTIVATIONS = ("relu", "tanh", "sigmoid", "softmax", "linear", "elu", "selu", "softplus", "gelu")


@dataclass(frozen=True)
class ModelRef:
    """One model of a program: ``how`` is "var" (a variable of the executed module) or "call" (a
    builder function nobody calls, called with no arguments after the module ran); ``name`` is
    the name lstm-lint reports it under: the variable's (a builder's model bound by its call is
    named by that binding), or for an uncalled builder, the function's."""

    how: str
    target: str
    name: str


@dataclass
class Program:
    seed: int
    source: str
    models: List[ModelRef]
    features: Set[str] = field(default_factory=set)


@dataclass
class Tensor:
    expr: str
    shape: Shape
    tokens: bool = False  # integer token ids, only for an Embedding


@dataclass
class Call:
    """A call expression: ``callee(args..., key=value...)``."""

    callee: str
    args: List[str] = field(default_factory=list)
    kwargs: List[Tuple[str, str]] = field(default_factory=list)
    multiline: bool = False

    def render(self, indent: str = "") -> str:
        parts = list(self.args) + [f"{key}={value}" for key, value in self.kwargs]
        if self.multiline and parts:
            inner = indent + "    "
            return f"{self.callee}(\n" + "".join(f"{inner}{part},\n" for part in parts) + f"{indent})"
        return f"{self.callee}({', '.join(parts)})"


@dataclass
class Step:
    """A layer (its constructor call) and the shapes of its outputs (several: a list of outputs)."""

    call: Call
    outs: List[Shape]
    kind: str


def product(dims: Sequence[Dim]) -> Optional[int]:
    total = 1
    for dim in dims:
        if dim is None:
            return None
        total *= dim
    return total


def conv_length(length: Dim, kernel: int, stride: int, dilation: int, padding: str) -> Dim:
    """keras/src/ops/operation_utils.py compute_conv_output_shape, one spatial dimension."""
    if length is None:
        return None
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    return (length - 1) // stride + 1


def pool_length(length: Dim, pool: int, stride: int, padding: str) -> Dim:
    if length is None:
        return None
    if padding == "valid":
        return (length - pool) // stride + 1
    return (length - 1) // stride + 1


def divisors(n: int) -> List[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def tuple_text(items: Sequence[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


# ---- import styles ----------------------------------------------------------------------------


class Spelling:
    """How one program spells Keras names, and the import lines that make those spellings valid."""

    def __init__(self, rng: random.Random, features: Set[str]) -> None:
        self.rng = rng
        self.features = features
        self.family = rng.choices(["keras", "tensorflow", "tf_keras"], weights=[6, 3, 2])[0]
        features.add(f"family_{self.family}")
        # root: the module path of from-imports; prefix: the name that reaches the keras module
        self.root = {"keras": "keras", "tensorflow": "tensorflow.keras", "tf_keras": "tf_keras"}[self.family]
        prefixes = {
            "keras": [("keras", "import keras")],
            "tensorflow": [("tf.keras", "import tensorflow as tf"), ("keras", "from tensorflow import keras"),
                           ("K", "import tensorflow.keras as K")],
            "tf_keras": [("tf_keras", "import tf_keras"), ("tfk", "import tf_keras as tfk"),
                         ("keras", "import tf_keras as keras")],
        }[self.family]
        self.prefix, self.prefix_import = rng.choice(prefixes)
        self.layers_mode = rng.choices(["attr", "module", "module_alias", "direct", "star"],
                                       weights=[3, 4, 2, 3, 1])[0]
        self.module_alias = rng.choice(["L", "kl", "KL"])
        self.input_mode = rng.choice(["attr", "attr_layers", "layers_spelling", "from_root"])
        self.model_mode = rng.choice(["attr", "attr_models", "from_models", "from_root"])
        self.imports: List[str] = []  # plain import lines, in order of need
        self.from_imports: Dict[str, List[str]] = {}  # module -> "Name" or "Name as Alias"
        self.direct_names: Dict[str, str] = {}

    def _need(self, line: str) -> None:
        if line not in self.imports:
            self.imports.append(line)

    def _need_from(self, module: str, item: str) -> None:
        items = self.from_imports.setdefault(module, [])
        if item not in items:
            items.append(item)

    def _attr(self, path: str) -> str:
        self._need(self.prefix_import)
        return f"{self.prefix}.{path}"

    def layer(self, name: str) -> str:
        """A layer class or a function of keras.layers."""
        self.features.add(name)
        mode = self.layers_mode
        if mode == "attr":
            self.features.add("layers_attr")
            return self._attr(f"layers.{name}")
        if mode in ("module", "module_alias"):
            self.features.add(f"layers_{mode}")
            if mode == "module":
                self._need_from(self.root, "layers")
                return f"layers.{name}"
            self._need_from(self.root, f"layers as {self.module_alias}")
            return f"{self.module_alias}.{name}"
        if mode == "star":
            self.features.add("layers_star")
            self._need(f"from {self.root}.layers import *")
            return name
        self.features.add("layers_direct")
        if name not in self.direct_names:
            alias = name
            if self.rng.random() < 0.3:
                alias = self.rng.choice([f"K{name}", f"{name}Layer", f"keras_{name}"])
                self.features.add("layers_direct_alias")
            self.direct_names[name] = alias
        alias = self.direct_names[name]
        self._need_from(f"{self.root}.layers", name if alias == name else f"{name} as {alias}")
        return alias

    def input(self) -> str:
        mode = self.input_mode
        if mode == "attr":
            self.features.add("input_attr")
            return self._attr("Input")
        if mode == "attr_layers":
            self.features.add("input_attr_layers")
            return self._attr("layers.Input")
        if mode == "layers_spelling":
            self.features.add("input_layers_spelling")
            spelled = self.layer("Input")
            self.features.discard("Input")
            return spelled
        self.features.add("input_from_root")
        self._need_from(self.root, "Input")
        return "Input"

    def model_class(self, name: str) -> str:
        """``Model`` or ``Sequential``."""
        mode = self.model_mode
        self.features.add(f"model_{mode}")
        if mode == "attr":
            return self._attr(name)
        if mode == "attr_models":
            return self._attr(f"models.{name}")
        self._need_from(self.root + (".models" if mode == "from_models" else ""), name)
        return name

    def header(self) -> str:
        lines = list(self.imports)
        for module, items in self.from_imports.items():
            lines.append(f"from {module} import {', '.join(items)}")
        return "\n".join(lines) + "\n"


# ---- scopes of integer names ------------------------------------------------------------------


class Scope:
    """Names whose integer (or float) values the program can use in place of literals."""

    def __init__(self, ints: Dict[str, int], floats: Dict[str, float]) -> None:
        self.ints = dict(ints)
        self.floats = dict(floats)


# ---- the generator ----------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.features: Set[str] = set()
        self.sp = Spelling(self.rng, self.features)
        self.names_used: Set[str] = set()
        self.layer_name_counter = 0
        self.models: List[ModelRef] = []
        self.batch: Dim = None  # batch size of the model being written
        self.scope = Scope({}, {})
        self.indent = ""
        self.out: List[str] = []  # lines after the imports

    # -- small helpers --------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fresh(self, base: str) -> str:
        name = base
        k = 1
        while name in self.names_used:
            k += 1
            name = f"{base}{k}"
        self.names_used.add(name)
        return name

    def emit(self, text: str) -> None:
        for line in text.split("\n"):
            self.out.append(self.indent + line if line else "")

    def num(self, value: int) -> str:
        """``value`` as a literal or, sometimes, an expression over names in scope."""
        if self.scope.ints and self.chance(0.4):
            options: List[str] = []
            for name, known in self.scope.ints.items():
                if known == value:
                    options += [name, name]
                for k in (2, 3, 4):
                    if known * k == value:
                        options.append(f"{name} * {k}")
                    if known // k == value and known // k >= 1:
                        options.append(f"{name} // {k}")
                if 0 < value - known <= 8:
                    options.append(f"{name} + {value - known}")
                if 0 < known - value <= 8:
                    options.append(f"{name} - {known - value}")
            if options:
                text = self.rng.choice(options)
                self.features.add("constants")
                if " " in text:
                    self.features.add("constant_arithmetic")
                return text
        return str(value)

    def pick(self, low: int, high: int) -> int:
        """A size in [low, high], often one derived from a name in scope (so it shows as one)."""
        if self.scope.ints and self.chance(0.45):
            candidates = set()
            for known in self.scope.ints.values():
                for value in (known, known * 2, known // 2, known + 1, known - 1, known * 3, known // 4):
                    if low <= value <= high:
                        candidates.add(value)
            if candidates:
                return self.rng.choice(sorted(candidates))
        return self.rng.randint(low, high)

    def rate(self) -> str:
        if self.scope.floats and self.chance(0.4):
            self.features.add("constants")
            return self.rng.choice(sorted(self.scope.floats))
        return self.rng.choice(["0.1", "0.2", "0.25", "0.3", "0.5"])

    def shape_text(self, dims: Sequence[Dim]) -> str:
        return tuple_text(["None" if dim is None else self.num(dim) for dim in dims])

    def layer_name(self, kind: str) -> str:
        self.layer_name_counter += 1
        self.features.add("explicit_name")
        prefix = self.rng.choice(["enc", "dec", "head", "block", "proj", "feat"])
        return f'"{prefix}_{kind.lower()}_{self.layer_name_counter}"'

    def layer_call(self, kind: str, args: List[str], kwargs: List[Tuple[str, str]]) -> Call:
        if self.chance(0.08):
            kwargs = kwargs + [("name", self.layer_name(kind))]
        if args:
            self.features.add("positional_arguments")
        if kwargs:
            self.features.add("keyword_arguments")
        return Call(self.sp.layer(kind), args, kwargs, multiline=self.chance(0.06))

    def arg(self, keyword: str, value: str, positional: bool, args: List[str],
            kwargs: List[Tuple[str, str]]) -> None:
        if positional:
            args.append(value)
        else:
            kwargs.append((keyword, value))

    # -- single layers ---------------------------------------------------------------------------

    def dense(self, shape: Shape) -> Step:
        units = self.pick(1, 64)
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        positional = self.chance(0.8)
        self.arg("units", self.num(units), positional, args, kwargs)
        if self.chance(0.5):
            activation = f'"{self.rng.choice(ACTIVATIONS)}"'
            self.arg("activation", activation, positional and self.chance(0.5), args, kwargs)
        if self.chance(0.12):
            kwargs.append(("use_bias", "False"))
            self.features.add("use_bias_false")
        if len(shape) > 1:
            self.features.add("dense_3d")
        return Step(self.layer_call("Dense", args, kwargs), [shape[:-1] + (units,)], "Dense")

    def stateful(self) -> bool:
        if self.batch is not None and self.chance(0.2):  # stateful needs a known batch size
            self.features.add("stateful")
            return True
        return False

    def rnn_call(self, kind: str, units: int, sequences: bool, state: bool, stateful: bool,
                 go_backwards: bool = False) -> Call:
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        positional = self.chance(0.75)
        self.arg("units", self.num(units), positional, args, kwargs)
        if self.chance(0.2):
            self.arg("activation", f'"{self.rng.choice(["tanh", "relu", "sigmoid"])}"',
                     positional and self.chance(0.5), args, kwargs)
        if sequences:
            kwargs.append(("return_sequences", "True"))
            self.features.add("return_sequences")
        elif self.chance(0.1):
            kwargs.append(("return_sequences", "False"))
        if state:
            kwargs.append(("return_state", "True"))
            self.features.add("return_state")
        if go_backwards:
            kwargs.append(("go_backwards", "True"))
        if kind == "GRU" and self.chance(0.35):
            kwargs.append(("reset_after", "False"))
            self.features.add("gru_reset_after_false")
        if self.chance(0.1):
            kwargs.append(("use_bias", "False"))
            self.features.add("use_bias_false")
            if kind == "SimpleRNN":
                self.features.add("simple_rnn_no_bias")
        if self.chance(0.15):
            kwargs.append(("dropout", self.rate()))
        if self.chance(0.1):
            kwargs.append(("recurrent_dropout", self.rate()))
        if stateful:
            kwargs.append(("stateful", "True"))
        return self.layer_call(kind, args, kwargs)

    def rnn(self, shape: Shape, sequences: Optional[bool] = None, state: bool = False,
            kind: Optional[str] = None, units: Optional[int] = None) -> Step:
        kind = kind or self.rng.choice(RNN_CLASSES)
        units = units if units is not None else self.pick(1, 48)
        sequences = self.chance(0.5) if sequences is None else sequences
        out: Shape = (shape[0], units) if sequences else (units,)
        outs = [out] + [(units,)] * (RNN_STATES[kind] if state else 0)
        return Step(self.rnn_call(kind, units, sequences, state, self.stateful()), outs, kind)

    def bidirectional(self, shape: Shape, merge_mode: Optional[str] = None, state: bool = False,
                      sequences: Optional[bool] = None) -> Step:
        kind = self.rng.choice(RNN_CLASSES)
        units = self.pick(1, 32)
        sequences = self.chance(0.5) if sequences is None else sequences
        if merge_mode is None:
            merge_mode = self.rng.choice(["concat", "concat", "sum", "mul", "ave"])
        self.features.add("bidirectional_" + ("none" if merge_mode == "None" else merge_mode))
        # Keras infers the outputs of the backward layer from the forward one's (a backward_layer of
        # other units builds with shapes that are wrong when run): the same units for both.
        back_units = units
        # Bidirectional.compute_mask fails on return_state with stateful layers (Keras 3.15)
        stateful = not state and self.stateful()
        backward: Optional[Call] = None
        if self.chance(0.2):
            self.features.add("backward_layer")
            backward = self.rnn_call(kind, back_units, sequences, state, stateful, go_backwards=True)
        forward = self.rnn_call(kind, units, sequences, state, stateful)
        args = [forward.render()]
        kwargs: List[Tuple[str, str]] = []
        if merge_mode != "concat" or self.chance(0.2):
            self.arg("merge_mode", "None" if merge_mode == "None" else f'"{merge_mode}"',
                     self.chance(0.3), args, kwargs)
        if backward is not None:
            kwargs.append(("backward_layer", backward.render()))

        def seq(dim: int) -> Shape:
            return (shape[0], dim) if sequences else (dim,)

        if merge_mode == "None":
            outs = [seq(units), seq(back_units)]
        elif merge_mode == "concat":
            outs = [seq(units + back_units)]
        else:
            outs = [seq(units)]
        if state:
            outs += [(units,)] * RNN_STATES[kind] + [(back_units,)] * RNN_STATES[kind]
        return Step(self.layer_call("Bidirectional", args, kwargs), outs, "Bidirectional")

    def time_distributed(self, shape: Shape) -> Step:
        inner = self.dense(shape[1:])
        return Step(self.layer_call("TimeDistributed", [inner.call.render()], []),
                    [(shape[0],) + inner.outs[0]], "TimeDistributed")

    def embedding(self, shape: Shape) -> Step:
        vocab = self.pick(5, 200)
        dim = self.pick(2, 32)
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        positional = self.chance(0.8)
        self.arg("input_dim", self.num(vocab), positional, args, kwargs)
        self.arg("output_dim", self.num(dim), positional, args, kwargs)
        if self.chance(0.4):
            kwargs.append(("mask_zero", "True"))
            self.features.add("embedding_mask_zero")
        return Step(self.layer_call("Embedding", args, kwargs), [shape + (dim,)], "Embedding")

    def identity(self, shape: Shape) -> Step:
        choices = ["Dropout", "GaussianNoise", "Activation"]
        if len(shape) == 2:
            choices += ["SpatialDropout1D", "SpatialDropout1D", "Masking"]
        kind = self.rng.choice(choices)
        if kind in ("Dropout", "SpatialDropout1D"):
            args, kwargs = ([self.rate()], []) if self.chance(0.8) else ([], [("rate", self.rate())])
        elif kind == "GaussianNoise":
            args, kwargs = [self.rng.choice(["0.1", "0.05", "0.2"])], []
        elif kind == "Activation":
            args, kwargs = [f'"{self.rng.choice(ACTIVATIONS)}"'], []
        else:
            args, kwargs = [], ([("mask_value", "0.0")] if self.chance(0.5) else [])
        return Step(self.layer_call(kind, args, kwargs), [shape], kind)

    def normalization(self, shape: Shape) -> Step:
        kind = self.rng.choice(["BatchNormalization", "LayerNormalization"])
        kwargs: List[Tuple[str, str]] = []
        if self.chance(0.3):
            kwargs.append(("center", "False"))
            if kind == "BatchNormalization":
                self.features.add("batch_norm_no_center")
        if self.chance(0.3):
            kwargs.append(("scale", "False"))
            if kind == "BatchNormalization":
                self.features.add("batch_norm_no_scale")
        return Step(self.layer_call(kind, [], kwargs), [shape], kind)

    def flatten(self, shape: Shape) -> Step:
        return Step(self.layer_call("Flatten", [], []), [(product(shape),)], "Flatten")

    def reshape(self, shape: Shape) -> Step:
        total = product(shape)
        assert total is not None
        rank = self.rng.choice([1, 2, 2, 3] if total >= 4 else [1, 2])
        dims: List[int] = [total]
        if rank >= 2:
            first = self.rng.choice(divisors(total))
            dims = [first, total // first]
        if rank == 3:
            second = self.rng.choice(divisors(dims[1]))
            dims = [dims[0], second, dims[1] // second]
        texts = [self.num(dim) for dim in dims]
        if self.chance(0.35):
            texts[self.rng.randrange(len(texts))] = "-1"
            self.features.add("reshape_minus_one")
        return Step(self.layer_call("Reshape", [tuple_text(texts)], []), [tuple(dims)], "Reshape")

    def repeat_vector(self, shape: Shape) -> Step:
        n = self.pick(1, 12)
        return Step(self.layer_call("RepeatVector", [self.num(n)], []), [(n,) + shape], "RepeatVector")

    def permute(self, shape: Shape) -> Step:
        order = list(range(1, len(shape) + 1))
        while order == sorted(order):
            self.rng.shuffle(order)
        return Step(self.layer_call("Permute", [tuple_text([str(i) for i in order])], []),
                    [tuple(shape[i - 1] for i in order)], "Permute")

    def conv1d(self, shape: Shape) -> Step:
        length, channels = shape
        assert channels is not None
        padding = self.rng.choice(["valid", "same", "causal"])
        kernel = self.rng.randint(1, 5)
        stride, dilation = 1, 1
        if self.chance(0.25):
            stride = self.rng.randint(2, 3)
            self.features.add("conv_strides")
        elif self.chance(0.25):
            dilation = self.rng.randint(2, 3)
            self.features.add("conv_dilation")
        if padding == "valid" and length is not None:
            while kernel > 1 and dilation * (kernel - 1) + 1 > length:
                kernel -= 1
        groups = 1
        if self.chance(0.15) and channels > 1:
            groups = self.rng.choice(divisors(channels)[1:])
            self.features.add("conv_groups")
        filters = groups * self.rng.randint(1, max(1, 32 // groups))
        self.features.add(f"padding_{padding}")
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        positional = self.chance(0.5)
        self.arg("filters", self.num(filters), True, args, kwargs)
        self.arg("kernel_size", self.num(kernel), positional or self.chance(0.7), args, kwargs)
        positional = positional and bool(args[1:])
        if stride != 1 or (positional and self.chance(0.5)):
            self.arg("strides", str(stride), positional, args, kwargs)
        else:
            positional = False
        if padding != "valid" or self.chance(0.2):
            self.arg("padding", f'"{padding}"', positional, args, kwargs)
        if dilation != 1:
            kwargs.append(("dilation_rate", str(dilation)))
        if groups != 1:
            kwargs.append(("groups", str(groups)))
        if self.chance(0.4):
            kwargs.append(("activation", f'"{self.rng.choice(ACTIVATIONS)}"'))
        if self.chance(0.1):
            kwargs.append(("use_bias", "False"))
            self.features.add("use_bias_false")
        out = conv_length(length, kernel, stride, dilation, padding)
        return Step(self.layer_call("Conv1D", args, kwargs), [(out, filters)], "Conv1D")

    def conv2d(self, shape: Shape) -> Step:
        height, width, channels = shape
        assert height is not None and width is not None and channels is not None
        padding = self.rng.choice(["valid", "same"])
        self.features.add(f"padding_{padding}")
        kh, kw = self.rng.randint(1, 3), self.rng.randint(1, 3)
        if padding == "valid":
            kh, kw = min(kh, height), min(kw, width)
        stride, dilation = 1, 1
        if self.chance(0.25):
            stride = 2
            self.features.add("conv_strides")
        elif self.chance(0.2) and (padding == "same" or (2 * (kh - 1) < height and 2 * (kw - 1) < width)):
            dilation = 2
            self.features.add("conv_dilation")
        groups = 1
        if self.chance(0.15) and channels > 1:
            groups = self.rng.choice(divisors(channels)[1:])
            self.features.add("conv_groups")
        filters = groups * self.rng.randint(1, max(1, 16 // groups))
        kernel = self.num(kh) if kh == kw and self.chance(0.6) else f"({kh}, {kw})"
        args = [self.num(filters), kernel]
        kwargs: List[Tuple[str, str]] = []
        if stride != 1:
            kwargs.append(("strides", self.rng.choice([str(stride), f"({stride}, {stride})"])))
        if padding != "valid" or self.chance(0.2):
            kwargs.append(("padding", f'"{padding}"'))
        if dilation != 1:
            kwargs.append(("dilation_rate", str(dilation)))
        if groups != 1:
            kwargs.append(("groups", str(groups)))
        if self.chance(0.4):
            kwargs.append(("activation", '"relu"'))
        out = (conv_length(height, kh, stride, dilation, padding),
               conv_length(width, kw, stride, dilation, padding), filters)
        return Step(self.layer_call("Conv2D", args, kwargs), [out], "Conv2D")

    def pool(self, shape: Shape) -> Step:
        two_d = len(shape) == 3
        kind = self.rng.choice(["MaxPooling", "AveragePooling"]) + ("2D" if two_d else "1D")
        spatial = shape[:-1]
        padding = self.rng.choice(["valid", "same"])
        limit = min([dim for dim in spatial if dim is not None] + [3])
        size = self.rng.randint(1, max(1, limit)) if padding == "valid" else self.rng.randint(1, 3)
        if padding == "valid" and any(dim is not None and dim < size for dim in spatial):
            size = 1
        stride = size if self.chance(0.6) else self.rng.randint(1, 3)
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        if size != 2 or kind.startswith("Average") or self.chance(0.5):  # AveragePooling: no default
            self.arg("pool_size", str(size), self.chance(0.6), args, kwargs)
        if stride != size:
            kwargs.append(("strides", str(stride)))
        if padding != "valid" or self.chance(0.2):
            kwargs.append(("padding", f'"{padding}"'))
        out = tuple(pool_length(dim, size, stride, padding) for dim in spatial) + (shape[-1],)
        return Step(self.layer_call(kind, args, kwargs), [out], kind)

    def global_pool(self, shape: Shape, keepdims: bool = True) -> Step:
        two_d = len(shape) == 3
        kind = "Global" + self.rng.choice(["Average", "Max"]) + "Pooling" + ("2D" if two_d else "1D")
        kwargs: List[Tuple[str, str]] = []
        out: Shape = (shape[-1],)
        if keepdims and self.chance(0.25):
            kwargs.append(("keepdims", "True"))
            self.features.add("global_pool_keepdims")
            out = (1,) * (len(shape) - 1) + (shape[-1],)
        return Step(self.layer_call(kind, [], kwargs), [out], kind)

    def simple_step(self, shape: Shape) -> Step:
        """A layer with one input and one output, valid for ``shape``."""
        options: List[Tuple[float, Callable[[Shape], Step]]] = []
        rank = len(shape)
        known = product(shape) is not None
        if shape[-1] is not None:
            options += [(3, self.dense), (1, self.normalization)]
        options.append((1.5, self.identity))
        if rank == 1:
            options += [(1, self.repeat_vector)]
            if known:
                options += [(0.6, self.reshape), (0.2, self.flatten)]
        elif rank == 2:
            options += [(5, self.rnn), (1.5, self.bidirectional), (1, self.time_distributed),
                        (1.5, self.conv1d), (1, self.pool), (1, self.global_pool)]
            if known:
                options += [(0.6, self.flatten), (0.6, self.reshape), (0.5, self.permute)]
        elif rank == 3:
            options += [(3, self.conv2d), (1.5, self.pool), (1, self.global_pool),
                        (0.5, self.time_distributed)]
            if known:
                options += [(1, self.flatten), (1.5, self.reshape), (0.5, self.permute)]
        weights = [weight for weight, _ in options]
        build = self.rng.choices([f for _, f in options], weights=weights)[0]
        step = build(shape)
        if len(step.outs[0]) > 3:  # keep ranks at most 4 with the batch: reshape back next time
            return self.simple_step(shape)
        return step

    # -- inputs ---------------------------------------------------------------------------------

    def random_input_shape(self) -> Tuple[Shape, bool]:
        kind = self.rng.choices(["sequence", "vector", "tokens", "image"], weights=[6, 2, 2, 1])[0]
        if kind == "sequence":
            steps: Dim = self.pick(1, 20)
            if self.chance(0.08):
                steps = None
                self.features.add("variable_timesteps")
            return (steps, self.pick(1, 16)), False
        if kind == "vector":
            return (self.pick(1, 32),), False
        if kind == "tokens":
            return (self.pick(1, 20),), True
        return (self.pick(2, 10), self.pick(2, 10), self.pick(1, 4)), False

    def choose_batch(self) -> None:
        self.batch = None
        if self.chance(0.15):
            self.batch = self.pick(1, 16)

    def input_call(self, shape: Shape, tokens: bool, sequential: bool) -> str:
        """An ``Input(...)`` expression for ``shape`` with the current batch size."""
        callee = self.sp.input()
        args: List[str] = []
        kwargs: List[Tuple[str, str]] = []
        if self.batch is not None and self.chance(0.5):
            kwargs.append(("batch_shape", self.shape_text((self.batch,) + shape)))
            self.features.add("input_batch_shape")
        else:
            if self.chance(0.5):
                args.append(self.shape_text(shape))
                self.features.add("input_positional")
            else:
                kwargs.append(("shape", self.shape_text(shape)))
                self.features.add("input_shape_keyword")
            if self.batch is not None:
                kwargs.append(("batch_size", self.num(self.batch)))
                self.features.add("input_batch_size")
        if tokens and self.chance(0.5):
            kwargs.append(("dtype", '"int32"'))
        if not sequential and self.chance(0.15):
            kwargs.append(("name", f'"{self.fresh("input")}_tensor"'))
        return Call(callee, args, kwargs).render()

    # -- Sequential -------------------------------------------------------------------------------

    def chain(self, shape: Shape, tokens: bool, length: int) -> List[Step]:
        steps: List[Step] = []
        if tokens:
            steps.append(self.embedding(shape))
            shape = steps[-1].outs[0]
        elif len(shape) == 1 and self.chance(0.5):
            steps.append(self.dense(shape))  # the classic first layer of a multilayer perceptron
            shape = steps[-1].outs[0]
        while len(steps) < length:
            step = self.simple_step(shape)
            steps.append(step)
            shape = step.outs[0]
        return steps

    def sequential_model(self, target: str) -> None:
        """Emit ``target = Sequential(...)`` (or ``return Sequential(...)`` when target is "")."""
        self.choose_batch()
        shape, tokens = self.random_input_shape()
        steps = self.chain(shape, tokens, self.rng.randint(1, 6))
        # SpatialDropout1D.__init__ takes no **kwargs, so no input_shape= either
        keras2 = self.batch is None and steps[0].kind != "SpatialDropout1D" and self.chance(0.3)
        items: List[str] = []
        if keras2:
            first = steps[0].call
            if len(shape) == 1 and not tokens and steps[0].kind == "Dense" and self.chance(0.6):
                first.kwargs.append(("input_dim", self.num(shape[0])))  # type: ignore[arg-type]
                self.features.add("sequential_keras2_input_dim")
            else:
                first.kwargs.append(("input_shape", self.shape_text(shape)))
                self.features.add("sequential_keras2_input_shape")
        else:
            items.append(self.input_call(shape, tokens, sequential=True))
            self.features.add("sequential_input")
        form = self.rng.choice(["list", "list", "add", "layers_keyword"])
        seq = self.sp.model_class("Sequential")
        name_kw = f', name="{self.fresh("seq_net")}"' if self.chance(0.15) else ""
        if form == "add":
            self.features.add("sequential_add")
            var = target or self.fresh("model")
            self.emit(f"{var} = {seq}({name_kw.lstrip(', ')})")
            for item in items:
                self.emit(f"{var}.add({item})")
            for step in steps:
                self.emit(f"{var}.add({step.call.render()})")
            if not target:
                self.emit(f"return {var}")
            return
        rendered = items + [step.call.render("    ") for step in steps]
        if self.chance(0.5):
            body = "[\n" + "".join(f"    {item},\n" for item in rendered) + "]"
        else:
            body = "[" + ", ".join(rendered) + "]"
        if form == "layers_keyword":
            self.features.add("sequential_layers_keyword")
            body = "layers=" + body
        lead = f"{target} = " if target else "return "
        self.emit(f"{lead}{seq}({body}{name_kw})")

    # -- functional -------------------------------------------------------------------------------

    def call_steps(self, tensor: Tensor, steps: List[Step], var: str) -> Tensor:
        """Apply single-output ``steps`` to ``tensor``, as nested calls or one statement each."""
        if not steps:
            return tensor
        if len(steps) > 1 and self.chance(0.3):
            self.features.add("nested_calls")
            expr = tensor.expr
            for step in steps:
                expr = f"{step.call.render()}({expr})"
            self.emit(f"{var} = {expr}")
        else:
            expr = tensor.expr
            for index, step in enumerate(steps):
                self.emit(f"{var} = {step.call.render()}({expr})")
                if expr != var:
                    self.features.add("intermediate_variables")
                expr = var
        return Tensor(var, steps[-1].outs[0])

    def merge(self, tensors: List[Tensor], var: str, kind: Optional[str] = None) -> Tensor:
        """Merge tensors of equal shapes (Concatenate: equal but for the last axis)."""
        shapes = [t.shape for t in tensors]
        same = all(shape == shapes[0] for shape in shapes)
        if kind is None:
            choices = ["Concatenate"] * 3
            if same:
                choices += ["Add", "Multiply", "Average", "Maximum"]
                if len(tensors) == 2:
                    choices.append("Subtract")
            kind = self.rng.choice(choices)
        listed = "[" + ", ".join(t.expr for t in tensors) + "]"
        axis_text = ""
        out = shapes[0]
        if kind == "Concatenate":
            last = [shape[-1] for shape in shapes]
            total = None if None in last else sum(last)  # type: ignore[arg-type]
            out = shapes[0][:-1] + (total,)
            if self.chance(0.2):
                axis_text = "axis=-1"
            if same and len(out) == 2 and out[0] is not None and self.chance(0.25):
                axis_text = "axis=1"
                out = (out[0] * len(tensors), shapes[0][1])
        if self.chance(0.4):
            callee = self.sp.layer(MERGE_FUNCTIONS[kind])
            self.emit(f"{var} = {callee}({listed}{', ' + axis_text if axis_text else ''})")
        else:
            call = self.layer_call(kind, [], [("axis", axis_text[5:])] if axis_text else [])
            self.emit(f"{var} = {call.render()}({listed})")
        return Tensor(var, out)

    def to_vector(self, tensor: Tensor, var: str, units: Optional[int] = None) -> Tensor:
        """Bring ``tensor`` to rank 2 (with the batch), ending in ``units`` features if given."""
        shape = tensor.shape
        steps: List[Step] = []
        if len(shape) == 2:
            if self.chance(0.6):
                steps.append(self.rnn(shape, sequences=False, units=units))
            else:
                steps.append(self.global_pool(shape) if self.chance(0.5) or product(shape) is None
                             else self.flatten(shape))
        elif len(shape) == 3:
            steps.append(self.global_pool(shape) if self.chance(0.5) else self.flatten(shape))
        current = steps[-1].outs[0] if steps else shape
        if len(current) != 1:  # keepdims
            steps.append(self.flatten(current))
            current = steps[-1].outs[0]
        if units is not None and current != (units,):
            steps.append(Step(self.layer_call("Dense", [self.num(units)], []), [(units,)], "Dense"))
        return self.call_steps(tensor, steps, var)

    def special(self, tensor: Tensor, var: str) -> Tensor:
        """A multi-output or multi-call construct on a sequence tensor (rank 2 without batch)."""
        shape = tensor.shape
        choice = self.rng.choice(["state", "state", "bidi_none", "bidi_state", "residual", "shared",
                                  "initial_state"])
        if choice == "state":
            step = self.rnn(shape, state=True)
            self.features.add("unpack_return_state")
            labels = ["state_h", "state_c"] if step.kind == "LSTM" else ["state"]
            names = [var] + [self.fresh(label) for label in labels]
            use = self.rng.choice(["concat", "ignore", "underscore"])
            if use == "underscore":
                names[1:] = ["_"] * (len(names) - 1)
            self.emit(f"{', '.join(names)} = {step.call.render()}({tensor.expr})")
            out = Tensor(var, step.outs[0])
            if use == "concat" and len(out.shape) == 1:
                states = [Tensor(name, step.outs[1]) for name in names[1:]]
                return self.merge([out] + states, var)
            return out
        if choice == "bidi_none":
            step = self.bidirectional(shape, merge_mode="None")
            self.features.add("unpack_bidirectional_none")
            fw, bw = self.fresh("forward"), self.fresh("backward")
            self.emit(f"{fw}, {bw} = {step.call.render()}({tensor.expr})")
            return self.merge([Tensor(fw, step.outs[0]), Tensor(bw, step.outs[1])], var)
        if choice == "bidi_state":
            merge_mode = self.rng.choice(["concat", "sum", "ave", "mul", "None"])
            step = self.bidirectional(shape, merge_mode=merge_mode, state=True)
            self.features.add("unpack_return_state")
            n_out = 2 if merge_mode == "None" else 1
            labels = ["fw_h", "fw_c", "bw_h", "bw_c"] if len(step.outs) - n_out == 4 else ["fw_h", "bw_h"]
            state_names = [self.fresh(label) for label in labels]
            out_names = [var] if n_out == 1 else [self.fresh("forward"), self.fresh("backward")]
            self.emit(f"{', '.join(out_names + state_names)} = {step.call.render()}({tensor.expr})")
            if n_out == 2:
                self.features.add("unpack_bidirectional_none")
                pair = [Tensor(out_names[0], step.outs[0]), Tensor(out_names[1], step.outs[1])]
                return self.merge(pair, var)
            out = Tensor(var, step.outs[0])
            if len(out.shape) == 1 and self.chance(0.6):
                states = [Tensor(name, shape_) for name, shape_ in zip(state_names, step.outs[1:])]
                return self.merge([out] + states, var, kind="Concatenate")
            return out
        if choice == "residual" and shape[-1] is not None:
            features = shape[-1]
            if self.chance(0.5):
                block = [self.rnn(shape, sequences=True, units=features)]
            elif self.chance(0.5):
                block = [Step(self.layer_call("Dense", [self.num(features)], []), [shape], "Dense")]
            else:
                block = [Step(self.layer_call("Conv1D", [self.num(features), str(self.rng.randint(1, 4))],
                                              [("padding", '"same"')]), [shape], "Conv1D")]
                self.features.add("padding_same")
            branch = self.call_steps(tensor, block, self.fresh("branch"))
            return self.merge([tensor, branch], var)
        if choice == "shared" and shape[-1] is not None:
            self.features.add("shared_layer")
            layer = self.fresh("shared")
            width = shape[-1]
            step = Step(self.layer_call("Dense", [self.num(width)], []), [shape], "Dense")
            self.emit(f"{layer} = {step.call.render()}")
            self.emit(f"{var} = {layer}({tensor.expr})")
            if self.chance(0.5):
                self.emit(f"{var} = {layer}({var})")
                return Tensor(var, shape)
            # second call on a tensor of another rank: the layer's last call decides its shape row
            other = self.fresh("pooled")
            self.emit(f"{other} = {self.global_pool(shape, keepdims=False).call.render()}({tensor.expr})")
            self.emit(f"{other} = {layer}({other})")
            flat = self.fresh("flat")
            self.emit(f"{flat} = {self.global_pool(shape, keepdims=False).call.render()}({var})")
            return self.merge([Tensor(flat, (width,)), Tensor(other, (width,))], var)
        if choice == "initial_state":
            self.features.add("initial_state")
            kind = self.rng.choice(RNN_CLASSES)
            units = self.pick(1, 32)
            encoder = self.rnn(shape, sequences=False, state=True, kind=kind, units=units)
            names = [self.fresh("encoded")] + [self.fresh(label) for label in ["h", "c"][:RNN_STATES[kind]]]
            self.emit(f"{', '.join(names)} = {encoder.call.render()}({tensor.expr})")
            steps = self.rng.randint(1, 10)
            repeated = self.fresh("repeated")
            repeat = self.layer_call("RepeatVector", [self.num(steps)], [])
            self.emit(f"{repeated} = {repeat.render()}({names[0]})")
            decoder = self.rnn((steps, units), kind=kind, units=units)
            initial = "[" + ", ".join(names[1:]) + "]"
            self.emit(f"{var} = {decoder.call.render()}({repeated}, initial_state={initial})")
            return Tensor(var, decoder.outs[0])
        return self.call_steps(tensor, [self.simple_step(shape)], var)

    def functional_trunk(self, tensor: Tensor, length: int, var: str) -> Tensor:
        """A random path of layers from ``tensor``; may use multi-output constructs."""
        if tensor.tokens:
            tensor = self.call_steps(tensor, [self.embedding(tensor.shape)], var)
        while length > 0:
            if len(tensor.shape) == 2 and tensor.shape[-1] is not None and self.chance(0.3):
                tensor = self.special(tensor, var)
                length -= 1
                continue
            run: List[Step] = []
            shape = tensor.shape
            for _ in range(self.rng.randint(1, min(3, length))):
                run.append(self.simple_step(shape))
                shape = run[-1].outs[0]
            length -= len(run)
            tensor = self.call_steps(tensor, run, var)
        return tensor

    def submodel(self, tensor: Tensor, module_level: bool) -> Tuple[str, Shape]:
        """Define a model taking ``tensor``'s shape, to use as a layer; returns its variable."""
        var = self.fresh("encoder" if self.chance(0.5) else "block")
        saved_batch = self.batch
        steps = self.chain(tensor.shape, False, self.rng.randint(1, 3))
        if self.chance(0.5):
            self.features.add("nested_sequential")
            items = [self.input_call(tensor.shape, False, True)] + [s.call.render() for s in steps]
            self.emit(f"{var} = {self.sp.model_class('Sequential')}([{', '.join(items)}])")
        else:
            self.features.add("nested_functional")
            inner_in = self.fresh("sub_in")
            self.emit(f"{inner_in} = {self.input_call(tensor.shape, False, False)}")
            inner_out = self.call_steps(Tensor(inner_in, tensor.shape), steps, self.fresh("sub_out"))
            self.emit(f"{var} = {self.sp.model_class('Model')}({inner_in}, {inner_out.expr})")
        self.batch = saved_batch
        if module_level:
            self.models.append(ModelRef("var", var, var))
        return var, steps[-1].outs[0]

    def functional_model(self, target: str, module_level: bool) -> None:
        """Emit a functional model bound to ``target`` (or returned when target is "")."""
        self.features.add("functional")
        self.choose_batch()
        n_inputs = self.rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
        inputs: List[Tensor] = []
        shared_first = n_inputs > 1 and self.chance(0.3)
        first_shape: Optional[Tuple[Shape, bool]] = None
        walrus = ""  # LSTM(3)(inputs := Input((4, 2))): the Input made inside the first call
        for index in range(n_inputs):
            if shared_first and first_shape is not None:
                # an input of the same features (a shared layer runs on both), other timesteps
                shape = (self.pick(1, 20),) + first_shape[0][1:]
                tokens = first_shape[1]
            else:
                shape, tokens = self.random_input_shape()
                if shared_first:
                    while len(shape) != 2 or tokens:
                        shape, tokens = self.random_input_shape()
                    first_shape = (shape, tokens)
            var = self.fresh(self.rng.choice(["inputs", "inp", "x_in", "seq_input", "features"])
                             if n_inputs == 1 else f"input_{'abc'[index]}")
            if n_inputs == 1 and self.chance(0.12):
                walrus = f"{var} := {self.input_call(shape, tokens, False)}"
            else:
                self.emit(f"{var} = {self.input_call(shape, tokens, False)}")
            inputs.append(Tensor(var, shape, tokens))
        hidden = self.fresh(self.rng.choice(["x", "h", "hidden", "z"]))
        if n_inputs == 1:
            tensor = inputs[0]
            if walrus:
                self.features.add("nested_input_call")
                steps = self.chain(tensor.shape, tensor.tokens, self.rng.randint(1, 3))
                expr = walrus
                for step in steps:
                    expr = f"{step.call.render()}({expr})"
                self.emit(f"{hidden} = {expr}")
                tensor = Tensor(hidden, steps[-1].outs[0])
            elif self.chance(0.15) and len(tensor.shape) == 2 and not tensor.tokens and tensor.shape[-1]:
                sub, out_shape = self.submodel(tensor, module_level)
                self.emit(f"{hidden} = {sub}({tensor.expr})")
                tensor = Tensor(hidden, out_shape)
            tensor = self.functional_trunk(tensor, self.rng.randint(0 if walrus else 1, 5), hidden)
        else:
            self.features.add("several_inputs")
            branches: List[Tensor] = []
            if shared_first:
                self.features.add("shared_layer")
                layer = self.fresh("shared")
                step = self.rnn(inputs[0].shape, sequences=False) if self.chance(0.6) \
                    else self.bidirectional(inputs[0].shape, sequences=False)
                self.emit(f"{layer} = {step.call.render()}")
                for tensor in inputs:
                    branch = self.fresh("encoded")
                    self.emit(f"{branch} = {layer}({tensor.expr})")
                    branches.append(Tensor(branch, step.outs[0]))
            else:
                units = self.pick(1, 32) if self.chance(0.5) else None
                for tensor in inputs:
                    path = self.functional_trunk(tensor, self.rng.randint(0, 2), self.fresh("branch"))
                    var = path.expr if path.expr != tensor.expr else self.fresh("branch")
                    branches.append(self.to_vector(path, var, units))
            tensor = self.merge(branches, hidden)
            tensor = self.functional_trunk(tensor, self.rng.randint(0, 2), hidden)
        outputs = [tensor]
        if self.chance(0.25):
            self.features.add("several_outputs")
            outputs = []
            for index in range(self.rng.randint(2, 3)):
                head = self.fresh(f"out_{index + 1}")
                outputs.append(self.call_steps(tensor, [self.dense(tensor.shape)], head))
        elif self.chance(0.7):
            head = self.fresh(self.rng.choice(["outputs", "out", "y"]))
            outputs = [self.call_steps(tensor, [self.dense(tensor.shape)], head)]
        model = self.sp.model_class("Model")
        ins = "[" + ", ".join(t.expr for t in inputs) + "]"
        if len(inputs) == 1 and self.chance(0.7):
            ins = inputs[0].expr
        outs = "[" + ", ".join(t.expr for t in outputs) + "]"
        if len(outputs) == 1 and self.chance(0.8):
            outs = outputs[0].expr
        extra = f', name="{self.fresh("net")}"' if self.chance(0.15) else ""
        if self.chance(0.5):
            self.features.add("model_keywords")
            text = f"{model}(inputs={ins}, outputs={outs}{extra})"
        else:
            self.features.add("model_positional")
            text = f"{model}({ins}, {outs}{extra})"
        self.emit(f"{target} = {text}" if target else f"return {text}")

    # -- models sharing layers ----------------------------------------------------------------------

    def shared_across_models(self) -> None:
        """Two module-level models calling one layer instance on inputs of other timesteps: a
        layer's row shows the shape of its LAST call, which may belong to the other model."""
        self.features.add("layer_shared_by_models")
        self.choose_batch()
        features = self.pick(1, 16)
        layer = self.fresh("shared")
        if self.chance(0.7):
            step = self.rnn((None, features), sequences=self.chance(0.7))
        else:
            step = self.dense((None, features))
        self.emit(f"{layer} = {step.call.render()}")
        for _ in range(2):
            steps = self.pick(1, 20)
            inp = self.fresh("inputs")
            self.emit(f"{inp} = {self.input_call((steps, features), False, False)}")
            hidden = self.fresh("x")
            self.emit(f"{hidden} = {layer}({inp})")
            shape = step.outs[0] if len(step.outs[0]) == 1 else (steps, step.outs[0][1])
            tensor = self.functional_trunk(Tensor(hidden, shape), self.rng.randint(0, 2), hidden)
            var = self.fresh(self.rng.choice(["model", "net", "tagger"]))
            self.emit(f"{var} = {self.sp.model_class('Model')}({inp}, {tensor.expr})")
            self.models.append(ModelRef("var", var, var))
        self.emit("")

    def seq2seq(self) -> None:
        """Keras's character-level seq2seq example: a training model, then inference models
        that reuse its layers (and its tensors: the encoder model is a piece of the graph)."""
        self.features.add("seq2seq_inference_models")
        self.batch = None
        kind = self.rng.choice(RNN_CLASSES)
        units, tokens_in, tokens_out = self.pick(1, 32), self.pick(1, 16), self.pick(1, 16)
        n_states = RNN_STATES[kind]
        enc_in, dec_in = self.fresh("encoder_inputs"), self.fresh("decoder_inputs")
        states = [self.fresh(label) for label in ["state_h", "state_c"][:n_states]]
        self.emit(f"{enc_in} = {self.input_call((None, tokens_in), False, False)}")
        encoder = self.rnn_call(kind, units, False, True, False)
        self.emit(f"_, {', '.join(states)} = {encoder.render()}({enc_in})")
        self.emit(f"{dec_in} = {self.input_call((None, tokens_out), False, False)}")
        decoder, dense = self.fresh("decoder_rnn"), self.fresh("decoder_dense")
        self.emit(f"{decoder} = {self.rnn_call(kind, units, True, True, False).render()}")
        outputs = self.fresh("decoder_outputs")
        underscores = ", ".join(["_"] * n_states)
        self.emit(f"{outputs}, {underscores} = {decoder}({dec_in}, initial_state=[{', '.join(states)}])")
        softmax = self.layer_call("Dense", [self.num(tokens_out)], [("activation", '"softmax"')])
        self.emit(f"{dense} = {softmax.render()}")
        self.emit(f"{outputs} = {dense}({outputs})")
        model_class = self.sp.model_class("Model")
        training = self.fresh("model")
        self.emit(f"{training} = {model_class}([{enc_in}, {dec_in}], {outputs})")
        encoder_model = self.fresh("encoder_model")
        self.emit(f"{encoder_model} = {model_class}({enc_in}, [{', '.join(states)}])")
        state_inputs = [self.fresh(f"decoder_state_input_{label}") for label in ["h", "c"][:n_states]]
        for state_input in state_inputs:
            self.emit(f"{state_input} = {self.input_call((units,), False, False)}")
        new_states = [self.fresh(label) for label in ["state_h", "state_c"][:n_states]]
        self.emit(f"{outputs}, {', '.join(new_states)} = {decoder}({dec_in}, "
                  f"initial_state=[{', '.join(state_inputs)}])")
        self.emit(f"{outputs} = {dense}({outputs})")
        decoder_model = self.fresh("decoder_model")
        self.emit(f"{decoder_model} = {model_class}([{dec_in}, {', '.join(state_inputs)}], "
                  f"[{outputs}, {', '.join(new_states)}])")
        self.emit("")
        self.models += [ModelRef("var", name, name) for name in (training, encoder_model, decoder_model)]

    # -- program ---------------------------------------------------------------------------------

    def model_statements(self, target: str, module_level: bool) -> None:
        if self.chance(0.45):
            self.sequential_model(target)
        else:
            self.functional_model(target, module_level)

    def builder(self, called: str) -> Tuple[str, str]:
        """Define a builder function; returns (its name, the call expression) -- the call text is
        the one the program uses ("" when nobody calls it: then its defaults are used)."""
        name = self.fresh(self.rng.choice(["build_model", "make_model", "create_lstm", "get_model",
                                           "build_classifier", "build_regressor", "make_network"]))
        params: List[Tuple[str, int, int]] = []  # name, default, value used
        for param in self.rng.sample(["units", "hidden", "n_units", "width", "size"], self.rng.randint(0, 2)):
            default = self.pick(1, 48)
            value = default if not called or self.chance(0.5) else self.pick(1, 48)
            params.append((param, default, value))
        self.names_used |= {param for param, _, _ in params}
        defaults = ", ".join(f"{p}={self.num(d)}" for p, d, _ in params)
        call_args: List[str] = []
        positional = self.chance(0.5)
        for index, (param, default, value) in enumerate(params):
            if value != default or self.chance(0.2):
                if positional and len(call_args) == index:
                    call_args.append(self.num(value))
                else:
                    positional = False
                    call_args.append(f"{param}={self.num(value)}")
        if call_args:
            self.features.add("builder_call_arguments")
        self.emit(f"def {name}({defaults}):")
        saved_scope, saved_indent = self.scope, self.indent
        self.scope = Scope({**saved_scope.ints, **{p: v for p, _, v in params}}, saved_scope.floats)
        self.indent = saved_indent + "    "
        if self.chance(0.4):
            self.emit('"""Build the model."""')
        if self.chance(0.5):
            self.model_statements("model", False)
            if self.chance(0.2):
                self.emit('model.compile(optimizer="adam", loss="mse")')
            self.emit("return model")
        else:
            self.model_statements("", False)
        self.scope, self.indent = saved_scope, saved_indent
        self.emit("")
        return name, f"{name}({', '.join(call_args)})"

    def program(self) -> Program:
        rng = self.rng
        ints: Dict[str, int] = {}
        floats: Dict[str, float] = {}
        if self.chance(0.6):
            constants = ["UNITS", "TIMESTEPS", "N_FEATURES", "HIDDEN", "N_CLASSES", "VOCAB", "EMBED_DIM",
                         "BATCH_SIZE", "N"]
            for const in rng.sample(constants, rng.randint(1, 4)):
                ints[const] = rng.randint(2, 32)
                self.emit(f"{const} = {ints[const]}")
            if self.chance(0.3):
                name = self.rng.choice(["DROPOUT", "DROP_RATE"])
                floats[name] = rng.choice([0.1, 0.2, 0.3])
                self.emit(f"{name} = {floats[name]}")
            if self.chance(0.3):
                derived = self.rng.choice(["UNITS2", "HALF", "DOUBLE"])
                base = rng.choice(sorted(ints))
                value, text = ints[base] * 2, f"{base} * 2"
                if derived == "HALF":
                    value, text = ints[base] // 2, f"{base} // 2"
                if value >= 1:
                    ints[derived] = value
                    self.emit(f"{derived} = {text}")
                    self.features.add("constant_arithmetic")
            self.emit("")
        self.names_used |= set(ints) | set(floats)
        self.scope = Scope(ints, floats)
        n_models = rng.choices([1, 2, 3], weights=[5, 3, 1])[0]
        if n_models > 1:
            self.features.add("several_models")
        kinds = ["module", "builder_called", "builder_uncalled", "main", "main_builder", "shared_across",
                 "seq2seq"]
        placements = [rng.choices(kinds, weights=[5, 2, 2, 1, 1, 0.4, 0.3])[0] for _ in range(n_models)]
        main_lines: List[Tuple[str, str, str]] = []  # (variable, builder call or "", reported name)
        for placement in placements:
            if placement == "module":
                var = self.fresh(rng.choice(["model", "clf", "net", "regressor", "tagger", "forecaster"]))
                self.model_statements(var, True)
                self.models.append(ModelRef("var", var, var))
                self.emit("")
            elif placement == "shared_across":
                self.shared_across_models()
            elif placement == "seq2seq":
                self.seq2seq()
            elif placement == "builder_uncalled":
                self.features.add("builder_uncalled")
                name, _ = self.builder("")
                self.models.append(ModelRef("call", name, name))
            elif placement == "builder_called":
                self.features.add("builder_called")
                name, call = self.builder("module")
                var = self.fresh(rng.choice(["model", "built", "lstm_model"]))
                self.emit(f"{var} = {call}")
                self.emit("")
                self.models.append(ModelRef("var", var, var))  # a builder's model: named by its call's binding
            elif placement == "main_builder":
                self.features.add("builder_called_main")
                name, call = self.builder("main")
                var = self.fresh(rng.choice(["model", "main_model"]))
                main_lines.append((var, call, name))
            else:
                var = self.fresh(rng.choice(["model", "m", "main_model"]))
                main_lines.append((var, "", var))
        if main_lines:
            self.features.add("main_block")
            self.emit('if __name__ == "__main__":')
            self.indent = "    "
            for var, call, _ in main_lines:
                if call:
                    self.emit(f"{var} = {call}")
                else:
                    self.model_statements(var, True)
                self.models.append(ModelRef("var", var, var))
            self.indent = ""
        # "call" models (nobody calls them): lstm-lint evaluates them after the module, in definition order
        calls = [ref for ref in self.models if ref.how == "call"]
        ordered = [ref for ref in self.models if ref.how == "var"] + calls
        body = "\n".join(self.out).rstrip("\n") + "\n"
        docstring = f'"""Generated program, seed {self.seed}."""\n' if self.chance(0.3) else ""
        source = docstring + self.sp.header() + "\n" + body
        return Program(self.seed, source, ordered, set(self.features))


def generate(seed: int) -> Program:
    return Generator(seed).program()
