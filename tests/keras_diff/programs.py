"""A seeded generator of valid Keras model programs, in the import styles, model forms and
layers lstm-lint models. Each program says which of its models to compare and how to fetch
them from the namespace Keras ran it in.

The generator tracks shapes loosely to pick layers that fit; Keras decides: a program that does
not build in Keras is discarded (the next candidate of the same seed is tried), so every compared
program is one that really runs.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple

from tests.keras_diff.generator import ModelRef


@dataclass
class Program:
    seed: int
    source: str
    models: List[ModelRef]  # the models to compare, and how to fetch each from Keras's namespace
    features: Set[str] = field(default_factory=set)  # what the program exercises (coverage check)


# ---- import styles ------------------------------------------------------------------------------


class Style:
    """How a program spells Keras names."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.used: Set[str] = set()

    def layer(self, cls: str) -> str:
        self.used.add(cls)
        if self.name == "keras":
            return f"keras.layers.{cls}"
        if self.name in ("layers", "tf_from_keras"):
            return f"layers.{cls}" if self.name == "layers" else f"keras.layers.{cls}"
        if self.name == "layers_alias":
            return f"L.{cls}"
        if self.name == "from_layers_as":
            return f"K{cls}"
        if self.name == "tf":
            return f"tf.keras.layers.{cls}"
        if self.name == "tf_from_layers":
            return cls
        if self.name == "tf_keras":
            return f"tfk.layers.{cls}"
        raise AssertionError(self.name)

    def function(self, name: str) -> str:
        """A layers function (concatenate, add, ...)."""
        return self.layer(name)

    def input(self) -> str:
        return {"keras": "keras.Input", "layers": "layers.Input", "layers_alias": "L.Input",
                "from_layers_as": "KInput", "tf": "tf.keras.Input", "tf_from_keras": "keras.Input",
                "tf_from_layers": "Input", "tf_keras": "tfk.Input"}[self.name]

    def model(self) -> str:
        return {"keras": "keras.Model", "layers": "keras.Model", "layers_alias": "Model",
                "from_layers_as": "Model", "tf": "tf.keras.Model", "tf_from_keras": "keras.models.Model",
                "tf_from_layers": "Model", "tf_keras": "tfk.Model"}[self.name]

    def sequential(self) -> str:
        return {"keras": "keras.Sequential", "layers": "keras.Sequential", "layers_alias": "Sequential",
                "from_layers_as": "Sequential", "tf": "tf.keras.Sequential",
                "tf_from_keras": "keras.models.Sequential", "tf_from_layers": "Sequential",
                "tf_keras": "tfk.Sequential"}[self.name]

    def header(self) -> str:
        if self.name == "keras":
            return "import keras\n"
        if self.name == "layers":
            return "import keras\nfrom keras import layers\n"
        if self.name == "layers_alias":
            return "from keras import layers as L\nfrom keras.models import Model, Sequential\n"
        if self.name == "from_layers_as":
            names = ", ".join(f"{cls} as K{cls}" for cls in sorted(self.used))
            lines = "from keras.models import Sequential, Model\nfrom keras import Input as KInput\n"
            return lines + (f"from keras.layers import {names}\n" if names else "")
        if self.name == "tf":
            return "import tensorflow as tf\n"
        if self.name == "tf_from_keras":
            return "from tensorflow import keras\n"
        if self.name == "tf_from_layers":
            names = ", ".join(sorted(self.used))
            lines = "from tensorflow.keras import Input, Model, Sequential\n"
            return lines + (f"from tensorflow.keras.layers import {names}\n" if names else "")
        if self.name == "tf_keras":
            return "import tf_keras as tfk\n"
        raise AssertionError(self.name)


STYLES = ["keras", "layers", "layers_alias", "from_layers_as", "tf", "tf_from_keras", "tf_from_layers",
          "tf_keras"]
FORMS = ["sequential_input", "sequential_keras2", "sequential_add", "sequential_layers_kw", "functional",
         "functional_nested", "function_called", "function_uncalled", "main_block"]


# ---- shapes and layer choices -------------------------------------------------------------------


@dataclass
class Tensor:
    """A tensor in the program being written: its variable and (loosely) its shape."""

    expr: str
    shape: Tuple[int, ...]  # without the batch axis


