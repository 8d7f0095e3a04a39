"""``lstm-lint check [PATH...]``: the flake8 diagnostics, for projects that do not run flake8."""
from __future__ import annotations

import argparse
import sys
from functools import partial
from importlib import import_module
from typing import (
    TYPE_CHECKING, Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple, Union,
)

from lstm_lint import parallel
from lstm_lint.commands import fixing
from lstm_lint.commands import (
    NO_FILES, FileErrors, add_max_file_size_argument, add_path_arguments, command_paths, file_selection,
)
from lstm_lint.commands.assume import add_assume_argument, unmatched
from lstm_lint.formats.style import Style, add_color_argument, use_color
from lstm_lint.progress import Progress

if TYPE_CHECKING:  # loaded by run(): the command line is parsed before any command runs
    from lstm_lint.config import ProjectSettings, Settings
    from lstm_lint.files import SourceFile
    from lstm_lint.filework import CheckedFile

# Format name -> the module under lstm_lint/formats that renders it, imported only when used:
# the machine formats load every rule (docs, levels), which a cached text run has no use for.
FORMATS: Dict[str, str] = {
    "text": "diagnostics_text",
    "json": "diagnostics_json",
    "sarif": "diagnostics_sarif",
    "github": "diagnostics_github",
}
TEXT_FORMATS = ("text",)  # for a person: the only ones with colour and a progress bar
SELECTION_OPTIONS = ("select", "extend-select", "ignore", "extend-ignore")
NAMES = ("check",)  # the subcommands register() adds


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "check", help="report diagnostics (the same as flake8 --select LL)",
        description="Report lstm-lint's diagnostics as flake8 does: path:line:col: CODE message. "
                    "Exit 1 when anything is reported, 0 when clean (or with --exit-zero), 2 on a usage or "
                    "config error or a file that cannot be read or parsed. Settings come from the command "
                    "line, then the [flake8] section of setup.cfg/tox.ini/.flake8, then [tool.lstm-lint] in "
                    "pyproject.toml, found for each file from its directory upwards: the nearest directory "
                    "with lstm-lint settings in one of them wins.")
    add_path_arguments(parser)
    parser.add_argument("--select", metavar="CODES",
                        help="comma-separated codes or prefixes to report, replacing the default "
                             "(every rule that is on by default); LL selects every rule")
    parser.add_argument("--extend-select", metavar="CODES",
                        help="codes or prefixes to report as well (the rules that are off by default)")
    parser.add_argument("--ignore", metavar="CODES", help="codes or prefixes not to report")
    parser.add_argument("--extend-ignore", metavar="CODES", help="the same as --ignore")
    parser.add_argument("--format", choices=list(FORMATS), default="text",
                        help="output format: text (flake8's), json (ruff's shape), sarif (2.1.0, for "
                             "GitHub code scanning) or github (workflow command annotations)")
    parser.add_argument("--statistics", action="store_true",
                        help="print how many times each code was reported instead of the diagnostics, as ruff "
                             "does: COUNT, CODE and the rule's name, most frequent first (a JSON list with "
                             "--format json)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when diagnostics are reported or a file cannot be read or parsed (as "
                             "flake8 and ruff do); a usage or configuration error still exits 2")
    add_color_argument(parser)
    parser.add_argument("--max-model-params", metavar="N", help="report models with more parameters (LL201)")
    parser.add_argument("--max-layer-params", metavar="N", help="report layers with more parameters (LL202)")
    parser.add_argument("--max-unroll-steps", metavar="N", help="longest sequence worth unroll=True (LL304)")
    parser.add_argument("--target-keras", metavar="{2,3}", help="Keras version the code targets (default 3)")
    add_max_file_size_argument(parser)
    fixing.add_arguments(parser)
    add_assume_argument(parser)
    parallel.add_arguments(parser)
    parser.set_defaults(run=run)


def _matching(prefixes: Sequence[str]) -> Set[str]:
    # The rules are imported when needed, not with the command line: `lstm-lint summary` has no use
    # for them, and they take a good part of the start-up time.
    from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR

    known = {rule.code for rule in ALL_RULES} | {INTERNAL_ERROR}
    return {code for code in known if code.startswith(tuple(prefixes))}


def enabled_codes(command_line: Mapping[str, Optional[str]], pyproject: Mapping[str, Any],
                  pyproject_path: str) -> Set[str]:
    """The codes to report. ``select`` on the command line replaces the one in pyproject.toml; the
    other lists add up. Without any ``select``, every rule that is on by default, and LL900."""
    from lstm_lint.config import ConfigError, parse_codes

    lists: Dict[str, List[str]] = {}
    for key in SELECTION_OPTIONS:
        from_file = parse_codes(pyproject[key], key, f"{pyproject_path}") if key in pyproject else []
        given = command_line.get(key)
        from_cli = parse_codes(given.upper(), key, f"--{key}") if given is not None else []
        for code in from_file + from_cli:
            if not _matching([code]):
                where = f"--{key}" if code in from_cli else f"{key} in {pyproject_path}"
                raise ConfigError(f"unknown rule code {code!r} in {where} (see `lstm-lint rules`)")
        if key != "select":
            lists[key] = from_file + from_cli
        elif given is not None:
            lists[key] = from_cli
        elif key in pyproject:
            lists[key] = from_file
        else:
            from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR

            lists[key] = [rule.code for rule in ALL_RULES if rule.default_enabled] + [INTERNAL_ERROR]
    selected = _matching(lists["select"]) | _matching(lists["extend-select"])
    return selected - _matching(lists["ignore"] + lists["extend-ignore"])


