"""Which statements cannot matter to what the host reports, read from Python's ``ast`` tree.

A training script is mostly not its model: data loading, windows over a series, a ``__main__``
block that loops over numbers. Evaluating that code (unrolling its loops) was most of the cost of a
file, and none of it can build or change a model. This module finds, before the evaluation, the
statements whose evaluation *may* be skipped; the evaluator then decides at run time, from the
values the statement's names hold (``Evaluator.try_skip``), and a skipped statement has its effects
applied as for any code it does not follow (every name it binds and every object it could reach
become unknown). Skipping is therefore always sound; what this analysis protects is precision:

* **tainted** names may hold the host's values (a layer, a model): names bound by imports the host
  models, and what statements reading tainted names write (their targets, the objects whose
  methods they call, the arguments they pass), the functions and classes such statements are in,
  and the parameters of the functions they call. A statement reading a tainted name is
  **relevant**: it may build or change what the host reports.
* **needed** names are those whose values relevant statements read, and, backwards, those read by
  any statement that writes (or mutates, or calls a function that writes) a needed name, including
  what decides whether such a statement runs (the tests of the loops and branches around it, and
  of any branch before it that may leave the loop or function early).
* a statement is a **candidate** for skipping when nothing inside it is relevant or needed, it
  leaves no flow early (``return``, ``raise``, a loose ``break``), imports and declares nothing,
  defines no function or class, calls nothing that rewrites names behind the evaluator's back
  (``exec``, ``globals()``, ...) or ends the run, and does something worth skipping (a loop, a
  comprehension, a call of something other than a built-in).

Names are compared as strings, whatever their scope: a local ``x`` and a global ``x`` are one name
here, which only makes more names tainted or needed (less is skipped).
"""
from __future__ import annotations

import ast
from typing import AbstractSet, Callable, Dict, FrozenSet, List, Optional, Set, Tuple, Union

from lstm_lint.python.builtins import PURE_BUILTINS

# Calls that read or rewrite names the evaluator cannot see, or end the run: a statement that
# makes one is never skipped (a value bound to one of these is not inert either: see evaluator).
DANGEROUS_BUILTINS = frozenset({"exec", "eval", "globals", "vars", "locals", "__import__", "exit", "quit",
                                "compile", "setattr", "delattr", "breakpoint"})
# ``sys.exit()``, ``os._exit()``, ``os.abort()``, however the module was bound.
_EXIT_METHODS = frozenset({"exit", "_exit", "abort"})
# Built-ins that change none of their arguments: passing a name to them writes nothing.
_NON_MUTATING = frozenset(PURE_BUILTINS) - {"map", "filter", "iter", "open"}
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
# Statements with a body, ``compound`` reads those other than loops, functions and classes.
_COMPOUND = tuple(kind for kind in (ast.If, ast.With, ast.AsyncWith, ast.Try, getattr(ast, "Match", None),
                                    getattr(ast, "TryStar", None)) if kind is not None)
_WITH_BODY = frozenset((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef) + _LOOPS + _COMPOUND)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Fields with no name in them: contexts, comments, a constant's kind, operators (``+``, ``==``).
_SKIPPED_FIELDS = frozenset({"ctx", "type_comment", "kind", "type_ignores", "op", "ops"})
# The commonest node types, bound once (the walk compares every node's type with them).
_Name, _Load, _Constant, _Attribute, _Call = ast.Name, ast.Load, ast.Constant, ast.Attribute, ast.Call
_BinOp, _Tuple, _List, _Subscript, _Compare = ast.BinOp, ast.Tuple, ast.List, ast.Subscript, ast.Compare
_FIELDS: Dict[type, Tuple[str, ...]] = {}
# Kept among the names a lambda hides, to tell that a yield is the lambda's own: no name is spelt so.
_LAMBDA_MARK = "<lambda>"
_IN_LAMBDA = frozenset({_LAMBDA_MARK})
# What a scan's rarer sets are until a name joins them (a new set then): never added to.
_NO_NAMES: Set[str] = frozenset()  # type: ignore[assignment]

# Decides whether an import binds something the host models: (module, name or None) -> bool.
ModelledImport = Callable[[str, Optional[str]], bool]

# A module-level name is the name itself (a string caches its hash: most keys are these); a
# function's local is (the id of the function, the name).
Key = Union[str, Tuple[int, str]]


