"""``--jobs`` and the result cache change how fast the answer comes, never the answer: stdout,
stderr and the exit code are byte for byte those of a serial run without a cache."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint import cache as cache_module
from lstm_lint import parallel
from lstm_lint.cache import CACHE_DIR_VARIABLE, READ_SIZE, SETTLED_SECONDS, ResultCache, read_whole
from lstm_lint.files import SourceFile, iter_python_files, read_source

GOOD = '''import keras
from keras import layers

model_{index} = keras.Sequential([
    keras.Input(shape=({steps}, 3)),
    layers.LSTM({units}, return_sequences=True),
    layers.LSTM({units}),
    layers.Dense(1),
])
'''
# LL201 at the limit the tests set: 17,473 parameters, above 10,000 (the good files have at most 9,316).
BAD = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(64), layers.Dense(1)])  # {index}
'''
UNPARSABLE = "import keras\nmodel = keras.Sequential([\n"
# Padding, so that the directory holds enough Keras text for the pool to be used (checked below).
HELPER = "\n\ndef helper_{index}(values):\n    return [value * 2 for value in values]  # keras\n" * 40


def project(folder: Path) -> Path:
    folder.mkdir()
    for index in range(24):
        kind = index % 6
        name = folder / f"file_{index:02d}.py"
        if kind == 4:
            name.write_text(UNPARSABLE)
        elif kind == 5:
            name.write_bytes(b"# -*- coding: no-such-codec -*-\nimport keras\n")  # cannot be decoded
        elif kind == 3:
            name.write_text(BAD.format(index=index) + HELPER.format(index=index))
        else:
            name.write_text(GOOD.format(index=index, steps=5 + index, units=4 + index) + HELPER.format(index=index))
    (folder / "plain.py").write_text("print('no models here')\n")
    return folder


def lstm_lint(folder: Path, cache: Path, *args: str) -> Tuple[str, str, int]:
    result = subprocess.run([sys.executable, "-m", "lstm_lint", *args, "."], cwd=folder, capture_output=True,
                            text=True, env=dict(os.environ, **{CACHE_DIR_VARIABLE: str(cache)}))
    return result.stdout, result.stderr, result.returncode


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project(tmp_path_factory.mktemp("parallel") / "project")


def test_the_project_is_big_enough_for_a_pool(folder: Path) -> None:
    sources = [read_source(path) for path in iter_python_files([str(folder)])]
    assert parallel.worth_a_pool(sources, 2)
    assert not parallel.worth_a_pool(sources, 1)
    assert not parallel.worth_a_pool(sources[:1], 2)


@pytest.mark.parametrize("command", [["summary"], ["summary", "--format", "json"],
                                     ["check", "--max-model-params", "10000"]])
def test_jobs_and_cache_give_identical_output(folder: Path, tmp_path: Path, command: List[str]) -> None:
    serial = lstm_lint(folder, tmp_path / "unused", *command, "--jobs", "1", "--no-cache")
    stdout, stderr, code = serial
    assert code == 2  # the unparsable and the undecodable files
    assert stderr.count("error: cannot parse: '[' was never closed") == 4  # as Python says it
    assert stderr.count("error: cannot decode") == 4
    assert stdout  # the good files' models, or the bad files' diagnostics
    if command[0] == "check":
        assert [line.split(" ")[:2] for line in stdout.splitlines()] == [
            [f"./file_{index:02d}.py:3:1:", "LL201"] for index in (3, 9, 15, 21)]
    else:
        assert stdout.count("model_") == 12
    assert lstm_lint(folder, tmp_path / "unused", *command, "--jobs", "2", "--no-cache") == serial
    cache = tmp_path / "cache"
    assert lstm_lint(folder, cache, *command, "--jobs", "2") == serial  # fills the cache
    assert any(cache.rglob("*")), "the cache was not written"
    assert lstm_lint(folder, cache, *command, "--jobs", "1") == serial  # reads it


def test_a_changed_file_is_analysed_again(tmp_path: Path) -> None:
    model = tmp_path / "model.py"
    model.write_text(GOOD.format(index=0, steps=5, units=4))
    first = lstm_lint(tmp_path, tmp_path / "cache", "summary", "--format", "json")
    model.write_text(GOOD.format(index=0, steps=5, units=8))
    second = lstm_lint(tmp_path, tmp_path / "cache", "summary", "--format", "json")
    assert second == lstm_lint(tmp_path, tmp_path / "cache", "summary", "--format", "json", "--no-cache")
    # LSTM(4) on 3 features: 4 * 4 * (3 + 4 + 1) = 128; LSTM(4) on 4: 144; Dense(1) on 4: 5.
    assert '"total_params": 277' in first[0]
    # LSTM(8) on 3 features: 4 * 8 * (3 + 8 + 1) = 384; LSTM(8) on 8: 544; Dense(1) on 8: 9.
    assert '"total_params": 937' in second[0]


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    source = SourceFile("model.py", "import keras\n")
    cache = ResultCache("test", str(tmp_path))
    assert cache.get(source) is None
    cache.put(source, {"models": 1})
    assert cache.get(source) == {"models": 1}
    entry = next(path for path in Path(cache.folder).rglob("*") if path.is_file())
    entry.write_bytes(b"not a pickle")
    assert cache.get(source) is None
    assert ResultCache("other settings", str(tmp_path)).get(SourceFile("model.py", "import keras\n")) is None


def age(path: Path, seconds: float) -> None:
    """Set the file's modification time ``seconds`` back (its ctime, which no tool can set, stays now)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def wait_until_settled(*paths: Path) -> None:
    """Sleep until the cache trusts these files' stamps: their last change (ctime included)
    SETTLED_SECONDS old, as a file being linted usually is."""
    newest = max(max(os.stat(path).st_mtime_ns, os.stat(path).st_ctime_ns) for path in paths)
    remaining = newest / 1e9 + SETTLED_SECONDS + 0.05 - time.time()
    if remaining > 0:
        time.sleep(remaining)


