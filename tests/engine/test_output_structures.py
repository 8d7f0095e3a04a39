"""What calling a functional model gives: the structure its outputs were given in.

Keras 3 packs a functional model's outputs back into the structure of its ``outputs`` argument
(``tree.pack_sequence_as``): ``keras.Model(x, [y])`` called gives a list of one tensor, so
``model(x)[0]`` is that tensor, not a slice of it; nested lists and tuples keep their nesting.
Every case is compared with what Keras 3 gives for the same program, and none is a fault.
"""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

HEADER = """\
import keras
from keras import layers

inputs = keras.Input(shape=(4,))
"""

PROGRAMS: Dict[str, str] = {
    "one_item_list": HEADER + """
block = keras.Model(inputs, [layers.Dense(3)(inputs)], name="block")
picked = block(inputs)[0]
model = keras.Model(inputs, layers.Dense(2)(picked), name="model")
""",
    "one_item_tuple": HEADER + """
block = keras.Model(inputs, (layers.Dense(3)(inputs),), name="block")
(first,) = block(inputs)
model = keras.Model(inputs, layers.Dense(2)(first), name="model")
""",
    "nested_lists": HEADER + """
a = layers.Dense(3)(inputs)
b = layers.Dense(5)(inputs)
c = layers.Dense(7)(inputs)
block = keras.Model(inputs, [a, [b, c]], name="block")
first, (second, third) = block(inputs)
model = keras.Model(inputs, layers.Concatenate()([first, second, third]), name="model")
""",
    "two_items_unpacked": HEADER + """
block = keras.Model(inputs, [layers.Dense(3)(inputs), layers.Dense(6)(inputs)], name="block")
left, right = block(inputs)
model = keras.Model(inputs, layers.Dense(2)(right), name="model")
""",
    "bare_tensor": HEADER + """
block = keras.Model(inputs, layers.Dense(3)(inputs), name="block")
model = keras.Model(inputs, layers.Dense(2)(block(inputs)), name="model")
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_called_functional_models_give_their_outputs_structure(name: str) -> None:
    source = PROGRAMS[name]
    expected = reference.module_models(source)
    got = analyse_source(source, f"{name}.py").to_json()["models"]
    assert [model["name"] for model in got] == [model["name"] for model in expected]
    assert differences(expected, got, lines=True) == []
    assert lint_file(source, f"{name}.py", Settings()).diagnostics == []


# tf.keras 2 (measured with TensorFlow 2.21 and tf_keras 2.21: a call of ``Model(x, [y])`` gave a
# KerasTensor, of ``Model(x, (y,))`` a tuple of one, of ``Model(x, [a, [b, c]])`` a list holding a
# list) took a list holding one tensor in all for that tensor. TensorFlow is no test dependency:
# each tf.keras 2 program is compared with Keras 3 given the structure tf.keras 2 kept.
TF_KERAS2 = {
    "one_item_list": (HEADER + """
block = keras.Model(inputs, [layers.Dense(3)(inputs)], name="block")
model = keras.Model(inputs, layers.Dense(2)(block(inputs)), name="model")
""", HEADER + """
block = keras.Model(inputs, layers.Dense(3)(inputs), name="block")
model = keras.Model(inputs, layers.Dense(2)(block(inputs)), name="model")
"""),
    "one_item_tuple": (PROGRAMS["one_item_tuple"], PROGRAMS["one_item_tuple"]),
    "nested_lists": (PROGRAMS["nested_lists"], PROGRAMS["nested_lists"]),
}
# Where tf.keras 2's summary differs from Keras 3's for the same structure: it printed the block's
# row of ``Model(x, (y,))`` as ``((None, 3),)``, a sequence of one shape, where Keras 3 prints
# ``(None, 3)``.
TF_KERAS2_BLOCK_ROW = {"one_item_tuple": [[None, 3]]}


def _rows_after_the_input(models: List[Dict[str, Any]]) -> List[Any]:
    """Each model's rows past its InputLayer, and its total: tf.keras 2 named and printed its
    InputLayer its own way (``input_1``, ``[(None, 4)]``)."""
    return [(model["name"], model["total_params"],
             [(row["type"], row["output_shape"], row["params"]) for row in model["layers"][1:]])
            for model in models]


@pytest.mark.parametrize("name", sorted(TF_KERAS2))
def test_tf_keras2_took_a_list_of_one_output_for_the_output(name: str) -> None:
    tf_keras2_source, keras3_source = TF_KERAS2[name]
    expected = reference.module_models(keras3_source)
    got = analyse_program(tf_keras2_source, f"{name}.py", target_keras=2).analysis.to_json()["models"]
    if name in TF_KERAS2_BLOCK_ROW:
        [block_row] = [row for row in expected[1]["layers"] if row["name"] == "block"]
        block_row["output_shape"] = TF_KERAS2_BLOCK_ROW[name]
    assert _rows_after_the_input(got) == _rows_after_the_input(expected)
