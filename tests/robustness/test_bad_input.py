"""Bad input gets a clear error and nothing is lost: each bad file is reported once, with where,
every other file is still analysed, and the command exits 2 (usage, config and file errors) or
reports LL900 (files lstm-lint cannot analyse) instead of crashing."""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict

import pytest

from lstm_lint.engine import MAX_NESTING, MAX_SOURCE_CHARS
from tests.robustness.support import MODEL, MODEL_FINDING, assert_no_crash, flake8, lint_codes, lstm_lint, \
    plugin_reports

LATIN1_MODEL = (b"# -*- coding: latin-1 -*-\nimport keras\n"
                b"model = keras.Sequential([keras.Input((4, 2)), keras.layers.LSTM(3, name='caf\xe9')])\n")


def error_lines(stderr: str) -> list:
    return [line for line in stderr.splitlines() if line.strip()]


# ---- a file that does not parse ----


@pytest.mark.parametrize("command", ["check", "summary"])
def test_an_unparsable_file_is_reported_once_and_the_others_are_analysed(tmp_path: Path, command: str) -> None:
    (tmp_path / "a_good.py").write_text(MODEL)
    (tmp_path / "b_broken.py").write_text("import keras\n\ndef build(:\n    pass\n")
    (tmp_path / "c_good.py").write_text(MODEL)
    args = [command, "."] if command == "check" else [command, "--format", "json", "."]
    result = lstm_lint(tmp_path, *args)
    assert_no_crash(result)
    assert result.returncode == 2
    assert error_lines(result.stderr) == [line for line in error_lines(result.stderr) if "b_broken.py:3:" in line]
    assert len(error_lines(result.stderr)) == 1
    if command == "check":
        assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["./a_good.py", "./c_good.py"]
        assert all(f" {MODEL_FINDING} " in line for line in result.stdout.splitlines())
    else:
        files = json.loads(result.stdout)["files"]
        assert [entry["path"] for entry in files] == ["./a_good.py", "./c_good.py"]
        assert all(entry["models"][0]["total_params"] == 10851 for entry in files)  # 4*50*(3+50+1) + 51


def test_flake8_reports_e999_for_the_unparsable_file_and_ll_for_the_others(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import keras\n\ndef build(:\n    pass\n")
    (tmp_path / "good.py").write_text(MODEL)
    result = flake8(tmp_path, "--select", "LL,E999", "broken.py", "good.py")
    assert_no_crash(result)
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["E999", MODEL_FINDING]


# ---- encodings ----


@pytest.mark.parametrize("name, content, expected", [
    ("no_cookie.py", b"import keras\nname = '\xff\xfe'\n", "line 2"),
    ("wrong_cookie.py", b"# -*- coding: nosuch -*-\nimport keras\n", "unknown encoding: nosuch"),
    ("lying_cookie.py", b"# -*- coding: ascii -*-\nimport keras\nname = 'caf\xc3\xa9'\n", "line 3"),
])
@pytest.mark.parametrize("command", ["check", "summary"])
def test_undecodable_files_are_reported_once_and_the_others_analysed(tmp_path: Path, name: str, content: bytes,
                                                                     expected: str, command: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "latin1.py").write_bytes(LATIN1_MODEL)
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint(tmp_path, command, name, "latin1.py", "model.py")
    assert_no_crash(result)
    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"{name}") and expected in lines[0], lines
    if command == "summary":
        assert "café (LSTM)" in result.stdout and "lstm (LSTM)" in result.stdout
    else:
        assert result.stdout.splitlines()[0].startswith("model.py:3:") and MODEL_FINDING in result.stdout


def test_a_right_latin1_cookie_is_read_as_python_reads_it(tmp_path: Path) -> None:
    (tmp_path / "latin1.py").write_bytes(LATIN1_MODEL)
    result = lstm_lint(tmp_path, "summary", "--format", "json", "latin1.py")
    assert result.returncode == 0, result.stderr
    layer = json.loads(result.stdout)["files"][0]["models"][0]["layers"][0]
    assert layer["name"] == LATIN1_MODEL.decode("latin-1").split("name='")[1].split("'")[0] == "café"
    assert layer["params"] == 4 * 3 * (2 + 3 + 1)


# ---- empty files ----


@pytest.mark.parametrize("content", ["", "\n", "# keras\n", "\ufeff", "import keras\n"])
def test_empty_and_near_empty_files(tmp_path: Path, content: str) -> None:
    (tmp_path / "empty.py").write_text(content, encoding="utf-8")
    check = lstm_lint(tmp_path, "check", "empty.py")
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    summary = lstm_lint(tmp_path, "summary", "--format", "json", "empty.py")
    assert summary.returncode == 0
    assert json.loads(summary.stdout) == {"files": [{"path": "empty.py", "models": []}], "errors": []}
    assert plugin_reports(content) == []


# ---- a 10 MB file ----


def peak_memory_mb(command: list, folder: Path) -> tuple:
    """Run ``command`` in a child of a fresh interpreter, so the peak resident size measured is the
    command's own."""
    wrapper = ("import resource, subprocess, sys\n"
               "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.stdout.write(result.stdout)\n"
               "sys.stderr.write(result.stderr)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)\n"
               "sys.exit(result.returncode)\n")
    result = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=folder, capture_output=True, text=True,
                            timeout=300)
    *stderr, peak = result.stderr.splitlines()
    return result.returncode, result.stdout, "\n".join(stderr), int(peak)


