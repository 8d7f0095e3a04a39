"""The README's GitHub Actions workflow: its code scanning job uploads the SARIF file its lstm-lint
step writes, and that step, run as GitHub runs a `run:` step, succeeds when diagnostics are found."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

from tests.integration.models import BAD_MODEL, GOOD_MODEL

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def readme_workflow() -> Dict[str, Any]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [block for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
              if block.startswith("# .github/workflows/")]
    assert len(blocks) >= 1, "the README shows a GitHub Actions workflow"
    return yaml.safe_load(blocks[0])  # type: ignore[no-any-return]


def code_scanning_steps() -> List[Dict[str, Any]]:
    job = readme_workflow()["jobs"]["code-scanning"]
    assert job["permissions"]["security-events"] == "write", "upload-sarif needs security-events: write"
    return job["steps"]  # type: ignore[no-any-return]


def sarif_step() -> Dict[str, Any]:
    steps = [step for step in code_scanning_steps() if "lstm-lint check --format sarif" in step.get("run", "")]
    assert len(steps) == 1
    return steps[0]


def test_the_job_installs_lstm_lint_and_uploads_the_file_it_writes() -> None:
    steps = code_scanning_steps()
    check = steps.index(sarif_step())
    installs = [n for n, step in enumerate(steps) if "pip install lstm-lint" in step.get("run", "")]
    uploads = [n for n, step in enumerate(steps)
               if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(installs) == 1 and installs[0] < check
    assert len(uploads) == 1 and check < uploads[0]
    written = re.search(r">\s*(\S+)", steps[check]["run"])
    assert written is not None
    assert steps[uploads[0]]["with"]["sarif_file"] == written.group(1)


def sarif_supported() -> bool:
    help_text = subprocess.run([sys.executable, "-m", "lstm_lint", "check", "--help"], capture_output=True, text=True)
    return "sarif" in help_text.stdout


# The SARIF format comes with its own change; until then these tests are reported as skipped.
NO_SARIF = pytest.mark.skipif(not sarif_supported(), reason="lstm-lint check has no --format sarif yet")


def run_step(step: Dict[str, Any], folder: Path) -> subprocess.CompletedProcess:
    """Runs a `run:` step the way GitHub's runners do (bash, no profile, -e, pipefail)."""
    script = folder.parent / "step.sh"
    script.write_text(step["run"])
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


@NO_SARIF
@pytest.mark.parametrize("model, expected_rule", [(BAD_MODEL, "LL301"), (GOOD_MODEL, None)])
def test_the_sarif_step_succeeds_with_and_without_diagnostics(
        tmp_path: Path, model: str, expected_rule: Optional[str]) -> None:
    step = sarif_step()
    written = re.search(r">\s*(\S+)", step["run"])
    assert written is not None
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text(model)
    result = run_step(step, project)
    assert result.returncode == 0, result.stdout + result.stderr
    sarif = json.loads((project / written.group(1)).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = [finding for run in sarif["runs"] for finding in run.get("results", [])]
    assert [finding["ruleId"] for finding in results] == ([expected_rule] if expected_rule else [])


@NO_SARIF
def test_the_sarif_step_fails_on_a_file_that_cannot_be_parsed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text(BAD_MODEL + "def broken(:\n")
    result = run_step(sarif_step(), project)
    assert result.returncode != 0, result.stdout + result.stderr