@pytest.fixture(scope="module")
def settled_projects(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """Folders each holding one model file the cache trusts by its stamp (the wait paid once)."""
    folders = {name: tmp_path_factory.mktemp(name) for name in ("imports", "edited")}
    for folder in folders.values():
        (folder / "model.py").write_text(GOOD.format(index=0, steps=5, units=4))
    wait_until_settled(*(folder / "model.py" for folder in folders.values()))
    return folders


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache's clock runs SETTLED_SECONDS ahead, as a run a few seconds after the files were
    written would see it: their stamps are trusted without waiting."""

    class Clock:
        @staticmethod
        def time_ns() -> int:
            return time.time_ns() + (SETTLED_SECONDS + 1) * 1_000_000_000

    monkeypatch.setattr(cache_module, "time", Clock)


def unreadable(path: str, reason: str) -> None:
    raise AssertionError(f"{path}: {reason}")


def batch(paths: List[Path], cache: ResultCache) -> List[Tuple[str, Any]]:
    return list(parallel.FileBatch([str(path) for path in paths], cache, unreadable).results(repr, 1))


def test_a_file_with_its_stored_stamp_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  later: None) -> None:
    model = tmp_path / "model.py"
    model.write_text("import keras\n")
    cache = ResultCache("test", str(tmp_path / "cache"))
    computed = batch([model], cache)
    assert computed == [(str(model), repr(read_source(str(model))))]

    def no_reading(path: str) -> SourceFile:
        raise AssertionError("the file was read")

    monkeypatch.setattr(parallel, "read_source", no_reading)
    assert batch([model], cache) == computed


def test_a_recently_modified_file_is_checked_by_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file modified within one tick of the file system's clock of being read keeps its stamp
    when it changes again: such a stamp is not trusted, and the text decides (as git does)."""
    model = tmp_path / "model.py"
    model.write_text("import keras  # one\n")
    cache = ResultCache("test", str(tmp_path / "cache"))
    first = batch([model], cache)
    stamp = os.stat(model)
    model.write_text("import keras  # two\n")  # same size
    os.utime(model, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same modification time
    assert cache.lookup(str(model)) is None
    second = batch([model], cache)
    assert second != first and "two" in second[0][1]


def test_a_file_whose_mtime_was_set_back_is_recent_by_its_ctime(tmp_path: Path) -> None:
    """``touch -d`` or unpacking an archive gives a file an old mtime a moment after it was
    written: its stamp is not trusted until its ctime is old too."""
    model = tmp_path / "model.py"
    model.write_text("import keras\n")
    age(model, 3600)
    cache = ResultCache("test", str(tmp_path / "cache"))
    batch([model], cache)
    assert cache.lookup(str(model)) is None
    assert cache.get(read_source(str(model))) is not None  # stored, and found by its text


def test_a_touched_file_is_not_analysed_again_and_its_new_stamp_is_stored(tmp_path: Path, later: None) -> None:
    model = tmp_path / "model.py"
    model.write_text("import keras\n")
    age(model, 3600)
    cache = ResultCache("test", str(tmp_path / "cache"))
    computed = batch([model], cache)
    age(model, 2 * SETTLED_SECONDS)  # touched: a new stamp, the same text
    assert cache.lookup(str(model)) is None
    calls: List[str] = []

    def counting(source: SourceFile) -> str:
        calls.append(source.path)
        return repr(source)

    assert list(parallel.FileBatch([str(model)], cache, unreadable).results(counting, 1)) == computed
    assert calls == []  # found by its text
    assert cache.lookup(str(model)) == computed[0][1]  # and now by its stamp


def test_a_cached_summary_loads_neither_the_engine_nor_the_analysis_records(
        settled_projects: Dict[str, Path]) -> None:
    """Start-up is most of what a cached run costs (benchmarks/bench_vs_keras.py): answering from
    the cache must not import the engine, the analysis records or the heavier standard modules."""
    tmp_path = settled_projects["imports"]
    heavy = ("libcst", "lstm_lint.engine", "lstm_lint.analysis", "lstm_lint.config", "dataclasses", "pathlib",
             "tokenize")
    # Only what the run imports: an editable install's import hook loads pathlib before it starts.
    code = ("import sys; before = set(sys.modules); from lstm_lint.cli import main; main(['summary', 'model.py']); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules and m not in before))")
    environment = dict(os.environ, **{CACHE_DIR_VARIABLE: str(tmp_path / "cache")})
    filled = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env=environment)
    assert "libcst" in filled.stdout.splitlines()[-1], filled.stderr  # the first run analysed the file
    cached = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env=environment)
    assert cached.stdout.splitlines()[:-1] == filled.stdout.splitlines()[:-1]
    assert cached.stdout.splitlines()[-1] == "[]", cached.stderr


