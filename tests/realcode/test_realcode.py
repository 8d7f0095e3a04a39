"""lstm-lint against real Keras on reduced reproductions of real-world model code (corpus.py).

Each program runs in Keras 3 in-process (numpy backend, tensorflow.keras answered by Keras 3) once
per run input, and through lstm-lint once; the soundness judge (tests/soundness/judge.py) compares
them as it does the generated programs: every number lstm-lint prints must be Keras's in every
run, whatever differs between runs must be unknown, lstm-lint must report every model the program
binds and no other, no build error (LL1xx) may fire (every program builds in every run), and no
settings diagnostic may fire unless its premise holds in every run (``# expect LLxxx`` marks the
lines where one must fire, ``# never LLxxx`` those where it must not). A program Keras rejects,
or whose models do not vary (or do) as corpus.py says, is reported as a broken program, not as an
lstm-lint failure.

Programs are not required to be given exactly: the precision share (quantities the same in every
run that lstm-lint gives) is reported per program and overall, and must not fall below the floor.

One program by hand: ``python tests/realcode/dump.py NAME``; the table: ``pytest -s -k share``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Tuple

import pytest

from tests.realcode.corpus import PROGRAMS, Program
from tests.realcode.placeholders import zero_placeholders
from tests.soundness import judge
from tests.soundness.harness import Outcome, outcome

BY_NAME = {program.name: program for program in PROGRAMS}

# The share of quantities the same in every run that lstm-lint gives exactly, over the corpus, as
# last measured: it must not fall. Overall (every quantity of every program counts once: one program
# built on keras.applications.MobileNetV2 holds over a third of them) and as the mean of the
# programs' own shares (every program counts once).
PRECISION_FLOOR = 0.767  # measured: 3,920 of 5,106 (76.8%), 59 programs; 97.2% without mobilenet_transfer
MEAN_PRECISION_FLOOR = 0.872  # measured: 87.26%

# What makes a program's models depend on what a run is given.
READS_INPUT = re.compile(r"sys\.argv|os\.environ\.get|os\.environ\[[^]]+\](?!\s*=[^=])|os\.getenv|argparse|open\(|"
                         r"np\.load|os\.listdir|glob\.glob|os\.walk")


@lru_cache(maxsize=None)
def checked(name: str) -> Tuple[Outcome, judge.Verdict]:
    with zero_placeholders():
        result = outcome(BY_NAME[name].case())
    return result, judge.judge(result)


def share_of(verdict: judge.Verdict) -> Tuple[int, int]:
    quantities = [quantity for found in verdict.quantities.values() for quantity in found]
    return sum(quantity.given for quantity in quantities), len(quantities)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_lstm_lint_is_never_wrong_on_real_code(name: str) -> None:
    result, verdict = checked(name)
    given, total = share_of(verdict)
    print(f"\n{name}: precision {given / total if total else 1.0:.1%} ({given} of {total})")
    if verdict.failed:
        pytest.fail(judge.report(result, verdict), pytrace=False)


def test_precision_share_does_not_fall() -> None:
    counts: Dict[str, List[int]] = {}
    shares: List[float] = []
    for name in sorted(BY_NAME):
        result, verdict = checked(name)
        judge.tally(result, verdict, counts)
        given, total = share_of(verdict)
        if total:
            shares.append(given / total)
    mean = sum(shares) / len(shares)
    table = judge.share_table(counts) + f"\nmean of the programs' shares: {mean:.1%} over {len(shares)} programs"
    print("\n" + table)
    given, total = counts["all"]
    assert total > 500, table  # enough quantities for the share to mean something
    assert given / total >= PRECISION_FLOOR, f"the precision share fell below {PRECISION_FLOOR:.1%}:\n{table}"
    assert mean >= MEAN_PRECISION_FLOOR, f"the mean share fell below {MEAN_PRECISION_FLOOR:.1%}:\n{table}"


def test_every_program_is_in_the_corpus_once() -> None:
    files = {path.stem for path in PROGRAMS[0].path.parent.glob("*.py")}
    assert len(BY_NAME) == len(PROGRAMS)
    assert files == set(BY_NAME), (sorted(files - set(BY_NAME)), sorted(set(BY_NAME) - files))


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_programs_cite_their_source_and_vary_their_inputs(name: str) -> None:
    program: Program = BY_NAME[name]
    source = program.path.read_text(encoding="utf-8")
    assert source.startswith("# Modelled on "), "the first line names the repository and file the program follows"
    if READS_INPUT.search(source):
        assert len(program.runs) >= 2, "a program that reads run-time input runs under two inputs at least"
        runs = list(program.runs)
        assert all(runs[first] != runs[second] for first in range(len(runs)) for second in range(first)), \
            "two runs are given the same"
