"""The cold path and the per-file path, this checkout against a baseline checkout, in one run.

Prints, side by side for the two checkouts (``--baseline``: another checkout of the project, e.g. a
worktree of the commit to compare with; without it only this checkout is measured):
  1. the stages of one file's analysis in a warm process (CPU time, medians over runs and over
     ``--rounds`` processes per checkout, in turn) for the seed example and for a corpus of
     generated training scripts (``corpus.project_file``, 118 lines on average): Python's ``ast``
     parse, the ``ast`` walk (nesting guard and the nodes positions are paired with), libcst's
     parse, positions, interpretation, rules and rendering the summary, and the whole per-file cost
     the flake8 plugin pays (``lint_file`` given flake8's tree). For an engine that parses parts
     when it evaluates them (source/lazy.py), libcst's parse is that of the parts it parsed and the
     positions are counted in the interpretation.
     Target: the corpus's per-file cost at most half the baseline's;
  2. whole processes (wall-clock, medians): Python's start, importing what ``summary`` needs to
     analyse a file, and ``lstm-lint summary --no-cache`` on the seed example, against a
     ``tf.keras`` process (TensorFlow, interpreter from ``--tf-python`` or $LSTM_LINT_BENCH_TF_PYTHON;
     the column is skipped when absent) building the same models. Target: >= 12x faster than it;
  3. the flake8 plugin's share on the generated Keras corpus ((with - without) / without, CPU
     time; see bench_flake8_overhead.py). Target: <= 0.6;
  4. ``check`` against ``summary`` on one file of many models (CPU time of the whole process):
     ``check`` is to grow with the file as ``summary`` does;
  5. peak resident memory of one process analysing a 1,000,000-character file of models (the size
     limit). Target: <= 600 MB.

Both checkouts run from environments laid out as pip installs the package (see bench_vs_keras.py),
with this interpreter's dependencies. Measurements alternate between the checkouts, so drifts in
machine load hit both.

    python benchmarks/bench_cold_path.py --baseline ../lstm-lint-main [--tf-python /path/bin/python]
        [--runs 5] [--rounds 3] [--corpus-files 100] [--flake8-files 1000] [--models 2000] [--skip flake8,memory]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_flake8_overhead import RUNNER  # noqa: E402
from bench_vs_keras import installed_environment  # noqa: E402
from corpus import models_file, write_project  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed_models.py"
TF_VARIABLE = "LSTM_LINT_BENCH_TF_PYTHON"
MEMORY_CHARS = 1_000_000
PER_FILE_TARGET, TF_TARGET, FLAKE8_TARGET, MEMORY_TARGET_MB = 0.5, 12.0, 0.6, 600

# Runs in a checkout's environment: the stages of each file's analysis, median CPU seconds per file
# over the runs, summed over the files. Written against both the engine that walks the ast tree
# once (AstIndex) and the one before, which walked it for the nesting guard and again for positions.
STAGES = r"""
import ast, gc, json, statistics, sys, time
import libcst as cst
from lstm_lint import engine
from lstm_lint.binding.interpret import interpret
from lstm_lint.config import Settings
from lstm_lint.formats import summary_text
from lstm_lint.formats.style import Style
from lstm_lint.lint import lint_file
from lstm_lint.rules import run_rules
try:
    from lstm_lint.source.positions import AstIndex
    walk = lambda tree: AstIndex(tree, engine.MAX_NESTING)
    positions = lambda module, index, tree, text: engine.node_positions(module, index, text)
except ImportError:
    walk = engine.nesting_depth
    positions = lambda module, index, tree, text: engine.node_positions(module, tree, text)
try:
    from lstm_lint.source.parts import parse_module_in_parts as parse
except ImportError:
    parse = lambda text, tree: cst.parse_module(text)
import inspect
# The engine that skips code touching no Keras value gives the evaluator the ast tree and the
# statement pairs: the interpretation stage is timed as the engine runs it.
skips = "statement_pairs" in inspect.signature(interpret).parameters
lazy = getattr(engine, "LAZY_PARSING", False)
if lazy:
    from lstm_lint.source.lazy import LazySource
