"""Property tests: whatever Python (or near-Python) a file holds, no exception escapes the flake8
plugin, ``lint_file``, ``analyse_source`` or the command line; an internal error is LL900 and
nothing else; counts are never negative; the JSON output is JSON."""
from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import tempfile
from typing import Any, List, Tuple

from hypothesis import given
from hypothesis import strategies as st

from lstm_lint import analyse_source, cli
from lstm_lint.analysis import FileAnalysis
from lstm_lint.config import Settings
from lstm_lint.formats import summary_json
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
from tests.robustness.strategies import grammar_python, mutated_keras_source
from tests.robustness.support import plugin_reports

CODES = {rule.code for rule in ALL_RULES} | {INTERNAL_ERROR}
SOURCES = st.one_of(grammar_python(), mutated_keras_source())


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def assert_sane_counts(analysis: FileAnalysis) -> None:
    for model in analysis.to_json()["models"]:
        counts = [model["total_params"], model["trainable_params"], model["non_trainable_params"]]
        assert all(count is None or (isinstance(count, int) and count >= 0) for count in counts), model
        if None not in counts:
            assert counts[0] == counts[1] + counts[2], model
        for layer in model["layers"]:
            assert layer["params"] is None or (isinstance(layer["params"], int) and layer["params"] >= 0), layer
            assert all(dim is None or dim == "?" or (isinstance(dim, int) and dim >= 0)
                       for dim in _dims(layer["output_shape"])), layer
            assert isinstance(layer["line"], int) and layer["line"] >= 1


def _dims(shape: Any) -> List[Any]:
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return [dim for part in shape for dim in _dims(part)]
    return list(shape) if isinstance(shape, list) else [shape]


@given(SOURCES)
def test_engine_and_rules_never_raise(source: str) -> None:
    analysis = analyse_source(source, "model.py")
    assert_sane_counts(analysis)
    assert json.loads(summary_json.render([analysis]))["files"][0]["path"] == "model.py"
    if not parses(source):
        assert analysis.parse_failure is not None or "keras" not in source
    result = lint_file(source, "model.py", Settings(), sorted(CODES))
    for diagnostic in result.diagnostics:
        assert diagnostic.code in CODES and diagnostic.line >= 1 and diagnostic.column >= 0, diagnostic


@given(SOURCES)
def test_the_flake8_plugin_never_raises(source: str) -> None:
    if not parses(source):
        return  # flake8 reports E999 and never calls plugins on such a file
    for text in plugin_reports(source):
        assert text.split()[0] in CODES, text


def run_cli(*args: str) -> Tuple[int, str, str]:
    """The command in this process, writing to strict UTF-8 byte streams as a terminal or a pipe
    would (a StringIO takes any string, and would hide what cannot be encoded)."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out, err = (io.TextIOWrapper(stream, encoding="utf-8", errors="strict") for stream in (out_bytes, err_bytes))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    out.flush()
    err.flush()
    return code, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")


@given(SOURCES, st.sampled_from(["text", "json"]))
def test_the_command_line_never_raises(source: str, summary_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.py")
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(source)
        code, out, err = run_cli("summary", "--format", summary_format, path)
        assert code in (0, 2) and "Traceback" not in err, err
        if summary_format == "json":
            json.loads(out)
        code, out, err = run_cli("check", "--select", "LL", path)
        assert code in (0, 1, 2) and "Traceback" not in err, err
        assert all(line.split(": ")[1].split()[0] in CODES for line in out.splitlines()), out
