"""A ``Lambda`` with ``output_shape=`` given: Keras does not run the function to build the model
(lambda_layer.py ``compute_output_shape``), so the row's shape is known, and is Keras's."""
from __future__ import annotations

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference

PROGRAM = """\
import keras
from keras import layers


def double(t):
    return keras.ops.concatenate([t, t], axis=-1)


inputs = keras.Input((10, 3))
fixed = keras.Input((5,), batch_size=4)
a = layers.Lambda(lambda t: keras.ops.concatenate([t, t], -1), output_shape=(10, 6))(inputs)
b = layers.Lambda(double, output_shape=(None, 6))(inputs)
c = layers.Lambda(lambda t: t[0], output_shape=(7,))([fixed, inputs])
d, e = layers.Lambda(lambda t: (t, t[:, 0]), output_shape=((10, 3), (3,)))(inputs)
f = layers.Lambda(lambda t: (t, t), output_shape=[(10, 3), (10, 3)])(inputs)
g = layers.Dense(2)(b)
model = keras.Model([inputs, fixed], [a, c, d, e, f[1], g])
"""


def _rows(model: dict) -> list:
    return [{key: row[key] for key in ("type", "output_shape", "params")} for row in model["layers"]]


def test_given_output_shapes_are_keras_own() -> None:
    expected = reference.module_models(PROGRAM)
    got = analyse_source(PROGRAM, "lambdas.py").to_json()["models"]
    assert _rows(got[0]) == _rows(expected[0])
    assert got[0]["total_params"] == expected[0]["total_params"]


def test_a_shape_computed_by_a_function_of_its_own_is_unknown() -> None:
    """``output_shape=`` a callable: Keras runs it on the input shape, which lstm-lint does not."""
    source = PROGRAM.replace("output_shape=(10, 6)", "output_shape=lambda s: (s[0], 6)")
    rows = analyse_source(source, "lambdas.py").to_json()["models"][0]["layers"]
    lambda_rows = [row for row in rows if row["type"] == "Lambda"]
    assert [row["output_shape"] for row in lambda_rows].count(None) == 1


def test_without_output_shape_the_function_gives_it_as_in_keras() -> None:
    """No ``output_shape``: Keras runs the layer's function on the input, and so does lstm-lint
    (tests/engine/test_lambda_functions.py)."""
    source = PROGRAM.replace("output_shape=(10, 6)", "output_shape=None")
    expected = reference.module_models(source)
    got = analyse_source(source, "lambdas.py").to_json()["models"]
    assert _rows(got[0]) == _rows(expected[0])


@pytest.mark.parametrize("output_shape", ["[10, 6]", "6"])
def test_a_shape_that_is_not_a_tuple_raises_in_keras_and_is_reported(output_shape: str) -> None:
    source = PROGRAM.replace("output_shape=(10, 6)", f"output_shape={output_shape}")
    with pytest.raises(TypeError):
        reference.module_models(source)
    diagnostics = lint_file(source, "lambdas.py", Settings()).diagnostics
    assert [d.line for d in diagnostics if d.code.startswith("LL1")] == [11]
