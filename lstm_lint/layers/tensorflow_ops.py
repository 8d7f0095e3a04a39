"""TensorFlow functions that Keras 3 refuses on its symbolic tensors.

A Keras 3 ``KerasTensor`` is a placeholder for a shape and a dtype. TensorFlow's ops turn their
tensor arguments into TensorFlow tensors with ``tf.convert_to_tensor``, which asks the object for
``__tf_tensor__``, and ``KerasTensor.__tf_tensor__`` raises ``ValueError: A KerasTensor cannot be
used as input to a TensorFlow function`` (keras/src/backend/common/keras_tensor.py). tf.keras 2
made such a call a ``TFOpLambda`` layer instead; Keras 3 (and tf.keras from TensorFlow 2.16) does
not. Inside a layer's ``call`` the same functions run on backend tensors and are fine.

Only functions known to convert their arguments are listed: ``tf.nest``, ``tf.is_tensor``,
``tf.print``, ``tf.shape`` of a placeholder's static shape and the like take any Python object.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

from lstm_lint.layers.op_shapes import tensorflow_op_name

# Namespaces (after ``tensorflow.``) every function of which is an op on tensors. Their classes
# (``tf.linalg.LinearOperatorFullMatrix``) are not ops: names starting upper-case are left out.
_OP_NAMESPACES = ("math.", "nn.", "linalg.", "image.", "signal.", "strings.", "bitwise.")

# Top-level TensorFlow ops, each with the ``keras.ops`` function (or layer) that does the same on a
# symbolic tensor; None where there is no single one to name.
_TOP_LEVEL_OPS: Dict[str, Optional[str]] = {
    "concat": "keras.ops.concatenate", "stack": "keras.ops.stack", "unstack": "keras.ops.unstack",
    "split": "keras.ops.split", "reshape": "keras.ops.reshape", "expand_dims": "keras.ops.expand_dims",
    "squeeze": "keras.ops.squeeze", "transpose": "keras.ops.transpose", "tile": "keras.ops.tile",
    "gather": "keras.ops.take", "one_hot": "keras.ops.one_hot", "where": "keras.ops.where",
    "pad": "keras.ops.pad", "cast": "keras.ops.cast", "matmul": "keras.ops.matmul",
    "add": "keras.ops.add", "subtract": "keras.ops.subtract", "multiply": "keras.ops.multiply",
    "divide": "keras.ops.divide", "maximum": "keras.ops.maximum", "minimum": "keras.ops.minimum",
    "exp": "keras.ops.exp", "sqrt": "keras.ops.sqrt", "square": "keras.ops.square", "abs": "keras.ops.abs",
    "tanh": "keras.ops.tanh", "sigmoid": "keras.ops.sigmoid", "negative": "keras.ops.negative",
    "reduce_sum": "keras.ops.sum", "reduce_mean": "keras.ops.mean", "reduce_max": "keras.ops.max",
    "reduce_min": "keras.ops.min", "reduce_prod": "keras.ops.prod", "reduce_any": "keras.ops.any",
    "reduce_all": "keras.ops.all", "argmax": "keras.ops.argmax", "argmin": "keras.ops.argmin",
    "clip_by_value": "keras.ops.clip", "reverse": "keras.ops.flip", "einsum": "keras.ops.einsum",
    "sort": "keras.ops.sort", "cumsum": "keras.ops.cumsum", "repeat": "keras.ops.repeat",
    "broadcast_to": "keras.ops.broadcast_to", "zeros_like": "keras.ops.zeros_like",
    "ones_like": "keras.ops.ones_like", "identity": None, "stop_gradient": "keras.ops.stop_gradient",
    "boolean_mask": None, "gather_nd": None, "slice": "keras.ops.slice", "strided_slice": None,
}

# The keras.ops function of the same name for the functions of the namespaces above, where one
# exists under another name than TensorFlow's (the rest are named as in keras.ops, or not at all).
_NAMESPACED_OPS: Dict[str, str] = {
    **{f"math.reduce_{name}": f"keras.ops.{keras}" for name, keras in (
        ("sum", "sum"), ("mean", "mean"), ("max", "max"), ("min", "min"), ("prod", "prod"),
        ("logsumexp", "logsumexp"))},
    "linalg.matmul": "keras.ops.matmul", "image.resize": "keras.layers.Resizing",
}

# Functions of ``tf.math`` and ``tf.nn`` that keras.ops has under the same name.
_SAME_NAME_OPS = (
    "relu", "relu6", "elu", "selu", "gelu", "silu", "softmax", "log_softmax", "sigmoid", "softplus",
    "softsign", "leaky_relu", "log", "log1p", "sin", "cos", "abs", "exp", "sqrt", "square", "tanh",
    "maximum", "minimum", "add", "subtract", "multiply", "divide", "negative", "sign", "floor", "ceil",
    "round", "argmax", "argmin", "cumsum", "logical_and", "logical_or", "logical_not", "equal",
    "not_equal", "greater", "less", "moments",
)


def rejects_keras_tensors(function: str) -> bool:
    """Whether the TensorFlow function ``function`` (the path after ``tensorflow.``: ``concat``,
    ``math.reduce_mean``) converts its arguments, so that Keras 3 raises on a symbolic tensor."""
    if function in _TOP_LEVEL_OPS or tensorflow_op_name(function) is not None:
        return True  # (every function whose shapes lstm-lint follows converts its tensors)
    namespace = next((prefix for prefix in _OP_NAMESPACES if function.startswith(prefix)), None)
    if namespace is None:
        return False
    name = function[len(namespace):]
    return bool(name) and "." not in name and name[0].islower()


def keras_replacement(function: str) -> Optional[str]:
    """What to call instead of the TensorFlow function on a symbolic tensor, when one thing does."""
    if function in _TOP_LEVEL_OPS:
        return _TOP_LEVEL_OPS[function]
    if function in _NAMESPACED_OPS:
        return _NAMESPACED_OPS[function]
    name = function.rpartition(".")[2]
    if function.count(".") == 1 and function.startswith(("math.", "nn.")) and name in _SAME_NAME_OPS:
        return f"keras.ops.{name}"
    return None


def tf_keras2_layer(function: str, args: Sequence[Any], backend: bool = False) -> Optional[Tuple[str, str]]:
    """(default-name prefix, class) of the layer tf.keras 2 wraps the TensorFlow function
    ``function`` (``backend``: the tf.keras 2 backend function) in when it is called with ``args``
    on symbolic tensors (``tf.math.reduce_mean``, ``TFOpLambda``), as ``tensorflow_ops_keras2.py``
    recorded it; None when not known."""
    from lstm_lint.layers.tensorflow_ops_keras2 import BACKEND_FUNCTIONS, FUNCTIONS

    if function in ("concat", "stack", "concatenate") and (
            not args or not isinstance(args[0], (list, tuple)) or len(args[0]) < 2):
        # ``tf.concat`` of one tensor returns ``tf.identity`` of it; a list we did not see may be one.
        return None
    return (BACKEND_FUNCTIONS if backend else FUNCTIONS).get(function)


def tf_keras2_operator(operator: str) -> Optional[Tuple[str, str]]:
    """(default-name prefix, class) of the layer tf.keras 2 makes of a Python operator (libcst's
    class name: ``Add``, ``Minus``, ``Subscript``) on a symbolic tensor; None when not known."""
    from lstm_lint.layers.tensorflow_ops_keras2 import OPERATORS, SUBSCRIPT, UNARY_OPERATORS

    if operator == "Subscript":
        return SUBSCRIPT
    return OPERATORS.get(operator) or UNARY_OPERATORS.get(operator)
