"""Show one corpus program's runs in Keras, lstm-lint's output and the verdict; or the precision
table over the whole corpus.

Usage (from the repository root):
    python tests/realcode/dump.py NAME [--json]
    python tests/realcode/dump.py --share
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.realcode.corpus import PROGRAMS  # noqa: E402
from tests.realcode.placeholders import zero_placeholders  # noqa: E402
from tests.soundness import judge  # noqa: E402
from tests.soundness.harness import outcome  # noqa: E402


def show(name: str, full: bool) -> int:
    program = next(program for program in PROGRAMS if program.name == name)
    with zero_placeholders():
        result = outcome(program.case())
    verdict = judge.judge(result)
    print(judge.report(result, verdict))
    given = sum(q.given for found in verdict.quantities.values() for q in found)
    total = sum(len(found) for found in verdict.quantities.values())
    print(f"----- {'FAILED' if verdict.failed else 'passed'}; precision {given} of {total}")
    missing = [f"{model}: {q.where}" for model, found in verdict.quantities.items() for q in found if not q.given]
    if missing:
        print("not given: " + ", ".join(missing))
    if full:
        for number, run in enumerate(result.runs):
            print(f"----- keras, run {number}:")
            print(json.dumps(run.models, indent=1))
        print("----- lstm-lint:")
        print(json.dumps(result.lint, indent=1))
    return 1 if verdict.failed else 0


def share() -> int:
    counts: Dict[str, List[int]] = {}
    failed = []
    for program in PROGRAMS:
        with zero_placeholders():
            result = outcome(program.case())
        verdict = judge.judge(result)
        judge.tally(result, verdict, counts)
        if verdict.failed:
            failed.append(program.name)
    print(judge.share_table(counts))
    print(f"failing: {failed}")
    return 0


def main(argv: List[str]) -> int:
    if argv[:1] == ["--share"]:
        return share()
    if not argv:
        print(__doc__)
        return 2
    return show(argv[0], "--json" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
