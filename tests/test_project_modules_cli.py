"""The front-ends on a file that imports a module of its own project: the result cache notices
when that module changes, and flake8 reads it too."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

from lstm_lint.cache import CACHE_DIR_VARIABLE

TRAIN = """import keras
from config import UNITS

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(UNITS)])
"""


def summary(folder: Path, cache: Path) -> Dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "lstm_lint", "summary", "--format", "json", "train.py"],
                          cwd=folder, capture_output=True, text=True,
                          env=dict(os.environ, **{CACHE_DIR_VARIABLE: str(cache)}))
    assert done.returncode == 0, done.stderr
    found: Dict[str, Any] = json.loads(done.stdout)
    return found


def total(result: Dict[str, Any]) -> Any:
    return result["files"][0]["models"][0]["total_params"]


def test_a_cached_summary_changes_with_the_module_it_imports(tmp_path: Path) -> None:
    folder, cache = tmp_path / "project", tmp_path / "cache"
    folder.mkdir()
    (folder / "train.py").write_text(TRAIN)
    config = folder / "config.py"
    config.write_text("UNITS = 32\n")
    assert total(summary(folder, cache)) == 128
    assert total(summary(folder, cache)) == 128  # served from the cache
    before = config.stat()
    config.write_text("UNITS = 64\n")  # the same size, and the old modification time
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert total(summary(folder, cache)) == 256
    config.unlink()
    assert total(summary(folder, cache)) is None
    (folder / "config.py").write_text("UNITS = 2\n")  # a module that appears
    assert total(summary(folder, cache)) == 8


def test_flake8_reads_the_module_a_file_imports(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text("UNITS = 0\n")
    (tmp_path / "model.py").write_text(TRAIN)
    done = subprocess.run([sys.executable, "-m", "flake8", "--select", "LL", "model.py"], cwd=tmp_path,
                          capture_output=True, text=True)
    # Dense(0) raises in Keras: known only from config.py.
    assert "model.py:4:" in done.stdout and "LL1" in done.stdout, done.stdout + done.stderr
