"""Where ``import config`` or ``from .models.blocks import build`` finds a file of the user's own
project, decided from the file system alone (nothing is imported).

What is read, and why it is safe:

* Only files below the project's root: the nearest folder above the analysed file holding a
  ``pyproject.toml``, a ``setup.cfg`` or a ``.git``, or the file's own folder when there is none.
  Nothing in ``site-packages`` / ``dist-packages`` is ever read.
* A relative import (``from . import config``, ``from ..x import y``) names one module of the
  file's package in every run in which it succeeds (where it fails, the run stops there), so it is
  read when the file is in a package (its folder has ``__init__.py``).
* An absolute import (``import config``, ``from pkg.sub import f``) is looked up where Python may
  look first: the file's own folder (``sys.path[0]`` for ``python script.py``) and the folder
  holding the file's top package (``sys.path[0]`` for ``python -m pkg.script`` run from there, or
  the package installed from its checkout). When both hold a module of that name and they are not
  the same file, which one runs depends on how the program is started: its names are unknown.
* A name Python could find elsewhere first or instead — a module of the standard library, a
  built-in module, or one importable from this interpreter's own path outside the project (an
  installed package) — is never read from the project, even when a file of the project has that
  name: ``import json`` is the standard library's, ``import keras`` the installed Keras.
* A namespace package (a folder without ``__init__.py``) is not read: its parts may lie anywhere
  on the path.

Every path probed is recorded (``ProjectModules.probed``), with whether it existed, so that a
cached result can be thrown away when one appears, disappears or changes.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple, Union

# Modules Python finds before any folder of the path, or that are the standard library's.
_STANDARD = frozenset(sys.builtin_module_names) | frozenset(getattr(sys, "stdlib_module_names", ()))
# The files that mark a project's root folder.
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", ".git")
# Folders of installed packages: never the project's own code, wherever they lie.
_INSTALLED_FOLDERS = ("site-packages", "dist-packages")


@dataclass(frozen=True)
class ModuleFile:
    """A module of the project: its dotted name as Python would import it, its file, whether it is
    a package (``__init__.py``), and whether it is a package the analysed file is in (Python ran
    it before the file: lstm-lint does not run it again)."""

    name: str
    path: str
    is_package: bool
    encloses_file: bool = False
    base: str = ""  # the folder its top package (or itself) is in: where Python found it


@dataclass(frozen=True)
class NotFound:
    """A project import that cannot be read, and why (the names it binds are unknown).
    ``may_run``: a module that Python does run there, only not one lstm-lint can tell."""

    reason: str
    may_run: bool = False


@dataclass(frozen=True)
class _Outside(NotFound):
    """A module found outside the project's root: never read."""

    path: str = ""


# What a lookup gives: the module's file, why it cannot be read, or None when the name is not the
# project's (the standard library's, an installed package's, nowhere to be found).
Resolution = Union[ModuleFile, NotFound, None]


# A path an analysis looked at: whether it was a file, and the text read from it (None: not read).
Dependency = Tuple[str, bool, Optional[str]]
# How a module's text is read: its text, or None when it cannot be read (may raise OSError).
ModuleReader = Callable[[str], Optional[str]]


def _is_file(path: str) -> bool:
    return os.path.isfile(path)


def project_root(folder: str) -> str:
    """The nearest folder from ``folder`` up holding a root marker; ``folder`` itself when none does."""
    current = folder
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return folder
        current = parent


@lru_cache(maxsize=512)
def _installed(top: str, excluded: FrozenSet[str]) -> bool:
    """Whether this interpreter could import ``top`` from its own path outside ``excluded`` folders."""
    if top in _STANDARD:
        return True
    from importlib.machinery import PathFinder

    entries = [entry for entry in sys.path if entry and os.path.abspath(entry) not in excluded
               and not any(os.path.abspath(entry).startswith(folder + os.sep) for folder in excluded)]
    try:
        return PathFinder.find_spec(top, entries) is not None
    except (ImportError, ValueError, OSError):
        return True  # cannot tell: not the project's to read


