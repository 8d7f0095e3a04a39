"""What reading the project's own modules costs the analysis, side by side in one run.

Two cases, each analysed in this process with the project's modules read and not, alternating
within each repetition (medians of CPU time):
  - ``none``: generated training scripts (``corpus.project_file``) on disk, whose imports are all
    of the standard library or installed packages. Target: reading costs nothing measurable
    (ratio <= 1.05): such an import is settled by a set look-up or two stats beside the file.
  - ``config``: the same scripts, each also importing ``config.py`` beside it (``UNITS`` and a
    builder function): what reading one small module costs per importing file. The module's parse
    is kept across files (engine.parse_imported), as in a flake8 run over a project.

    python benchmarks/bench_project_imports.py [--files 200] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import project_file  # noqa: E402

from lstm_lint.engine import analyse_program  # noqa: E402

CONFIG = '''import keras

UNITS = 32


def head(classes=3):
    return keras.layers.Dense(classes, activation="softmax")
'''
IMPORT = "from config import UNITS, head\n"
EXTRA = "\nextra = keras.Sequential([keras.Input((4,)), keras.layers.Dense(UNITS), head()])\n"


def write(folder: Path, count: int, with_config: bool) -> List[Tuple[str, str]]:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text("")
    if with_config:
        (folder / "config.py").write_text(CONFIG)
    files = []
    for index in range(count):
        text = project_file(index)
        if with_config:
            text = IMPORT + text + EXTRA
        path = folder / f"train_{index:03d}.py"
        path.write_text(text)
        files.append((str(path), text))
    return files


def cpu_seconds(files: List[Tuple[str, str]], read_project: bool) -> float:
    start = time.process_time()
    for path, text in files:
        analyse_program(text, path, read_project=read_project)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        cases = {"none": write(Path(temporary) / "none", args.files, False),
                 "config": write(Path(temporary) / "config", args.files, True)}
        for name, files in cases.items():
            cpu_seconds(files, True)  # warm: imports, caches of the interpreter
            times: Dict[bool, List[float]] = {False: [], True: []}
            for _ in range(args.runs):
                for read_project in (False, True):
                    times[read_project].append(cpu_seconds(files, read_project))
            without, with_ = statistics.median(times[False]), statistics.median(times[True])
            print(f"{name:>6}: {args.files} files, not read {without:.3f} s, read {with_:.3f} s CPU "
                  f"(medians of {args.runs}): {with_ / without:.3f}x")


if __name__ == "__main__":
    main()
