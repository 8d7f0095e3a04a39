"""Hand-written scripts in the style of published Keras examples (fixtures/examples/): every
model lstm-lint reports must match what Keras builds from the same script."""
from __future__ import annotations

from pathlib import Path

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_matches_keras(path: Path) -> None:
    source = path.read_text()
    expected = reference.module_models(source)
    ours = analyse_source(source, str(path)).to_json()["models"]
    assert len(ours) == len(expected)
    for want, got in zip(expected, ours):
        # A model returned by a function is reported under the function's name: compare the rest.
        assert {key: got[key] for key in ("total_params", "trainable_params", "non_trainable_params")} == \
            {key: want[key] for key in ("total_params", "trainable_params", "non_trainable_params")}, got["name"]
        # Rows as Keras's reference describes them, without why lstm-lint left a cell unknown.
        rows = [{key: value for key, value in row.items() if key != "unknown"} for row in got["layers"]]
        assert rows == want["layers"], got["name"]
