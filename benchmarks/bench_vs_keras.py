"""lstm-lint against the only other way to learn a model's size: building it in Keras.

For the seed fixture and a generated file of 20 models, prints medians over several runs of
  - warm, per file: ``analyse_source`` in an already-running process, against Keras building
    the same models and calling ``count_params()`` in a process that has already imported Keras;
  - whole processes: ``lstm-lint summary FILE`` against ``python`` importing Keras, building the
    models and counting their parameters (interpreter start included in both).
Keras runs on the CPU with the backend named by KERAS_BACKEND (default: numpy, the lightest).

    python benchmarks/bench_vs_keras.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import models_file  # noqa: E402

from lstm_lint import analyse_source  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

# Runs inside a Keras process: builds every model of a file ``runs`` times, prints the median.
KERAS_WARM = r"""
import statistics, sys, time, warnings
warnings.filterwarnings("ignore")
import keras
source = open(sys.argv[1]).read()
runs = int(sys.argv[2])
times = []
for _ in range(runs):
    keras.backend.clear_session()
    start = time.perf_counter()
    namespace = {"__name__": "__main__"}
    exec(compile(source, sys.argv[1], "exec"), namespace)
    total = sum(v.count_params() for v in namespace.values() if isinstance(v, keras.Model))
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""

KERAS_PROCESS = r"""
import sys, warnings
warnings.filterwarnings("ignore")
import keras
namespace = {"__name__": "__main__"}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), namespace)
print(sum(v.count_params() for v in namespace.values() if isinstance(v, keras.Model)))
"""


def median_process_seconds(command: List[str], runs: int, env: Dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, KERAS_BACKEND=os.environ.get("KERAS_BACKEND", "numpy"), TF_CPP_MIN_LOG_LEVEL="3")
    with tempfile.TemporaryDirectory() as folder:
        generated = Path(folder) / "twenty_models.py"
        generated.write_text(models_file(20))
        files = [REPO / "fixtures" / "seed_models.py", generated]
        print(f"Keras backend: {env['KERAS_BACKEND']}; medians of {args.runs} runs\n")
        header = f"{'file':<20} {'lstm-lint':>11} {'Keras':>11} {'ratio':>9}"
        print("Warm, per file (seconds)\n" + header)
        for path in files:
            text = path.read_text()
            analyse_source(text)  # warm the caches of the first call
            ours = statistics.median(
                _time(lambda: analyse_source(text)) for _ in range(args.runs))
            keras_output = subprocess.run([sys.executable, "-c", KERAS_WARM, str(path), str(args.runs)],
                                          check=True, capture_output=True, text=True, env=env)
            theirs = float(keras_output.stdout.strip().splitlines()[-1])
            print(f"{path.name:<20} {ours:>11.5f} {theirs:>11.5f} {theirs / ours:>8.0f}x")
        print("\nWhole processes, interpreter start included (seconds)\n" + header)
        for path in files:
            ours = median_process_seconds([sys.executable, "-m", "lstm_lint", "summary", str(path)],
                                          args.runs, env)
            theirs = median_process_seconds([sys.executable, "-c", KERAS_PROCESS, str(path)], args.runs, env)
            print(f"{path.name:<20} {ours:>11.3f} {theirs:>11.3f} {theirs / ours:>8.1f}x")


def _time(function: object) -> float:
    start = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
