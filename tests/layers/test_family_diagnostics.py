"""A new entry gets its family's diagnostics: rules read traits and checks, never class names.

Each test below takes every entry of the registry with a trait (or a check), builds a fault from
the entry's own first example, confirms in real Keras that the fault is what the rule says (Keras
raises, clamps, drops the mask, gives ones, ...), and requires lstm-lint to report the rule's code.
So an entry added with the trait is checked by every rule of its family, and a trait given to a
class that does not behave that way fails here against Keras.
"""
from __future__ import annotations

import warnings
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

import numpy as np
import pytest

from lstm_lint.config import Settings
from lstm_lint.layers import SPECS
from lstm_lint.layers.checks import PositiveSizes, RateBelowOne
from lstm_lint.layers.spec import Example, LayerSpec, Source
from lstm_lint.layers.traits import Trait
from lstm_lint.lint import lint_file
from tests.keras_env import exported_name, keras

Shape = Tuple[Optional[int], ...]


def _first_example(spec: LayerSpec) -> Optional[Example]:
    """The entry's first example that builds on one input tensor."""
    for case in spec.examples:
        if not case.raises and len(case.inputs) == 1 and not spec.takes_list and not spec.call_inputs:
            return case
    return None


def _with(spec: LayerSpec, **changes: Any) -> Tuple[str, Shape]:
    case = _first_example(spec)
    assert case is not None
    config = {**case.config, **changes}
    arguments = ", ".join(f"{key}={value if isinstance(value, Source) else repr(value)}"
                          for key, value in config.items())
    return f"layers.{exported_name(spec.class_name)}({arguments})", case.inputs[0]


def _entries(test: str, wanted: Any) -> List[str]:
    names = sorted(name for name, spec in SPECS.items() if wanted(spec) and _first_example(spec) is not None)
    assert names, f"{test}: no entry has what it checks"
    return names


def _codes(source: str) -> List[str]:
    return [diagnostic.code for diagnostic in lint_file(source, "family.py", Settings(), None).diagnostics]


def _run(source: str) -> Dict[str, Any]:
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "family.py", "exec"), namespace)
    return namespace


def _program(layer: str, shape: Shape, *more: str) -> str:
    lines = ["import numpy as np", "import keras", "from keras import layers",
             f"inputs = keras.Input(batch_shape={shape!r})", f"layer = {layer}", "outputs = layer(inputs)",
             *more, "model = keras.Model(inputs, outputs)"]
    return "\n".join(lines) + "\n"


def _checks(spec: LayerSpec, kind: type) -> Iterator[Any]:
    return (check for check in spec.checks if isinstance(check, kind))


SIZES = [(name, argument) for name in _entries("sizes", lambda s: any(_checks(s, PositiveSizes)))
         for check in _checks(SPECS[name], PositiveSizes) for argument in check.arguments]


@pytest.mark.parametrize("name,argument", SIZES, ids=[f"{n}-{a}" for n, a in SIZES])
def test_a_zero_size_is_ll102(name: str, argument: str) -> None:
    layer, shape = _with(SPECS[name], **{argument: 0})
    source = _program(layer, shape)
    with pytest.raises(Exception):
        _run(source)
    assert "LL102" in _codes(source), source


RATES = _entries("rates", lambda s: any(_checks(s, RateBelowOne)))


@pytest.mark.parametrize("name", RATES)
def test_a_rate_above_one_is_ll102(name: str) -> None:
    layer, shape = _with(SPECS[name], rate=1.5)
    source = _program(layer, shape)
    with pytest.raises(Exception):
        _run(source)
    assert "LL102" in _codes(source), source


RECURRENT = _entries("recurrent", lambda s: s.has(Trait.RECURRENT))


@pytest.mark.parametrize("name", RECURRENT)
def test_a_reversed_sequence_output_is_ll309(name: str) -> None:
    layer, shape = _with(SPECS[name], go_backwards=True, return_sequences=True, return_state=False)
    source = _program(layer, shape)
    model = _run(source)["model"]
    assert model.output.shape[1] == shape[1]  # a sequence, over the same time axis
    assert "LL309" in _codes(source), source


@pytest.mark.parametrize("name", RECURRENT)
def test_return_state_inside_a_sequential_is_ll105(name: str) -> None:
    layer, shape = _with(SPECS[name], return_state=True)
    source = ("import keras\nfrom keras import layers\n"
              f"model = keras.Sequential([keras.Input(batch_shape={shape!r}), {layer}, layers.Dense(1)])\n")
    with pytest.raises(Exception):
        _run(source)
    assert "LL105" in _codes(source), source


CLAMPING = _entries("clamping", lambda s: s.has(Trait.CLAMPS_DROPOUT))


@pytest.mark.parametrize("name", CLAMPING)
def test_a_dropout_of_twenty_is_clamped_and_ll306(name: str) -> None:
    layer, shape = _with(SPECS[name], dropout=20)
    source = _program(layer, shape)
    built = _run(source)["layer"]
    cell = getattr(built, "cell", built)
    assert cell.dropout == 1.0, "Keras does not clamp the rate: the trait is wrong"
    assert "LL306" in _codes(source), source


CUDNN = _entries("cudnn", lambda s: bool(s.cudnn))


@pytest.mark.parametrize("name", CUDNN)
def test_a_setting_that_rules_out_cudnn_is_ll301_and_with_use_cudnn_ll107(name: str) -> None:
    layer, shape = _with(SPECS[name], activation="relu")
    assert "LL301" in _codes(_program(layer, shape)), layer
    forced, _ = _with(SPECS[name], activation="relu", use_cudnn=True)
    batch = tuple(2 if dim is None else dim for dim in shape)
    source = _program(forced, shape) + f"model.predict(np.zeros({batch!r}), verbose=0)\n"
    with pytest.raises(Exception, match="cuDNN"):
        _run(source)
    assert "LL107" in _codes(source), source


