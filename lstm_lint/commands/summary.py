"""``lstm-lint summary PATH...``: what model.summary() would print, for every model in the files."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Dict, List, Sequence

from lstm_lint.analysis import FileAnalysis
from lstm_lint.commands import FileErrors
from lstm_lint.formats import summary_json, summary_markdown, summary_text
from lstm_lint.formats.style import COLOR_CHOICES, Style, use_color
from lstm_lint.lint import analyse_guarded
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
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the text format: auto (when stdout is a terminal and NO_COLOR is "
                             "not set), always or never")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    analyses: List[FileAnalysis] = []
    errors = FileErrors()
    sources = list(errors.readable(args.paths))
    errors.progress = Progress.for_files(len(sources), wanted=args.format in TEXT_FORMATS)
    for source in errors.progress.over(sources, lambda source: source.path):
        assert source.text is not None
        program = analyse_guarded(source.text, source.path)
        if program.analysis.parse_failure is not None:
            errors.parse_failure(source.path, program.analysis.parse_failure)
            continue
        if program.internal_errors:
            first = program.internal_errors[0]
            errors.internal_error(source.path, first.line, first.message)
        if not program.aborted:  # what was analysed is still shown (with ? where it is unknown)
            analyses.append(program.analysis)
    color = args.format in TEXT_FORMATS and use_color(args.color, sys.stdout)
    sys.stdout.write(FORMATS[args.format](analyses, Style(color)))
    return 2 if errors.count else 0
