"""Each LayerSpec's signature is Keras's own: same argument names, positional order, defaults.
Positional arguments are bound by this order, so a drift here would silently misread calls."""
from __future__ import annotations

import inspect

import pytest

from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import REQUIRED
from tests.keras_env import keras


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_signature_matches_keras(class_name: str) -> None:
    spec = SPECS[class_name]
    keras_class = getattr(keras.layers, class_name)
    parameters = [
        parameter for name, parameter in inspect.signature(keras_class.__init__).parameters.items()
        if name != "self" and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    ]
    assert [p.name for p in parameters] == list(spec.argument_names)
    for parameter, argument in zip(parameters, spec.signature):
        expected = REQUIRED if parameter.default is inspect.Parameter.empty else parameter.default
        assert argument.default == expected, f"{class_name}.{argument.name}"
    has_var_keyword = any(p.kind == p.VAR_KEYWORD
                          for p in inspect.signature(keras_class.__init__).parameters.values())
    assert spec.accepts_base_kwargs == has_var_keyword


def test_default_names_are_keras_snake_case() -> None:
    for class_name, spec in SPECS.items():
        layer = getattr(keras.layers, class_name)
        assert keras.src.utils.naming.to_snake_case(layer.__name__) == spec.default_name
