"""Keras's global image data format, and compatibility imports, checked against real Keras."""
from __future__ import annotations

import os
import textwrap
from typing import Any, Dict, Iterator, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.lint import lint_file
from lstm_lint.config import Settings
from tests.keras_env import keras
from tests.keras_diff import reference


@pytest.fixture(autouse=True)
def channels_last_again() -> Iterator[None]:
    """The programs below change Keras's process-wide setting: every test starts and ends with
    Keras's default."""
    keras.config.set_image_data_format("channels_last")
    yield
    keras.config.set_image_data_format("channels_last")


def compare(source: str) -> List[Dict[str, Any]]:
    source = textwrap.dedent(source)
    expected = reference.module_models(source)
    actual = analyse_source(source, "program.py").to_json()["models"]
    strip = [{key: model[key] for key in ("name", "total_params", "trainable_params", "non_trainable_params")}
             | {"layers": [{k: layer[k] for k in ("name", "type", "output_shape", "params")}
                           for layer in model["layers"]]}
             for model in actual]
    want = [{key: model[key] for key in ("name", "total_params", "trainable_params", "non_trainable_params")}
            | {"layers": [{k: layer[k] for k in ("name", "type", "output_shape", "params")}
                          for layer in model["layers"]]}
            for model in expected]
    assert strip == want
    return actual


CHANNELS_FIRST = """
    import keras
    from keras import layers
    {call}
    model = keras.Sequential([
        keras.Input((3, 32, 32)),
        layers.Conv2D(8, 3, padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(4, 3, data_format="channels_first"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),
    ])
"""


@pytest.mark.parametrize("call", [
    'keras.config.set_image_data_format("channels_first")',
    'keras.backend.set_image_data_format("channels_first")',
])
def test_set_image_data_format_changes_every_later_default(call: str) -> None:
    source = CHANNELS_FIRST.format(call=call)
    compare(source)
    diagnostics = lint_file(textwrap.dedent(source), "program.py", Settings(), None).diagnostics
    assert [d.code for d in diagnostics if d.code.startswith("LL1")] == []


def test_an_undecided_data_format_leaves_shapes_unknown() -> None:
    source = textwrap.dedent("""
        import os
        import keras
        from keras import layers
        if os.environ.get("CHANNELS_FIRST"):
            keras.config.set_image_data_format("channels_first")
        model = keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(8, 3, padding="same")])
    """)
    for setting in ("", "1"):  # the count differs between the runs: 3 or 32 input channels
        keras.config.set_image_data_format("channels_last")
        os.environ["CHANNELS_FIRST"] = setting
        try:
            assert reference.module_models(source)[0]["total_params"] == {"": 2312, "1": 224}[setting]
        finally:
            del os.environ["CHANNELS_FIRST"]
    model = analyse_source(source, "program.py").to_json()["models"][0]
    assert model["layers"][0]["type"] == "Conv2D"
    assert model["layers"][0]["params"] is None
    assert model["total_params"] is None
    diagnostics = lint_file(source, "program.py", Settings(), None).diagnostics
    assert [d.code for d in diagnostics if d.code.startswith("LL1")] == []


@pytest.mark.parametrize("imports", [
    """
    try:
        from tensorflow import keras
    except ImportError:
        import keras
    """,
    """
    try:
        import keras
    except ImportError:
        from tensorflow import keras
    """,
    """
    import sys
    if sys.version_info >= (3, 9):
        import keras
    else:
        from tensorflow import keras
    """,
    """
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        from tensorflow import keras
    else:
        import keras
    """,
])
def test_compatibility_imports_are_keras(imports: str) -> None:
    source = textwrap.dedent(imports) + textwrap.dedent("""
        layers = keras.layers
        model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.Dense(3)])
    """)
    models = compare(source)
    assert models and models[0]["total_params"] == 8 * 4 * (4 + 8 + 1) + 27


def test_a_layer_held_by_two_layers_is_never_counted_twice() -> None:
    source = textwrap.dedent("""
        import keras
        from keras import layers
        cell = layers.GRUCell(4)
        inputs = keras.Input((5, 3))
        first = layers.RNN(cell)(inputs)
        second = layers.RNN(cell)(inputs)
        model = keras.Model(inputs, layers.Concatenate()([first, second]))
    """)
    keras_total = reference.module_models(source)[0]["total_params"]
    ours = analyse_source(source, "program.py").to_json()["models"][0]["total_params"]
    assert ours in (None, keras_total)  # Keras counts the shared cell once: exact, or unknown
