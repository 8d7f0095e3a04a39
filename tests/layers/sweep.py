"""Many configurations of every modelled ``keras.layers`` class, each built in real Keras and
compared with lstm-lint.

The registry's examples are where each configuration starts (an example is a configuration Keras
builds, on inputs of the right rank): a configuration changes one to three of the constructor
arguments that change shapes or weights (values drawn from ``VALUES``, by argument name), and maybe
the input (a size made ``None``, a size changed, an axis added or dropped), and is built as a
Sequential or a functional model. Keras decides: where it builds, every row (class name, default
name, output shape, parameter count) and every total must be lstm-lint's, and lstm-lint must
report no LL1xx; where it raises, lstm-lint must report an LL1xx. A value lstm-lint leaves unknown
is counted apart: it is no wrong, but the programs here are all literals, so each one is a
configuration lstm-lint could know.

Run by hand for a wide sweep: ``python -m tests.layers.sweep [configurations per class] [first seed]``.
"""
from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.layers import NEEDS_TENSORFLOW, SPECS
from lstm_lint.layers.spec import Example, LayerSpec, Source, example
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_env import exported_name

Shape = Tuple[Optional[int], ...]
Json = Dict[str, Any]

# Values tried for each constructor argument that changes shapes or weights, by Keras's name. The
# same name means different things in different classes (``padding`` of Conv2D and ZeroPadding2D):
# every value is tried wherever the name is an argument, and Keras says which ones it takes.
VALUES: Dict[str, Sequence[Any]] = {
    "units": (1, 2, 5, 16),
    "filters": (1, 2, 4, 6),
    "kernel_size": (1, 2, 3, 5, (2, 3), (3, 1), (1, 2, 3), (2, 2, 2)),
    "strides": (1, 2, 3, (2, 1), (1, 2), (2, 1, 2)),
    "pool_size": (1, 2, 3, (2, 3), (3, 1), (2, 2, 2), None),
    "padding": ("valid", "same", "causal", 1, 2, (1, 2), ((1, 0), (2, 1)), ((1, 0), (0, 2), (1, 1))),
    "dilation_rate": (1, 2, 3, (2, 1), (1, 2, 1)),
    "groups": (1, 2, 3, 4),
    "data_format": ("channels_first", "channels_last"),
    "use_bias": (True, False),
    "depth_multiplier": (1, 2, 3),
    "output_padding": (None, 0, 1, (1, 0), (0, 1, 1)),
    "return_sequences": (True, False),
    "return_state": (True, False),
    "go_backwards": (True, False),
    "num_heads": (1, 2, 3),
    "num_query_heads": (2, 4),
    "num_key_value_heads": (1, 2),
    "head_dim": (2, 3),
    "key_dim": (1, 2, 4),
    "value_dim": (None, 3),
    "output_shape": (None, 5, (2, 3)),
    "attention_axes": (None, 1, (1, 2), -2),
    "axis": (-1, 1, 2, -2, (1, 2), [-1, -2], 3),
    "center": (True, False),
    "scale": (True, False),
    "rms_scaling": (True, False),
    "shared_axes": (None, 1, [1, 2], (2,)),
    "interpolation": ("nearest", "bilinear"),
    "size": (1, 2, 3, (2, 3), (1, 2, 2)),
    "cropping": (1, (1, 2), ((1, 0), (0, 2)), ((1, 1), (2, 0), (0, 1))),
    "target_shape": ((-1,), (2, -1), (-1, 3), (3, 2, -1), (6,), (2, 3)),
    "dims": ((1,), (2, 1), (1, 2), (1, 3, 2), (3, 2, 1)),
    "n": (1, 3),
    "merge_mode": ("concat", "sum", "mul", "ave", None),
    "input_dim": (1, 5, 100),
    "output_dim": (1, 3, 8),
    "height": (1, 3, 8),
    "width": (1, 4, 8),
    "crop_to_aspect_ratio": (True, False),
    "pad_to_aspect_ratio": (True, False),
    "num_tokens": (3, 10),
    "output_mode": ("one_hot", "multi_hot", "count", "int", "tf_idf"),
    "implementation": (1, 2),
    "reset_after": (True, False),
    "use_scale": (True, False),
    "score_mode": ("dot", "concat"),
    "keepdims": (True, False),
    "lora_rank": (None, 1, 2),
    "mask_zero": (True, False),
    "momentum": (0.9,),
    "bias_axes": (None,),
    "num_bins": (2, 5),
    "bin_boundaries": ([0.0, 1.0], [0.5]),
    "sequence_length": (None, 4),
    "dropout": (0.0,),
    "stateful": (False,),
    "unroll": (True, False),
    "normalize": (True, False),
    "use_causal_mask": (True, False),
    "factor": (0.1, (0.1, 0.2)),
}


