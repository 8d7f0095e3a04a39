"""``lstm-lint diff BASE [HEAD]``: how the models' parameter counts changed between two git
revisions (HEAD omitted: the working tree), for reviewers and review bots.

git -> the changed Python files' contents -> analyses -> model changes -> an output format.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Collection, Dict, List, Optional, Sequence, Set

from lstm_lint.commands import FileErrors, add_max_file_size_argument
from lstm_lint.commands.assume import add_assume_argument, unmatched

if TYPE_CHECKING:  # loaded by run(): every other command starts faster without git and the diff
    from lstm_lint.analysis import FileAnalysis
    from lstm_lint.git import FileVersion, Repository
    from lstm_lint.model_diff import DiffReport

# Format name -> the module under lstm_lint/formats that renders it.
FORMATS: Dict[str, str] = {"text": "diff_text", "json": "diff_json", "markdown": "diff_markdown"}


def percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"not a percentage >= 0: {text!r}")
    return value


NAMES = ("diff",)  # the subcommands register() adds


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "diff", help="report models whose parameter counts changed between two git revisions",
        description="Report every model whose total or trainable parameter count changed, appeared or "
                    "disappeared between two git revisions, with the layers that caused it; a model whose "
                    "size is unknown in both is reported too, as changed or as one that may have changed. "
                    "The Python files are read from git (no checkout). Exit 0, or 1 with --fail-over when "
                    "a model grew by more than that percentage or its growth cannot be known, or 2 on a "
                    "git error or a file that cannot be parsed (reported on stderr; the other files are "
                    "still compared).")
    parser.add_argument("base", metavar="BASE", help="the revision to compare from (a commit, branch, tag, ...)")
    parser.add_argument("head", metavar="HEAD", nargs="?",
                        help="the revision to compare to (default: the working tree, untracked files included)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format")
    parser.add_argument("--fail-over", metavar="PERCENT", type=percent,
                        help="exit 1 when the total parameter count of a model that exists in both revisions "
                             "grew by more than PERCENT percent, or when it may have and its count is unknown "
                             "in either revision (it cannot be shown to be within the limit); each such model "
                             "is named on stderr. A model that had 0 parameters always counts; added models "
                             "do not")
    add_max_file_size_argument(parser)
    add_assume_argument(parser)
    parser.add_argument("--target-keras", metavar="{2,3}",
                        help="Keras version the code targets (default 3; also the target-keras setting of "
                             "each file's configuration in the working tree): 2 reads it as tf.keras 2 built it")
    parser.set_defaults(run=run)


def _analyse(repository: Repository, version: Optional[FileVersion], revision: Optional[str],
             blobs: Dict[str, bytes], errors: FileErrors, max_chars: int,
             assumptions: Optional[Dict[str, Any]] = None, target_keras: int = 3) -> Optional[FileAnalysis]:
    """The analysis of one side of a changed file; None when there is no such side or it cannot be
    read or parsed (then reported). ``target_keras``: the target-keras setting for its path."""
    from lstm_lint.files import decode_source
    from lstm_lint.filework import summarise_file  # libcst loads only when a file changed

    if version is None:
        return None
    label = f"{revision}:{version.path}" if revision is not None else version.path
    try:
        data = repository.read(version, blobs)
    except OSError as error:
        errors.unreadable(label, error.strerror or str(error))
        return None
    source = decode_source(version.path, data)
    if source.text is None:
        errors.unreadable(label, source.error or "cannot decode")
        return None
    # The same guarded work as `lstm-lint summary`: an internal error is reported, never a traceback.
    # The project's modules the file imports are not read: a revision's are not what the disk
    # holds, and reading them from the revision is left for later; their names are unknown.
    result = summarise_file(source, max_chars, assumptions, target_keras, read_project=False)
    if result.parse_failure is not None:
        errors.parse_failure(label, result.parse_failure)
        return None
    if result.internal_error is not None:
        # What was analysed may lack models that are there: left out, as an unparsable file is.
        errors.internal_error(label, *result.internal_error)
        return None
    return result.analysis


def run(args: argparse.Namespace) -> int:
    from lstm_lint.config import ConfigError, ProjectSettings, Settings
    from lstm_lint.config_files import ConfigFiles
    from lstm_lint.git import GitError, Repository
    from lstm_lint.model_diff import DiffReport, FilePair, diff_files

    try:
        settings = Settings().merged({"max-file-size": args.max_file_size, "assume": args.assume,
                                      "target-keras": args.target_keras}, "the command line")
        max_chars, assumptions = settings.max_file_size, dict(settings.assume)
    except ConfigError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    try:
        repository = Repository(os.getcwd())
        base = repository.commit(args.base)
        head = repository.commit(args.head) if args.head is not None else None
        changed = repository.changed_python_files(base, head)
        blobs = repository.read_blobs([version.blob for change in changed for version in (change.old, change.new)
                                       if version is not None and version.blob is not None])
    except GitError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    errors = FileErrors()
    # Both sides of a file are read under the Keras its configuration targets, as summary and check
    # read it: the configuration files of the working tree, from the file's directory upwards (a
    # revision's own are not read, as its imported modules are not), with --target-keras on top.
    project = ProjectSettings(ConfigFiles(), {"target-keras": args.target_keras})
    pairs: List[FilePair] = []
    matched: Set[str] = set()
    for change in changed:
        try:
            targets = [3 if version is None else
                       project.settings(os.path.join(repository.top, version.path)).target_keras
                       for version in (change.old, change.new)]
        except ConfigError as error:
            print(f"lstm-lint: {error}", file=sys.stderr)
            return 2
        old = _analyse(repository, change.old, args.base, blobs, errors, max_chars, assumptions, targets[0])
        new = _analyse(repository, change.new, args.head, blobs, errors, max_chars, assumptions, targets[1])
        matched.update(name for side in (old, new) if side is not None for name in side.assumptions_matched)
        if (old is None) != (change.old is None) or (new is None) != (change.new is None):
            continue  # a side could not be read: its models would look added or removed
        pairs.append(FilePair(old, new))
    report = DiffReport(args.base, args.head, diff_files(pairs))
    render: Callable[[DiffReport], str] = import_module(f"lstm_lint.formats.{FORMATS[args.format]}").render
    sys.stdout.write(render(report))
    try:
        unmatched_error = unmatched([assumptions], matched | named_elsewhere(repository, assumptions, matched,
                                                                             (base, head)))
    except GitError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    if unmatched_error is not None:
        print(unmatched_error, file=sys.stderr)
        return 2
    if errors.count:
        return 2
    if args.fail_over is not None and fail_over(report, args.fail_over):
        return 1
    return 0


def named_elsewhere(repository: Repository, assumptions: Dict[str, Any], matched: Collection[str],
                    revisions: Sequence[Optional[str]]) -> Set[str]:
    """The assumed names no changed file binds that may still be bound in a file that did not
    change, which ``diff`` does not analyse: those each of whose parts (``build_model``, ``units``)
    is a word of some Python file of either revision. Only a name none of them spells can be said
    to match nothing (a misspelt one, typically) without reading every file."""
    names = [name for name in assumptions if name not in matched]
    parts = {part for name in names for part in _words(name)}
    found: Set[str] = set()
    for revision in revisions:
        if parts - found:
            found |= repository.words_in_python_files(sorted(parts - found), revision)
    return {name for name in names if all(part in found for part in _words(name))}


def _words(name: str) -> List[str]:
    """The identifiers a name is spelt with (``len(X.shape)[1]``: len, X, shape); ``len`` counts
    only as a built-in, not as a word the files must have."""
    return [word for word in re.findall(r"[A-Za-z_]\w*", name) if word != "len"]


def fail_over(report: DiffReport, limit: float) -> bool:
    """Whether ``--fail-over limit`` fails, each model that makes it fail named on stderr: one that
    grew by more than ``limit`` percent, or one whose growth cannot be known."""
    from lstm_lint.formats.summary_text import format_count
    from lstm_lint.model_diff import OVER, UNCHECKED

    failed = False
    for model in report.models:
        verdict = model.fail_over(limit)
        if verdict is None:
            continue
        failed = True
        where = f"model {model.name!r} ({model.path}:{model.line})"
        total = model.total_params
        if verdict == OVER:
            percent, new = total.percent, total.new
            assert isinstance(new, int)
            growth = f"by {percent:.1f}%" if percent is not None else f"from 0 to {format_count(new)} parameters"
            print(f"lstm-lint: --fail-over {limit:g}%: {where} grew {growth}", file=sys.stderr)
        else:
            assert verdict == UNCHECKED
            unknown_in = [label for label, count in ((report.base, total.old), (report.head_label, total.new))
                          if not isinstance(count, int)]
            print(f"lstm-lint: --fail-over {limit:g}%: cannot check {where}: its parameter count is unknown "
                  f"in {' and in '.join(unknown_in)}", file=sys.stderr)
    return failed
