""".gitignore files, read as git reads them: a directory walk skips what ``git status`` would not
list as untracked (and what ruff skips by default).

What is read: the ``.gitignore`` of every directory from the top of the work tree down (a deeper
file beats a shallower one, and a later line an earlier one), and ``$GIT_DIR/info/exclude``, below
them all. Not read: the user's global ``core.excludesFile`` (it lives in git's configuration).
Patterns follow gitignore(5) and git's wildmatch: comments, blank lines, ``!`` negation, ``/``
anchoring, a trailing ``/`` for directories only, ``*``, ``?``, ``**``, bracket expressions
(``[a-z]``, ``[!a]``, ``[[:digit:]]``) and backslash escapes, with git's corner cases (a pattern it
cannot parse matches nothing). Case matters, as with git's default ``core.ignorecase=false``.

Only the standard library's light modules: a walk runs in the commands' start-up path.
"""
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

IGNORE_FILE = ".gitignore"
GIT = ".git"  # git never lists its own directory (or a ``.git`` file), ignored or not
_SPECIAL = "*?[\\"  # git's glob-special characters: a pattern without them is a plain name or path

# POSIX classes as wildmatch knows them (ASCII only, as git's own ctype), as regex class contents.
_CLASSES: Dict[str, str] = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9",
    "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\r ",
    "upper": "A-Z", "xdigit": "0-9a-fA-F",
}
_NEVER = "(?!)"  # a regex that matches nothing


def _bracket(pattern: str, index: int) -> Optional[Tuple[str, int]]:
    """The regex for the bracket expression at ``pattern[index]`` (a ``[``) and the index after it,
    as git's wildmatch reads it; None when it is not closed (then the pattern matches nothing)."""
    end = len(pattern)
    index += 1
    negated = index < end and pattern[index] in "!^"
    if negated:
        index += 1
    parts: List[str] = []
    previous: Optional[str] = None  # the last single character, which may start a range
    first = True
    while True:
        if index >= end:
            return None
        char = pattern[index]
        if char == "]" and not first:
            break
        first = False
        if char == "\\":
            index += 1
            if index >= end:
                return None
            char = pattern[index]
            parts.append(re.escape(char))
            previous = char
        elif char == "-" and previous is not None and index + 1 < end and pattern[index + 1] != "]":
            index += 1
            high = pattern[index]
            if high == "\\":
                index += 1
                if index >= end:
                    return None
                high = pattern[index]
            # The range's start was taken as a character of its own already (so "[z-a]" matches
            # "z", as in git); the range adds the others, if any.
            if previous <= high:
                parts.append(f"{re.escape(previous)}-{re.escape(high)}")
            previous = None
        elif char == "[" and pattern.startswith(":", index + 1):
            close = pattern.find("]", index + 2)
            if close < 0:
                return None
            if close - (index + 2) < 1 or pattern[close - 1] != ":":
                parts.append(re.escape("["))  # no ":]": an ordinary "[" (the ":" is read next)
                previous = "["
            else:
                name = pattern[index + 2:close - 1]
                if name not in _CLASSES:
                    return None  # git aborts the match on an unknown class
                parts.append(_CLASSES[name])
                previous = None
                index = close
        else:
            parts.append(re.escape(char))
            previous = char
        index += 1
    body = "".join(parts)
    # A bracket expression never matches "/" in a path (wildmatch's WM_PATHNAME).
    if negated:
        return f"[^/{body}]", index + 1
    return (f"(?!/)[{body}]" if body else _NEVER), index + 1


