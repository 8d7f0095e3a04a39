"""Imports of the project's own modules (``from config import UNITS``, ``from .blocks import
build``): read statically, compared with what Keras gives when the same small project runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import pytest

from lstm_lint.analysis import ModelSummary
from lstm_lint.engine import analyse_program
from lstm_lint.values import Unknown

REPOSITORY = Path(__file__).resolve().parents[2]

# Runs a script (``path``) or a module (``-m name``) of the project with ``root`` first on sys.path,
# as ``python script.py`` / ``python -m name`` would, and prints each named model's rows and totals.
_KERAS_RUNNER = textwrap.dedent("""
    import json, runpy, sys
    sys.path.insert(0, {repository!r})
    import tests.keras_env  # noqa: F401  (the numpy backend, quiet)
    root, target, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    sys.path.insert(0, root)
    if target.startswith("-m"):
        found = runpy.run_module(target[2:], run_name="__main__", alter_sys=True)
    else:
        found = runpy.run_path(target, run_name="__main__")
    def shape(layer):
        return list(layer.output.shape) if hasattr(layer, "output") else None
    result = {{}}
    for name in names:
        model = found[name]
        result[name] = {{"rows": [[layer.name, type(layer).__name__, shape(layer), layer.count_params()]
                                 for layer in model.layers],
                        "total": model.count_params()}}
    print(json.dumps(result))
