"""The differential test: lstm-lint's numbers must be Keras's numbers.

Hundreds of generated programs (import styles, model forms, layers: see programs.py) are built by
real Keras 3 and read by lstm-lint; every model's totals and every layer's name, type, parameter
count and output shape must match. Set LSTM_LINT_DIFF_PROGRAMS to run more (default 300).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any, Dict, List, Optional, Set

import pytest

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.programs import Program, candidates

PROGRAMS = int(os.environ.get("LSTM_LINT_DIFF_PROGRAMS", "300"))
BATCH = 10


@lru_cache(maxsize=None)
def program_for(seed: int) -> Optional[Program]:
    """The first candidate of ``seed`` that Keras builds, with Keras's description of it."""
    for program in candidates(seed):
        try:
            program.keras = reference.run(program.source, program.models)  # type: ignore[attr-defined]
        except Exception:
            continue
        return program
    return None


def ours(program: Program) -> List[Dict[str, Any]]:
    models = {model["name"]: model for model in analyse_source(program.source).to_json()["models"]}
    result = []
    for name, _ in program.models:
        model = models.get(name)
        if model is None:
            result.append({"name": name, "missing": True})
            continue
        result.append({
            "name": model["name"],
            "total_params": model["total_params"],
            "trainable_params": model["trainable_params"],
            "non_trainable_params": model["non_trainable_params"],
            "layers": [{key: layer[key] for key in ("name", "type", "output_shape", "params")}
                       for layer in model["layers"]],
        })
    return result


def mismatch_report(program: Program, expected: List[Dict[str, Any]], actual: List[Dict[str, Any]]) -> str:
    lines = [f"seed {program.seed}", program.source]
    for want, got in zip(expected, actual):
        if want != got:
            lines.append(f"model {want['name']}:")
            lines.append("  keras:     " + json.dumps({k: v for k, v in want.items() if k != "layers"}))
            lines.append("  lstm-lint: " + json.dumps({k: v for k, v in got.items() if k != "layers"}))
            for a, b in zip(want.get("layers", []), got.get("layers", [])):
                marker = "  " if a == b else "!!"
                lines.append(f"  {marker} keras {json.dumps(a)}\n     ours  {json.dumps(b)}")
            if len(want.get("layers", [])) != len(got.get("layers", [])):
                lines.append(f"  layer counts differ: {len(want.get('layers', []))} vs {len(got.get('layers', []))}")
    return "\n".join(lines)


@pytest.mark.parametrize("batch", range((PROGRAMS + BATCH - 1) // BATCH))
def test_generated_programs_match_keras(batch: int) -> None:
    failures = []
    for seed in range(batch * BATCH, min((batch + 1) * BATCH, PROGRAMS)):
        program = program_for(seed)
        assert program is not None, f"no candidate of seed {seed} builds in Keras"
        expected = program.keras  # type: ignore[attr-defined]
        actual = ours(program)
        if expected != actual:
            failures.append(mismatch_report(program, expected, actual))
    assert not failures, "\n\n".join(failures)


def test_generator_covers_the_issue() -> None:
    """Coverage cannot silently shrink: every layer, import style and model form is exercised."""
    seen: Set[str] = set()
    for seed in range(PROGRAMS):
        program = program_for(seed)
        if program is not None:
            seen |= program.features
    required = {
        "LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed", "Embedding", "Dense", "Dropout",
        "SpatialDropout1D", "GaussianNoise", "Activation", "Masking", "Flatten", "Reshape", "RepeatVector",
        "Permute", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
        "BatchNormalization", "LayerNormalization", "Add", "Subtract", "Multiply", "Average", "Maximum",
        "Concatenate_function" if False else "concatenate_function", "GRU_reset_after_False",
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
