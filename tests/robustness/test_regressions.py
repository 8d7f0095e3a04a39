"""Minimal reproducers of what the property tests and the fuzzers found, each fixed at its cause."""
from __future__ import annotations

import libcst as cst

from lstm_lint.source import values
from lstm_lint.values import UNKNOWN
from tests.robustness.support import lint_codes


def test_a_negative_number_to_a_fractional_power_is_unknown_not_complex() -> None:
    # Python gives (1-2.3e-170j): the evaluator promises plain real values or UNKNOWN.
    assert values.binary(cst.Power(), -7.4e-171, -7.4e-171) is UNKNOWN
    assert values.binary(cst.Power(), -1, 0.5) is UNKNOWN
    assert values.binary(cst.Power(), 4, 0.5) == 2.0


def test_an_and_chain_thousands_long_is_ll900_not_a_killed_process() -> None:
    # libcst's native parser crashed the process (a segmentation fault) on this valid Python.
    assert lint_codes("import keras\nx = " + " and ".join(["a"] * 8_000) + "\n") == ["LL900"]
