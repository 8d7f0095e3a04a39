"""What lstm-lint cannot know about an application is unknown, never guessed: arguments that vary
between runs, values never measured, inner layers the program reaches, an ``input_tensor``. What
stays known is compared with Keras."""
from __future__ import annotations

from typing import Any, Dict, List

from lstm_lint import analyse_source
from tests.keras_diff import reference

Json = Dict[str, Any]


def models(source: str) -> Dict[str, Json]:
    return {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}


def totals(model: Json) -> List[Any]:
    return [model["total_params"], model["trainable_params"], model["non_trainable_params"]]


def test_argument_from_the_environment_makes_counts_unknown() -> None:
    found = models("import os, keras\n"
                   "alpha = float(os.environ['ALPHA'])\n"
                   "base = keras.applications.MobileNetV2(alpha=alpha, include_top=False, weights=None)\n")
    assert totals(found["base"]) == [None, None, None]


def test_unmeasured_variant_is_unknown() -> None:
    found = models("import keras\n"
                   "base = keras.applications.MobileNetV2(alpha=0.6, include_top=False, weights=None)\n")
    assert totals(found["base"]) == [None, None, None]


def test_reaching_inner_layers_makes_the_trainable_split_unknown() -> None:
    """Fine-tuning freezes some inner layers: the total stays what it is, the split is unknown."""
    source = ("import keras\n"
              "base = keras.applications.MobileNetV2(include_top=False, weights=None)\n"
              "base.trainable = True\n"
              "for layer in base.layers[:100]:\n"
              "    layer.trainable = False\n"
              "model = keras.Sequential([keras.Input((96, 96, 3)), base, keras.layers.Flatten(),\n"
              "                          keras.layers.Dense(2)])\n")
    found = models(source)
    expected = {model["name"]: model for model in reference.module_models(source)}
    for name in ("base", "model"):
        assert totals(found[name]) == [expected[name]["total_params"], None, None]


def test_frozen_application_has_no_trainable_weights() -> None:
    found = models("import keras\n"
                   "base = keras.applications.MobileNetV2(include_top=False, weights=None)\n"
                   "base.trainable = False\n")
    total, trainable, non_trainable = totals(found["base"])
    assert isinstance(total, int) and total > 0
    assert (trainable, non_trainable) == (0, total)


def test_names_after_an_unknown_application_are_unknown() -> None:
    found = models("import sys, keras\n"
                   "base = keras.applications.EfficientNetB0(include_top=sys.argv[1] == 'top', weights=None)\n"
                   "model = keras.Sequential([keras.Input((8,)), keras.layers.Rescaling(2.0)])\n")
    assert [row["name"] for row in found["model"]["layers"]] == [None]


def test_input_tensor_application_reading_its_shape_is_not_modelled() -> None:
    """MobileNetV2 reads the tensor's shape itself (its name, its checks): not followed. (ResNet50
    builds on the tensor as on input_shape=: tests/applications/test_input_tensor.py.)"""
    found = models("import keras\n"
                   "inputs = keras.Input((96, 96, 3))\n"
                   "base = keras.applications.MobileNetV2(include_top=False, weights=None, input_tensor=inputs)\n"
                   "x = keras.layers.GlobalAveragePooling2D()(base.output)\n"
                   "model = keras.Model(base.input, keras.layers.Dense(2)(x))\n")
    assert totals(found["model"]) == [None, None, None]


def test_argument_at_a_value_never_measured_is_unknown() -> None:
    """MobileNetV3's dropout_rate=0 leaves out an unnamed Dropout (a name counter): not measured."""
    found = models("import keras\n"
                   "base = keras.applications.MobileNetV3Small(weights=None, dropout_rate=0.0)\n"
                   "model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.5)])\n")
    assert totals(found["base"]) == [None, None, None]
    assert [row["name"] for row in found["model"]["layers"]] == [None]
