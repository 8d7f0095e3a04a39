"""LL303 on models made from other models (``clone_model``, ``Sequential(base.layers)``): it
reports an ``input_shape=``/``input_dim=`` exactly where Keras never reads it. Which ones Keras
reads is taken from Keras itself: ``Sequential.add`` reads a layer's ``_input_shape_arg`` when the
layer is added to an empty model; a layer Keras makes again from its config (a clone) has none.
The models themselves must also be those Keras builds."""
from __future__ import annotations

import contextlib
import io
import warnings
from typing import Any, Dict, Iterator, List, Set

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_env import keras

HEAD = "import keras\nfrom keras import layers\n"

PROGRAMS = {
    # The transfer-learning idiom: the clone's Flatten is first, as the original's is.
    "clone_of_a_sequential_whose_first_layer_declares_its_input": HEAD + """\
model_a = keras.Sequential([layers.Flatten(input_shape=[28, 28]), layers.Dense(10)])
clone = keras.models.clone_model(model_a)
""",
    "clone_of_a_sequential_with_input_dim_first": HEAD + """\
model_a = keras.Sequential([layers.Dense(8, input_dim=4), layers.Dense(2)])
clone = keras.models.clone_model(model_a)
""",
    # Ignored in the original, reported there once: the clone's copy was not given it.
    "clone_of_a_sequential_with_an_ignored_input_shape": HEAD + """\
model_a = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(2, input_shape=(8,))])
clone = keras.models.clone_model(model_a)
""",
    "clone_of_a_functional_model_with_an_ignored_input_shape": HEAD + """\
x = keras.Input((4,), name="features")
model_a = keras.Model(x, layers.Dense(2, input_shape=(8,))(x))
clone = keras.models.clone_model(model_a)
""",
    # Its layers again in other Sequentials, where Flatten is first or not: model_a reads it.
    "layers_of_a_sequential_in_other_sequentials": HEAD + """\
model_a = keras.Sequential([layers.Flatten(input_shape=[28, 28]), layers.Dense(10)])
again = keras.Sequential(model_a.layers)
behind_an_input = keras.Sequential([keras.Input((28, 28)), *model_a.layers])
head = keras.Sequential(model_a.layers[:-1])
""",
    "a_layer_first_in_a_sequential_made_after_it_is_not_first": HEAD + """\
first = layers.Dense(8, input_shape=(4,))
late = keras.Sequential([keras.Input((4,)), first])
model_a = keras.Sequential([first, layers.Dense(2)])
""",
}


@contextlib.contextmanager
def _recording_reads(read: Set[int]) -> Iterator[None]:
    """``Sequential.add`` as Keras runs it, noting each layer whose ``_input_shape_arg`` it reads."""
    sequential = keras.Sequential
    original = sequential.add

    def add(self: Any, layer: Any, rebuild: bool = True) -> Any:
        if not self._layers and getattr(layer, "_input_shape_arg", None) is not None:
            read.add(id(layer))
        return original(self, layer, rebuild)

    sequential.add = add
    try:
        yield
    finally:
        sequential.add = original


def lines_keras_ignores(source: str) -> List[int]:
    """The lines of the layers made with an input shape that Keras never reads."""
    keras.backend.clear_session(free_memory=False)
    lines: Dict[int, int] = {}
    keep: List[Any] = []
    read: Set[int] = set()
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            reference._recording_lines(lines, keep), _recording_reads(read):
        warnings.simplefilter("ignore")
        exec(compile(source, reference.FILENAME, "exec"), namespace)
    return sorted(lines[id(layer)] for layer in keep
                  if getattr(layer, "_input_shape_arg", None) is not None and id(layer) not in read)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_ll303_where_keras_ignores_the_input_shape(name: str) -> None:
    source = PROGRAMS[name]
    reported = sorted(found.line for found in lint_source(source, "model.py", Settings(), ["LL303"]))
    assert reported == lines_keras_ignores(source)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_models_are_those_keras_builds(name: str) -> None:
    source = PROGRAMS[name]
    expected = reference.module_models(source)
    actual = analyse_source(source, "model.py").to_json()["models"]
    assert differences(expected, actual, lines=True) == []
