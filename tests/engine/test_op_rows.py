"""A Functional model's summary() lists its operations (``model._operations``): the Keras ops
between its layers (``x + y``, ``keras.ops.mean``, ``x[:, -1]``, a mask's ``NotEqual``) each have a
row, with the op's class as type, a default name from the layers' counters, and 0 params. A
Sequential's and a subclassed model's summary() list their layers only. Every expectation here
comes from real Keras.

Environment: LSTM_LINT_OP_ROWS_PROGRAMS, how many generated graphs of layers and ops to compare
(default 4)."""
from __future__ import annotations

import operator
import os
import random
from typing import Any, Callable, Dict, List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.graph import masks
from lstm_lint.layers import op_classes
from lstm_lint.layers import ops as keras_ops
from lstm_lint.layers.spec import to_snake_case
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

Json = Dict[str, Any]


def _made_op(function: Callable[..., Any], *arguments: Any) -> Tuple[str, str]:
    """The class and name of the one op ``function`` makes on symbolic tensors."""
    result = function(*arguments)
    first = result[0] if isinstance(result, (list, tuple)) else result  # ops.split: several of one op
    made = first._keras_history.operation
    return type(made).__name__, made.name


def _probe(function: Callable[..., Any]) -> str:
    """The class of the op a function of keras.ops / keras.activations makes, called as
    tools would first manage to: on one tensor, two, a list of two, or a tensor and an axis."""
    first, second = keras.Input((10, 4)), keras.Input((10, 4))
    for arguments in ((first,), (first, second), ([first, second],), (first, 1)):
        try:
            return _made_op(function, *arguments)[0]
        except Exception:
            continue
    raise AssertionError(f"{function} makes no op on symbolic tensors")


@pytest.mark.filterwarnings("ignore")  # probing the ops wakes NumPy deprecations
def test_function_classes_are_keras_op_classes() -> None:
    found = {}
    for path in op_classes.FUNCTION_CLASSES:
        module, _, name = path.partition(".")
        found[path] = _probe(getattr(getattr(keras, module), name))
    assert found == op_classes.FUNCTION_CLASSES


def test_op_class_prefixes_are_keras_default_names() -> None:
    """Keras names an op after its class's snake case, as it does layers (``auto_name``)."""
    from keras.src.utils.naming import to_snake_case as keras_snake_case
    classes = set(op_classes.FUNCTION_CLASSES.values()) | set(keras_ops.OPERATOR_CLASSES.values()) \
        | set(keras_ops.UNARY_CLASSES.values()) | {keras_ops.SUBSCRIPT_CLASS}
    assert {name: to_snake_case(name) for name in classes} == {name: keras_snake_case(name) for name in classes}
    assert {to_snake_case(name): name for name in masks._MASK_OP_CLASSES.values()} == masks._MASK_OP_CLASSES


def test_the_layer_prefixes_of_functions_agree_with_their_classes() -> None:
    """layers/ops.py's table of functions whose ops take a layer's prefix says what the classes say."""
    assert {path: to_snake_case(op_classes.FUNCTION_CLASSES[path]) for path in keras_ops.FUNCTION_NAMES} \
        == keras_ops.FUNCTION_NAMES


OPERATORS: Dict[str, Callable[[Any, Any], Any]] = {
    "Add": operator.add, "Subtract": operator.sub, "Multiply": operator.mul, "Divide": operator.truediv,
    "FloorDivide": operator.floordiv, "Modulo": operator.mod, "Power": operator.pow,
    "MatrixMultiply": operator.matmul, "BitAnd": operator.and_, "BitOr": operator.or_, "BitXor": operator.xor,
}


def test_operator_classes_are_keras_op_classes() -> None:
    tensor, square = keras.Input((4, 4)), keras.Input((4, 4))
    found = {name: _made_op(function, tensor, square)[0] for name, function in OPERATORS.items()}
    assert found == keras_ops.OPERATOR_CLASSES
    unary = {"Minus": operator.neg, "BitInvert": operator.invert}
    assert {name: _made_op(function, tensor)[0] for name, function in unary.items()} == keras_ops.UNARY_CLASSES
    assert _made_op(operator.getitem, tensor, (slice(None), -1))[0] == keras_ops.SUBSCRIPT_CLASS


