"""Finding and reading the Python files a command was given."""
from __future__ import annotations

import os
import stat
from typing import Iterator, NamedTuple, Optional, Sequence, Tuple

# flake8's default exclusions, plus virtual environments, which are never the user's models.
DEFAULT_EXCLUDES = frozenset({
    ".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", ".venv", "venv",
    "node_modules", ".mypy_cache", ".pytest_cache",
})

# What os.stat says of a file's content without reading it: its size, modification time, inode
# number and status-change time (ctime). The size and mtime alone miss an edit that keeps the size
# and sets the mtime back (``touch -d``, ``cp -p``, ``rsync -t``, unpacking an archive); such an
# edit still moves the ctime, which the kernel sets on every write and no user tool can set, and a
# file replaced by another (an editor saving by rename, a checkout) has a new inode.
Stamp = Tuple[int, int, int, int]


class SourceFile(NamedTuple):
    """A file as read. A named tuple, not a dataclass: see records.py."""

    path: str
    text: Optional[str]
    error: Optional[str] = None  # why the file could not be read
    stamp: Optional[Stamp] = None  # taken before the read: the text is at least this new


def file_stamp(status: os.stat_result) -> Stamp:
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


def last_change_ns(stamp: Stamp) -> int:
    """When the file last changed, as far as its stamp can tell: the later of its mtime and ctime.
    On Windows ``st_ctime`` is the creation time, and the mtime alone says it."""
    return max(stamp[1], stamp[3])


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
        # A named pipe or device called *.py would block the read forever (or never end): only
        # regular files are read.
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return SourceFile(path, None, "not a regular file")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return SourceFile(path, None, error.strerror or str(error))
    return decode_source(path, data)._replace(stamp=file_stamp(status))


def decode_source(path: str, data: bytes) -> SourceFile:
    # Imported here: a command answering from its cache reads no file, and tokenize costs start-up.
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except (SyntaxError, LookupError) as error:  # a coding cookie naming no codec, or a BOM it contradicts
        return SourceFile(path, None, f"cannot decode: {error}")
    try:
        return SourceFile(path, data.decode(encoding))
    except UnicodeDecodeError as error:
        # Where, as Python says it ("Non-UTF-8 code starting with '\xff' ... on line 2"), not the
        # byte offset the codec reports.
        line = data.count(b"\n", 0, error.start) + 1
        return SourceFile(path, None, f"cannot decode line {line} as {encoding}: byte "
                                      f"0x{data[error.start]:02x} ({error.reason}); a file in another "
                                      "encoding needs a coding comment (PEP 263)")
    except LookupError as error:
        return SourceFile(path, None, f"cannot decode: {error}")
