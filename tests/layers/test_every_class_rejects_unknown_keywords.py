"""LL103 for every layer class of the registry: Keras 3 refuses a keyword no class takes, and
lstm-lint says so for each class (not only for those a rule names)."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest

from lstm_lint.config import Settings
from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import LayerSpec, Source
from lstm_lint.lint import lint_source
from tests.keras_env import built_by_keras, exported_name

# Values for required arguments of classes whose entry carries no example.
REQUIRED_VALUES: Dict[str, Any] = {
    "units": 2, "filters": 2, "kernel_size": 2, "input_dim": 3, "output_dim": 2, "layer": Source("layers.LSTM(2)"),
    "function": Source("lambda x: x"), "target_shape": (2,), "dims": (1,), "n": 2, "activation": "relu",
    "rate": 0.5, "stddev": 0.1, "pool_size": 2, "cells": Source("[layers.LSTMCell(2)]"),
}
TYPO = "no_such_keyword"


def _literal(value: Any) -> str:
    return str(value) if isinstance(value, Source) else repr(value)


def arguments(spec: LayerSpec) -> Dict[str, Any]:
    for example in spec.examples:
        if not example.raises:
            return dict(example.config)
    return {argument.name: REQUIRED_VALUES[argument.name] for argument in spec.signature if argument.required}


def program(spec: LayerSpec) -> str:
    given = ", ".join(f"{key}={_literal(value)}" for key, value in arguments(spec).items())
    given = f"{given}, {TYPO}=1" if given else f"{TYPO}=1"
    return f"import keras\nfrom keras import layers\nlayer = layers.{exported_name(spec.class_name)}({given})\n"


CLASSES: List[str] = sorted(SPECS)


@pytest.mark.parametrize("name", built_by_keras(CLASSES))
def test_an_unknown_keyword_is_ll103_and_keras_raises(name: str) -> None:
    source = program(SPECS[name])
    if SPECS[name].ignores_unknown_keywords:
        # The constructor drops them (HashedCrossing): Keras takes the typo, and so no LL103.
        exec(compile(source, "<example>", "exec"), {"__name__": "__main__"})
        assert [d for d in lint_source(source, "layer.py", Settings(), ["LL103"]) if d.line == 3] == []
        return
    with pytest.raises((TypeError, ValueError), match=TYPO):
        exec(compile(source, "<example>", "exec"), {"__name__": "__main__"})
    found = [d for d in lint_source(source, "layer.py", Settings(), ["LL103"]) if d.line == 3]
    assert [d.code for d in found] == ["LL103"], source
    assert TYPO in found[0].message
