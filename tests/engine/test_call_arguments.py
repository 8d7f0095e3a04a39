"""LL115: what Keras 3's ``Layer.__call__`` refuses in the arguments of a call of a layer class of
the program's own (a mask given positionally, a flag given positionally, a call that does not
bind) or of a Keras class (a flag given positionally), each call run in real Keras: LL115 fires
exactly where Keras raises, and what the call would give is unknown."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint.analysis import ModelSummary
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.formats.summary_text import render_model
from lstm_lint.lint import lint_source
from lstm_lint.values import Unknown
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


_KERAS_PROGRAM = '''import keras
from keras import layers

x = keras.Input((10, 8))
h = layers.LSTM(16, return_sequences=True)(x)
h = layers.{call}
out = layers.LSTM(4)(h)
model = keras.Model(x, out)
'''

# Calls of Keras's own classes: a Python value given positionally is refused by every class but
# those that take data (the preprocessing layers), whose ``__call__`` takes nothing positionally
# but its input.
KERAS_CALLS = [
    "Dropout(0.5)(h, True)",
    "Dropout(0.5)(h, None)",
    "Dropout(0.5)(h, training=True)",
    "GaussianNoise(0.1)(h, False)",
    "LayerNormalization()(h, 1)",
    "LSTM(8, return_sequences=True)(h, None, True)",
    "LSTM(8, return_sequences=True)(h, training=False)",
    "Rescaling(0.5)(h)",
    "Rescaling(0.5)(h, None)",
    "RandomTranslation(0.1, 0.1)(h, training=True)",
    "RandomTranslation(0.1, 0.1)(h, True)",
]


@pytest.mark.parametrize("call", KERAS_CALLS)
def test_ll115_fires_for_keras_classes_exactly_where_keras_refuses_the_call(call: str) -> None:
    source = _KERAS_PROGRAM.format(call=call)
    assert _codes(source) == (["LL115"] if _raises_in_keras(source) else [])


def test_keras_refuses_some_of_the_calls_of_its_own_classes() -> None:
    refused = [call for call in KERAS_CALLS if _raises_in_keras(_KERAS_PROGRAM.format(call=call))]
    assert "Dropout(0.5)(h, True)" in refused and "Dropout(0.5)(h, None)" not in refused
    assert 3 <= len(refused) <= len(KERAS_CALLS) - 3


def _model(source: str, target_keras: int = 3) -> ModelSummary:
    (model,) = analyse_program(source, "calls.py", target_keras=target_keras).analysis.models
    return model


def test_a_refused_call_leaves_no_count_and_nothing_reported_past_it() -> None:
    """No run gets past the refused call: the model's totals are unknown, saying why, and a call
    Keras would refuse too further down the same tensors is not reported (no run reaches it)."""
    source = _KERAS_PROGRAM.format(call="Dropout(0.5)(h, True)").replace(
        "out = layers.LSTM(4)(h)", "out = layers.LSTM(4)(h, None, True)")
    assert _raises_in_keras(source)
    assert [(d.code, d.line) for d in lint_source(source, "calls.py", Settings())] == [("LL115", 6)]
    model = _model(source)
    assert isinstance(model.total_params, Unknown)
    assert "line 6: Keras raises at this call of Dropout (LL115): no run gets past it" \
        in render_model(model, "calls.py")
    # Under target 2, tf.keras 2 took the flag positionally: the counts are those of the model the
    # flags given by keyword make.
    by_keyword = source.replace("(h, True)", "(h, training=True)").replace("(h, None, True)", "(h, training=True)")
    namespace: Dict[str, Any] = {}
    keras.backend.clear_session()
    exec(compile(by_keyword, "<call>", "exec"), namespace)
    assert _model(source, target_keras=2).total_params == namespace["model"].count_params()


def test_a_refused_call_of_a_custom_layer_never_built_leaves_its_count_unknown() -> None:
    source = _PROGRAM.format(signature="x, mask", arguments="x, None").replace(
        "        return x\n", "        return self.dense(x)\n").replace(
        "    def call(",
        "    def __init__(self):\n        super().__init__()\n        self.dense = layers.Dense(3)\n\n    def call(",
    ) + "model = keras.Model(x, y)\n"
    assert _raises_in_keras(source)
    assert _codes(source) == ["LL115"]
    assert isinstance(_model(source).total_params, Unknown)


def test_a_call_of_a_layer_whose_constructor_raises_is_not_reported() -> None:
    """Keras raises at the constructor (LL103): no run reaches the call the flag is given to."""
    source = _KERAS_PROGRAM.format(call="Dropout(0.5, rat=1)(h, True)")
    assert _raises_in_keras(source)
    assert _codes(source) == ["LL103"]