def test_an_edit_that_keeps_size_and_mtime_is_seen(settled_projects: Dict[str, Path]) -> None:
    """``cp -p``, ``rsync -t``, ``touch -d`` and unpacking an archive can leave a changed file
    with the size and mtime it had: the cache must not serve the old file's result for it."""
    tmp_path = settled_projects["edited"]
    model = tmp_path / "model.py"
    first = lstm_lint(tmp_path, tmp_path / "cache", "summary", "--format", "json")
    # The first run trusted the file's stamp: a second one would not even read the file.
    entries = [path for path in (tmp_path / "cache").rglob("*") if path.is_file() and path.name != "CACHEDIR.TAG"]
    assert len(entries) == 1 and pickle.loads(entries[0].read_bytes())[0] is not None
    before = os.stat(model)
    model.write_text(GOOD.format(index=0, steps=5, units=8))  # "4" -> "8" twice: the same size
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(model)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    second = lstm_lint(tmp_path, tmp_path / "cache", "summary", "--format", "json")
    # LSTM(4) on 3 features: 4 * 4 * (3 + 4 + 1) = 128; LSTM(4) on 4: 144; Dense(1) on 4: 5.
    assert '"total_params": 277' in first[0]
    # LSTM(8) on 3 features: 4 * 8 * (3 + 8 + 1) = 384; LSTM(8) on 8: 544; Dense(1) on 8: 9.
    assert '"total_params": 937' in second[0], second


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    _, stderr, code = lstm_lint(tmp_path, tmp_path / "cache", "summary", "--jobs", "0")
    assert code == 2
    assert "--jobs" in stderr


# A worker that dies (killed, out of memory) must fail the run, not leave it waiting forever.
DYING_WORKER = """
import os, sys
from lstm_lint import cache as cache_module
from lstm_lint import parallel
from lstm_lint.files import SourceFile

def die(source):
    os._exit(3)

sources = [SourceFile(f"{index}.py", "import keras\\n" + "# padding\\n" * 5000) for index in range(4)]
assert parallel.worth_a_pool(sources, 2)
try:
    list(parallel.map_in_order(die, sources, 2))
except Exception as error:
    print(type(error).__name__)
"""


def test_a_dead_worker_fails_the_run_instead_of_hanging() -> None:
    result = subprocess.run([sys.executable, "-c", DYING_WORKER], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "BrokenProcessPool", result.stderr


def test_a_new_version_removes_only_the_cache_folders_it_made(tmp_path: Path) -> None:
    """LSTM_LINT_CACHE_DIR may point at a folder that holds other things: only stale version
    folders of this cache are removed."""
    stale = tmp_path / "0.0.9-0123456789abcdef"
    (stale / "ab").mkdir(parents=True)
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("not the cache's")
    cache = ResultCache("summary", str(tmp_path))
    source = SourceFile("m.py", GOOD)
    cache.put(source, "result")
    assert cache.get(source) == "result"
    assert not stale.exists()
    assert (mine / "keep.txt").read_text() == "not the cache's"


@pytest.mark.parametrize("size", [0, 1, READ_SIZE - 1, READ_SIZE, READ_SIZE + 1, 3 * READ_SIZE])
def test_an_entry_is_read_whole_whatever_its_size(tmp_path: Path, size: int) -> None:
    entry = tmp_path / "entry"
    data = bytes(index % 251 for index in range(size))
    entry.write_bytes(data)
    assert read_whole(str(entry)) == data
