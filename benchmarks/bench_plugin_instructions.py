"""Instructions the flake8 plugin executes per file, this checkout against a baseline checkout.

CPU time on a shared machine moves with the load; the instructions a run executes do not. Each
checkout's plugin (``LstmLintChecker``, given Python's tree as flake8 gives it) runs over the first
``--files`` generated training scripts (``corpus.project_file``) in one process, under
``valgrind --tool=callgrind``, counting only the measured loop (it runs inside ``eval``, which
nothing before it calls: ``--toggle-collect``); the first file is analysed before, so imports are
not counted. Needs valgrind. Prints millions of instructions per file and the ratio.

    python benchmarks/bench_plugin_instructions.py [--baseline ../lstm-lint-main] [--files 40]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_project  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

MEASURED = r"""
import ast, sys
from lstm_lint.plugin import LstmLintChecker
paths = sys.argv[1:]
texts = [open(path, encoding="utf-8").read() for path in paths]
trees = [ast.parse(text) for text in texts]
lines = [text.splitlines(True) for text in texts]
list(LstmLintChecker(trees[0], paths[0], lines[0]).run())  # imports and per-type caches


def run():
    for path, tree, file_lines in zip(paths, trees, lines):
        list(LstmLintChecker(tree, path, file_lines).run())


eval("run()")
"""


def instructions(checkout: Path, files: List[Path], folder: Path) -> int:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    result = subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=builtin_eval*",
                             f"--callgrind-out-file={folder / 'callgrind.out'}",
                             sys.executable, "-c", MEASURED, *map(str, files)],
                            capture_output=True, text=True, env=environment, cwd=folder, check=True)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"no count from callgrind:\n{result.stderr}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--files", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = write_project(Path(folder) / "project", args.files)
        roots = ([("before", args.baseline.resolve())] if args.baseline else []) + [("after", REPO)]
        counts = [instructions(root, files, Path(folder)) / len(files) / 1e6 for _, root in roots]
    for (label, root), count in zip(roots, counts):
        print(f"{label:<7} {count:8.2f} M instructions per file  ({root})")
    if len(counts) == 2:
        print(f"after / before: {counts[1] / counts[0]:.3f}")


if __name__ == "__main__":
    main()