class FileSettings:
    """The settings and codes for each file, from the configuration of its directory (see
    ``config.nearest_config``) and the command line; worked out once per configuration."""

    def __init__(self, project: ProjectSettings, selection: Mapping[str, Optional[str]]) -> None:
        self.project = project
        self.selection = dict(selection)
        self._codes: Dict[str, FrozenSet[str]] = {}

    def __call__(self, path: str) -> Tuple[Settings, FrozenSet[str]]:
        config = self.project.config(path)
        codes = self._codes.get(config.pyproject_path)
        if codes is None:
            codes = self._codes[config.pyproject_path] = frozenset(
                enabled_codes(self.selection, config.pyproject, config.pyproject_path))
        return self.project.settings(path), codes


def run(args: argparse.Namespace) -> int:
    paths = command_paths(args)
    if paths is None:
        return 2

    from lstm_lint.config import KEYS, ConfigError, ProjectSettings, Settings
    from lstm_lint.config_files import ConfigFiles
    from lstm_lint.filework import check_file_with
    from lstm_lint.formats.diagnostics import CheckReport, FileDiagnostics

    command_line = {key: getattr(args, key.replace("-", "_")) for key in KEYS}
    selection = {key: getattr(args, key.replace("-", "_")) for key in SELECTION_OPTIONS}
    config_files = ConfigFiles()
    settings_of = FileSettings(ProjectSettings(config_files, command_line), selection)
    try:
        # The command line's own errors, whatever the files: reported before any file is read.
        plain = (Settings().merged(command_line, "the command line"), frozenset(enabled_codes(selection, {}, "")))
    except ConfigError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    results: List[FileDiagnostics] = []
    errors = FileErrors()
    # Each file's configuration is part of its entry's key (the cache variant); the command line's
    # settings are the same for all.
    fix_mode = args.fix or args.diff
    # SARIF carries each finding's fix, and --statistics says which codes are fixable.
    shows_fixes = args.format == "sarif" or args.statistics
    # Fixing changes the files: nothing to cache or to take from the cache.
    cache = None if fix_mode else parallel.cache_for(
        args, f"check {sorted(command_line.items())!r} {sorted(selection.items())!r}"
              + (" with fixes" if shows_fixes else ""))
    files = parallel.FileBatch(paths, cache, errors.unreadable, file_selection(args), args.stdin_filename,
                               config_files.key)
    try:
        per_file = {path: settings_of(path) for path in files.to_analyse()}
    except ConfigError as error:
        print(f"lstm-lint: {error}", file=sys.stderr)
        return 2
    errors.progress = Progress.for_files(len(files), wanted=args.format in TEXT_FORMATS)
    work: Callable[[SourceFile], Union[CheckedFile, fixing.FixedFile]] = \
        partial(fixing.fix_file_with, per_file, plain, args.unsafe_fixes) if fix_mode \
        else partial(check_file_with, per_file, plain, fixes=shows_fixes)
    checked = files.results(work, parallel.job_count(args.jobs))
    fixed_files: List[Tuple[str, fixing.FixedFile]] = []
    matched: Set[str] = set()
    for path, result in errors.progress.over(checked, lambda item: item[0]):
        if isinstance(result, fixing.FixedFile):
            fixed_files.append((path, result))
        matched.update(result.assumptions_matched)
        if result.skipped:
            continue  # `# flake8: noqa`: flake8 skips the whole file
        if result.parse_failure is not None:
            errors.parse_failure(path, result.parse_failure)
        results.append(FileDiagnostics(path, list(result.diagnostics)))
    # The command line's only: a configuration file's are the project's, and a run over some of its
    # files (pre-commit gives the changed ones) need not bind them all.
    unmatched_error = unmatched([dict(plain[0].assume)], matched)
    if fix_mode:
        changed = fixing.report_fixes(fixed_files, args)
        if args.diff:  # as ruff: the diff instead of the diagnostics; exit 1 when it is not empty
            if unmatched_error is not None:
                print(unmatched_error, file=sys.stderr)
                return 2
            return 0 if args.exit_zero else (2 if errors.count else (1 if changed else 0))
    color = (args.format in TEXT_FORMATS or args.statistics) and use_color(args.color, sys.stdout)
    render: Callable[[CheckReport], str]
    if args.statistics:  # as ruff: JSON for --format json, else text
        from lstm_lint.formats import diagnostics_statistics

        render = diagnostics_statistics.render_json if args.format == "json" else diagnostics_statistics.render_text
    else:
        render = import_module(f"lstm_lint.formats.{FORMATS[args.format]}").render
    # ``--fix`` on standard input prints the fixed source on stdout: the diagnostics go to stderr.
    out = sys.stderr if args.fix and fixing.stdin_name(args) is not None else sys.stdout
    out.write(render(CheckReport(results, errors.failures, Style(color), unsafe_fixes=args.unsafe_fixes)))
    if unmatched_error is not None:
        print(unmatched_error, file=sys.stderr)
        return 2
    if not files and not errors.count:
        print(NO_FILES, file=sys.stderr)
    if args.exit_zero:
        return 0
    if errors.count:
        return 2
    return 1 if any(result.diagnostics for result in results) else 0
