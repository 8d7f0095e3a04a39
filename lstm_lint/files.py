"""Finding and reading the Python files a command was given."""
from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

# flake8's default exclusions, plus virtual environments, which are never the user's models.
DEFAULT_EXCLUDES = frozenset({
    ".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", ".venv", "venv",
    "node_modules", ".mypy_cache", ".pytest_cache",
})


@dataclass
class SourceFile:
    path: str
    text: Optional[str]
    error: Optional[str] = None  # why the file could not be read


def iter_python_files(paths: Sequence[str]) -> Iterator[str]:
    """Files named on the command line as given; directories walked for ``*.py`` in sorted order.
    Symlinked directories are not followed (no loops)."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDES and not d.endswith(".egg-info"))
                for name in sorted(files):
                    if name.endswith(".py"):
                        yield os.path.join(root, name)
        else:
            yield path


def read_source(path: str) -> SourceFile:
    """Decode as Python does (PEP 263 coding cookie, BOM, UTF-8 default)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return SourceFile(path, None, error.strerror or str(error))
    return decode_source(path, data)


def decode_source(path: str, data: bytes) -> SourceFile:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return SourceFile(path, data.decode(encoding))
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        return SourceFile(path, None, f"cannot decode: {error}")


def read_all(paths: Sequence[str]) -> List[SourceFile]:
    return [read_source(path) for path in iter_python_files(paths)]