paths, runs = json.loads(sys.argv[1]), int(sys.argv[2])
texts = [open(path, encoding="utf-8").read() for path in paths]
settings = Settings()
clock = time.process_time
stages = ("ast parse", "ast walk", "libcst parse", "positions", "interpretation", "rules", "output", "per file")
samples = {stage: [[] for _ in texts] for stage in stages}
for run in range(runs + 1):  # the first run warms caches and lazy imports up
    for number, text in enumerate(texts):
        times = []
        gc.disable()  # as the engine runs these stages
        start = clock(); tree = ast.parse(text); times.append(clock() - start)
        start = clock(); index = walk(tree); times.append(clock() - start)
        if lazy:
            # The engine parses each part of the file when the evaluation needs it, and pairs its
            # positions then: libcst's parse here is that of the parts it parsed (timed again
            # apart), the rest (positions included) is the interpretation.
            start = clock()
            source = LazySource(text, tree)
            interpret(cst.Module(body=[]), source.positions, None, None, tree, parts=source.parts)
            evaluated = clock() - start
            parsed = [part.text for part in source.parts if part.parsed is not None]
            start = clock(); [cst.parse_module(part) for part in parsed]; parsing = clock() - start
            times += [parsing, 0.0, max(evaluated - parsing, 0.0)]
        else:
            start = clock(); module = parse(text, tree); times.append(clock() - start)
            pairs = {}
            start = clock()
            found = engine.node_positions(module, index, text, pairs) if skips else positions(module, index, tree, text)
            times.append(clock() - start)
            start = clock()
            interpret(module, found, None, None, tree, pairs) if skips else interpret(module, found)
            times.append(clock() - start)
        gc.enable()
        program = engine.analyse_program(text, paths[number], given_tree=tree)
        start = clock(); run_rules(program, settings, None); times.append(clock() - start)
        start = clock(); summary_text.render_file(program.analysis, Style(False, False)); times.append(clock() - start)
        start = clock(); lint_file(text, paths[number], settings, tree=tree); times.append(clock() - start)
        if run:
            for stage, seconds in zip(stages, times):
                samples[stage][number].append(seconds)
print(json.dumps({stage: sum(statistics.median(per_file) for per_file in samples[stage]) / len(texts)
                  for stage in stages}))
"""

IMPORTS = "import lstm_lint.cli, lstm_lint.commands.summary, lstm_lint.engine, lstm_lint.lint, lstm_lint.filework"

TF_PROCESS = r"""
import os, sys, warnings
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
os.environ["KERAS_BACKEND"] = "tensorflow"
import tensorflow as tf
keras = tf.keras  # TensorFlow 2.16 and later: the keras package (Keras 3), which the seed example imports
keras.Model  # tf.keras loads lazily: load it
source = open(sys.argv[1]).read()
namespace = {"__name__": "__main__"}
exec(compile(source, sys.argv[1], "exec"), namespace)
print(sum(v.count_params() for v in namespace.values() if isinstance(v, keras.Model)))
"""

MEMORY = r"""
import resource, sys
from lstm_lint.config import Settings
from lstm_lint.lint import lint_file
text = open(sys.argv[1], encoding="utf-8").read()
result = lint_file(text, sys.argv[1], Settings(max_file_size=len(text)))
assert not any(d.code == "LL900" for d in result.diagnostics), result.diagnostics
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


class Checkout:
    """One checkout of the project, installed as pip would install it."""

    def __init__(self, label: str, root: Path, folder: Path) -> None:
        self.label = label
        self.root = root
        self.python, self.script = installed_environment(folder, root)

    def run(self, arguments: Sequence[str], **kwargs: object) -> "subprocess.CompletedProcess[str]":
        # -P: ``python -c`` would put the current folder first on sys.path, and with it, run from a
        # checkout, that checkout's lstm_lint instead of the installed one.
        return subprocess.run([self.python, "-P", *arguments], check=True, capture_output=True, text=True,
                              **kwargs)  # type: ignore[call-overload]


