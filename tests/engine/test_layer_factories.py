"""Layer factories: ``functools.partial`` of a layer class, a splatted dict of common arguments and
a function returning a layer give the rows Keras gives, and a typo in any of them is LL103 where
Keras raises (issue 12, item 4)."""
from __future__ import annotations

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference

FACTORIES = """\
import functools
import keras
from keras import layers
from functools import partial

CausalConv = functools.partial(layers.Conv1D, padding="causal", activation="relu")
Wide = partial(layers.Dense, 16, use_bias=False)
common = dict(activation="relu", padding="same")


def block(filters):
    return layers.Conv1D(filters, 3, **common)


inputs = keras.Input((20, 3))
x = CausalConv(8, 3)(inputs)
x = CausalConv(8, 5, padding="valid")(x)
x = block(4)(x)
x = Wide()(x)
x = Wide(activation="relu")(x)
model = keras.Model(inputs, x)
"""


def _rows(model: dict) -> list:
    return [{key: row[key] for key in ("name", "type", "output_shape", "params")} for row in model["layers"]]


def test_factories_give_keras_rows() -> None:
    expected = reference.module_models(FACTORIES)
    got = analyse_source(FACTORIES, "factories.py").to_json()["models"]
    assert [model["total_params"] for model in got] == [model["total_params"] for model in expected]
    assert _rows(got[0]) == _rows(expected[0])


@pytest.mark.parametrize("typo", [
    'CausalConv = functools.partial(layers.Conv1D, padding="causal", activaton="relu")',
    'common = dict(activaton="relu", padding="same")',
])
def test_a_typo_in_a_factory_is_ll103_where_keras_raises(typo: str) -> None:
    original = typo.split(" = ")[0]
    line = next(line for line in FACTORIES.splitlines() if line.startswith(original + " = "))
    source = FACTORIES.replace(line, typo)
    with pytest.raises(Exception, match="activaton"):
        reference.module_models(source)
    codes = [d.code for d in lint_file(source, "factories.py", Settings(), ["LL103"]).diagnostics]
    assert "LL103" in codes


def test_a_partial_holding_a_list_is_not_followed() -> None:
    """A list given to partial may change before the call: the layer it makes is not known."""
    source = ("import functools\nimport keras\nfrom keras import layers\n"
              "sizes = [3]\nConv = functools.partial(layers.Conv1D, 4, sizes)\nsizes[0] = 5\n"
              "inputs = keras.Input((20, 3))\nmodel = keras.Model(inputs, Conv()(inputs))\n")
    expected = reference.module_models(source)
    got = analyse_source(source, "factories.py").to_json()["models"]
    assert expected[0]["total_params"] == 4 * (5 * 3 + 1)
    assert got[0]["total_params"] in (None, expected[0]["total_params"])
