"""A seeded generator of programs with a custom layer or a subclassed model, for the differential
test against Keras (``test_custom_against_keras.py``).

``generate(seed)`` writes one program: a ``keras.layers.Layer`` subclass used in a functional or a
Sequential model, or a ``keras.Model`` subclass built by a call on a ``keras.Input`` or on a NumPy
array. It varies what Keras's tracker sees and the order it sees it in: sublayers held directly,
in lists, tuples and dicts, appended to a list after other attributes, made before
``super().__init__()``, never called; weights made by ``add_weight`` in ``build`` (trainable or
not), a ``compute_output_shape`` of the class's own (with ``build``, Keras then never runs
``call``), ``name=`` and ``trainable=False`` forwarded through ``**kwargs``; a sublayer of a
subclass of ``Dense`` whose own ``call`` keeps some of the units ``super().call`` gives (Keras runs
it inside the traced ``call``). Every program builds in Keras as written (a program Keras rejects
is a generator bug).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import List, Tuple

HOLDERS = ("attribute", "list", "tuple", "dict", "appended", "early")


@dataclass
class CustomProgram:
    seed: int
    source: str
    models: List[str]  # the module-level names of its models, in binding order
    features: List[str] = field(default_factory=list)


@dataclass
class _Sublayer:
    attribute: str
    holder: str
    construct: str  # the constructor call
    units: int  # its output's last dimension (0: keeps the input's)
    called: bool = True


def _sublayers(rng: random.Random, subclassed: bool) -> List[_Sublayer]:
    found: List[_Sublayer] = []
    for index in range(rng.randint(1, 4)):
        kind = rng.choice(("Dense", "Dense", "LayerNormalization", "Dropout", "BatchNormalization", "SlicedDense"))
        units = rng.randint(2, 6) if kind in ("Dense", "SlicedDense") else 0
        kept = rng.randint(1, units) if kind == "SlicedDense" else units
        construct = {"Dense": f"layers.Dense({units})", "LayerNormalization": "layers.LayerNormalization()",
                     "Dropout": "layers.Dropout(0.1)", "BatchNormalization": "layers.BatchNormalization()",
                     "SlicedDense": f"SlicedDense({units}, {kept})"}[kind]
        units = kept
        holder = rng.choice(HOLDERS)
        # An unbuilt sublayer's count_params() raises in Keras: only a custom layer may hold one.
        called = subclassed or rng.random() < 0.8
        found.append(_Sublayer(f"part{index}", holder, construct, units, called))
    return found


# A subclass of a Keras layer class with a ``call`` of its own, built as Dense is.
SLICED_DENSE = [
    "class SlicedDense(layers.Dense):",
    "    def __init__(self, units, kept, **kwargs):",
    "        super().__init__(units, **kwargs)",
    "        self.kept = kept",
    "",
    "    def call(self, inputs):",
    "        return super().call(inputs)[..., :self.kept]",
    "",
    "",
]


def _reference(part: _Sublayer) -> str:
    if part.holder in ("list", "appended"):
        return f"self.{part.attribute}[0]"
    if part.holder == "tuple":
        return f"self.{part.attribute}[1]"
    if part.holder == "dict":
        return f'self.{part.attribute}["inner"]'
    return f"self.{part.attribute}"


def _init_lines(parts: List[_Sublayer], features: List[str]) -> List[str]:
    lines = ["    def __init__(self, **kwargs):"]
    for part in parts:
        if part.holder == "early":
            lines.append(f"        self.{part.attribute} = {part.construct}")
            features.append("made_before_super")
    lines.append("        super().__init__(**kwargs)")
    appended: List[_Sublayer] = []
    for part in parts:
        if part.holder == "attribute":
            lines.append(f"        self.{part.attribute} = {part.construct}")
        elif part.holder == "list":
            lines.append(f"        self.{part.attribute} = [{part.construct}]")
        elif part.holder == "tuple":
            lines.append(f"        self.{part.attribute} = (7, {part.construct})")
        elif part.holder == "dict":
            lines.append(f'        self.{part.attribute} = {{"inner": {part.construct}}}')
        elif part.holder == "appended":
            lines.append(f"        self.{part.attribute} = []")
            appended.append(part)
        features.append(f"held_in_{part.holder}")
    # Appended after the other attributes: Keras tracks each one when it is appended.
    for part in appended:
        lines.append(f"        self.{part.attribute}.append({part.construct})")
    return lines


def _call_lines(parts: List[_Sublayer], bias: bool) -> Tuple[List[str], int]:
    lines = ["    def call(self, x):"]
    for part in parts:
        if part.called:
            lines.append(f"        x = {_reference(part)}(x)")
    lines.append("        return x + self.bias" if bias else "        return x")
    return lines, 0


def _out_dim(parts: List[_Sublayer], width: int) -> int:
    for part in parts:
        if part.called and part.units:
            width = part.units
    return width


def generate(seed: int) -> CustomProgram:
    rng = random.Random(seed)
    subclassed = rng.random() < 0.35
    features: List[str] = ["subclassed_model" if subclassed else "custom_layer"]
    parts = _sublayers(rng, subclassed)
    timesteps = rng.choice((None, 3))
    width = rng.randint(2, 5)
    shape = (timesteps, width) if timesteps else (width,)
    dense_first = not subclassed and rng.random() < 0.5  # a Dense(4) before the custom layer
    out_dim = _out_dim(parts, 4 if dense_first else width)
    own_build = not subclassed and rng.random() < 0.6
    own_shape = own_build and rng.random() < 0.3
    lines = ["import keras", "import numpy as np", "from keras import layers", "", ""]
    if any(part.construct.startswith("SlicedDense") for part in parts):
        lines += SLICED_DENSE
        features.append("keras_class_subclass")
    lines.append(f"class Custom{seed}({'keras.Model' if subclassed else 'layers.Layer'}):")
    lines += _init_lines(parts, features)
    if own_build:
        trainable = rng.choice((True, False))
        lines += ["", "    def build(self, input_shape):",
                  f"        self.kernel = self.add_weight(shape=(input_shape[-1], {rng.randint(1, 4)}), "
                  f"trainable={trainable})"]
        features.append("add_weight")
        if not own_shape:
            lines.append(f"        self.bias = self.add_weight(shape=({out_dim},))")
    lines.append("")
    call_lines, _ = _call_lines(parts, bias=own_build and not own_shape)
    lines += call_lines
    if own_shape:
        # With build and compute_output_shape of its own, Keras never runs call: no sublayer is built.
        lines += ["", "    def compute_output_shape(self, input_shape):",
                  f"        return input_shape[:-1] + ({out_dim},)"]
        features.append("compute_output_shape")
    lines += ["", ""]
    arguments = []
    if rng.random() < 0.3:
        arguments.append(f'name="block_{seed}"')
        features.append("name_forwarded")
    if rng.random() < 0.2:
        arguments.append("trainable=False")
        features.append("trainable_forwarded")
    construct = f"Custom{seed}({', '.join(arguments)})"
    shape_text = f"({', '.join(str(dim) for dim in shape)},)"
    models: List[str] = []
    if subclassed:
        lines.append(f"model = {construct}")
        if rng.random() < 0.5:
            lines.append(f"model(keras.Input({shape_text}))")
            features.append("built_on_input")
        else:
            lines.append(f"model(np.zeros((2,) + {shape_text}))")
            features.append("built_on_array")
        models.append("model")
    elif rng.random() < 0.5:
        lines += [f"inputs = keras.Input({shape_text})",
                  "hidden = layers.Dense(4)(inputs)" if dense_first else "hidden = inputs",
                  f"outputs = layers.Dense(2)({construct}(hidden))",
                  "model = keras.Model(inputs, outputs)"]
        models.append("model")
        features.append("in_functional")
    else:
        first = "layers.Dense(4), " if dense_first else ""
        lines.append(f"model = keras.Sequential([keras.Input({shape_text}), {first}{construct}, layers.Dense(2)])")
        models.append("model")
        features.append("in_sequential")
    return CustomProgram(seed, "\n".join(lines) + "\n", models, features)


__all__ = ["CustomProgram", "HOLDERS", "generate"]
