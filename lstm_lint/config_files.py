"""The configuration files that may apply to a file: ``pyproject.toml``, ``setup.cfg``, ``tox.ini``
and ``.flake8`` in its directory and in every directory above it. They are read here, not parsed
(config.py parses them): a command answering from its result cache only needs to know that they
did not change, and their content, hashed, is part of each cached result's key.

Read once per directory and run. Only the standard library's light modules: a cached run uses it.
"""
from __future__ import annotations

import os
from typing import Dict, Optional, Tuple

try:
    from _blake2 import blake2b  # as in cache.py: hashlib would load OpenSSL
except ImportError:  # an interpreter without CPython's built-in module
    from hashlib import blake2b

# In the order flake8 looks for its own file in a directory (pyproject.toml first: it is read too).
CANDIDATES = ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8")


class Found:
    """A candidate file that exists: its content, or why it cannot be read. (A plain class, as
    files.FileSelection.)"""

    __slots__ = ("path", "content", "error")

    def __init__(self, path: str, content: Optional[bytes], error: Optional[str] = None) -> None:
        self.path = path
        self.content = content
        self.error = error


def _read(path: str) -> Optional[Found]:
    try:
        with open(path, "rb") as handle:
            return Found(path, handle.read())
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as error:
        return Found(path, None, error.strerror or str(error))


class ConfigFiles:
    """The candidate files around each directory, read once."""

    def __init__(self) -> None:
        self._around: Dict[str, Tuple[Found, ...]] = {}
        self._directories: Dict[str, str] = {}
        self._keys: Dict[str, bytes] = {}

    def around(self, directory: str) -> Tuple[Found, ...]:
        """The candidates that exist in the absolute ``directory`` and above it, nearest first."""
        found = self._around.get(directory)
        if found is None:
            own = tuple(entry for entry in (_read(os.path.join(directory, name)) for name in CANDIDATES)
                        if entry is not None)
            parent = os.path.dirname(directory)
            found = own + (self.around(parent) if parent != directory else ())
            self._around[directory] = found
        return found

    def directory_of(self, path: str) -> str:
        """The absolute directory of the file at ``path`` (``-``, standard input, is in the working
        directory, like a name given with ``--stdin-filename``)."""
        folder = os.path.dirname(path)
        absolute = self._directories.get(folder)
        if absolute is None:
            absolute = self._directories[folder] = os.path.abspath(folder or os.curdir)
        return absolute

    def key(self, path: str) -> bytes:
        """A digest of every candidate around the file at ``path``: equal while none changed."""
        directory = self.directory_of(path)
        key = self._keys.get(directory)
        if key is None:
            digest = blake2b(digest_size=16)
            for entry in self.around(directory):
                digest.update(entry.path.encode("utf-8", "surrogateescape") + b"\0")
                if entry.content is not None:
                    digest.update(b"%d\0" % len(entry.content) + entry.content)
                else:
                    digest.update(b"!" + str(entry.error).encode("utf-8", "surrogateescape") + b"\0")
            key = self._keys[directory] = digest.digest()
        return key
