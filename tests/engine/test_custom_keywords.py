"""LL103 on the constructors of the program's own layer classes, exactly where Keras 3 (or
Python's binding of the call to ``__init__``) raises: a keyword that reaches Keras's base
``Layer.__init__`` through ``**kwargs`` and is not one it takes, a keyword or positional argument
the class's own ``__init__`` has no parameter for. Each case is run in Keras too."""
from __future__ import annotations

from typing import List, Tuple

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_env import keras

CLASSES = '''import json
import os
import keras
from keras import layers

OPTIONS = json.loads(os.environ.get("PAIR_OPTIONS", "{}"))  # no options in these tests' runs


class Pair(layers.Layer):
    def __init__(self, units, **kwargs):
        self.rate = kwargs.pop("rate", 0.1)
        super().__init__(**kwargs)
        self.a = layers.Dense(units)

    def call(self, x):
        return self.a(x)


class Fixed(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.a = layers.Dense(units)

    def call(self, x):
        return self.a(x)


class Swallow(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__()
        self.a = layers.Dense(units)

    def call(self, x):
        return self.a(x)


class Plain(layers.Layer):
    pass


class MyDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)


class Mixin:
    def __init__(self, extra=None, **kwargs):
        self.extra = extra
        super().__init__(**kwargs)


class Mixed(Mixin, layers.Layer):
    def call(self, x):
        return x


class Filtered(Pair):
    def __init__(self, **kwargs):
        super().__init__(3, **{key: value for key, value in kwargs.items() if key in ("name", "rate")})


'''

RAISING: List[Tuple[str, str]] = [
    ('Pair(3, nme="oops")', "Unrecognized keyword arguments passed to Pair: {'nme': 'oops'}"),
    ("Pair(3, return_sequences=True)", "Unrecognized keyword arguments passed to Pair"),
    ('Fixed(3, name="fixed")', "got an unexpected keyword argument 'name'"),
    ("Fixed(3, 4)", "takes 2 positional arguments but 3 were given"),
    ("Plain(3)", "takes 1 positional argument but 2 were given"),
    ("Plain(units=3)", "Unrecognized keyword arguments passed to Plain"),
    ('MyDense(3, activaton="relu")', "Unrecognized keyword arguments passed to MyDense"),
]

BUILDING = [
    'Pair(3, name="ok", dtype="float32", trainable=False, rate=0.2, input_shape=(4,))',
    'Pair(3, autocast=False, activity_regularizer="l2")',
    'Swallow(2, nme="ignored")',
    'MyDense(2, activation="relu", name="mine")',
    "Mixed(extra=1)",
    "Filtered(nme=1, rate=0.3)",
    "Pair(3, **OPTIONS)",  # what the splat holds differs between runs
]


def _codes_on_last_line(source: str) -> List[str]:
    last = source.count("\n")
    return [diagnostic.code for diagnostic in lint_source(source, "layers.py", Settings())
            if diagnostic.line == last]


@pytest.mark.parametrize("call, message", RAISING, ids=[call for call, _ in RAISING])
def test_an_argument_the_constructor_refuses_is_ll103(call: str, message: str) -> None:
    source = CLASSES + f"layer = {call}\n"
    keras.backend.clear_session()
    with pytest.raises((ValueError, TypeError)) as raised:
        exec(compile(source, "layers.py", "exec"), {"__name__": "__main__"})
    assert message in str(raised.value)
    assert _codes_on_last_line(source) == ["LL103"]


@pytest.mark.parametrize("call", BUILDING)
def test_arguments_the_constructor_takes_raise_nothing(call: str) -> None:
    source = CLASSES + f"layer = {call}\n"
    keras.backend.clear_session()
    exec(compile(source, "layers.py", "exec"), {"__name__": "__main__"})
    assert "LL103" not in _codes_on_last_line(source)


def test_the_message_names_the_class_and_a_close_keyword() -> None:
    source = CLASSES + 'layer = Pair(3, nme="oops")\n'
    messages = [diagnostic.message for diagnostic in lint_source(source, "layers.py", Settings())
                if diagnostic.code == "LL103"]
    assert messages == ["Pair 'pair': unknown keyword argument nme= (did you mean name=?)"]