class Writer:
    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng = rng
        self.style = style
        self.features: Set[str] = set()
        self.constants: Dict[int, str] = {}
        self.lines: List[str] = []
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def size(self, value: int) -> str:
        """A size, sometimes through a module constant or arithmetic on one."""
        roll = self.rng.random()
        if roll < 0.15 and value > 1:
            name = self.constants.setdefault(value, f"SIZE_{value}")
            self.features.add("constant")
            return name
        if roll < 0.22 and value % 2 == 0 and value > 2:
            name = self.constants.setdefault(value // 2, f"SIZE_{value // 2}")
            self.features.add("arithmetic")
            return f"{name} * 2"
        if roll < 0.27:
            self.features.add("arithmetic")
            return f"({value} + 4) // 2 * 2 - {(value + 4) // 2 * 2 - value}"
        return str(value)

    def maybe_name(self) -> str:
        if self.rng.random() < 0.08:
            self.features.add("explicit_name")
            return f', name="{self.fresh("layer_")}"'
        return ""

    # A layer applicable to a tensor of this shape: (code, new shape).
    def layer_for(self, shape: Tuple[int, ...], allow_multi: bool) -> Tuple[str, Tuple[int, ...], str]:
        rng = self.rng
        L = self.style.layer
        rank = len(shape) + 1
        options: List[str] = []
        if rank == 2:
            options = ["Dense", "Dense", "Dropout", "BatchNormalization", "LayerNormalization", "RepeatVector",
                       "Reshape", "Activation", "GaussianNoise"]
        elif rank == 3:
            options = ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D", "Pool1D", "GlobalPool1D",
                       "TimeDistributed", "Dense", "Dropout", "SpatialDropout1D", "LayerNormalization",
                       "Flatten", "Permute", "Reshape", "BatchNormalization", "Masking", "LSTM", "GRU"]
        elif rank == 4:
            options = ["Conv2D", "Conv2D", "Pool2D", "GlobalPool2D", "BatchNormalization", "Flatten", "Reshape"]
        kind = rng.choice(options)
        self.features.add(kind)
        name = self.maybe_name()
        if kind == "Dense":
            units = rng.randint(1, 24)
            act = rng.choice(["", ', activation="relu"', ', "tanh"', ""])
            bias = ", use_bias=False" if rng.random() < 0.15 else ""
            return f"{L('Dense')}({self.size(units)}{act}{bias}{name})", shape[:-1] + (units,), "Dense"
        if kind == "Dropout":
            return f"{L('Dropout')}({rng.choice(['0.1', '0.25', '0.5'])}{name})", shape, kind
        if kind == "SpatialDropout1D":
            return f"{L('SpatialDropout1D')}(0.2{name})", shape, kind
        if kind == "GaussianNoise":
            return f"{L('GaussianNoise')}(0.1{name})", shape, kind
        if kind == "Activation":
            return f"{L('Activation')}({rng.choice(['relu', 'tanh', 'sigmoid'])!r}{name})", shape, kind
        if kind == "Masking":
            return f"{L('Masking')}({name.lstrip(', ')})", shape, kind
        if kind == "BatchNormalization":
            extra = rng.choice(["", ", center=False", ", scale=False", ", momentum=0.9"])
            return f"{L('BatchNormalization')}({(extra + name).lstrip(', ')})", shape, kind
        if kind == "LayerNormalization":
            return f"{L('LayerNormalization')}({name.lstrip(', ')})", shape, kind
        if kind == "RepeatVector":
            n = rng.randint(1, 6)
            return f"{L('RepeatVector')}({self.size(n)}{name})", (n,) + shape, kind
        if kind == "Flatten":
            total = 1
            for dim in shape:
                total *= dim
            return f"{L('Flatten')}({name.lstrip(', ')})", (total,), kind
        if kind == "Permute" and rank == 3:
            return f"{L('Permute')}((2, 1){name})", (shape[1], shape[0]), kind
        if kind == "Reshape":
            total = 1
            for dim in shape:
                total *= dim
            if total % 2 == 0 and rng.random() < 0.5:
                target: Tuple[int, ...] = (2, total // 2)
                text = "(2, -1)" if rng.random() < 0.5 else f"(2, {total // 2})"
            else:
                target, text = (total, 1), f"({total}, 1)"
            return f"{L('Reshape')}({text}{name})", target, kind
        if kind in ("LSTM", "GRU", "SimpleRNN"):
            units = rng.randint(1, 20)
            seq = rng.random() < 0.5
            args = [self.size(units)]
            if seq:
                args.append("return_sequences=True")
            if rng.random() < 0.15:
                args.append("use_bias=False")
            if kind == "GRU" and rng.random() < 0.3:
                args.append("reset_after=False")
                self.features.add("GRU_reset_after_False")
            if rng.random() < 0.1:
                args.append('activation="relu"')
            new = (shape[0], units) if seq else (units,)
            return f"{L(kind)}({', '.join(args)}{name})", new, kind
        if kind == "Bidirectional":
            inner = rng.choice(["LSTM", "GRU", "SimpleRNN"])
            units = rng.randint(1, 12)
            seq = rng.random() < 0.5
            seq_arg = ", return_sequences=True" if seq else ""
            mode = rng.choice(["concat", "sum", "mul", "ave", "concat"])
            mode_arg = "" if mode == "concat" and rng.random() < 0.5 else f', merge_mode="{mode}"'
            self.features.add(f"Bidirectional_{mode}")
            backward = ""
            if rng.random() < 0.2:
                backward = f", backward_layer={L(inner)}({units}{seq_arg}, go_backwards=True)"
                self.features.add("backward_layer")
            out = units * 2 if mode == "concat" else units
            new = (shape[0], out) if seq else (out,)
            return f"{L('Bidirectional')}({L(inner)}({units}{seq_arg}){mode_arg}{backward}{name})", new, kind
        if kind == "TimeDistributed":
            units = rng.randint(1, 10)
            return f"{L('TimeDistributed')}({L('Dense')}({units}){name})", (shape[0], units), kind
        if kind == "Conv1D":
            steps = shape[0]
            filters = rng.randint(1, 16)
            kernel = rng.randint(1, 4)
            padding = rng.choice(["valid", "same", "causal"])
            strides = rng.choice([1, 1, 2])
            dilation = 2 if strides == 1 and rng.random() < 0.3 else 1
            groups = 1
            if shape[1] % 2 == 0 and rng.random() < 0.5:
                filters += filters % 2
                groups = 2
                self.features.add("groups")
            if padding == "valid":
                new_steps = (steps - dilation * (kernel - 1) - 1) // strides + 1
            else:
                new_steps = (steps - 1) // strides + 1
            if new_steps < 1:
                return self.layer_for(shape, allow_multi)
            self.features.add(f"padding_{padding}")
            positional = rng.random() < 0.3
            if positional:
                self.features.add("positional_args")
                code = f"{L('Conv1D')}({filters}, {kernel}, {strides}, {padding!r}, dilation_rate={dilation}"
            else:
                code = (f"{L('Conv1D')}(filters={filters}, kernel_size={kernel}, strides={strides}, "
                        f"padding={padding!r}, dilation_rate={dilation}")
            code += (f", groups={groups}" if groups > 1 else "") + f"{name})"
            return code, (new_steps, filters), kind
        if kind == "Pool1D":
            cls = rng.choice(["MaxPooling1D", "AveragePooling1D"])
            self.features.add(cls)
            pool = rng.randint(1, 3)
            padding = rng.choice(["valid", "same"])
            steps = shape[0]
            new_steps = (steps - pool) // pool + 1 if padding == "valid" else (steps - 1) // pool + 1
            if new_steps < 1:
                return self.layer_for(shape, allow_multi)
            return f"{L(cls)}(pool_size={pool}, padding={padding!r}{name})", (new_steps, shape[1]), kind
        if kind == "GlobalPool1D":
            cls = rng.choice(["GlobalAveragePooling1D", "GlobalMaxPooling1D"])
            self.features.add(cls)
            if rng.random() < 0.3:
                return f"{L(cls)}(keepdims=True{name})", (1, shape[1]), kind
            return f"{L(cls)}({name.lstrip(', ')})", (shape[1],), kind
        if kind == "Conv2D":
            h, w, _ = shape
            filters = rng.randint(1, 8)
            kernel = rng.choice([1, 2, 3, (2, 3)])
            kh, kw = kernel if isinstance(kernel, tuple) else (kernel, kernel)
            padding = rng.choice(["valid", "same"])
            strides = rng.choice([1, 2])
            if padding == "valid":
                nh, nw = (h - kh) // strides + 1, (w - kw) // strides + 1
            else:
                nh, nw = (h - 1) // strides + 1, (w - 1) // strides + 1
            if nh < 1 or nw < 1:
                return self.layer_for(shape, allow_multi)
            return (f"{L('Conv2D')}({filters}, {kernel}, strides={strides}, padding={padding!r}{name})",
                    (nh, nw, filters), kind)
        if kind == "Pool2D":
            cls = rng.choice(["MaxPooling2D", "AveragePooling2D"])
            self.features.add(cls)
            h, w, c = shape
            if h < 2 or w < 2:
                return self.layer_for(shape, allow_multi)
            return f"{L(cls)}((2, 2){name})", (h // 2, w // 2, c), kind
        if kind == "GlobalPool2D":
            cls = rng.choice(["GlobalAveragePooling2D", "GlobalMaxPooling2D"])
            self.features.add(cls)
            return f"{L(cls)}({name.lstrip(', ')})", (shape[2],), kind
        return self.layer_for(shape, allow_multi)

    def start_shape(self) -> Tuple[int, ...]:
        rank = self.rng.choice([2, 3, 3, 3, 4])
        if rank == 2:
            return (self.rng.randint(1, 12),)
        if rank == 3:
            return (self.rng.randint(4, 16), self.rng.randint(1, 6))
        return (self.rng.randint(4, 10), self.rng.randint(4, 10), self.rng.randint(1, 3))

    def shape_text(self, shape: Tuple[int, ...]) -> str:
        return "(" + ", ".join(self.size(dim) for dim in shape) + ("," if len(shape) == 1 else "") + ")"

    def chain(self, shape: Tuple[int, ...], length: int) -> List[Tuple[str, Tuple[int, ...]]]:
        result = []
        for _ in range(length):
            code, shape, _ = self.layer_for(shape, False)
            result.append((code, shape))
        return result


# ---- model forms --------------------------------------------------------------------------------


def write_sequential(w: Writer, variable: str, indent: str, form: str) -> List[str]:
    rng = w.rng
    shape = w.start_shape()
    embedding = len(shape) == 2 and rng.random() < 0.25 and form != "sequential_keras2"
    lines: List[str] = []
    S, L = w.style.sequential(), w.style.layer
    items: List[str] = []
    if embedding:
        w.features.add("Embedding")
        steps = shape[0]
        dim = rng.randint(2, 10)
        mask = ", mask_zero=True" if rng.random() < 0.3 else ""
        items.append(f"{w.style.input()}(shape=({steps},))")
        items.append(f"{L('Embedding')}({rng.randint(10, 200)}, {dim}{mask})")
        shape = (steps, dim)
    chain = w.chain(shape, rng.randint(1, 5))
    if form == "sequential_keras2":
        first, _ = chain[0]
        keyword = "input_shape=" + w.shape_text(shape)
        if len(shape) == 1 and rng.random() < 0.5:
            keyword = f"input_dim={shape[0]}"
            w.features.add("input_dim")
        w.features.add("input_shape")
        chain[0] = (first[:-1] + (", " if not first.endswith("(") else "") + keyword + ")", chain[0][1])
        chain[0] = (chain[0][0].replace("(, ", "("), chain[0][1])
    elif not embedding:
        items.append(f"{w.style.input()}(shape={w.shape_text(shape)})")
    items.extend(code for code, _ in chain)
    if form == "sequential_add":
        lines.append(f"{indent}{variable} = {S}()")
        lines.extend(f"{indent}{variable}.add({item})" for item in items)
    else:
        keyword = "layers=" if form == "sequential_layers_kw" else ""
        lines.append(f"{indent}{variable} = {S}({keyword}[")
        lines.extend(f"{indent}    {item}," for item in items)
        lines.append(f"{indent}])")
    return lines


def write_functional(w: Writer, variable: str, indent: str, nested: bool) -> List[str]:
    rng = w.rng
    L, I, M = w.style.layer, w.style.input(), w.style.model()
    lines: List[str] = []
    inputs: List[Tensor] = []
    shape = w.start_shape()
    if len(shape) == 1:
        shape = (rng.randint(4, 12), rng.randint(1, 5))
    first = w.fresh("inp")
    if rng.random() < 0.15:
        lines.append(f"{indent}{first} = {I}(batch_shape=(None,) + {w.shape_text(shape)})")
        w.features.add("batch_shape")
    elif rng.random() < 0.1:
        lines.append(f"{indent}{first} = {I}(shape={w.shape_text(shape)}, batch_size=8)")
        w.features.add("batch_size")
    else:
        lines.append(f"{indent}{first} = {I}(shape={w.shape_text(shape)})")
    inputs.append(Tensor(first, shape))
    current = Tensor(first, shape)
    outputs: List[str] = []
    if nested and rng.random() < 0.5:
        code, new_shape, _ = w.layer_for(shape, False)
        var = w.fresh("x")
        lines.append(f"{indent}{var} = {code}({first})")
        current = Tensor(var, new_shape)
        w.features.add("nested_call_chain")
    # main chain
    for _ in range(rng.randint(1, 3)):
        code, new_shape, _ = w.layer_for(current.shape, True)
        var = w.fresh("x")
        lines.append(f"{indent}{var} = {code}({current.expr})")
        current = Tensor(var, new_shape)
    # return_state unpacking
    if len(current.shape) == 2 and rng.random() < 0.3:
        units = rng.randint(2, 10)
        cls = rng.choice(["LSTM", "GRU"])
        out, h = w.fresh("out"), w.fresh("h")
        if cls == "LSTM":
            c = w.fresh("c")
            lines.append(f"{indent}{out}, {h}, {c} = {L('LSTM')}({units}, return_state=True)({current.expr})")
        else:
            lines.append(f"{indent}{out}, {h} = {L('GRU')}({units}, return_state=True)({current.expr})")
        w.features.add("return_state")
        merged = w.fresh("m")
        lines.append(f"{indent}{merged} = {w.style.function('concatenate')}([{out}, {h}])")
        w.features.add("concatenate_function")
        current = Tensor(merged, (units * 2,))
    elif len(current.shape) == 2 and rng.random() < 0.25:
        units = rng.randint(2, 8)
        fwd, bwd = w.fresh("f"), w.fresh("b")
        lines.append(f"{indent}{fwd}, {bwd} = {L('Bidirectional')}({L('LSTM')}({units}), merge_mode=None)"
                     f"({current.expr})")
        w.features.add("Bidirectional_None")
        merged = w.fresh("m")
        cls = rng.choice(["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"])
        lines.append(f"{indent}{merged} = {L(cls)}()([{fwd}, {bwd}])")
        w.features.add(cls)
        current = Tensor(merged, (units,))
    # a second input branch merged in
    if rng.random() < 0.4:
        other_shape = (rng.randint(1, 8),)
        if len(current.shape) == 1 and rng.random() < 0.5:
            other_shape = current.shape  # same width: a shared layer can take both
        other = w.fresh("aux")
        lines.append(f"{indent}{other} = {I}(shape=({other_shape[0]},))")
        inputs.append(Tensor(other, other_shape))
        flat = current
        if len(current.shape) != 1:
            var = w.fresh("x")
            lines.append(f"{indent}{var} = {L('Flatten')}()({current.expr})")
            total = 1
            for dim in current.shape:
                total *= dim
            flat = Tensor(var, (total,))
        how = rng.choice(["Concatenate", "concatenate", "add", "multiply", "average", "maximum", "subtract",
                          "Add", "Average", "Maximum", "Minimum", "Multiply", "Subtract"])
        var = w.fresh("j")
        if how in ("Concatenate", "concatenate"):
            function = L("Concatenate") + "()" if how == "Concatenate" else w.style.function("concatenate")
            lines.append(f"{indent}{var} = {function}([{flat.expr}, {other}])")
            current = Tensor(var, (flat.shape[0] + other_shape[0],))
        else:
            units = rng.randint(2, 8)
            shared = rng.random() < 0.3
            a, b = w.fresh("p"), w.fresh("q")
            if shared and flat.shape == other_shape:
                dense = w.fresh("shared")
                lines.append(f"{indent}{dense} = {L('Dense')}({units})")
                lines.append(f"{indent}{a} = {dense}({flat.expr})")
                lines.append(f"{indent}{b} = {dense}({other})")
                w.features.add("shared_layer")
            else:
                lines.append(f"{indent}{a} = {L('Dense')}({units})({flat.expr})")
                lines.append(f"{indent}{b} = {L('Dense')}({units})({other})")
            if how[0].isupper():
                lines.append(f"{indent}{var} = {L(how)}()([{a}, {b}])")
                w.features.add(how)
            else:
                lines.append(f"{indent}{var} = {w.style.function(how)}([{a}, {b}])")
                w.features.add(f"{how}_function")
            current = Tensor(var, (units,))
    outputs.append(current.expr)
    if rng.random() < 0.3:
        extra = w.fresh("y")
        lines.append(f"{indent}{extra} = {L('Dense')}({rng.randint(1, 4)})({current.expr})")
        outputs.append(extra)
        w.features.add("several_outputs")
    ins = inputs[0].expr if len(inputs) == 1 and rng.random() < 0.6 else "[" + ", ".join(t.expr for t in inputs) + "]"
    outs = outputs[0] if len(outputs) == 1 else "[" + ", ".join(outputs) + "]"
    if len(inputs) > 1:
        w.features.add("several_inputs")
    if rng.random() < 0.5:
        lines.append(f"{indent}{variable} = {M}(inputs={ins}, outputs={outs})")
        w.features.add("model_keywords")
    else:
        lines.append(f"{indent}{variable} = {M}({ins}, {outs})")
    return lines


def write_nested_input_call(w: Writer, variable: str, indent: str) -> List[str]:
    """``LSTM(3)(Input((4, 2)))``: the whole model in nested calls."""
    L, I, M = w.style.layer, w.style.input(), w.style.model()
    steps, features, units = w.rng.randint(2, 9), w.rng.randint(1, 5), w.rng.randint(1, 9)
    inp = w.fresh("inp")
    w.features.add("nested_input_call")
    return [f"{indent}{variable} = {M}({inp} := {I}(({steps}, {features})), "
            f"{L('Dense')}(2)({L('LSTM')}({units})({inp})))"]


def write_model(w: Writer, variable: str, indent: str, form: str) -> List[str]:
    kind = w.rng.random()
    if form.startswith("sequential"):
        return write_sequential(w, variable, indent, form)
    if form == "functional_nested" and kind < 0.3:
        return write_nested_input_call(w, variable, indent)
    if form in ("functional", "functional_nested"):
        return write_functional(w, variable, indent, nested=form == "functional_nested")
    sequential_form = w.rng.choice(["sequential_input", "sequential_add", "sequential_keras2"])
    if kind < 0.5:
        return write_sequential(w, variable, indent, sequential_form)
    return write_functional(w, variable, indent, nested=False)


def generate(seed: int) -> Program:
    rng = random.Random(seed)
    style = Style(rng.choice(STYLES))
    w = Writer(rng, style)
    body: List[str] = []
    models: List[ModelRef] = []
    main: List[str] = []
    main_models: List[ModelRef] = []
    for index in range(rng.randint(1, 3)):
        form = rng.choice(FORMS)
        w.features.add(form)
        variable = f"model_{index}"
        if form in ("function_called", "function_uncalled"):
            function = f"build_model_{index}"
            units = rng.randint(2, 16)
            inner = write_model(w, "model", "    ", rng.choice(["sequential_add", "functional", "sequential_input"]))
            body.append(f"def {function}(units={units}):")
            body.extend(inner)
            body.append("    return model\n")
            if form == "function_called":
                body.append(f"{variable} = {function}()\n")
            models.append(ModelRef("call", function, function) if form == "function_uncalled"
                          else ModelRef("var", variable, variable))
        elif form == "main_block":
            main.extend(write_model(w, variable, "    ", rng.choice(["functional", "sequential_input"])))
            main_models.append(ModelRef("var", variable, variable))
        else:
            body.extend(write_model(w, variable, "", form))
            body.append("")
            models.append(ModelRef("var", variable, variable))
    constants = "".join(f"{name} = {value}\n" for value, name in sorted(w.constants.items()))
    source = style.header() + "\n" + constants + "\n" + "\n".join(body) + "\n"
    if main:
        source += '\nif __name__ == "__main__":\n' + "\n".join(main) + "\n"
    w.features.add(f"style_{style.name}")
    # lstm-lint lists models in the order they are built: module code, then the main block, then
    # the builders nobody called, in definition order.
    ordered = ([m for m in models if m.how == "var"] + main_models + [m for m in models if m.how == "call"])
    return Program(seed, source, ordered, w.features)


def candidates(seed: int, attempts: int = 20) -> List[Program]:
    """Programs for one seed, first choice first: the caller keeps the first that Keras builds."""
    return [generate(seed * 1000 + attempt) for attempt in range(attempts)]


def first_valid(seed: int, builds: Callable[[Program], bool]) -> Optional[Program]:
    for program in candidates(seed):
        if builds(program):
            return program
    return None
