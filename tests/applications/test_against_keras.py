"""``keras.applications`` models as lstm-lint reports them, compared with what real Keras builds from
the same code: the user's model row by row (the application's row, the layers after it and their
default names, which the application's own layers use up), and the application's totals.

A handful of cases run by default; ``LSTM_LINT_ALL_APPLICATIONS=1`` adds a sweep over every
measured application (ten minutes and more: Keras's numpy backend takes minutes to build
InceptionResNetV2 and the ConvNeXts on any size, for their ``-called`` cases).
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import with_op_runs_collapsed
from tools.generate_applications import measuring

ALL = os.environ.get("LSTM_LINT_ALL_APPLICATIONS") == "1"
TOTALS = ("total_params", "trainable_params", "non_trainable_params")
Json = Dict[str, Any]


def _rows(layers: Any) -> Any:
    """A model's rows as Keras's reference describes them (without why lstm-lint left a cell unknown)."""
    return [{key: value for key, value in row.items() if key != "unknown"} for row in layers]


def _compare(source: str, applications: Tuple[str, ...] = ("base",), counts_known: bool = True) -> None:
    """``counts_known=False``: the application's record has no counts (a constructor whose counts
    the generator found to fit no rule), so the totals and the application's row count must be
    unknown, and all else Keras's."""
    ours = {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}
    try:
        with measuring():  # no download for weights="imagenet"; zeros as initial values
            expected = reference.module_models(source)
    except ValueError:
        # Keras rejects the call of the application on that input (a model built for one size):
        # lstm-lint must not claim an output for it.
        rows = [row for model in ours.values() for row in model["layers"] if row["type"] == "Functional"]
        assert rows and all(row["output_shape"] is None for row in rows)
        return
    assert sorted(ours) == sorted(model["name"] for model in expected)
    for want in expected:
        got = ours[want["name"]]
        if counts_known:
            assert {key: got[key] for key in TOTALS} == {key: want[key] for key in TOTALS}, want["name"]
        else:
            # Unknown, or what holds whatever the count (a frozen application trains nothing).
            assert got["total_params"] is None, want["name"]
            assert all(got[key] in (None, want[key]) for key in TOTALS), want["name"]
        if want["name"] in applications:
            # Its hundreds of layers are not listed: one row stands for them.
            assert [row["type"] for row in got["layers"]] == [None]
        elif counts_known:
            assert _rows(got["layers"]) == with_op_runs_collapsed(want["layers"], got["layers"]), want["name"]
        else:
            rows = _rows(got["layers"])
            assert [row["params"] for row in rows if row["type"] == "Functional"] == [None]
            assert [dict(row, params=None) if row["type"] == "Functional" else row for row in want["layers"]] == rows


FUNCTIONAL = """\
import keras
from keras import layers

base = keras.applications.{application}({arguments})
base.trainable = {trainable}
inputs = keras.Input(shape={shape})
x = base(inputs, training=False)
{head}outputs = layers.Dense(3)(x)
model = keras.Model(inputs, outputs)
"""


def functional(application: str, arguments: str, shape: Tuple[Any, ...], trainable: bool = True,
               pooled: bool = False) -> str:
    head = "" if pooled else "x = layers.GlobalAveragePooling2D()(x)\n"
    return FUNCTIONAL.format(application=application, arguments=arguments, trainable=trainable, shape=shape,
                             head=head)


CASES: List[Tuple[str, str]] = [
    # The transfer-learning example of the Keras guides.
    ("mobilenet_v2_frozen", functional("MobileNetV2",
                                       'input_shape=(160, 160, 3), include_top=False, weights="imagenet"',
                                       (160, 160, 3), trainable=False)),
    # Built on any size, called on another: the output follows the measured formula.
    ("mobilenet_unshaped", functional("MobileNet", "alpha=0.5, include_top=False, weights=None", (150, 150, 3))),
    # One input channel changes the first convolution; pooling adds no weights.
    ("efficientnet_one_channel", functional("EfficientNetB0", 'include_top=False, weights=None, pooling="avg", '
                                            "input_shape=(96, 96, 1)", (96, 96, 1), pooled=True)),
    # A whole classifier with its own top, then the user's layer.
    ("resnet_top", functional("ResNet50", "weights=None, classes=10", (224, 224, 3), pooled=True)),
    ("sequential", """\
import keras
from keras import layers

base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(64, 64, 3), pooling="max")
base.trainable = False
model = keras.Sequential([keras.Input((64, 64, 3)), layers.Rescaling(1 / 255), base, layers.Dense(10)])
"""),
    # Import styles, preprocess_input ops (which use the "add" counter) and layers named after
    # EfficientNet's own unnamed Rescaling and Normalization.
    ("imports_and_names", """\
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.applications.efficientnet import EfficientNetB0
from keras.applications.resnet50 import preprocess_input

base = EfficientNetB0(include_top=False, weights="imagenet", input_shape=(64, 64, 3))
inputs = tf.keras.Input((64, 64, 3))
x = preprocess_input(inputs)
x = layers.Rescaling(1.0)(x)
x = layers.Normalization(mean=0.0, variance=1.0)(x)
x = base(x)
x = layers.GlobalAveragePooling2D()(x)
y = layers.Add()([x, x])
model = tf.keras.Model(inputs, layers.Dense(2)(y))
"""),
    ("attribute_path", """\
import tensorflow as tf

base = tf.keras.applications.resnet50.ResNet50(include_top=False, weights=None, pooling="avg")
model = tf.keras.Sequential([tf.keras.Input((64, 64, 3)), base, tf.keras.layers.Dense(2)])
"""),
    ("sequential_first", """\
from keras import Sequential, layers
from keras.applications import ResNet50V2

base = ResNet50V2(include_top=False, weights=None, input_shape=(96, 96, 3))
model = Sequential([base, layers.Flatten(), layers.Dense(4)])
"""),
    # Families measured since: DenseNet's deeper variants, InceptionResNetV2 at its smallest size
    # (its scaling layers have no compute_output_shape) and a ConvNeXt (so has its LayerScale).
    ("densenet169_frozen", functional("DenseNet169", 'include_top=False, weights="imagenet", '
                                      "input_shape=(64, 64, 3)", (64, 64, 3), trainable=False)),
    ("inception_resnet_smallest", functional("InceptionResNetV2", "include_top=False, weights=None, "
                                             'input_shape=(75, 75, 2), pooling="max"', (75, 75, 2), pooled=True)),
    ("convnext_tiny", """\
import keras

base = keras.applications.ConvNeXtTiny(include_top=False, weights=None, input_shape=(64, 96, 3))
model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(5)])
"""),
]