def translate(pattern: str, start: int = 0) -> Optional[str]:
    """A regex for a gitignore pattern (without its ``!``, leading and trailing ``/``), matched by
    ``fullmatch``; None when it can match nothing. ``start`` is where git's wildmatch begins: git
    compares the literal part before the first special character itself, so ``**`` right after it
    counts as at the start of the pattern (``foo**/bar`` matches ``foox/y/bar``, as in git)."""
    out: List[str] = []
    index = 0
    end = len(pattern)
    while index < end:
        char = pattern[index]
        if char == "*":
            stars = index
            while index < end and pattern[index] == "*":
                index += 1
            after_slash = stars == start or (stars > 0 and pattern[stars - 1] == "/")
            before_slash = index == end or pattern[index] == "/" or pattern.startswith("\\/", index)
            if index - stars >= 2 and after_slash and before_slash:
                if index < end and pattern[index] == "/":
                    out.append("(?:.*/)?")  # zero or more whole directories
                    index += 1
                else:
                    out.append(".*")
            else:
                out.append("[^/]*")
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            bracket = _bracket(pattern, index)
            if bracket is None:
                return None
            regex, index = bracket
            out.append(regex)
            continue
        elif char == "\\":
            index += 1
            if index >= end:
                return None  # a trailing backslash escapes nothing: git never matches it
            out.append(re.escape(pattern[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


class Rule:
    """One pattern line of an ignore file."""

    __slots__ = ("negated", "directory_only", "by_name", "literal", "suffix", "regex")

    def __init__(self, line: str) -> None:
        self.negated = line.startswith("!")
        if self.negated:
            line = line[1:]
        self.directory_only = line.endswith("/")
        if self.directory_only:
            line = line[:-1]
        # Without a slash (but for a trailing one) a pattern matches a name at any depth; with
        # one, a path relative to the ignore file's directory.
        self.by_name = "/" not in line
        if line.startswith("/"):
            line = line[1:]
        self.literal: Optional[str] = None
        self.suffix: Optional[str] = None  # "*.pyc": the common case, tested without a regex
        self.regex: Optional[Pattern[str]] = None
        prefix = next((index for index, char in enumerate(line) if char in _SPECIAL), len(line))
        if prefix == len(line):
            self.literal = line
        elif self.by_name and line.startswith("*") and not any(char in _SPECIAL for char in line[1:]):
            self.suffix = line[1:]
        else:
            regex = translate(line, 0 if self.by_name else prefix)
            self.regex = re.compile(regex if regex is not None else _NEVER, re.DOTALL)

    def matches(self, name: str, relative: str, is_dir: bool) -> bool:
        """Whether it matches the entry called ``name`` at ``relative`` (from its file's directory)."""
        if self.directory_only and not is_dir:
            return False
        text = name if self.by_name else relative
        if self.literal is not None:
            return text == self.literal
        if self.suffix is not None:
            return text.endswith(self.suffix)
        assert self.regex is not None
        return self.regex.fullmatch(text) is not None


def parse(text: str) -> List[Rule]:
    """The rules of an ignore file's text, in order."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rules = []
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if not line or line.startswith("#"):
            continue
        line = _trim_trailing_spaces(line)
        if line and line != "!":  # git skips a bare "!", and a line of spaces only
            rules.append(Rule(line))
    return rules


def _trim_trailing_spaces(line: str) -> str:
    """Trailing spaces go, unless escaped with a backslash (git's trim_trailing_spaces)."""
    cut: Optional[int] = None
    index = 0
    while index < len(line):
        char = line[index]
        if char == " ":
            if cut is None:
                cut = index
        else:
            cut = None
            if char == "\\":
                index += 1  # the escaped character (a space too) stays
        index += 1
    return line if cut is None else line[:cut]


def read_rules(path: str) -> List[Rule]:
    """The rules of the ignore file at ``path``; none when it cannot be read (as git does)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return []
    return parse(data.decode("utf-8", "surrogateescape"))


class IgnoreFile:
    """The rules of one ignore file, for the paths under ``base`` (relative to the top of the work
    tree, with ``/``; empty for the top)."""

    __slots__ = ("base", "rules")

    def __init__(self, base: str, rules: Sequence[Rule]) -> None:
        self.base = base
        self.rules = tuple(rules)


class Ignores:
    """What applies in one directory of a work tree: the ignore files from the top down to it."""

    __slots__ = ("files",)

    def __init__(self, files: Tuple[IgnoreFile, ...]) -> None:
        self.files = files  # lowest precedence first: info/exclude, then the top's .gitignore, ...

    def ignored(self, relative: str, is_dir: bool) -> bool:
        """Whether git ignores the entry at ``relative`` (from the top, with ``/``), its parent
        directories not being ignored: the last matching rule of the deepest file decides."""
        name = relative.rpartition("/")[2]
        if name == GIT:
            return True
        for ignore_file in reversed(self.files):
            if ignore_file.base:
                if not relative.startswith(ignore_file.base + "/"):
                    continue
                inside = relative[len(ignore_file.base) + 1:]
            else:
                inside = relative
            for rule in reversed(ignore_file.rules):
                if rule.matches(name, inside, is_dir):
                    return not rule.negated
        return False

    def with_file(self, relative: str, path: str) -> Ignores:
        """These and the ignore file at ``path``, in the directory at ``relative`` (from the top)."""
        rules = read_rules(path)
        if not rules:
            return self
        return Ignores(self.files + (IgnoreFile(relative, rules),))


def _git_dir(top: str) -> Optional[str]:
    """The repository directory of the work tree at ``top``: ``.git``, or where a ``.git`` file
    (a linked work tree, a submodule) points."""
    dot_git = os.path.join(top, GIT)
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8", errors="surrogateescape") as handle:
            first = handle.readline().strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    return os.path.join(top, first[len("gitdir:"):].strip())


def _exclude_rules(top: str) -> List[Rule]:
    """``info/exclude`` of the repository (a linked work tree shares its main repository's)."""
    git_dir = _git_dir(top)
    if git_dir is None:
        return []
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8", errors="surrogateescape") as handle:
            git_dir = os.path.join(git_dir, handle.read().strip())
    except OSError:
        pass
    return read_rules(os.path.join(git_dir, "info", "exclude"))


def work_tree(top: str) -> Ignores:
    """The ignores at the top of a work tree: info/exclude and the top's ``.gitignore``."""
    return Ignores((IgnoreFile("", _exclude_rules(top)),)).with_file("", os.path.join(top, IGNORE_FILE))


def work_tree_top(directory: str) -> Optional[str]:
    """The top of the git work tree ``directory`` is in: the nearest directory, itself or above,
    that holds a ``.git`` (a directory, or a file for linked work trees and submodules)."""
    current = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(current, GIT)):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def for_directory(directory: str) -> Optional[Tuple[Ignores, str]]:
    """The ignores that apply inside ``directory`` (the ``.gitignore`` files from the top of its
    work tree down to its own, and info/exclude) and its path from the top (with ``/``, empty for
    the top); None outside a work tree, where git ignores nothing."""
    top = work_tree_top(directory)
    if top is None:
        return None
    ignores = work_tree(top)
    relative = os.path.relpath(os.path.abspath(directory), top)
    if relative == os.curdir:
        return ignores, ""
    parts = relative.split(os.sep)
    for depth in range(1, len(parts) + 1):
        ignores = ignores.with_file("/".join(parts[:depth]), os.path.join(top, *parts[:depth], IGNORE_FILE))
    return ignores, "/".join(parts)
