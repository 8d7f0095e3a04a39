"""MultiHeadAttention and GroupedQueryAttention called as a program calls them (with
``return_attention_scores``, which a registry example cannot pass), against real Keras: where Keras
builds the model, lstm-lint's row is Keras's, and lstm-lint reports an LL1xx exactly when the model
fails on every batch of data tried (``call()`` takes another path than ``compute_output_spec``).

A random grid of ranks, ``attention_axes``, dropout and scores runs with ``LSTM_LINT_ATTENTION_GRID``
set to a number of programs per class (seed ``LSTM_LINT_ATTENTION_GRID_SEED``, default 0).
"""
from __future__ import annotations

import os
import random
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_env import exported_name, keras

Shape = Tuple[Optional[int], ...]


class Call:
    def __init__(self, class_name: str, config: Dict[str, Any], shapes: Sequence[Shape], scores: bool) -> None:
        self.class_name, self.config, self.shapes, self.scores = class_name, config, tuple(shapes), scores

    def source(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.config.items())
        inputs = ", ".join(f"keras.Input(batch_shape={shape!r})" for shape in self.shapes)
        call = "layer(*inputs, return_attention_scores=True)" if self.scores else "layer(*inputs)"
        return (f"import keras\nfrom keras import layers\ninputs = [{inputs}]\n"
                f"layer = layers.{exported_name(self.class_name)}({arguments})\noutputs = {call}\n"
                "model = keras.Model(inputs, outputs)\n")

    def __repr__(self) -> str:
        return self.source()


MHA, GQA = "MultiHeadAttention", "GroupedQueryAttention"
HEADS = {"num_heads": 2, "key_dim": 3}
GROUPS = {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1}

CALLS = [
    # Scores take the einsum path: the query's length (4) and the value's (6) share a letter when
    # only the heads' axis is attended; not when the length is attended too.
    Call(MHA, {**HEADS, "attention_axes": 2}, [(None, 4, 5), (None, 6, 7)], scores=True),
    Call(MHA, {**HEADS, "attention_axes": (1, 2)}, [(None, 4, 5), (None, 6, 7)], scores=True),
    Call(MHA, {**HEADS, "attention_axes": ()}, [(None, 4, 5), (None, 6, 7)], scores=True),
    Call(MHA, HEADS, [(None, 4, 3, 5), (None, 6, 3, 7)], scores=True),
    Call(GQA, GROUPS, [(None, 4, 6, 5), (None, 4, 6, 5)], scores=True),
    Call(GQA, GROUPS, [(None, 4, 5), (None, 6, 5)], scores=True),
]


def _runs_on(source: str, shapes: Sequence[Shape], size: int) -> bool:
    import numpy as np

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(source, "attention.py", "exec"), namespace)  # noqa: S102 - our own text
    data = [np.zeros(tuple(size if dim is None else dim for dim in shape), dtype="float32") for shape in shapes]
    try:
        namespace["model"](data)
    except Exception:  # Keras's own error, whatever its type
        return False
    return True


def check(made: Call) -> None:
    source = made.source()
    codes = [d.code for d in lint_file(source, "attention.py", Settings(), None).diagnostics]
    alarm = any(code.startswith("LL1") or code == "LL900" for code in codes)
    try:
        want = reference.module_models(source)[0]
    except Exception:  # Keras rejects the program while it builds the model
        assert alarm, f"Keras raises, lstm-lint reports {codes}:\n{source}"
        return
    # A size of 1 broadcasts where einsum allows it: a failure on every size tried is one in every run
    # when no size but the batch's is None.
    fails = not any(_runs_on(source, made.shapes, size) for size in (1, 2, 9))
    if alarm:
        assert fails, f"Keras builds and runs it, lstm-lint reports {codes}:\n{source}"
    elif all(dim is not None for shape in made.shapes for dim in shape[1:]):
        assert not fails, f"the model fails whenever it runs, lstm-lint reports {codes}:\n{source}"
    got = analyse_source(source, "attention.py").to_json()["models"][0]
    row = next(layer for layer in want["layers"] if layer["type"] == made.class_name)
    ours = next(layer for layer in got["layers"] if layer["type"] == made.class_name)
    assert (ours["output_shape"], ours["params"]) == (row["output_shape"], row["params"]), source
    for key in ("total_params", "trainable_params", "non_trainable_params"):
        assert got[key] == want[key], (key, source)


@pytest.mark.parametrize("made", CALLS, ids=[f"{made.class_name}-{index}" for index, made in enumerate(CALLS)])
def test_call_matches_keras(made: Call) -> None:
    check(made)


def grid(class_name: str, count: int, seed: int) -> List[Call]:
    """Programs with random ranks (the query's sometimes another than the value's), sizes (1 and
    None among them), axes, dropout, gate and scores."""
    rng = random.Random(f"{class_name}/{seed}")

    def shape(rank: int, last: int) -> Shape:
        return (None,) + tuple(rng.choice((None, 1, 2, 3, 3, 4)) for _ in range(rank - 2)) + (last,)

    made = []
    for _ in range(count):
        rank = rng.choice((2, 3, 3, 4, 5))
        query = shape(rank if rng.random() < 0.9 else rng.choice((2, 3, 4)), 5)
        value = shape(rank, 5 if class_name == GQA else rng.choice((5, 7)))
        if len(query) == len(value) and rng.random() < 0.6:
            value = query[:-1] + value[-1:]
        shapes = [query, value] + ([value[:-1] + (rng.choice((3, 5)),)] if rng.random() < 0.3 else [])
        config: Dict[str, Any] = dict(HEADS if class_name == MHA else GROUPS)
        if class_name == MHA:
            axes = rng.choice((None, 0, 1, 2, 3, 4, -1, -2, -3, (1, 2), (2, 3), (1, 3), (1, 1), (), (-1, 1), 5))
            if axes is not None:
                config["attention_axes"] = axes
            if rng.random() < 0.3:
                config["dropout"] = 0.2
        if rng.random() < 0.3:
            config["use_gate"] = True
        made.append(Call(class_name, config, shapes, scores=rng.random() < 0.3))
    return made


GRID = int(os.environ.get("LSTM_LINT_ATTENTION_GRID", "0"))
GRID_SEED = int(os.environ.get("LSTM_LINT_ATTENTION_GRID_SEED", "0"))


@pytest.mark.skipif(not GRID, reason="a wide grid: set LSTM_LINT_ATTENTION_GRID to a number of programs")
@pytest.mark.parametrize("class_name", [MHA, GQA])
def test_grid_matches_keras(class_name: str) -> None:
    for made in grid(class_name, GRID, GRID_SEED):
        check(made)
