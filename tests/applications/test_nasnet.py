"""NASNetLarge and NASNetMobile, whose weights depend on whether the input has a size.

NASNet's ``adjust_block`` compares the width of a cell's input with the previous cell's output and
adds projections where they differ: on any size (``None``) the widths compare equal, so a model built
without a size has fewer weights than at every whole size, which all have the same. Both counts are
measured by ``tools/generate_applications.py``; each is compared here with Keras building the code.
"""
from __future__ import annotations

from typing import Any

import pytest

from lstm_lint import analyse_source
from lstm_lint.layers import applications
from lstm_lint.values import Unknown
from tests.applications.test_against_keras import _compare
from tests.keras_diff import reference
from tests.keras_env import keras
from tools.generate_applications import measuring

CASES = {
    # Without input_shape NASNetLarge is built on any size: the weights without the projections.
    "large_any_size": "import keras\nbase = keras.applications.NASNetLarge(include_top=False, weights=None)\n",
    # One input channel, on any size: the first convolution's weights follow the channels there too.
    "large_any_size_one_channel": ("import keras\nbase = keras.applications.NASNetLarge(include_top=False, "
                                   "weights=None, input_shape=(None, None, 1))\n"),
    # A whole size: the projections, and an output of a known size for the layers after it.
    "large_sized": """\
import keras
from keras import layers

base = keras.applications.NASNetLarge(include_top=False, weights=None, input_shape=(64, 64, 3))
base.trainable = False
model = keras.Sequential([keras.Input((64, 64, 3)), base, layers.Flatten(), layers.Dense(3)])
""",
    "large_top": "import keras\nbase = keras.applications.NASNetLarge(weights=None, classes=10)\n",
    # NASNetMobile's own input is 224 x 224: only None rows and columns build it on any size.
    "mobile_any_size": ("import keras\nbase = keras.applications.NASNetMobile(include_top=False, weights=None, "
                        "input_shape=(None, None, 3))\n"),
    "mobile_default": "import keras\nbase = keras.applications.NASNetMobile(include_top=False, weights=None)\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_nasnet_counts_match_keras(name: str) -> None:
    _compare(CASES[name])


def _built(**kwargs: Any) -> applications.Built:
    built = applications.construct("NASNetMobile", (), kwargs, True, "channels_last")
    assert built is not None
    return built


@pytest.mark.parametrize("input_shape", [(None, 64, 3), (64, None, 3)])
def test_one_undefined_side_is_unknown(input_shape: Any) -> None:
    """Measured at no such input (Keras fails to build NASNet on one: its cells' widths or heights
    do not add up): the counts are unknown, never a guess from either side."""
    built = applications.construct("NASNetMobile", (), {"include_top": False, "weights": None,
                                                        "input_shape": input_shape}, True, "channels_last")
    assert built is not None and isinstance(built.weights.total, Unknown)
    keras.backend.clear_session(free_memory=False)
    with pytest.raises((ValueError, TypeError)):
        keras.applications.NASNetMobile(include_top=False, weights=None, input_shape=input_shape)


def test_names_after_a_model_on_any_size_are_unknown_where_it_may_have_used_them() -> None:
    """NASNetMobile on any size leaves out layers its measured whole-size builds have: every name
    counter those used is unknown after it (``activation``), the others are Keras's."""
    source = """\
import keras
from keras import layers

base = keras.applications.NASNetMobile(include_top=False, weights=None, input_shape=(None, None, 3))
model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Activation("relu"), layers.Dense(2)])
"""
    with measuring():
        expected = {model["name"]: model for model in reference.module_models(source)}["model"]
    ours = {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}["model"]
    assert [row["name"] for row in ours["layers"]] == ["dense", None, "dense_1"]
    assert [row["name"] for row in expected["layers"]][::2] == ["dense", "dense_1"]
    assert ours["total_params"] == expected["total_params"]
