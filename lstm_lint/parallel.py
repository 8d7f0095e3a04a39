"""Per-file work over a process pool, for ``lstm-lint summary`` and ``check`` (like flake8 ``-j``).

Results come back in file order whatever the number of jobs, so the output, the error reports and
the exit code do not depend on ``--jobs``. Starting workers costs more than small inputs save, so
the work stays in this process below a threshold of Keras text to analyse.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, TypeVar

from lstm_lint.cache import CACHE_DIR_VARIABLE, ResultCache
from lstm_lint.files import (
    DEFAULT_SELECTION, STDIN, FileSelection, SourceFile, iter_python_files, read_source, read_stdin,
)
from lstm_lint.source.names import may_mention_keras

Result = TypeVar("Result")

# Below this much text in files that mention Keras (about 0.2 s of analysis on one core), the
# work stays in this process: a worker pays its own start-up and libcst import.
MIN_POOL_CHARACTERS = 50_000


def job_count(requested: Optional[str]) -> int:
    """``--jobs``: a positive number, or ``auto`` / nothing for every core (flake8's default)."""
    if requested is None or requested == "auto":
        if hasattr(os, "sched_getaffinity"):  # the cores this process may use (containers, taskset)
            return max(1, len(os.sched_getaffinity(0)))
        return os.cpu_count() or 1
    count = int(requested)
    if count < 1:
        raise ValueError("--jobs must be a positive number or auto")
    return count


def jobs_argument(text: str) -> str:
    """argparse ``type=`` for ``--jobs``: reject bad values as a usage error (exit 2)."""
    try:
        job_count(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: use a positive number or auto") from None
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--jobs`` and ``--no-cache``, shared by ``summary`` and ``check``."""
    parser.add_argument("-j", "--jobs", type=jobs_argument, default=None, metavar="N",
                        help="processes to analyse files with (default: auto, one per core; "
                             "small inputs run in one process anyway)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the result cache (per file path, checked against the "
                             "file's size, modification and change times, inode and content, the settings and "
                             f"lstm-lint's version; in the user cache folder or ${CACHE_DIR_VARIABLE})")


def cache_for(args: argparse.Namespace, namespace: str) -> Optional[ResultCache]:
    if args.no_cache:
        return None
    try:
        return ResultCache(namespace)
    except (OSError, RuntimeError, KeyError):  # no home folder to find a cache folder in: no cache
        return None


def worth_a_pool(sources: Sequence[SourceFile], jobs: int) -> bool:
    if jobs < 2 or len(sources) < 2:
        return False
    heavy = sum(len(source.text) for source in sources if source.text and may_mention_keras(source.text))
    return heavy >= MIN_POOL_CHARACTERS


def map_in_order(work: Callable[[SourceFile], Result], sources: Sequence[SourceFile], jobs: int
                 ) -> Iterator[Result]:
    """``work(source)`` for each source, in order; over ``jobs`` processes when it pays.

    ``work`` must be picklable (a module-level function, or a functools.partial of one)."""
    if not worth_a_pool(sources, jobs):
        for source in sources:
            yield work(source)
        return
    workers = min(jobs, len(sources))
    # Small chunks balance uneven files; a few per worker keep the messaging cheap.
    chunk = max(1, len(sources) // (workers * 8))
    # concurrent.futures rather than multiprocessing.Pool: if a worker dies (killed, out of
    # memory), the run fails with BrokenProcessPool instead of waiting forever for its results.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        yield from pool.map(work, sources, chunksize=chunk)


def _context() -> Any:
    import multiprocessing  # imported only when a pool is started: it is slow to import

    # fork starts a worker in milliseconds with this process's modules already imported; the
    # platforms where it is unavailable or unsafe (Windows, macOS) get their default.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class FileBatch:
    """The files of one command run, found under ``paths`` and sorted into those whose result the
    cache holds and those to work on (read, in memory). Files that cannot be read are handed to
    ``unreadable`` at once, in order, and left out.

    ``-`` is standard input, read once and named ``stdin_name`` (``-`` without one); it is never
    cached. ``variant`` gives, for a file's path, what else its cached result depends on (the
    configuration that applies to it)."""

    def __init__(self, paths: Sequence[str], cache: Optional[ResultCache],
                 unreadable: Callable[[str, str], None], selection: FileSelection = DEFAULT_SELECTION,
                 stdin_name: Optional[str] = None, variant: Optional[Callable[[str], bytes]] = None) -> None:
        self.cache = cache
        # (path, the source when it was read, the cached result or None, the cache variant when
        # the cache is used for the file, else None)
        self.files: List[Tuple[str, Optional[SourceFile], Any, Optional[bytes]]] = []
        stdin: Optional[SourceFile] = None
        for path in iter_python_files(paths, selection, stdin_name):
            if path == STDIN:
                stdin = stdin or read_stdin(stdin_name or STDIN)
                if stdin.text is None:
                    unreadable(stdin.path, stdin.error or "cannot read")
                else:
                    self.files.append((stdin.path, stdin, None, None))
                continue
            key = variant(path) if variant is not None and cache is not None else b""
            hit = cache.lookup(path, key) if cache is not None else None
            if hit is not None:
                self.files.append((path, None, hit, key))
                continue
            source = read_source(path)
            if source.text is None:
                unreadable(path, source.error or "cannot read")
                continue
            # Files that never mention Keras cost less to analyse than to hash: they bypass the cache.
            cached = cache is not None and may_mention_keras(source.text)
            hit = cache.get(source, key) if cache is not None and cached else None
            self.files.append((path, source, hit, key if cached else None))

    def __len__(self) -> int:
        return len(self.files)

    def to_analyse(self) -> List[str]:
        """The paths of the files to work on that mention Keras: the only ones whose settings
        matter (lstm-lint skips the others unread)."""
        return [path for path, source, hit, _ in self.files
                if hit is None and source is not None and source.text is not None and may_mention_keras(source.text)]

    def results(self, work: Callable[[SourceFile], Result], jobs: int) -> Iterator[Tuple[str, Result]]:
        """``(path, result)`` for every file, in order: the cached results, and ``work(source)``
        for the others, over ``jobs`` processes when it pays. Only this process writes the cache."""
        missing = [source for _, source, hit, _ in self.files if hit is None and source is not None]
        computed = map_in_order(work, missing, jobs)
        for path, source, hit, key in self.files:
            if hit is not None:
                yield path, hit
                continue
            assert source is not None
            result = next(computed)
            if self.cache is not None and key is not None and getattr(result, "cacheable", True):
                self.cache.put(source, result, key)
            yield path, result
