"""A function the file never calls is run with its defaults, as if the user called it, within a
budget (evaluator.MAX_UNCALLED_STEPS, MAX_UNCALLED_EFFECTS): a run past it is undone and the
function's effects applied as for a call we do not follow. Its models are then not reported (never
a count from half a run), what it writes is unknown to what runs after it, and the other builders
of the file are still evaluated as Keras builds them."""
from __future__ import annotations

import ast
import textwrap
from typing import Any, Dict, List

import libcst as cst

from lstm_lint import engine
from lstm_lint.binding.interpret import interpret
from lstm_lint.python import evaluator
from lstm_lint.source.lazy import LazySource
from lstm_lint.values import Unknown
from tests.keras_env import keras  # noqa: F401  (the backend, before any Keras code runs)

HEADER = "import keras\nfrom keras import layers\n"

# ``slow`` needs more statements than its budget: the loops feed the model's width, so they are run.
SOURCE = HEADER + textwrap.dedent(f"""
    WIDTH = 3


    def slow():
        global WIDTH
        total = 0
        for i in range({evaluator.MAX_UNCALLED_STEPS // 50}):
            for j in range(50):
                total += i * j
        WIDTH = total % 7 + 1
        return keras.Sequential([keras.Input((WIDTH,)), layers.Dense(2)], name="slow_model")


    def fast():
        return keras.Sequential([keras.Input((4,)), layers.Dense(3)], name="fast_model")


    def reads_width():
        return keras.Sequential([keras.Input((WIDTH,)), layers.Dense(5)], name="width_model")
""")


def totals(source: str) -> Dict[str, Any]:
    """Each model's total by the builder that returns it."""
    program = engine.analyse_program(source, "program.py")
    assert program.internal_errors == []
    return {model.name: model.total_params for model in program.analysis.models}


def keras_totals(source: str, builders: List[str]) -> Dict[str, int]:
    """The builders called in this order, as lstm-lint evaluates the uncalled ones."""
    namespace: Dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "program.py", "exec"), namespace)
    return {builder: int(namespace[builder]().count_params()) for builder in builders}


def test_a_run_past_its_budget_is_undone_and_the_other_builders_are_keras_s() -> None:
    ours = totals(SOURCE)
    assert "slow" not in ours  # not a count from part of a run
    assert ours["fast"] == keras_totals(SOURCE, ["fast"])["fast"]
    # ``slow`` may have changed WIDTH (it does): the model read from it after is unknown, not 3 wide.
    assert isinstance(ours["reads_width"], Unknown)
    # The cause points at where ``slow`` is defined: the code not followed.
    assert ours["reads_width"].cause.line == SOURCE.splitlines().index("def slow():") + 1


def test_within_the_budget_the_same_builders_are_followed_to_the_end() -> None:
    """The same file with loops short enough: every builder's model as Keras builds it, called in
    the order lstm-lint evaluates them (definition order)."""
    short = SOURCE.replace(f"range({evaluator.MAX_UNCALLED_STEPS // 50})", "range(4)")
    assert totals(short) == keras_totals(short, ["slow", "fast", "reads_width"])
    assert isinstance(totals(short)["slow"], int)


def steps(source: str) -> int:
    """Statements and calls the evaluation took, as the engine runs it."""
    tree = ast.parse(source)
    lazy = LazySource(source, tree)
    return interpret(cst.Module(body=[]), lazy.positions, tree=tree, parts=lazy.parts).steps


def test_the_budget_bounds_the_run() -> None:
    """``slow`` with loops ten times as long: its run still stops at its budget, while the same
    loops at the top level, which is not budgeted, are followed to the end."""
    longer = SOURCE.replace("range(50)", "range(500)")
    assert steps(longer) <= evaluator.MAX_UNCALLED_STEPS + 100
    called = longer + "\nslow()\n"
    assert steps(called) > 5 * evaluator.MAX_UNCALLED_STEPS