def test_identity_functions_make_no_op() -> None:
    tensor = keras.Input((4,))
    for path in keras_ops.IDENTITY_FUNCTIONS:
        module, _, name = path.partition(".")
        assert getattr(getattr(keras, module), name)(tensor) is tensor


def _compare(source: str) -> List[str]:
    expected = reference.module_models(source)
    return differences(expected, analyse_source(source, "model.py").to_json()["models"], lines=True)


PROGRAM_PREFIX = "import keras\nfrom keras import layers, ops\n"

# Each program binds one model ``m``; together they write each kind of op the binding rows.
PROGRAMS: Dict[str, str] = {
    "operators and functions between layers": (
        "x = keras.Input((10, 4))\n"
        "a = layers.Dense(4)(x)\n"
        "y = layers.LayerNormalization()(x + a)\n"
        "z = keras.ops.add(y, a)\n"
        "w = keras.ops.mean(z, axis=1)\n"
        "m = keras.Model(x, layers.Dense(1)(w))\n"),
    "subscripts, reshapes and activations": (
        "x = keras.Input((6, 8))\n"
        "h = layers.LSTM(5, return_sequences=True)(x)\n"
        "last = h[:, -1]\n"
        "scaled = last * 2.0 - 1.0\n"
        "act = keras.activations.relu(scaled)\n"
        "grown = ops.expand_dims(act, 1)\n"
        "flat = ops.reshape(grown, (-1, 5))\n"
        "m = keras.Model(x, layers.Dense(3, activation='softmax')(keras.activations.linear(flat / 2)))\n"),
    "several inputs, ops at depth ties": (
        "a = keras.Input((4,))\n"
        "b = keras.Input((4,))\n"
        "s = a + b\n"
        "d = a - b\n"
        "both = ops.concatenate([s, d, layers.Dense(4)(a)], axis=-1)\n"
        "m = keras.Model([a, b], layers.Dense(2)(-both))\n"),
    "an op on the input only, and a layer name after an op": (
        "x = keras.Input((3, 2))\n"
        "t = ops.transpose(x, (0, 2, 1))\n"
        "added = layers.Add()([t, t])\n"
        "m = keras.Model(x, ops.sum(added, axis=-1))\n"),
    "an op with several outputs": (
        "x = keras.Input((6, 4))\n"
        "left, right = ops.split(x, 2, axis=-1)\n"
        "m = keras.Model(x, layers.Dense(2)(left * right))\n"),
    "ops in a custom layer's call are inside its row; a subclass built as a functional lists its ops": (
        "class Scale(layers.Layer):\n"
        "    def __init__(self, units, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "        self.dense = layers.Dense(units)\n"
        "    def call(self, inputs):\n"
        "        return ops.mean(self.dense(inputs) * 2 + 1, axis=1)\n"
        "class Net(keras.Model):\n"
        "    def __init__(self):\n"
        "        x = keras.Input((5, 3))\n"
        "        super().__init__(x, layers.Dense(2)(Scale(4)(x) + 1))\n"
        "x = keras.Input((5, 3))\n"
        "m = keras.Model(x, Scale(3)(x[:, 1:]) - 1)\n"
        "net = Net()\n"),
    "masks": (
        "x = keras.Input((5,), dtype='int32')\n"
        "e = layers.Embedding(10, 3, mask_zero=True)(x)\n"
        "m = keras.Model(x, layers.LSTM(2)(e))\n"),
    "a nested functional model with ops": (
        "x = keras.Input((4,))\n"
        "inner = keras.Model(x, ops.square(layers.Dense(3)(x)))\n"
        "y = keras.Input((4,))\n"
        "m = keras.Model(y, inner(y) + 1)\n"),
    "ops in a Sequential and in a subclassed model are no rows": (
        "seq = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Activation('relu')])\n"
        "class Net(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.dense = layers.Dense(2)\n"
        "    def call(self, inputs):\n"
        "        return ops.mean(self.dense(inputs) + 1, axis=-1)\n"
        "net = Net()\n"
        "net(keras.ops.zeros((1, 4)))\n"
        "x = keras.Input((4,))\n"
        "m = keras.Model(x, seq(x) * 3)\n"),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_op_rows_match_keras(name: str) -> None:
    assert _compare(PROGRAM_PREFIX + PROGRAMS[name]) == []


def _rows(source: str, model: str = "m") -> List[Json]:
    models = analyse_source(PROGRAM_PREFIX + source, "model.py").to_json()["models"]
    rows: List[Json] = next(entry for entry in models if entry["name"] == model)["layers"]
    return rows


def test_op_rows_are_marked_in_the_json() -> None:
    rows = _rows("x = keras.Input((3,))\nm = keras.Model(x, layers.Dense(2)(x) + 1)\n")
    assert [(row["name"], row.get("op", False)) for row in rows] == \
        [("input_layer", False), ("dense", False), ("add", True)]


def test_an_op_lstm_lint_cannot_name_is_an_unknown_row_and_so_are_later_op_names() -> None:
    # ``ops.dot`` makes a Dot or a Multiply, as its operands' shapes say: lstm-lint does not say which.
    rows = _rows("x = keras.Input((3,))\n"
                 "d = ops.dot(x, x)\n"
                 "m = keras.Model(x, layers.Dense(2)(ops.sqrt(ops.expand_dims(d, -1))))\n")
    named = [(row["name"], row["type"]) for row in rows]
    assert named[:2] == [("input_layer", "InputLayer"), (None, None)]
    assert named[2] == (None, "ExpandDims") and named[3] == (None, "Sqrt")
    assert named[4] == ("dense", "Dense")
    assert all(row["unknown"] for row in rows[1:4]) and all(row["params"] == 0 for row in rows[1:4])


def test_totals_do_not_change_with_op_rows() -> None:
    source = PROGRAMS["operators and functions between layers"]
    rows = _rows(source)
    models = analyse_source(PROGRAM_PREFIX + source, "model.py").to_json()["models"]
    assert models[0]["total_params"] == sum(row["params"] for row in rows)
    assert [row["name"] for row in rows if row.get("op")] == ["add", "add_1", "mean"]


# ---- generated graphs of layers and ops -------------------------------------------------------------

# Steps on tensors of shape (None, 6, 8): each takes operands among the tensors made so far (so
# branches join and ops sit at depth ties with layers), and gives a tensor of that shape again.
UNARY_STEPS = ("layers.Dense(8)({})", "layers.LayerNormalization()({})", "keras.activations.relu({})",
               "ops.tanh({})", "-{}", "{} * 0.5", "ops.expand_dims({}, 1)[:, 0]", "layers.Dropout(0.1)({})",
               "ops.reshape({}, (-1, 6, 8))", "keras.activations.softmax({})")
BINARY_STEPS = ("{} + {}", "{} - {}", "ops.add({}, {})", "ops.maximum({}, {})", "layers.Add()([{}, {}])",
                "layers.Dense(8)(ops.concatenate([{}, {}], axis=-1))", "{} * {}")
ENDS = ("ops.mean({}, axis=1)", "{}[:, -1]", "ops.sum({}, axis=1)", "layers.GlobalAveragePooling1D()({})")
GENERATED = int(os.environ.get("LSTM_LINT_OP_ROWS_PROGRAMS", "4"))


def op_graph_program(seed: int) -> str:
    chooser = random.Random(seed)
    inputs = ["a"] if chooser.random() < 0.6 else ["a", "b"]
    lines = [f"{name} = keras.Input((6, 8))" for name in inputs]
    tensors = list(inputs)
    for step in range(chooser.randint(3, 7)):
        if chooser.random() < 0.5 or len(tensors) < 2:
            code = chooser.choice(UNARY_STEPS).format(chooser.choice(tensors))
        else:
            code = chooser.choice(BINARY_STEPS).format(*chooser.sample(tensors, 2))
        lines.append(f"t{step} = {code}")
        tensors.append(f"t{step}")
    # Every input must reach the output, or Keras refuses the model.
    joined = " + ".join(dict.fromkeys([tensors[-1], *inputs]))
    end = chooser.choice(ENDS).format(f"({joined})")
    lines.append(f"m = keras.Model([{', '.join(inputs)}], layers.Dense(2)({end}))")
    return PROGRAM_PREFIX + "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(GENERATED))
def test_generated_op_graphs_match_keras(seed: int) -> None:
    source = op_graph_program(seed)
    assert _compare(source) == [], source
