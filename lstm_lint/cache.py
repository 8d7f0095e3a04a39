"""A result cache for the command-line tool, like ruff's: a file whose path, content and settings
have not changed is not analysed again.

There is one entry per command, settings and file path. It holds the file's stamp (size,
modification time, inode number and status-change time, as ``os.stat`` gives them: see
``files.Stamp``), a hash of its text, and the result. A file whose stamp is the stored one is not
even read: that is what makes a cached run cost little more than starting Python. Size and mtime
alone, as ruff keys its cache, would serve a stale result after an edit that keeps the size and
sets the mtime back (``touch -d``, ``cp -p``, ``rsync -t``, unpacking an archive); the ctime moves
on every change and cannot be set back, so such an edit changes the stamp too. A file with a
different stamp (touched, checked out again) is read, and its result is still reused if its text
hashes the same. Like git's index, the cache trusts a stamp only when the file last changed (the
later of its mtime and ctime) more than ``SETTLED_SECONDS`` before it was read: a file changed twice
within one tick of the file system's clock can keep its stamp, and such a recent stamp is checked
against the text instead.

A result also depends on the project's own modules the file imports (``from config import UNITS``:
see python/project.py). The result records every path the analysis looked at for them, whether it
was a file and the digest of the text read (``dependencies``); the entry keeps these, each with its
stamp when settled, and is served only while every one is as it was: a path that was no file is
still none, a file read still has that text (its stamp, or else its text, says so).

Entries live in a folder per lstm-lint version and per state of lstm-lint's own source files (the
same stamp of each), so a new version or an edited checkout never reads old results.
The cache lives in the user's cache folder, never in the project: the entries are pickles, which
only this user's own lstm-lint writes. ``LSTM_LINT_CACHE_DIR`` moves it; ``--no-cache`` skips it.

Only the standard library's light modules are imported here (no pathlib, no dataclasses): a cached
run imports this module, and start-up is most of what it costs.
"""
from __future__ import annotations

import os
import pickle
import re
import sys
import time
from typing import Any, Dict, Optional, Tuple

try:
    # BLAKE2 from its built-in module: importing hashlib loads OpenSSL, 3 to 6 ms of a cached run
    # that takes about 35 (benchmarks/bench_vs_keras.py). hashlib itself serves blake2b from here.
    from _blake2 import blake2b
except ImportError:  # an interpreter without CPython's built-in module
    from hashlib import blake2b

from lstm_lint import __version__
from lstm_lint.files import SourceFile, Stamp, file_stamp, last_change_ns

CACHE_DIR_VARIABLE = "LSTM_LINT_CACHE_DIR"
# The name of a folder code_fingerprint() makes: the version, then 16 hex digits.
VERSION_FOLDER = re.compile(r"[0-9][0-9A-Za-z.+!]*-[0-9a-f]{16}")
# Longer than the coarsest modification-time tick of common file systems (FAT's 2 s).
SETTLED_SECONDS = 3
READ_SIZE = 1 << 16  # most entries fit in one read
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only


# A path the result depends on: whether it was a file, the digest of the text read (None: not
# read), and its stamp when that text was read and settled.
Dependency = Tuple[str, bool, Optional[bytes], Optional[Stamp]]
# What an entry holds: the file's stamp (None when it was modified too recently to trust it), the
# digest of its text, the result, and the other paths the result depends on. A plain tuple: it
# unpickles faster than a named one, and a cache hit is mostly unpickling.
Entry = Tuple[Optional[Stamp], bytes, Any, Tuple[Dependency, ...]]


def default_folder() -> str:
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return configured
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "lstm-lint")


def code_fingerprint() -> str:
    """lstm-lint's version, the Python version, and the stamp of each of its source files."""
    digest = blake2b(f"{__version__} {sys.version_info[:2]}".encode())
    package = os.path.dirname(os.path.realpath(__file__))
    for folder, dirs, files in os.walk(package):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                stamp = file_stamp(os.stat(os.path.join(folder, name)))
                digest.update(f"{folder[len(package):]}/{name} {stamp}\n".encode())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def text_digest(text: str) -> bytes:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).digest()


def read_whole(path: str) -> bytes:
    """A file's bytes, by bare system calls: half the time of ``open().read()`` for an entry, and a
    cache hit is mostly reading and unpickling one."""
    descriptor = os.open(path, READ_FLAGS)
    try:
        chunks = []
        while True:
            chunk = os.read(descriptor, READ_SIZE)
            chunks.append(chunk)
            if len(chunk) < READ_SIZE:  # a regular file reads short only at its end
                return b"".join(chunks) if len(chunks) > 1 else chunk
    finally:
        os.close(descriptor)


def settled(stamp: Optional[Stamp], read_at_ns: int) -> Optional[Stamp]:
    """The stamp, if the file had not changed for SETTLED_SECONDS when it was read. The ctime
    counts, not the mtime alone: a file whose mtime was set back (``touch -d``) may have been
    written a moment ago, and be written again within the same tick of the clock."""
    if stamp is None or read_at_ns - last_change_ns(stamp) < SETTLED_SECONDS * 1_000_000_000:
        return None
    return stamp


