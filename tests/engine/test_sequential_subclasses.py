"""The program's own subclasses of ``keras.Sequential``: each is the Sequential Keras builds (its
rows, totals and deferred build), under the class's default name and with the class as its type;
each program is run in Keras and compared. Where the class changes what Sequential does (its own
``call``), the model is unknown, never a guess."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.values import Unknown
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n"

PROGRAMS = {
    "layers_added_in_init": HEAD + """\
class Net(keras.Sequential):
    def __init__(self, n_classes):
        super().__init__()
        self.add(keras.Input((16,)))
        self.add(layers.Dense(32, activation="relu"))
        self.add(layers.Dense(n_classes))
model = Net(5)
""",
    "layers_given_to_super_init_with_kwargs": HEAD + """\
class Net(keras.Sequential):
    def __init__(self, n_classes, **kw):
        super().__init__([keras.Input((16,)), layers.Dense(32, activation="relu"), layers.Dense(n_classes)], **kw)
model = Net(5, name="net_a")
other = Net(3)
""",
    "named_in_super_init_then_added": HEAD + """\
class Tower(keras.Sequential):
    def __init__(self, units):
        super().__init__(name="tower")
        for size in units:
            self.add(layers.Dense(size))
model = Tower([8, 4])
model.build((None, 6))
""",
    "built_late_by_a_call_on_data": HEAD + """\
class Net(keras.Sequential):
    def __init__(self):
        super().__init__([layers.LSTM(8), layers.Dense(2)])
model = Net()
model(np.zeros((4, 10, 3), "float32"))
""",
    "no_init_of_its_own": HEAD + """\
class Plain(keras.Sequential):
    pass
model = Plain([keras.Input((5,)), layers.Dense(3)], trainable=False)
""",
    "used_as_a_layer_of_another_sequential": HEAD + """\
class Head(keras.Sequential):
    def __init__(self):
        super().__init__([keras.Input((16,)), layers.Dense(3)])
head = Head()
outer = keras.Sequential([keras.Input((16,)), head])
""",
}


def keras_and_ours(source: str) -> List[str]:
    expected = reference.module_models(source)
    actual = analyse_source(source, "model.py").to_json()["models"]
    return differences(expected, actual, lines=True)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_keras_agrees(name: str) -> None:
    assert keras_and_ours(PROGRAMS[name]) == []


UNKNOWN_PROGRAMS = {
    # Its own call decides what a call gives: not followed.
    "own_call": HEAD + """\
class Net(keras.Sequential):
    def __init__(self):
        super().__init__([layers.Dense(4)])
    def call(self, x):
        return super().call(x) * 2
model = Net()
model(np.zeros((2, 3), "float32"))
""",
    # A layer held in an attribute is tracked by Keras (its weights count) but is no row.
    "layer_held_in_an_attribute": HEAD + """\
class Net(keras.Sequential):
    def __init__(self):
        super().__init__([keras.Input((3,)), layers.Dense(4)])
        self.extra = layers.Dense(2)
        self.extra.build((None, 4))
model = Net()
""",
    # Sequential.__init__ on some runs only.
    "init_on_some_runs": HEAD + """\
import sys
class Net(keras.Sequential):
    def __init__(self):
        if len(sys.argv) > 3:
            super().__init__([keras.Input((3,)), layers.Dense(4)])
        else:
            super().__init__([keras.Input((3,)), layers.Dense(5)])
model = Net()
""",
}


def models(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


@pytest.mark.parametrize("name", sorted(UNKNOWN_PROGRAMS))
def test_what_the_class_changes_is_unknown(name: str) -> None:
    source = UNKNOWN_PROGRAMS[name]
    [built] = reference.printed_models(source).values()  # Keras runs it
    model = models(source)["model"]
    assert built["total_params"] > 0 and model["total_params"] is None


def test_a_typo_in_a_layer_of_the_subclass_is_reported_as_keras_raises() -> None:
    source = PROGRAMS["layers_added_in_init"].replace('activation="relu"', 'activaton="relu"')
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense"):
        reference.module_models(source)
    [found] = lint_source(source, "model.py", Settings(), None)
    assert (found.code, found.line) == ("LL103", 8)


def test_a_class_never_instantiated_is_checked_and_no_model() -> None:
    """As for a keras.Model subclass: its __init__ is run on unknown arguments, to report what
    Keras raises on whenever it is made (an importer may make it)."""
    source = HEAD + """\
class Unused(keras.Sequential):
    def __init__(self, units):
        super().__init__([layers.Dense(units, activaton="relu")])
"""
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense"):
        reference.module_models(source + "made = Unused(3)\n")
    [found] = lint_source(source, "model.py", Settings(), None)
    assert (found.code, found.line) == ("LL103", 6)
    assert models(source) == {}


NOT_FOLLOWED_INIT = '''
import keras
from keras import layers


class Block(keras.Sequential):
    def __init__(self):
        keras.Sequential.__init__(self, [layers.Dense(2)])


inputs = keras.Input((5,))
model = keras.Model(inputs, layers.Dense(3)(Block()(inputs)))
'''
ADD_BEFORE_INIT = NOT_FOLLOWED_INIT.replace(
    "keras.Sequential.__init__(self, [layers.Dense(2)])", "self.add(layers.Dense(2))\n        super().__init__()")


def test_a_subclass_whose_layers_are_not_followed_passes_nothing_through() -> None:
    """Not followed, its output is unknown: not its input passed on (Keras: (None, 2), so the next
    Dense has 9 weights, not 18)."""
    namespace: Dict[str, Any] = {}
    exec(NOT_FOLLOWED_INIT, namespace)
    assert namespace["model"].layers[1].output.shape == (None, 2)
    summary = analyse_source(NOT_FOLLOWED_INIT).models[-1]
    assert isinstance(summary.total_params, Unknown)
    assert isinstance(summary.layers[-1].params, Unknown)


def test_layers_added_before_sequential_init_are_dropped_by_it() -> None:
    """``Sequential.__init__`` resets the layers: Keras has an empty Sequential and raises when it
    is called. lstm-lint does not count the model."""
    with pytest.raises(ValueError, match="no layers"):
        exec(ADD_BEFORE_INIT, {})
    summary = analyse_source(ADD_BEFORE_INIT).models[-1]
    assert isinstance(summary.total_params, Unknown)
