"""What each step of reading a file costs, to back the engine's design choices with numbers.

On Keras's own layer sources and the benchmark corpus, prints the median time per file of:
``ast.parse`` (flake8 already pays it), ``libcst.parse_module``, libcst's PositionProvider and
QualifiedNameProvider (what we avoid), our ast-paired positions and the interpreter itself.

    python benchmarks/bench_parse_costs.py [--files 40]
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import models_file  # noqa: E402

from lstm_lint.binding.interpret import interpret  # noqa: E402
from lstm_lint.source.positions import positions_from_ast  # noqa: E402


def keras_sources(limit: int) -> List[str]:
    spec = importlib.util.find_spec("keras")  # only to find its source files; nothing is imported
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent / "src" / "layers"
    return [path.read_text(encoding="utf-8") for path in sorted(root.glob("**/*.py"))[:limit]]


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=40)
    args = parser.parse_args()
    texts = keras_sources(args.files) + [models_file(20), models_file(100)]
    costs: Dict[str, List[float]] = {name: [] for name in (
        "ast.parse", "libcst parse", "PositionProvider", "QualifiedNameProvider", "ast-paired positions",
        "interpreter")}
    for text in texts:
        tree = ast.parse(text)
        costs["ast.parse"].append(timed(lambda: ast.parse(text)))
        costs["libcst parse"].append(timed(lambda: cst.parse_module(text)))
        module = cst.parse_module(text)
        costs["PositionProvider"].append(timed(
            lambda: MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)))
        costs["QualifiedNameProvider"].append(timed(
            lambda: MetadataWrapper(module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)))
        lines = text.splitlines()
        costs["ast-paired positions"].append(timed(lambda: positions_from_ast(module, tree, lines)))
        positions = positions_from_ast(module, tree, lines) or {}
        costs["interpreter"].append(timed(lambda: interpret(module, positions)))
    base = statistics.median(costs["libcst parse"])
    print(f"{len(texts)} files; median milliseconds per file, and relative to the libcst parse\n")
    for name, values in costs.items():
        median = statistics.median(values)
        print(f"{name:<24} {1000 * median:>9.2f} ms {median / base:>8.2f}x")


if __name__ == "__main__":
    main()