""")


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def keras_models(root: Path, target: str, names: List[str]) -> Dict[str, Any]:
    runner = _KERAS_RUNNER.format(repository=str(REPOSITORY))
    done = subprocess.run([sys.executable, "-c", runner, str(root), target, ",".join(names)], cwd=str(root),
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, KERAS_BACKEND="numpy", TF_CPP_MIN_LOG_LEVEL="3"))
    assert done.returncode == 0, done.stderr[-3000:]
    found: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def lint_models(path: Path) -> Dict[str, ModelSummary]:
    program = analyse_program(path.read_text(), str(path))
    assert not program.internal_errors, program.internal_errors
    return {model.name: model for model in program.analysis.models}


def rows_of(summary: ModelSummary) -> List[List[Any]]:
    return [[row.name, row.type, list(row.output_shape) if isinstance(row.output_shape, tuple) else None,
             row.params] for row in summary.layers]


def assert_same_as_keras(root: Path, script: str, target: str, names: List[str]) -> Dict[str, ModelSummary]:
    expected = keras_models(root, target, names)
    found = lint_models(root / script)
    assert sorted(found) == sorted(names)
    for name in names:
        assert rows_of(found[name]) == expected[name]["rows"], name
        assert found[name].total_params == expected[name]["total"], name
    return found


BLOCKS = """
    from dataclasses import dataclass

    import keras
    from keras import layers


    @dataclass
    class Config:
        units: int = 16
        steps: int = 12


    def recurrent_block(units, return_sequences=False):
        return layers.LSTM(units, return_sequences=return_sequences)


    class Block(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)
            self.norm = layers.LayerNormalization()

        def call(self, x):
            return self.norm(self.dense(x))


    def build(cfg, features=3):
        inputs = keras.Input((cfg.steps, features))
        x = recurrent_block(cfg.units, return_sequences=True)(inputs)
        x = recurrent_block(cfg.units // 2)(x)
        return keras.Model(inputs, layers.Dense(1)(x))
"""


def test_a_script_reads_its_neighbours_and_packages_as_keras_runs_them(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "",
        "config.py": """
            UNITS = 24
            WINDOW = (10, 4)
        """,
        "models/__init__.py": "",
        "models/blocks.py": BLOCKS,
        # A model built when the module is imported: Keras's name counters count its layers.
        "shared.py": """
            import keras
            encoder = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6)])
            if __name__ == "__main__":
                encoder.add(keras.layers.Dense(99))
        """,
        "train.py": """
            import keras
            import config
            from config import UNITS, WINDOW
            from models.blocks import Block, Config, build
            import models.blocks as blocks
            from shared import encoder

            dense = keras.Sequential([keras.Input(WINDOW), keras.layers.Flatten(), keras.layers.Dense(UNITS)])
            small = build(Config())
            wide = blocks.build(Config(units=config.UNITS * 2, steps=5), features=7)
            stacked = keras.Sequential([keras.Input((4,)), encoder, keras.layers.Dense(2)])
            inputs = keras.Input((6,))
            custom = keras.Model(inputs, keras.layers.Dense(1)(Block(config.UNITS)(inputs)))
        """,
    })
    found = assert_same_as_keras(tmp_path, "train.py", "train.py", ["dense", "small", "wide", "stacked", "custom"])
    assert found["small"].total_params != 0
    assert "encoder" not in found  # built by shared.py, whose own run reports it


def test_a_module_of_a_package_reads_relative_imports_as_python_m_runs_it(tmp_path: Path) -> None:
    write(tmp_path, {
        "setup.cfg": "",
        "app/__init__.py": "",
        "app/config.py": "UNITS = 12\n",
        "app/nets/__init__.py": "",
        "app/nets/blocks.py": BLOCKS,
        "app/train.py": """
            import keras
            from . import config
            from .config import UNITS
            from .nets.blocks import Config, build
            from .nets import blocks

            model = build(Config(units=UNITS))
            other = blocks.build(Config(units=config.UNITS + 1))
            plain = keras.Sequential([keras.Input((3,)), keras.layers.Dense(config.UNITS)])
        """,
    })
    assert_same_as_keras(tmp_path, "app/train.py", "-mapp.train", ["model", "other", "plain"])


def analysed(root: Path, script: str = "train.py") -> Tuple[ModelSummary, List[str]]:
    program = analyse_program((root / script).read_text(), str(root / script))
    assert not program.internal_errors, program.internal_errors
    model = program.analysis.models[0]
    return model, [cause.text() for cause in model.unknown]


def units_of(model: ModelSummary) -> Optional[Any]:
    shape = model.layers[-1].output_shape
    return shape[-1] if isinstance(shape, tuple) else None


TRAIN = """
    import keras
    from config import UNITS
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(UNITS)])
"""


@pytest.mark.parametrize("config, reason", [
    (None, None),  # no config.py anywhere: an import lstm-lint cannot read, as before
    ("UNITS = (\n", "module config could not be parsed: line 1"),
    ("raise SystemExit(1)\nUNITS = 3\n", "module config raises when imported"),
    ("from train import model\nUNITS = 3\n", "module config is in an import cycle"),
    ("import os\nUNITS = int(os.environ['UNITS'])\n", "computed at run time"),
])
def test_a_module_that_cannot_be_followed_gives_unknown_names_with_a_reason(
        tmp_path: Path, config: Optional[str], reason: Optional[str]) -> None:
    write(tmp_path, {"train.py": TRAIN, **({} if config is None else {"config.py": config})})
    model, causes = analysed(tmp_path)
    assert isinstance(units_of(model), Unknown)
    if reason is not None:
        assert any(reason in cause for cause in causes), causes


def test_a_name_the_standard_library_or_an_installed_package_has_is_not_read_from_the_project(
        tmp_path: Path) -> None:
    write(tmp_path, {
        "json.py": "UNITS = 3\n",
        "keras.py": "UNITS = 3\n",
        "train.py": """
            import keras as tfk
            from json import UNITS
            import keras
            model = tfk.Sequential([tfk.Input((3,)), tfk.layers.Dense(UNITS), keras.layers.Dense(2)])
        """,
    })
    model, _ = analysed(tmp_path)
    assert isinstance(model.layers[0].output_shape, tuple) and isinstance(model.layers[0].output_shape[-1], Unknown)
    assert model.layers[1].type == "Dense"  # the installed Keras's, not keras.py's


def test_a_module_two_ways_of_running_find_differently_is_unknown(tmp_path: Path) -> None:
    # ``python app/train.py`` imports app/config.py; ``python -m app.train`` imports config.py.
    write(tmp_path, {"app/__init__.py": "", "app/config.py": "UNITS = 3\n", "config.py": "UNITS = 5\n",
                     "app/train.py": TRAIN})
    model, causes = analysed(tmp_path, "app/train.py")
    assert isinstance(units_of(model), Unknown)
    assert any("depending on how the program is run" in cause for cause in causes), causes


def test_an_import_on_some_paths_only_is_unknown(tmp_path: Path) -> None:
    write(tmp_path, {"config.py": "UNITS = 3\n", "train.py": """
        import sys
        import keras
        UNITS = 4
        if len(sys.argv) > 1:
            from config import UNITS
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(UNITS)])
    """})
    model, _ = analysed(tmp_path)
    assert isinstance(units_of(model), Unknown)


def test_what_the_file_changes_in_a_module_its_functions_see(tmp_path: Path) -> None:
    write(tmp_path, {"config.py": """
        import keras
        UNITS = 3
        def head():
            return keras.layers.Dense(UNITS)
    """, "train.py": """
        import keras
        import config
        config.UNITS = 7
        model = keras.Sequential([keras.Input((3,)), config.head()])
    """})
    model, _ = analysed(tmp_path)
    assert units_of(model) == 7


def test_diagnostics_of_an_imported_modules_code_are_not_the_files(tmp_path: Path) -> None:
    from lstm_lint.config import Settings
    from lstm_lint.lint import lint_file

    write(tmp_path, {"blocks.py": """
        import keras
        def head():
            return keras.layers.Dense(4, activaton="relu")
        bad = keras.layers.Dense(4, activaton="relu")
    """, "train.py": """
        import keras
        from blocks import head
        model = keras.Sequential([keras.Input((3,)), head(), keras.layers.Dense(2, activaton="relu")])
    """})
    path = tmp_path / "train.py"
    result = lint_file(path.read_text(), str(path), Settings())
    assert [(diagnostic.code, diagnostic.line) for diagnostic in result.diagnostics] == [("LL103", 4)]
    assert "activaton" in result.diagnostics[0].message
    own = lint_file((tmp_path / "blocks.py").read_text(), str(tmp_path / "blocks.py"), Settings())
    assert sorted(diagnostic.line for diagnostic in own.diagnostics if diagnostic.code == "LL103") == [4, 5]


def test_a_module_not_followed_that_may_make_layers_leaves_no_default_name_known(tmp_path: Path) -> None:
    # Imported on some paths only, its Dense takes the name "dense" in some runs.
    write(tmp_path, {"extra.py": "import keras\nhead = keras.layers.Dense(2)\n", "train.py": """
        import sys
        import keras
        if len(sys.argv) > 1:
            import extra
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
    """})
    model, _ = analysed(tmp_path)
    assert model.layers[0].name is None
    assert model.layers[0].params == 16
