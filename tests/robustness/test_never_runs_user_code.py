"""lstm-lint only reads: a file whose module level, builder functions, default arguments, decorators
and class bodies would delete a file, create files, connect to a socket, start a process or exit
is analysed (its model found) and none of that happens, through summary, check and flake8."""
from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.robustness.support import flake8, lstm_lint

HOSTILE = '''import importlib
import os
import shutil
import socket
import subprocess
import sys

import keras
from keras import layers

SENTINEL = {sentinel!r}
CREATED = {created!r}
PORT = {port}

os.remove(SENTINEL)
open(CREATED + ".module", "w").write("ran")
socket.create_connection(("127.0.0.1", PORT))
subprocess.run(["touch", CREATED + ".subprocess"])
__import__("os").remove(SENTINEL)
importlib.import_module("shutil").rmtree(os.path.dirname(SENTINEL))
exec("open(CREATED + '.exec', 'w')")
eval("os.remove(SENTINEL)")


def destroy(function):
    os.remove(SENTINEL)
    open(CREATED + ".decorator", "w")
    return function


@destroy
def build(units=32, side_effect=open(CREATED + ".default", "w"),
          connection=socket.create_connection(("127.0.0.1", PORT))):
    os.remove(SENTINEL)
    subprocess.run(["touch", CREATED + ".builder"])
    shutil.rmtree(os.path.dirname(SENTINEL))
    model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(units), layers.Dense(1)])
    return model


class Net(keras.Model):
    os.remove(SENTINEL)
    open(CREATED + ".class", "w")


model = build()
with open(CREATED + ".with", "w") as handle:
    handle.write("ran")
if __name__ == "__main__":
    os.remove(SENTINEL)
    sys.exit(3)
'''
# build()'s model (named "model" by the call that binds it), as Keras counts it: LSTM(32) on 3
# features has 4 gates x 32 x (3 + 32 + 1) weights; Dense(1) on 32 has 32 + 1.
BUILD_PARAMS = 4 * 32 * (3 + 32 + 1) + 32 + 1


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def hostile_project(tmp_path: Path, port: int) -> Tuple[Path, Path, Path]:
    guarded = tmp_path / "guarded"
    guarded.mkdir()
    sentinel = guarded / "sentinel.txt"
    sentinel.write_text("still here")
    created = tmp_path / "created"
    project = tmp_path / "project"
    project.mkdir()
    (project / "hostile.py").write_text(HOSTILE.format(sentinel=str(sentinel), created=str(created), port=port))
    return project, sentinel, created


def assert_nothing_happened(tmp_path: Path, sentinel: Path, server: socket.socket) -> None:
    assert sentinel.read_text() == "still here"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["guarded", "project"]  # nothing created
    assert sorted(path.name for path in (tmp_path / "project").iterdir()) == ["hostile.py"]
    with pytest.raises(BlockingIOError):
        server.accept()  # no connection ever came


def test_summary_check_and_flake8_only_read(tmp_path: Path, listener: socket.socket) -> None:
    project, sentinel, _ = hostile_project(tmp_path, listener.getsockname()[1])
    summary = lstm_lint(project, "summary", "--format", "json", "hostile.py")
    assert summary.returncode == 0, summary.stderr
    models = {model["name"]: model for model in json.loads(summary.stdout)["files"][0]["models"]}
    assert models["model"]["total_params"] == BUILD_PARAMS  # the file was really analysed
    check = lstm_lint(project, "check", "--select", "LL", "hostile.py")
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr
    flake = flake8(project, "--select", "LL", "hostile.py")
    assert flake.returncode in (0, 1) and "Traceback" not in flake.stderr, flake.stderr
    assert_nothing_happened(tmp_path, sentinel, listener)


def test_the_engine_in_process_only_reads(tmp_path: Path, listener: socket.socket) -> None:
    project, sentinel, _ = hostile_project(tmp_path, listener.getsockname()[1])
    source = (project / "hostile.py").read_text()
    analysis = analyse_source(source, "hostile.py")
    assert [model.total_params for model in analysis.models if model.name == "model"] == [BUILD_PARAMS]
    lint_file(source, "hostile.py", Settings())
    assert_nothing_happened(tmp_path, sentinel, listener)
