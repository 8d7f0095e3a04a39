"""Reading the Python files that changed between two git revisions, straight from git.

Only what ``lstm-lint diff`` needs: nothing is checked out, the index and the working tree are never
written. Paths are relative to the top level of the repository, as git prints them, wherever in the
repository the command runs.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set

# Blob modes of regular files; a symlink's blob holds its target, a submodule has no blob here.
FILE_MODES = ("100644", "100755")
PYTHON_FILES = "*.py"  # git's pathspec `*` matches across directories: every .py file


class GitError(Exception):
    """git is missing, this is not a repository, or a revision does not exist: a usage error."""


@dataclass(frozen=True)
class FileVersion:
    """One side of a changed file: its path and where its content is."""

    path: str
    blob: Optional[str]  # object id; None for a file in the working tree (read from disk)


@dataclass(frozen=True)
class ChangedFile:
    """A Python file that differs between the revisions; ``old`` is None for an added file, ``new``
    None for a deleted one, and their paths differ for a rename."""

    old: Optional[FileVersion]
    new: Optional[FileVersion]


def _run(args: Sequence[str], cwd: str, stdin: Optional[bytes] = None,
         env: Optional[Dict[str, str]] = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                                env=env, check=False)
    except OSError as error:  # no git executable
        raise GitError(f"cannot run git: {error.strerror or error}") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


class Repository:
    """The git repository around ``cwd``."""

    def __init__(self, cwd: str = ".") -> None:
        try:
            top = _run(["rev-parse", "--show-toplevel"], cwd)
        except GitError as error:
            raise GitError("not in a git repository") from error
        self.top = top.decode("utf-8", "surrogateescape").rstrip("\n")
        if not self.top:  # inside the .git directory, or a bare repository
            raise GitError("not in a git working tree")

    def git(self, *args: str, stdin: Optional[bytes] = None, env: Optional[Dict[str, str]] = None) -> bytes:
        return _run(args, self.top, stdin, env)

    def commit(self, revision: str) -> str:
        """The commit id ``revision`` names; GitError when there is none."""
        if revision.startswith("-"):
            raise GitError(f"not a revision: {revision!r}")
        try:
            out = self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except GitError:
            raise GitError(f"unknown revision {revision!r}") from None
        return out.decode("ascii").strip()

    def changed_python_files(self, base: str, head: Optional[str]) -> List[ChangedFile]:
        """The ``*.py`` files that differ from commit ``base`` to commit ``head``, or, when ``head``
        is None, to the working tree: tracked files as they are on disk, staged or not, and
        untracked files that are not ignored (new files the user has not added yet)."""
        options = ["diff", "--raw", "-z", "--no-abbrev", "--find-renames", "--no-ext-diff", "--no-relative"]
        if head is not None:
            return _parse_raw_diff(self.git(*options, base, head, "--", PYTHON_FILES), in_worktree=False)
        untracked = self.git("ls-files", "--others", "--exclude-standard", "-z", "--", PYTHON_FILES)
        if not untracked:
            return _parse_raw_diff(self.git(*options, base, "--", PYTHON_FILES), in_worktree=True)
        # So that git's rename detection also pairs a deleted file with an untracked one (a plain
        # `mv`), the untracked files are marked "intent to add" in a copy of the index: the
        # user's own index is left as it is.
        index = os.path.join(self.top, self.git("rev-parse", "--git-path", "index").decode().rstrip("\n"))
        with tempfile.TemporaryDirectory(prefix="lstm-lint-") as scratch:
            env = dict(os.environ, GIT_INDEX_FILE=os.path.join(scratch, "index"))
            if os.path.exists(index):
                with open(index, "rb") as source, open(env["GIT_INDEX_FILE"], "wb") as copy:
                    copy.write(source.read())
            self.git("--literal-pathspecs", "add", "--intent-to-add", "--pathspec-from-file=-",
                     "--pathspec-file-nul", stdin=untracked, env=env)
            raw = self.git(*options, base, "--", PYTHON_FILES, env=env)
        return _parse_raw_diff(raw, in_worktree=True)

    def read_blobs(self, blobs: Sequence[str]) -> Dict[str, bytes]:
        """The content of each blob, with one ``git cat-file`` for all of them."""
        wanted = sorted(set(blobs))
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode())
        contents: Dict[str, bytes] = {}
        position = 0
        for blob in wanted:
            header_end = out.index(b"\n", position)
            header = out[position:header_end].decode().split()
            if len(header) != 3:  # "<id> missing": cannot happen for ids git diff just printed
                raise GitError(f"cannot read blob {blob}")
            size = int(header[2])
            contents[blob] = out[header_end + 1:header_end + 1 + size]
            position = header_end + 1 + size + 1  # the content is followed by a newline
        return contents

    def words_in_python_files(self, words: Sequence[str], revision: Optional[str]) -> Set[str]:
        """Which of ``words`` (identifiers) occur as a whole word in some ``*.py`` file of commit
        ``revision``, or, when it is None, of the working tree (untracked files that are not ignored
        included): one ``git grep`` for all of them."""
        if not words:
            return set()
        arguments = ["grep", "-I", "-h", "-o", "-w", "-F", "--no-color"]
        if revision is None:
            arguments.append("--untracked")
        arguments += [argument for word in sorted(set(words)) for argument in ("-e", word)]
        arguments += ([revision] if revision is not None else []) + ["--", PYTHON_FILES]
        try:
            result = subprocess.run(["git", *arguments], cwd=self.top, capture_output=True, check=False)
        except OSError as error:
            raise GitError(f"cannot run git: {error.strerror or error}") from error
        if result.returncode not in (0, 1):  # 1: no match
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(message[-1] if message else "git grep failed")
        found = {line.decode("utf-8", "surrogateescape") for line in result.stdout.splitlines()}
        return set(words) & found

    def read(self, version: FileVersion, blobs: Dict[str, bytes]) -> bytes:
        """A file's content: from ``blobs`` (see ``read_blobs``) or, in the working tree, from disk."""
        if version.blob is not None:
            return blobs[version.blob]
        with open(os.path.join(self.top, version.path), "rb") as handle:
            return handle.read()


def _parse_raw_diff(raw: bytes, in_worktree: bool) -> List[ChangedFile]:
    """``git diff --raw -z`` output: ``:oldmode newmode oldid newid STATUS\\0path\\0`` (two paths
    for a rename or copy). A side that is not a regular file (absent, symlink, submodule) is None."""
    fields = raw.split(b"\0")
    changes: List[ChangedFile] = []
    index = 0
    while index < len(fields) and fields[index].startswith(b":"):
        old_mode, new_mode, old_id, new_id, status = fields[index][1:].decode("ascii").split(" ")
        paths = [field.decode("utf-8", "surrogateescape") for field in fields[index + 1:index + 3]]
        two_paths = status[0] in "RC"
        old_path, new_path = (paths[0], paths[1]) if two_paths else (paths[0], paths[0])
        index += 3 if two_paths else 2
        old = FileVersion(old_path, old_id) if old_mode in FILE_MODES else None
        new: Optional[FileVersion] = None
        if new_mode in FILE_MODES:
            new = FileVersion(new_path, None if in_worktree else new_id)
        if status[0] == "C":
            old = None  # a copy (git only reports them when asked): the original is still there
        if old is not None or new is not None:
            changes.append(ChangedFile(old, new))
    return changes
