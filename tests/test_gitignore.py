"""The .gitignore matcher against git itself: for a table of patterns and paths, what lstm-lint
ignores is what ``git check-ignore`` says, and a directory walk finds what
``git ls-files --others --exclude-standard`` lists. git is the ground truth."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

from lstm_lint import gitignore
from lstm_lint.files import FileSelection, iter_python_files

# Each case: its ignore files (path -> content) and the paths to ask about ("/" at the end: a
# directory). Every case lives in a folder of its own, where its patterns apply.
CASES: List[Tuple[Dict[str, str], List[str]]] = [
    # comments, blank lines, escapes of "#" and "!", trailing spaces, CRLF line ends
    ({".gitignore": "# comment\n\n   \n\\#hash.py\n\\!bang.py\n"}, ["#hash.py", "!bang.py", "comment", "# comment"]),
    ({".gitignore": "space.py   \nesc.py\\ \ncrlf.py\r\n"}, ["space.py", "esc.py ", "esc.py", "crlf.py"]),
    ({".gitignore": "!\n/\n"}, ["x.py", "d/"]),
    # a name without a slash matches at any depth; a directory takes what is inside with it
    ({".gitignore": "*.pyc\n"}, ["a.pyc", "d/b.pyc", "c.py", "d/c.pyc.py"]),
    ({".gitignore": "target\n"}, ["target/x.py", "sub/target", "sub/targets.py", "target.py"]),
    ({".gitignore": "*.PY\n"}, ["a.PY", "a.py"]),
    # a trailing slash: directories only
    ({".gitignore": "build/\n"}, ["build/", "build/x.py", "src/build/", "src/build/y.py", "src/builder.py",
                                  "lib/build"]),
    ({".gitignore": "dir/sub/\n"}, ["dir/sub/", "dir/sub/a.py", "x/dir/sub/a.py", "other/sub/b.py"]),
    # a leading or middle slash anchors the pattern to the file's directory
    ({".gitignore": "/root.py\nsub/only.py\n"}, ["root.py", "x/root.py", "sub/only.py", "a/sub/only.py"]),
    ({".gitignore": "a/*.py\n"}, ["a/x.py", "a/b/x.py", "b/a/x.py"]),
    # negation; no file comes back from a directory that is itself ignored
    ({".gitignore": "*.py\n!keep*.py\n"}, ["a.py", "keep.py", "keep_me.py", "d/keep2.py", "d/b.py"]),
    ({".gitignore": "out/\n!out/keep.py\n"}, ["out/keep.py", "out/x.py"]),
    ({".gitignore": "out/*\n!out/keep.py\n"}, ["out/keep.py", "out/x.py", "out/sub/z.py"]),
    ({".gitignore": "*\n!*/\n!*.py\n"}, ["a.py", "a.txt", "d/b.py", "d/c.txt"]),
    ({".gitignore": "**\n!*.py\n"}, ["a.py", "d/b.py"]),
    # **
    ({".gitignore": "**/logs\n"}, ["logs/", "logs/a.py", "x/logs/b.py", "x/y/logs/", "x/ylogs/c.py"]),
    ({".gitignore": "a/**/b.py\n"}, ["a/b.py", "a/x/b.py", "a/x/y/b.py", "xa/b.py", "a/xb.py"]),
    ({".gitignore": "docs/**\n!docs/keep.py\n"}, ["docs/", "docs/keep.py", "docs/a.py", "docs/sub/x.py"]),
    ({".gitignore": "abc/**\n"}, ["abc/", "abc/x.py", "abc/y/z.py"]),
    ({".gitignore": "/**/deep.py\n"}, ["deep.py", "x/deep.py", "x/y/deep.py"]),
    ({".gitignore": "x**y.py\nm/n**o.py\n"}, ["xy.py", "xaay.py", "q/xzy.py", "m/no.py", "m/nzo.py", "m/n/z/o.py"]),
    ({".gitignore": "foo**/bar.py\n"}, ["foox/y/bar.py", "foo/bar.py", "foobar.py", "fo/bar.py"]),
    ({".gitignore": "**/cache/\n/*.tmp.py\nlib/**/\n"},
     ["cache/", "cache/a.py", "x/cache/b.py", "y/cache", "a.tmp.py", "d/b.tmp.py", "lib/a.py", "lib/sub/b.py"]),
    ({".gitignore": "*.py/\nd/\\*.py\nsp\\ ace.py\n"},
     ["pkg.py/", "pkg.py/x.py", "m.py", "d/*.py", "d/a.py", "sp ace.py", "sp\\ ace.py"]),
    # ? and bracket expressions
    ({".gitignore": "?.py\n"}, ["a.py", "ab.py", "d/b.py"]),
    ({".gitignore": "[abc].py\n[!x-z]z.py\n"}, ["a.py", "d.py", "az.py", "xz.py", "bz.py"]),
    ({".gitignore": "[[:digit:]]*.py\n[[:upper:]].py\n"}, ["1a.py", "a1.py", "A.py", "a.py"]),
    ({".gitignore": "[a-]*.py\n[]]x.py\n[!]]y.py\n"}, ["-x.py", "ax.py", "bx.py", "]x.py", "ay.py", "]y.py"]),
    ({".gitignore": "[z-a]q.py\n[[:bogus:]]b.py\n[[:a]c.py\n"},
     ["zq.py", "aq.py", "xb.py", "ac.py", ":c.py", "[c.py", "bc.py"]),
    ({".gitignore": "[abc.py\nok[.py\nback\\\n"}, ["[abc.py", "a.py", "ok[.py", "back", "back\\"]),
    ({".gitignore": "d/[ab]/*.py\n"}, ["d/a/x.py", "d/c/x.py", "d/a/y/x.py"]),
    # nested ignore files: each anchors to its own directory, and the deeper one decides
    ({".gitignore": "*.py\n", "sub/.gitignore": "!keep.py\n"}, ["a.py", "sub/keep.py", "sub/other.py", "keep.py"]),
    ({"sub/.gitignore": "/local.py\n*.tmp.py\n"}, ["sub/local.py", "sub/deeper/local.py", "local.py",
                                                   "sub/x.tmp.py", "y.tmp.py"]),
    ({".gitignore": "!from_exclude.py\n"}, ["from_exclude.py"]),  # info/exclude, which the .gitignore beats
    ({}, ["from_exclude.py", "d/from_exclude.py"]),
]
INFO_EXCLUDE = "from_exclude.py\n"


def git(repository: Path, *args: str, stdin: bytes = b"") -> bytes:
    # Only the repository's own rules: no global or system configuration (core.excludesFile).
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HOME=str(repository),
               XDG_CONFIG_HOME=str(repository))
    return subprocess.run(["git", *args], cwd=repository, input=stdin, capture_output=True, env=env,
                          check=True).stdout


def all_paths(paths: List[str]) -> List[str]:
    """The paths and every directory above them, directories ending in "/"."""
    found: Set[str] = set()
    for path in paths:
        parts = path.rstrip("/").split("/")
        found.update("/".join(parts[:depth]) + "/" for depth in range(1, len(parts)))
        found.add(path)
    return sorted(found)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("ignores")
    git(top, "init", "-q")
    (top / ".git" / "info").mkdir(exist_ok=True)
    (top / ".git" / "info" / "exclude").write_text(INFO_EXCLUDE)
    for number, (files, paths) in enumerate(CASES):
        case = top / f"case{number}"
        case.mkdir()
        for name, content in files.items():
            (case / name).parent.mkdir(parents=True, exist_ok=True)
            (case / name).write_bytes(content.encode())
        for path in paths:
            target = case / path
            if path.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("")
    return top


def ignored_by_us(top: Path, path: str) -> bool:
    """What a walk decides: the path, or a directory above it, is ignored where the walk meets it."""
    parts = path.rstrip("/").split("/")
    for depth in range(1, len(parts) + 1):
        found = gitignore.for_directory(str(top.joinpath(*parts[:depth - 1])))
        assert found is not None
        ignores, relative = found
        entry = "/".join(part for part in (relative, parts[depth - 1]) if part)
        if ignores.ignored(entry, path.endswith("/") or depth < len(parts)):
            return True
    return False


def test_each_pattern_matches_what_git_check_ignore_matches(repository: Path) -> None:
    asked = [f"case{number}/{path}" for number, (_, paths) in enumerate(CASES) for path in all_paths(paths)]
    # Asked without a trailing "/": git finds out itself which paths are directories.
    query = "".join(f"{path.rstrip('/')}\0" for path in asked).encode()
    out = git(repository, "check-ignore", "--stdin", "-z", stdin=query)
    by_git = {path for path in out.decode().split("\0") if path}
    assert len(by_git) > 80 and len(asked) - len(by_git) > 80  # both answers are well represented
    for path in asked:
        assert ignored_by_us(repository, path) == (path.rstrip("/") in by_git), path


def test_a_walk_finds_what_git_lists_as_untracked(repository: Path) -> None:
    listed = git(repository, "ls-files", "--others", "--exclude-standard", "-z").decode().split("\0")
    by_git = sorted(path for path in listed if path.endswith(".py"))
    walked = iter_python_files([str(repository)], FileSelection(exclude=()))
    by_us = sorted(os.path.relpath(path, repository).replace(os.sep, "/") for path in walked)
    assert by_us == by_git
    assert len(by_git) > 20  # the table leaves plenty of files in


def test_a_walk_from_inside_the_work_tree_reads_the_ignore_files_above(repository: Path) -> None:
    nested = {".gitignore": "*.py\n", "sub/.gitignore": "!keep.py\n"}
    inner = repository / f"case{[files for files, _ in CASES].index(nested)}" / "sub"
    assert [Path(path).name for path in iter_python_files([str(inner)])] == ["keep.py"]


def test_outside_a_work_tree_nothing_is_ignored(tmp_path: Path) -> None:
    if gitignore.work_tree_top(str(tmp_path)) is not None:
        pytest.skip("the temporary folder is inside a git work tree")
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "model.py").write_text("")
    assert gitignore.for_directory(str(tmp_path)) is None
    assert list(iter_python_files([str(tmp_path)])) == [str(tmp_path / "model.py")]


def test_a_nested_work_tree_has_its_own_rules(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("generated.py\n")
    inner = tmp_path / "vendor" / "lib"
    inner.mkdir(parents=True)
    git(inner, "init", "-q")
    (inner / ".gitignore").write_text("local.py\n")
    for folder in (tmp_path, inner):
        for name in ("generated.py", "local.py", "model.py"):
            (folder / name).write_text("")
    walked = [os.path.relpath(path, tmp_path) for path in iter_python_files([str(tmp_path)])]
    assert walked == ["local.py", "model.py", os.path.join("vendor", "lib", "generated.py"),
                      os.path.join("vendor", "lib", "model.py")]


@pytest.mark.parametrize("pattern, name, expected", [
    ("*.py", "a.py", True), ("a?c", "abc", True), ("a?c", "a/c", False), ("[!a]b", "cb", True),
    ("a/**", "a/b/c", True), ("**/c", "c", True), ("a\\*", "a*", True), ("a\\*", "ab", False),
])
def test_translate(pattern: str, name: str, expected: bool) -> None:
    import re

    regex = gitignore.translate(pattern)
    assert regex is not None
    assert (re.fullmatch(regex, name) is not None) == expected


def test_patterns_git_cannot_parse_match_nothing() -> None:
    assert gitignore.translate("[abc") is None
    assert gitignore.translate("abc\\") is None
    assert gitignore.translate("[[:nope:]]") is None
