"""``lstm-lint summary [PATH...]``: what model.summary() would print, for every model in the files."""
from __future__ import annotations

import argparse
import sys
from functools import partial
from importlib import import_module
from typing import Any, Dict, List, Set

from lstm_lint import parallel
from lstm_lint.commands import (
    NO_FILES, FileErrors, add_max_file_size_argument, add_path_arguments, command_paths, file_selection,
)
from lstm_lint.commands.assume import add_assume_argument, unmatched
from lstm_lint.config_files import ConfigFiles
from lstm_lint.filework import render_summary_with
from lstm_lint.formats.style import add_color_argument, can_encode, use_color
from lstm_lint.progress import Progress

# Format name -> the module under lstm_lint/formats that renders it (render_file, join).
FORMATS: Dict[str, str] = {"text": "summary_text", "json": "summary_json", "markdown": "summary_markdown"}
TEXT_FORMATS = ("text",)  # for a person: the only ones with colour and a progress bar
NAMES = ("summary",)  # the subcommands register() adds


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "summary", help="print each model's layers, output shapes and parameter counts",
        description="Print, for every Keras model in the files, what model.summary() would print, "
                    "without importing Keras or running the files. Exit 0, or 2 on a usage or config "
                    "error or a file that cannot be read, parsed or analysed (reported on stderr; the "
                    "others are still summarised). When no model is found, the text format says so on "
                    "stderr (no Keras models found in N files).")
    add_path_arguments(parser)
    parser.add_argument("--format", choices=list(FORMATS), default="text",
                        help="output format: text (as model.summary() prints; in ASCII where stdout cannot "
                             "write box drawing), json (with an errors list of the files that could not be "
                             "summarised), or markdown (GitHub-flavoured tables, to paste in a comment)")
    parser.add_argument("--explain", action="store_true",
                        help="text format: under each footnote on a ?, the chain of values the unknown came "
                             "through and the rows it reaches")
    add_assume_argument(parser)
    parser.add_argument("--target-keras", metavar="{2,3}",
                        help="Keras version the code targets (default 3; also the target-keras setting): 2 "
                             "reads it as tf.keras 2 built it")
    add_color_argument(parser)
    add_max_file_size_argument(parser)
    parallel.add_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths = command_paths(args)
    if paths is None:
        return 2
    command_line = {"max-file-size": args.max_file_size, "assume": args.assume, "target-keras": args.target_keras}
    assumed_here: Dict[str, Any] = {}
    # Checked at once; a cached run without them loads no configuration.
    if args.max_file_size is not None or args.assume or args.target_keras is not None:
        from lstm_lint.config import ConfigError, Settings

        try:
            assumed_here = dict(Settings().merged(command_line, "the command line").assume)
        except ConfigError as error:
            print(f"lstm-lint: {error}", file=sys.stderr)
            return 2
    blocks: List[str] = []
    errors = FileErrors()
    color = args.format in TEXT_FORMATS and use_color(args.color, sys.stdout)
    ascii_only = args.format in TEXT_FORMATS and not can_encode(sys.stdout)  # ASCII boxes, not escaped ones
    module = FORMATS[args.format]
    # The files' rendered blocks are what is cached, so the format, colour and box drawing are part of
    # the key, and the configuration files around each file (its max-file-size) are its entry's variant.
    config_files = ConfigFiles()
    cache = parallel.cache_for(args, f"summary {module} color={color} ascii={ascii_only} "
                                     f"max-file-size={args.max_file_size}"
                                     + (" explain" if args.explain else "")
                                     + (f" assume={args.assume!r}" if args.assume else "")
                                     + (f" target-keras={args.target_keras}" if args.target_keras else ""))
    files = parallel.FileBatch(paths, cache, errors.unreadable, file_selection(args), args.stdin_filename,
                               config_files.key)
    max_chars: Dict[str, int] = {}
    assumptions: Dict[str, Dict[str, Any]] = {}
    targets: Dict[str, int] = {}
    to_analyse = files.to_analyse()
    if to_analyse:
        from lstm_lint.config import ConfigError, ProjectSettings

        project = ProjectSettings(config_files, command_line)
        try:
            max_chars = {path: project.settings(path).max_file_size for path in to_analyse}
            assumptions = {path: dict(project.settings(path).assume) for path in to_analyse}
            targets = {path: project.settings(path).target_keras for path in to_analyse}
        except ConfigError as error:
            print(f"lstm-lint: {error}", file=sys.stderr)
            return 2
    errors.progress = Progress.for_files(len(files), wanted=args.format in TEXT_FORMATS)
    work = partial(render_summary_with, max_chars, module, color, ascii_only, explain=args.explain,
                   assumptions=assumptions, targets=targets)
    matched: Set[str] = set()
    results = files.results(work, parallel.job_count(args.jobs))
    for path, rendered in errors.progress.over(results, lambda item: item[0]):
        if rendered.parse_failure is not None:
            errors.parse_failure(path, rendered.parse_failure)
            continue
        if rendered.internal_error is not None:
            errors.internal_error(path, *rendered.internal_error)
        blocks.extend(rendered.blocks)  # what was analysed is still shown (with ? where it is unknown)
        matched.update(rendered.assumptions_matched)
    sys.stdout.write(import_module(f"lstm_lint.formats.{module}").join(blocks, errors.failures))
    # The command line's only: a configuration file's are the project's (see check.py).
    unmatched_error = unmatched([assumed_here], matched)
    if unmatched_error is not None:
        print(unmatched_error, file=sys.stderr)
        return 2
    if errors.count:
        return 2
    if not files:
        print(NO_FILES, file=sys.stderr)
    elif args.format in TEXT_FORMATS and not blocks:
        # Said for a person, on stderr: an empty output alone looks like a failure. The machine
        # formats' documents already say it (no models). After an error, the error says more.
        print(f"no Keras models found in {len(files):,} file{'' if len(files) == 1 else 's'}", file=sys.stderr)
    return 0
