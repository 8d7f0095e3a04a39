"""Code that touches no Keras value and writes nothing model code reads is skipped, not evaluated
(python/relevance.py, Evaluator.try_skip): the models must come out as Keras builds them, whether
the data code around them is skipped or, because the models read what it writes, followed."""
from __future__ import annotations

import ast
import glob
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import libcst as cst
import pytest

from lstm_lint import engine
from lstm_lint.binding.interpret import InterpreterResult, interpret
from lstm_lint.config import Settings
from lstm_lint.formats import summary_text
from lstm_lint.formats.style import Style
from lstm_lint.lint import lint_file
from lstm_lint.python.relevance import analyse
from lstm_lint.source.lazy import LazySource
from tests.keras_diff import reference

REPO = Path(__file__).resolve().parents[2]
HEADER = "import keras\nfrom keras import layers\n"


def evaluated(source: str, skipping: bool = True) -> InterpreterResult:
    tree = ast.parse(source)
    module = cst.parse_module(source)
    pairs: Dict[int, ast.stmt] = {}
    positions = engine.node_positions(module, tree, source, pairs)
    return interpret(module, positions, tree=tree if skipping else None, statement_pairs=pairs)


def keras_models(source: str) -> List[Tuple[str, int, List[Tuple[str, int]]]]:
    return [(model["name"], model["total_params"], [(layer["type"], layer["params"]) for layer in model["layers"]])
            for model in reference.module_models(source)]


def our_models(source: str) -> List[Tuple[str, Any, List[Tuple[Any, Any]]]]:
    analysis = engine.analyse_source(source, "program.py").to_json()
    return [(model["name"], model["total_params"], [(layer["type"], layer["params"]) for layer in model["layers"]])
            for model in analysis["models"]]


def check_against_keras(source: str) -> None:
    source = HEADER + textwrap.dedent(source)
    assert our_models(source) == keras_models(source)


DATA_MAIN = """
    STEPS = 12


    def make_windows(series, window=4):
        inputs, targets = [], []
        for start in range(len(series) - window):
            inputs.append(series[start:start + window])
            targets.append(series[start + window])
        return inputs, targets


    def build(units):
        return keras.Sequential([keras.Input(shape=(STEPS, 1)), layers.LSTM(units), layers.Dense(1)])


    model = build(16)

    if __name__ == "__main__":
        series = [float(step % 7) for step in range(STEPS * 50)]
        windows, targets = make_windows(series)
        for epoch in range(20):
            print(epoch, len(windows))
"""


def test_a_data_main_block_is_skipped_and_the_model_is_keras_s() -> None:
    check_against_keras(DATA_MAIN)
    source = HEADER + textwrap.dedent(DATA_MAIN)
    skipped, followed = evaluated(source), evaluated(source, skipping=False)
    # Following the main block unrolls its loops over 600 numbers; skipping it does not.
    assert followed.steps > 2_000
    assert skipped.steps < followed.steps / 20


@pytest.mark.parametrize("source", [
    pytest.param("""
        sizes = []
        for i in range(3):
            sizes.append(2 ** (i + 3))


        def total(values):
            acc = 0
            for value in values:
                acc += value
            return acc


        units = total(sizes) // 7
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units), *[layers.Dense(s) for s in sizes]])
    """, id="data code computes the sizes"),
    pytest.param("""
        sizes = [8]
        alias = sizes


        def grow(items):
            same = items
            for _ in range(3):
                same.append(4)


        grow(alias)
        for _ in range(5):
            print(len(alias))
        model = keras.Sequential([keras.Input((4,)), layers.Dense(sizes[-1])])
    """, id="an alias of the sizes is changed by a helper"),
    pytest.param("""
        config = {"sizes": [8, 4]}
        tail = config["sizes"]


        def pad(items):
            for _ in range(2):
                items.append(2)


        pad(tail)
        model = keras.Sequential([keras.Input((3,)), *[layers.Dense(n) for n in config["sizes"]]])
    """, id="a list inside the configuration is changed through another name"),
    pytest.param("""
        UNITS = 4


        def widen():
            global UNITS
            for _ in range(3):
                UNITS += 2


        widen()
        model = keras.Sequential([keras.Input((4,)), layers.Dense(UNITS)])
    """, id="a helper widens a global"),
    pytest.param("""
        def report(network):
            for layer in network.layers:
                print(layer.name)


        model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
        report(model)
        model.add(layers.Dense(2))
    """, id="a plain-looking helper is given the model"),
    pytest.param("""
        def stack(network, count):
            for _ in range(count):
                network.add(layers.Dense(2))


        model = keras.Sequential([keras.Input((4,))])
        steps = 0
        for step in range(40):
            steps += step % 3
        stack(model, 2)
    """, id="a helper adds layers, after a data loop"),
])
def test_models_fed_by_data_code_are_keras_s(source: str) -> None:
    check_against_keras(source)


