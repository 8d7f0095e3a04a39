"""No false alarms on code that runs: LL1xx says a model fails in Keras, so no LL1xx (and no LL900)
may fire on a program Keras builds. Checked on the differential test's generated programs (each one
built by real Keras first) and on the example scripts in fixtures/examples/."""
from __future__ import annotations

import os
from pathlib import Path
from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR, Diagnostic
from tests.keras_diff import reference
from tests.keras_diff.programs import candidates

PROGRAMS = int(os.environ.get("LSTM_LINT_RULE_PROGRAMS", "100"))
BATCH = 10
EVERY_CODE = [rule.code for rule in ALL_RULES] + [INTERNAL_ERROR]
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "examples").glob("*.py"))


def build_failures(source: str, path: str) -> List[Diagnostic]:
    return [d for d in lint_source(source, path, Settings(), EVERY_CODE)
            if d.code.startswith("LL1") or d.code == INTERNAL_ERROR]


@pytest.mark.parametrize("batch", range((PROGRAMS + BATCH - 1) // BATCH))
def test_no_build_error_on_programs_keras_builds(batch: int) -> None:
    alarms = []
    for seed in range(batch * BATCH, min((batch + 1) * BATCH, PROGRAMS)):
        for program in candidates(seed):
            try:
                reference.run(program.source, program.models)
            except Exception:
                continue  # Keras rejects it: LL1xx may fire
            found = build_failures(program.source, f"seed{seed}.py")
            if found:
                alarms.append(f"seed {seed}:\n{program.source}\n" + "\n".join(map(str, found)))
            break
    assert not alarms, "\n\n".join(alarms)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_no_build_error_on_example_scripts(path: Path) -> None:
    assert build_failures(path.read_text(), str(path)) == []
