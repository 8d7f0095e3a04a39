"""Hand-written scripts in the style of published Keras examples (fixtures/examples/): every
model lstm-lint reports must match what Keras builds from the same script."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_env import keras

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "examples").glob("*.py"))


def keras_models(source: str) -> List[Dict[str, Any]]:
    """Every model the script binds to a module-level name, in binding order."""
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    exec(compile(reference.for_keras3(source), "<example>", "exec"), namespace)
    return [reference.describe(name, value) for name, value in namespace.items()
            if isinstance(value, keras.Model)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_matches_keras(path: Path) -> None:
    source = path.read_text()
    expected = keras_models(source)
    ours = analyse_source(source, str(path)).to_json()["models"]
    assert len(ours) == len(expected)
    for want, got in zip(expected, ours):
        # A model returned by a function is reported under the function's name: compare the rest.
        assert {key: got[key] for key in ("total_params", "trainable_params", "non_trainable_params")} == \
            {key: want[key] for key in ("total_params", "trainable_params", "non_trainable_params")}, got["name"]
        assert [{key: layer[key] for key in ("name", "type", "output_shape", "params")} for layer in got["layers"]] \
            == want["layers"], got["name"]
