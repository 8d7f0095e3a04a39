"""pre-commit runs lstm-lint through this repository's hook manifest, as a user's project would.

The real pre-commit installs the hook from this checkout into a virtualenv of its own and runs it in
a throwaway git repository. ``pre-commit try-repo`` takes the checkout's HEAD plus its uncommitted
changes to tracked (or staged) files, so a new file is only seen by these tests once it is staged.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from tests.integration.models import BAD_MODEL, GOOD_MODEL

REPO = Path(__file__).resolve().parents[2]


def clean_environment(pre_commit_home: Path) -> Dict[str, str]:
    # GIT_DIR and friends (set when the tests run inside a git hook) would point git at another repo;
    # a private PRE_COMMIT_HOME (and virtualenv data folder) keeps the user's pre-commit cache out of
    # the test and the test out of it.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    env["VIRTUALENV_OVERRIDE_APP_DATA"] = str(pre_commit_home / "virtualenv")
    env["PRE_COMMIT_COLOR"] = "never"
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's git repository with one model file that has a problem and one that has none."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "bad_model.py").write_text(BAD_MODEL)
    (folder / "good_model.py").write_text(GOOD_MODEL)
    env = clean_environment(folder.parent / "pre-commit-home")
    for command in (["init", "-q"], ["add", "."],
                    ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "models"]):
        subprocess.run(["git", *command], cwd=folder, env=env, check=True, capture_output=True)
    return folder


def pre_commit(project: Path, *args: str) -> subprocess.CompletedProcess:
    # pre-commit is a test dependency: a missing one fails here ("No module named pre_commit").
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project,
                          env=clean_environment(project.parent / "pre-commit-home"),
                          capture_output=True, text=True, timeout=600)


def try_the_hook(project: Path, *files: str) -> subprocess.CompletedProcess:
    assert (REPO / ".git").exists(), "pre-commit installs hooks from a git repository: run the tests in a git checkout"
    return pre_commit(project, "try-repo", str(REPO), "lstm-lint", "--verbose", "--files", *files)


def test_the_hook_manifest_is_valid(project: Path) -> None:
    result = pre_commit(project, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_model_file_with_a_problem_fails_the_hook(project: Path) -> None:
    result = try_the_hook(project, "bad_model.py")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output
    line = BAD_MODEL.splitlines().index('    layers.LSTM(32, activation="relu"),') + 1
    assert f"bad_model.py:{line}:" in output and "LL301" in output, output


def test_a_model_file_without_problems_passes_the_hook(project: Path) -> None:
    result = try_the_hook(project, "good_model.py")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output and "LL" not in output.split("Passed", 1)[1], output


def readme_pre_commit_configurations() -> List[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
            if block.startswith("# .pre-commit-config.yaml")]


def test_the_readme_configurations_are_valid(project: Path, tmp_path: Path) -> None:
    configurations = readme_pre_commit_configurations()
    assert len(configurations) == 2, "the README shows this repository's hook and flake8's hook"
    for number, configuration in enumerate(configurations):
        path = tmp_path / f"config-{number}.yaml"
        path.write_text(configuration)
        result = pre_commit(project, "validate-config", str(path))
        assert result.returncode == 0, configuration + result.stdout + result.stderr


def test_flake8_in_a_hook_environment_with_lstm_lint_reports_the_problem(project: Path, tmp_path: Path) -> None:
    """The README's second way: flake8's hook with lstm-lint as an additional dependency.

    flake8's hook repository cannot be cloned here, so a local hook repeats its manifest (entry
    flake8, language python, types python) and installs lstm-lint from a copy of this checkout (pip
    builds in the source folder), where the README's configuration installs it from PyPI.
    """
    configuration = readme_pre_commit_configurations()[1]
    assert "https://github.com/pycqa/flake8" in configuration
    assert "additional_dependencies: [lstm-lint]" in configuration
    source = tmp_path / "lstm-lint"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"))
    local = tmp_path / "flake8-hook.yaml"
    local.write_text("repos:\n- repo: local\n  hooks:\n  - id: flake8\n    name: flake8\n    entry: flake8\n"
                     "    language: python\n    types: [python]\n    require_serial: true\n"
                     f"    additional_dependencies: [flake8, {json.dumps(str(source))}]\n")
    result = pre_commit(project, "run", "--config", str(local), "--verbose", "--files", "bad_model.py", "good_model.py")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    lines = BAD_MODEL.splitlines()
    line = lines.index('    layers.LSTM(32, activation="relu"),')
    column = lines[line].index("layers.LSTM")
    assert f"bad_model.py:{line + 1}:{column + 1}: LL301" in output and "good_model.py" not in output, output
