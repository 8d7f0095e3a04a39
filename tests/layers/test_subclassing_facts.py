"""The registry's facts about subclassing a Keras layer class (``class MyLSTM(layers.LSTM)`` with a
``call`` of its own), read off the real classes: which ``call()`` arguments the class's ``build()``
takes shapes of by name, and whether the class's output is what ``call`` returns (Keras's default
``compute_output_shape``) rather than what its own shape method computes."""
from __future__ import annotations

import inspect
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import PLAIN_ATTRIBUTES, Source
from tests.keras_env import keras, layer_class


def _build_inputs(cls: type) -> Tuple[str, ...]:
    from keras.src.utils.python_utils import is_default

    if is_default(cls.build):  # type: ignore[attr-defined]
        return ()
    build = cls.build  # type: ignore[attr-defined]
    parameters = [parameter for parameter in list(inspect.signature(build).parameters.values())[1:]
                  if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.POSITIONAL_ONLY,
                                        parameter.KEYWORD_ONLY)]
    if len(parameters) < 2:
        return ()
    return tuple(parameter.name[:-len("_shape")] for parameter in parameters)


def _output_by_call(cls: type) -> bool:
    from keras.src.utils.python_utils import is_default

    return bool(is_default(cls.compute_output_shape)) and (  # type: ignore[attr-defined]
        cls.compute_output_spec is keras.layers.Layer.compute_output_spec)  # type: ignore[attr-defined]


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_what_a_subclass_overriding_call_must_keep_is_keras_own(class_name: str) -> None:
    cls = layer_class(class_name)
    spec = SPECS[class_name]
    assert (spec.build_inputs, spec.output_by_call) == (_build_inputs(cls), _output_by_call(cls))


def _attribute_cases() -> List[Tuple[str, Dict[str, Any], str]]:
    cases = []
    for class_name, spec in sorted(SPECS.items()):
        for case in spec.examples:
            literal = not case.raises and not any(isinstance(value, Source) for value in case.config.values())
            for name in PLAIN_ATTRIBUTES:
                if literal and name in spec.argument_names:
                    cases.append((class_name, dict(case.config), name))
    return cases


@pytest.mark.parametrize("class_name, config, name", _attribute_cases())
def test_plain_attributes_hold_the_constructor_argument(class_name: str, config: Dict[str, Any], name: str) -> None:
    layer = layer_class(class_name)(**config)
    expected = config.get(name, next(argument.default for argument in SPECS[class_name].signature
                                     if argument.name == name))
    assert getattr(layer, name) == expected