def ten_megabytes(line: Callable[[int], str]) -> str:
    lines, size, index = [], 0, 0
    while size < 10 * 1024 * 1024:
        text = line(index)
        lines.append(text)
        size += len(text)
        index += 1
    return "".join(lines)


GENERATED: Dict[str, Callable[[int], str]] = {
    "data": lambda i: f"value_{i} = [{i}, {i} + 1, 'text {i}', {{'k': {i}}}]\n",
    "models": lambda i: (f"def build_{i}(units=32):\n    return keras.Sequential([keras.Input((10, 3)), "
                         "keras.layers.LSTM(units), keras.layers.Dense(1)])\n"),
}


@pytest.mark.parametrize("kind, mentions_keras", [("data", False), ("data", True), ("models", True)])
def test_a_10_mb_file_completes_in_sane_memory(tmp_path: Path, kind: str, mentions_keras: bool) -> None:
    text = ("import keras\n" if mentions_keras else "") + ten_megabytes(GENERATED[kind])
    (tmp_path / "big.py").write_text(text)
    (tmp_path / "model.py").write_text(MODEL)
    for command in ("check", "summary"):
        code, stdout, stderr, peak = peak_memory_mb([sys.executable, "-m", "lstm_lint", command, "big.py",
                                                     "model.py"], tmp_path)
        assert peak < 500, f"{command} peaked at {peak} MB"  # libcst on the whole file took 8 GB
        assert "Traceback" not in stderr
        if not mentions_keras:
            assert stderr == "" and "big.py" not in stdout
            continue
        assert "big.py" in (stdout if command == "check" else stderr)
        # the model next to it is still analysed
        assert MODEL_FINDING in stdout if command == "check" else "lstm (LSTM)" in stdout
        assert code == (1 if command == "check" else 2)
    # flake8 hands the plugin the tree it parsed; the plugin reads only the lines, and parsing 10 MB
    # here would cost this test process seconds and gigabytes.
    reports = plugin_reports(text, "big.py", tree=ast.Module(body=[], type_ignores=[]))
    assert reports == ([f"LL900 lstm-lint did not analyse this file: the file has {len(text):,} characters, "
                        f"over the limit of {MAX_SOURCE_CHARS:,} (the max-file-size setting raises it)"]
                       if mentions_keras else [])


# ---- nesting thousands deep ----