def _dependency_text_digest(path: str) -> Optional[bytes]:
    try:
        return text_digest(read_whole(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def stamped(dependencies: Tuple[Tuple[str, bool, Optional[bytes]], ...]) -> Optional[Tuple[Dependency, ...]]:
    """The dependencies with the stamps of the files read, taken now (None for a stamp not
    settled); None when a file read no longer has the text the analysis read."""
    result = []
    for path, exists, digest in dependencies:
        stamp = None
        if digest is not None:
            try:
                stamp = settled(file_stamp(os.stat(path)), time.time_ns())
            except OSError:
                return None
            if _dependency_text_digest(path) != digest:
                return None
        result.append((path, exists, digest, stamp))
    return tuple(result)


def current(dependencies: Tuple[Dependency, ...]) -> bool:
    """Whether every path a result depends on is as it was."""
    for path, exists, digest, stamp in dependencies:
        if digest is None:
            if os.path.isfile(path) != exists:
                return False
            continue
        try:
            now = file_stamp(os.stat(path))
        except OSError:
            return False
        if stamp is not None and now == stamp:
            continue
        if _dependency_text_digest(path) != digest:
            return False
    return True


class ResultCache:
    """Results of one command with one set of settings (``namespace``), per file path."""

    def __init__(self, namespace: str, folder: Optional[str] = None) -> None:
        self.root = str(folder) if folder is not None else default_folder()
        self.folder = os.path.join(self.root, code_fingerprint())
        self._namespace = blake2b(namespace.encode() + b"\0", digest_size=20)
        # A relative path means another file from another directory: the key holds where it was run.
        self._namespace.update(os.getcwd().encode("utf-8", "surrogateescape") + b"\0")
        self._loaded: Dict[str, Entry] = {}  # entries lookup() read and could not use, for get()
        self._pruned = False

    def entry_path(self, path: str, variant: bytes = b"") -> str:
        """Where the entry for ``path`` lives; ``variant``: what else the result depends on (the
        configuration that applies to the file)."""
        digest = self._namespace.copy()
        digest.update(path.encode("utf-8", "surrogateescape"))
        if variant:
            digest.update(b"\0" + variant)
        key = digest.hexdigest()
        # Joined by hand: os.path.join took a tenth of a cache hit.
        return f"{self.folder}{os.sep}{key[:2]}{os.sep}{key}"

    def lookup(self, path: str, variant: bytes = b"") -> Optional[Any]:
        """The stored result, when the file's stamp is the stored one: the file itself is not read."""
        entry = self._load(path, variant)
        if entry is None:
            return None
        try:
            stamp = file_stamp(os.stat(path))
        except OSError:
            return None
        stored_stamp, _, value, dependencies = entry
        if stored_stamp is not None and stored_stamp == stamp:
            return value if current(dependencies) else None
        self._loaded[path] = entry
        return None

    def get(self, source: SourceFile, variant: bytes = b"") -> Optional[Any]:
        """The stored result, when the file's text is the one it was computed from."""
        assert source.text is not None
        entry = self._loaded.pop(source.path, None) or self._load(source.path, variant)
        if entry is None:
            return None
        stored_stamp, digest, value, dependencies = entry
        if digest != text_digest(source.text) or not current(dependencies):
            return None
        stamp = settled(source.stamp, time.time_ns())
        if stamp is not None and stamp != stored_stamp:  # the next run need not read the file
            self._store(source.path, (stamp, digest, value, dependencies), variant)
        return value

    def put(self, source: SourceFile, value: Any, variant: bytes = b"") -> None:
        assert source.text is not None
        dependencies = stamped(getattr(value, "dependencies", ()))
        if dependencies is None:
            return  # a module it read changed while it was analysed: the result is of neither text
        self._store(source.path, (settled(source.stamp, time.time_ns()), text_digest(source.text), value,
                                  dependencies), variant)

    def _load(self, path: str, variant: bytes = b"") -> Optional[Entry]:
        try:
            entry = pickle.loads(read_whole(self.entry_path(path, variant)))
        except Exception:  # missing, unreadable, truncated or from an incompatible build: a miss
            return None
        return entry if isinstance(entry, tuple) and len(entry) == 4 else None

    def _store(self, path: str, entry: Entry, variant: bytes = b"") -> None:
        """Best effort: a cache that cannot be written (read-only home, full disk) is no cache."""
        target = self.entry_path(path, variant)
        try:
            self._prune_old_versions()
            os.makedirs(os.path.dirname(target), exist_ok=True)
            import tempfile  # only when writing: it is slow to import, and hits never write

            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)  # atomic: a concurrent run sees all or nothing
        except OSError:
            pass

    def _prune_old_versions(self) -> None:
        """When this version's folder is new, the other versions' folders are stale: remove them."""
        if self._pruned:
            return
        self._pruned = True
        if os.path.exists(self.folder):
            return
        os.makedirs(self.root, exist_ok=True)
        tag = os.path.join(self.root, "CACHEDIR.TAG")  # tells backup tools to skip the folder
        if not os.path.exists(tag):
            with open(tag, "w") as stream:
                stream.write("Signature: 8a477f597d28d172789f06886806bc55\n# lstm-lint's cache\n")
        import shutil  # here, not at the top: most runs never prune, and every run starts faster

        own_folder = os.path.basename(self.folder)
        for name in os.listdir(self.root):
            old = os.path.join(self.root, name)
            # Only folders this cache made ("0.1.0-<16 hex digits>"): LSTM_LINT_CACHE_DIR may name a
            # folder that holds other things too, and those are not ours to delete.
            if name != own_folder and VERSION_FOLDER.fullmatch(name) and os.path.isdir(old):
                shutil.rmtree(old, ignore_errors=True)
