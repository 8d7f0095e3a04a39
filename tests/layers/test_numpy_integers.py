"""Each entry's ``numpy_integers`` against real Keras: for every argument it names, an example of
the entry gives that argument an int (or a sequence of ints), and given as NumPy integers
(``np.int64``, what ``np.prod(shape)`` gives) Keras builds exactly what the Python ints build
(``accepted``, ``accepted_in_sequences``), and lstm-lint gives the same row, or Keras raises
(``refused``), and lstm-lint reports LL102."""
from __future__ import annotations

from typing import Any, List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import Example, LayerSpec, Source
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_env import built_by_keras
from tests.layers.test_registry import example_program


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_numpy(value: Any) -> Any:
    """The example's value written with NumPy integers, as source."""
    if _integer(value):
        return Source(f"np.int64({value})")
    items = ", ".join(f"np.int64({item})" if _integer(item) else repr(item) for item in value)
    return Source(f"({items},)" if isinstance(value, tuple) else f"[{items}]")


def _covering(spec: LayerSpec, argument: str, in_sequence: bool) -> List[Example]:
    return [case for case in spec.examples if not case.raises and argument in case.config and (
        isinstance(case.config[argument], (list, tuple)) and any(_integer(item) for item in case.config[argument])
        if in_sequence else _integer(case.config[argument]))]


def _as_sequences(spec: LayerSpec, argument: str) -> List[Example]:
    """An example giving ``argument`` an int, with the int written as the tuple of it Keras
    builds the same from (``kernel_size=3`` as ``(3, 3)`` for Conv2D)."""
    for case in _covering(spec, argument, False):
        for length in (1, 2, 3):
            written = Example(dict(case.config, **{argument: (case.config[argument],) * length}), case.inputs)
            try:
                reference.module_models(example_program(spec, written))
            except Exception:  # not a length this argument takes
                continue
            return [written]
    return []


CASES: List[Tuple[str, str, str]] = sorted(
    (name, kind, argument) for name, spec in SPECS.items()
    for kind in ("accepted", "refused", "accepted_in_sequences")
    for argument in getattr(spec.numpy_integers, kind))


def test_some_entries_declare_numpy_integers() -> None:
    assert {"Dense", "Embedding", "LSTM", "Conv2D", "Reshape"} <= {name for name, _, _ in CASES}


@pytest.mark.parametrize("name,kind,argument", built_by_keras(CASES),
                         ids=[f"{name}-{argument}-{kind}" for name, kind, argument in CASES])
def test_declared_against_keras(name: str, kind: str, argument: str) -> None:
    spec = SPECS[name]
    covering = _covering(spec, argument, kind == "accepted_in_sequences")
    if not covering and kind == "accepted_in_sequences":
        covering = _as_sequences(spec, argument)
    assert covering, f"no example of {name} gives {argument}= an int: the declaration is not checked"
    case = covering[0]
    source = example_program(spec, Example(dict(case.config, **{argument: _as_numpy(case.config[argument])}),
                                           case.inputs))
    if kind == "refused":
        with pytest.raises(Exception):  # Keras's own error, whatever its type
            reference.module_models(source)
        codes = [diagnostic.code for diagnostic in lint_file(source, "example.py", Settings(), None).diagnostics]
        assert "LL102" in codes, source
        return
    plain = reference.module_models(example_program(spec, case))
    expected = reference.module_models(source)
    assert expected == plain, f"Keras builds otherwise with NumPy integers:\n{source}"
    got = analyse_source(source, "example.py").to_json()["models"]
    row = next(layer for layer in expected[0]["layers"] if layer["type"] == name)
    ours = next(layer for layer in got[0]["layers"] if layer["type"] == name)
    assert (ours["output_shape"], ours["params"]) == (row["output_shape"], row["params"]), source
    assert got[0]["total_params"] == expected[0]["total_params"], source


DECODER_HEAD = """
import numpy as np
import keras
from keras import layers

shape_before_flattening = (4, 4, 8)
inputs = keras.Input(shape=(np.prod((2, 1)),))
x = layers.Dense({units}, activation="relu")(inputs)
x = layers.Reshape(shape_before_flattening)(x)
x = layers.Reshape((np.prod(shape_before_flattening) // 2, 2))(x)
model = keras.Model(inputs, x)
"""


def test_int_of_np_prod_builds_as_keras_builds_it() -> None:
    source = DECODER_HEAD.format(units="int(np.prod(shape_before_flattening))")
    [expected] = reference.module_models(source)
    [got] = analyse_source(source, "decoder.py").to_json()["models"]
    assert [(row["name"], row["output_shape"], row["params"]) for row in got["layers"]] == [
        (row["name"], row["output_shape"], row["params"]) for row in expected["layers"]]
    assert got["total_params"] == expected["total_params"] == 3 * 128
    assert lint_file(source, "decoder.py", Settings(), None).diagnostics == []


def test_np_prod_as_units_is_rejected() -> None:
    source = DECODER_HEAD.format(units="np.prod(shape_before_flattening)")
    with pytest.raises(ValueError, match="expected a positive integer"):
        reference.module_models(source)
    diagnostics = lint_file(source, "decoder.py", Settings(), None).diagnostics
    assert [(diagnostic.line, diagnostic.code) for diagnostic in diagnostics] == [(8, "LL102")]
    [model] = analyse_source(source, "decoder.py").to_json()["models"]
    assert model["total_params"] is None


def test_numpy_takes_its_own_integers_as_sizes() -> None:
    source = """
import numpy as np
import keras
from keras import layers

x_train = np.zeros((60, 28, 28))
x_flat = x_train.reshape((len(x_train), np.prod(x_train.shape[1:])))
noise = np.zeros((8, np.prod((4, 4))))
model = keras.Sequential([keras.Input(shape=(x_flat.shape[1],)), layers.Dense(noise.shape[1])])
"""
    [expected] = reference.module_models(source)
    [got] = analyse_source(source, "flat.py").to_json()["models"]
    assert got["total_params"] == expected["total_params"] == 784 * 16 + 16
    assert [row["output_shape"] for row in got["layers"]] == [row["output_shape"] for row in expected["layers"]]
