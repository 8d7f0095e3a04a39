"""A ``keras.applications`` model given ``input_tensor=keras.Input(...)``: Keras builds its layers on
that tensor, as on ``input_shape=`` of its shape, and the model's input is the program's own Input
(keras/src/applications/vgg16.py and the like). Compared with real Keras: the application's totals,
and the rows of the model built from its tensors."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tools.generate_applications import measuring

TOTALS = ("total_params", "trainable_params", "non_trainable_params")

VGG16_ON_AN_INPUT = """\
from keras.applications import VGG16
from keras.layers import Input, Flatten, Dense
from keras.models import Model

base = VGG16(weights=None, include_top=False, input_tensor=Input(shape=(32, 32, 3)))
model = Model(inputs=base.input, outputs=Dense(2)(Flatten()(base.output)))
"""

# The Input shared with the outer model, and every inner layer frozen by a loop.
RESNET50_FROZEN_BY_A_LOOP = """\
from keras.applications import ResNet50
from keras.layers import Input, GlobalAveragePooling2D, Dense
from keras.models import Model

inp = Input(shape=(64, 64, 3))
base = ResNet50(weights=None, include_top=False, input_tensor=inp)
for layer in base.layers:
    layer.trainable = False
x = GlobalAveragePooling2D()(base.output)
model = Model(inp, Dense(3, activation="softmax")(x))
"""

PROGRAMS = {"vgg16_on_an_input": VGG16_ON_AN_INPUT, "resnet50_frozen_by_a_loop": RESNET50_FROZEN_BY_A_LOOP}


def _models(source: str) -> Dict[str, Any]:
    return {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_an_application_on_an_input_is_kerass(name: str) -> None:
    source = PROGRAMS[name]
    with measuring():
        expected = {model["name"]: model for model in reference.module_models(source)}
    ours = _models(source)
    assert sorted(ours) == sorted(expected) == ["base", "model"]
    for model in ("base", "model"):
        assert {key: ours[model][key] for key in TOTALS} == {key: expected[model][key] for key in TOTALS}, model
    rows = [{key: value for key, value in row.items() if key != "unknown"} for row in ours["model"]["layers"]]
    first, placeholder, *head = rows
    # The program's Input, one row standing for the application's layers, then the head.
    assert first == expected["model"]["layers"][0]
    assert placeholder["type"] is None
    assert head == expected["model"]["layers"][-len(head):]


def test_an_application_on_a_tensor_made_by_layers_is_unknown() -> None:
    """The layers that made the tensor become the application's (Keras takes the tensor's source
    inputs as the model's): its totals are not the measured ones."""
    source = VGG16_ON_AN_INPUT.replace(
        "input_tensor=Input(shape=(32, 32, 3))", "input_tensor=Dense(3)(Input(shape=(32, 32, 3)))")
    assert source != VGG16_ON_AN_INPUT
    with measuring():
        expected = {model["name"]: model for model in reference.module_models(source)}
    assert expected["base"]["total_params"] == 14_714_688 + 12
    assert _models(source)["model"]["total_params"] is None


def test_an_application_reading_the_tensors_shape_itself_is_unknown() -> None:
    """MobileNetV2 names its model from the tensor's shape (mobilenet_v2.py): not followed."""
    source = """\
import keras

base = keras.applications.MobileNetV2(weights=None, include_top=False, input_tensor=keras.Input((96, 96, 3)))
"""
    # Not a model lstm-lint stands for: unreported, or reported with unknown totals.
    assert all(model["total_params"] is None for model in _models(source).values())
    assert _models(source.replace("MobileNetV2", "VGG16"))["base"]["total_params"] == 14_714_688
