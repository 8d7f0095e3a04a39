"""The shapes a subclassed model's summary() prints for its layers, as Keras 3 prints them: with no
node made for a sublayer, ``compute_output_shape`` of the shapes it was built on, ``?`` for one its
constructor built or whose class has none. Built in a traced call on ``keras.Input``, the sizes the
backend fills in for None axes differ between backends (83 with NumPy, None with TensorFlow and
JAX): lstm-lint leaves them unknown, and the Keras reference writes the numpy backend's stand-ins as
``"?"`` (tests/keras_diff/reference.py). Each program is run in Keras (numpy backend)."""
from __future__ import annotations

import os
import re
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import Example, LayerSpec
from tests.engine.test_subclassed_tables import _our_tables, _printed_tables, _without_marks
from tests.keras_diff import reference
from tests.keras_env import exported_name, keras
from tests.layers.test_registry import _literal


def holder_program(spec: LayerSpec, case: Example) -> str:
    """The example's layer held by a subclassed model and built by its call: on arrays (2 rows, 2
    for each other None) for a layer of one input, on ``keras.Input`` for one of several."""
    arguments = ", ".join(f"{key}={_literal(value)}" for key, value in case.config.items())
    names = [f"x{index}" for index in range(len(case.inputs))]
    if spec.takes_list:
        body = f"self.layer([{', '.join(names)}])"
    else:
        body = f"self.layer({', '.join(names)})"
    if len(case.inputs) == 1:
        shape = tuple(2 if dim is None else dim for dim in case.inputs[0])
        build = f"holder(np.zeros({shape!r}))"
    else:
        build = "holder(" + ", ".join(f"keras.Input(batch_shape={shape!r})" for shape in case.inputs) + ")"
    return (f"import numpy as np\nimport keras\nfrom keras import layers\n\n\n"
            f"class Holder(keras.Model):\n"
            f"    def __init__(self):\n"
            f"        super().__init__()\n"
            f"        self.layer = layers.{exported_name(spec.class_name)}({arguments})\n\n"
            f"    def call(self, {', '.join(names)}):\n"
            f"        return {body}\n\n\n"
            f"holder = Holder()\n{build}\n")


# Classes whose first example the default run checks: built by their first call or by their
# constructor, with one input or several, with Keras's compute_output_shape or without (a cell).
SAMPLE = ("Bidirectional", "CenterCrop", "Conv1DTranspose", "Dropout", "EinsumDense", "GRUCell", "LSTM",
          "MultiHeadAttention", "Reshape", "TimeDistributed")


def _examples() -> List[Tuple[str, int]]:
    """Every example with ``LSTM_LINT_ALL_EXAMPLES=1`` (about two minutes); else the first that
    builds of each class of ``SAMPLE``."""
    every = bool(os.environ.get("LSTM_LINT_ALL_EXAMPLES"))
    found = []
    for name, spec in sorted(SPECS.items()):
        indexes = [index for index, case in enumerate(spec.examples) if not case.raises and not case.fails_when_run]
        if every:
            found += [(name, index) for index in indexes]
        elif name in SAMPLE:
            found += [(name, index) for index in indexes[:1]]
    return found


EXAMPLES = _examples()


@pytest.mark.parametrize("name,index", EXAMPLES, ids=[f"{name}-{index}" for name, index in EXAMPLES])
def test_a_sublayer_row_shows_what_keras_prints(name: str, index: int) -> None:
    spec = SPECS[name]
    source = holder_program(spec, spec.examples[index])
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    try:
        exec(compile(source, "holder.py", "exec"), namespace)
    except Exception:  # Keras cannot run the example this way (a size of 2 too small, ...)
        pytest.skip("Keras raises on this example inside a subclassed model")
    layer = namespace["holder"].layer
    want = {"output_shape": reference.output_shape(layer), "params": int(layer.count_params())}
    model = next(m for m in analyse_source(source, "holder.py").to_json()["models"] if m["name"] == "holder")
    row = model["layers"][0]
    got = {"output_shape": row["output_shape"], "params": row["params"]}
    assert got == want, source
    if want["output_shape"] is None:
        # Keras's own ``?``: lstm-lint says Keras prints none, or why it cannot tell.
        assert row.get("shape_unprinted") is True or row["unknown"], source


