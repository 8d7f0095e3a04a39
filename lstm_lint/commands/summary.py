"""``lstm-lint summary PATH...``: what model.summary() would print, for every model in the files."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, Sequence

from lstm_lint import parallel
from lstm_lint.analysis import FileAnalysis
from lstm_lint.commands import FileErrors
from lstm_lint.filework import summarise_file
from lstm_lint.formats import summary_json, summary_markdown, summary_text
from lstm_lint.formats.style import Style, add_color_argument, use_color
from lstm_lint.progress import Progress

FORMATS: Dict[str, Callable[[Sequence[FileAnalysis], Style], str]] = {
    "text": summary_text.render,
    "json": summary_json.render,
    "markdown": summary_markdown.render,
}
TEXT_FORMATS = ("text",)  # for a person: the only ones with colour and a progress bar


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "summary", help="print each model's layers, output shapes and parameter counts",
        description="Print, for every Keras model in the files, what model.summary() would print, "
                    "without importing Keras or running the files.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Python files or directories")
    parser.add_argument("--format", choices=list(FORMATS), default="text",
                        help="output format: text (as model.summary() prints), json, or markdown "
                             "(GitHub-flavoured tables, to paste in a comment)")
    add_color_argument(parser)
    parallel.add_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    analyses: List[FileAnalysis] = []
    errors = FileErrors()
    sources = list(errors.readable(args.paths))
    errors.progress = Progress.for_files(len(sources), wanted=args.format in TEXT_FORMATS)
    summarised = parallel.run_per_file(sources, summarise_file, parallel.job_count(args.jobs),
                                       parallel.cache_for(args, "summary"))
    for source, result in errors.progress.over(summarised, lambda item: item[0].path):
        if result.parse_failure is not None:
            errors.parse_failure(source.path, result.parse_failure)
            continue
        if result.internal_error is not None:
            errors.internal_error(source.path, *result.internal_error)
        if result.analysis is not None:  # what was analysed is still shown (with ? where it is unknown)
            analyses.append(result.analysis)
    color = args.format in TEXT_FORMATS and use_color(args.color, sys.stdout)
    sys.stdout.write(FORMATS[args.format](analyses, Style(color)))
    return 2 if errors.count else 0