@dataclass(frozen=True)
class Configuration:
    class_name: str
    config: Dict[str, Any]
    inputs: Tuple[Shape, ...]
    sequential: bool

    def source(self) -> str:
        spec = SPECS[self.class_name]
        arguments = ", ".join(f"{key}={value if isinstance(value, Source) else repr(value)}"
                              for key, value in self.config.items())
        layer = f"layers.{exported_name(spec.class_name)}({arguments})"
        header = "import keras\nfrom keras import layers\n"
        if self.sequential:
            return (f"{header}model = keras.Sequential([keras.Input(batch_shape={self.inputs[0]!r}), "
                    f"{layer}])\n")
        inputs = ", ".join(f"keras.Input(batch_shape={shape!r})" for shape in self.inputs)
        if spec.takes_list:
            call = "layer(inputs)"
        elif spec.call_inputs:
            call = "layer(*inputs)"
        else:
            call = "layer(inputs[0])"
        return (f"{header}inputs = [{inputs}]\nlayer = {layer}\noutputs = {call}\n"
                f"model = keras.Model(inputs, outputs)\n")


SWEPT = {name: spec for name, spec in sorted(SPECS.items()) if name not in NEEDS_TENSORFLOW}

# Where to start for the entries that came before the registry carried examples (the differential
# generators check them, in models of many layers); configurations Keras builds.
STARTS: Dict[str, Tuple[Example, ...]] = {
    "ActivityRegularization": (example({"l1": 0.01}, (None, 4)),),
    "Add": (example({}, (None, 4), (None, 4)), example({}, (None, 3, 4), (None, 1, 4))),
    "Average": (example({}, (None, 4), (None, 4)), example({}, (None, 2, 4), (None, 2, 4), (None, 2, 4))),
    "Maximum": (example({}, (None, 4), (None, 4)),),
    "Minimum": (example({}, (None, 2, 4), (None, 2, 4)),),
    "Multiply": (example({}, (None, 4), (None, 1)),),
    "Subtract": (example({}, (None, 3, 4), (None, 3, 4)),),
    "Concatenate": (example({"axis": -1}, (None, 3, 4), (None, 3, 2)),
                    example({"axis": 1}, (None, 3, 4), (None, 2, 4))),
    "AveragePooling1D": (example({"pool_size": 2}, (None, 8, 3)),),
    "MaxPooling1D": (example({"pool_size": 3, "strides": 1}, (None, 9, 3)),),
    "AveragePooling2D": (example({"pool_size": (2, 2)}, (None, 8, 6, 3)),),
    "MaxPooling2D": (example({"pool_size": 2, "padding": "same"}, (None, 7, 7, 2)),),
    "GaussianNoise": (example({"stddev": 0.1}, (None, 5)),),
    "GlobalAveragePooling1D": (example({}, (None, 6, 3)),),
    "GlobalMaxPooling1D": (example({}, (None, 6, 3)),),
    "GlobalAveragePooling2D": (example({}, (None, 6, 5, 3)),),
    "GlobalMaxPooling2D": (example({}, (None, 6, 5, 3)),),
    "Identity": (example({}, (None, 6, 3)),),
    "Lambda": (example({"function": Source("lambda t: t * 2"), "output_shape": (6, 3)}, (None, 6, 3)),),
    "Masking": (example({"mask_value": 0.0}, (None, 6, 3)),),
    "UnitNormalization": (example({"axis": -1}, (None, 6, 3)),),
}


def _starts(spec: LayerSpec) -> List[Example]:
    return [case for case in spec.examples + STARTS.get(spec.class_name, ())
            if not case.raises and not case.fails_when_run]


def _arguments(spec: LayerSpec) -> List[str]:
    names = [argument.name for argument in spec.signature + spec.keyword_arguments]
    return [name for name in names if name in VALUES]


