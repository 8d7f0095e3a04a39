"""Minimal reproducers of what the property tests and the fuzzers found, each fixed at its cause."""
from __future__ import annotations

from pathlib import Path

import libcst as cst

from lstm_lint.source import values
from lstm_lint.values import UNKNOWN
from tests.robustness.support import lint_codes, lstm_lint


def test_a_negative_number_to_a_fractional_power_is_unknown_not_complex() -> None:
    # Python gives (1-2.3e-170j): the evaluator promises plain real values or UNKNOWN.
    assert values.binary(cst.Power(), -7.4e-171, -7.4e-171) is UNKNOWN
    assert values.binary(cst.Power(), -1, 0.5) is UNKNOWN
    assert values.binary(cst.Power(), 4, 0.5) == 2.0


def test_an_and_chain_thousands_long_is_ll900_not_a_killed_process() -> None:
    # libcst's native parser crashed the process (a segmentation fault) on this valid Python.
    assert lint_codes("import keras\nx = " + " and ".join(["a"] * 8_000) + "\n") == ["LL900"]


REUSED_HEAD = '''import numpy as np
import keras
inputs = keras.Input((10, 3))
x = keras.layers.LSTM(4, return_sequences=True)(inputs)
head = keras.layers.Dense(4)
model = keras.Model(inputs, head(head(x)))
model.compile(loss="mse")
model.fit(np.zeros((4, 10, 3)), np.zeros((4, 4)))
'''


def test_a_layer_applied_to_its_own_output_does_not_hang_the_rules(tmp_path: Path) -> None:
    # LL307 walked back from the output through each head layer's last call: head's last call takes
    # head's own output, so it looped forever (found by the engine fuzzer). In a child process with a
    # timeout, so that a regression fails instead of hanging the test run.
    (tmp_path / "model.py").write_text(REUSED_HEAD)
    result = lstm_lint(tmp_path, "check", "model.py", timeout=60)
    # the output is 3-D (Dense keeps the time axis), the targets 2-D: the LL307 the rule exists for
    assert result.returncode == 1 and result.stdout.startswith("model.py:4:5: LL307 LSTM 'lstm'"), result
