"""Keras 3 ops on symbolic tensors that take a default name a layer also uses.

Every Keras 3 op applied to symbolic tensors (``x + y``, ``keras.ops.concatenate``,
``keras.activations.relu``) is an ``Operation`` whose default name comes from the same per-class
counters as layer names (``keras/src/ops/operation.py``: ``auto_name``). So ``x + y`` takes
``add``, and an ``Add()`` layer built after it is ``add_1``. Only the op names that are also layer
prefixes matter; these are they, by how the program writes the op (checked against Keras by
``tests/engine/test_op_names.py``).
"""
from __future__ import annotations

from typing import Dict, FrozenSet

# Python operators on Keras tensors (libcst operator class -> the op's default-name prefix).
OPERATOR_NAMES: Dict[str, str] = {"Add": "add", "Subtract": "subtract", "Multiply": "multiply"}

# Functions under keras. (their path inside Keras) -> the op's default-name prefix.
FUNCTION_NAMES: Dict[str, str] = {
    "ops.add": "add", "ops.subtract": "subtract", "ops.multiply": "multiply", "ops.average": "average",
    "ops.maximum": "maximum", "ops.minimum": "minimum", "ops.concatenate": "concatenate",
    "ops.reshape": "reshape", "ops.softmax": "softmax", "ops.elu": "elu",
    "activations.relu": "re_lu", "activations.softmax": "softmax", "activations.elu": "elu",
}

# Functions whose op depends on the operands' shapes (ops.dot of two vectors is a multiply): the
# counters they may take become unknown.
SHAPE_DEPENDENT_NAMES: Dict[str, FrozenSet[str]] = {"ops.dot": frozenset({"multiply"})}

# The op class a Python operator on Keras tensors makes (libcst operator class -> Keras class), as a
# Functional model's summary() types its row; its default name is the class's snake case. Checked
# against Keras by ``tests/engine/test_op_rows.py``. An operator absent here makes no op lstm-lint
# can name (``+x`` raises in Keras; comparisons are not followed).
OPERATOR_CLASSES: Dict[str, str] = {
    "Add": "Add", "Subtract": "Subtract", "Multiply": "Multiply", "Divide": "TrueDivide",
    "FloorDivide": "FloorDivide", "Modulo": "Mod", "Power": "Power", "MatrixMultiply": "Matmul",
    "BitAnd": "LogicalAnd", "BitOr": "LogicalOr", "BitXor": "LogicalXor",
}
UNARY_CLASSES: Dict[str, str] = {"Minus": "Negative", "BitInvert": "LogicalNot"}
# ``x[:, -1]`` on a Keras tensor.
SUBSCRIPT_CLASS = "GetItem"
# Functions that give their symbolic tensor back as it is, making no op (and so no row).
IDENTITY_FUNCTIONS: FrozenSet[str] = frozenset({"activations.linear"})