def _changed_input(rng: random.Random, shape: Shape) -> Shape:
    dims = list(shape)
    choice = rng.random()
    if len(dims) > 1 and choice < 0.4:
        dims[rng.randrange(1, len(dims))] = None
    elif len(dims) > 1 and choice < 0.75:
        axis = rng.randrange(1, len(dims))
        dims[axis] = rng.choice((1, 2, 3, 5, 7, 8, 12))
    elif choice < 0.88:
        dims.insert(rng.randrange(1, len(dims) + 1), rng.choice((2, 3, 4)))
    elif len(dims) > 2:
        del dims[rng.randrange(1, len(dims))]
    return tuple(dims)


def configurations(name: str, count: int, seed: int = 0) -> List[Configuration]:
    """``count`` configurations of the class (fewer when it has nothing to vary), the same for the
    same seed; the registry's examples themselves are left to the per-entry test."""
    spec = SWEPT[name]
    starts = _starts(spec)
    if not starts:
        return []
    rng = random.Random(f"{name}/{seed}")
    arguments = _arguments(spec)
    found: Dict[str, Configuration] = {}
    for _ in range(count * 4):
        if len(found) >= count:
            break
        start = rng.choice(starts)
        config = dict(start.config)
        for argument in rng.sample(arguments, min(len(arguments), rng.randint(1, 3))) if arguments else []:
            config[argument] = rng.choice(VALUES[argument])
        inputs = list(start.inputs)
        if not arguments or rng.random() < 0.5:
            index = rng.randrange(len(inputs))
            inputs[index] = _changed_input(rng, inputs[index])
            if spec.takes_list or spec.call_inputs:  # the others often change alike (merges)
                inputs = [inputs[index] if rng.random() < 0.5 else shape for shape in inputs]
        single = len(inputs) == 1 and not spec.takes_list and not spec.call_inputs
        made = Configuration(name, config, tuple(inputs), single and rng.random() < 0.4)
        key = made.source()
        if key not in found and not (made.config == start.config and made.inputs == start.inputs):
            found[key] = made
    return list(found.values())


@dataclass
class Outcome:
    verdict: str  # "exact", "unknown", "wrong", "raises" (both agree), "missed" (no LL1xx), "alarm"
    details: List[str] = field(default_factory=list)


def _fails_when_run(source: str, inputs: Sequence[Shape]) -> bool:
    """Whether the model Keras built fails on data of every size tried for its ``None`` sizes."""
    import numpy as np

    from tests.keras_env import keras

    for size in (2, 9):
        keras.backend.clear_session()
        namespace: Dict[str, Any] = {}
        exec(compile(source, "sweep.py", "exec"), namespace)  # noqa: S102 - our own text
        data = [np.zeros(tuple(size if dim is None else dim for dim in shape), dtype="float32") for shape in inputs]
        try:
            namespace["model"](data if len(data) > 1 else data[0])
        except Exception:  # Keras's own error, whatever its type
            continue
        return False
    return True


def _unknown(value: Any) -> bool:
    if value is None or value == "?":
        return True
    if isinstance(value, list):
        return any(_unknown(item) for item in value)
    return False


def _keras_unknown(value: Any) -> bool:
    return value is None


def compare(made: Configuration) -> Outcome:
    source = made.source()
    try:
        expected = reference.module_models(source)
    except Exception as error:  # Keras rejects the configuration
        codes = [d.code for d in lint_file(source, "sweep.py", Settings(), None).diagnostics]
        if any(code.startswith("LL1") for code in codes):
            return Outcome("raises")
        return Outcome("missed", [f"Keras raises {type(error).__name__}: {str(error)[:300]}", f"lstm-lint: {codes}"])
    codes = [d.code for d in lint_file(source, "sweep.py", Settings(), None).diagnostics]
    alarms = [code for code in codes if code.startswith("LL1") or code == "LL900"]
    if alarms:
        if _fails_when_run(source, made.inputs):
            return Outcome("raises")  # built, and fails whenever it runs: the LL1xx holds
        return Outcome("alarm", [f"Keras builds it and runs it, lstm-lint reports {alarms}"])
    got = analyse_source(source, "sweep.py").to_json()["models"]
    if len(got) != 1:
        return Outcome("wrong", [f"lstm-lint finds {len(got)} models"])
    want = expected[0]
    mine = got[0]
    wrong: List[str] = []
    unknown: List[str] = []
    for key in ("total_params", "trainable_params", "non_trainable_params"):
        if mine.get(key) is None:
            unknown.append(key)
        elif mine[key] != want[key]:
            wrong.append(f"{key}: keras {want[key]}, lstm-lint {mine[key]}")
    rows_want = want["layers"]
    rows_got = mine["layers"]
    if len(rows_want) != len(rows_got):
        wrong.append(f"rows: keras {[(r['name'], r['type']) for r in rows_want]}, "
                     f"lstm-lint {[(r['name'], r['type']) for r in rows_got]}")
    else:
        for a, b in zip(rows_want, rows_got):
            for key in ("name", "type", "output_shape", "params"):
                if key in ("output_shape", "params") and _unknown(b.get(key)) and a.get(key) != b.get(key):
                    if _matches_known_parts(a.get(key), b.get(key)):
                        unknown.append(f"{a['name']}.{key}")
                        continue
                if a.get(key) != b.get(key):
                    wrong.append(f"{a['name']}.{key}: keras {a.get(key)!r}, lstm-lint {b.get(key)!r}")
    if wrong:
        return Outcome("wrong", wrong)
    if unknown:
        return Outcome("unknown", unknown)
    return Outcome("exact")


