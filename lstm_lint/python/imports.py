"""Imports of the project's own modules (``from .config import UNITS``, ``import models.blocks``),
read and evaluated by the same evaluator, never imported.

A module is evaluated once per analysis, where the import first runs, in a module scope of its own
(``__name__`` its dotted name, so its ``if __name__ == "__main__":`` block does not run). Its
functions and classes are then the evaluator's like the file's own; what its code makes is marked
as the imported module's (``Evaluator.foreign_depth``, ``Evaluator.importing``) so that the host can
keep it out of the file's report. A module that cannot be followed in every run gives unknown
names, each with a reason:

* the import runs on some paths only (under an undecided ``if``, in a loop of unknown length, ...):
  where it first ran, and so what it made and when, differs between runs;
* a cycle (a module imported while it is being evaluated, the analysed file included);
* deeper than MAX_IMPORT_DEPTH imports, more than MAX_MODULES modules, or over MAX_MODULE_CHARS;
* a file that cannot be read or parsed, or whose top level raises.

The packages the analysed file is in ran before it (Python imports a package before its modules):
they are not run again, and a name taken from one of them (not a submodule) is unknown.
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Set, Union

import libcst as cst

from lstm_lint.python.objects import RAISE, ModuleObject, Scope
from lstm_lint.python.project import ModuleFile, NotFound, ProjectModules, Resolution
from lstm_lint.values import Cause, Unknown

if TYPE_CHECKING:
    from lstm_lint.python.evaluator import Evaluator

MAX_IMPORT_DEPTH = 3  # imports inside imported modules, nested
MAX_MODULES = 8  # modules of the project read per analysis: each costs a parse and an evaluation
MAX_MODULE_CHARS = 30_000  # an imported module longer than this is not read (a parse costs ~3.5 us a node)

# Parses a module's text: its libcst tree, or why it cannot be parsed (a message).
Parser = Callable[[str, str], Union[cst.Module, str]]


def unread(line: int, column: int, name: str, reason: str) -> Unknown:
    return Unknown(Cause(line, column, "`{}` is unknown: {}", (name, reason)))


class ProjectImports:
    """The evaluator's imports of project modules (``Evaluator.project``)."""

    def __init__(self, evaluator: Evaluator, modules: ProjectModules, parse: Parser) -> None:
        self.evaluator = evaluator
        self.modules = modules
        self.parse = parse
        self.loaded: Dict[str, Union[ModuleObject, NotFound]] = {}  # path -> the module, or why not
        # The modules being evaluated. The analysed file counts: a module importing it back would
        # run it again from its start (as ``__main__`` it is not the module its name imports).
        self.running: Set[str] = {os.path.abspath(modules.file_path)}
        self.cyclic: Set[str] = set()  # the modules of an import cycle
        self.depth = 0
        self.scopes: List[Scope] = []  # every imported module's scope: roots of the heap's walks

    # ---- from an import statement ----

    def absolute(self, dotted: str) -> Resolution:
        return self.modules.absolute(dotted)

    def relative(self, level: int, dotted: Optional[str], scope: Scope) -> Resolution:
        context = self.module_of(scope)
        if context is None:
            return self.modules.relative(level, dotted)
        package = context.name if context.file.is_package else context.name.rpartition(".")[0]
        return self.modules.relative(level, dotted, package, context.file.base)

    def module_of(self, scope: Scope) -> Optional[ModuleObject]:
        """The imported module whose code ``scope`` is in; None for the analysed file's."""
        for module in self.loaded.values():
            if isinstance(module, ModuleObject) and module.scope is scope.module:
                return module
        return None

    def chain(self, found: ModuleFile) -> List[ModuleFile]:
        """The packages Python imports before ``found`` (``a``, ``a.b`` for ``a.b.c``), then ``found``."""
        parts = found.name.split(".")
        chain: List[ModuleFile] = []
        for index in range(1, len(parts)):
            resolution = self.modules.find_in(found.base, ".".join(parts[:index]), self.enclosing(found))
            if isinstance(resolution, ModuleFile):
                chain.append(resolution)
        chain.append(found)
        return chain

    def enclosing(self, file: ModuleFile) -> str:
        """The analysed file's package as seen from where ``file`` was found."""
        return self.modules.package if file.base == self.modules.package_root else ""

    def load(self, found: ModuleFile) -> Union[ModuleObject, NotFound]:
        """The module ``found`` with its packages, evaluated if not yet, or why it cannot be; the
        parent packages get their submodules as attributes, as Python sets them."""
        parent: Optional[ModuleObject] = None
        result: Union[ModuleObject, NotFound, None] = None
        for file in self.chain(found):
            result = self.load_one(file)
            if isinstance(result, NotFound):
                return result
            if parent is not None:
                self.evaluator.heap.touch(parent.scope)
                parent.scope.vars[file.name.rpartition(".")[2]] = result
            parent = result
        assert isinstance(result, ModuleObject)
        return result

    def load_one(self, file: ModuleFile) -> Union[ModuleObject, NotFound]:
        known = self.loaded.get(file.path)
        if known is not None:
            return known
        if file.encloses_file:
            module = ModuleObject(file.name, file, Scope(None, kind="module"), complete=False)
            module.scope.vars["__name__"] = file.name
            self.loaded[file.path] = module
            return module
        refused = self.refusal(file)
        if refused is not None:
            self.not_followed(file)
            return refused
        failure = self.read(file)
        if isinstance(failure, NotFound):
            self.loaded[file.path] = failure
            self.not_followed(file)
            return failure
        module = ModuleObject(file.name, file, Scope(None, kind="module"))
        module.scope.vars["__name__"] = file.name
        self.loaded[file.path] = module
        self.scopes.append(module.scope)
        if self.run(module, failure) is RAISE:
            self.loaded[file.path] = NotFound(f"module {file.name} raises when imported")
            return self.loaded[file.path]
        if file.path in self.cyclic:
            self.loaded[file.path] = NotFound(f"module {file.name} is in an import cycle")
            return self.loaded[file.path]
        return module

    def not_followed(self, file: ModuleFile) -> None:
        """A module of the project that may run here (or may have, on some paths) without being
        followed: if its code may use Keras, what it makes uses up Keras's default names, so the
        host's names from here on are not to be trusted."""
        text = self.modules.text_of(file)
        if isinstance(text, NotFound) or "keras" in text:
            self.evaluator.host.lost_track()

    def read(self, file: ModuleFile) -> Union[cst.Module, NotFound]:
        text = self.modules.text_of(file)
        if isinstance(text, NotFound):
            return text
        if len(text) > MAX_MODULE_CHARS:
            return NotFound(f"module {file.name} has {len(text):,} characters, over the limit of "
                            f"{MAX_MODULE_CHARS:,} for an imported module")
        tree = self.parse(text, file.path)
        if isinstance(tree, str):
            return NotFound(f"module {file.name} could not be parsed: {tree}")
        return tree

    def refusal(self, file: ModuleFile) -> Optional[NotFound]:
        """Why ``file`` is not evaluated here, where it is imported (None: it is)."""
        evaluator = self.evaluator
        if file.path in self.running:
            # Python would give the module as far as it ran, or run the file again as a module:
            # every module of the cycle is unknown.
            self.cyclic.update(self.running)
            return NotFound(f"module {file.name} is imported while it is being imported (an import cycle)")
        if not evaluator.decided():
            return NotFound(f"module {file.name} is imported on some paths only")
        if self.depth >= MAX_IMPORT_DEPTH:
            return NotFound(f"module {file.name} is imported more than {MAX_IMPORT_DEPTH} imports deep")
        if sum(isinstance(module, ModuleObject) for module in self.loaded.values()) >= MAX_MODULES:
            return NotFound(f"more than {MAX_MODULES} modules of the project are imported")
        return None

    def run(self, module: ModuleObject, tree: cst.Module) -> Any:
        evaluator = self.evaluator
        self.running.add(module.file.path)
        self.depth += 1
        evaluator.importing += 1
        evaluator.frames.append(module.scope)
        try:
            return evaluator.exec_block(tree.body, module.scope)
        finally:
            evaluator.frames.pop()
            evaluator.importing -= 1
            self.depth -= 1
            self.running.discard(module.file.path)

    # ---- names of a module ----

    def member(self, module: ModuleObject, name: str, site: cst.CSTNode) -> Any:
        """``from module import name``: its value, a submodule, or unknown with a reason."""
        if name in module.scope.vars:
            return module.scope.vars[name]
        evaluator = self.evaluator
        line, column = evaluator.line_of(site), evaluator.column_of(site)
        if module.file.is_package:
            submodule = self.modules.find_in(module.file.base, f"{module.name}.{name}", self.enclosing(module.file))
            if isinstance(submodule, ModuleFile) and not (not module.complete and self.mentions(module, name)):
                loaded = self.load_one(submodule)
                if isinstance(loaded, NotFound):
                    return unread(line, column, name, loaded.reason)
                if module.complete:
                    evaluator.heap.touch(module.scope)
                    module.scope.vars[name] = loaded
                return loaded
        if not module.complete:
            return unread(line, column, name, f"package {module.name} ran before this file; "
                                              "lstm-lint does not follow it")
        return unread(line, column, name, f"module {module.name} has no `{name}` where it is imported")

    def mentions(self, module: ModuleObject, name: str) -> bool:
        """Whether the package's ``__init__.py`` (not run) may bind ``name`` itself."""
        text = self.modules.text_of(module.file)
        return isinstance(text, NotFound) or re.search(rf"\b{re.escape(name)}\b", text) is not None

    def public_names(self, module: ModuleObject) -> Optional[List[str]]:
        """The names ``from module import *`` binds, or None when they are not known."""
        if not module.complete:
            return None
        names = module.scope.vars.get("__all__")
        if isinstance(names, (list, tuple)):
            return list(names) if all(isinstance(name, str) for name in names) else None
        return [name for name in module.scope.vars if not name.startswith("_")]


__all__ = ["MAX_IMPORT_DEPTH", "MAX_MODULES", "MAX_MODULE_CHARS", "Parser", "ProjectImports", "unread"]
