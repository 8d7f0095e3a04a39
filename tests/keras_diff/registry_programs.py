"""A third generator: models chained from the registry's own entries, whatever their family.

The other two generators hand-code each layer they know. This one picks layers from
``lstm_lint.layers.SPECS``: each step takes an entry's example configuration (the examples the
per-entry test already checks alone) and calls it on the model's current tensor, so a new entry
is drawn into multi-layer programs as soon as it has examples. Shapes are not tracked here: each
candidate step is tried in Keras while the program is written, and kept only if Keras builds it,
so every program is one Keras builds (sequences of layers no hand-written generator would try).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from lstm_lint.layers import NEEDS_TENSORFLOW, SPECS
from lstm_lint.layers.spec import Example, LayerSpec, Source
from tests.keras_env import exported_name, keras

Shape = Tuple[Optional[int], ...]
# The entries drawn: not those Keras builds only with TensorFlow (no test dependency; their examples
# are compared with a recording instead), so that a seed makes the same program with or without it.
DRAWN = {name: spec for name, spec in SPECS.items() if name not in NEEDS_TENSORFLOW}


@dataclass(frozen=True)
class Step:
    expression: str  # ``layers.Dense(units=4)``
    call: str  # how the layer is called on ``x``: "{layer}(x)", "{layer}([x, x])", "{layer}(x, x)"
    class_name: str


def _expression(spec: LayerSpec, case: Example) -> str:
    arguments = ", ".join(f"{key}={value if isinstance(value, Source) else repr(value)}"
                          for key, value in case.config.items())
    return f"layers.{exported_name(spec.class_name)}({arguments})"


def _steps() -> List[Tuple[Step, int]]:
    """Every example that builds, as a step, with the rank of input it was written for."""
    found = []
    for name, spec in sorted(DRAWN.items()):
        for case in spec.examples:
            if case.raises:
                continue
            if spec.takes_list:
                call = "{layer}([x, x])"
            elif spec.call_inputs:
                call = "{layer}(x, x)"
            elif len(case.inputs) == 1:
                call = "{layer}(x)"
            else:
                continue
            found.append((Step(_expression(spec, case), call, name), len(case.inputs[0])))
    return found


STEPS = _steps()


@dataclass
class RegistryProgram:
    seed: int
    source: str
    classes: Tuple[str, ...]


def _first_inputs() -> List[Tuple[Step, Shape]]:
    return [(step, case.inputs[0]) for name, spec in sorted(DRAWN.items()) for case in spec.examples
            if not case.raises and len(case.inputs) == 1 and not spec.takes_list and not spec.call_inputs
            for step in [Step(_expression(spec, case), "{layer}(x)", name)]]


FIRST = _first_inputs()


def generate(seed: int, length: int = 4, tries: int = 12) -> Optional[RegistryProgram]:
    """A program of up to ``length`` layers that Keras builds, or None when no first step does."""
    rng = random.Random(seed)
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"keras": keras, "layers": keras.layers}
    first, shape = rng.choice(FIRST)
    namespace["x"] = keras.Input(batch_shape=shape)
    chosen: List[Step] = []
    for position in range(length):
        rank = len(namespace["x"].shape)
        pool = [first] if position == 0 else [step for step, written_for in STEPS if written_for == rank]
        for _ in range(tries if position else 1):
            step = rng.choice(pool)
            try:
                output = eval(step.call.format(layer=step.expression), namespace)  # noqa: S307 - our own text
            except Exception:
                continue
            if isinstance(output, keras.KerasTensor):
                namespace["x"] = output
                chosen.append(step)
                break
        else:
            if position == 0:
                return None
    sequential = rng.random() < 0.4 and all(step.call == "{layer}(x)" for step in chosen)
    header = "import keras\nfrom keras import layers\n\n"
    if sequential:
        rows = "".join(f"    {step.expression},\n" for step in chosen)
        source = f"{header}model = keras.Sequential([\n    keras.Input(batch_shape={shape!r}),\n{rows}])\n"
    else:
        calls = "".join(f"x = {step.call.format(layer=step.expression)}\n" for step in chosen)
        source = f"{header}inputs = keras.Input(batch_shape={shape!r})\nx = inputs\n{calls}" \
                 "model = keras.Model(inputs, x)\n"
    return RegistryProgram(seed, source, tuple(step.class_name for step in chosen))
