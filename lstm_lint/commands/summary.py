"""``lstm-lint summary PATH...``: what model.summary() would print, for every model in the files."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, Sequence

from lstm_lint import parallel
from lstm_lint.analysis import FileAnalysis
from lstm_lint.commands import FileErrors
from lstm_lint.filework import summarise_file
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
    parallel.add_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    analyses: List[FileAnalysis] = []
    errors = FileErrors()
    for source, analysis in parallel.run_per_file(args.paths, summarise_file, parallel.job_count(args.jobs),
                                                  parallel.cache_for(args, "summary")):
        if analysis is None:
            errors.unreadable(source)
            continue
        if analysis.parse_failure is not None:
            errors.parse_failure(source.path, analysis.parse_failure)
            continue
        analyses.append(analysis)
    sys.stdout.write(FORMATS[args.format](analyses))
    return 2 if errors.count else 0
