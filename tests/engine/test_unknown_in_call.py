"""A custom layer read to its end whose ``call`` uses one op lstm-lint does not follow: the row's
``?`` says which op and where, not that the class is not understood; what Keras gives elsewhere
(the counts, the other rows) stays exact, compared with real Keras."""
from __future__ import annotations

from typing import Any, Dict, List

from lstm_lint import analyse_source
from tests.engine.test_custom_layers import keras_models

ONE_UNKNOWN_OP = '''import keras
from keras import layers, ops


class Cumulative(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)

    def call(self, x):
        h = self.dense(x)
        return ops.cumprod(h, axis=1) * 2.0


class Scaled(layers.Layer):
    def call(self, x):
        return ops.logaddexp(x, x) + ops.sqrt(ops.cast(4, "float32"))


inputs = keras.Input((10, 8))
a = Cumulative()(inputs)
b = Scaled()(inputs)
model = keras.Model(inputs, [a, layers.Dense(3)(b)])
'''


def _models(source: str) -> List[Dict[str, Any]]:
    models: List[Dict[str, Any]] = analyse_source(source, "unknown_op.py").to_json()["models"]
    return models


def test_the_unknown_row_names_the_op_and_line_in_call() -> None:
    expected = keras_models(ONE_UNKNOWN_OP)[0]
    got = _models(ONE_UNKNOWN_OP)[0]
    rows = {row["name"]: row for row in got["layers"]}
    messages = {name: [reason["message"] for reason in rows[name]["unknown"]] for name in ("cumulative", "scaled")}
    assert messages == {
        "cumulative": ["keras.ops.cumprod(...) in the call of Cumulative is not one lstm-lint follows: "
                       "the shape it gives is unknown"],
        "scaled": ["keras.ops.logaddexp(...) in the call of Scaled is not one lstm-lint follows: "
                   "the shape it gives is unknown"]}
    assert [reason["line"] for name in ("cumulative", "scaled") for reason in rows[name]["unknown"]] == [12, 17]
    assert not any("not understood" in reason["message"] for row in got["layers"] for reason in row["unknown"])
    # Everything Keras gives that does not depend on the unknown shapes is exact.
    keras_rows = {row["name"]: row for row in expected["layers"]}
    assert rows["cumulative"]["params"] == keras_rows["cumulative"]["params"] == 36
    assert rows["scaled"]["params"] == keras_rows["scaled"]["params"] == 0
    assert keras_rows["scaled"]["output_shape"] == [None, 10, 8]
    assert got["total_params"] is None and expected["total_params"] == 36 + 27
