"""lstm-lint against the only other way to learn a model's size: building it in Keras.

For the seed fixture and a generated file of 20 models, prints medians over several runs of
  - warm, per file: lstm-lint in an already-running process, against Keras building the same
    models and calling ``count_params()`` in a process that has already imported Keras and built
    them once. lstm-lint is measured twice: analysing the file (the engine: libcst parse and
    interpretation), and answering for it as ``lstm-lint summary`` does once its result cache is
    warm (find the file, stat it, load its stored, rendered result). Both are CPU time of one
    thread (``time.process_time``), which machine load barely affects;
  - whole processes, interpreter start included (wall-clock): the ``lstm-lint summary FILE``
    command with and without the cache, against ``python`` importing Keras, building the models
    and counting their parameters. Runs alternate between the tools, so load drifts hit both.
Keras runs on the CPU with each backend named by ``--backends`` (numpy and jax are the ones
installed with the test dependencies; TensorFlow is not needed).

Both tools run from a throwaway environment laid out as pip installs a package: lstm-lint's
package copied into its site-packages and compiled to bytecode, the ``lstm-lint`` script pip
writes, and the dependencies (Keras, libcst, ...) taken from this interpreter's site-packages. A
development checkout is installed in editable mode, whose import hook and uncompiled sources would
otherwise be measured instead of what users run.

Targets: >= 1000x faster per file warm, >= 20x as whole processes.

    python benchmarks/bench_vs_keras.py [--runs 5] [--backends numpy,jax]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path
from functools import partial
from typing import Callable, Dict, List, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import models_file  # noqa: E402

from lstm_lint import analyse_source, parallel  # noqa: E402
from lstm_lint.cache import CACHE_DIR_VARIABLE, SETTLED_SECONDS, ResultCache  # noqa: E402
from lstm_lint.commands.summary import FORMATS  # noqa: E402
from lstm_lint.filework import render_summary  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WARM_TARGET, PROCESS_TARGET = 1000.0, 20.0

# Runs inside a Keras process: builds every model of a file once to warm up, then ``runs`` times,
# and prints the median seconds of one build: the smaller of CPU time and wall-clock time. Keras's
# numerical libraries run threads whose CPU time adds up (and, spinning, grows with machine load),
# while wall-clock time grows when other programs hold the cores: the smaller of the two favours
# Keras, so the ratios printed are, if anything, low.
KERAS_WARM = r"""
import statistics, sys, time, warnings
warnings.filterwarnings("ignore")
import keras
source = open(sys.argv[1]).read()
runs = int(sys.argv[2])
cpu, wall = [], []
for run in range(runs + 1):
    keras.backend.clear_session()
    start, start_wall = time.process_time(), time.perf_counter()
    namespace = {"__name__": "__main__"}
    exec(compile(source, sys.argv[1], "exec"), namespace)
    total = sum(v.count_params() for v in namespace.values() if isinstance(v, keras.Model))
    if run:
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
print(min(statistics.median(cpu), statistics.median(wall)))
"""

KERAS_PROCESS = r"""
import sys, warnings
warnings.filterwarnings("ignore")
import keras
namespace = {"__name__": "__main__"}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), namespace)
print(sum(v.count_params() for v in namespace.values() if isinstance(v, keras.Model)))
"""


# The script pip writes for a console_scripts entry point.
CONSOLE_SCRIPT = """#!{python}
import re
import sys
from {module} import {function}
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit({function}())
"""


def installed_environment(folder: Path, checkout: Path = REPO) -> Tuple[str, str]:
    """A virtual environment holding lstm-lint, from the ``checkout`` given, as pip installs it (see
    the module's docstring): its python and its ``lstm-lint`` script."""
    venv.create(folder, with_pip=False)
    python = str(folder / ("Scripts" if sys.platform == "win32" else "bin") / "python")
    site_packages = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    # Dependencies from this interpreter. A .pth line only adds a folder to sys.path: the editable
    # install's own .pth hook in that folder is not run, so lstm_lint comes from the copy below.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    shutil.copytree(checkout / "lstm_lint", site_packages / "lstm_lint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([python, "-m", "compileall", "-q", str(site_packages / "lstm_lint")], check=True)
    script = Path(python).parent / "lstm-lint"
    module, function = console_script_target(checkout)
    script.write_text(CONSOLE_SCRIPT.format(python=python, module=module, function=function))
    script.chmod(0o755)
    return python, str(script)


def console_script_target(checkout: Path) -> Tuple[str, str]:
    """The module and function pyproject.toml names for the ``lstm-lint`` script."""
    match = re.search(r'^lstm-lint\s*=\s*"([\w.]+):(\w+)"', (checkout / "pyproject.toml").read_text(), re.MULTILINE)
    return (match.group(1), match.group(2)) if match else ("lstm_lint.cli", "main")


def cpu_median(function: Callable[[], object], runs: int) -> float:
    function()  # the first call fills lazy imports and per-type caches
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def process_seconds(command: List[str], env: Dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def unreadable(path: str, reason: str) -> None:
    raise SystemExit(f"{path}: {reason}")


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else f"NOT met ({target / ratio:.1f}x short)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backends", default="numpy,jax")
    args = parser.parse_args()
    backends = [name for name in args.backends.split(",") if name]
    base_env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", JAX_PLATFORMS="cpu")
    with tempfile.TemporaryDirectory() as folder:
        generated = Path(folder) / "twenty_models.py"
        generated.write_text(models_file(20))
        files = [REPO / "fixtures" / "seed_models.py", generated]
        cache_dir = Path(folder) / "cache"
        python, script = installed_environment(Path(folder) / "environment")
        ours_env = dict(base_env, **{CACHE_DIR_VARIABLE: str(cache_dir)})
        print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; Keras backends: {', '.join(backends)}; "
              f"medians of {args.runs} runs\n")

        # The cache trusts a file's stat only once the file last changed a few seconds before (as
        # git does; its ctime counts, which cannot be set back): a file being linted is older than
        # that, the one just generated may not be yet.
        status = os.stat(generated)
        settled_at = max(status.st_mtime_ns, status.st_ctime_ns) / 1e9 + SETTLED_SECONDS + 0.05
        time.sleep(max(0.0, settled_at - time.time()))

        # Warm, per file: CPU seconds.
        ours_warm: Dict[str, Tuple[float, float]] = {}
        cache = ResultCache(f"summary {FORMATS['text']} color=False", str(cache_dir))
        work = partial(render_summary, FORMATS["text"], False)

        def answer_from_cache(path: Path) -> None:
            """What `lstm-lint summary` does for one file: find it, look it up, and if needed analyse
            and store it."""
            results = list(parallel.FileBatch([str(path)], cache, unreadable).results(work, 1))
            assert len(results) == 1, results

        for path in files:
            text = path.read_text()
            engine = cpu_median(lambda: analyse_source(text, str(path)), args.runs * 4)
            answer_from_cache(path)  # a miss: analysed and stored
            assert cache.lookup(str(path)) is not None, "the cache did not store the file"
            cached = cpu_median(lambda: answer_from_cache(path), args.runs * 400)
            ours_warm[path.name] = (engine, cached)
        print("Warm, per file (milliseconds; ratio = Keras / lstm-lint)")
        print(f"{'file':<18} {'backend':<7} {'Keras':>9} {'lstm-lint':>10} {'ratio':>8} {'cached':>8} {'ratio':>8}")
        warm_ratios: List[Tuple[str, float, float]] = []
        for backend in backends:
            env = dict(base_env, KERAS_BACKEND=backend)
            for path in files:
                output = subprocess.run([python, "-c", KERAS_WARM, str(path), str(args.runs)],
                                        check=True, capture_output=True, text=True, env=env)
                theirs = float(output.stdout.strip().splitlines()[-1])
                engine, cached = ours_warm[path.name]
                warm_ratios.append((f"{path.name}/{backend}", theirs / engine, theirs / cached))
                print(f"{path.name:<18} {backend:<7} {1000 * theirs:>9.2f} {1000 * engine:>10.3f} "
                      f"{theirs / engine:>7.0f}x {1000 * cached:>8.3f} {theirs / cached:>7.0f}x")

        # Whole processes: wall-clock seconds, alternating the tools.
        print("\nWhole processes, interpreter start included (wall-clock seconds; ratio = Keras / lstm-lint)")
        print(f"{'file':<18} {'backend':<7} {'Keras':>9} {'lstm-lint':>10} {'ratio':>8} {'cached':>8} {'ratio':>8}")
        process_ratios: List[Tuple[str, float, float]] = []
        for path in files:
            summary = [script, "summary", str(path)]
            subprocess.run(summary, check=True, capture_output=True, env=ours_env)  # fills the cache
            samples: Dict[str, List[float]] = {"engine": [], "cached": []}
            keras_samples: Dict[str, List[float]] = {backend: [] for backend in backends}
            for _ in range(args.runs):
                samples["engine"].append(process_seconds(summary + ["--no-cache"], ours_env))
                samples["cached"].append(process_seconds(summary, ours_env))
                for backend in backends:
                    keras_samples[backend].append(process_seconds(
                        [python, "-c", KERAS_PROCESS, str(path)], dict(base_env, KERAS_BACKEND=backend)))
            engine, cached = statistics.median(samples["engine"]), statistics.median(samples["cached"])
            for backend in backends:
                theirs = statistics.median(keras_samples[backend])
                process_ratios.append((f"{path.name}/{backend}", theirs / engine, theirs / cached))
                print(f"{path.name:<18} {backend:<7} {theirs:>9.3f} {engine:>10.3f} {theirs / engine:>7.1f}x "
                      f"{cached:>8.3f} {theirs / cached:>7.1f}x")

    print("\nTargets (the worst case over files and backends)")
    for title, ratios, target in (("warm per file", warm_ratios, WARM_TARGET),
                                  ("whole process", process_ratios, PROCESS_TARGET)):
        worst_engine = min(ratios, key=lambda item: item[1])
        worst_cached = min(ratios, key=lambda item: item[2])
        print(f"{title} >= {target:.0f}x: without cache {worst_engine[1]:.1f}x ({worst_engine[0]}): "
              f"{verdict(worst_engine[1], target)}; with a warm cache {worst_cached[2]:.1f}x "
              f"({worst_cached[0]}): {verdict(worst_cached[2], target)}")


if __name__ == "__main__":
    main()