def _fields(node_type: type) -> Tuple[str, ...]:
    found = _FIELDS.get(node_type)
    if found is None:
        found = _FIELDS[node_type] = tuple(name for name in getattr(node_type, "_fields", ())
                                           if name not in _SKIPPED_FIELDS)
    return found


class _Unit:
    """One simple statement, or the header of a compound one: first the names its code reads,
    binds, mutates and calls (nested statements excluded), as the scan finds them; then, once
    ``add``ed, where it is (``settle``) and, once every function's locals are known, the keys of
    those names (``resolve``)."""

    __slots__ = ("reads", "writes", "mutated", "calls", "blocked", "worth", "dynamic", "yields",
                 "read_keys", "write_keys", "mutated_keys", "functions", "classes", "relevant", "needed",
                 "scope", "returns")

    def __init__(self) -> None:
        self.reads: Set[str] = set()
        self.writes: Set[str] = set()
        # Empty in most statements: shared until the first name (see ``mutate`` and ``call``).
        self.mutated: Set[str] = _NO_NAMES
        self.calls: Set[str] = _NO_NAMES
        self.blocked = False
        self.worth = False
        self.dynamic = False  # calls something that reads or rewrites names behind the evaluator
        self.yields = False  # a yield outside any lambda: the function around is a generator

    def expression(self, node: Optional[ast.AST], hidden: FrozenSet[str] = frozenset()) -> None:
        """``hidden``: names a comprehension's loops or a lambda's parameters bind around ``node``;
        reading or binding them there is not reading or binding the names around. Parts that
        hide other names are walked by a call of their own, so the walk's stack holds bare nodes
        (this walk is most of the analysis' cost)."""
        if node is None or type(node) is _Constant:
            return
        stack: List[ast.AST] = [node]
        reads, writes = self.reads, self.writes
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind is _Name:
                name = current.id  # type: ignore[attr-defined]
                if hidden and name in hidden:
                    continue
                if type(current.ctx) is _Load:  # type: ignore[attr-defined]
                    reads.add(name)
                else:
                    writes.add(name)
                continue
            # The commonest nodes, read directly: a call its callee and arguments, a constant has no
            # node in it, an attribute only the value it is taken from (its name is a string), ...
            if kind is _Call:
                self.call(current)  # type: ignore[arg-type]
                stack.append(current.func)  # type: ignore[attr-defined]
                stack.extend(current.args)  # type: ignore[attr-defined]
                for keyword in current.keywords:  # type: ignore[attr-defined]
                    stack.append(keyword.value)
                continue
            if kind is _Constant:
                continue
            if kind is _Attribute:
                stack.append(current.value)  # type: ignore[attr-defined]
                continue
            if kind is _BinOp:
                stack.append(current.left)  # type: ignore[attr-defined]
                stack.append(current.right)  # type: ignore[attr-defined]
                continue
            if kind is _Tuple or kind is _List:
                stack.extend(current.elts)  # type: ignore[attr-defined]
                continue
            if kind is _Subscript:
                stack.append(current.value)  # type: ignore[attr-defined]
                stack.append(current.slice)  # type: ignore[attr-defined]
                continue
            if kind is _Compare:
                stack.append(current.left)  # type: ignore[attr-defined]
                stack.extend(current.comparators)  # type: ignore[attr-defined]
                continue
            if kind in _COMPREHENSIONS:
                self.worth = True
                generators: List[ast.comprehension] = current.generators  # type: ignore[attr-defined]
                stack.append(generators[0].iter)  # evaluated in the scope around
                inner = hidden | frozenset(target.id for generator in generators
                                           for target in ast.walk(generator.target) if type(target) is ast.Name)
                for generator in generators:
                    self.expression(generator.target, inner)
                    if generator is not generators[0]:
                        self.expression(generator.iter, inner)
                    for condition in generator.ifs:
                        self.expression(condition, inner)
                for field in ("elt", "key", "value"):
                    part = getattr(current, field, None)
                    if part is not None:
                        self.expression(part, inner)
                continue
            if kind is ast.Lambda:
                arguments = current.args  # type: ignore[attr-defined]
                # Defaults are evaluated around the lambda, its body in it.
                stack.extend(arguments.defaults)
                stack.extend(default for default in arguments.kw_defaults if default is not None)
                self.expression(current.body, hidden | _IN_LAMBDA  # type: ignore[attr-defined]
                                | frozenset(a.arg for a in arguments.posonlyargs + arguments.args
                                            + arguments.kwonlyargs + [arguments.vararg, arguments.kwarg]
                                            if a is not None))
                continue
            if kind is ast.NamedExpr:
                # ``(name := value)`` binds in the scope around a comprehension.
                writes.update(_names(current.target))  # type: ignore[attr-defined]
                stack.append(current.value)  # type: ignore[attr-defined]
                continue
            if kind is ast.Yield or kind is ast.YieldFrom or kind is ast.Await:
                self.blocked = True
                if kind is not ast.Await and _LAMBDA_MARK not in hidden:
                    self.yields = True
            fields = _FIELDS.get(kind)
            for field in fields if fields is not None else _fields(kind):
                value = getattr(current, field)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            stack.append(item)
                elif isinstance(value, ast.AST):
                    stack.append(value)

    def call(self, node: ast.Call) -> None:
        function = node.func
        if type(function) is ast.Name:
            name = function.id
            if self.calls is _NO_NAMES:
                self.calls = set()
            self.calls.add(name)
            if name in DANGEROUS_BUILTINS:
                self.blocked = self.dynamic = True
            if name not in _NON_MUTATING:
                self.worth = True
                for argument in node.args:
                    base = _leftmost(argument.value if isinstance(argument, ast.Starred) else argument)
                    if base is not None:
                        self.mutate(base)
                for keyword in node.keywords:
                    base = _leftmost(keyword.value)
                    if base is not None:
                        self.mutate(base)
        elif type(function) is ast.Attribute:
            if self.calls is _NO_NAMES:
                self.calls = set()
            self.calls.add(function.attr)
            self.worth = True
            if function.attr in _EXIT_METHODS:
                self.blocked = True
            base = _leftmost(function.value)
            if base is not None:
                self.mutate(base)
        else:
            self.worth = True

    def mutate(self, name: str) -> None:
        if self.mutated is _NO_NAMES:
            self.mutated = set()
        self.mutated.add(name)

    def target(self, node: ast.AST) -> None:
        """An assignment target: names are bound, subscripts and attributes mutate their base."""
        kind = type(node)
        if kind is ast.Name:
            self.writes.add(node.id)  # type: ignore[attr-defined]
        elif kind is ast.Tuple or kind is ast.List:
            for element in node.elts:  # type: ignore[attr-defined]
                self.target(element)
        elif kind is ast.Starred:
            self.target(node.value)  # type: ignore[attr-defined]
        else:
            base = _leftmost(node)
            if base is not None:
                self.mutate(base)
            self.expression(node)

    def settle(self, control: FrozenSet[str], functions: Tuple["_FunctionScope", ...],
               classes: Tuple[Tuple[str, "_FunctionScope"], ...], scope: "_FunctionScope", returns: bool) -> None:
        """The scan done (nothing adds to its sets after: they are kept, not copied)."""
        self.scope = scope  # the innermost function's (filled as the walk goes on)
        reads, writes, mutated = self.reads, self.writes, self.mutated
        if mutated:
            reads = reads | mutated
        # Names until ``resolve``, then keys.
        self.read_keys: AbstractSet[Key] = reads | control if control else reads
        self.write_keys: AbstractSet[Key] = writes
        self.mutated_keys: AbstractSet[Key] = mutated
        self.functions = functions
        self.classes = classes
        self.returns = returns  # a return: its value is what calls of the function give
        self.relevant = False
        self.needed = False

    def resolve(self) -> None:
        if not self.scope.key:
            # The module's own code: every name is the module's, and its key the name itself (no
            # function is around, and every class around is the module's).
            if self.classes:
                self.write_keys = self.writes | {name for name, _ in self.classes}
            return
        resolve = self.scope.resolve
        self.read_keys = set(map(resolve, self.read_keys))  # type: ignore[arg-type]
        writes = set(map(resolve, self.writes))
        self.mutated_keys = set(map(resolve, self.mutated))
        if self.returns and self.functions:
            writes.add(self.functions[-1].binding())
        # Every statement of a class body (its methods' included) is part of what the class is.
        if self.classes:
            writes.update(defined_in.resolve(name) for name, defined_in in self.classes)
        self.write_keys = writes