FUSED_CELLS = sorted(name for name, spec in SPECS.items() if spec.fused_layer)


@pytest.mark.parametrize("name", FUSED_CELLS)
def test_a_generic_rnn_of_a_fused_cell_is_ll301(name: str) -> None:
    assert FUSED_CELLS, "no cell has a fused layer"
    fused = SPECS[SPECS[name].fused_layer]
    assert fused.cudnn, f"{fused.class_name} has no cuDNN kernel"
    source = _program(f"layers.RNN(layers.{name}(4))", (None, 5, 3))
    _run(source)
    assert "LL301" in _codes(source), source


def _rank3_entries(spec: LayerSpec) -> bool:
    case = _first_example(spec)
    return spec.masking.supports is False and case is not None and len(case.inputs[0]) == 3 \
        and None not in case.inputs[0][1:]


MASK_DROPPING = _entries("mask dropping", _rank3_entries)


@pytest.mark.parametrize("name", MASK_DROPPING)
def test_a_layer_that_drops_the_mask_is_ll308(name: str) -> None:
    layer, shape = _with(SPECS[name])
    steps, features = shape[1], shape[2]
    source = ("import keras\nfrom keras import layers\n"
              f"inputs = keras.Input(shape=({steps},))\n"
              f"masked = layers.Embedding(10, {features}, mask_zero=True)(inputs)\n"
              f"outputs = {layer}(masked)\n"
              "model = keras.Model(inputs, outputs)\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _run(source)
    assert any("does not support masking" in str(warning.message) for warning in caught), \
        "Keras keeps the mask: the class supports masking"
    assert "LL308" in _codes(source), source


PER_POSITION = _entries("per position", lambda s: s.has(Trait.PER_POSITION))


@pytest.mark.parametrize("name", PER_POSITION)
def test_time_distributed_of_a_per_position_layer_changes_nothing_and_is_ll391(name: str) -> None:
    layer, shape = _with(SPECS[name])
    sequence = (None, 4) + tuple(shape[1:])
    if len(sequence) != 3:
        pytest.skip("the example is not a vector per step")
    alone = _run(_program(layer, sequence))["model"]
    wrapped_source = _program(f"layers.TimeDistributed({layer})", sequence)
    wrapped = _run(wrapped_source)["model"]
    wrapped.set_weights(alone.get_weights())
    data = np.random.default_rng(0).normal(size=(2,) + tuple(sequence[1:])).astype("float32")
    assert np.allclose(alone.predict(data, verbose=0), wrapped.predict(data, verbose=0))
    assert alone.count_params() == wrapped.count_params()
    settings = Settings()
    codes = [d.code for d in lint_file(wrapped_source, "family.py", settings, ["LL391"]).diagnostics]
    assert codes == ["LL391"], wrapped_source


def _size_one_softmax(spec: LayerSpec) -> Optional[Mapping[str, Any]]:
    """The changes that make the entry's example a softmax over a last axis of size 1."""
    case = _first_example(spec)
    if case is None or not spec.has(Trait.OUTPUT_ACTIVATION) or "activation" not in spec.argument_names:
        return None
    for size in ("units", "filters"):
        if size in spec.argument_names:
            return {size: 1, "activation": "softmax"}
    return {"activation": "softmax"} if case.inputs[0][-1] == 1 else None


SOFTMAX = _entries("softmax over one", lambda s: _size_one_softmax(s) is not None)


@pytest.mark.parametrize("name", SOFTMAX)
def test_a_softmax_over_one_value_gives_ones_and_is_ll302(name: str) -> None:
    spec = SPECS[name]
    changes = _size_one_softmax(spec)
    assert changes is not None
    layer, shape = _with(spec, **changes)
    source = _program(layer, shape)
    model = _run(source)["model"]
    batch = tuple(2 if dim is None else dim for dim in shape)
    data = np.random.default_rng(0).normal(size=batch).astype("float32")
    assert np.allclose(model.predict(data, verbose=0), 1.0)
    assert "LL302" in _codes(source), source


def _keras_class(name: str) -> Any:
    return getattr(keras.layers, exported_name(name))


def _init_takes(name: str, argument: str) -> bool:
    import inspect
    return argument in inspect.signature(_keras_class(name).__init__).parameters


def test_traits_agree_with_keras_classes() -> None:
    """The traits that follow from Keras's own class hierarchy and signatures, for every entry: a
    class given a trait it lacks, or missing one it has, fails here."""
    from keras.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell

    def expected(name: str) -> Dict[str, bool]:
        cls = _keras_class(name)
        recurrent = issubclass(cls, keras.layers.RNN)
        return {
            Trait.RECURRENT: recurrent,
            Trait.RECURRENT_WRAPPER: issubclass(cls, keras.layers.Bidirectional),
            Trait.PER_STEP_WRAPPER: issubclass(cls, keras.layers.TimeDistributed),
            Trait.CLAMPS_DROPOUT: issubclass(cls, DropoutRNNCell) or (recurrent and _init_takes(name, "dropout")),
            Trait.DROPOUT: ".regularization." in cls.__module__ and _init_takes(name, "rate"),
        }

    wrong = []
    for name, spec in sorted(SPECS.items()):
        for trait, has in expected(name).items():
            if spec.has(trait) != has:
                wrong.append(f"{name}: {trait} should be {has}")
        if bool(spec.cudnn) != _init_takes(name, "use_cudnn"):
            wrong.append(f"{name}: a cuDNN kernel is {'not ' if spec.cudnn else ''}declared")
    assert wrong == []