def wall_median(command: List[str], runs: int, env: Optional[Dict[str, str]] = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def children_cpu(command: List[str], env: Optional[Dict[str, str]] = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(f"{command[:3]} failed ({result.returncode}):\n{result.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def alternate(checkouts: Sequence[Checkout], runs: int, measure: Callable[[Checkout], float]) -> List[float]:
    """Medians per checkout, measured in turn within each repetition."""
    samples: List[List[float]] = [[] for _ in checkouts]
    for _ in range(runs):
        for index, checkout in enumerate(checkouts):
            samples[index].append(measure(checkout))
    return [statistics.median(sample) for sample in samples]


def row(title: str, values: Sequence[float], unit: str, scale: float = 1.0, digits: int = 2) -> None:
    cells = "".join(f"{value * scale:>14.{digits}f} {unit:<3}" for value in values)
    ratio = f"{values[-1] / values[0]:>9.2f}x" if len(values) == 2 and values[0] else ""
    print(f"{title:<44}{cells}{ratio}")


def header(title: str, checkouts: Sequence[Checkout]) -> None:
    print(f"\n{title:<44}" + "".join(f"{checkout.label:>18}" for checkout in checkouts)
          + ("   after/before" if len(checkouts) == 2 else ""))


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def stages(checkouts: Sequence[Checkout], files: List[Path], runs: int, rounds: int,
           title: str) -> List[Dict[str, float]]:
    """Each stage's median over ``rounds`` processes per checkout, the checkouts in turn."""
    header(f"{title}: stages, ms CPU per file", checkouts)
    arguments = ["-c", STAGES, json.dumps([str(p) for p in files]), str(runs)]
    samples: List[List[Dict[str, float]]] = [[] for _ in checkouts]
    for _ in range(rounds):
        for index, checkout in enumerate(checkouts):
            samples[index].append(json.loads(checkout.run(arguments).stdout))
    results = [{stage: statistics.median(sample[stage] for sample in per_round) for stage in per_round[0]}
               for per_round in samples]
    for stage in results[0]:
        row(("= " if stage == "per file" else "  ") + stage, [result[stage] for result in results], "ms", 1000)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--tf-python", default=os.environ.get(TF_VARIABLE),
                        help=f"a Python with TensorFlow installed (default: ${TF_VARIABLE})")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus-files", type=int, default=100, help="generated training scripts for the stages")
    parser.add_argument("--rounds", type=int, default=3, help="processes per checkout for the stages, in turn")
    parser.add_argument("--flake8-files", type=int, default=1000)
    parser.add_argument("--flake8-runs", type=int, default=1)
    parser.add_argument("--models", type=int, default=2000, help="models in the file check and summary read")
    parser.add_argument("--skip", default="", help="comma-separated: stages,process,flake8,growth,memory")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    targets: List[str] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        checkouts = ([Checkout("before", args.baseline.resolve(), work / "before")] if args.baseline else []) + [
            Checkout("after", REPO, work / "after")]
        print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; "
              + ", ".join(f"{c.label}: {c.root}" for c in checkouts))
        corpus = write_project(work / "corpus", args.corpus_files)
        if "stages" not in skip:
            stages(checkouts, [SEED], args.runs * 4, args.rounds, "seed example")
            results = stages(checkouts, corpus, max(1, args.runs // 2), args.rounds, f"corpus of {len(corpus)} scripts")
            if len(results) == 2:
                ratio = results[1]["per file"] / results[0]["per file"]
                targets.append(f"per-file cost of the corpus {ratio:.2f}x the baseline's (target <= "
                               f"{PER_FILE_TARGET}): {verdict(ratio <= PER_FILE_TARGET)}")
        if "process" not in skip:
            header("whole processes, ms wall-clock", checkouts)
            start = alternate(checkouts, args.runs * 2, lambda c: wall_median([c.python, "-P", "-c", "pass"], 1))
            row("  Python's start", start, "ms", 1000, 1)
            imports = alternate(checkouts, args.runs * 2, lambda c: wall_median([c.python, "-P", "-c", IMPORTS], 1))
            row("  + imports for an uncached summary", [i - s for i, s in zip(imports, start)], "ms", 1000, 1)
            command = ["summary", "--no-cache", str(SEED)]
            summary = alternate(checkouts, args.runs * 2, lambda c: wall_median([c.script, *command], 1))
            row("= summary --no-cache on the seed example", summary, "ms", 1000, 1)
            if args.tf_python and Path(args.tf_python).exists():
                quiet = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
                version = subprocess.run([args.tf_python, "-c", "import tensorflow as tf; print(tf.__version__)"],
                                         capture_output=True, text=True, env=quiet).stdout.strip()
                tf_seconds = wall_median([args.tf_python, "-c", TF_PROCESS, str(SEED)], args.runs)
                print(f"{'  tf.keras ' + version + ' process building them':<44}{tf_seconds * 1000:>14.1f} ms")
                for checkout, seconds in zip(checkouts, summary):
                    print(f"{'  tf.keras / ' + checkout.label:<44}{tf_seconds / seconds:>14.1f} x")
                targets.append(f"summary --no-cache {tf_seconds / summary[-1]:.1f}x faster than tf.keras (target >= "
                               f"{TF_TARGET:g}x): {verdict(tf_seconds / summary[-1] >= TF_TARGET)}")
            else:
                print(f"  (tf.keras column skipped: give --tf-python or ${TF_VARIABLE})")
        if "flake8" not in skip:
            project = write_project(work / "project", args.flake8_files)
            header(f"flake8 on {len(project)} Keras scripts, s CPU", checkouts)
            common = ["--isolated", "-j", "1", "--exit-zero", str(work / "project")]
            without = alternate(checkouts[-1:], args.flake8_runs,
                                lambda c: children_cpu([c.python, "-P", "-c", RUNNER, "lstm-lint", *common]))[0]
            with_plugin = alternate(checkouts, args.flake8_runs,
                                    lambda c: children_cpu([c.python, "-P", "-c", RUNNER, "", *common]))
            row("  flake8 without the plugin", [without] * len(checkouts), "s")
            row("  flake8 with the plugin", with_plugin, "s")
            shares = [(seconds - without) / without for seconds in with_plugin]
            row("= the plugin's share of flake8's own time", shares, "")
            targets.append(f"flake8 plugin share {shares[-1]:.2f} (target <= {FLAKE8_TARGET}): "
                           f"{verdict(shares[-1] <= FLAKE8_TARGET)}")
        if "growth" not in skip:
            big = work / "models.py"
            big.write_text(models_file(args.models), encoding="utf-8")
            header(f"one file of {args.models:,} models, s CPU of the process", checkouts)
            results = {}
            for name in ("summary", "check"):
                results[name] = alternate(checkouts, 1, lambda c: children_cpu(
                    [c.script, name, "--no-cache", "--max-file-size", "100000000", str(big)]))
                row(f"  {name}", results[name], "s")
            row("= check / summary", [c / s for c, s in zip(results["check"], results["summary"])], "")
        if "memory" not in skip:
            low, high = 1, 10_000  # the most models whose file stays within the size limit
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if len(models_file(middle)) <= MEMORY_CHARS else (low, middle - 1)
            count = low
            text = models_file(count)
            huge = work / "huge.py"
            huge.write_text(text, encoding="utf-8")
            header(f"a file of {len(text):,} characters, peak MB", checkouts)
            peaks = [int(checkout.run(["-c", MEMORY, str(huge)]).stdout) / 1e6 for checkout in checkouts]
            row("  peak resident memory of the process", peaks, "MB", 1, 0)
            targets.append(f"peak memory at {len(text):,} characters {peaks[-1]:.0f} MB (target <= "
                           f"{MEMORY_TARGET_MB} MB): {verdict(peaks[-1] <= MEMORY_TARGET_MB)}")
    print("\n" + "\n".join(targets))


if __name__ == "__main__":
    main()