NESTED: Dict[str, str] = {
    "parentheses_5000": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "lists_5000": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "sum_100k": "x = " + "+".join(["1"] * 100_000) + "\n",
    "attributes_20k": "x = a" + ".b" * 20_000 + "\n",
    "negations_2900": "x = " + "-" * 2900 + "1\n",
    # one flat node for Python's parser, 20,000 levels for libcst's, which crashed the process
    "and_chain_20k": "x = " + " and ".join(["a"] * 20_000) + "\n",
    "or_chain_in_parentheses": "x = " + "(a or " * 150 + " or ".join(["b"] * 7_000) + ")" * 150 + "\n",
    "and_chain_2500": "x = " + " and ".join(["a"] * 2_500) + "\n",
    "strings_10k": "x = " + " ".join(['"s"'] * 10_000) + "\n",
}


def python_accepts(source: str) -> bool:
    """What Python's own compiler says, in a child process (it may refuse with any of several errors)."""
    result = subprocess.run([sys.executable, "-c", "import sys; compile(sys.stdin.read(), 'x.py', 'exec')"],
                            input=source, capture_output=True, text=True)
    return result.returncode == 0


@pytest.mark.parametrize("name", sorted(NESTED))
@pytest.mark.parametrize("keras_file", [True, False])
def test_deep_nesting_is_ll900_or_clean_never_a_crash(tmp_path: Path, name: str, keras_file: bool) -> None:
    source = ("import keras\n" if keras_file else "") + NESTED[name]
    (tmp_path / "deep.py").write_text(source)
    (tmp_path / "model.py").write_text(MODEL)
    valid = python_accepts(source)
    check = lstm_lint(tmp_path, "check", "deep.py", "model.py")
    assert_no_crash(check)
    deep_reports = [line for line in check.stdout.splitlines() if line.startswith("deep.py")]
    assert all(" LL900 " in line for line in deep_reports), deep_reports  # LL900 or clean
    assert MODEL_FINDING in check.stdout  # the next file is still checked
    if valid or not keras_file:  # a file without Keras is not parsed at all (the prefilter)
        assert check.returncode == 1 and check.stderr == ""
    else:  # Python refuses it too: reported as a file that does not parse, once, as flake8 gives E999
        assert check.returncode == 2 and len(error_lines(check.stderr)) == 1 and "deep.py:" in check.stderr
    summary = lstm_lint(tmp_path, "summary", "deep.py", "model.py")
    assert_no_crash(summary)
    assert "lstm (LSTM)" in summary.stdout
    assert summary.returncode == (2 if deep_reports or not (valid or not keras_file) else 0)
    if valid:
        result = flake8(tmp_path, "--select", "LL", "deep.py")
        # pyflakes, which flake8 runs whatever is selected, has its own RecursionError on some of these
        assert result.returncode in (0, 1) and '[LL]" failed' not in result.stdout + result.stderr, result.stdout
        assert all(" LL900 " in line for line in result.stdout.splitlines() if "LL" in line), result.stdout


def test_nesting_past_the_limit_is_ll900_and_below_it_is_analysed() -> None:
    deep = "import keras\nx = " + " and ".join(["a"] * (MAX_NESTING + 10)) + "\n"
    assert lint_codes(deep) == ["LL900"]
    shallow = "import keras\nx = " + " and ".join(["a"] * 500) + "\n" + MODEL
    assert lint_codes(shallow) == [MODEL_FINDING]

    # Only what is parsed is guarded: a deep statement the evaluation skips (a loop over data in
    # the ``__main__`` block) never reaches libcst, and the model is analysed as usual.
    skipped = (MODEL + "\nif __name__ == '__main__':\n    for row in open('data.csv'):\n        print("
               + " and ".join(["row"] * (MAX_NESTING + 10)) + ")\n")
    assert lint_codes(skipped) == [MODEL_FINDING]


# ---- unreadable files, special files, symlink loops ----


