"""LL115: what Keras 3's ``Layer.__call__`` refuses in the arguments of a call of a layer class of
the program's own (a mask given positionally, a flag given positionally, a call that does not
bind), each call run in real Keras: LL115 fires exactly where Keras raises."""
from __future__ import annotations

from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_env import keras

_PROGRAM = '''import keras
from keras import layers


class Block(layers.Layer):
    def call(self, {signature}):
        return x


x = keras.Input((10, 8))
masked = layers.Masking()(x)
y = Block()({arguments})
'''

# (call's parameters after self, the call's arguments)
CALLS = [
    ("x, mask", "x, None"),
    ("x, mask=None", "x, None"),
    ("x, mask=None", "masked, None"),  # the input's mask exists: Keras passes mask= all the same
    ("x, mask=None", "x, mask=None"),
    ("x, mask=None", "x, x"),  # two tensor arguments: Keras fills no mask
    ("x, mask", "x"),
    ("x, training", "x, True"),
    ("x, training=None", "x, False"),
    ("x, training=None", "x, None"),
    ("x, training=None", "x, training=True"),
    ("x, y, mask=None", "x, x, None"),
    ("query, value, query_mask=None", "x, x, None"),
    ("inputs, training=None, mask=None", "x, None, None"),
    ("x, mask=None", "[x, x], None"),
    ("x, mask=None", "[x, None], None"),
    ("x, mask=None", "x, None, training=True"),
    ("x, *args", "x, None"),
    ("x, mask=None, **kwargs", "x, None"),
    ("x, extra", "x, 3"),
    ("x, extra=2", "x, extra=3"),
    ("x", "x, None"),
]


def _raises_in_keras(source: str) -> bool:
    keras.backend.clear_session()
    try:
        exec(compile(source, "<call>", "exec"), {"__name__": "__main__"})
    except (TypeError, ValueError):
        return True
    return False


def _codes(source: str) -> List[str]:
    return [diagnostic.code for diagnostic in lint_source(source, "calls.py", Settings())]


@pytest.mark.parametrize("signature, arguments", CALLS, ids=[f"{s} <- {a}" for s, a in CALLS])
def test_ll115_fires_exactly_where_keras_refuses_the_call(signature: str, arguments: str) -> None:
    source = _PROGRAM.format(signature=signature, arguments=arguments)
    assert _codes(source) == (["LL115"] if _raises_in_keras(source) else [])


def test_the_calls_keras_refuses_are_a_good_share_of_the_cases() -> None:
    raised = [case for case in CALLS if _raises_in_keras(_PROGRAM.format(signature=case[0], arguments=case[1]))]
    assert ("x, mask", "x, None") in raised and ("x, mask=None", "x, mask=None") not in raised
    assert 8 <= len(raised) <= len(CALLS) - 6


NESTED = '''import keras
from keras import layers


class EncoderLayer(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x, mask):
        return self.dense(x)


class Encoder(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [EncoderLayer(units) for _ in range(2)]

    def call(self, x, mask=None):
        for block in self.blocks:
            x = block(x, mask)
        return x


inputs = keras.Input((10, 8))
model = keras.Model(inputs, Encoder(8)(inputs))
'''


def test_a_mask_passed_on_by_position_inside_call_is_reported_where_keras_raises() -> None:
    assert _raises_in_keras(NESTED)
    diagnostics = lint_source(NESTED, "nested.py", Settings())
    assert {(d.code, d.line) for d in diagnostics} == {("LL115", 17)}
    assert all("line 21" in d.message for d in diagnostics)
    fixed = NESTED.replace("block(x, mask)", "block(x, mask=mask)")
    assert not _raises_in_keras(fixed) and _codes(fixed) == []


def test_calls_that_may_not_happen_or_of_unknown_values_are_not_reported() -> None:
    undecided = NESTED.replace("        for block in self.blocks:\n            x = block(x, mask)\n",
                               "        if self.trainable and len(str(x)) > 3:\n"
                               "            x = self.blocks[0](x, mask)\n")
    assert _codes(undecided) == []
    unknown = _PROGRAM.format(signature="x, mask=None", arguments="x, flag").replace(
        "x = keras.Input", "import os\nflag = os.environ.get('FLAG')\nx = keras.Input")
    assert _codes(unknown) == []
    keras2 = _PROGRAM.format(signature="x, mask", arguments="x, None")
    assert [d.code for d in lint_source(keras2, "calls.py", Settings(target_keras=2))] == []
