"""The atheris harnesses under tests/fuzz/ (run by hand, not by pytest) work: their targets run on
the seed corpus and on junk without atheris installed, and they still catch a failure."""
from __future__ import annotations

import random

import pytest

from lstm_lint import lint
from tests.fuzz import fuzz_engine, fuzz_values


def junk(count: int) -> list:
    generator = random.Random(20240601)
    return [bytes(generator.randrange(256) for _ in range(generator.randrange(64))) for _ in range(count)]


def test_the_engine_target_runs_on_its_seeds_and_on_junk() -> None:
    seeds = fuzz_engine.seeds()
    assert len(seeds) > 20
    for data in seeds + junk(50) + [b"", b"\xff\xfe", b"import keras\n" + b"(" * 300]:
        fuzz_engine.target(data)


def test_the_engine_target_reports_a_bad_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_lint.rules import Diagnostic

    def rogue(*args: object, **kwargs: object) -> lint.LintResult:
        return lint.LintResult([Diagnostic(0, 0, "LL999", "no such rule")])

    monkeypatch.setattr(fuzz_engine, "lint_file", rogue)
    with pytest.raises(AssertionError):
        fuzz_engine.target(b"import keras\n")


def test_the_values_target_runs_on_junk() -> None:
    for data in junk(3000):
        fuzz_values.target(data)


def test_the_values_target_rejects_a_value_that_is_not_plain() -> None:
    with pytest.raises(AssertionError):
        fuzz_values.check(1j)
    with pytest.raises(AssertionError):
        fuzz_values.check(10 ** 30, 5)
