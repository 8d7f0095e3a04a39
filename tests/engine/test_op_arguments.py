"""The graph keeps what an op on symbolic tensors was called with, and which nodes take each
tensor: rules read both (LL309 judges which axis a flip reverses, and every use of a sequence)."""
from __future__ import annotations

from typing import List

from lstm_lint.engine import analyse_program
from lstm_lint.graph.objects import Layer, Operation, Tensor

SOURCE = """import sys
import keras
from keras import layers, ops
x = keras.Input((10, 3))
y = layers.LSTM(4, return_sequences=True)(x)
axes = [1]
a = ops.flip(y, axes)
axes.append(2)
b = keras.ops.flip(y, axis=-2)
c = y[:, ::-1, 0]
d = ops.flip(y, *sys.argv)
e = layers.Dense(1)(y)
"""


def consumers_of_the_lstm_output() -> List[object]:
    program = analyse_program(SOURCE)
    [lstm] = [layer for layer in program.layers if isinstance(layer, Layer) and layer.class_name == "LSTM"]
    sequence = lstm.nodes[0].outputs[0]
    assert isinstance(sequence, Tensor)
    return [node.operation for node in sequence.consumers]


def test_each_use_of_a_tensor_is_listed_in_program_order() -> None:
    uses = consumers_of_the_lstm_output()
    assert [use.description if isinstance(use, Operation) else use.class_name for use in uses] \
        == ["keras.ops.flip", "keras.ops.flip", "getitem", "keras.ops.flip", "Dense"]


def test_an_op_keeps_its_evaluated_arguments_as_they_were_at_the_call() -> None:
    flip_list, flip_keyword, subscript, flip_starred, _ = consumers_of_the_lstm_output()
    assert isinstance(flip_list, Operation) and flip_list.arguments is not None
    sequence = flip_list.nodes[0].inputs[0]
    # The list the program changed after the call: frozen as it was.
    assert flip_list.arguments.args == (sequence, (1,)) and flip_list.arguments.kwargs == {}
    assert isinstance(flip_keyword, Operation) and flip_keyword.arguments is not None
    assert flip_keyword.arguments.args == (sequence,) and flip_keyword.arguments.kwargs == {"axis": -2}
    assert isinstance(subscript, Operation) and subscript.arguments is not None
    assert subscript.arguments.args == (sequence, (slice(None), slice(None, None, -1), 0))
    # *args that could not be expanded: what the call was given is not known.
    assert isinstance(flip_starred, Operation) and flip_starred.arguments is None
