"""An internal error in ``lstm-lint summary`` (which has no LL900 to report it with): the file is
named on stderr with a short reason, the other files are still summarised, the exit status is 2,
and no traceback is printed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_lint import cli, lint
from lstm_lint.graph import build
from tests.robustness.support import MODEL

OTHER = '''import keras
other = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)])
'''


def test_an_engine_crash_in_summary_is_one_line_and_the_others_are_summarised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.py").write_text(MODEL)
    (tmp_path / "b.py").write_text(OTHER)
    real = lint.analyse_program

    def explode_on_a(text: str, path: str, tree: object = None, max_chars: int = 0, *args: object,
                     **kwargs: object) -> object:
        if path.endswith("a.py"):
            raise RuntimeError("boom")
        return real(text, path, tree, max_chars, *args, **kwargs)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lint, "analyse_program", explode_on_a)
    assert cli.main(["summary", "--format", "json", "a.py", "b.py"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "a.py:1: error: lstm-lint could not analyse this file: RuntimeError: boom (please report)"]
    files = json.loads(captured.out)["files"]
    assert [entry["path"] for entry in files] == ["b.py"]
    assert files[0]["models"][0]["total_params"] == 5 * 2 + 2


def test_a_recursion_error_in_summary_is_reported_as_too_deep(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def recurse(text: str, path: str, tree: object = None, max_chars: int = 0, *args: object,
                **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    (tmp_path / "a.py").write_text(MODEL)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lint, "analyse_program", recurse)
    assert cli.main(["summary", "a.py"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "a.py:1: error: lstm-lint could not analyse this file: the file is nested too deeply " \
                           "to analyse (please report)\n"
    assert captured.out == ""


def test_an_error_inside_one_statement_keeps_the_rest_of_the_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """The interpreter gives up on the statement that failed (what it binds becomes unknown) and
    goes on; summary still prints what it knows, reports the failure and exits 2."""
    source = MODEL + "second = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
    (tmp_path / "model.py").write_text(source)
    calls = {"count": 0}
    real_add = build.sequential_add

    def fail_once(*args: object, **kwargs: object) -> object:
        calls["count"] += 1
        if calls["count"] == 1:
            raise KeyError("shape")
        return real_add(*args, **kwargs)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build, "sequential_add", fail_once)
    assert cli.main(["summary", "--format", "json", "model.py"]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("model.py:3: error: lstm-lint could not analyse this file: KeyError: 'shape' "
                            "(please report)\n")
    models = {model["name"]: model for model in json.loads(captured.out)["files"][0]["models"]}
    assert models["second"]["total_params"] == 4 * 3 + 3
