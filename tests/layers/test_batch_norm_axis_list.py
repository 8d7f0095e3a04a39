"""BatchNormalization over a list of axes: Keras 3's constructor raises (``self.axis = int(axis)``,
a TypeError), tf.keras 2's took it and normalised over each axis given. LL102 says so for code
written for Keras 3 only."""
from __future__ import annotations

from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_env import keras

SOURCE = ("import keras\nfrom keras import layers\n"
          "model = keras.Sequential([keras.Input((3, 4)), layers.BatchNormalization(axis={axis})])\n")


def _codes(source: str, target_keras: int) -> List[str]:
    return [d.code for d in lint_file(source, "model.py", Settings(target_keras=target_keras), None).diagnostics]


@pytest.mark.parametrize("axis", ["(1, 2)", "[-1]"])
def test_keras_3_refuses_a_list_of_axes_and_lstm_lint_says_so(axis: str) -> None:
    with pytest.raises(TypeError):
        keras.layers.BatchNormalization(axis=eval(axis))  # noqa: S307 - our own literal
    assert _codes(SOURCE.format(axis=axis), 3) == ["LL102"]


def test_no_diagnostic_for_code_written_for_tf_keras_2() -> None:
    assert _codes(SOURCE.format(axis="(1, 2)"), 2) == []
