"""Finding and reading the Python files a command was given."""
from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from lstm_lint import gitignore
from lstm_lint.gitignore import Ignores

if TYPE_CHECKING:
    from typing import Pattern

# Left out of directory walks unless --exclude replaces them: version control, caches, virtual
# environments, build output (ruff's defaults and flake8's together). Names, matched at any depth.
DEFAULT_EXCLUDES: Tuple[str, ...] = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox",
    ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "CVS",
    "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules", "site-packages",
    "venv", "*.egg", "*.egg-info",
)
_GLOB_SPECIAL = "*?["


class Excludes:
    """Glob patterns that leave files and directories out, read as flake8 and ruff read them: a
    pattern without a ``/`` is matched against the name of every file and directory, at any depth
    (``build``, ``*_pb2.py``); one with a ``/`` against the path, relative to the working directory
    (``src/generated``, ``tests/data/*.py``). fnmatch syntax: ``*`` matches any characters, ``/``
    included, ``?`` one, ``[seq]`` and ``[!seq]`` one of a set."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.names = set()  # plain names: the common case, tested without a regex
        suffixes = []  # "*.egg-info"
        name_globs, path_globs = [], []
        for pattern in patterns:
            pattern = os.path.normcase(pattern.strip())
            if not pattern:
                continue
            if "/" in pattern or os.sep in pattern:
                path_globs.append(os.path.abspath(pattern))
            elif not any(char in _GLOB_SPECIAL for char in pattern):
                self.names.add(pattern)
            elif pattern.startswith("*") and not any(char in _GLOB_SPECIAL for char in pattern[1:]):
                suffixes.append(pattern[1:])
            else:
                name_globs.append(pattern)
        self.suffixes = tuple(suffixes)
        self.name_regex = _globs_regex(name_globs)
        self.path_regex = _globs_regex(path_globs)

    @property
    def by_path(self) -> bool:
        """Whether a pattern looks at paths, not only names (then walks keep absolute paths)."""
        return self.path_regex is not None

    def excludes(self, name: str, absolute: Optional[str]) -> bool:
        """Whether the entry called ``name`` is left out; ``absolute`` is its absolute path (it may be
        None when ``by_path`` is false)."""
        name = os.path.normcase(name)
        if name in self.names or (self.suffixes and name.endswith(self.suffixes)):
            return True
        if self.name_regex is not None and self.name_regex.match(name):
            return True
        return absolute is not None and self.path_regex is not None and \
            self.path_regex.match(os.path.normcase(absolute)) is not None

    def excludes_given(self, path: str) -> bool:
        """Whether a path named on the command line is left out (``--force-exclude``): the path or
        one of its parent directories, up to the working directory, matches a pattern."""
        current = os.path.abspath(path)
        stop = os.getcwd()
        while current != stop:
            name = os.path.basename(current)
            if not name:  # the root of the file system
                return False
            if self.excludes(name, current):
                return True
            current = os.path.dirname(current)
        return False


def _globs_regex(globs: Sequence[str]) -> "Optional[Pattern[str]]":
    if not globs:
        return None
    # Imported only for patterns that need it: a run with the default excludes does without.
    import fnmatch
    import re

    return re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs))


class FileSelection:
    """Which files a directory walk yields (and, with ``force_exclude``, which named files count).
    A plain class: a named tuple's class costs a cached run a millisecond to create."""

    __slots__ = ("exclude", "extend_exclude", "force_exclude", "respect_gitignore")

    def __init__(self, exclude: Tuple[str, ...] = DEFAULT_EXCLUDES, extend_exclude: Tuple[str, ...] = (),
                 force_exclude: bool = False, respect_gitignore: bool = True) -> None:
        self.exclude = exclude  # --exclude replaces the defaults
        self.extend_exclude = extend_exclude
        self.force_exclude = force_exclude  # exclude paths named on the command line too
        self.respect_gitignore = respect_gitignore


DEFAULT_SELECTION = FileSelection()


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


STDIN = "-"  # the path that names standard input


def iter_python_files(paths: Sequence[str], selection: FileSelection = DEFAULT_SELECTION,
                      stdin_name: Optional[str] = None) -> Iterator[str]:
    """Files named on the command line as given, and the ``*.py`` files of directories, walked in
    sorted order, the excluded and git-ignored ones left out. As in ruff, a path named on the
    command line is not excluded itself (unless ``force_exclude``), nor ignored by git: only what
    is found inside a directory is. Symlinked directories are not followed (no loops). ``-``
    (standard input) is given back as it is; ``force_exclude`` leaves it out when ``stdin_name``,
    the name it stands for, is excluded."""
    excludes = Excludes(selection.exclude + selection.extend_exclude)
    for path in paths:
        if selection.force_exclude and excludes.excludes_given(stdin_name if path == STDIN and stdin_name else path):
            continue
        if path != STDIN and os.path.isdir(path):
            yield from _walk(path, excludes, selection.respect_gitignore)
        else:
            yield path


# A directory still to walk: its path, its absolute path (when a pattern needs it), what git
# ignores in it (None when it is not in a work tree) and its path from the top of its work tree.
_Folder = Tuple[str, Optional[str], Optional[Ignores], str]


def _walk(root: str, excludes: Excludes, respect_gitignore: bool) -> Iterator[str]:
    from_git = gitignore.for_directory(root) if respect_gitignore else None
    ignores, relative = from_git if from_git is not None else (None, "")
    stack: List[_Folder] = [(root, os.path.abspath(root) if excludes.by_path else None, ignores, relative)]
    while stack:
        folder, absolute, ignores, relative = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:  # gone, or not readable: skipped, as os.walk does
            continue
        names = {entry.name for entry in entries}
        if respect_gitignore and folder != root:
            if gitignore.GIT in names:  # a nested work tree: its own rules, not its parent's
                ignores, relative = gitignore.work_tree(folder), ""
            elif ignores is not None and gitignore.IGNORE_FILE in names:
                ignores = ignores.with_file(relative, os.path.join(folder, gitignore.IGNORE_FILE))
        subfolders: List[_Folder] = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            path_name = f"{absolute}{os.sep}{name}" if absolute is not None else None
            if excludes.excludes(name, path_name):
                continue
            inside = f"{relative}/{name}" if relative else name
            if ignores is not None and ignores.ignored(inside, is_dir and not entry.is_symlink()):
                continue
            if is_dir:
                if not entry.is_symlink():
                    subfolders.append((os.path.join(folder, name), path_name, ignores, inside))
            elif name.endswith(".py"):
                yield os.path.join(folder, name)
        stack.extend(reversed(subfolders))


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


def read_stdin(name: str) -> SourceFile:
    """Standard input, decoded as a file called ``name``."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return SourceFile(name, None, "no standard input to read")
    try:
        data = stream.read()
    except OSError as error:
        return SourceFile(name, None, error.strerror or str(error))
    return decode_source(name, data)


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
