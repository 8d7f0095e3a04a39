"""Does the per-file cost grow with the layer registry? Measured side by side in one run.

The registry grew from 45 to over 120 entries. Two costs could grow with it:

1. **Importing it**, once per process: ``import lstm_lint.layers`` in a fresh interpreter (libcst
   already imported, as it is whenever a file mentions Keras), against importing libcst itself and
   against a whole ``lstm-lint summary --no-cache`` of the seed fixture.
2. **Using it**, per file: the engine on the benchmark corpus with the full registry, and with the
   registry cut down to the entries that corpus uses (the same process, the same files, runs
   interleaved), so a lookup or a walk that grows with the registry's size would show as a ratio
   above 1.

    python benchmarks/bench_registry.py [--runs 15]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import models_file  # noqa: E402

from lstm_lint import layers  # noqa: E402
from lstm_lint.engine import analyse_program  # noqa: E402

_IMPORT = ("import time, sys\nimport libcst\nstart = time.perf_counter()\nimport {module}\n"
           "sys.stdout.write(str(time.perf_counter() - start))\n")
_LIBCST = ("import time, sys\nstart = time.perf_counter()\nimport libcst\n"
           "sys.stdout.write(str(time.perf_counter() - start))\n")


def _fresh(code: str) -> float:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=REPO, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return float(result.stdout)


def _process(arguments: List[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "lstm_lint", *arguments], capture_output=True, check=True, cwd=REPO)
    return time.perf_counter() - start


def _median(step: Callable[[], float], runs: int) -> float:
    return statistics.median(step() for _ in range(runs))


def _per_file(texts: List[str]) -> float:
    start = time.perf_counter()
    for index, text in enumerate(texts):
        analyse_program(text, f"model_{index}.py")
    return (time.perf_counter() - start) / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    registry = _median(lambda: _fresh(_IMPORT.format(module="lstm_lint.layers")), args.runs)
    libcst_import = _median(lambda: _fresh(_LIBCST), args.runs)
    whole = _median(lambda: _process(["summary", "--no-cache", "fixtures/seed_models.py"]), args.runs)
    print(f"registry entries:                      {len(layers.SPECS)}")
    print(f"import lstm_lint.layers (fresh process): {registry * 1000:7.2f} ms")
    print(f"import libcst (fresh process):           {libcst_import * 1000:7.2f} ms"
          f"   registry / libcst = {registry / libcst_import:.2f}")
    print(f"lstm-lint summary --no-cache (seed):     {whole * 1000:7.2f} ms"
          f"   registry / whole process = {registry / whole:.2f}")

    texts = [models_file(count) for count in (1, 5, 20, 60)] * 3
    full: Dict[str, layers.LayerSpec] = dict(layers.SPECS)
    used = {"LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dropout", "Dense"}
    small = {name: spec for name, spec in full.items() if name in used}
    _per_file(texts)  # warm up
    with_full: List[float] = []
    with_small: List[float] = []
    try:
        for _ in range(args.runs):
            layers.SPECS.clear()
            layers.SPECS.update(small)
            with_small.append(_per_file(texts))
            layers.SPECS.clear()
            layers.SPECS.update(full)
            with_full.append(_per_file(texts))
    finally:
        layers.SPECS.clear()
        layers.SPECS.update(full)
    full_time, small_time = statistics.median(with_full), statistics.median(with_small)
    print(f"per file, full registry ({len(full)} entries):  {full_time * 1000:7.3f} ms")
    print(f"per file, registry of the {len(small)} entries used: {small_time * 1000:7.3f} ms"
          f"   full / small = {full_time / small_time:.2f}")


if __name__ == "__main__":
    main()
