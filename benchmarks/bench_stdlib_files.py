"""The slowest files of the standard library to analyse, this checkout against a baseline checkout.

Every ``.py`` file of the running interpreter's standard library goes through ``lint_file`` with the
prefilter bypassed, as ``tests/robustness/test_corpora.py`` runs it in CI (LSTM_LINT_FULL_CORPUS=1):
CPU time per file, measured in one process per checkout (``--baseline``: another checkout, e.g. a
worktree of the commit to compare with; its ``lstm_lint`` is imported from there). Prints the total,
the ``--worst`` slowest files of each checkout with both times, and whether any file's diagnostics
differ between the two. Target: no single file costs seconds.

    python benchmarks/bench_stdlib_files.py [--baseline ../lstm-lint-main] [--worst 10]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[1]

# Runs with the checkout's lstm_lint first on sys.path: {file: [CPU seconds, [codes]]} as JSON.
MEASURE = r"""
import json, os, sys, sysconfig, time, warnings
warnings.filterwarnings("ignore")
from lstm_lint import engine
from lstm_lint.config import Settings
from lstm_lint.files import read_source
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR
engine.may_mention_keras = lambda text: True  # analyse every file, as the corpus test does
codes = sorted({rule.code for rule in ALL_RULES} | {INTERNAL_ERROR})
stdlib = sysconfig.get_paths()["stdlib"]
found = {}
for root, dirs, names in os.walk(stdlib):
    dirs[:] = sorted(name for name in dirs if name not in ("site-packages", "dist-packages", "__pycache__"))
    for name in sorted(names):
        if not name.endswith(".py"):
            continue
        path = os.path.join(root, name)
        source = read_source(path)
        if source.text is None:
            continue
        start = time.process_time()
        result = lint_file(source.text, path, Settings(), codes)
        found[os.path.relpath(path, stdlib)] = [time.process_time() - start, [d.code for d in result.diagnostics]]
json.dump(found, open(sys.argv[1], "w"))
"""

Times = Dict[str, Tuple[float, List[str]]]


def measure(checkout: Path, folder: Path) -> Times:
    output = folder / f"{abs(hash(str(checkout)))}.json"
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-c", MEASURE, str(output)], check=True, env=environment, cwd=folder)
    return {path: (seconds, codes) for path, (seconds, codes) in json.loads(output.read_text()).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        labels = (["before"] if args.baseline else []) + ["after"]
        roots = ([args.baseline.resolve()] if args.baseline else []) + [REPO]
        results = [measure(root, Path(folder)) for root in roots]
    print(f"Python {sys.version.split()[0]}; " + ", ".join(f"{label}: {root}" for label, root in zip(labels, roots)))
    print("total CPU: " + ", ".join(f"{label} {sum(t for t, _ in result.values()):.1f} s over {len(result)} files"
                                    for label, result in zip(labels, results)))
    for label, result in zip(labels, results):
        print(f"\nslowest {args.worst} files {label}:" + "".join(f"{other:>10}" for other in labels))
        for path in sorted(result, key=lambda name: -result[name][0])[:args.worst]:
            cells = "".join(f"{other_result[path][0]:>9.2f}s" if path in other_result else f"{'-':>10}"
                            for other_result in results)
            print(f"  {path:<52}{cells}")
    if len(results) == 2:
        changed = [path for path in results[1] if path in results[0] and results[0][path][1] != results[1][path][1]]
        print(f"\nfiles whose diagnostics differ: {len(changed)}" + "".join(f"\n  {path}" for path in changed[:20]))


if __name__ == "__main__":
    main()
