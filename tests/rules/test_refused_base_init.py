"""A layer class of the program's own whose ``__init__`` hands ``**kwargs`` on to Keras's base
``__init__``, constructed with a keyword that base refuses: Keras raises at ``super().__init__``
in every run, so the rest of that ``__init__`` (and of the ``__init__`` methods that called it)
never runs, and the faults written there are not reported: only the refusal is. Each program is
run in real Keras."""
from __future__ import annotations

import textwrap
from typing import List, Optional, Tuple

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_env import keras

# Faults after the base __init__: a keyword Dense does not take, a rate Dropout rejects.
_LAYER = """
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units, activaton="relu")
            self.drop = layers.Dropout(1.5)

        def call(self, x):
            return self.drop(self.dense(x))


    inputs = keras.Input((10, 3))
    model = keras.Model(inputs, Block({arguments})(inputs))
"""
# The refusal one __init__ further down: the one that called it stops there too. (Base holds no
# fault: a class the program never constructs itself is checked on its own, as others may.)
_CHAIN = """
    import keras
    from keras import layers


    class Base(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)


    class Child(Base):
        def __init__(self, units, **kwargs):
            super().__init__(units, **kwargs)
            self.head = layers.Dense(units, activaton="relu")


    inputs = keras.Input((10, 3))
    model = keras.Model(inputs, Child({arguments})(inputs))
"""
# A subclass of a Keras layer class: Dense hands what it does not take to Layer.__init__.
_KERAS_CLASS = """
    import keras
    from keras import layers


    class Projection(layers.Dense):
        def __init__(self, units, **kwargs):
            super().__init__(units, **kwargs)
            self.drop = layers.Dropout(1.5)


    inputs = keras.Input((10, 3))
    model = keras.Model(inputs, Projection({arguments})(inputs))
"""
# A handler may catch the refusal: what it raises on is then not certain, and nothing is reported.
_CAUGHT = """
    import keras
    from keras import layers


    class Tolerant(layers.Layer):
        def __init__(self, **kwargs):
            try:
                super().__init__(**kwargs)
            except ValueError:
                super().__init__()
            self.dense = layers.Dense(4)

        def call(self, x):
            return self.dense(x)


    inputs = keras.Input((10, 3))
    model = keras.Model(inputs, Tolerant({arguments})(inputs))
"""


def _keras_error(text: str) -> Optional[str]:
    keras.backend.clear_session()
    try:
        exec(compile(text, "<program>", "exec"), {"__name__": "__main__"})
    except (ValueError, TypeError) as error:
        return str(error)
    return None


def _found(text: str) -> List[Tuple[int, str]]:
    return [(diagnostic.line, diagnostic.code) for diagnostic in lint_file(text, "a.py", Settings()).diagnostics]


def _line(text: str, fragment: str) -> int:
    return 1 + next(number for number, line in enumerate(text.splitlines()) if fragment in line)


@pytest.mark.parametrize("program", [_LAYER, _CHAIN, _KERAS_CLASS], ids=["layer", "chain", "keras-class"])
def test_only_the_refusal_is_reported(program: str) -> None:
    text = textwrap.dedent(program.format(arguments="units=3, nmae='x'"))
    error = _keras_error(text)
    assert error is not None and "Unrecognized keyword arguments" in error and "nmae" in error
    assert _found(text) == [(_line(text, "nmae="), "LL103")]


def test_with_a_keyword_keras_takes_the_first_fault_after_it_is_reported() -> None:
    # Keras gets past its base __init__ and raises at the Dense below it.
    text = textwrap.dedent(_LAYER.format(arguments="units=3, name='x'"))
    error = _keras_error(text)
    assert error is not None and "activaton" in error
    assert (_line(text, "activaton="), "LL103") in _found(text)


def test_a_handler_that_may_catch_the_refusal_leaves_nothing_certain() -> None:
    text = textwrap.dedent(_CAUGHT.format(arguments="nmae='x'"))
    assert _keras_error(text) is None
    assert _found(text) == []
