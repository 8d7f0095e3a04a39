"""Keras 3 ops on symbolic tensors take default names from the layers' counters: the table in
lstm_lint/layers/ops.py must list exactly the ops whose names collide with a layer's, as Keras
itself names them."""
from __future__ import annotations

import operator
from typing import Any, Callable, Dict, List, Set, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.layers import SPECS
from lstm_lint.layers import ops as keras_ops
from tests.keras_diff import reference
from tests.keras_env import keras

from keras.src.backend.common import global_state  # noqa: E402  (Keras's name counters)

LAYER_PREFIXES = {spec.default_name for spec in SPECS.values()} | {"input_layer", "functional", "sequential"}
OPERATORS = {"Add": operator.add, "Subtract": operator.sub, "Multiply": operator.mul, "Divide": operator.truediv,
             "FloorDivide": operator.floordiv, "Modulo": operator.mod, "Power": operator.pow,
             "MatrixMultiply": operator.matmul}


def _counters() -> Dict[str, int]:
    return dict(global_state.get_global_attribute("object_name_uids") or {})


def _layer_names_taken(function: Callable[..., Any], argument_lists: List[Tuple[Any, ...]]) -> Set[str]:
    """The layer-name counters one call of ``function`` on symbolic tensors advances."""
    for arguments in argument_lists:
        before = _counters()
        try:
            function(*arguments)
        except Exception:
            continue
        after = _counters()
        return {name for name, count in after.items() if count != before.get(name, 0)} & LAYER_PREFIXES
    return set()


@pytest.mark.filterwarnings("ignore")  # probing every op on tensors wakes NumPy deprecations
def test_function_table_matches_keras() -> None:
    tensor = keras.Input((4, 3))
    arguments = [(tensor,), (tensor, tensor), ([tensor, tensor],)]
    found = {}
    for module_name in ("ops", "activations"):
        module = getattr(keras, module_name)
        for name in dir(module):
            function = getattr(module, name)
            if name.startswith("_") or isinstance(function, type) or not callable(function):
                continue
            taken = _layer_names_taken(function, arguments)
            if taken:
                found[f"{module_name}.{name}"] = taken
    expected = {path: {prefix} for path, prefix in keras_ops.FUNCTION_NAMES.items()}
    for path, prefixes in keras_ops.SHAPE_DEPENDENT_NAMES.items():
        assert found.pop(path, set()) <= prefixes
    assert found == expected


def test_operator_table_matches_keras() -> None:
    tensor = keras.Input((4, 4))
    found = {name: _layer_names_taken(function, [(tensor, tensor)]) for name, function in OPERATORS.items()}
    assert {name: taken for name, taken in found.items() if taken} == \
        {name: {prefix} for name, prefix in keras_ops.OPERATOR_NAMES.items()}


PROGRAM = """\
import keras
from keras import layers, ops
a = keras.Input((4, 3))
b = a + a
c = ops.concatenate([a, b])
d = keras.activations.relu(c * 2.0)
x = layers.Add()([a, b])
y = layers.Concatenate()([a, b])
z = layers.ReLU()(y)
w = layers.Multiply()([x, z[:, :, :3] - a])
m = keras.Model(a, [w, d])
"""


def test_layer_names_after_ops_match_keras() -> None:
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(PROGRAM, namespace)
    # summary()'s rows: the layers, with the ops among them (a Functional's ``_operations``).
    expected = [layer.name for layer in reference.summary_rows(namespace["m"])]
    ours = [row["name"] for row in analyse_source(PROGRAM).to_json()["models"][0]["layers"]]
    assert ours == expected
