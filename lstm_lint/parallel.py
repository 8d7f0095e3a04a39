"""Per-file work over a process pool, for ``lstm-lint summary`` and ``check`` (like flake8 ``-j``).

Results come back in file order whatever the number of jobs, so the output, the error reports and
the exit code do not depend on ``--jobs``. Starting workers costs more than small inputs save, so
the work stays in this process below a threshold of Keras text to analyse.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, TypeVar

from lstm_lint.cache import CACHE_DIR_VARIABLE, ResultCache
from lstm_lint.files import SourceFile
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
                        help="neither read nor write the result cache (keyed by file content, settings "
                             f"and lstm-lint version; in the user cache folder or ${CACHE_DIR_VARIABLE})")


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


def run_per_file(sources: Sequence[SourceFile], work: Callable[[SourceFile], Result], jobs: int,
                 cache: Optional[ResultCache]) -> Iterator[Tuple[SourceFile, Result]]:
    """``(source, work(source))`` for every source (all read), in order. Cached results are looked
    up here and only the misses go to the pool; this process alone writes the cache. Files that
    never mention Keras cost less to analyse than to hash, so they bypass the cache."""
    cached: Dict[int, Any] = {}
    missing: List[int] = []
    for index, source in enumerate(sources):
        assert source.text is not None, "unreadable files are reported before the work starts"
        hit = cache.get(source) if cache is not None and may_mention_keras(source.text) else None
        if hit is not None:
            cached[index] = hit
        else:
            missing.append(index)
    computed = map_in_order(work, [sources[index] for index in missing], jobs)
    for index, source in enumerate(sources):
        if index in cached:
            yield source, cached[index]
        else:
            result = next(computed)
            if cache is not None and may_mention_keras(source.text or "") and getattr(result, "cacheable", True):
                cache.put(source, result)
            yield source, result
