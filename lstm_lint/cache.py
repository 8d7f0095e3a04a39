"""A content-hash cache for the command-line tool, like ruff's: a file whose text, path and settings
have not changed is not analysed again.

Entries are keyed by a hash of the file's path and text and of the command's settings; they live in
a folder per lstm-lint version and per state of lstm-lint's own source files (size and modification
time of each), so a new version or an edited checkout never reads old results. The cache lives in
the user's cache folder, never in the project: the entries are pickles, which only this user's own
lstm-lint writes. ``LSTM_LINT_CACHE_DIR`` moves it; ``--no-cache`` skips it.
"""
from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import os
import pickle
import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Tuple

from lstm_lint import __version__
from lstm_lint.analysis import FileAnalysis, LayerRow, ModelSummary, ParseFailure
from lstm_lint.files import SourceFile

CACHE_DIR_VARIABLE = "LSTM_LINT_CACHE_DIR"
# The name of a folder code_fingerprint() makes: the version, then 16 hex digits.
VERSION_FOLDER = re.compile(r"[0-9][0-9A-Za-z.+!]*-[0-9a-f]{16}")


# The summaries are pickled as calls to their constructors: loading them then takes half the time
# of pickle's default for dataclasses (a cache hit on a file of 20 models is mostly this load).
_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _as_constructor_call(record: Any) -> Tuple[Callable[..., Any], Tuple[Any, ...]]:
    return type(record), tuple(getattr(record, name) for name in _FIELDS[type(record)])


for _record in (FileAnalysis, ModelSummary, LayerRow, ParseFailure):
    if all(field.init for field in dataclasses.fields(_record)):  # every field is a constructor argument
        _FIELDS[_record] = tuple(field.name for field in dataclasses.fields(_record))
        copyreg.pickle(_record, _as_constructor_call)


def default_folder() -> Path:
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "lstm-lint"


def code_fingerprint() -> str:
    """lstm-lint's version, the Python version, and the size and mtime of each of its source files."""
    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    for folder, dirs, files in os.walk(package):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                digest.update(f"{folder[len(str(package)):]}/{name} {status.st_size} {status.st_mtime_ns}\n".encode())
    return f"{__version__}-{digest.hexdigest()[:16]}"


class ResultCache:
    """Results of one command with one set of settings (``namespace``), per file."""

    def __init__(self, namespace: str, folder: Optional[Path] = None) -> None:
        self.root = folder if folder is not None else default_folder()
        self.folder = self.root / code_fingerprint()
        self.namespace = namespace
        self._pruned = False

    def key(self, source: SourceFile) -> str:
        digest = hashlib.sha256(self.namespace.encode())
        digest.update(b"\0" + source.path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update((source.text or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, source: SourceFile) -> Optional[Any]:
        key = self.key(source)
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing, unreadable, truncated or from an incompatible build: a miss
            return None

    def put(self, source: SourceFile, value: Any) -> None:
        """Best effort: a cache that cannot be written (read-only home, full disk) is no cache."""
        key = self.key(source)
        try:
            self._prune_old_versions()
            folder = self.folder / key[:2]
            folder.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when writing: it is slow to import, and hits never write

            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / key)  # atomic: a concurrent run sees all or nothing
        except OSError:
            pass

    def _prune_old_versions(self) -> None:
        """When this version's folder is new, the other versions' folders are stale: remove them."""
        if self._pruned:
            return
        self._pruned = True
        if self.folder.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"  # tells backup tools to skip the folder
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# lstm-lint's cache\n")
        import shutil  # here, not at the top: most runs never prune, and every run starts faster

        for old in self.root.iterdir():
            # Only folders this cache made ("0.1.0-<16 hex digits>"): LSTM_LINT_CACHE_DIR may name a
            # folder that holds other things too, and those are not ours to delete.
            if old.is_dir() and old.name != self.folder.name and VERSION_FOLDER.fullmatch(old.name):
                shutil.rmtree(old, ignore_errors=True)
