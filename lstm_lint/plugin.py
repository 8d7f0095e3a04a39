"""The flake8 plugin: a thin door onto the engine and the rules.

Options are registered with flake8's option manager (so setup.cfg, tox.ini and .flake8 work);
pyproject.toml's ``[tool.lstm-lint]`` is read too (flake8 itself does not), with lower precedence.
"""
from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
from pathlib import Path
from typing import Any, ClassVar, Generator, List, Sequence, Tuple

from lstm_lint import __version__
from lstm_lint.collector import keep_imports_out_of_collections, no_cyclic_gc
from lstm_lint.config import ConfigError, Settings, find_pyproject, load_flake8_config, load_pyproject
from lstm_lint.rule_codes import DEFAULT_OFF, INTERNAL_ERROR
from lstm_lint.source.names import may_mention_keras

Report = Tuple[int, int, str, type]


class LstmLintChecker:
    name = "lstm-lint"
    version = __version__
    settings: ClassVar[Settings] = Settings()

    def __init__(self, tree: ast.AST, filename: str = "<stdin>", lines: Sequence[str] = ()) -> None:
        self.tree = tree
        self.filename = filename
        self.lines: List[str] = list(lines)

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for key, help_text in (
            ("max-model-params", "report models with more parameters than this (LL201)"),
            ("max-layer-params", "report layers with more parameters than this (LL202)"),
            ("max-unroll-steps", "longest sequence worth unroll=True (LL304; default 100)"),
            ("target-keras", "Keras version the code targets: 3 (default) or 2 for tf.keras 2 code"),
        ):
            manager.add_option(f"--{key}", default=None, parse_from_config=True, help=help_text)
        manager.add_option("--assume", default=None, parse_from_config=True,
                           help="lstm-lint: NAME=VALUE for names whose value the code cannot give (several "
                                "separated by ';' or, in the configuration file, one per line); results from "
                                "them are marked as assumed. A NAME no file binds is not reported here, where "
                                "each file is checked on its own: `lstm-lint check` reports it")
        manager.extend_default_ignore(list(DEFAULT_OFF))

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        from_flake8 = {key: getattr(options, key.replace("-", "_"), None)
                       for key in ("max-model-params", "max-layer-params", "max-unroll-steps", "target-keras",
                                   "assume")}
        try:
            pyproject = find_pyproject(Path.cwd())
            settings = Settings().merged(load_pyproject(pyproject), str(pyproject))
            # flake8 has merged its config file and command line; name the file in errors when the
            # value is the one written there.
            in_file, config_file = load_flake8_config(Path.cwd())
            for key, value in from_flake8.items():
                origin = config_file if value is not None and in_file.get(key) == value else "the command line"
                settings = settings.merged({key: value}, origin)
            # Not a flake8 option (a name that general could clash with another plugin's): read from
            # flake8's configuration file, and pyproject.toml, only.
            settings = settings.merged({"max-file-size": in_file.get("max-file-size")}, config_file)
            cls.settings = settings
        except ConfigError as error:
            raise SystemExit(f"lstm-lint: {error}") from None
        if _forks_workers(options):
            # flake8 parses options before it forks its workers: imported now, the engine is
            # imported once and shared (copy-on-write, frozen out of the collector as Python's
            # docs advise before a fork), not once in each worker.
            _import_engine()

    def run(self) -> Generator[Report, Any, None]:
        text = "".join(self.lines)
        if not may_mention_keras(text):
            return  # the cheap prefilter: no libcst parse for files without Keras
        lint_source = _import_engine()
        from lstm_lint.rules import ALL_RULES
        codes = [rule.code for rule in ALL_RULES]  # flake8 applies --select/--ignore and noqa itself
        # flake8's own ast tree of the same text: Python's parser need not run twice.
        tree = self.tree if isinstance(self.tree, ast.Module) else None
        for diagnostic in lint_source(text, self.filename, self.settings, codes + [INTERNAL_ERROR], tree):
            yield diagnostic.line, diagnostic.column, diagnostic.text, type(self)


def _import_engine() -> Any:
    """``lint.lint_source``, imported on first use, not at the top: flake8 loads every plugin at
    start-up, and libcst alone takes a quarter of a second to import; a run over files without
    Keras never needs it."""
    with no_cyclic_gc():  # importing makes objects that all stay alive: nothing to collect
        from lstm_lint.lint import lint_source
    keep_imports_out_of_collections()
    return lint_source


def _forks_workers(options: argparse.Namespace) -> bool:
    """Whether flake8 will fork worker processes for this run: more than one job, the ``fork``
    start method, and more than one file (a directory, several paths, or the current directory);
    flake8 runs a single file in its own process."""
    jobs = getattr(options, "jobs", None)
    if jobs is None:
        return False
    count = (os.cpu_count() or 1) if getattr(jobs, "is_auto", False) else getattr(jobs, "n_jobs", 1)
    if not isinstance(count, int) or count < 2:
        return False
    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork") \
            or multiprocessing.get_all_start_methods()[0] != "fork":
        return False
    paths = list(getattr(options, "filenames", None) or ["."])
    return "-" not in paths and (len(paths) > 1 or os.path.isdir(paths[0]))