def test_a_builder_reading_what_the_main_block_sets_is_followed() -> None:
    """``build`` is never called: lstm-lint evaluates it after the module, as if the user did,
    with the ``WIDTH`` the main block left."""
    source = HEADER + textwrap.dedent("""
        def build():
            return keras.Sequential([keras.Input((WIDTH,)), layers.Dense(2)])


        if __name__ == "__main__":
            WIDTH = 0
            for _ in range(10):
                WIDTH += 1
    """)
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "program.py", "exec"), namespace)
    expected = namespace["build"]().count_params()
    assert [total for _, total, _ in our_models(source)] == [expected]


def test_the_analysis_finds_what_may_be_skipped() -> None:
    """Without a library (nothing is modelled), nothing is needed and every loop may be skipped;
    with keras modelled, what feeds the model is needed and the rest may still be skipped."""
    source = HEADER + textwrap.dedent("""
        width = 0
        for i in range(4):
            width += i
        noise = [i * 2 for i in range(100)]
        model = keras.Sequential([keras.Input((width,)), layers.Dense(1)])
    """)
    tree = ast.parse(source)
    loop, comprehension = tree.body[3], tree.body[4]
    plain = analyse(tree, lambda module, name: False)
    keras_modelled = analyse(tree, lambda module, name: module.split(".")[0] == "keras")
    assert plain is not None and keras_modelled is not None
    assert id(loop) in plain.candidates and id(comprehension) in plain.candidates
    assert id(loop) not in keras_modelled.candidates and "width" in keras_modelled.needed
    assert id(comprehension) in keras_modelled.candidates and "noise" not in keras_modelled.needed


def test_a_star_import_of_keras_skips_nothing() -> None:
    tree = ast.parse("from keras.layers import *\nfor i in range(3):\n    print(i)\n")
    assert analyse(tree, lambda module, name: module.startswith("keras")) is None


def _sources() -> Iterator[Tuple[str, str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from corpus import project_file
    finally:
        sys.path.pop(0)
    for path in sorted(glob.glob(str(REPO / "tests" / "realcode" / "programs" / "*.py"))
                       + glob.glob(str(REPO / "fixtures" / "**" / "*.py"), recursive=True)):
        yield Path(path).name, Path(path).read_text(encoding="utf-8")
    for index in range(0, 400, 8):
        yield f"generated script {index}", project_file(index)


def _results(source: str, name: str) -> Tuple[str, List[Tuple[int, int, str, str]]]:
    program = engine.analyse_program(source, name)
    diagnostics = lint_file(source, name, Settings()).diagnostics
    return (summary_text.render_file(program.analysis, Style(False, False)),
            [(d.line, d.column, d.code, d.message) for d in diagnostics])


def test_skipping_changes_no_summary_nor_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the real-code reproductions, the examples and generated training scripts, what lstm-lint
    prints and reports is the same with and without skipping (and parsing only what is evaluated)."""
    sources = list(_sources())
    with_skipping = [_results(source, name) for name, source in sources]

    def without(module: cst.Module, positions: Dict[int, Tuple[int, int]], assumptions: Any = None,
                inline: Any = None, tree: Any = None, statement_pairs: Any = None,
                target_keras: int = 3) -> InterpreterResult:
        return interpret(module, positions, assumptions, inline, target_keras=target_keras)
    monkeypatch.setattr(engine, "LAZY_PARSING", False)  # the whole file parsed, every statement evaluated
    monkeypatch.setattr(engine, "interpret", without)
    for (name, source), skipped in zip(sources, with_skipping):
        assert skipped == _results(source, name), name


def test_what_is_skipped_is_never_parsed() -> None:
    """The ``__main__`` block and the helper only it calls are not given to libcst; the builder is."""
    source = HEADER + textwrap.dedent(DATA_MAIN)
    tree = ast.parse(source)
    lazy = LazySource(source, tree)
    result = interpret(cst.Module(body=[]), lazy.positions, tree=tree, parts=lazy.parts)
    assert len(result.models) == 1
    parsed = {type(part.statements[0]).__name__ + " " + getattr(part.statements[0], "name", "")
              for part in lazy.parts if part.parsed is not None}
    assert "FunctionDef build" in parsed
    assert not parsed & {"FunctionDef make_windows", "If "}
    assert our_models(source) == keras_models(source)


def test_a_part_libcst_cannot_parse_is_reported_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid Python libcst refuses (its limits): the file is parsed whole, which says so (LL900)."""
    source = HEADER + textwrap.dedent(DATA_MAIN)
    real = cst.parse_module

    def refusing(text: str, *args: Any, **kwargs: Any) -> cst.Module:
        if "def build" in text:
            raise cst.ParserSyntaxError("refused", lines=[text], raw_line=1, raw_column=0)
        return real(text, *args, **kwargs)
    monkeypatch.setattr(cst, "parse_module", refusing)
    program = engine.analyse_program(source, "program.py")
    messages = [error.message.split(":")[0] for error in program.internal_errors]
    assert messages == ["libcst cannot parse this valid Python"]
    assert program.models == []
