"""What computing fixes costs: the same files linted with ``fixes=False`` and ``fixes=True``, in one run.

Two inputs:
  - ``project``: 200 generated training scripts (``corpus.project_file``), few diagnostics;
  - ``fixable``: one file of 300 small models whose recurrent layers spell ``return_sequence=``
    (``corpus.models_file`` with the typo): a diagnostic with a fix on every other model.
The two settings alternate within each repetition, so drifts in machine load hit both; CPU time of
this process, medians. The flake8 plugin never asks for fixes; this says what ``check --fix`` and
the language server pay for them.

    python benchmarks/bench_fixes.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import models_file, project_file  # noqa: E402

from lstm_lint.config import Settings  # noqa: E402
from lstm_lint.lint import lint_file  # noqa: E402


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    inputs: Dict[str, List[str]] = {
        "project": [project_file(index) for index in range(200)],
        "fixable": [models_file(300).replace("return_sequences=True", "return_sequence=True")],
    }
    settings = Settings()
    for name, texts in inputs.items():
        def lint(fixes: bool) -> int:
            return sum(len(lint_file(text, f"{name}_{index}.py", settings, fixes=fixes).diagnostics)
                       for index, text in enumerate(texts))

        with_fix_count = sum(1 for index, text in enumerate(texts)
                             for d in lint_file(text, f"{name}_{index}.py", settings, fixes=True).diagnostics
                             if d.fix is not None)
        without: List[float] = []
        with_fixes: List[float] = []
        for _ in range(args.runs):
            without.append(cpu_seconds(lambda: lint(False)))
            with_fixes.append(cpu_seconds(lambda: lint(True)))
        plain, fixing = statistics.median(without), statistics.median(with_fixes)
        print(f"{name}: {len(texts)} file(s), {with_fix_count} fixable diagnostic(s): without fixes "
              f"{plain:.3f} s, with {fixing:.3f} s, ratio {fixing / plain:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
