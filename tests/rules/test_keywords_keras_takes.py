"""Keywords Keras 3 takes although the class's own signature does not name them: a deprecated alias
(LeakyReLU's ``alpha``), an argument the constructor pops from ``**kwargs`` (LayerNormalization's
``rms_scaling``, LSTM's ``implementation``), a base class's own argument (BaseConv's ``lora_rank``).
None of them is an unknown keyword (LL103), and the model they build is the one Keras builds: every
layer's name, shape and count, checked against Keras itself."""
from __future__ import annotations

from typing import List

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.lint import lint_source
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_diff.generator import ModelRef
from tests.keras_env import keras

EVERY_CODE = [rule.code for rule in ALL_RULES] + [INTERNAL_ERROR]

LEAKY = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input((10, 3)),
    layers.Dense(8),
    layers.LeakyReLU(alpha=0.2),
    layers.LSTM(4, implementation=1),
    layers.LeakyReLU(negative_slope=0.5, alpha=0.1),
    layers.Dense(1),
])
"""

# rms_scaling=True keeps gamma and drops beta whatever scale and center say; Conv1D and Conv2D pass
# lora_rank on to BaseConv (tests/engine/test_lora_counts.py checks what LoRA adds).
POPPED_AND_PASSED_ON = """import keras
from keras import layers

normalized = keras.Sequential([
    keras.Input((5, 4)),
    layers.LayerNormalization(rms_scaling=True),
    layers.LayerNormalization(rms_scaling=True, center=False, scale=False),
    layers.LayerNormalization(rms_scaling=False, center=False),
    layers.Conv1D(2, 2, lora_rank=1, lora_alpha=2.0),
    layers.Reshape((4, 2, 1)),
    layers.Conv2D(3, (2, 1), lora_rank=2),
])
"""


def assert_keras_agrees(source: str, names: List[str]) -> None:
    expected = reference.run(source, [ModelRef("var", name, name) for name in names])
    actual = analyse_source(source, "model.py").to_json()["models"]
    assert differences(expected, actual, lines=True) == []


def build_failures(source: str) -> List[str]:
    return [str(d) for d in lint_source(source, "model.py", Settings(), EVERY_CODE)
            if d.code.startswith("LL1") or d.code == INTERNAL_ERROR]


def test_leaky_relu_alpha_is_no_unknown_keyword() -> None:
    assert build_failures(LEAKY) == []


def test_the_deprecated_alias_gives_keras_shapes_and_counts() -> None:
    assert_keras_agrees(LEAKY, ["model"])


def test_the_config_holds_the_alias_value_under_the_real_name() -> None:
    """Rules read ``negative_slope``: it is what Keras's constructor set from ``alpha``, even when
    ``negative_slope`` was given too."""
    leaky = [layer for layer in analyse_program(LEAKY, "model.py").layers if layer.class_name == "LeakyReLU"]
    assert [layer.given for layer in leaky] == [{"alpha": 0.2}, {"negative_slope": 0.5, "alpha": 0.1}]
    for layer in leaky:
        assert "alpha" not in layer.config
        keras_layer = keras.layers.LeakyReLU(**layer.given)
        assert layer.config["negative_slope"] == keras_layer.negative_slope


def test_keywords_constructors_pop_or_pass_on_are_no_build_errors() -> None:
    assert build_failures(POPPED_AND_PASSED_ON) == []


def test_rms_scaling_is_counted_as_keras_counts_it() -> None:
    assert_keras_agrees(POPPED_AND_PASSED_ON, ["normalized"])
