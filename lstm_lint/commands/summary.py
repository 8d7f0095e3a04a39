"""``lstm-lint summary PATH...``: what model.summary() would print, for every model in the files."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, Sequence

from lstm_lint.analysis import FileAnalysis
from lstm_lint.engine import analyse_source
from lstm_lint.commands import FileErrors
from lstm_lint.formats import summary_json, summary_text

FORMATS: Dict[str, Callable[[Sequence[FileAnalysis]], str]] = {
    "text": summary_text.render,
    "json": summary_json.render,
}


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "summary", help="print each model's layers, output shapes and parameter counts",
        description="Print, for every Keras model in the files, what model.summary() would print, "
                    "without importing Keras or running the files.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Python files or directories")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    analyses: List[FileAnalysis] = []
    errors = FileErrors()
    for source in errors.readable(args.paths):
        assert source.text is not None
        analysis = analyse_source(source.text, source.path)
        if analysis.parse_failure is not None:
            errors.parse_failure(source.path, analysis.parse_failure)
            continue
        analyses.append(analysis)
    sys.stdout.write(FORMATS[args.format](analyses))
    return 2 if errors.count else 0
