"""LL116: ``super(keras.Model, self).__init__()`` skips Keras's Model.__init__ (and
``super(layers.Layer, self)`` Layer's). Each program is run in real Keras: where LL116 fires, Keras
makes the object and raises when it is first used; where it does not, Keras runs it. The counts of
such a model are unknown, never Keras's table of a model no run has."""
from __future__ import annotations

import textwrap
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

_MODEL = """
    import numpy as np
    import keras
    from keras import layers


    class Net(keras.Model):
        def __init__(self):
            {init}
            self.dense = layers.Dense(4)

        def call(self, x):
            return self.dense(x)


    model = Net()
    model(np.zeros((2, 8), "float32"))
"""
_LAYER = """
    import numpy as np
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self):
            {init}
            self.dense = layers.Dense(4)

        def call(self, x):
            return self.dense(x)


    inputs = keras.Input((8,))
    model = keras.Model(inputs, Block()(inputs))
"""
INIT_LINE = 8

# (program, the super call, what Keras raises when the object is used)
SKIPPED: List[Tuple[str, str, type]] = [
    (_MODEL, "super(keras.Model, self).__init__()", AttributeError),
    (_MODEL, "super(keras.models.Model, self).__init__()", AttributeError),
    (_LAYER, "super(layers.Layer, self).__init__()", RuntimeError),
    (_LAYER, "super(keras.layers.Layer, self).__init__()", RuntimeError),
]
FINE = [
    (_MODEL, "super().__init__()"),
    (_MODEL, "super(Net, self).__init__()"),
    (_LAYER, "super(Block, self).__init__()"),
]


def program(template: str, init: str) -> str:
    return textwrap.dedent(template).lstrip().format(init=init)


def models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


@pytest.mark.parametrize("template, init, raised", SKIPPED, ids=[case[1] for case in SKIPPED])
def test_reported_where_keras_raises_on_the_first_use(template: str, init: str, raised: type) -> None:
    source = program(template, init)
    with pytest.raises(raised):
        reference.module_models(source)
    found = lint_source(source, "model.py", Settings(), None)
    assert [(d.code, d.line) for d in found] == [("LL116", INIT_LINE)]
    assert models(source)["model"]["total_params"] is None


@pytest.mark.parametrize("template, init", FINE, ids=[case[1] for case in FINE])
def test_quiet_and_exact_where_keras_runs(template: str, init: str) -> None:
    source = program(template, init)
    expected = reference.module_models(source)
    assert lint_source(source, "model.py", Settings(), None) == []
    actual = analyse_source(source, "model.py").to_json()["models"]
    assert differences(expected, actual, lines=False) == []


def test_made_so_on_some_runs_only_is_unknown_and_not_reported() -> None:
    init = "if len(sys.argv) > 100:\n            super(keras.Model, self).__init__()\n        else:\n" \
           "            super().__init__()"
    source = program(_MODEL, init).replace("import numpy", "import sys\nimport numpy")
    reference.module_models(source)  # (sys.argv of a test run takes the fine path)
    assert lint_source(source, "model.py", Settings(), ["LL116"]) == []
    assert models(source)["model"]["total_params"] is None


OTHER_METHODS = '''
import keras
from keras import layers
from keras.layers import Layer


class Scale(Layer):
    def __init__(self, k=2.0, **kwargs):
        super().__init__(**kwargs)
        self.k = k

    def call(self, x):
        return x * self.k

    def get_config(self):
        config = super(Layer, self).get_config()
        config.update({"k": self.k})
        return config


inputs = keras.Input((5,))
model = keras.Model(inputs, layers.Dense(2)(Scale()(inputs)))
config = model.layers[1].get_config()
'''


def test_super_of_the_keras_class_in_another_method_skips_nothing() -> None:
    """``super(Layer, self).get_config()`` runs Keras's own ``get_config``: Keras builds the model,
    and nothing is reported."""
    expected = reference.module_models(OTHER_METHODS)
    assert [model["total_params"] for model in expected] == [12]
    assert [d.code for d in lint_source(OTHER_METHODS, "a.py", Settings())] == []
    assert [model.total_params for model in analyse_source(OTHER_METHODS).models] == [12]
