"""LL113 on ``layers.experimental``: what Keras 3 raises on it, where it is reported, and what the
model's rows are meanwhile (those of the class it names, compared with Keras building that class
from ``keras.layers``)."""
from __future__ import annotations

from typing import List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.fixes.apply import fix_source
from lstm_lint.lint import lint_file, lint_source
from lstm_lint.rules.keras2_paths import Keras2OnlyPath
from tests.keras_diff.compare import differences
from tests.keras_diff.reference import module_models
from tests.keras_env import keras

KERAS2 = Settings().merged({"target-keras": "2"}, "the test")


def places(source: str, settings: Settings = Settings()) -> List[Tuple[int, int]]:
    return [(d.line, d.column) for d in lint_source(source, "a.py", settings, [Keras2OnlyPath.code])]


def test_keras3_has_no_layers_experimental() -> None:
    with pytest.raises(AttributeError):
        keras.layers.experimental  # noqa: B018
    with pytest.raises(ModuleNotFoundError):
        exec("from keras.layers.experimental.preprocessing import Rescaling", {})
    # tf.keras under TensorFlow 2.16 and later is this face of Keras 3: no experimental either.
    from keras._tf_keras import keras as tf_keras_face
    assert not hasattr(tf_keras_face.layers, "experimental")
    with pytest.raises(ModuleNotFoundError):
        exec("from keras._tf_keras.keras.layers.experimental.preprocessing import Rescaling", {})


AUGMENTATION = """\
import tensorflow as tf
from tensorflow.keras import layers

def build():
    augment = tf.keras.Sequential([layers.experimental.preprocessing.RandomFlip("horizontal"),
                                   layers.experimental.preprocessing.RandomRotation(0.1)])
    inputs = tf.keras.Input((32, 32, 3))
    x = layers.experimental.preprocessing.Rescaling(1 / 255)(augment(inputs))
    return tf.keras.Model(inputs, layers.Dense(2)(layers.Flatten()(x)))

model = build()
"""


def test_each_read_is_reported_where_it_starts() -> None:
    assert places(AUGMENTATION) == [(5, 35), (6, 35), (8, 8)]


def test_rows_are_those_of_the_class_named() -> None:
    """Reported, and still read as the layer Keras 3 exports under that name."""
    ours = [model for model in analyse_source(AUGMENTATION, "a.py").to_json()["models"] if model["name"] == "model"]
    fixed = AUGMENTATION.replace("layers.experimental.preprocessing.", "layers.").replace(
        "tf.keras.", "keras.").replace("tensorflow.keras", "keras").replace("import tensorflow as tf", "import keras")
    expected = [model for model in module_models(fixed) if model["name"] == "model"]
    assert len(expected) == 1
    assert differences(expected, ours, lines=False) == []


def test_fix_gives_the_keras3_paths() -> None:
    fixed = fix_source(AUGMENTATION, "a.py", Settings(), frozenset({Keras2OnlyPath.code}), unsafe=False)
    assert fixed.text == AUGMENTATION.replace("layers.experimental.preprocessing.", "layers.")
    assert not fixed.remaining.diagnostics  # type: ignore[union-attr]


def test_no_fix_for_a_class_keras3_does_not_export() -> None:
    """tf.keras 2's CategoryCrossing has no Keras 3 class (HashedCrossing replaced it)."""
    assert not hasattr(keras.layers, "CategoryCrossing")
    for source in ("from keras import layers\ncross = layers.experimental.preprocessing.CategoryCrossing()\n",
                   "from keras.layers.experimental.preprocessing import CategoryCrossing, Rescaling\n"):
        [diagnostic] = lint_file(source, "a.py", Settings(), [Keras2OnlyPath.code], fixes=True).diagnostics
        assert diagnostic.fix is None


def test_nothing_under_target_keras_2() -> None:
    source = "from keras.layers.experimental.preprocessing import Rescaling\n" + AUGMENTATION
    assert places(source, KERAS2) == []
    assert places(source) == [(1, 0), (6, 35), (7, 35), (9, 8)]


def test_keras2_packages_and_guarded_code_are_left_alone() -> None:
    assert places("import tf_keras\n"
                  "scale = tf_keras.layers.experimental.preprocessing.Rescaling(0.5)\n"
                  "from tensorflow.python.keras.layers.experimental.preprocessing import Rescaling\n") == []
    assert places("import keras\n"
                  "try:\n"
                  "    scale = keras.layers.experimental.preprocessing.Rescaling(0.5)\n"
                  "except AttributeError:\n"
                  "    scale = keras.layers.Rescaling(0.5)\n"
                  "try:\n"
                  "    from keras.layers.experimental import preprocessing\n"
                  "except ImportError:\n"
                  "    from keras import layers as preprocessing\n") == []


def test_a_read_in_a_branch_that_may_not_run_is_not_reported() -> None:
    assert places("import sys, keras\n"
                  "if sys.argv[1] == 'old':\n"
                  "    scale = keras.layers.experimental.preprocessing.Rescaling(0.5)\n") == []


def test_an_alias_of_layers_is_reported_at_its_statement() -> None:
    """Written through another name for keras.layers: the statement is known, not the column."""
    assert places("import keras\n"
                  "from keras import layers as L\n"
                  "x = 1; scale = L.experimental.preprocessing.Rescaling(0.5)\n") == [(3, 0)]
