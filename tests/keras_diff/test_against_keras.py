"""The differential test: lstm-lint must report what real Keras 3 builds.

Programs from two independent seeded generators (generator.py: import styles, model forms,
layers, masks, nested and shared models; programs.py: a simpler one that discards what Keras
rejects) run through Keras (reference.py) and through lstm-lint; every model's name and totals,
and every layer's name, type, parameter count, output shape and line must agree. Two generators
written apart have different blind spots: each has found defects the other missed.

Environment:
  LSTM_LINT_DIFF_PROGRAMS    how many programs per generator (default 300), in batches of 10 seeds
  LSTM_LINT_DIFF_FIRST_SEED  the first seed (default 0), to explore other programs
  LSTM_LINT_DIFF_LINES       "0" to leave layer lines out of the comparison

One program by hand: ``python tests/keras_diff/dump.py SEED``.
"""
from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from typing import List, Optional, Set

import pytest

from tests.keras_diff import programs, reference
from tests.keras_diff.compare import differences, lint_models, numbered, report
from tests.keras_diff.generator import FORM_FEATURES, IMPORT_FEATURES, LAYER_FEATURES, generate

PROGRAMS = int(os.environ.get("LSTM_LINT_DIFF_PROGRAMS", "300"))
FIRST_SEED = int(os.environ.get("LSTM_LINT_DIFF_FIRST_SEED", "0"))
LINES = os.environ.get("LSTM_LINT_DIFF_LINES", "1") != "0"
BATCH = 10
DEFAULT_SEEDS = range(300)


def batch_seeds(batch: int) -> range:
    start = FIRST_SEED + batch * BATCH
    return range(start, min(start + BATCH, FIRST_SEED + PROGRAMS))


BATCHES = pytest.mark.parametrize(
    "batch", range((PROGRAMS + BATCH - 1) // BATCH),
    ids=lambda batch: f"seeds{batch_seeds(batch).start}-{batch_seeds(batch).stop - 1}")


@BATCHES
def test_programs_match_keras(batch: int) -> None:
    failures: List[str] = []
    failed: List[int] = []
    for seed in batch_seeds(batch):
        program = generate(seed)
        try:
            expected = reference.run(program.source, program.models)
        except reference.ProgramError as error:  # a generator bug, not an engine one
            failed.append(seed)
            failures.append(f"===== seed {seed}: the GENERATOR wrote a program Keras rejects =====\n"
                            f"{numbered(program.source)}\n-----\n{error}")
            continue
        problems = differences(expected, lint_models(program), lines=LINES)
        if problems:
            failed.append(seed)
            failures.append(report(program, problems))
    assert not failures, (f"seeds {failed} differ from Keras ({len(failed)} of {len(batch_seeds(batch))}); "
                          "rerun one: python tests/keras_diff/dump.py SEED\n\n" + "\n\n".join(failures))


def test_generator_coverage() -> None:
    """Coverage cannot shrink silently: across the default seeds, every listed layer (and layer
    option), import style and model form appears, and no program is a copy of another."""
    seen: Counter[str] = Counter()
    sources = set()
    for seed in DEFAULT_SEEDS:
        program = generate(seed)
        seen.update(program.features)
        sources.add(program.source)
    required = LAYER_FEATURES | IMPORT_FEATURES | FORM_FEATURES
    assert not required - set(seen), f"never generated: {sorted(required - set(seen))}"
    assert len(sources) == len(DEFAULT_SEEDS)


def test_generator_is_deterministic() -> None:
    assert generate(12345) == generate(12345)


# ---- the second generator ------------------------------------------------------------------------


@lru_cache(maxsize=None)
def simple_program(seed: int) -> Optional[programs.Program]:
    """The first candidate of ``seed`` that Keras builds (this generator tracks shapes loosely and
    lets Keras decide), with Keras's description of it."""
    for program in programs.candidates(seed):
        try:
            program.keras = reference.run(program.source, program.models)  # type: ignore[attr-defined]
        except reference.ProgramError:
            continue
        return program
    return None


@BATCHES
def test_simple_programs_match_keras(batch: int) -> None:
    failures = []
    for seed in batch_seeds(batch):
        program = simple_program(seed)
        assert program is not None, f"no candidate of seed {seed} builds in Keras"
        problems = differences(program.keras, lint_models(program), lines=LINES)  # type: ignore[attr-defined]
        if problems:
            failures.append(report(program, problems))  # type: ignore[arg-type]
    assert not failures, "\n\n".join(failures)


def test_simple_generator_covers_the_issue() -> None:
    """Coverage cannot silently shrink: every layer, import style and model form is exercised."""
    seen: Set[str] = set()
    for seed in DEFAULT_SEEDS:
        program = simple_program(seed)
        if program is not None:
            seen |= program.features
    required = {
        "LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed", "Embedding", "Dense", "Dropout",
        "SpatialDropout1D", "GaussianNoise", "Activation", "Masking", "Flatten", "Reshape", "RepeatVector",
        "Permute", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
        "BatchNormalization", "LayerNormalization", "Add", "Subtract", "Multiply", "Average", "Maximum",
        "concatenate_function", "GRU_reset_after_False",
        "Bidirectional_concat", "Bidirectional_sum", "Bidirectional_mul", "Bidirectional_ave",
        "Bidirectional_None", "backward_layer", "return_state", "shared_layer", "several_inputs",
        "several_outputs", "padding_causal", "padding_same", "padding_valid", "groups", "positional_args",
        "input_shape", "input_dim", "batch_shape", "explicit_name", "constant", "arithmetic",
        "nested_input_call", "model_keywords",
    }
    required |= {f"style_{style}" for style in ("keras", "layers", "layers_alias", "from_layers_as", "tf",
                                                "tf_from_keras", "tf_from_layers", "tf_keras")}
    required |= {"sequential_input", "sequential_keras2", "sequential_add", "sequential_layers_kw",
                 "functional", "functional_nested", "function_called", "function_uncalled", "main_block"}
    assert required <= seen, sorted(required - seen)


# ---- the third generator: chains of the registry's own entries ----------------------------------

REGISTRY_PROGRAMS = int(os.environ.get("LSTM_LINT_REGISTRY_PROGRAMS", "150"))


@pytest.mark.parametrize("batch", range((REGISTRY_PROGRAMS + BATCH - 1) // BATCH))
def test_registry_programs_match_keras(batch: int) -> None:
    from lstm_lint import analyse_source
    from tests.keras_diff import registry_programs

    failures = []
    last = FIRST_SEED + REGISTRY_PROGRAMS
    for seed in range(FIRST_SEED + batch * BATCH, min(FIRST_SEED + (batch + 1) * BATCH, last)):
        program = registry_programs.generate(seed)
        if program is None:
            continue
        expected = reference.module_models(program.source)
        got = analyse_source(program.source, f"registry_{seed}.py").to_json()["models"]
        problems = differences(expected, got, lines=LINES)
        if problems:
            failures.append(f"===== registry seed {seed} =====\n{numbered(program.source)}\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)


def test_registry_generator_draws_from_every_family() -> None:
    """Across the default seeds, programs chain layers of many entries, not a few."""
    from tests.keras_diff import registry_programs

    seen: Set[str] = set()
    for seed in range(60):
        program = registry_programs.generate(seed)
        if program is not None:
            seen.update(program.classes)
    assert len(seen) >= 70, sorted(seen)