@pytest.mark.parametrize("source", [source for _, source in CASES], ids=[name for name, _ in CASES])
def test_models_using_applications_match_keras(source: str) -> None:
    _compare(source)


def _sweep() -> List[Tuple[str, str]]:
    from lstm_lint.layers.applications_data import APPLICATIONS
    cases: List[Tuple[str, str]] = []
    for name, entry in APPLICATIONS.items():
        first = next(iter(entry["variants"].values()))
        size = first["min_size"] * 2 + 5
        cases.append((f"{name}-classes", functional(name, "weights=None, classes=7", (first["default_size"] or 224,) * 2
                                                    + (3,), pooled=True)))
        cases.append((f"{name}-shaped", functional(name, f"include_top=False, weights='imagenet', "
                                                   f"input_shape=({size}, {size}, 3)", (size, size, 3),
                                                   trainable=False)))
        cases.append((f"{name}-called", functional(name, "include_top=False, weights=None, pooling='max'",
                                                   (size + 3, size + 3, 3), pooled=True)))
        cases.append((f"{name}-channels", functional(name, "include_top=False, weights=None, "
                                                     f"input_shape=({size}, {size + 9}, 2)", (size, size + 9, 2))))
    return cases


def _counts_known(case: str) -> bool:
    from lstm_lint.layers.applications_data import APPLICATIONS
    return all(record["trainable"] is not None and record["non_trainable"] is not None
               for record in APPLICATIONS[case.split("-")[0]]["variants"].values())


@pytest.mark.skipif(not ALL, reason="set LSTM_LINT_ALL_APPLICATIONS=1 for every application")
@pytest.mark.parametrize("case, source", _sweep() if ALL else [], ids=[name for name, _ in (_sweep() if ALL else [])])
def test_every_application_matches_keras(case: str, source: str) -> None:
    _compare(source, counts_known=_counts_known(case))


def test_application_inside_a_builder_is_a_row_of_the_returned_model() -> None:
    """Not a model of its own: the program binds only the model the function returns."""
    source = """\
import keras
from keras import layers

def build(classes):
    base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3))
    base.trainable = False
    inputs = keras.Input((96, 96, 3))
    x = layers.GlobalAveragePooling2D()(base(inputs))
    return keras.Model(inputs, layers.Dense(classes)(x))

model = build(4)
"""
    with measuring():
        [expected] = reference.module_models(source)
    [ours] = analyse_source(source, "app.py").to_json()["models"]
    assert {key: ours[key] for key in TOTALS} == {key: expected[key] for key in TOTALS}
    assert _rows(ours["layers"]) == expected["layers"]


TENSORS = """\
import keras
from keras import layers

base = keras.applications.{application}(include_top=False, weights=None, input_shape={shape})
base.trainable = {trainable}
x = layers.GlobalAveragePooling2D()(base.output)
x = layers.Dense(8, activation="relu")(x)
model = keras.Model(inputs=base.input, outputs=layers.Dense(2)(x))
"""


@pytest.mark.parametrize("application, shape, trainable",
                         [("MobileNetV2", (96, 96, 3), False), ("VGG16", (64, 64, 3), True)])
def test_model_from_application_tensors(application: str, shape: Tuple[int, ...], trainable: bool) -> None:
    """``keras.Model(base.input, head(base.output))`` holds every layer of the application: one
    row of unknown layers stands for them between the input and the head, and the totals are
    Keras's."""
    source = TENSORS.format(application=application, shape=shape, trainable=trainable)
    with measuring():
        expected = {model["name"]: model for model in reference.module_models(source)}["model"]
    ours = {model["name"]: model for model in analyse_source(source, "app.py").to_json()["models"]}["model"]
    assert {key: ours[key] for key in TOTALS} == {key: expected[key] for key in TOTALS}
    first, placeholder, *head = _rows(ours["layers"])
    assert first == expected["layers"][0]
    assert placeholder["type"] is None
    assert head == expected["layers"][-len(head):]
