"""How lstm-lint's time and peak memory grow with the size of a file.

Files of 1, 10, 100 and 1,000 models, and a Sequential of 10 to 10,000 layers. Each size is analysed
in a fresh process (so one size's garbage and caches do not weigh on the next), which prints:
  - the median CPU time of ``analyse_source`` (warm: the process has analysed a small file first);
  - peak memory: the growth of the process's peak resident set (``ru_maxrss``) during the analysis,
    and the peak of Python allocations traced by ``tracemalloc`` (a separate pass: tracing is slow).
and, apart, the CPU time of libcst's parse alone (native code lstm-lint does not control) against
"the rest" (lstm-lint's own stages: positions, interpretation, summaries).
Then the slope: the least-squares cost per model (per layer), and the ratio of the per-unit cost
at the largest size to that at a tenth of it (1.00 is linear; above 1 grows faster than linear).

    python benchmarks/bench_scale.py [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import deep_sequential, models_file  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, statistics, sys, time, tracemalloc
from lstm_lint import analyse_source
analyse_source("import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n")
text = open(sys.argv[1]).read()
runs = int(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for _ in range(runs):
    start = time.process_time()
    analysis = analyse_source(text)
    times.append(time.process_time() - start)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
del analysis
import libcst
from lstm_lint.engine import no_cyclic_gc
parse = []
for _ in range(runs):
    with no_cyclic_gc():
        start = time.process_time()
        libcst.parse_module(text)
        parse.append(time.process_time() - start)
tracemalloc.start()
analyse_source(text)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"seconds": statistics.median(times), "parse": statistics.median(parse), "rss_kib": after - before,
                  "traced": traced}))
"""


def measure(text: str, runs: int) -> Dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(text)
    try:
        output = subprocess.run([sys.executable, "-c", CHILD, handle.name, str(runs)], check=True,
                                capture_output=True, text=True, cwd=REPO)
    finally:
        Path(handle.name).unlink()
    result: Dict[str, float] = json.loads(output.stdout)
    return result


def least_squares_slope(xs: List[float], ys: List[float]) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def series(title: str, sizes: List[int], make: Callable[[int], str], unit: str, runs: int) -> None:
    print(f"\n{title}")
    print(f"{'size':>7} {'lines':>7} {'CPU s':>9} {'ms/' + unit:>9} {'libcst parse':>13} {'the rest':>9} "
          f"{'peak RSS MiB':>13} {'traced MiB':>11} {'KiB/' + unit:>10}")
    results = []
    for size in sizes:
        text = make(size)
        result = measure(text, runs)
        results.append(result)
        print(f"{size:>7} {text.count(chr(10)):>7} {result['seconds']:>9.4f} {1000 * result['seconds'] / size:>9.3f} "
              f"{1000 * result['parse'] / size:>13.3f} {1000 * (result['seconds'] - result['parse']) / size:>9.3f} "
              f"{result['rss_kib'] / 1024:>13.1f} {result['traced'] / 2**20:>11.2f} "
              f"{result['traced'] / 1024 / size:>10.1f}")
    seconds = [result["seconds"] for result in results]
    traced = [result["traced"] for result in results]
    slope = least_squares_slope([float(size) for size in sizes], seconds)
    memory_slope = least_squares_slope([float(size) for size in sizes], traced)
    big, tenth = sizes[-1], sizes[-2]
    time_ratio = (seconds[-1] / big) / (seconds[-2] / tenth)
    rest = [result["seconds"] - result["parse"] for result in results]
    parse_ratio = (results[-1]["parse"] / big) / (results[-2]["parse"] / tenth)
    rest_ratio = (rest[-1] / big) / (rest[-2] / tenth)
    memory_ratio = (traced[-1] / big) / (traced[-2] / tenth)
    print(f"least-squares slope: {1000 * slope:.3f} ms and {memory_slope / 1024:.1f} KiB (traced) per {unit}; "
          f"cost per {unit} at {big:,} / at {tenth:,}: time {time_ratio:.2f}, memory {memory_ratio:.2f} "
          f"(1.00 is linear); of which libcst's parse {parse_ratio:.2f}, lstm-lint's own stages {rest_ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; medians of {args.runs} runs")
    series("Models per file", [1, 10, 100, 1000], models_file, "model", args.runs)
    series("Layers in one Sequential", [10, 100, 1000, 10000], deep_sequential, "layer", args.runs)


if __name__ == "__main__":
    main()