@dataclass
class ProjectModules:
    """The project around one analysed file: finds the files its imports name."""

    file_path: str
    # How a module's text is read (the disk by default; an editor's open buffer in the language
    # server). None: it cannot be read.
    read: ModuleReader = field(default=lambda path: read_disk(path))
    probed: Dict[str, bool] = field(default_factory=dict)  # every path looked at -> whether it was a file
    read_texts: Dict[str, str] = field(default_factory=dict)  # the text of every module read

    def __post_init__(self) -> None:
        self._located = False
        self._root: Optional[str] = None
        self.folder = self.package_root = self.package = self.module_name = ""

    def locate(self) -> None:
        """Where the file is: its folder and its package. Found at the first import that needs
        it, as the project's root is at the first module found: a file that imports no module of
        its own costs a few look-ups of names next to it."""
        if self._located:
            return
        self._located = True
        self.folder = os.path.dirname(os.path.abspath(self.file_path))
        package: List[str] = []
        top = self.folder
        while self._exists(os.path.join(top, "__init__.py")) and os.path.dirname(top) != top:
            package.insert(0, os.path.basename(top))
            top = os.path.dirname(top)
        # The dotted name of the file's package ("" when it is in none), and the folder above it.
        self.package = ".".join(package)
        self.package_root = top
        stem = os.path.splitext(os.path.basename(self.file_path))[0]
        self.module_name = ".".join(package + ([] if stem == "__init__" else [stem]))

    @property
    def root(self) -> str:
        if self._root is None:
            self.locate()
            self._root = project_root(self.folder)
        return self._root

    def _exists(self, path: str) -> bool:
        found = self.probed.get(path)
        if found is None:
            found = self.probed[path] = _is_file(path)
        return found

    def _inside(self, path: str) -> bool:
        return (path == self.root or path.startswith(self.root + os.sep)) and not any(
            part in _INSTALLED_FOLDERS for part in path.split(os.sep))

    def find_in(self, base: str, dotted: str, enclosing: str) -> Resolution:
        """``dotted`` below folder ``base`` (which holds its first part); ``enclosing``: the dotted
        name of the analysed file's package, whose packages Python imported before the file."""
        parts = dotted.split(".")
        folder = base
        found: Resolution = None
        for index, part in enumerate(parts):
            name = ".".join(parts[:index + 1])
            init = os.path.join(folder, part, "__init__.py")
            plain = os.path.join(folder, part + ".py")
            if self._exists(init):
                encloses = enclosing == name or enclosing.startswith(name + ".")
                found = ModuleFile(name, init, True, encloses, base)
                folder = os.path.join(folder, part)
            elif self._exists(plain) and index == len(parts) - 1:
                found = ModuleFile(name, plain, False, False, base)
            elif index == 0:
                return None  # not a module of this folder
            else:
                return NotFound(f"module {name} is not a file of the project")
            if not self._inside(found.path):
                return _Outside("outside the project", False, found.path)
        return found

    def absolute(self, dotted: str) -> Resolution:
        """``import dotted``: the project's module, why it cannot be read, or None when it is not
        the project's."""
        top = dotted.split(".")[0]
        if top in _STANDARD:
            return None
        self.locate()
        found: Dict[str, ModuleFile] = {}
        outside: List[str] = []
        for base in dict.fromkeys((self.folder, self.package_root)):
            enclosing = self.package if base == self.package_root else ""
            resolution = self.find_in(base, dotted, enclosing)
            if isinstance(resolution, _Outside):
                outside.append(resolution.path)
            elif isinstance(resolution, NotFound):
                return resolution
            elif resolution is not None:
                found[resolution.path] = resolution
        if not found:
            return None
        if outside:
            # A module of that name outside the project, where another way of running looks first.
            return NotFound(f"module {dotted} may be {os.path.relpath(outside[0], self.root)}, outside the "
                            "project, depending on how the program is run", may_run=True)
        if _installed(top, frozenset({self.root})):
            return None  # an installed module of that name may be the one Python imports
        if len(found) > 1:
            paths = " or ".join(sorted(os.path.relpath(path, self.root) for path in found))
            return NotFound(f"module {dotted} is {paths}, depending on how the program is run", may_run=True)
        return next(iter(found.values()))

    def relative(self, level: int, dotted: Optional[str], package: Optional[str] = None,
                 base: Optional[str] = None) -> Resolution:
        """``from .dotted import ...`` (``level`` dots) in a module of ``package`` found in folder
        ``base`` (the analysed file's package and its folder when None)."""
        self.locate()
        if package is None:
            package, base = self.package, self.package_root
        if not package:
            return NotFound("a relative import outside a package raises ImportError")
        parts = package.split(".")
        if level - 1 >= len(parts):
            return NotFound("a relative import beyond the top package raises ImportError")
        base_parts = parts[:len(parts) - (level - 1)]
        target = ".".join(base_parts + ([dotted] if dotted else []))
        resolution = self.find_in(base or self.package_root, target,
                                  self.package if base == self.package_root else "")
        if isinstance(resolution, _Outside):
            return NotFound(f"module {target} is outside the project")
        if resolution is None:
            return NotFound(f"module {target} is not a file of the project")
        return resolution

    def text_of(self, module: ModuleFile) -> Union[str, NotFound]:
        text = self.read_texts.get(module.path)
        if text is not None:
            return text
        try:
            text = self.read(module.path)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            return NotFound(f"module {module.name} could not be read: {error}")
        if text is None:
            return NotFound(f"module {module.name} could not be read")
        self.read_texts[module.path] = text
        return text

    def dependencies(self) -> Tuple[Dependency, ...]:
        """Every path probed: whether it was a file, and the text read from it (None: not read)."""
        return tuple((path, exists, self.read_texts.get(path)) for path, exists in sorted(self.probed.items()))


def read_disk(path: str) -> Optional[str]:
    with open(path, "rb") as stream:
        data = stream.read()
    return data.decode("utf-8")


__all__ = ["Dependency", "ModuleFile", "ModuleReader", "NotFound", "ProjectModules", "Resolution", "project_root",
           "read_disk"]