def _mentioned(units: List[_Unit]) -> FrozenSet[str]:
    """Every name the units read, bind or mutate."""
    names: Set[str] = set()
    for unit in units:
        names.update(unit.reads, unit.writes, unit.mutated)
    return frozenset(names)


def _names(node: ast.AST) -> List[str]:
    return [child.id for child in ast.walk(node) if isinstance(child, ast.Name)]


def _leftmost(node: ast.AST) -> Optional[str]:
    while True:
        kind = type(node)
        if kind is ast.Name:
            return str(node.id)  # type: ignore[attr-defined]
        if kind is ast.Attribute or kind is ast.Subscript:
            node = node.value  # type: ignore[attr-defined]
        elif kind is ast.Call:
            node = node.func  # type: ignore[attr-defined]
        else:
            return None


class _FunctionScope:
    """The names one function binds as its own (its parameters and locals) and declares global
    or nonlocal; ``parent``: the function around it (None: the module)."""

    __slots__ = ("name", "parent", "params", "locals", "declared", "key", "opaque", "generator")

    def __init__(self, name: str, parent: Optional["_FunctionScope"]) -> None:
        self.name = name
        self.parent = parent
        self.params: Set[str] = set()
        self.locals: Set[str] = set()
        self.declared: Set[str] = set()
        self.key = id(self) if parent is not None or name else 0
        # Its code (a nested function's included) imports something, or calls exec(), globals(), ...:
        # what it binds may be the host's, or any name.
        self.opaque = False
        self.generator = False  # its own code (not a nested function's or lambda's) yields

    def own(self) -> Set[str]:
        return (self.locals - self.declared) | self.params

    def resolve(self, name: str) -> Key:
        """Where ``name``, read or bound here, lives (as Python resolves it, class bodies aside)."""
        scope: Optional[_FunctionScope] = self
        while scope is not None and scope.key:
            if name in scope.declared:
                if name in scope.locals:  # global or nonlocal: looked up outside
                    scope = scope.parent
                    continue
            elif name in scope.locals or name in scope.params:
                return (scope.key, name)
            scope = scope.parent
        return name

    def binding(self) -> Key:
        """Where this function's own name is bound (in the scope around it)."""
        return self.parent.resolve(self.name) if self.parent is not None else self.name


