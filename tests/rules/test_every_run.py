"""An LL1xx says Keras raises: it fires only where Keras raises in every run that gets there. A
layer made, or called, under a condition lstm-lint cannot decide raises in some runs only."""
from __future__ import annotations

import os
import textwrap
from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference

PROGRAMS = {
    "constructed in a branch": """
        import os
        import keras
        from keras import layers
        units = 8
        if os.environ.get("BROKEN"):
            units = 0
        if os.environ.get("BROKEN"):
            layer = layers.Dense(0)
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
    """,
    "called in a branch": """
        import os
        import keras
        from keras import layers
        inputs = keras.Input((10, 3))
        x = layers.LSTM(8)(inputs)
        recurrent = layers.LSTM(4)
        if os.environ.get("BROKEN"):
            y = recurrent(x)
        model = keras.Model(inputs, x)
    """,
    "built in a loop over data": """
        import os
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((10, 3))])
        for name in os.environ.get("BROKEN", "").split():
            model.add(layers.Dense(int(name)))
        model.add(layers.Dense(2))
    """,
}


def codes(source: str) -> List[str]:
    return [d.code for d in lint_file(source, "program.py", Settings(), None).diagnostics]


@pytest.mark.parametrize("name", PROGRAMS)
def test_no_build_error_for_code_that_may_not_run(name: str) -> None:
    source = textwrap.dedent(PROGRAMS[name])
    reference.module_models(source)  # builds in a run without BROKEN
    os.environ["BROKEN"] = "0"
    try:
        with pytest.raises(Exception):
            reference.module_models(source)  # and raises in a run with it
    finally:
        del os.environ["BROKEN"]
    assert [code for code in codes(source) if code.startswith("LL1")] == []


def test_the_same_code_in_every_run_is_reported() -> None:
    source = textwrap.dedent(PROGRAMS["constructed in a branch"]).replace('os.environ.get("BROKEN")', "True")
    with pytest.raises(Exception):
        reference.module_models(source)
    assert "LL102" in codes(source)