def _matches_known_parts(want: Any, got: Any) -> bool:
    """An unknown value (``None`` count, ``"?"`` size) agrees with anything; the known parts must
    be Keras's (a shape's rank and its known sizes)."""
    if got is None or got == "?":
        return True
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(_matches_known_parts(a, b) for a, b in zip(want, got))
    return bool(want == got)


def sweep(names: Sequence[str], count: int, seed: int = 0) -> Tuple[Counter[str], Dict[str, List[str]]]:
    """Per verdict, how many configurations; per class, the reports of each wrong, miss or alarm."""
    verdicts: Counter[str] = Counter()
    reports: Dict[str, List[str]] = {}
    for name in names:
        for made in configurations(name, count, seed):
            try:
                outcome = compare(made)
            except Exception as error:  # lstm-lint itself failed: as wrong as a wrong count
                outcome = Outcome("wrong", [f"lstm-lint raised {type(error).__name__}: {error}"])
            verdicts[outcome.verdict] += 1
            if outcome.verdict in ("wrong", "missed", "alarm"):
                details = "".join(f"    {line}\n" for line in outcome.details)
                reports.setdefault(name, []).append(f"--- {outcome.verdict} ---\n{made.source()}{details}")
    return verdicts, reports


def main(arguments: List[str]) -> None:
    count = int(arguments[0]) if arguments else 20
    seed = int(arguments[1]) if len(arguments) > 1 else 0
    names = arguments[2:] or list(SWEPT)
    total: Counter[str] = Counter()
    for name in names:
        verdicts, reports = sweep([name], count, seed)
        total += verdicts
        print(f"{name}: {dict(verdicts)}", flush=True)
        for text in reports.get(name, []):
            print(text, flush=True)
    print(f"TOTAL {len(names)} classes: {dict(total)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])


# Classes on some of whose configurations Keras raises where lstm-lint reports nothing yet (seeds 1
# to 3): what lstm-lint shows for them is no wrong (Keras shows nothing), but an LL1xx is missing.
# GRUCell, SimpleRNNCell: a state with a None last axis ((None, None)), or a step or state of rank
# 3 whose time axis meets the other's batch axis in a broadcast (GRUCell's rank-3 states are
# LL104). The numpy and JAX backends trace call() with stand-in sizes for None (83, 89), so the
# state's None meets the recurrent kernel's ``units`` rows, or the batch meets the time axis;
# TensorFlow traces with None and builds the model, which runs on data of fitting sizes. Whether
# it builds depends on the backend (and its run on the data), so no diagnostic holds.
# MultiHeadAttention, GroupedQueryAttention: inputs of ranks or unknown sizes their build() cannot take.
KNOWN_MISSES = (
    "GRUCell", "GroupedQueryAttention", "MultiHeadAttention", "SimpleRNNCell",
)

# Classes the sweep has no configuration for, and why.
NOT_SWEPT = {
    "LSTMCell": "called on a list of two states, which one tensor per call argument cannot express "
                "(its registry examples and RNN(cell) configurations cover it)",
    "StackedRNNCells": "called on a list of states per cell (RNN(StackedRNNCells(...)) configurations cover it)",
}
