"""The differential test for custom layers and subclassed models (custom_generator.py): every
model's totals, and every row's name, type, output shape, parameter count and line, as Keras 3
gives them.

Environment:
  LSTM_LINT_CUSTOM_PROGRAMS    how many programs (default 40)
  LSTM_LINT_CUSTOM_FIRST_SEED  the first seed (default 0)
"""
from __future__ import annotations

import os
from typing import List, Set

from tests.keras_diff import reference
from tests.keras_diff.compare import differences, numbered
from tests.keras_diff.custom_generator import HOLDERS, generate
from lstm_lint import analyse_source

PROGRAMS = int(os.environ.get("LSTM_LINT_CUSTOM_PROGRAMS", "40"))
FIRST_SEED = int(os.environ.get("LSTM_LINT_CUSTOM_FIRST_SEED", "0"))
DEFAULT_SEEDS = range(40)
FEATURES = {f"held_in_{holder}" for holder in HOLDERS} | {
    "custom_layer", "subclassed_model", "add_weight", "compute_output_shape", "name_forwarded",
    "trainable_forwarded", "built_on_input", "built_on_array", "in_functional", "in_sequential",
    "keras_class_subclass"}


def test_custom_programs_match_keras() -> None:
    failures: List[str] = []
    for seed in range(FIRST_SEED, FIRST_SEED + PROGRAMS):
        program = generate(seed)
        try:
            expected = reference.module_models(program.source)
        except Exception as error:  # a generator bug, not an engine one
            failures.append(f"===== seed {seed}: the GENERATOR wrote a program Keras rejects =====\n"
                            f"{numbered(program.source)}\n-----\n{type(error).__name__}: {error}")
            continue
        assert [model["name"] for model in expected] == program.models, seed
        got = analyse_source(program.source, f"custom_{seed}.py").to_json()["models"]
        problems = differences(expected, got, lines=True)
        if problems:
            failures.append(f"===== seed {seed}: lstm-lint differs from Keras =====\n"
                            f"{numbered(program.source)}\n-----\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)


def test_default_seeds_cover_every_feature() -> None:
    seen: Set[str] = set()
    for seed in DEFAULT_SEEDS:
        seen.update(generate(seed).features)
    assert FEATURES - seen == set()