def test_unreadable_files_are_reported_and_the_others_checked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text(MODEL)
    expected = {}
    if os.geteuid() != 0:  # root reads a file whatever its mode
        (project / "secret.py").write_text(MODEL)
        (project / "secret.py").chmod(0)
        expected["./secret.py"] = "Permission denied"
    os.symlink("nowhere.py", project / "dangling.py")
    expected["./dangling.py"] = "No such file or directory"
    os.mkfifo(project / "pipe.py")  # reading it would block forever
    expected["./pipe.py"] = "not a regular file"
    (project / "folder.py").mkdir()  # a directory named like a file is walked, not read
    (project / "folder.py" / "inner.py").write_text(MODEL)
    try:
        for command in ("check", "summary"):
            result = lstm_lint(project, command, ".", timeout=60)
            assert_no_crash(result)
            assert result.returncode == 2
            reported = {line.split(": error: ")[0]: line.split(": error: ")[1]
                        for line in error_lines(result.stderr)}
            assert reported == expected
            analysed = "./folder.py/inner.py", "./model.py"
            assert all(path in result.stdout for path in analysed)
    finally:
        if (project / "secret.py").exists():
            (project / "secret.py").chmod(0o644)  # so that pytest can remove it


def test_symlink_loops_end(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "model.py").write_text(MODEL)
    os.symlink("..", project / "pkg" / "parent")  # a directory loop
    os.symlink(".", project / "pkg" / "itself")
    os.symlink("b.py", project / "a.py")  # a file cycle a -> b -> a
    os.symlink("a.py", project / "b.py")
    for command in ("check", "summary"):
        result = lstm_lint(project, command, ".", timeout=60)
        assert_no_crash(result)
        assert result.returncode == 2
        assert sorted(line.split(":")[0] for line in error_lines(result.stderr)) == ["./a.py", "./b.py"]
        assert result.stdout.count("pkg/model.py") == 1  # analysed once, not once per loop
    result = lstm_lint(project / "pkg", "check", "parent", timeout=60)  # a looping directory named itself
    assert result.returncode == 2 and result.stdout.count("model.py") == 1


# ---- configuration and usage errors ----


@pytest.mark.parametrize("file_name, content", [
    ("setup.cfg", "[flake8]\nmax-model-params = lots\n"),
    ("tox.ini", "[flake8]\nmax-model-params = lots\n"),
    (".flake8", "[flake8]\nmax-model-params = lots\n"),
    ("pyproject.toml", '[tool.lstm-lint]\nmax-model-params = "lots"\n'),
])
def test_an_invalid_config_value_is_one_line_naming_key_value_and_file(
        tmp_path: Path, file_name: str, content: str) -> None:
    (tmp_path / file_name).write_text(content)
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint(tmp_path, "check", "model.py")
    assert result.returncode == 2 and result.stdout == ""
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "max-model-params" in lines[0] and "'lots'" in lines[0], lines
    assert str(tmp_path / file_name) in lines[0]
    through_flake8 = flake8(tmp_path, "model.py")
    assert through_flake8.returncode != 0 and "Traceback" not in through_flake8.stderr
    lines = error_lines(through_flake8.stderr)
    assert len(lines) == 1 and "max-model-params" in lines[0] and "'lots'" in lines[0], lines


def test_unreadable_pyproject_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = \n")
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint(tmp_path, "check", "model.py")
    assert result.returncode == 2 and len(error_lines(result.stderr)) == 1
    assert "pyproject.toml" in result.stderr and "line 2" in result.stderr


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore", "--extend-ignore"])
@pytest.mark.parametrize("value", ["LL999", "LL301,LL998", "XY1"])
def test_an_unknown_rule_code_is_a_clear_usage_error(tmp_path: Path, option: str, value: str) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint(tmp_path, "check", option, value, "model.py")
    assert result.returncode == 2 and result.stdout == ""
    lines = error_lines(result.stderr)
    unknown = value.split(",")[-1]
    assert len(lines) == 1 and repr(unknown) in lines[0] and option in lines[0], lines
