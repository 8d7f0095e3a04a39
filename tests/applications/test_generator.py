"""The generator's shortcuts change no measured fact: what Keras builds with them is what Keras
builds without them (the committed data is compared with a fresh measurement in ``test_data.py``)."""
from __future__ import annotations

import collections
from typing import Any, Callable, Counter, Dict, Iterator, List, Tuple

import pytest

from tests.keras_env import keras
from tools import generate_applications
from tools.generate_applications import measuring, remembered_signatures, traced_output_specs

Json = Dict[str, Any]


def described(name: str, **kwargs: Any) -> Json:
    """Everything the generator reads of a model, and every layer's name and output shape."""
    model, used = generate_applications.build(name, **kwargs)
    trainable, non_trainable = generate_applications.params(model)
    return {"counters": used, "params": (trainable, non_trainable), "name": model.name,
            "output": tuple(model.output.shape),
            "layers": [(layer.name, type(layer).__name__, str(layer.output.shape)) for layer in model.layers]}


@pytest.fixture
def numpy_backend_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often the numpy backend's own compute_output_spec ran, per class of the traced call."""
    calls: Counter[str] = collections.Counter()
    numpy_way = generate_applications.keras_backend.compute_output_spec

    def counting(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        owner = getattr(fn, "__self__", None)
        calls[type(owner).__name__ if owner is not None else getattr(fn, "__qualname__", "?")] += 1
        return numpy_way(fn, *args, **kwargs)

    monkeypatch.setattr(generate_applications.keras_backend, "compute_output_spec", counting)
    yield calls


# Applications with layers that have no compute_output_shape, at sizes where the numpy backend's
# way (arithmetic on arrays of the input's shape) is cheap enough to run beside the trace.
TRACED: List[Tuple[str, Json, str]] = [
    ("InceptionResNetV2", {"input_shape": (75, 75, 3)}, "CustomScaleLayer"),
    ("ConvNeXtTiny", {"input_shape": (48, 48, 3)}, "LayerScale"),
]


@pytest.mark.parametrize("name, kwargs, layer_class", TRACED, ids=[name for name, _, _ in TRACED])
def test_traced_output_specs_are_the_numpy_backends(name: str, kwargs: Json, layer_class: str,
                                                    numpy_backend_calls: Counter[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with measuring():
        expected = described(name, weights=None, include_top=False, **kwargs)
        assert numpy_backend_calls[layer_class] > 0
        numpy_backend_calls.clear()
        # The trace alone answers: no cross-check by the numpy backend's way, at any size.
        monkeypatch.setattr(generate_applications, "CROSS_CHECK_ELEMENTS", -1)
        with traced_output_specs():
            traced = described(name, weights=None, include_top=False, **kwargs)
    assert numpy_backend_calls[layer_class] == 0
    assert traced == expected


def test_cross_check_catches_a_trace_that_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the inputs are small the numpy backend's way runs too, and a trace that gave another
    shape (here: a call whose traced ops we make broadcast differently) stops the measurement."""

    class Doubling(keras.layers.Layer):  # type: ignore[misc]
        def call(self, x: Any) -> Any:
            return keras.ops.concatenate([x, x], axis=-1)

    real_concatenate = keras.ops.concatenate

    def lying(tensors: Any, axis: int = 0) -> Any:
        if isinstance(tensors[0], generate_applications.KerasTensor):
            return tensors[0]  # a trace that forgot the second half
        return real_concatenate(tensors, axis=axis)

    keras.backend.clear_session()
    inputs = keras.Input((4, 4, 2))
    monkeypatch.setattr(keras.ops, "concatenate", lying)
    with traced_output_specs(), pytest.raises(AssertionError):
        Doubling()(inputs)


def test_zero_views_give_the_initialisers_sizes() -> None:
    """Variables made while measuring hold a broadcast zero of their own shape and dtype."""
    expected = described("EfficientNetB0", weights=None, include_top=False, input_shape=(32, 32, 1))
    with measuring():
        model, _ = generate_applications.build("EfficientNetB0", weights=None, include_top=False,
                                               input_shape=(32, 32, 1))
        measured = described("EfficientNetB0", weights=None, include_top=False, input_shape=(32, 32, 1))
    assert measured == expected
    variable = model.weights[0]
    value = variable.value
    assert value.shape == tuple(variable.shape) and str(value.dtype) == variable.dtype
    assert value.strides == (0,) * len(value.shape) and not value.any()


def test_remembered_signatures_are_inspects() -> None:
    layer = keras.layers.Dense(3)
    targets = (layer.call, keras.layers.Dense.call, keras.layers.Dense.__init__)
    fresh = [generate_applications.inspect.signature(target) for target in targets]
    with remembered_signatures():
        for _ in range(2):
            again = [generate_applications.inspect.signature(target)
                     for target in (keras.layers.Dense(4).call, keras.layers.Dense.call,
                                    keras.layers.Dense.__init__)]
            assert again == fresh
            spec = generate_applications.inspect.getfullargspec(keras.layers.Dense.__init__)
            spec.args.append("changed")  # a caller's change stays its own
        assert "changed" not in generate_applications.inspect.getfullargspec(keras.layers.Dense.__init__).args