NET = '''import numpy as np
import keras
from keras import layers

inputs = keras.Input((10, 3))
backbone = keras.Model(inputs, layers.Dense(4)(inputs), name="backbone")


class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units, activation="relu")
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(x + self.dense(x))


class Shaped(Block):
    def build(self, input_shape):
        self.dense.build(input_shape)
        self.norm.build(input_shape)

    def compute_output_shape(self, input_shape):
        return input_shape


class Inner(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(6)

    def call(self, x):
        return self.dense(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.backbone = backbone
        self.conv = layers.Conv1D(8, 3, padding="same")
        self.norm = layers.BatchNormalization(name="norm")
        self.block = Block(8)
        self.shaped = Shaped(8)
        self.seq = keras.Sequential([layers.Dense(8), layers.Dense(8)])
        self.inner = Inner()
        self.attention = layers.MultiHeadAttention(2, 4, name="attention")
        self.recurrent = layers.Bidirectional(layers.LSTM(4, return_sequences=True))
        self.cell = layers.RNN(layers.GRUCell(3), return_sequences=True)
        self.frames = layers.TimeDistributed(layers.Dense(3), name="frames")
        self.given = layers.Embedding(10, 3, weights=[np.zeros((10, 3))])
        self.prebuilt = layers.Dense(3)
        self.prebuilt.build((None, 7, 3))
        self.flat = layers.Flatten()
        self.drop = layers.Dropout(0.2)
        self.unused = layers.Dense(5)
        self.out = layers.Dense(2, activation="softmax")

    def call(self, x, training=False):
        self.backbone(x)
        h = self.conv(x)
        h = self.norm(h, training=training)
        h = self.shaped(self.block(h))
        h = self.seq(h)
        h = self.attention(h, h)
        h = self.recurrent(h)
        h = self.cell(h)
        h = self.frames(h)
        self.inner(h)
        h = self.drop(self.flat(h), training=training)
        return self.out(h)


'''

# (Names given where Keras's table would wrap the default ones.)
BUILDS = {
    "symbolic": "net = Net()\nnet(keras.Input((10, 3)))\n",
    "eager": "net = Net()\nnet(np.zeros((4, 10, 3)))\n",
    "predicted": "net = Net()\nnet.predict(np.zeros((5, 10, 3)), verbose=0)\n",
    "built": "net = Net()\nnet.build((None, 10, 3))\n",
}


def _printed(cell: str) -> str:
    """A cell as lstm-lint must print it: the numpy backend's stand-in size is ``?``."""
    return re.sub(r"\b83\b", "?", cell)


@pytest.mark.parametrize("how", sorted(BUILDS))
def test_each_way_of_building_a_subclassed_model_prints_its_rows_as_keras(how: str) -> None:
    source = NET + BUILDS[how]
    expected = _printed_tables(source)
    ours = _our_tables(source)
    assert len(ours["net"]) == len(expected["net"])
    for want, got in zip(expected["net"], ours["net"]):
        assert [_without_marks(cell) for cell in got] == [_printed(cell) for cell in want], how
    shapes = [row[1] for row in expected["net"][:-1]]
    if how == "eager":
        # On an array, every size is the array's, on every backend.
        assert "(4, 10, 8)" in shapes and not any("83" in shape for shape in shapes)
    if how == "predicted":
        assert "(5, 10, 8)" in shapes  # predict's first batch: min(batch_size, rows)
    if how == "symbolic":
        assert "(83, 10, 8)" in shapes and "(None, 10, 4)" in shapes  # the backbone's own input


