"""Every entry's ``takes_non_tensor_positional`` against Keras: it is Keras's
``_allow_non_tensor_positional_args``, which ``Layer.__init__`` sets False and some classes'
``__init__`` set True (keras/src/layers/layer.py, step 2 of ``__call__``). Read from the layer
made from the entry's first building example, and, for every entry (the classes Keras constructs
only with TensorFlow included), from the ``__init__`` source of the Keras classes the class is
made of."""
from __future__ import annotations

import inspect

import pytest

from lstm_lint.layers import SPECS
from tests.keras_env import built_by_keras, exported_name, keras, layer_class
from tests.layers.test_built_at_construction import _config, _made

_SETS_TRUE = "self._allow_non_tensor_positional_args = True"


def _set_true_in_source(cls: type) -> bool:
    """Whether the ``__init__`` of the class or of a Keras class it derives from sets the flag; a
    later ``__init__`` setting it False again is looked for too."""
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or not klass.__module__.startswith("keras"):
            continue
        source = inspect.getsource(init)
        if _SETS_TRUE in source:
            return True
        if "self._allow_non_tensor_positional_args = False" in source and klass is not keras.layers.Layer:
            return False
    return False


EXPORTED = sorted(name for name in SPECS if hasattr(keras.layers, exported_name(name)))


@pytest.mark.parametrize("name", EXPORTED)
def test_the_entry_says_what_kerass_init_sets(name: str) -> None:
    assert SPECS[name].takes_non_tensor_positional is _set_true_in_source(layer_class(name))


@pytest.mark.parametrize("name", built_by_keras(EXPORTED))
def test_the_entry_says_what_the_constructed_layer_has(name: str) -> None:
    layer = _made(name, _config(name))
    assert SPECS[name].takes_non_tensor_positional is layer._allow_non_tensor_positional_args


def test_both_kinds_of_class_are_in_the_registry() -> None:
    # A registry where every class said one thing would pass the tests above only vacuously.
    assert {SPECS[name].takes_non_tensor_positional for name in EXPORTED} == {True, False}


def _takes_one_positional(cls: type) -> bool:
    """Whether the ``__call__`` the class has takes only its input positionally (``self, inputs,
    **kwargs``, Keras's DataLayer), read from the signature of the first class defining it."""
    defining = next(klass for klass in cls.__mro__ if "__call__" in klass.__dict__)
    parameters = list(inspect.signature(defining.__dict__["__call__"]).parameters.values())
    positional = [p for p in parameters[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) == 1 and not any(p.kind is p.VAR_POSITIONAL for p in parameters)


@pytest.mark.parametrize("name", EXPORTED)
def test_the_entry_says_whether_its_call_takes_one_positional_argument(name: str) -> None:
    assert SPECS[name].one_positional_argument is _takes_one_positional(layer_class(name))


def test_some_classes_take_one_positional_argument_and_some_more() -> None:
    assert {SPECS[name].one_positional_argument for name in EXPORTED} == {True, False}