class Relevance:
    """What ``analyse`` found: the needed names, and the statements the evaluator may skip."""

    def __init__(self, needed: FrozenSet[str], candidates: Dict[int, Tuple[FrozenSet[str], FrozenSet[str]]],
                 function_names: Dict[int, FrozenSet[str]], function_writes: Dict[int, FrozenSet[str]],
                 generators: FrozenSet[int] = frozenset()) -> None:
        # The needed names, whatever their scope (a local of one function and a global of the same
        # name are both here: what the evaluator checks against them errs towards running code).
        self.needed = needed
        # id(ast statement) -> (every name the statement mentions, every name it may bind)
        self.candidates = candidates
        # id(ast function) -> every name its body mentions but does not bind as its own local; and
        # the names it binds in scopes around it (declared global or nonlocal). A function whose
        # code imports, or calls exec(), globals(), ..., has neither.
        self.function_names = function_names
        self.function_writes = function_writes
        # id(ast function) of every function whose own code yields: whether a function is a
        # generator is known without walking its libcst tree.
        self.generators = generators


class _Analysis:
    def __init__(self, modelled_import: ModelledImport) -> None:
        self.modelled_import = modelled_import
        self.units: List[_Unit] = []
        # The statements that may be skipped as far as the walk tells (neither blocked nor leaving
        # early, and worth it), with their range of units: [start, end).
        self.possible: List[Tuple[ast.stmt, int, int]] = []
        self.tainted: Set[Key] = set()
        # function name -> the functions of that name (a call by name may be any of them)
        self.by_name: Dict[str, List[_FunctionScope]] = {}
        self.scopes: List[_FunctionScope] = [_FunctionScope("", None)]  # the module's, then the functions'
        self.functions: List[Tuple[ast.stmt, int, int, _FunctionScope]] = []  # with their body's units

    # ---- the walk ----

    def block(self, statements: List[ast.stmt], control: FrozenSet[str], functions: Tuple[_FunctionScope, ...],
              classes: Tuple[Tuple[str, _FunctionScope], ...], exits_control: Set[str]) -> Tuple[bool, bool, bool]:
        """(blocked, worth, exits) of the statements, each one's candidacy recorded."""
        blocked = worth = exits = False
        for statement in statements:
            # What decides whether this statement runs: the tests around it, and those of the
            # statements before it that may leave early (none, mostly: no new set then).
            facts = self.statement(statement, control | exits_control if exits_control else control, functions,
                                   classes, exits_control)
            blocked = blocked or facts[0]
            worth = worth or facts[1]
            exits = exits or facts[2]
        return blocked, worth, exits

    def add(self, scan: _Unit, control: FrozenSet[str], functions: Tuple[_FunctionScope, ...],
            classes: Tuple[Tuple[str, _FunctionScope], ...], returns: bool = False) -> None:
        scope = self.scopes[-1]
        scan.settle(control, functions, classes, scope, returns)
        self.units.append(scan)
        scope.locals.update(scan.writes)
        if scan.yields:
            scope.generator = True
        if scan.dynamic:
            for around in self.scopes:
                around.opaque = True

    def statement(self, node: ast.stmt, control: FrozenSet[str], functions: Tuple[_FunctionScope, ...],
                  classes: Tuple[Tuple[str, _FunctionScope], ...], exits_control: Set[str]) -> Tuple[bool, bool, bool]:
        """(blocked, worth, exits): whether it imports, declares, defines or calls what forbids
        skipping it; whether it does something worth skipping; whether it may leave early."""
        start = len(self.units)
        kind = type(node)
        scan = _Unit()
        if kind not in _WITH_BODY:
            blocked, exits = self.simple(node, scan)
            self.add(scan, control, functions, classes, returns=kind is ast.Return)
            blocked = blocked or scan.blocked
            worth = scan.worth
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            self.function(node, scan, control, functions, classes)
            return True, False, False
        elif kind is ast.ClassDef:
            for expression in node.bases + [k.value for k in node.keywords] + node.decorator_list:  # type: ignore
                scan.expression(expression)
            scan.writes.add(node.name)  # type: ignore[attr-defined]
            self.add(scan, control, functions, classes)
            self.block(node.body, control, functions, classes + ((node.name, self.scopes[-1]),),  # type: ignore
                       set())
            return True, False, False
        elif kind in _LOOPS:
            if kind is ast.While:
                scan.expression(node.test)  # type: ignore[attr-defined]
            else:
                scan.expression(node.iter)  # type: ignore[attr-defined]
                scan.target(node.target)  # type: ignore[attr-defined]
            self.add(scan, control, functions, classes)
            inner = control | frozenset(scan.reads)
            body = self.block(node.body, inner, functions, classes, exits_control)  # type: ignore[attr-defined]
            orelse = self.block(node.orelse, inner, functions, classes, exits_control)  # type: ignore[attr-defined]
            blocked = scan.blocked or body[0] or orelse[0]
            worth = True
            exits = body[2] and self.exits_beyond_loop(node) or orelse[2]
        else:
            blocked, worth, exits = self.compound(node, scan, control, functions, classes, exits_control)
        if worth and not (blocked or exits):
            self.possible.append((node, start, len(self.units)))
        return blocked, worth, exits

    def exits_beyond_loop(self, loop: ast.stmt) -> bool:
        """Whether a return or raise in the loop's body leaves it (breaks and continues stay)."""
        stack: List[ast.AST] = list(loop.body)  # type: ignore[attr-defined]
        while stack:
            current = stack.pop()
            if type(current) in (ast.Return, ast.Raise):
                return True
            if type(current) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda):
                continue
            stack.extend(child for child in ast.iter_child_nodes(current) if isinstance(child, ast.stmt))
        return False

    def simple(self, node: ast.stmt, scan: _Unit) -> Tuple[bool, bool]:
        """(blocked, exits) as far as the statement's kind tells (the scan has its calls' part)."""
        kind = type(node)
        if kind is ast.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                scan.target(target)
            scan.expression(node.value)  # type: ignore[attr-defined]
        elif kind is ast.AugAssign or kind is ast.AnnAssign:
            target = node.target  # type: ignore[attr-defined]
            scan.target(target)
            if type(target) is ast.Name:
                scan.reads.add(target.id)
            scan.expression(node.value)  # type: ignore[attr-defined]
            if kind is ast.AnnAssign:
                scan.expression(node.annotation)  # type: ignore[attr-defined]
        elif kind is ast.Expr:
            scan.expression(node.value)  # type: ignore[attr-defined]
        elif kind is ast.Delete:
            for target in node.targets:  # type: ignore[attr-defined]
                scan.target(target)
        elif kind is ast.Import or kind is ast.ImportFrom:
            for scope in self.scopes:
                scope.opaque = True
            module = node.module if kind is ast.ImportFrom else None  # type: ignore[attr-defined]
            relative = kind is ast.ImportFrom and bool(node.level)  # type: ignore[attr-defined]
            for alias in node.names:  # type: ignore[attr-defined]
                bound = alias.asname or alias.name.split(".")[0]
                scan.writes.add(bound)
                if relative:
                    continue
                if alias.name == "*":
                    if self.modelled_import(module or "", None):
                        raise _GiveUp()  # any name may be the host's
                    continue
                if module is None:
                    modelled = self.modelled_import(alias.name if alias.asname else bound, None)
                else:
                    modelled = self.modelled_import(module, alias.name)
                if modelled:
                    key = self.scopes[-1].key
                    self.tainted.add((key, bound) if key else bound)
            return True, False
        elif kind is ast.Global or kind is ast.Nonlocal:
            self.scopes[-1].declared.update(node.names)  # type: ignore[attr-defined]
            return True, False
        else:
            # return, raise, assert, pass, break, continue
            for field in _fields(kind):
                value = getattr(node, field)
                if isinstance(value, ast.AST):
                    scan.expression(value)
            return True, kind is not ast.Pass
        return False, False

    def compound(self, node: ast.stmt, scan: _Unit, control: FrozenSet[str],
                 functions: Tuple[_FunctionScope, ...], classes: Tuple[Tuple[str, _FunctionScope], ...],
                 exits_control: Set[str]) -> Tuple[bool, bool, bool]:
        """(blocked, worth, exits) of an if, with, match or try."""
        kind = type(node)
        blocks: List[List[ast.stmt]] = []
        blocked = False
        if kind is ast.If:
            scan.expression(node.test)  # type: ignore[attr-defined]
            blocks = [node.body, node.orelse]  # type: ignore[attr-defined]
        elif kind is ast.With or kind is ast.AsyncWith:
            for item in node.items:  # type: ignore[attr-defined]
                scan.expression(item.context_expr)
                if item.optional_vars is not None:
                    scan.target(item.optional_vars)
            blocks = [node.body]  # type: ignore[attr-defined]
            blocked = kind is ast.AsyncWith
        elif kind is ast.Match:
            scan.expression(node.subject)  # type: ignore[attr-defined]
            for case in node.cases:  # type: ignore[attr-defined]
                scan.expression(case.guard)
            blocks = [case.body for case in node.cases]  # type: ignore[attr-defined]
            blocked = True  # capture patterns bind names this scan does not see
        else:  # try
            blocks = [node.body, node.orelse, node.finalbody]  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                scan.expression(handler.type)
                if handler.name:
                    scan.writes.add(handler.name)
                blocks.append(handler.body)
        self.add(scan, control, functions, classes)
        inner = control | frozenset(scan.reads)
        blocked, worth, exits = blocked or scan.blocked, scan.worth, False
        for body in blocks:
            body_blocked, body_worth, body_exits = self.block(body, inner, functions, classes, exits_control)
            blocked, worth, exits = blocked or body_blocked, worth or body_worth, exits or body_exits
        if exits:
            # What follows runs only if this did not leave early: it depends on this test.
            exits_control.update(scan.reads)
        return blocked, worth, exits

    def function(self, node: ast.stmt, scan: _Unit, control: FrozenSet[str], functions: Tuple[_FunctionScope, ...],
                 classes: Tuple[Tuple[str, _FunctionScope], ...]) -> None:
        arguments: ast.arguments = node.args  # type: ignore[attr-defined]
        for default in list(arguments.defaults) + [d for d in arguments.kw_defaults if d is not None]:
            scan.expression(default)
        for decorator in getattr(node, "decorator_list", []):
            scan.expression(decorator)
        name: str = node.name  # type: ignore[attr-defined]
        scan.writes.add(name)
        self.add(scan, control, functions, classes)
        scope = _FunctionScope(name, self.scopes[-1])
        scope.params = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
        scope.params.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
        self.by_name.setdefault(name, []).append(scope)
        start = len(self.units)
        self.scopes.append(scope)
        try:
            self.block(node.body, frozenset(), functions + (scope,), classes, set())  # type: ignore[attr-defined]
        finally:
            self.scopes.pop()
        self.functions.append((node, start, len(self.units), scope))

    # ---- the fixed points ----

    def solve(self) -> Relevance:
        """The two fixed points, each by a worklist of names: a unit is looked at again only when a
        name it reads (tainted) or writes (needed) joins the set. Passes over every unit until none
        changed took one pass per link of a chain written bottom-up: quadratic in the file's length."""
        units = self.units
        readers: Dict[Key, List[_Unit]] = {}
        writers: Dict[Key, List[_Unit]] = {}
        callers: Dict[str, List[_Unit]] = {}
        for unit in units:
            unit.resolve()
            for key in unit.read_keys:
                readers.setdefault(key, []).append(unit)
            for key in unit.write_keys | unit.mutated_keys:
                writers.setdefault(key, []).append(unit)
            for called in unit.calls:
                callers.setdefault(called, []).append(unit)
        tainted = self.tainted
        pending = list(tainted)
        while pending:
            for unit in readers.get(pending.pop(), ()):
                if unit.relevant:
                    continue
                unit.relevant = True
                made = set(unit.write_keys | unit.mutated_keys)
                for function in unit.functions:
                    made.add(function.binding())
                for called in unit.calls:
                    for function in self.by_name.get(called, ()):
                        made.update((function.key, param) for param in function.params)
                made -= tainted
                tainted |= made
                pending.extend(made)
        needed: Set[Key] = set()
        for unit in units:
            if unit.relevant:
                unit.needed = True
                needed |= unit.read_keys
        # Names of functions with a needed effect outside their own locals: a call of one is needed.
        effects: Set[str] = set()
        needed_keys = list(needed)
        effect_names: List[str] = []

        def need(unit: _Unit) -> None:
            unit.needed = True
            new = unit.read_keys - needed
            needed.update(new)
            needed_keys.extend(new)

        def has_effect(unit: _Unit) -> None:
            new = {function.name for function in unit.functions} - effects
            effects.update(new)
            effect_names.extend(new)

        # Relevant units are needed already, and the functions they are in tainted (so are the
        # calls of those): only the others are looked at.
        while needed_keys or effect_names:
            if needed_keys:
                key = needed_keys.pop()
                for unit in writers.get(key, ()):
                    if unit.relevant:
                        continue
                    if not unit.needed:
                        need(unit)
                    # (A unit in a function is in that function's scope: a module key is outside.)
                    if unit.functions and (type(key) is str or key[0] != unit.scope.key):
                        has_effect(unit)
            else:
                for unit in callers.get(effect_names.pop(), ()):
                    if unit.relevant:
                        continue
                    if not unit.needed:
                        need(unit)
                    if unit.functions:
                        has_effect(unit)
        candidates: Dict[int, Tuple[FrozenSet[str], FrozenSet[str]]] = {}
        # needed_before[i]: how many of the first i units are needed (a statement's units are a
        # range: whether any is needed is one subtraction, not a look at each).
        needed_before = [0]
        count = 0
        for unit in units:
            if unit.needed:
                count += 1
            needed_before.append(count)
        for node, start, end in self.possible:
            if needed_before[end] != needed_before[start]:
                continue
            if end - start == 1:  # a simple statement, mostly
                unit = units[start]
                candidates[id(node)] = (frozenset().union(unit.reads, unit.writes, unit.mutated),
                                        frozenset(unit.writes))
                continue
            inside = units[start:end]
            candidates[id(node)] = (_mentioned(inside),
                                    frozenset().union(*(unit.writes for unit in inside)))
        function_names: Dict[int, FrozenSet[str]] = {}
        function_writes: Dict[int, FrozenSet[str]] = {}
        for node, start, end, scope in self.functions:
            if scope.opaque:
                continue  # never inert
            function_names[id(node)] = _mentioned(units[start:end]) - scope.own()
            function_writes[id(node)] = frozenset(scope.declared & scope.locals)
        generators = frozenset(id(node) for node, _, _, scope in self.functions if scope.generator)
        needed_names = frozenset([key if type(key) is str else key[1] for key in needed])
        return Relevance(needed_names, candidates, function_names, function_writes,
                         generators)


class _GiveUp(Exception):
    pass


def analyse(tree: ast.Module, modelled_import: ModelledImport) -> Optional[Relevance]:
    """The relevance of ``tree``'s statements; None when nothing can be skipped (a star import of a
    modelled module: any name may be the host's)."""
    analysis = _Analysis(modelled_import)
    try:
        analysis.block(tree.body, frozenset(), (), (), set())
    except (_GiveUp, RecursionError):
        return None
    return analysis.solve()


__all__ = ["DANGEROUS_BUILTINS", "ModelledImport", "Relevance", "analyse"]
