"""Shapes of Keras ops on symbolic tensors (layers/op_shapes.py) against real Keras.

Each case applies one op to ``keras.Input`` tensors in Keras and reads the output's shape; the
same program goes through lstm-lint, where the op's result feeds an ``Identity`` layer whose row
shows it. Every op in the table has a case; a case Keras rejects must come out unknown.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.layers import op_shapes
from tests.keras_env import keras

Shape = Tuple[Optional[int], ...]
SEQUENCE: Shape = (None, 3, 4)

CASES: List[Tuple[str, Tuple[Shape, ...]]] = [
    *[(f"ops.{name}(x)", (SEQUENCE,)) for name in op_shapes._UNARY],
    *[(f"ops.{name}(x, y)", (SEQUENCE, (4,))) for name in op_shapes._BINARY],
    *[(f"ops.{name}(x, 2.0)", (SEQUENCE,)) for name in ("add", "multiply", "maximum")],
    *[(f"ops.{name}(x, y)", ((None, 1, 4), (None, 3, 1))) for name in ("add", "subtract")],
    *[(f"ops.{name}(x, axis=1)", (SEQUENCE,)) for name in op_shapes._REDUCTIONS],
    *[(f"ops.{name}(x, axis=-1, keepdims=True)", (SEQUENCE,)) for name in ("sum", "mean", "max", "argmax")],
    ("ops.mean(x, axis=(1, 2))", (SEQUENCE,)),
    ("ops.sum(x)", (SEQUENCE,)),
    ("ops.mean(x, axis=3)", (SEQUENCE,)),
    ("ops.softmax(x, axis=1)", (SEQUENCE,)),
    ("ops.log_softmax(x)", (SEQUENCE,)),
    ("ops.leaky_relu(x, negative_slope=0.1)", (SEQUENCE,)),
    ("ops.normalize(x, axis=1)", (SEQUENCE,)),
    ("ops.cast(x, 'int32')", (SEQUENCE,)),
    ("ops.clip(x, 0.0, 1.0)", (SEQUENCE,)),
    ("ops.flip(x, axis=1)", (SEQUENCE,)),
    ("ops.nan_to_num(x)", (SEQUENCE,)),
    ("ops.reshape(x, (-1, 12))", (SEQUENCE,)),
    ("ops.reshape(x, (2, 6))", ((2, 3, 4),)),
    ("ops.reshape(x, (-1, 6))", ((2, 3, 4),)),
    ("ops.reshape(x, (5, -1))", ((2, 3, 4),)),
    ("ops.reshape(x, (-1, 3, 2, 2))", (SEQUENCE,)),
    ("ops.expand_dims(x, -1)", (SEQUENCE,)),
    ("ops.expand_dims(x, 1)", (SEQUENCE,)),
    ("ops.expand_dims(x, (0, 2))", (SEQUENCE,)),
    ("ops.squeeze(x)", ((None, 1, 4, 1),)),
    ("ops.squeeze(x, axis=1)", ((None, 1, 4, 1),)),
    ("ops.squeeze(x, axis=2)", ((None, 1, 4, 1),)),
    ("ops.transpose(x)", (SEQUENCE,)),
    ("ops.transpose(x, (0, 2, 1))", (SEQUENCE,)),
    ("ops.transpose(x, axes=[0, 2, 1])", (SEQUENCE,)),
    ("ops.swapaxes(x, 1, 2)", (SEQUENCE,)),
    ("ops.concatenate([x, y], axis=-1)", (SEQUENCE, (None, 3, 2))),
    ("ops.concatenate([x, y], axis=1)", (SEQUENCE, (None, None, 4))),
    ("ops.concatenate([x, y])", (SEQUENCE, (None, 3, 4))),
    ("ops.concatenate([x, y], axis=1)", (SEQUENCE, (None, 3, 2))),
    ("ops.concatenate([x, y], axis=-1)", ((None, None, 4), SEQUENCE)),
    ("ops.stack([x, y], axis=1)", (SEQUENCE, SEQUENCE)),
    ("ops.stack([x, y], axis=-1)", (SEQUENCE, (None, None, 4))),
    ("ops.matmul(x, y)", (SEQUENCE, (4, 5))),
    ("ops.matmul(x, y)", (SEQUENCE, (None, 4, 2))),
    ("ops.matmul(x, ops.transpose(x, (0, 2, 1)))", (SEQUENCE,)),
    ("ops.matmul(x, y)", (SEQUENCE, (3, 5))),
    ("ops.one_hot(ops.cast(x, 'int32'), 5)", ((None, 3),)),
    ("ops.where(ops.greater(x, 0), x, y)", (SEQUENCE, (4,))),
    ("ops.split(x, 2, axis=-1)[1]", (SEQUENCE,)),
    ("ops.split(x, [1, 3], axis=-1)[2]", (SEQUENCE,)),
    ("ops.split(x, [1], axis=1)[0]", (SEQUENCE,)),
    ("ops.split(x, [2, 1], axis=-1)[1]", (SEQUENCE,)),
    ("ops.split(x, 3, axis=-1)[0]", (SEQUENCE,)),
    ("ops.split(x, 2)[0]", (SEQUENCE,)),
    ("ops.split(x, [1, 2])[2]", (SEQUENCE,)),
    ("ops.unstack(x, axis=1)[2]", (SEQUENCE,)),
    ("ops.unstack(x, axis=-1)[0]", (SEQUENCE,)),
    ("ops.unstack(x)[0]", (SEQUENCE,)),
    ("ops.dot(x, y)", (SEQUENCE, (4, 5))),
    ("ops.dot(x, y)", (SEQUENCE, (2, 4, 5))),
    ("ops.dot(x, y)", (SEQUENCE, (4,))),
    ("ops.dot(x, y)", (SEQUENCE, (3, 5))),
    ("ops.tensordot(x, y, axes=1)", (SEQUENCE, (4, 5))),
    ("ops.tensordot(x, y, axes=[[1, 2], [0, 1]])", (SEQUENCE, (3, 4, 2))),
    ("ops.tensordot(x, y, axes=([2], [1]))", (SEQUENCE, (5, 4))),
    ("ops.einsum('btd,de->bte', x, y)", (SEQUENCE, (4, 6))),
    ("ops.einsum('bqd,bkd->bqk', x, y)", (SEQUENCE, (None, 7, 4))),
    ("ops.einsum('btd->bd', x)", (SEQUENCE,)),
    ("ops.take(x, [0, 2], axis=1)", (SEQUENCE,)),
    ("ops.take(x, 1, axis=-1)", (SEQUENCE,)),
    ("ops.take(x, y, axis=0)", ((10, 4), (None, 3))),
    ("ops.take(x, [[0, 1]])", (SEQUENCE,)),
    ("ops.broadcast_to(x, (2, 5, 3, 4))", ((3, 4),)),
    ("ops.broadcast_to(x, (3, 4))", ((1, 4),)),
    ("ops.broadcast_to(x, (3, 4))", ((2, 4),)),
    ("ops.image.extract_patches(x, 4)", ((None, 32, 32, 3),)),
    ("ops.image.extract_patches(x, (2, 3), strides=2, padding='same')", ((None, 9, 9, 2),)),
    ("ops.image.extract_patches(x, 3)", ((None, 10, 10, 1),)),
    ("keras.activations.relu(x)", (SEQUENCE,)),
    ("keras.activations.softmax(x, axis=1)", (SEQUENCE,)),
    ("keras.activations.gelu(x, approximate=True)", (SEQUENCE,)),
    ("keras.ops.numpy.mean(x, axis=1)", (SEQUENCE,)),
    ("keras.ops.nn.relu(x)", (SEQUENCE,)),
]
NAMES = "xyz"


def _program(expression: str, shapes: Tuple[Shape, ...]) -> str:
    inputs = [f"{NAMES[index]} = keras.Input(batch_shape={shape!r})" for index, shape in enumerate(shapes)]
    listed = ", ".join(NAMES[index] for index in range(len(shapes)))
    return ("import keras\nfrom keras import layers, ops\n" + "\n".join(inputs) +
            f"\nresult = {expression}\noutputs = layers.Identity()(result)\n"
            f"model = keras.Model([{listed}], outputs)\n")


def _keras_shape(source: str) -> Optional[List[Optional[int]]]:
    keras.backend.clear_session()
    namespace: dict = {}
    try:
        exec(compile(source, "ops.py", "exec"), namespace)
    except Exception:
        return None  # Keras rejects it
    return list(namespace["result"].shape)


@pytest.mark.parametrize("expression,shapes", CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_op_shape_matches_keras(expression: str, shapes: Tuple[Shape, ...]) -> None:
    source = _program(expression, shapes)
    expected = _keras_shape(source)
    models = analyse_source(source, "ops.py").to_json()["models"]
    rows = [row for model in models for row in model["layers"] if row["type"] == "Identity"]
    got = rows[0]["output_shape"] if rows else None
    if expected is None:
        assert got is None or "?" in repr(got) or got == "?", f"Keras raises, lstm-lint gives {got}:\n{source}"
        return
    assert got == expected, source


def test_every_op_has_a_case() -> None:
    covered = {expression.split("(")[0].rsplit(".", 1)[1] for expression, _ in CASES}
    missing = sorted(set(op_shapes.OPS) - covered)
    assert missing == []
