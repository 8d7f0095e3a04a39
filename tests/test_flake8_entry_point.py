"""flake8 finds the plugin through the package's entry point (code prefix LL)."""
from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_flake8_lists_the_plugin() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "lstm-lint" in result.stdout


def test_flake8_runs_the_plugin_on_the_fixture_without_error() -> None:
    result = subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", "--isolated",
                             str(REPO / "fixtures" / "seed_models.py")], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_loading_the_plugin_imports_neither_libcst_nor_the_rules() -> None:
    """flake8 imports every plugin at start-up; files without Keras must not pay for libcst, nor
    for the rules and the layer registry they load."""
    code = ("import sys, lstm_lint.plugin; "
            "print([m for m in ('libcst', 'lstm_lint.rules', 'lstm_lint.layers') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_command_line_loads_neither_libcst_nor_the_rules_before_it_needs_them() -> None:
    """A cached run answers without them (start-up is most of a cached run's time): importing the
    command line and parsing arguments of every command must not load them."""
    code = ("import sys; from lstm_lint import cli; parser = cli.build_parser(); "
            "[parser.parse_args(a) for a in (['summary', 'x.py'], ['check', 'x.py'], ['diff', 'main'], ['rules'])]; "
            "print(sorted(m for m in ('libcst', 'lstm_lint.rules', 'lstm_lint.engine', 'lstm_lint.git') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def _engine_imported_after_options(jobs: str, paths: str) -> str:
    """Whether parsing flake8's options (in flake8's main process, before it forks its workers)
    imports the engine, for ``-j jobs`` and the comma-separated ``paths``."""
    code = ("import sys, argparse; from flake8.main.options import JobsArgument; "
            "from lstm_lint.plugin import LstmLintChecker; "
            f"options = argparse.Namespace(jobs=JobsArgument({jobs!r}), "
            f"filenames=[p for p in {paths!r}.split(',') if p]); "
            "LstmLintChecker.parse_options(options); print('lstm_lint.lint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_parallel_run_imports_the_engine_once_before_flake8_forks() -> None:
    # Imported in the main process, the engine is shared by the forked workers, not imported by
    # each of them (on platforms whose processes start by fork, as flake8's pool does on Linux).
    forks = str(multiprocessing.get_all_start_methods()[0] == "fork")  # Linux up to Python 3.13
    assert _engine_imported_after_options("2", "fixtures") == forks
    assert _engine_imported_after_options("2", "") == forks


def test_a_serial_run_or_one_file_imports_the_engine_only_for_a_keras_file() -> None:
    assert _engine_imported_after_options("1", "fixtures") == "False"
    assert _engine_imported_after_options("2", "fixtures/seed_models.py") == "False"
    assert _engine_imported_after_options("2", "-") == "False"
