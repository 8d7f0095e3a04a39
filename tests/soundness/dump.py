"""Show one generated program, its runs in Keras, lstm-lint's output and the verdict; or the
precision table over many programs.

Usage (from the repository root):
    python tests/soundness/dump.py SEED [--json]
    python tests/soundness/dump.py --share [COUNT [FIRST_SEED]]
    python tests/soundness/dump.py --failing [COUNT]

--json     print Keras's description of every run and lstm-lint's JSON in full
--share    the share of quantities the same in every run that lstm-lint gives exactly, overall and
           per construct (default: the 250 seeds the test measures)
--failing  which constructs the failing programs' models go through, with a count and the seeds
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.soundness import judge  # noqa: E402
from tests.soundness.generator import generate  # noqa: E402
from tests.soundness.harness import outcome  # noqa: E402


def show(seed: int, full: bool) -> int:
    case = generate(seed)
    result = outcome(case)
    verdict = judge.judge(result)
    print(judge.report(result, verdict))
    print("----- features: " + " ".join(sorted(case.features)))
    if full:
        for number, run in enumerate(result.runs):
            print(f"----- keras, run {number}:")
            print(json.dumps(run.models, indent=1))
        print("----- lstm-lint:")
        print(json.dumps(result.lint, indent=1))
    counts: Dict[str, List[int]] = {}
    judge.tally(result, verdict, counts)
    if counts:
        print("-----\n" + judge.share_table(counts))
    print("----- verdict: " + ("the case is broken" if verdict.generator else "FAILS" if verdict.failed else "passes"))
    return 1 if verdict.failed else 0


def share(count: int, first: int) -> int:
    counts: Dict[str, List[int]] = {}
    for seed in range(first, first + count):
        result = outcome(generate(seed))
        judge.tally(result, judge.judge(result), counts)
    print(judge.share_table(counts))
    return 0


def failing(count: int) -> int:
    """Per construct: how many models going through it are in a failing program, and which seeds."""
    seeds: Dict[str, List[int]] = {}
    total: Dict[str, int] = {}
    for seed in range(count):
        case = generate(seed)
        result = outcome(case)
        verdict = judge.judge(result)
        for name, construct in case.constructs.items():
            total[construct] = total.get(construct, 0) + 1
            text = "\n".join(verdict.wrong + verdict.inexact + verdict.generator)
            if f"model {name!r}" in text:
                seeds.setdefault(construct, []).append(seed)
    for construct in sorted(total, key=lambda name: -len(seeds.get(name, [])) / total[name]):
        found = seeds.get(construct, [])
        print(f"{construct:32} {len(found):3} of {total[construct]:3} models fail   seeds {found[:8]}")
    return 0


def main(argv: List[str]) -> int:
    numbers = [int(arg) for arg in argv if arg.lstrip("-").isdigit()]
    if "--share" in argv:
        return share(numbers[0] if numbers else 250, numbers[1] if len(numbers) > 1 else 0)
    if "--failing" in argv:
        return failing(numbers[0] if numbers else 250)
    if len(numbers) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    return show(numbers[0], "--json" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
