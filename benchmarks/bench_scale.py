"""How lstm-lint's time and peak memory grow with the size of a file.

Prints, for files of 1, 10, 100 and 1,000 models and a Sequential of 1,000 and 10,000 layers, the
median time of ``analyse_source`` (warm, in this process) and its peak traced memory, then the
slope between the sizes (time per model, and the ratio of ratios: 1.0 means linear).

    python benchmarks/bench_scale.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, List, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import deep_sequential, models_file  # noqa: E402

from lstm_lint import analyse_source  # noqa: E402


def measure(text: str, runs: int) -> Tuple[float, float]:
    """(median seconds, peak MiB) of analysing ``text``."""
    times: List[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        analyse_source(text)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    analyse_source(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def series(title: str, sizes: List[int], make: Callable[[int], str], unit: str, runs: int) -> None:
    print(f"\n{title}")
    print(f"{'size':>8} {'median s':>10} {'ms per ' + unit:>14} {'peak MiB':>10} {'MiB per 1k ' + unit:>16}")
    previous = None
    for size in sizes:
        seconds, peak = measure(make(size), runs)
        print(f"{size:>8} {seconds:>10.4f} {1000 * seconds / size:>14.3f} {peak:>10.2f} {1000 * peak / size:>16.3f}")
        if previous is not None:
            (last_size, last_seconds, last_peak) = previous
            growth = size / last_size
            print(f"{'':>8} time x{seconds / last_seconds:.2f} and memory x{peak / last_peak:.2f} "
                  f"for x{growth:.0f} the size (slope {seconds / last_seconds / growth:.2f}, "
                  f"{peak / last_peak / growth:.2f}; 1.00 is linear)")
        previous = (size, seconds, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    series("Models per file", [1, 10, 100, 1000], models_file, "model", args.runs)
    series("Layers in one Sequential", [100, 1000, 10000], deep_sequential, "layer", max(1, args.runs // 2))


if __name__ == "__main__":
    main()
