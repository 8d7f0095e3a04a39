"""LL104 for a block written as a ``keras.Model`` subclass whose ``call`` Keras raises on (a
residual ``+`` of shapes that do not broadcast), as for the same block written as a layer: called
from another subclassed model built on an array, on an array itself, or on a ``keras.Input``. No
diagnostic where Keras builds (sizes that broadcast: equal, 1, or None), nor where the call is
made in some runs only. Each program is run in real Keras."""
from __future__ import annotations

import sys
import textwrap
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_env import keras

_BLOCK = """
    import sys
    import numpy as np
    import keras
    from keras import layers


    class Block({base}):
        def __init__(self, filters, strides):
            super().__init__()
            self.conv = layers.Conv2D(filters, 3, strides=strides, padding="same")

        def call(self, inputs):
            return self.conv(inputs) + inputs


    class Net(keras.Model):
        def __init__(self, filters, strides):
            super().__init__()
            self.stem = layers.Conv2D(16, 1)
            self.block = Block(filters, strides)

        def call(self, x):
            return self.block(self.stem(x))
"""

# A residual block with a projection path chosen by a constructor flag, stacked with a stride of 2
# and no projection: the residual keeps the block's input shape.
_RESNET = """
    import numpy as np
    import keras
    from keras import layers, ops


    class ResidualBlock(keras.Model):
        def __init__(self, channels, strides=1, project=False):
            super().__init__()
            self.project = project
            self.conv = layers.Conv2D(channels, 3, strides=strides, padding="same", use_bias=False)
            self.norm = layers.BatchNormalization()
            if project:
                self.shortcut = layers.Conv2D(channels, 1, strides=strides, use_bias=False)

        def call(self, inputs, training=None):
            x = ops.relu(self.norm(self.conv(inputs), training=training))
            residual = self.shortcut(inputs) if self.project else inputs
            return x + residual


    class Stack(keras.Model):
        def __init__(self, project):
            super().__init__()
            self.stem = layers.Conv2D(8, 3, padding="same")
            self.blocks = [ResidualBlock(8), ResidualBlock(16, strides=2, project=project)]
            self.head = layers.Dense(3)

        def call(self, inputs, training=None):
            x = self.stem(inputs)
            for block in self.blocks:
                x = block(x, training=training)
            return self.head(ops.mean(x, axis=(1, 2)))


    model = Stack(project={project})
    model(np.zeros((2, 16, 16, 3), dtype="float32"))
"""

# Each: (the program's tail, whether Keras raises; None: in some runs only).
_CASES: Dict[str, Tuple[str, Optional[bool]]] = {
    "nested-on-array": ("model = Net(32, 2)\nmodel(np.zeros((2, 32, 32, 16), dtype='float32'))\n", True),
    "block-on-array": ("model = Block(32, 2)\nmodel(np.zeros((2, 32, 32, 16), dtype='float32'))\n", True),
    "block-on-input": ("inputs = keras.Input((32, 32, 16))\nmodel = keras.Model(inputs, Block(32, 2)(inputs))\n",
                       True),
    "built-with-one-channel": ("model = Net(1, 1)\nmodel(np.zeros((2, 32, 32, 16), dtype='float32'))\n", False),
    "built-equal-shapes": ("model = Net(16, 1)\nmodel(np.zeros((2, 32, 32, 16), dtype='float32'))\n", False),
    "built-on-none-sizes": ("inputs = keras.Input((None, None, 16))\n"
                            "model = keras.Model(inputs, Block(16, 1)(inputs))\n", False),
    "called-in-some-runs": ("model = Net(32, 2)\nif len(sys.argv) > 1:\n"
                            "    model(np.zeros((2, 32, 32, 16), dtype='float32'))\n", None),
    "made-in-some-runs": ("if len(sys.argv) > 1:\n    model = Net(32, 2)\nelse:\n    model = Net(16, 1)\n"
                          "model(np.zeros((2, 32, 32, 16), dtype='float32'))\n", None),
}


def _source(base: str, tail: str) -> str:
    return textwrap.dedent(_BLOCK.format(base=base)) + tail


def _keras_raises(source: str, argv: List[str]) -> bool:
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {"np": np}
    saved = sys.argv
    sys.argv = argv
    try:
        exec(compile(source, "<block>", "exec"), namespace)
    except ValueError as error:
        assert "broadcast" in str(error)
        return True
    finally:
        sys.argv = saved
    return False


def _ll104(source: str) -> List[Tuple[int, str]]:
    diagnostics = lint_file(source, "block.py", Settings()).diagnostics
    return [(diagnostic.line, diagnostic.message) for diagnostic in diagnostics if diagnostic.code == "LL104"]


@pytest.mark.parametrize("base", ["keras.Model", "layers.Layer"])
@pytest.mark.parametrize("case", list(_CASES))
def test_a_block_keras_raises_on_is_ll104_whatever_its_base(base: str, case: str) -> None:
    tail, raises = _CASES[case]
    source = _source(base, tail)
    found = _ll104(source)
    if raises is None:
        # One run raises, the other builds: no diagnostic holds in every run.
        assert _keras_raises(source, ["program", "yes"]) != _keras_raises(source, ["program"])
        assert found == []
        return
    assert _keras_raises(source, ["program"]) is raises
    if not raises:
        assert found == []
        return
    # Reported at the block's construction: in Net's __init__, or in the program's tail.
    made = "self.block = Block(" if "Net(" in tail else "Block(32, 2)"
    construction = 1 + next(number for number, line in enumerate(source.splitlines()) if made in line)
    assert [line for line, _ in found] == [construction]
    assert "do not broadcast" in found[0][1]


@pytest.mark.parametrize("project", [False, True])
def test_a_residual_block_model_without_its_projection(project: bool) -> None:
    source = textwrap.dedent(_RESNET.format(project=project))
    raises = _keras_raises(source, ["program"])
    assert raises is not project
    found = _ll104(source)
    if project:
        assert found == []
    else:
        blocks_line = 1 + next(number for number, line in enumerate(source.splitlines()) if "self.blocks = [" in line)
        assert [line for line, _ in found] == [blocks_line]
        assert "ResidualBlock 'residual_block_1'" in found[0][1]
