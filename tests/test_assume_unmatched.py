"""An ``--assume`` NAME that matches nothing is one line naming it, exit 2, in every command that
can tell: ``summary``, ``check`` (also with ``--fix`` and ``--diff``) and ``diff``. flake8, which
hands the plugin one file at a time, checks the option's values once per run and says nothing of
names no file binds (see the README)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_lint.config import ConfigError, Settings
from tests.test_diff_cli import git
from tests.test_fix_cli import MODEL, SAFE

REPO = Path(__file__).resolve().parents[1]
# MODEL with a name an assumption can bind (the Dense's units): the file's fixes are MODEL's.
BOUND = MODEL.replace("# A tf.keras 2 model, half ported.\n", "# A tf.keras 2 model, half ported.\nunits = 8\n")
FIXED = SAFE.replace("# A tf.keras 2 model, half ported.\n", "# A tf.keras 2 model, half ported.\nunits = 8\n")
TYPO = "lstm-lint: --assume unit: this name matches nothing the files bind"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True)


def test_check_diff_names_what_matches_nothing(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(BOUND)
    result = run(tmp_path, "check", "--no-cache", "--diff", "--assume", "unit=8", "model.py")
    assert result.returncode == 2
    assert result.stdout.startswith("--- model.py\n+++ model.py\n")  # the diff is still printed
    assert result.stderr.splitlines()[-1] == TYPO
    # A name the file binds is no error: the exit code is --diff's own (1: there are changes).
    assert run(tmp_path, "check", "--no-cache", "--diff", "--assume", "units=8", "model.py").returncode == 1
    # --exit-zero silences the changes, not a usage error.
    assert run(tmp_path, "check", "--no-cache", "--diff", "--exit-zero", "--assume", "unit=8",
               "model.py").returncode == 2


def test_check_fix_names_what_matches_nothing(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(BOUND)
    result = run(tmp_path, "check", "--no-cache", "--fix", "--assume", "unit=8", "model.py")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == TYPO
    assert (tmp_path / "model.py").read_text() == FIXED  # the fixes are written all the same
    (tmp_path / "model.py").write_text(BOUND)
    bound = run(tmp_path, "check", "--no-cache", "--fix", "--assume", "units=8", "model.py")
    assert TYPO not in bound.stderr and "matches nothing" not in bound.stderr
    assert bound.returncode == 1, bound.stderr  # what remains after the fixes (the unsafe fix)


def test_check_fix_reads_the_names_of_files_without_fixes(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("import keras\nunits = 8\nmodel = keras.Sequential([keras.Input((3,)), "
                                       "keras.layers.Dense(units)])\n")
    (tmp_path / "notes.py").write_text("print('no Keras here')\n")
    result = run(tmp_path, "check", "--no-cache", "--fix", "--assume", "units=8", "model.py", "notes.py")
    assert result.returncode == 0, result.stderr


def _history(root: Path) -> None:
    git(root, "init", "-q")
    (root / "model.py").write_text("import keras\nunits = 8\nmodel = keras.Sequential([keras.Input((3,)), "
                                   "keras.layers.Dense(units)])\n")
    (root / "settings.py").write_text("num_classes = int(open('classes.txt').read())\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    (root / "model.py").write_text((root / "model.py").read_text().replace("Dense(units)", "Dense(units * 2)"))
    git(root, "commit", "-q", "-am", "two")


def test_diff_names_what_matches_nothing(tmp_path: Path) -> None:
    _history(tmp_path)
    result = run(tmp_path, "diff", "--format", "json", "--assume", "unit=8", "HEAD~1", "HEAD")
    assert result.returncode == 2
    assert json.loads(result.stdout)["models"]  # the report is still written
    assert result.stderr.splitlines()[-1] == TYPO
    # Against the working tree too.
    assert run(tmp_path, "diff", "--assume", "unit=8", "HEAD~1").stderr.splitlines()[-1] == TYPO


def test_diff_takes_names_bound_in_files_it_does_not_read(tmp_path: Path) -> None:
    """diff reads only the changed files: a name another file spells may be bound there, and a CI
    job passing the project's assumptions to every diff must not fail when that file did not
    change."""
    _history(tmp_path)
    for head in (["HEAD"], []):
        result = run(tmp_path, "diff", "--assume", "num_classes=20", "--assume", "units=8", "HEAD~1", *head)
        assert result.returncode == 0, result.stderr
        assert "matches nothing" not in result.stderr


def flake8(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", *args, "model.py"], cwd=folder,
                          capture_output=True, text=True)


def test_flake8_checks_the_values_once_and_is_silent_about_other_files_names(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("import keras\nmodel = keras.Sequential([keras.Input((3,)), "
                                       "keras.layers.Dense(2)])\n")
    # A name bound in another file (flake8 may be checking this one alone, from an editor): no
    # error, no diagnostic.
    quiet = flake8(tmp_path, "--assume", "num_classes=20")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    # A value that is not NAME=VALUE: one line, once, whatever the number of files or processes.
    (tmp_path / "other.py").write_text((tmp_path / "model.py").read_text())
    refused = subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", "--jobs", "2", "--assume",
                              "num_classes", "model.py", "other.py"], cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode != 0
    with pytest.raises(ConfigError) as refusal:
        Settings().merged({"assume": ["num_classes"]}, "the command line")
    assert [line for line in refused.stderr.splitlines() if "assume" in line] == [f"lstm-lint: {refusal.value}"]


def test_a_configuration_files_names_are_the_projects_not_each_runs(tmp_path: Path) -> None:
    """pre-commit runs check on the changed files only: names the project's pyproject.toml assumes
    for other files are no error there, while the same name on the command line is."""
    (tmp_path / "pyproject.toml").write_text('[tool.lstm-lint.assume]\n"other_module.units" = 8\n')
    (tmp_path / "train.py").write_text("import keras\nfrom keras import layers\n"
                                       "m = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n")
    for command in (["check"], ["summary"]):
        result = subprocess.run([sys.executable, "-m", "lstm_lint", *command, "--no-cache", "train.py"],
                                cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        given = subprocess.run([sys.executable, "-m", "lstm_lint", *command, "--no-cache",
                                "--assume", "other_module.units=8", "train.py"],
                               cwd=tmp_path, capture_output=True, text=True)
        assert given.returncode == 2 and "other_module.units" in given.stderr