def test_a_row_keras_prints_no_shape_for_says_so_in_json() -> None:
    model = next(m for m in analyse_source(NET + BUILDS["eager"], "model.py").to_json()["models"]
                 if m["name"] == "net")
    rows = {row["name"]: row for row in model["layers"]}
    # Built by its constructor; a layer of the program's own without compute_output_shape.
    for name in ("dropout", "embedding", "block", "inner"):
        assert rows[name]["output_shape"] is None and rows[name]["shape_unprinted"] is True, name
        assert rows[name]["unknown"] == [], name
    assert "shape_unprinted" not in rows["conv1d"] and rows["conv1d"]["output_shape"] == [4, 10, 8]
    assert rows["rnn"]["output_shape"] == [4, 10, 3]
    assert rows["shaped"]["output_shape"] == [4, 10, 8]  # its own compute_output_shape


def test_sizes_the_backend_fills_in_are_unknown_and_say_why() -> None:
    model = next(m for m in analyse_source(NET + BUILDS["symbolic"], "model.py").to_json()["models"]
                 if m["name"] == "net")
    conv = next(row for row in model["layers"] if row["name"] == "conv1d")
    assert conv["output_shape"] == ["?", 10, 8]
    assert "83 with NumPy" in conv["unknown"][0]["message"]
    assert model["total_params"] is not None


RUN_IN_JAX = """import json, sys
from tests.engine.test_subclassed_tables import _printed_tables
print(json.dumps(_printed_tables(sys.stdin.read())))
"""


@pytest.mark.skipif(not os.environ.get("LSTM_LINT_JAX"), reason="builds in Keras with jax: set LSTM_LINT_JAX=1")
@pytest.mark.parametrize("how", sorted(BUILDS))
def test_what_lstm_lint_prints_is_what_jax_prints_too(how: str) -> None:
    """The sizes lstm-lint gives are the same with the jax backend; where it says ``?`` for a size
    the backend fills in, jax prints None (and numpy 83)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    source = NET + BUILDS[how]
    environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", RUN_IN_JAX], input=source, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], env=environment, check=True)
    in_jax = json.loads(done.stdout.strip().splitlines()[-1])["net"]
    ours = _our_tables(source)["net"]
    assert len(ours) == len(in_jax)
    for want, got in zip(in_jax, ours):
        cells = [_without_marks(cell) for cell in got]
        assert [cell.replace("?,", "None,") if cell.startswith("(?") else cell for cell in cells] == want, how


NESTED_OUTPUTS = """import numpy as np
import keras
from keras import layers

inputs = keras.Input((6,))
as_list = keras.Model(inputs, [layers.Dense(3)(inputs), layers.Dense(2)(inputs)], name="as_list")
as_dict = keras.Model(inputs, {"p": layers.Dense(3)(inputs), "q": layers.Dense(2)(inputs)}, name="as_dict")
called = keras.Model(inputs, [layers.Dense(3)(inputs), layers.Dense(1)(inputs)], name="called")
outer_inputs = keras.Input((6,))
outer = keras.Model(outer_inputs, called(outer_inputs))


class Holder(keras.Model):
    def __init__(self):
        super().__init__()
        self.first = as_list
        self.second = as_dict
        self.third = called

    def call(self, x):
        a, b = self.first(x)
        c, d = self.third(x)
        return a + self.second(x)["p"] + c


holder = Holder()
holder(np.zeros((2, 6)))
"""


def test_a_nested_model_with_several_outputs_is_printed_as_keras_prints_it() -> None:
    """With no node of its own in the subclassed model, a tuple whatever its outputs' structure;
    with one (``called`` in ``outer``), the list its node gives."""
    expected = _printed_tables(NESTED_OUTPUTS)["holder"]
    ours = _our_tables(NESTED_OUTPUTS)["holder"]
    assert [row[1] for row in expected[:3]] == ["((None, 3), (None, 2))", "((None, 3), (None, 2))",
                                                "[(None, 3), (None, 1)]"]
    assert [[_without_marks(cell) for cell in row] for row in ours] == expected
