"""Which files ``summary`` and ``check`` read, as ruff and flake8 users expect: ``.`` by default,
``-`` for standard input, ``--exclude``/``--extend-exclude``/``--force-exclude``, and .gitignore."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

MODEL = '''import keras
from keras import layers
{name} = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50, activation="relu"), layers.Dense(1)])
'''


def run(folder: Path, *args: str, stdin: Optional[str] = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", *args], cwd=folder, capture_output=True, text=True,
                          input=stdin if stdin is not None else "")


def model(folder: Path, relative: str) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MODEL.format(name=path.stem))


def summarised(folder: Path, *args: str) -> List[str]:
    """The paths ``summary --format json`` reports, relative to ``folder``, with ``/``."""
    result = run(folder, "summary", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return [os.path.relpath(folder / entry["path"], folder).replace(os.sep, "/")
            for entry in json.loads(result.stdout)["files"]]


def checked(folder: Path, *args: str) -> List[str]:
    """The files ``check`` reports LL301 in (every model file has one)."""
    result = run(folder, "check", *args)
    assert result.returncode in (0, 1), result.stderr
    return [os.path.normpath(line.split(":")[0]).replace(os.sep, "/") for line in result.stdout.splitlines()]


def test_no_path_means_the_working_directory(tmp_path: Path) -> None:
    model(tmp_path, "a.py")
    model(tmp_path, "pkg/b.py")
    assert summarised(tmp_path) == ["a.py", "pkg/b.py"]
    assert checked(tmp_path) == ["a.py", "pkg/b.py"]
    assert run(tmp_path, "check").stdout == run(tmp_path, "check", ".").stdout


@pytest.mark.parametrize("command", ["summary", "check"])
def test_dash_reads_standard_input_named_by_stdin_filename(tmp_path: Path, command: str) -> None:
    source = MODEL.format(name="piped")
    plain = run(tmp_path, command, "-", stdin=source)
    named = run(tmp_path, command, "-", "--stdin-filename", "models/piped.py", stdin=source)
    implied = run(tmp_path, command, "--stdin-filename", "models/piped.py", stdin=source)
    assert plain.returncode == named.returncode == (1 if command == "check" else 0), plain.stderr
    if command == "check":
        assert plain.stdout.startswith("-:3:49: LL301 ")
        assert named.stdout.startswith("models/piped.py:3:49: LL301 ")
    else:
        assert 'Model: "piped" (-:3, Sequential)' in plain.stdout
        assert 'Model: "piped" (models/piped.py:3, Sequential)' in named.stdout
    assert implied.stdout == named.stdout


def test_standard_input_is_read_as_python_source_and_alongside_files(tmp_path: Path) -> None:
    model(tmp_path, "a.py")
    result = run(tmp_path, "check", "a.py", "-", stdin="# -*- coding: latin-1 -*-\nimport keras\nx = keras.Sequential(")
    assert result.returncode == 2
    assert result.stdout.startswith("a.py:3:")
    assert result.stderr.startswith("-:3:")  # the unparsable input is reported under its name


def test_stdin_filename_with_paths_but_no_dash_is_a_usage_error(tmp_path: Path) -> None:
    model(tmp_path, "a.py")
    result = run(tmp_path, "check", "--stdin-filename", "x.py", "a.py")
    assert result.returncode == 2
    assert "--stdin-filename" in result.stderr and result.stdout == ""


def test_default_excludes_and_replacing_or_extending_them(tmp_path: Path) -> None:
    for relative in ("a.py", ".venv/lib/v.py", "build/gen.py", "pkg.egg-info/e.py", "node_modules/n.py",
                     "gen/g.py", "src/gen/s.py", "src/keep.py", "src/skip_me.py"):
        model(tmp_path, relative)
    # a folder's files come before its subfolders, as flake8 walks
    assert summarised(tmp_path) == ["a.py", "gen/g.py", "src/keep.py", "src/skip_me.py", "src/gen/s.py"]
    # --extend-exclude: comma-separated and repeatable; a name at any depth, or a path with a /
    assert summarised(tmp_path, "--extend-exclude", "gen", "--extend-exclude", "skip_*.py") == ["a.py", "src/keep.py"]
    assert summarised(tmp_path, "--extend-exclude", "src/gen,src/skip_me.py") == ["a.py", "gen/g.py", "src/keep.py"]
    # --exclude replaces the defaults: .venv and build are walked again
    assert summarised(tmp_path, "--exclude", "node_modules,*.egg-info,gen") == [
        "a.py", ".venv/lib/v.py", "build/gen.py", "src/keep.py", "src/skip_me.py"]
    assert checked(tmp_path, "--exclude", "node_modules,*.egg-info,gen") == [
        "a.py", ".venv/lib/v.py", "build/gen.py", "src/keep.py", "src/skip_me.py"]


def test_a_path_named_on_the_command_line_is_read_unless_force_exclude(tmp_path: Path) -> None:
    for relative in ("build/gen.py", "src/skip_me.py", "src/keep.py"):
        model(tmp_path, relative)
    named = ["build/gen.py", "src/skip_me.py", "src/keep.py"]
    assert summarised(tmp_path, "--extend-exclude", "skip_*", *named) == named  # as ruff does
    assert summarised(tmp_path, "--extend-exclude", "skip_*", "--force-exclude", *named) == ["src/keep.py"]
    # the path's directories count too, up to the working directory
    assert summarised(tmp_path, "--force-exclude", "build") == []
    assert summarised(tmp_path / "build", "--force-exclude", "gen.py") == ["gen.py"]


def test_force_exclude_applies_to_the_name_of_standard_input(tmp_path: Path) -> None:
    source = MODEL.format(name="piped")
    excluded = run(tmp_path, "check", "--force-exclude", "--stdin-filename", "build/piped.py", stdin=source)
    assert excluded.returncode == 0 and excluded.stdout == ""
    kept = run(tmp_path, "check", "--stdin-filename", "build/piped.py", stdin=source)
    assert kept.returncode == 1 and kept.stdout.startswith("build/piped.py:3:49: LL301 ")


def git_repository(folder: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True, env=env)


def test_gitignore_is_respected_in_a_work_tree_unless_turned_off(tmp_path: Path) -> None:
    git_repository(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / ".gitignore").write_text("/local.py\n")
    for relative in ("a.py", "generated/g.py", "src/model_pb2.py", "src/local.py", "src/keep.py"):
        model(tmp_path, relative)
    assert summarised(tmp_path) == ["a.py", "src/keep.py"]
    assert checked(tmp_path, "src") == ["src/keep.py"]  # the ignore files above src/ count too
    assert summarised(tmp_path, "--no-respect-gitignore") == [
        "a.py", "generated/g.py", "src/keep.py", "src/local.py", "src/model_pb2.py"]
    # a file git ignores is still read when it is named
    assert summarised(tmp_path, "src/local.py") == ["src/local.py"]


def test_gitignore_means_nothing_outside_a_work_tree(tmp_path: Path) -> None:
    if subprocess.run(["git", "rev-parse"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git work tree")
    (tmp_path / ".gitignore").write_text("*.py\n")
    model(tmp_path, "a.py")
    assert summarised(tmp_path) == ["a.py"]


def test_json_names_unnamed_standard_input_as_dash(tmp_path: Path) -> None:
    unnamed = json.loads(run(tmp_path, "check", "--format", "json", "-", stdin=MODEL.format(name="m")).stdout)
    named = json.loads(run(tmp_path, "check", "--format", "json", "--stdin-filename", "pkg/m.py",
                           stdin=MODEL.format(name="m")).stdout)
    assert [entry["filename"] for entry in unnamed] == ["-"]  # no file of that name
    assert [Path(entry["filename"]).resolve() for entry in named] == [(tmp_path / "pkg" / "m.py").resolve()]
