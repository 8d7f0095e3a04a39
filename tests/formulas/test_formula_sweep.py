"""Formulas against Keras on generated programs: integer literals of the differential generators'
programs (sizes, units, shapes, kernel widths) are replaced by values read at run time, so that
every count that depends on them is a formula or unknown. Each program then runs in Keras with
several values for them; every count lstm-lint gives, known or as a formula, must be Keras's for
every value that Keras builds. A count lstm-lint states as a number that in fact changes with the
values is caught too (it differs from Keras for one of them).

Environment: ``LSTM_LINT_FORMULA_PROGRAMS`` programs per generator (default 24).
"""
from __future__ import annotations

import ast
import os
import random
from typing import Any, Dict, List, Optional, Tuple

import pytest

from lstm_lint.engine import analyse_source
from tests.keras_diff import generator, reference, registry_programs

PROGRAMS = int(os.environ.get("LSTM_LINT_FORMULA_PROGRAMS", "24"))
Json = Dict[str, Any]


def _literals(source: str) -> List[ast.Constant]:
    """The positive integer literals among the arguments of calls (``Dense(8)``, ``shape=(10, 3)``)."""
    tree = ast.parse(source)
    found: List[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for argument in list(node.args) + [keyword.value for keyword in node.keywords]:
                for inner in ast.walk(argument):
                    if isinstance(inner, ast.Constant) and type(inner.value) is int and inner.value >= 1 \
                            and inner.lineno == inner.end_lineno:
                        found.append(inner)
    return found


def with_run_time_values(source: str, seed: int, count: int = 2) -> Optional[Tuple[str, Dict[str, int]]]:
    """``source`` with up to ``count`` of its integer literals replaced by ``v0``, ``v1``... and
    the original values, or None when it has none."""
    literals = _literals(source)
    if not literals:
        return None
    chosen = random.Random(seed).sample(literals, min(count, len(literals)))
    lines = source.splitlines(keepends=True)
    originals: Dict[str, int] = {}
    # From the end backwards, so that earlier columns stay valid.
    for index, node in sorted(enumerate(chosen), key=lambda item: (item[1].lineno, item[1].col_offset),
                              reverse=True):
        name = f"v{index}"
        originals[name] = node.value
        line = lines[node.lineno - 1]
        lines[node.lineno - 1] = line[:node.col_offset] + name + line[node.end_col_offset:]
    return "".join(lines), originals


def _prelude(values: Optional[Dict[str, int]], names: List[str]) -> str:
    if values is None:
        return "import os\n" + "".join(f'{name} = int(os.environ["{name.upper()}"])\n' for name in names)
    return "import os\n" + "".join(f"{name} = {values[name]}\n" for name in names)


def _value_sets(originals: Dict[str, int]) -> List[Dict[str, int]]:
    return [dict(originals), {k: v + 1 for k, v in originals.items()},
            {k: 2 * v + 3 for k, v in originals.items()}]


def _counts_agree(ours: Json, theirs: Json, values: Dict[str, int]) -> List[str]:
    problems: List[str] = []

    def check(what: str, count: Any, expression: Optional[str], expected: int) -> None:
        if count is not None:
            if count != expected:
                problems.append(f"{what}: lstm-lint {count}, Keras {expected} at {values}")
        elif expression is not None:
            got = eval(expression, {}, dict(values))
            if got != expected:
                problems.append(f"{what}: formula {expression} = {got}, Keras {expected} at {values}")

    for key in ("total_params", "trainable_params", "non_trainable_params"):
        check(f"{ours['name']} {key}", ours[key], ours.get(f"{key}_expr"), theirs[key])
    if len(ours["layers"]) == len(theirs["layers"]):
        for row, layer in zip(ours["layers"], theirs["layers"]):
            check(f"{ours['name']} row {row['name']}", row["params"], row.get("params_expr"), layer["params"])
    return problems


def _sweep(source: str, run: Any, seed: int) -> Tuple[List[str], int]:
    """Problems found, and how many formulas were checked."""
    rewritten = with_run_time_values(source, seed)
    if rewritten is None:
        return [], 0
    body, originals = rewritten
    names = sorted(originals)
    ours = analyse_source(_prelude(None, names) + body).to_json()["models"]
    problems: List[str] = []
    formulas = 0
    for values in _value_sets(originals):
        try:
            theirs = run(_prelude(values, names) + body)
        except reference.ProgramError:
            continue  # Keras rejects these sizes: no truth to compare with
        by_name = {model["name"]: model for model in theirs}
        for model in ours:
            if model["name"] in by_name:
                problems += _counts_agree(model, by_name[model["name"]], values)
                formulas += sum(1 for row in model["layers"] if row.get("params_expr"))
                formulas += bool(model.get("total_params_expr"))
    return problems, formulas


def _module_models(source: str) -> List[Json]:
    try:
        return reference.module_models(source)
    except Exception as error:  # the registry generator's programs announce no models
        raise reference.ProgramError(str(error)) from error


@pytest.mark.parametrize("seed", range(PROGRAMS))
def test_generated_programs_with_run_time_sizes(seed: int) -> None:
    program = generator.generate(seed)
    refs = program.models
    problems, _ = _sweep(program.source, lambda source: reference.run(source, refs), seed)
    assert not problems, "\n".join(problems) + "\n\n" + program.source


@pytest.mark.parametrize("seed", range(PROGRAMS))
def test_registry_programs_with_run_time_sizes(seed: int) -> None:
    program = registry_programs.generate(seed)
    if program is None:
        pytest.skip("no program for this seed")
    problems, _ = _sweep(program.source, _module_models, seed)
    assert not problems, "\n".join(problems) + "\n\n" + program.source


def test_the_sweep_checks_formulas_at_all() -> None:
    """Over a few seeds the rewritten programs do give formulas (a sweep that checks none proves
    nothing)."""
    checked = 0
    for seed in range(6):
        program = generator.generate(seed)
        refs = program.models
        checked += _sweep(program.source, lambda source: reference.run(source, refs), seed)[1]
    assert checked > 0
