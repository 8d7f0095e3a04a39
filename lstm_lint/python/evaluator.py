"""The sound Python evaluator: statements, expressions, control flow, joins and effects.

It walks the libcst tree in the order Python would run it and never runs anything. Its promise is
that every value it gives is the value in *every* run of the program:

* a condition it can decide (a constant, ``__name__ == "__main__"``) is followed; one it cannot is
  an undecided block: each alternative runs on the same starting state (``heap.Heap`` undoes the
  others' changes), and the state after is the join of all of them;
* a loop over known items is unrolled; a loop of unknown length runs its body until its state no
  longer changes (a name keeps its value only if no number of iterations changes it);
* ``return``/``break``/``continue`` under an undecided condition leave a pending state that joins
  the others where the flow arrives; ``raise`` and ``sys.exit()`` end that run;
* the file's own functions are followed into; a call it does not follow (too deep, a generator, a
  library function, an unknown value) invalidates what the call could reach: the containers passed
  to it, the names its code assigns or declares ``global``, what its code mutates.

Library values (Keras) belong to a ``Host``; see ``host.py``.
"""
from __future__ import annotations

import ast
import builtins as builtins_module
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from lstm_lint.python import builtins as pybuiltins
from lstm_lint.python import numpy_scalars
from lstm_lint.python.numpy_scalars import NumpyScalar
from lstm_lint.python import reasons
from lstm_lint.python.imports import Parser, ProjectImports, unread
from lstm_lint.python.project import ModuleFile, NotFound, ProjectModules
from lstm_lint.python.heap import Changes, Havoc, Heap, accumulate, pending_join, reachable_mutables
from lstm_lint.python.host import NOT_HANDLED, Host, InternalError
from lstm_lint.python.relevance import DANGEROUS_BUILTINS, Relevance
from lstm_lint.python.uncalled import check_uncalled_methods
from lstm_lint.python.objects import (
    BREAK, CONTINUE, DEAD, MISSING, RAISE, BoundMethod, Builtin, DeferredFunction, FieldDefault, Flow, FunctionChoice,
    Instance, ModuleObject, PartialCall,
    PartialList, Return, Scope, SuperProxy, UserClass, UserFunction, class_attribute, concatenate,
)
from lstm_lint.python.syntax import (
    EffectSummary, contains_yield, dotted_name, effects_of, names_assigned_more_than_once, target_names, walk,
)
from lstm_lint.source import values as pyvalues
from lstm_lint.source.lazy import LazyPart, PartNotParsed
from lstm_lint import formulas
from lstm_lint.values import UNKNOWN, Formula, Unknown, first_unknown, plain_unknown

# Bounds that keep the evaluator fast and finite on any input.
MAX_UNROLLED_ITERATIONS = 1_000
MAX_CALL_DEPTH = 8
MAX_COMPREHENSION_ITEMS = 1_000
# Statements and calls evaluated per file. Undecided branches and calls nested in them multiply the
# work; past this budget the host is told the file is incomplete instead of taking unbounded time.
MAX_STEPS = 200_000
# Of these, those imported modules' code may take (their top levels, their functions the file
# calls), all modules together: a project whose code costs more to follow makes the file too
# costly to follow (its models incomplete), as a file over MAX_STEPS is.
MAX_IMPORT_STEPS = 5_000
# Undecided blocks nested deeper than this are not run: their effects are applied conservatively.
MAX_SPECULATION_DEPTH = 3
# A function the file never calls is run with its defaults, as if the user called it (a builder's
# model is reported); past these budgets that run is undone and the function's effects applied as
# for a call we do not follow. On the standard library such runs cost seconds per file
# (``email/_header_value_parser.py``, ``traceback.py``: thousands of statements, many applying the
# effects of dozens of functions they reach); the uncalled model builders of the tests take at
# most a few dozen steps and apply no such effects.
MAX_UNCALLED_STEPS = 5_000
MAX_UNCALLED_EFFECTS = 500
# Passes of a loop of unknown length before everything its body writes is made unknown.
MAX_LOOP_PASSES = 4


# Values walked to decide that a statement touches none of the host's values; past this, it is run.
MAX_INERT_VALUES = 20_000
_INERT_SCALARS = frozenset((int, float, complex, str, bytes, bool, type(None), range, slice))


class Unevaluable(Exception):
    """A construct the evaluator cannot follow at all: the statement's effects become unknown."""


class OutOfBudget(Exception):
    """The file needs more evaluation steps than MAX_STEPS."""


class UncalledOutOfBudget(OutOfBudget):
    """The run of a function the file never calls needs more than its budget (MAX_UNCALLED_STEPS,
    MAX_UNCALLED_EFFECTS): undone, its effects applied instead. An OutOfBudget, so that what
    catches every other exception lets it through."""


@dataclass
class _Target:
    """Where early flows arrive: a function's end (returns) or a loop's (breaks, continues). Each
    kind of flow keeps one pending state, the join of every path that took it."""

    kind: str  # "function" or "loop"
    level: int  # the heap level opened on entry: returns and breaks are relative to it
    iteration_level: int = -1  # the heap level of the current iteration: continues are relative to it
    values: List[Any] = field(default_factory=list)  # the values returned early
    last_exit: int = 0  # the Evaluator.exit_serial of the last path that left to it
    pending: Dict[str, Optional[Changes]] = field(
        default_factory=lambda: {"return": None, "break": None, "continue": None})

    def take(self, kind: str) -> List[Changes]:
        state = self.pending[kind]
        self.pending[kind] = None
        return [] if state is None else [state]


@dataclass(eq=False)
class _GlobalsProxy:
    """``globals()``: item assignment writes module-level names."""

    scope: Scope


# Python's own exception classes, and those that catch the ModuleNotFoundError of a failed import.
_EXCEPTION_CLASSES = frozenset(name for name, value in vars(builtins_module).items()
                               if isinstance(value, type) and issubclass(value, BaseException))
_CATCHING_FAILED_IMPORT = frozenset(name for name in _EXCEPTION_CLASSES
                                    if issubclass(ModuleNotFoundError, getattr(builtins_module, name)))


class Evaluator:
    def __init__(self, module: cst.Module, positions: Dict[int, Tuple[int, int]], host: Host,
                 assumptions: Optional[Mapping[str, Any]] = None,
                 inline_assumptions: Optional[Mapping[int, Any]] = None,
                 relevance: Optional[Relevance] = None, statement_pairs: Optional[Mapping[int, Any]] = None,
                 parts: Optional[Sequence[LazyPart]] = None, modules: Optional[ProjectModules] = None,
                 parse: Optional[Parser] = None) -> None:
        """``modules`` and ``parse``: the project around the file, whose modules its imports read
        (python/imports.py); without them a project import is unknown.
        ``relevance``: which statements may be skipped (``relevance.py``), with
        ``statement_pairs``: id of each libcst statement -> the ``ast`` statement it is. ``parts``:
        instead of ``module``'s statements, the file's top-level statements, parsed when needed
        (``source/lazy.py``): a part that is skipped, or a function only skipped code calls, is
        never parsed."""
        self.module_node = module
        # Values the user gives names the code cannot evaluate (``--assume``), and the lines of
        # ``# lstm-lint: assume=VALUE`` comments; what was used, and the names met at all.
        self.assumptions: Mapping[str, Any] = assumptions or {}
        self.inline_assumptions: Mapping[int, Any] = inline_assumptions or {}
        self.assumed: Dict[str, Any] = {}
        self.assumptions_matched: Set[str] = set()
        self.positions = positions
        self.host = host
        self.heap = Heap(self.same, pybuiltins.BUILTIN_NAMES)
        self.module_scope = Scope(None, kind="module")
        self.module_scope.vars["__name__"] = "__main__"
        self.frames: List[Scope] = [self.module_scope]
        self.targets: List[_Target] = []
        self.speculative_depth = 0
        # Blocks that run on some paths only: the rest of a block after an undecided return, break
        # or continue (``if x: return a`` then more code). The host counts them as undecided.
        self.partial_depth = 0
        self.exit_serial = 0  # counts the paths that left to a target (a return, break or continue)
        self.call_depth = 0
        self.statement_line = 1
        self.statement_column = 0
        self.functions: List[UserFunction] = []  # module-level functions, in definition order
        self.closure_scopes: Dict[int, Scope] = {}  # see note_closure_scope
        self.function_nodes: List[cst.CSTNode] = []  # the functions being run, innermost last
        self.names_in_file: Optional[Dict[str, List[int]]] = None  # ``loop_target_dead``'s
        self.internal_errors: List[InternalError] = []
        self.steps = 0
        self.step_limit = MAX_STEPS  # lower while a function the file never calls runs
        self.effects_applied = 0  # functions whose effects were applied as unfollowed (apply_function_effects)
        self.effects_limit: Optional[int] = None  # set while a function the file never calls runs
        self.out_of_budget = False
        self.literal_cache: Dict[int, Any] = {}
        self.effects_cache: Dict[int, EffectSummary] = {}
        self.generator_cache: Dict[int, bool] = {}
        # The file's functions that went where a value can come from (note_escape), by identity.
        self.escaped: Dict[int, Any] = {}
        self.lambda_cache: Dict[int, FrozenSet[str]] = {}
        self.class_bodies: Dict[int, UserClass] = {}  # id of a class body's scope -> its class
        self.host_classes: List[UserClass] = []  # classes built on host classes, in definition order
        self.plain_classes: List[UserClass] = []  # the module's other classes, in definition order
        self.tree: Optional[ast.Module] = None  # the file's ``ast`` tree, when the caller has it
        self.instantiated: Set[int] = set()
        # Statements that may be skipped (id of the libcst node -> the names they mention), the
        # free names of the file's functions, and the names code touching the host may read.
        self.skippable: Dict[int, Tuple[FrozenSet[str], FrozenSet[str]]] = {}  # (names, names it binds)
        self.relevance = relevance
        # The attribute read from the ``super(...)`` call being evaluated (``__init__``), if any.
        self.read_from_super: Optional[str] = None
        self.ast_statements: Dict[int, Any] = {}  # id of a libcst statement -> its ast statement
        self.needed: FrozenSet[str] = relevance.needed if relevance is not None else frozenset()
        self.parts = parts
        # Imports of the project's own modules, and how many imported modules' top levels are
        # being evaluated (what they make is theirs, not the file's).
        self.project = None if modules is None or parse is None else ProjectImports(self, modules, parse)
        self.importing = 0
        self.import_steps = 0  # statements and calls of imported modules' code evaluated
        if statement_pairs is not None:
            self.adopt(statement_pairs)

    def adopt(self, pairs: Mapping[int, Any]) -> None:
        """Libcst statements (``id -> ast statement``) the evaluation may meet from now on."""
        self.ast_statements.update(pairs)
        if self.relevance is not None:
            candidates = self.relevance.candidates
            for key, statement in pairs.items():
                candidate = candidates.get(id(statement))
                if candidate is not None:
                    self.skippable[key] = candidate

    def function_facts(self, function: UserFunction) -> Optional[Tuple[FrozenSet[str], FrozenSet[str]]]:
        """What relevance.py read of a function of the file: the names it mentions and does not
        bind itself, and those it binds around it; None when it has no such facts (a lambda, code
        that imports or calls exec(), no analysis)."""
        if self.relevance is None:
            return None
        if isinstance(function, DeferredFunction):
            statement = function.ast_node
        else:
            statement = self.ast_statements.get(id(function.node))
        if statement is None:
            return None
        names = self.relevance.function_names.get(id(statement))
        return None if names is None else (names, self.relevance.function_writes[id(statement)])

    # ---- entry point ----

    def release(self) -> None:
        """Drop everything the evaluation holds, once its results are taken. A module's functions
        and the scope that binds them, the evaluator and its host, and closures over either point
        at each other: left alone, each file's scopes, functions and parsed trees would wait for
        the cycle collector, which walks every object of them first; released, reference counting
        frees them as soon as the results are dropped."""
        scopes = [self.module_scope, *(self.project.scopes if self.project is not None else ()),
                  *self.closure_scopes.values()]
        for scope in scopes:
            scope.vars.clear()
        self.__dict__.clear()

    def note_closure_scope(self, scope: Scope) -> None:
        """``scope`` is a function's, a class body's or a comprehension's that a function defined
        in it holds (and may be bound in): ``release`` empties it."""
        if scope is not self.module_scope:
            self.closure_scopes[id(scope)] = scope

    def run(self) -> None:
        try:
            if self.parts is None:
                self.exec_block(self.module_node.body, self.module_scope)
            else:
                self.run_parts(self.parts)
            # Functions never called in the file: evaluated afterwards with their defaults, in
            # definition order, as if the user called each one (a builder's model is reported).
            for function in list(self.functions):
                if not function.called and function.scope is self.module_scope \
                        and not self.try_skip_function(function):
                    self.invoke_uncalled(function)
            for cls in self.host_classes:
                if id(cls) not in self.instantiated:
                    self.host.never_instantiated(cls, _all_bases(cls))
        except OutOfBudget:
            self.out_of_budget = True
            return
        try:
            check_uncalled_methods(self, self.plain_classes)
        except OutOfBudget:
            pass  # checks of code nothing runs: what they found so far stands, the models are whole

    def run_parts(self, parts: Sequence[LazyPart]) -> None:
        """The module's statements, part after part: one skipped (relevance.py) or one defining a
        function whose definition needs nothing evaluated (no decorators, literal defaults) is not
        parsed now; the parts that are run anyway are parsed together, up to the next that may not
        be (without a parse cache, whose entries are single parts)."""
        candidates = self.relevance.candidates if self.relevance is not None else {}

        # Each part's deferred definition's defaults (None: not such a definition), found once.
        deferred = [_deferred_defaults(part.statements[0]) if len(part.statements) == 1 else None for part in parts]
        lazy = [len(part.statements) == 1 and (id(part.statements[0]) in candidates or defaults is not None)
                for part, defaults in zip(parts, deferred)]
        merge = parts[0].parsing.cache is None if parts else False
        for number, part in enumerate(parts):
            if part.parsed == []:
                continue  # parsed, and run, with the part before
            if lazy[number]:
                statement = part.statements[0]
                candidate = candidates.get(id(statement))
                if candidate is not None:
                    self.step()
                    self.statement_line, self.statement_column = statement.lineno, statement.col_offset
                    try:
                        skipped = self.try_skip(self.module_scope, *candidate)
                    except Exception as error:  # an internal bug must not cost the user a crash
                        self.internal_errors.append(InternalError(self.statement_line,
                                                                  f"{type(error).__name__}: {error}"))
                        skipped = False
                    if skipped:
                        continue
                defaults = deferred[number]
                if defaults is not None:
                    self.define_deferred(part, statement, defaults)
                    continue
            following: List[LazyPart] = []
            if merge:
                for later in range(number + 1, len(parts)):
                    if lazy[later]:
                        break
                    following.append(parts[later])
            statements, pairs = part.parse(following)
            self.adopt(pairs)
            if self.exec_block(statements, self.module_scope) is not None:
                return  # the run ends here (``raise``, ``sys.exit()``)

    def invoke_uncalled(self, function: UserFunction) -> None:
        """``function``, never called in the file, run with its defaults within its budgets; past
        them, what the run did is undone and the function's effects are applied as for a call we
        do not follow (its models are not reported: unknown, not guessed)."""
        level = self.heap.open()
        token = self.host.checkpoint()
        uncalled = [other for other in self.functions if not other.called]
        functions, classes = len(self.functions), len(self.host_classes)
        self.step_limit = min(MAX_STEPS, self.steps + MAX_UNCALLED_STEPS)
        self.effects_limit = self.effects_applied + MAX_UNCALLED_EFFECTS
        try:
            self.invoke(function, [], {})
        except UncalledOutOfBudget:
            self.heap.restore(level)
            self.host.discard(token)
            for other in uncalled:
                other.called = False  # not called by a run that did not happen
            del self.functions[functions:], self.host_classes[classes:]  # nor defined by it
            self.step_limit, self.effects_limit = MAX_STEPS, None
            # What it may change is unknown from here on, for code not followed at its definition.
            self.statement_line, self.statement_column = self.line_of(function.node), self.column_of(function.node)
            self.apply_function_effects(function, set())
        else:
            self.heap.keep(level)
            self.host.keep(token)
        finally:
            self.step_limit, self.effects_limit = MAX_STEPS, None
        function.called = True

    def define_deferred(self, part: LazyPart, statement: Any, defaults: Dict[str, Any]) -> None:
        """``def name(...)`` at the top level with no decorators and literal defaults (``defaults``,
        by parameter: ``_deferred_defaults``): the function is bound as a DeferredFunction, whose
        code is parsed when first needed."""
        self.step()

        def parse() -> cst.FunctionDef:
            statements, pairs = part.parse()
            self.adopt(pairs)
            node = statements[0]
            assert isinstance(node, cst.FunctionDef)
            return node
        function = DeferredFunction(parse, self.module_scope, defaults, statement.name, statement)
        self.functions.append(function)
        self.assign_name(self.module_scope, statement.name, function)

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.step_limit:
            raise OutOfBudget() if self.steps > MAX_STEPS else UncalledOutOfBudget()
        if self.project is not None and self.frames[-1].module is not self.module_scope:
            self.import_steps += 1
            if self.import_steps > MAX_IMPORT_STEPS:
                raise OutOfBudget()  # as for a file too costly to follow: its models are incomplete

    def line_of(self, node: cst.CSTNode) -> int:
        position = self.positions.get(id(node))
        return position[0] if position is not None else self.statement_line

    def column_of(self, node: cst.CSTNode) -> int:
        position = self.positions.get(id(node))
        return position[1] if position is not None else 0

    def current_function_node(self) -> Optional[cst.CSTNode]:
        return self.function_nodes[-1] if self.function_nodes else None

    def roots(self) -> List[Any]:
        if self.project is not None and self.project.scopes:
            return list(self.frames) + self.project.scopes
        return list(self.frames)

    def in_imported_code(self) -> bool:
        """Whether the code running now is an imported module's (its top level or its functions)."""
        return self.frames[-1].module is not self.module_scope

    # ---- values: sameness and joins ----

    def same(self, first: Any, second: Any) -> bool:
        if first is second:
            return True
        kind = type(first)
        if kind is not type(second):
            return False
        if kind is Unknown:
            return True  # unknown on every path, whatever the causes: the join is unknown
        if kind is Formula:
            return bool(first == second)  # the same formula on every path (the same symbols)
        if kind in (int, float, str, bool, range):
            return bool(first == second)
        if kind is tuple:
            return len(first) == len(second) and all(self.same(a, b) for a, b in zip(first, second))
        if kind is Builtin:
            return bool(first == second)
        answer = self.host.same(first, second)
        return bool(answer)

    def joiner(self, token: Any, site: cst.CSTNode) -> Callable[[List[Any]], Any]:
        # A method bound in a partial, not a closure: a closure calling itself is a reference
        # cycle, left for the cycle collector with the evaluator it holds.
        return functools.partial(self.join_value, token, site)

    def join_value(self, token: Any, site: cst.CSTNode, candidates: List[Any]) -> Any:
        candidates = [UNKNOWN if self.heap.is_havocked(c) else c for c in candidates]
        first = candidates[0]
        if all(self.same(first, other) for other in candidates[1:]):
            return first
        if all(type(c) is tuple and len(c) == len(first) for c in candidates):
            return tuple(self.join_value(token, site, [c[index] for c in candidates]) for index in range(len(first)))
        if all(isinstance(c, (UserFunction, FunctionChoice, UserClass)) for c in candidates):
            functions: List[Any] = []
            for candidate in candidates:
                for function in (candidate.functions if isinstance(candidate, FunctionChoice) else (candidate,)):
                    if function not in functions:
                        functions.append(function)
            return FunctionChoice(tuple(functions))
        joined = self.host.join_values(candidates, site, token)
        if joined is NOT_HANDLED or joined is UNKNOWN:
            return reasons.undecided(self.line_of(site), self.column_of(site), site,
                                     reasons.first_cause(*candidates))
        return joined

    # ---- statements ----

    def exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> Flow:
        for index, statement in enumerate(statements):
            exits = self.exit_serial
            flow = self.exec_statement(statement, scope)
            if flow is not None:
                return flow
            if exits != self.exit_serial and index + 1 < len(statements) and any(
                    target.last_exit > exits for target in self.targets):
                return self.exec_on_some_paths(statements[index + 1:], scope)
        return None

    def decided(self) -> bool:
        """Whether what runs now runs in every run that gets here (no undecided block encloses it)."""
        return self.speculative_depth == 0 and self.partial_depth == 0

    def exec_on_some_paths(self, statements: Sequence[cst.CSTNode], scope: Scope) -> Flow:
        """The rest of a block after a statement some paths left early (to a function's end or a
        loop's): it runs on the other paths only, an undecided block for the host (what it makes
        is not made in every run; names it takes are not taken in every run). The heap needs no
        join: the paths that left are pending at their target already."""
        token = self.host.checkpoint()
        self.partial_depth += 1
        try:
            flow = self.exec_block(statements, scope)
        finally:
            self.partial_depth -= 1
        self.host.join(token, [self.host.restore(token)], include_skip=True)
        return flow

    def exec_statement(self, statement: cst.CSTNode, scope: Scope) -> Flow:
        self.step()
        previous_line, previous_column = self.statement_line, self.statement_column
        self.statement_line = self.line_of(statement)
        self.statement_column = self.column_of(statement)
        try:
            skippable = self.skippable.get(id(statement))
            if skippable is not None and self.try_skip(scope, *skippable):
                return None
            # A suite on the line of its header (``def f(x): return x``) is a line of small statements too.
            if type(statement) is cst.SimpleStatementLine or type(statement) is cst.SimpleStatementSuite:
                for small in statement.body:
                    flow = self.exec_small(small, scope)
                    if flow is not None:
                        return flow
                return None
            if isinstance(statement, cst.BaseSmallStatement):
                # One of the small statements of a suite on its header's line (``if ok: m.fit(x)``),
                # which the compound statements' bodies hand over one by one.
                return self.exec_small(statement, scope)
            return self.exec_compound(statement, scope)
        except (OutOfBudget, PartNotParsed):
            raise  # PartNotParsed: the engine parses the whole file instead, and says where libcst failed
        except (Unevaluable, RecursionError):
            self.give_up_on(statement, scope)
            return None
        except Exception as error:  # an internal bug must not cost the user a crash
            self.internal_errors.append(InternalError(self.statement_line, f"{type(error).__name__}: {error}"))
            self.give_up_on(statement, scope)
            return None
        finally:
            self.statement_line, self.statement_column = previous_line, previous_column

    def give_up_on(self, statement: cst.CSTNode, scope: Scope) -> None:
        """A statement we could not follow (perhaps part-way through): its effects are applied
        conservatively, and the host's own state is no longer to be trusted."""
        self.host.lost_track()
        self.apply_unfollowed_code([statement], scope)

    def exec_small(self, node: cst.BaseSmallStatement, scope: Scope) -> Flow:
        # Exact types (no statement class here has a subclass): libcst's classes are ABCs, whose
        # isinstance checks cost several times a type comparison.
        if type(node) is cst.Expr:
            if self.ends_run(node.value, scope):
                return RAISE
            self.eval(node.value, scope)
        elif type(node) is cst.Assign:
            value = self.eval(node.value, scope)
            for target in node.targets:
                self.bind(target.target, value, scope)
        elif type(node) is cst.AnnAssign:
            if node.value is not None:
                self.bind(node.target, self.eval(node.value, scope), scope)
        elif type(node) is cst.AugAssign:
            self.exec_aug_assign(node, scope)
        elif type(node) is cst.Return:
            return Return(self.eval(node.value, scope) if node.value is not None else None)
        elif type(node) is cst.Break:
            return BREAK
        elif type(node) is cst.Continue:
            return CONTINUE
        elif type(node) is cst.Raise:
            if node.exc is not None:
                self.eval(node.exc, scope)
            return RAISE
        elif type(node) is cst.Assert:
            truth = pyvalues.truth(self.eval(node.test, scope))
            if truth is False:
                return RAISE
        elif type(node) is cst.Import:
            self.exec_import(node, scope)
        elif type(node) is cst.ImportFrom:
            self.exec_import_from(node, scope)
        elif type(node) is cst.Global:
            scope.globals_declared.update(name.name.value for name in node.names)
        elif type(node) is cst.Nonlocal:
            scope.nonlocals_declared.update(name.name.value for name in node.names)
        elif type(node) is cst.Del:
            self.exec_del(node.target, scope)
        return RAISE if self.host.raising() else None

    def ends_run(self, expression: cst.BaseExpression, scope: Scope) -> bool:
        """``sys.exit(...)``, ``exit()``, ``quit()``, ``os._exit(...)`` as a statement."""
        if type(expression) is not cst.Call:
            return False
        callee = self.peek(expression.func, scope)
        if isinstance(callee, Builtin) and callee.name in ("exit", "quit"):
            return True
        return self.host.exits_run(callee)

    def assign_name(self, scope: Scope, name: str, value: Any) -> None:
        owner = scope.owner_of(name)
        self.heap.touch(owner)
        owner.vars[name] = value

    def exec_import(self, node: cst.Import, scope: Scope) -> None:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if self.project is not None:
                found = self.project.absolute(dotted)
                if found is not None:
                    self.bind_project_import(alias, dotted, found, node, scope)
                    continue
            if alias.asname is not None:
                value = self.host.import_module(dotted, node)
                self.bind(alias.asname.name, self.unread_import(alias.asname.name, dotted, node)
                          if value is NOT_HANDLED else value, scope)
            else:
                top = dotted.split(".")[0]
                value = self.host.import_top(top)
                self.assign_name(scope, top, self.unread_import(top, top, node) if value is NOT_HANDLED else value)

    def bind_project_import(self, alias: cst.ImportAlias, dotted: str, found: Union[ModuleFile, NotFound],
                            node: cst.CSTNode, scope: Scope) -> None:
        """``import a.b.c`` (binds ``a``) or ``import a.b.c as s`` of a project module."""
        assert self.project is not None
        bound = alias.asname.name if alias.asname is not None else None
        top = dotted.split(".")[0]
        name = dotted_name(bound) if isinstance(bound, cst.BaseExpression) else top
        if isinstance(found, NotFound) and found.may_run:
            self.host.lost_track()  # a module runs whose code we cannot tell: see ProjectImports.not_followed
        loaded = found if isinstance(found, NotFound) else self.project.load(found)
        if isinstance(loaded, NotFound):
            value: Any = unread(self.line_of(node), self.column_of(node), name, loaded.reason)
        else:
            value = loaded
            if bound is None and isinstance(found, ModuleFile):
                value = self.project.loaded.get(self.project.chain(found)[0].path, value)
        if isinstance(bound, cst.BaseExpression):
            self.bind(bound, value, scope)
        else:
            self.assign_name(scope, top, value)

    def exec_project_import_from(self, node: cst.ImportFrom, found: Union[ModuleFile, NotFound],
                                 scope: Scope) -> None:
        """``from <project module> import names``."""
        assert self.project is not None
        if isinstance(found, NotFound) and found.may_run:
            self.host.lost_track()  # a module runs whose code we cannot tell: see ProjectImports.not_followed
        module = found if isinstance(found, NotFound) else self.project.load(found)
        names = node.names
        if isinstance(names, cst.ImportStar):
            public = self.project.public_names(module) if isinstance(module, ModuleObject) else None
            if public is None or not isinstance(module, ModuleObject):
                self.apply_unknown_star_import(scope)
                return
            for name in public:
                self.assign_name(scope, name, self.project.member(module, name, node))
            return
        for alias in names:
            name = dotted_name(alias.name)
            target = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(module, ModuleObject):
                value = self.project.member(module, name, node)
            else:
                value = unread(self.line_of(node), self.column_of(node), name, module.reason)
            self.bind(target, value, scope)

    def exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if self.project is not None:
            module_name = dotted_name(node.module) if node.module is not None else None
            found = self.project.relative(len(node.relative), module_name, scope) if node.relative \
                else self.project.absolute(module_name) if module_name is not None else None
            if found is not None:
                self.exec_project_import_from(node, found, scope)
                return
        if node.relative or node.module is None:
            names = node.names
            if isinstance(names, cst.ImportStar):
                self.apply_unknown_star_import(scope)
            else:
                for alias in names:
                    target = alias.asname.name if alias.asname is not None else alias.name
                    self.bind(target, UNKNOWN, scope)
            return
        module = dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            lookup = self.host.star_import(module)
            if lookup is not None:
                scope.star_imports.append(lookup)
            else:
                self.apply_unknown_star_import(scope)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            target_node = alias.asname.name if alias.asname is not None else alias.name
            value = self.host.import_from(module, name, node)
            self.bind(target_node, self.unread_import(dotted_name(target_node), module, node)
                      if value is NOT_HANDLED else value, scope)

    def apply_unknown_star_import(self, scope: Scope) -> None:
        """``from somewhere import *``, ``exec(...)``: names may have been rebound. Their plain values
        (numbers, strings, containers, the file's own objects) become unknown; what an import or a
        library call bound (modules, layers, models) is kept: code that rebinds ``keras`` or a model
        from a string is not what model scripts do, and forgetting them would hide every model."""
        self.heap.touch(scope)
        for name, value in list(scope.vars.items()):
            if name != "__name__" and not self.host.owns(value):
                scope.vars[name] = UNKNOWN

    def exec_compound(self, node: cst.CSTNode, scope: Scope) -> Flow:
        if isinstance(node, cst.FunctionDef):
            return self.exec_function_def(node, scope)
        if isinstance(node, cst.ClassDef):
            return self.exec_class_def(node, scope)
        if isinstance(node, cst.If):
            return self.exec_if(node, scope)
        if isinstance(node, cst.For):
            return self.exec_for(node, scope)
        if isinstance(node, cst.While):
            return self.exec_while(node, scope)
        if isinstance(node, cst.With):
            for item in node.items:
                self.eval(item.item, scope)
                if item.asname is not None:
                    self.bind(item.asname.name, UNKNOWN, scope)
            return self.exec_block(node.body.body, scope)
        if isinstance(node, (cst.Try, cst.TryStar)):
            return self.exec_try(node, scope)
        if isinstance(node, cst.Match):
            self.eval(node.subject, scope)
            return self.speculate([case.body.body for case in node.cases], scope, node, include_skip=True)
        raise Unevaluable(type(node).__name__)

    def exec_function_def(self, node: cst.FunctionDef, scope: Scope) -> Flow:
        defaults = self.eval_defaults(node.params, scope)
        decorators = tuple(self.eval(decorator.decorator, scope) for decorator in node.decorators)
        kind = "function"
        for decorator in decorators:
            if isinstance(decorator, Builtin) and decorator.name in ("staticmethod", "classmethod"):
                kind = decorator.name
        function = UserFunction(node, scope, defaults, node.name.value, decorators=decorators, kind=kind)
        self.note_closure_scope(scope)
        value: Any = function
        for decorator in reversed(decorators):  # the one nearest the function applies first
            if isinstance(decorator, Builtin) and decorator.name in ("staticmethod", "classmethod", "property"):
                continue
            if isinstance(decorator, UserFunction) and isinstance(value, UserFunction):
                value = self.invoke(decorator, [value], {})  # a decorator of the file's own: followed
                if value is function or isinstance(value, (UserFunction, FunctionChoice)):
                    continue
            if not self.host.transparent_decorator(decorator):
                # A decorator we do not follow may wrap the function in anything: calling the
                # result has the function's effects, and an unknown result.
                value = FunctionChoice((function,))
        if scope is self.module_scope:
            self.functions.append(function)
        self.assign_name(scope, node.name.value, value)
        return None

    def exec_class_def(self, node: cst.ClassDef, scope: Scope) -> Flow:
        bases = [self.eval(arg.value, scope) for arg in node.bases]
        for keyword in node.keywords:
            self.eval(keyword.value, scope)
        decorators = [self.eval(decorator.decorator, scope) for decorator in node.decorators]
        cls = UserClass(node, node.name.value, bases)
        user_bases = all((isinstance(base, UserClass) and base.understood) or base == Builtin("object")
                         for base in bases)
        cls.understood = user_bases and not node.keywords
        cls.altered = bool(node.keywords)
        body_scope = Scope(scope, scope.module, kind="class")
        self.class_bodies[id(body_scope)] = cls
        self.frames.append(body_scope)
        try:
            flow = self.exec_block(node.body.body if isinstance(node.body, cst.IndentedBlock) else [], body_scope)
        finally:
            self.frames.pop()
        if flow is RAISE:
            return RAISE
        cls.attrs = dict(body_scope.vars)
        is_dataclass = False
        for decorator in decorators:
            if self.host.is_dataclass_decorator(decorator):
                is_dataclass = True
            elif not self.host.transparent_decorator(decorator):
                cls.understood = False  # the class object may have been replaced or changed
                cls.altered = True
        if is_dataclass:
            cls.dataclass_fields = self.dataclass_fields(node, cls)
        for name, value in list(cls.attrs.items()):
            if isinstance(value, FieldDefault):
                # The dataclass decorator leaves a field's default as the class attribute, and no
                # attribute for one made by a factory; ``field()`` elsewhere is not followed.
                if is_dataclass and value.default is not MISSING:
                    cls.attrs[name] = value.default
                elif is_dataclass:
                    del cls.attrs[name]
                else:
                    cls.attrs[name] = UNKNOWN
        if scope is self.module_scope and any(self.host.owns(base) for base in _all_bases(cls)):
            self.host_classes.append(cls)
        elif scope is self.module_scope and cls.understood and not cls.altered:
            self.plain_classes.append(cls)
        self.assign_name(scope, node.name.value, cls)
        return None

    def dataclass_fields(self, node: cst.ClassDef, cls: UserClass) -> List[Tuple[str, Any]]:
        fields: List[Tuple[str, Any]] = []
        for base in cls.bases:
            if isinstance(base, UserClass) and base.dataclass_fields is not None:
                fields.extend(base.dataclass_fields)
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else []
        for statement in body:
            # A suite on the line of its header (``def f(x): return x``) is a line of small statements too.
            if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                for small in statement.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                        name = small.target.value
                        # A ``field(...)`` is a FieldDefault, one that is not followed unknown already.
                        default = cls.attrs.get(name, MISSING) if small.value is not None else MISSING
                        fields = [item for item in fields if item[0] != name] + [(name, default)]
        return fields

    def exec_aug_assign(self, node: cst.AugAssign, scope: Scope) -> None:
        current = self.eval(node.target, scope)
        operand = self.eval(node.value, scope)
        if type(current) is list and isinstance(node.operator, cst.AddAssign):
            # ``items += more`` extends the list in place: every alias sees it.
            self.heap.touch(current)
            items = pybuiltins.iteration_items(operand, pybuiltins.MAX_ITEMS)
            if items is None:
                self.havoc_objects([current])
            else:
                current.extend(items)
            return
        if type(current) is dict and isinstance(node.operator, cst.BitOrAssign):
            if isinstance(operand, dict):
                self.heap.touch(current)
                current.update(operand)
            else:
                self.havoc_objects([current])
            return
        op_name = type(node.operator).__name__.replace("Assign", "")
        binary_op = getattr(cst, op_name, None)
        value = self.binary(binary_op() if binary_op else None, current, operand, node)
        self.bind(node.target, value, scope)

    def exec_del(self, target: cst.BaseExpression, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            owner = scope.owner_of(target.value)
            self.heap.touch(owner)
            owner.vars.pop(target.value, None)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.exec_del(element.value, scope)
        elif isinstance(target, cst.Subscript):
            container = self.eval(target.value, scope)
            indices = self.eval_indices(target, scope)
            if type(container) is list and len(indices) == 1:
                self.heap.touch(container)
                index = indices[0]
                if isinstance(index, slice) or (isinstance(index, int) and not isinstance(index, bool)
                                                and -len(container) <= index < len(container)):
                    del container[index]
                else:
                    self.havoc_objects([container])
            elif type(container) is dict and len(indices) == 1 and pybuiltins.is_known(indices[0]) \
                    and isinstance(indices[0], (int, str, bool, float, tuple)) and indices[0] in container:
                self.heap.touch(container)
                del container[indices[0]]
            elif type(container) in (list, dict):
                self.havoc_objects([container])
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, scope)
            if isinstance(receiver, (Instance, UserClass)):
                self.heap.touch(receiver)
                receiver.attrs.pop(target.attr.value, None)
            elif isinstance(receiver, ModuleObject):
                self.heap.touch(receiver.scope)
                receiver.scope.vars.pop(target.attr.value, None)
            elif self.host.owns(receiver):
                self.host.delete_attribute(receiver, target.attr.value)

    # ---- branches ----

    def exec_if(self, node: cst.If, scope: Scope) -> Flow:
        test = pyvalues.truth(self.eval(node.test, scope))
        if test is True:
            return self.exec_block(node.body.body, scope)
        orelse = node.orelse
        if test is False:
            if isinstance(orelse, cst.If):
                return self.exec_if(orelse, scope)
            if isinstance(orelse, cst.Else):
                return self.exec_block(orelse.body.body, scope)
            return None
        branches: List[Sequence[cst.CSTNode]] = [node.body.body]
        include_skip = True
        if isinstance(orelse, cst.If):
            branches.append([orelse])
            include_skip = False
        elif isinstance(orelse, cst.Else):
            branches.append(orelse.body.body)
            include_skip = False
        return self.speculate(branches, scope, node, include_skip=include_skip)

    def speculate(self, branches: Sequence[Sequence[cst.CSTNode]], scope: Scope, site: cst.CSTNode,
                  include_skip: bool) -> Flow:
        """Blocks of which exactly one runs (``include_skip``: or none): each runs on the same state;
        the state after is their join. Early flows become pending states of their targets."""
        if self.speculative_depth >= MAX_SPECULATION_DEPTH:
            self.apply_unfollowed_code([statement for block in branches for statement in block], scope)
            return None
        runs = [lambda block=block: self.exec_block(block, scope) for block in branches]
        return self.run_alternatives(runs, self.host.checkpoint(), site, include_skip)

    def run_alternatives(self, runs: Sequence[Callable[[], Flow]], token: Any, site: cst.CSTNode,
                         include_skip: bool, outcomes: Optional[List[Changes]] = None,
                         host_outcomes: Optional[List[Any]] = None) -> Flow:
        """Run each alternative on the state as it is now, undoing it afterwards, then set the state
        to their join (``include_skip``: with the state as it is, for "none of them ran"). The flow
        after: None, or DEAD when no alternative falls through. ``outcomes``/``host_outcomes``:
        alternatives already run."""
        fallthrough: List[Changes] = [] if outcomes is None else outcomes
        host_ends: List[Any] = [] if host_outcomes is None else host_outcomes
        self.speculative_depth += 1
        try:
            for run in runs:
                index = self.heap.open()
                self.leave_alternative(run(), index, fallthrough)
                self.heap.restore(index)
                host_ends.append(self.host.restore(token))
        finally:
            self.speculative_depth -= 1
        if include_skip:
            fallthrough.append({})
        if fallthrough:
            self.join_alternatives(fallthrough, token, site)
        self.host.join(token, host_ends, include_skip=include_skip)
        return None if fallthrough else DEAD

    def leave_alternative(self, flow: Flow, index: int, fallthrough: List[Changes]) -> None:
        """Where the path of one alternative goes: on after the block, or to a target's pending list."""
        if flow is None:
            fallthrough.append(self.heap.changes_since(index))
        elif isinstance(flow, Return):
            self.leave_to(self.function_target(), "return", flow.value)
        elif flow is BREAK or flow is CONTINUE:
            self.leave_to(self.loop_target(), "break" if flow is BREAK else "continue")
        # RAISE: that run ends; DEAD: its paths are pending already.

    def leave_to(self, target: Optional[_Target], kind: str, value: Any = None) -> None:
        """This path goes on at ``target`` (a function's end, a loop's end or next iteration)."""
        if target is None:
            return
        self.exit_serial += 1
        target.last_exit = self.exit_serial
        changes = self.heap.changes_since(target.iteration_level if kind == "continue" else target.level)
        if kind == "return":
            target.values.append(value)
        existing = target.pending[kind]
        target.pending[kind] = changes if existing is None else accumulate(
            self.heap, existing, changes, self.joiner(None, self.module_node))

    def join_alternatives(self, outcomes: Sequence[Changes], token: Any, site: cst.CSTNode) -> None:
        originals: Dict[int, Tuple[Any, Any]] = {}
        for outcome in outcomes:
            for key, (obj, original, _) in outcome.items():
                originals.setdefault(key, (obj, original))
        per_object = {key: (obj, [outcome[key][2] if key in outcome else original for outcome in outcomes])
                      for key, (obj, original) in originals.items()}
        self.heap.apply_join(per_object, self.joiner(token, site), self.roots)

    def function_target(self) -> Optional[_Target]:
        for target in reversed(self.targets):
            if target.kind == "function":
                return target
        return None

    def loop_target(self) -> Optional[_Target]:
        for target in reversed(self.targets):
            if target.kind == "function":
                return None
            if target.kind == "loop":
                return target
        return None

    def exec_try(self, node: Union[cst.Try, cst.TryStar], scope: Scope) -> Flow:
        """The body runs; a handler runs after any part of it. The state after is the join of the
        body's end (then ``else``) and each handler's end; ``finally`` runs on that."""
        catching = self.handler_of_failed_import(node, scope)
        if catching is not None:
            # The body's first statement imports a module the target library lacks: in every run
            # it raises before anything else in the body runs (and binds nothing), and this
            # handler is the one that catches it (``except ImportError:`` falling back to the
            # module that exists). No ``else``.
            if catching.name is not None:
                self.bind(catching.name.name, UNKNOWN, scope)
            flow = self.exec_block(catching.body.body, scope)
            if node.finalbody is not None and flow is None:
                final_flow = self.exec_block(node.finalbody.body.body, scope)
                if final_flow is not None:
                    return final_flow
            return flow
        token = self.host.checkpoint()
        handlers = [handler.body.body for handler in node.handlers]
        start = self.heap.open()
        body_flow = self.exec_block(node.body.body, scope)
        if body_flow is None and node.orelse is not None:
            body_flow = self.exec_block(node.orelse.body.body, scope)
        if not handlers:
            self.heap.keep(start)
            self.host.keep(token)
            if node.finalbody is not None:
                final_flow = self.exec_block(node.finalbody.body.body, scope)
                if final_flow is not None:
                    return final_flow
            return body_flow
        body_changes = self.heap.changes_since(start)
        outcomes: List[Changes] = []
        self.leave_alternative(body_flow, start, outcomes)
        self.heap.restore(start)
        host_outcomes = [self.host.restore(token)]

        def handle(handler: Sequence[cst.CSTNode]) -> Flow:
            # A handler may start after any statement of the body: what the body changed is unknown.
            self.havoc_partial(body_changes, node.body.body, scope)
            self.host.caught()
            return self.exec_block(handler, scope)
        runs = [lambda handler=handler: handle(handler) for handler in handlers]
        flow = self.run_alternatives(runs, token, node, False, outcomes, host_outcomes)
        if node.finalbody is not None and flow is None:
            final_flow = self.exec_block(node.finalbody.body.body, scope)
            if final_flow is not None:
                return final_flow
        return flow

    def handler_of_failed_import(self, node: Union[cst.Try, cst.TryStar],
                                 scope: Scope) -> Optional[cst.ExceptHandler]:
        """The handler that runs in every run of ``node``, when the body's first statement is an
        import of one module (``import a.b`` or ``from a.b import c``) the host says raises
        ``ImportError``, and the handlers before it are known not to catch that; None otherwise."""
        if not isinstance(node, cst.Try) or not node.body.body:
            return None
        first = node.body.body[0]
        if not isinstance(first, cst.SimpleStatementLine) or not first.body:
            return None
        statement = first.body[0]
        if isinstance(statement, cst.Import) and len(statement.names) == 1:
            module: Optional[str] = dotted_name(statement.names[0].name)
        elif isinstance(statement, cst.ImportFrom) and not statement.relative and statement.module is not None:
            module = dotted_name(statement.module)  # raises before any name is bound
        else:
            return None
        if module is None or not self.host.import_raises(module):
            return None
        for handler in node.handlers:
            caught = self.catches_import_error(handler, scope)
            if caught is None:
                return None  # this handler may or may not catch it
            if caught:
                return handler
        return None

    def catches_import_error(self, handler: cst.ExceptHandler, scope: Scope) -> Optional[bool]:
        """Whether ``handler`` catches the ``ModuleNotFoundError`` of a failed import: None when its
        type is not written as Python's own exception classes (names the file does not bind), or a
        tuple of them."""
        if handler.type is None:
            return True
        written = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        names: List[str] = []
        for item in written:
            value = item.value if isinstance(item, cst.Element) else item
            if not isinstance(value, cst.Name) or value.value not in _EXCEPTION_CLASSES \
                    or not self.unbound(scope, value.value):
                return None
            names.append(value.value)
        return any(name in _CATCHING_FAILED_IMPORT for name in names)

    def unbound(self, scope: Scope, name: str) -> bool:
        """Whether ``name`` is bound in no scope around (and no star import may bind it): it is the
        built-in of that name."""
        current: Optional[Scope] = scope
        while current is not None:
            if name in current.vars or current.star_imports:
                return False
            current = current.parent
        return True

    def havoc_partial(self, changes: Changes, body: Sequence[cst.CSTNode], scope: Scope) -> None:
        """The state a handler may start in: each name the body assigns, and each container it
        changed, may hold its value from before, from after, or from in between."""
        join_value = self.joiner(None, body[0] if body else self.module_node)
        per_object: Dict[int, Tuple[Any, List[Any]]] = {}
        havocked: List[Any] = []
        for key, (obj, original, final) in changes.items():
            if isinstance(obj, Scope):
                per_object[key] = (obj, [original, final])
            else:
                havocked.append(obj)
        self.heap.apply_join(per_object, join_value, self.roots)
        # A name bound once has its value from before or its final one (joined above); one bound
        # more than once may have any of its values.
        for name in names_assigned_more_than_once(body):
            owner = scope.owner_of(name)
            self.heap.touch(owner)
            owner.vars[name] = UNKNOWN
        if havocked:
            self.havoc_objects(havocked)

    # ---- loops ----

    def exec_for(self, node: cst.For, scope: Scope) -> Flow:
        pattern = _each_assignment(node)
        if pattern is None:
            iterable = self.eval(node.iter, scope)
        else:
            collection, attribute, value_node = pattern
            container = self.eval(collection.value, scope)
            if self.host.owns(container) and self.loop_target_dead(node, scope):
                value = self.eval(value_node, scope)
                if self.host.assign_to_each(container, collection.attr.value, attribute, value, self.decided(), node):
                    # Its value after the loop is never read (``loop_target_dead``).
                    self.bind(node.target, UNKNOWN, scope)
                    return None
            iterable = self.attribute_value(collection, container)
        items = pybuiltins.iteration_items(iterable, MAX_UNROLLED_ITERATIONS)
        orelse = node.orelse.body.body if node.orelse is not None else None
        if items is None:
            host_items = self.host.iteration_items(iterable) if self.host.owns(iterable) else None
            if host_items is None:
                return self.loop_unknown(node.body.body, orelse, scope, node, node.target)
            items = host_items
        target = self.push_loop()
        flow: Flow = None
        for item in items:
            self.bind(node.target, item, scope)
            flow = self.run_iteration(node.body.body, scope, target, node)
            if flow is not None:
                break
        return self.finish_loop(target, flow, orelse, scope, node)

    def exec_while(self, node: cst.While, scope: Scope) -> Flow:
        orelse = node.orelse.body.body if node.orelse is not None else None
        target = self.push_loop()
        flow: Flow = None
        for _ in range(MAX_UNROLLED_ITERATIONS + 1):
            truth = pyvalues.truth(self.eval(node.test, scope))
            if truth is False:
                break
            if truth is None:
                # From here on the loop runs an unknown number of times.
                self.targets.pop()
                flow = self.loop_unknown(node.body.body, orelse, scope, node, None, test=node.test)
                self.targets.append(target)
                return self.finish_loop(target, flow, None, scope, node)
            exits = self.pending_exits()
            flow = self.run_iteration(node.body.body, scope, target, node)
            if flow is not None:
                break
            if target.pending["break"] is not None or self.pending_exits() != exits:
                # A break or return on an undecided path (``while True: ... if not line: break``):
                # from here on the loop runs an unknown number of times, as if its test were
                # unknown; unrolled it would run to the iteration limit, every pass speculating.
                self.targets.pop()
                flow = self.loop_unknown(node.body.body, orelse, scope, node, None, test=node.test)
                self.targets.append(target)
                return self.finish_loop(target, flow, None, scope, node)
        else:
            self.targets.pop()
            self.heap.keep(target.level)
            self.give_up_on(node, scope)
            return None
        return self.finish_loop(target, flow, orelse, scope, node)

    def pending_exits(self) -> Tuple[int, ...]:
        """Which early exits out of the innermost loop are pending (by identity of their states):
        returns at the function's end, breaks and continues of the loops around it."""
        return tuple(id(target.pending[kind]) for target in self.targets for kind in ("return", "break", "continue"))

    def push_loop(self) -> _Target:
        target = _Target("loop", self.heap.open())
        self.targets.append(target)
        return target

    def run_iteration(self, body: Sequence[cst.CSTNode], scope: Scope, target: _Target,
                      site: cst.CSTNode) -> Flow:
        """One iteration of an unrolled loop; None to go on, BREAK, or a flow that leaves the loop."""
        target.iteration_level = self.heap.open()
        flow = self.exec_block(body, scope)
        if flow is CONTINUE:
            flow = None
        continues = target.take("continue")
        if continues:
            alive = flow is None
            if isinstance(flow, Return):
                self.divert_return(flow)
                alive = False
            elif flow is BREAK:
                self.leave_to(target, "break")
                alive = False
            pending_join(self.heap, target.iteration_level, continues, alive, self.joiner(None, site), self.roots)
            flow = None
        self.heap.keep(target.iteration_level)
        return flow

    def divert_return(self, flow: Return) -> None:
        """A certain ``return`` on a path that is one of several: pending at the function's end."""
        self.leave_to(self.function_target(), "return", flow.value)

    def finish_loop(self, target: _Target, flow: Flow, orelse: Optional[Sequence[cst.CSTNode]],
                    scope: Scope, site: cst.CSTNode) -> Flow:
        if flow is None and orelse is not None:
            flow = self.exec_block(orelse, scope)
        broke = flow is BREAK
        if broke:
            flow = None
        self.targets.pop()
        breaks = target.take("break")
        if breaks:
            alive = flow is None
            if isinstance(flow, Return):
                self.divert_return(flow)
            elif flow is BREAK or flow is CONTINUE:
                self.leave_to(self.loop_target(), "break" if flow is BREAK else "continue")
            pending_join(self.heap, target.level, breaks, alive, self.joiner(None, site), self.roots)
            flow = None
        self.heap.keep(target.level)
        return flow

    def loop_unknown(self, body: Sequence[cst.CSTNode], orelse: Optional[Sequence[cst.CSTNode]], scope: Scope,
                     site: cst.CSTNode, loop_target: Optional[cst.BaseExpression],
                     test: Optional[cst.BaseExpression] = None) -> Flow:
        """A loop that runs an unknown number of times: its body's passes widen the state until a
        pass changes nothing that the join keeps; that last pass's layers and diagnostics stand."""
        if self.speculative_depth >= MAX_SPECULATION_DEPTH:
            self.apply_unfollowed_code(list(body) + list(orelse or []), scope, extra_targets=loop_target)
            return None
        target = self.push_loop()
        outer_token = self.host.checkpoint()
        join_value = self.joiner(outer_token, site)
        converged = False
        for attempt in range(MAX_LOOP_PASSES + 1):
            final = attempt == MAX_LOOP_PASSES
            if final:
                # No fixed point yet: whatever the body writes is unknown, then one last pass.
                self.apply_unfollowed_code(list(body), scope, extra_targets=loop_target, host_taint=False)
            marks = [(t, dict(t.pending), len(t.values)) for t in self.targets]
            level = self.heap.open()
            target.iteration_level = level
            token = self.host.checkpoint()
            self.speculative_depth += 1
            try:
                if loop_target is not None:
                    self.bind(loop_target, reasons.loop_item(
                        self.line_of(site), self.column_of(site), site.iter if isinstance(site, cst.For) else None),
                        scope)
                flow = self.exec_block(body, scope)
                if test is not None and flow is None:
                    self.eval(test, scope)
            finally:
                self.speculative_depth -= 1
            if flow is CONTINUE:
                flow = None
            if isinstance(flow, Return):
                self.divert_return(flow)
            elif flow is BREAK:
                self.leave_to(target, "break")
            continues = target.take("continue")
            if continues:
                pending_join(self.heap, level, continues, flow is None, join_value, self.roots)
            elif flow is not None:
                # No iteration gets to the end: the state at the loop's head is the one before.
                self.heap.restore(level)
                level = self.heap.open()
            changes = self.heap.changes_since(level)
            converged = final or all(
                self.heap_join_is(obj, original, final_content, join_value)
                for obj, original, final_content in changes.values())
            if converged:
                self.host.join(token, [self.host.restore(token)], include_skip=True)
                self.heap.keep(level)
                per_object = {key: (obj, [original, now]) for key, (obj, original, now) in changes.items()}
                self.heap.apply_join(per_object, join_value, self.roots)
                break
            for pending_target, pending, values in marks:
                pending_target.pending = pending
                del pending_target.values[values:]
            self.heap.restore(level)
            self.host.discard(token)
            per_object = {key: (obj, [original, now]) for key, (obj, original, now) in changes.items()}
            self.heap.apply_join(per_object, join_value, self.roots)
        self.host.keep(outer_token)
        flow = None
        if orelse is not None:
            flow = self.exec_block(orelse, scope)
        return self.finish_loop(target, flow, None, scope, site)

    def heap_join_is(self, obj: Any, original: Any, now: Any, join_value: Callable[[List[Any]], Any]) -> bool:
        """Whether joining ``now`` into ``original`` leaves ``original`` as it is (a fixed point)."""
        try:
            joined = self.heap.join_contents(obj, [original, now], join_value)
        except Havoc:
            return False
        return self.heap.content_equal(joined, original)

    # ---- code that touches none of the host's values ----

    def try_skip(self, scope: Scope, names: FrozenSet[str], bound: FrozenSet[str]) -> bool:
        """Skip a statement that touches none of the host's values and changes nothing that code
        touching them reads (see relevance.py): ``names``, every name it mentions; ``bound``, every
        name it may bind. What it binds and every object it could reach become unknown, as for any
        code we do not follow. False: run it."""
        reached = self.inert_reach([self.lookup(scope, name) for name in names])
        if reached is None or not self.skippable_effects(*reached):
            return False
        changed = reasons.unfollowed_code(self.statement_line, self.statement_column)
        for name in bound:
            owner = scope.owner_of(name)
            self.heap.touch(owner)
            owner.vars[name] = changed
        self.havoc_inert(*reached, changed)
        return True

    def try_skip_function(self, function: UserFunction) -> bool:
        """A function the file never calls whose evaluation with its defaults would touch none of
        the host's values nor change anything code touching them reads: its effects are applied
        instead. False: evaluate it."""
        reached = self.inert_reach([function])
        if reached is None or not self.skippable_effects(*reached):
            return False
        self.havoc_inert(*reached, reasons.unfollowed_code(self.line_of(function.node), self.column_of(function.node)))
        return True

    def skippable_effects(self, mutables: Dict[int, Any], functions: List[UserFunction]) -> bool:
        """Whether code reaching ``mutables`` and calling ``functions`` leaves every needed name and
        what it reaches as it is."""
        for function in functions:
            facts = self.function_facts(function)
            if facts is not None and facts[1] & self.needed:
                return False
        return not (mutables and self.needed_reach_meets(mutables))

    def havoc_inert(self, mutables: Dict[int, Any], functions: List[UserFunction], changed: Unknown) -> None:
        """The effects of inert code we skip: the names its functions bind outside themselves, and
        every object it could reach, are unknown; the functions count as called (not to be
        evaluated again with their defaults). The host's state is left alone: nothing reached is
        the host's, but for inert values."""
        for function in functions:
            function.called = True
            facts = self.function_facts(function)
            for name in facts[1] if facts is not None else ():
                around: Optional[Scope] = function.scope
                while around is not None:
                    if name in around.vars or around is around.module:
                        self.heap.touch(around)
                        around.vars[name] = changed
                    around = around.parent
        if mutables:
            self.heap.scrub(mutables, self.roots(), changed)

    def inert_reach(self, values: Iterable[Any]) -> Optional[Tuple[Dict[int, Any], List[UserFunction]]]:
        """The mutable objects reachable from ``values`` (through containers, objects, and the names
        the file's functions among them read), and those functions; None when a value of the host
        that may build or change what it reports is reachable, or anything the evaluator cannot
        see through (a function of unknown code, a call that rewrites names)."""
        mutables: Dict[int, Any] = {}
        functions: List[UserFunction] = []
        seen: Set[int] = set()
        stack = list(values)
        pop, extend = stack.pop, stack.extend
        while stack:
            value = pop()
            kind = type(value)
            if kind in _INERT_SCALARS or isinstance(value, Unknown):
                continue
            key = id(value)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_INERT_VALUES:
                return None
            if kind is tuple:
                extend(value)
            elif kind is list:
                mutables[key] = value
                extend(value)
            elif kind is dict:
                mutables[key] = value
                extend(value.keys())
                extend(value.values())
            elif kind is Builtin:
                if value.name in DANGEROUS_BUILTINS:
                    return None
            elif kind is UserFunction or kind is DeferredFunction:
                facts = self.function_facts(value)
                if facts is not None:
                    names = facts[0]
                elif kind is UserFunction and isinstance(value.node, cst.Lambda):
                    names = self.lambda_names(value.node)
                else:
                    return None  # code that imports, calls exec(), ..., or was not analysed
                functions.append(value)
                extend(self.lookup(value.scope, name) for name in names)
                extend(value.defaults.values())
                extend(value.decorators)
            elif kind is Instance:
                mutables[key] = value
                extend(value.attrs.values())
                stack.append(value.cls)
            elif kind is UserClass:
                if not value.understood:
                    return None
                mutables[key] = value
                extend(value.attrs.values())
                extend(value.bases)
            elif kind is BoundMethod:
                stack.append(value.receiver)
                if value.function is not None:
                    stack.append(value.function)
            elif kind is FunctionChoice:
                extend(value.functions)
            elif kind is PartialCall:
                stack.append(value.function)
                extend(value.args)
                extend(item for _, item in value.kwargs)
            elif kind is PartialList:
                extend(value.head)
                extend(value.tail)
            elif not (self.host.owns(value) and self.host.inert(value)):
                return None
        return mutables, functions

    def lambda_names(self, node: cst.Lambda) -> FrozenSet[str]:
        key = id(node)
        names = self.lambda_cache.get(key)
        if names is None:
            names = frozenset(child.value for child in walk(node) if isinstance(child, cst.Name))
            self.lambda_cache[key] = names
        return names

    def needed_reach_meets(self, mutables: Dict[int, Any]) -> bool:
        """Whether any of ``mutables`` is reachable from a needed name of a live scope."""
        needed = self.needed
        stack: List[Any] = []
        scopes_seen: Set[int] = set()
        scopes: List[Optional[Scope]] = list(self.frames)
        while scopes:
            scope = scopes.pop()
            if scope is None or id(scope) in scopes_seen:
                continue
            scopes_seen.add(id(scope))
            variables = scope.vars
            if len(variables) < len(needed):
                stack.extend(value for name, value in variables.items() if name in needed)
            else:
                stack.extend(variables[name] for name in needed if name in variables)
            scopes.append(scope.parent)
        seen: Set[int] = set()
        while stack:
            value = stack.pop()
            kind = type(value)
            if kind in _INERT_SCALARS:
                continue
            key = id(value)
            if key in mutables:
                return True
            if key in seen:
                continue
            seen.add(key)
            if kind is tuple or kind is list:
                stack.extend(value)
            elif kind is dict:
                stack.extend(value.values())
            elif kind is Instance:
                stack.extend(value.attrs.values())
                stack.append(value.cls)
            elif kind is UserClass:
                stack.extend(value.attrs.values())
                stack.extend(value.bases)
            elif kind is UserFunction:
                stack.extend(value.defaults.values())
                scope = value.scope
                while scope is not None and id(scope) not in scopes_seen:
                    scopes_seen.add(id(scope))
                    stack.extend(item for name, item in scope.vars.items() if name in needed)
                    scope = scope.parent
            elif kind is BoundMethod:
                stack.append(value.receiver)
            elif kind is FunctionChoice:
                stack.extend(value.functions)
            elif kind is PartialCall:
                stack.append(value.function)
                stack.extend(value.args)
            elif kind is PartialList:
                stack.extend(value.head)
                stack.extend(value.tail)
        return False

    # ---- code and calls we do not follow ----

    def effects(self, node: cst.CSTNode) -> EffectSummary:
        key = id(node)
        summary = self.effects_cache.get(key)
        if summary is None:
            summary = effects_of(node)
            self.effects_cache[key] = summary
        return summary

    def apply_unfollowed_code(self, statements: Sequence[cst.CSTNode], scope: Scope,
                              extra_targets: Optional[cst.BaseExpression] = None, host_taint: bool = True) -> None:
        """Code that may run any number of times in ways we do not follow: every name it assigns
        is unknown, every container it could change is havocked, and so are the effects of the
        file's functions it calls."""
        names: Set[str] = set(target_names(extra_targets) if extra_targets is not None else [])
        receivers: Set[str] = set()
        called: Set[str] = set()
        globals_written: Set[str] = set()
        everything = False
        for statement in statements:
            summary = self.effects(statement)
            names |= summary.assigned
            receivers |= summary.receivers
            called |= summary.called
            globals_written |= summary.globals_written
            everything = everything or summary.everything
            if host_taint:
                self.host.unevaluated(statement, lambda expression: self.peek(expression, scope))
        self.apply_effects(scope, names, receivers, called, globals_written, everything)
        exits: Set[str] = set()
        for statement in statements:
            exits |= self.effects(statement).exits
        # Flows leaving the code we did not run: the state now is one they may leave with.
        if "return" in exits:
            self.leave_to(self.function_target(), "return", UNKNOWN)
        for kind in ("break", "continue"):
            if kind in exits:
                self.leave_to(self.loop_target(), kind)

    def apply_effects(self, scope: Scope, names: Set[str], receivers: Set[str], called: Set[str],
                      globals_written: Set[str], everything: bool, seen: Optional[Set[int]] = None) -> None:
        seen = set() if seen is None else seen
        if everything:
            self.apply_unknown_star_import(scope.module)
            if scope is not scope.module:
                self.apply_unknown_star_import(scope)
        reach: List[Any] = []
        for name in receivers | names:
            value = self.lookup(scope, name)
            if not isinstance(value, Unknown):
                reach.append(value)
        changed = reasons.unfollowed_code(self.statement_line, self.statement_column)
        for name in names:
            owner = scope.owner_of(name)
            self.heap.touch(owner)
            owner.vars[name] = changed
        for name in globals_written:
            self.heap.touch(scope.module)
            scope.module.vars[name] = changed
        functions: List[Any] = [self.lookup(scope, name) for name in called]
        self.havoc_reach(reach + [f for f in functions if isinstance(f, (UserFunction, UserClass, FunctionChoice))],
                         seen)

    def havoc_reach(self, values: Sequence[Any], seen: Optional[Set[int]] = None) -> None:
        """Everything ``values`` reach may have been changed: containers are havocked, and the
        effects of functions and objects among them (callbacks, a config object's methods) applied."""
        seen = set() if seen is None else seen
        if self.project is not None:
            self.havoc_modules(values)
        found, functions = reachable_mutables(values)
        if found:
            self.heap.scrub(found, self.roots(), reasons.unfollowed_code(self.statement_line, self.statement_column))
        for function in functions:
            self.apply_function_effects(function, seen)

    def havoc_modules(self, values: Sequence[Any]) -> None:
        """Imported project modules among ``values`` (or in the containers among them), which code
        we do not follow may rebind names of, and whose functions it may call."""
        stack, seen = list(values), set()  # type: Tuple[List[Any], Set[int]]
        while stack and len(seen) < MAX_INERT_VALUES:
            value = stack.pop()
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, ModuleObject):
                functions = [item for item in value.scope.vars.values()
                             if isinstance(item, (UserFunction, FunctionChoice, UserClass))]
                self.apply_unknown_star_import(value.scope)
                for function in functions:
                    self.apply_function_effects(function, set())
            elif type(value) in (list, tuple):
                stack.extend(value)
            elif type(value) is dict:
                stack.extend(value.values())

    def apply_function_effects(self, function: Any, seen: Set[int]) -> None:
        if id(function) in seen:
            return
        seen.add(id(function))
        if isinstance(function, FunctionChoice):
            for choice in function.functions:
                self.apply_function_effects(choice, seen)
            return
        if isinstance(function, Instance):
            function = function.cls
        if isinstance(function, UserClass):
            for value in function.attrs.values():
                if isinstance(value, UserFunction):
                    self.apply_function_effects(value, seen)
            for base in function.bases:
                if isinstance(base, UserClass):
                    self.apply_function_effects(base, seen)
            return
        if not isinstance(function, UserFunction):
            return
        self.effects_applied += 1
        if self.effects_limit is not None and self.effects_applied > self.effects_limit:
            raise UncalledOutOfBudget()
        summary = self.effects(function.node)
        self.host.unevaluated(function.node, lambda expression: self.peek(expression, function.scope))
        # The function's own locals die with its call; what it reaches outside does not.
        self.apply_effects(function.scope, set(), summary.free_receivers, summary.called,
                           summary.globals_written | summary.nonlocals_written, summary.everything, seen)

    def havoc_objects(self, objects: Sequence[Any]) -> None:
        self.heap.scrub({id(obj): obj for obj in objects}, self.roots(),
                        reasons.unfollowed_code(self.statement_line, self.statement_column))

    def note_escape(self, value: Any) -> None:
        """A function of the file's own (or a method, a class) stored where a value can later come
        from without its name (an item, an attribute, an argument, a return value): a call of an
        unknown callable may be a call of it."""
        if isinstance(value, (UserFunction, UserClass, FunctionChoice, BoundMethod, Instance)):
            self.escaped.setdefault(id(value), value.function if isinstance(value, BoundMethod) else value)

    def apply_unfollowed_call(self, function: Any, args: Sequence[Any], kwargs: Dict[str, Any]) -> None:
        """A call whose effects we do not follow: what its arguments reach may change."""
        values = list(args) + list(kwargs.values())
        for value in values:
            self.note_escape(value)
        if isinstance(function, BoundMethod):
            values.append(function.receiver)
        if isinstance(function, (UserFunction, FunctionChoice, UserClass)):
            values.append(function)
        self.havoc_reach(values)

    # ---- binding ----

    def bind(self, target: cst.BaseExpression, value: Any, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            imported = self.project is not None and self.in_imported_code()
            if (self.assumptions or self.inline_assumptions) and not imported:
                # What the user assumes is about the file's own names, and a comment on a line of
                # the file (an imported module's code has no lines of the file).
                value = self.assumed_binding(target, value, scope)
            if isinstance(value, Unknown) and not imported:
                if value.cause is not None:
                    value = reasons.bound(value, self.line_of(target), self.column_of(target), target.value,
                                          self.assumable_name(scope, target.value))
                formula_name = self.formula_name(scope, target.value)
                if formula_name is not None:
                    value = _named(value, formula_name)
            self.host.bound(target.value, value)
            self.assign_name(scope, target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            starred = [i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)]
            items = self.host.unpack(value, len(elements)) if self.host.owns(value) else None
            if items is None:
                items = _unpack(value, len(elements), starred)
            for element, item in zip(elements, items):
                self.bind(element.value, item, scope)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, value, scope)
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, scope)
            name = target.attr.value
            if isinstance(receiver, (Instance, UserClass)):
                self.heap.touch(receiver)
                receiver.attrs[name] = value
            elif isinstance(receiver, ModuleObject):
                self.heap.touch(receiver.scope)
                receiver.scope.vars[name] = value
            elif self.host.owns(receiver):
                self.host.set_attribute(receiver, name, value, certain=self.decided())
        elif isinstance(target, cst.Subscript):
            self.bind_subscript(target, value, scope)

    def assumed_value(self, name: str, value: Any) -> Any:
        """The value assumed for ``name`` when the code's own is unknown; a known value stands (what
        the code proves beats what the user assumes)."""
        if name not in self.assumptions:
            return value
        self.assumptions_matched.add(name)
        if not isinstance(value, Unknown):
            return value
        assumed = self.assumptions[name]
        self.assumed[name] = assumed
        return assumed

    def assumed_binding(self, target: cst.Name, value: Any, scope: Scope) -> Any:
        name = self.assumable_name(scope, target.value)
        value = self.assumed_value(name, value)
        if isinstance(value, Unknown) and self.inline_assumptions:
            line = self.line_of(target)
            if line in self.inline_assumptions:
                value = self.inline_assumptions[line]
                self.assumed[name] = value
        return value

    def formula_name(self, scope: Scope, name: str) -> Optional[str]:
        """The name a value bound to ``name`` has in formulas: as ``--assume`` spells it, for a
        module-level name or a function's local; None in a class body or a comprehension, whose
        names no formula could spell without meaning another value."""
        owner = scope.owner_of(name)
        if owner.kind == "module":
            return name
        function = self.current_function_node()
        if owner.kind == "function" and isinstance(function, cst.FunctionDef):
            return f"{function.name.value}.{name}"
        return None

    def derived(self, node: cst.CSTNode, value: Unknown) -> Any:
        """An item or ``len`` of an unknown value: the value assumed for it as a formula writes it
        (``--assume "X.shape[1]=28"``, ``"len(class_names)=6"``), else a new run-time value."""
        text = reasons.expression_text(node)
        if text is not None and text in self.assumptions:
            return self.assumed_value(text, value)
        return _derived(node, value, text)

    def assumable_name(self, scope: Scope, name: str) -> str:
        """``name`` as ``--assume`` spells it: bare at module level, ``function.name`` in a function."""
        owner = scope.owner_of(name)
        if owner.kind == "module":
            return name
        function = self.current_function_node()
        if isinstance(function, cst.FunctionDef):
            return f"{function.name.value}.{name}"
        return name

    def bind_subscript(self, target: cst.Subscript, value: Any, scope: Scope) -> None:
        container = self.eval(target.value, scope)
        indices = self.eval_indices(target, scope)
        if isinstance(container, _GlobalsProxy):
            key = indices[0] if len(indices) == 1 else UNKNOWN
            if isinstance(key, str):
                self.heap.touch(container.scope)
                container.scope.vars[key] = value
            else:
                self.apply_unknown_star_import(container.scope)
            return
        if type(container) is list and len(indices) == 1:
            self.heap.touch(container)
            index = indices[0]
            if isinstance(index, int) and not isinstance(index, bool) and -len(container) <= index < len(container):
                container[index] = value
                return
            if isinstance(index, slice):
                items = pybuiltins.iteration_items(value, pybuiltins.MAX_ITEMS)
                if items is not None and (index.step is None or index.step == 1):
                    container[index] = items
                    return
            self.havoc_objects([container])
        elif type(container) is dict and len(indices) == 1:
            key = indices[0]
            if pybuiltins.is_known(key) and isinstance(key, (int, float, str, bool, type(None), tuple)):
                self.heap.touch(container)
                container[key] = value
            else:
                self.havoc_objects([container])
        elif isinstance(container, Instance):
            self.havoc_objects([container])

    # ---- expressions ----

    def eval(self, node: cst.BaseExpression, scope: Scope) -> Any:
        # Exact type tests: libcst's node classes are ABCs, whose isinstance checks made this
        # dispatch a hot spot; the expression classes tested here have no subclasses.
        kind = type(node)
        if kind is cst.Name:
            name = node.value  # type: ignore[attr-defined]
            if name == "True":
                return True
            if name == "False":
                return False
            if name == "None":
                return None
            value = self.lookup(scope, name)
            if value is UNKNOWN:
                return reasons.undefined_name(self.line_of(node), self.column_of(node), name,
                                              self.is_bound(scope, name))
            return value
        if kind in (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.Imaginary):
            key = id(node)
            if key not in self.literal_cache:
                self.literal_cache[key] = pyvalues.literal(node)
            return self.literal_cache[key]
        if kind is cst.Attribute:
            assert isinstance(node, cst.Attribute)
            value_node = node.value
            if type(value_node) is cst.Call and type(value_node.func) is cst.Name \
                    and value_node.func.value == "super":
                # What is read from ``super(...)``: the host is told of ``super(Base, self).__init__``
                # only (``super(Layer, self).get_config()`` skips nothing Keras needs).
                outer, self.read_from_super = self.read_from_super, node.attr.value
                try:
                    receiver = self.eval(value_node, scope)
                finally:
                    self.read_from_super = outer
                return self.attribute_value(node, receiver)
            return self.attribute_value(node, self.eval(node.value, scope))
        if kind is cst.Call:
            assert isinstance(node, cst.Call)
            return self.eval_call(node, scope)
        if kind in (cst.Tuple, cst.List, cst.Set):
            assert isinstance(node, (cst.Tuple, cst.List, cst.Set))
            items = self.eval_elements(node.elements, scope)
            if kind is cst.Set:
                return pybuiltins.known_set(items if type(items) is list else None, frozen=False)
            if kind is cst.Tuple and isinstance(items, PartialList):
                return UNKNOWN
            return tuple(items) if kind is cst.Tuple else items
        if kind is cst.Dict:
            assert isinstance(node, cst.Dict)
            return self.eval_dict(node, scope)
        if kind is cst.BinaryOperation:
            assert isinstance(node, cst.BinaryOperation)
            left, right = self.eval(node.left, scope), self.eval(node.right, scope)
            value = self.binary(node.operator, left, right, node)
            return first_unknown(left, right) if value is UNKNOWN else value
        if kind is cst.UnaryOperation:
            assert isinstance(node, cst.UnaryOperation)
            operand = self.eval(node.expression, scope)
            if self.host.owns(operand):
                result = self.host.unary(node.operator, operand, node)
                return UNKNOWN if result is NOT_HANDLED else result
            if isinstance(operand, Formula):
                if isinstance(node.operator, cst.Minus):
                    return formulas.negate(operand)
                return operand if isinstance(node.operator, cst.Plus) else plain_unknown(operand)
            if isinstance(operand, NumpyScalar):
                return numpy_scalars.unary(node.operator, operand)
            return pyvalues.unary(node.operator, operand)
        if kind is cst.BooleanOperation:
            assert isinstance(node, cst.BooleanOperation)
            return self.boolean(node, scope)
        if kind is cst.Comparison:
            assert isinstance(node, cst.Comparison)
            return self.comparison(node, scope)
        if kind is cst.Subscript:
            assert isinstance(node, cst.Subscript)
            value = self.eval_subscript(node, scope)
            return self.run_time_value(node, None) if value is UNKNOWN else value
        if kind is cst.IfExp:
            assert isinstance(node, cst.IfExp)
            test = pyvalues.truth(self.eval(node.test, scope))
            if test is True:
                return self.eval(node.body, scope)
            if test is False:
                return self.eval(node.orelse, scope)
            return self.speculate_expressions([node.body, node.orelse], scope, node)
        if kind in (cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp):
            return self.comprehension(node, scope)  # type: ignore[arg-type]
        if kind is cst.NamedExpr:
            assert isinstance(node, cst.NamedExpr)
            value = self.eval(node.value, scope)
            self.bind(node.target, value, scope)
            return value
        if kind is cst.Lambda:
            assert isinstance(node, cst.Lambda)
            self.note_closure_scope(scope)
            return UserFunction(node, scope, self.eval_defaults(node.params, scope), "<lambda>")
        if kind is cst.Await:
            assert isinstance(node, cst.Await)
            return self.eval(node.expression, scope)
        if kind is cst.FormattedString:
            assert isinstance(node, cst.FormattedString)
            return self.formatted_string(node, scope)
        if kind is cst.Ellipsis:
            return Ellipsis  # ``x[..., :3]``: a constant like any other
        return UNKNOWN

    def formatted_string(self, node: cst.FormattedString, scope: Scope) -> Any:
        """``f"block_{i}"``: the text, when every replacement is a known str or int (not a bool,
        whose ``format`` under a spec is an int's) with at most a literal format spec and an
        ``!s``/``!r`` conversion, and the literal parts hold no escapes (libcst keeps them as
        written); else UNKNOWN, every part still evaluated."""
        pieces: List[str] = []
        known = True
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                known = known and "\\" not in part.value and "{{" not in part.value and "}}" not in part.value
                pieces.append(part.value)
                continue
            assert isinstance(part, cst.FormattedStringExpression)
            value = self.eval(part.expression, scope)
            spec = part.format_spec
            if spec is not None and not all(isinstance(item, cst.FormattedStringText) for item in spec) \
                    or isinstance(value, bool) or not isinstance(value, (str, int)) or not pybuiltins.is_known(value) \
                    or part.conversion not in (None, "s", "r") or part.equal is not None:
                known = False
                continue
            text = "".join(item.value for item in spec if isinstance(item, cst.FormattedStringText)) if spec else ""
            try:
                pieces.append(format(repr(value) if part.conversion == "r" else value, text))
            except (ValueError, TypeError):
                known = False  # Python raises here: not followed
        return "".join(pieces) if known else UNKNOWN

    def speculate_expressions(self, expressions: Sequence[cst.BaseExpression], scope: Scope,
                              site: cst.CSTNode) -> Any:
        """``a if <unknown> else b``: both evaluated as alternatives; the value is their join."""
        if self.speculative_depth >= MAX_SPECULATION_DEPTH:
            self.apply_unfollowed_code(expressions, scope)
            return UNKNOWN
        values: List[Any] = []

        def value_of(expression: cst.BaseExpression) -> Flow:
            values.append(self.eval(expression, scope))
            return None
        token = self.host.checkpoint()
        self.run_alternatives([lambda e=expression: value_of(e) for expression in expressions],  # type: ignore[misc]
                              token, site, include_skip=False)
        return self.joiner(token, site)(values)

    def unread_import(self, name: Any, module: str, node: cst.CSTNode) -> Unknown:
        if isinstance(name, cst.BaseExpression):
            name = dotted_name(name)
        return reasons.imported(self.line_of(node), self.column_of(node), str(name), module)

    def run_time_value(self, node: cst.CSTNode, via: Any) -> Unknown:
        return reasons.run_time_value(self.line_of(node), self.column_of(node), node, via)

    def is_bound(self, scope: Scope, name: str) -> bool:
        """Whether ``name`` is bound in a scope ``scope`` sees (to say why its value is unknown)."""
        current: Optional[Scope] = scope
        while current is not None:
            if name in current.vars:
                return True
            current = current.parent
        return False

    def lookup(self, scope: Scope, name: str) -> Any:
        current: Optional[Scope] = scope
        first = True
        while current is not None:
            # A class body's names are not visible from the functions defined in it.
            if current.kind != "class" or first:
                if name in current.vars:
                    return current.vars[name]
                for star in current.star_imports:
                    value = star(name)
                    if value is not NOT_HANDLED:
                        return value
            first = False
            current = current.parent
        if name in pybuiltins.BUILTIN_NAMES:
            return Builtin(name)
        return UNKNOWN

    def eval_elements(self, elements: Sequence[cst.BaseElement], scope: Scope) -> Any:
        """The items of a list or tuple display: a list, or a PartialList when a ``*unknown`` is in it."""
        result: Any = []
        items: List[Any] = []
        for element in elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                expanded = pybuiltins.iteration_items(value, pybuiltins.MAX_ITEMS)
                if expanded is None:
                    result = concatenate(concatenate(result, items), UNKNOWN)
                    items = []
                else:
                    items.extend(expanded)
            else:
                items.append(value)
            self.note_escape(value)
        return concatenate(result, items) if items or isinstance(result, PartialList) else result

    def eval_dict(self, node: cst.Dict, scope: Scope) -> Any:
        result: Dict[Any, Any] = {}
        known = True
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.eval(element.key, scope)
                value = self.eval(element.value, scope)
                self.note_escape(value)
                if isinstance(key, (str, int, float, bool, type(None))) or (
                        isinstance(key, tuple) and pybuiltins.is_known(key)):
                    result[key] = value
                else:
                    known = False
            else:
                value = self.eval(element.value, scope)
                if isinstance(value, dict):
                    result.update(value)
                else:
                    known = False
        return result if known else UNKNOWN

    def eval_defaults(self, params: cst.Parameters, scope: Scope) -> Dict[str, Any]:
        defaults: Dict[str, Any] = {}
        for param in list(params.posonly_params) + list(params.params) + list(params.kwonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, scope)
        return defaults

    def boolean(self, node: cst.BooleanOperation, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        truth = pyvalues.truth(left)
        is_and = isinstance(node.operator, cst.And)
        if truth is None:
            # The right side may or may not be evaluated.
            self.speculate_expressions([node.right, cst.Name("None")], scope, node)
            return UNKNOWN
        if truth is (not is_and):
            return left
        return self.eval(node.right, scope)

    def comparison(self, node: cst.Comparison, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        result: Any = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            if self.host.owns(left) or self.host.owns(right):
                outcome = self.host.compare(target.operator, left, right)
                outcome = UNKNOWN if outcome is NOT_HANDLED else outcome
            else:
                outcome = pyvalues.compare(target.operator, _plain(left), _plain(right))
            if isinstance(outcome, Unknown):
                result = UNKNOWN
            elif outcome is False and not isinstance(result, Unknown):
                result = False
            left = right
        return result

    def binary(self, operator: Optional[cst.BaseBinaryOp], left: Any, right: Any, node: cst.CSTNode) -> Any:
        if operator is None:
            return UNKNOWN
        if self.host.owns(left) or self.host.owns(right):
            result = self.host.binary(operator, left, right, node)
            return UNKNOWN if result is NOT_HANDLED else result
        if isinstance(operator, cst.Add) and (type(left) is list or type(right) is list or isinstance(
                left, PartialList) or isinstance(right, PartialList)) and all(
                type(side) is list or isinstance(side, (PartialList, Unknown)) for side in (left, right)):
            return concatenate(left, right)
        if isinstance(operator, cst.BitOr) and type(left) is dict and type(right) is dict:
            return {**left, **right}
        if isinstance(left, Formula) or isinstance(right, Formula):
            symbol = _FORMULA_OPERATORS.get(type(operator))
            return formulas.combine(left, right, symbol) if symbol is not None else first_unknown(left, right)
        if isinstance(left, NumpyScalar) or isinstance(right, NumpyScalar):
            return numpy_scalars.binary(operator, left, right)
        return pyvalues.binary(operator, _plain(left), _plain(right))

    def eval_indices(self, node: cst.Subscript, scope: Scope, host_bounds: bool = False) -> List[Any]:
        """The indices of a subscript, a slice of unknown bounds UNKNOWN; ``host_bounds``: a slice
        may have bounds that are the host's values."""
        indices: List[Any] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                indices.append(self.eval(part.value, scope))
            elif isinstance(part, cst.Slice):
                bounds = [self.eval(b, scope) if b is not None else None for b in (part.lower, part.upper, part.step)]
                # A bound of the host's (a size it follows) is the host's to read: only host values
                # are indexed by such a slice (eval_subscript).
                if any(isinstance(b, Unknown) or not (b is None or (isinstance(b, int) and not isinstance(b, bool))
                                                      or (host_bounds and self.host.owns(b)))
                       for b in bounds):
                    indices.append(UNKNOWN)
                else:
                    indices.append(slice(*bounds))
        return indices

    def eval_subscript(self, node: cst.Subscript, scope: Scope) -> Any:
        container = self.eval(node.value, scope)
        indices = self.eval_indices(node, scope, host_bounds=True)
        if isinstance(container, Unknown) and container.cause is not None:
            return self.derived(node, container)  # an item of an unknown value: unknown for the same reason
        if self.host.owns(container):
            result = self.host.subscript(container, indices, node)
            return UNKNOWN if result is NOT_HANDLED else result
        if any(isinstance(index, slice) and any(self.host.owns(part) for part in (index.start, index.stop, index.step))
               for index in indices):
            return UNKNOWN  # a plain value sliced by a size only the host reads
        if isinstance(container, _GlobalsProxy):
            return self.lookup(container.scope, indices[0]) if len(indices) == 1 and isinstance(indices[0], str) \
                else UNKNOWN
        if len(indices) != 1:
            return UNKNOWN
        if type(container) is dict:
            key = indices[0]
            if pybuiltins.is_known(key) and isinstance(key, (int, float, str, bool, type(None), tuple)):
                return container.get(key, UNKNOWN)
            return UNKNOWN
        return pyvalues.subscript(container, indices[0])

    def comprehension(self, node: Union[cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp],
                      scope: Scope) -> Any:
        """``[LSTM(u) for u in UNITS]``: evaluated when every ``for`` runs over a known sequence."""
        inner = Scope(scope, scope.module, kind="comprehension")
        results: List[Any] = []
        keys: List[Any] = []
        self.frames.append(inner)

        try:
            level = self.heap.open()
            token = self.host.checkpoint()
            complete = self.run_comprehension(node, node.for_in, inner, results, keys)
            if not complete:
                # Undo the partial evaluation: the comprehension runs an unknown number of times.
                self.heap.restore(level)
                self.host.discard(token)
                self.apply_unfollowed_code([node], inner)
                return UNKNOWN
            self.heap.keep(level)
            self.host.keep(token)
        finally:
            self.frames.pop()
        if isinstance(node, cst.DictComp) and all(
                pybuiltins.is_known(key) and isinstance(key, (int, float, str, bool, type(None))) for key in keys):
            # Known keys: the dict, in insertion order (a repeated key keeps its first place).
            return dict(zip(keys, results))
        if isinstance(node, (cst.SetComp, cst.DictComp)):
            return UNKNOWN
        return results

    def run_comprehension(self, node: Union[cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp],
                          clause: Optional[cst.CompFor], inner: Scope, results: List[Any], keys: List[Any]) -> bool:
        """Run ``clause`` and the clauses inside it, adding to ``results`` (and ``keys``); False when
        it cannot be followed to the end. (A method, not a closure calling itself: that would be a
        reference cycle per comprehension, left for the cycle collector.)"""
        if clause is None:
            if isinstance(node, cst.DictComp):
                keys.append(self.eval(node.key, inner))
                results.append(self.eval(node.value, inner))
            else:
                results.append(self.eval(node.elt, inner))
            return len(results) <= MAX_COMPREHENSION_ITEMS
        items = pybuiltins.iteration_items(self.eval(clause.iter, inner), MAX_COMPREHENSION_ITEMS)
        if items is None:
            return False
        for item in items:
            self.bind(clause.target, item, inner)
            keep = True
            for condition in clause.ifs:
                truth = pyvalues.truth(self.eval(condition.test, inner))
                if truth is None:
                    return False
                keep = keep and truth
            if keep and not self.run_comprehension(node, clause.inner_for_in, inner, results, keys):
                return False
        return True

    # ---- attributes ----

    def attribute_value(self, node: cst.Attribute, receiver: Any) -> Any:
        """The value of ``node`` (``receiver.name``), its receiver evaluated."""
        value = self.attribute(receiver, node.attr.value, node)
        if value is UNKNOWN and self.assumptions:
            value = self.assumed_value(reasons.short_text(node), value)
        if value is UNKNOWN:
            if isinstance(receiver, Unknown) and receiver.cause is not None:
                # An attribute of an unknown value: unknown for the same reason.
                return _derived(node, receiver)
            return _derived(node, self.run_time_value(node, None))
        return value

    def loop_target_dead(self, node: cst.For, scope: Scope) -> bool:
        """Whether the name a ``for`` loop binds is read nowhere but in the loop: the file names it
        nowhere else, nor hands a namespace out (``globals()``, ``locals()``, ``vars()``, ``eval``,
        ``exec``). Unknown (False) without the file's ``ast`` tree."""
        assert isinstance(node.target, cst.Name)
        name = node.target.value
        if self.tree is None or (scope is not scope.module and scope.kind != "function") \
                or name in scope.globals_declared or name in scope.nonlocals_declared:
            return False
        if self.names_in_file is None:
            self.names_in_file = _name_lines(self.tree)
        if any(namespace in self.names_in_file for namespace in ("globals", "locals", "vars", "eval", "exec")):
            return False
        first = self.line_of(node)
        loops = [loop for loop in ast.walk(self.tree) if isinstance(loop, ast.For) and loop.lineno == first
                 and isinstance(loop.target, ast.Name) and loop.target.id == name]
        if len(loops) != 1:
            return False
        last = loops[0].end_lineno or first
        return all(first <= line <= last for line in self.names_in_file.get(name, ()))

    def attribute(self, receiver: Any, name: str, site: cst.CSTNode) -> Any:
        if isinstance(receiver, Instance):
            if name in receiver.attrs:
                return receiver.attrs[name]
            found = class_attribute(receiver.cls, name)
            if found is MISSING:
                return UNKNOWN
            if isinstance(found, UserFunction) and found.kind != "staticmethod":
                return BoundMethod(receiver if found.kind == "function" else receiver.cls, name, found)
            return found
        if isinstance(receiver, SuperProxy):
            return self.super_attribute(receiver, name)
        if isinstance(receiver, ModuleObject):
            assert self.project is not None
            return self.project.member(receiver, name, site)
        if isinstance(receiver, UserClass):
            found = class_attribute(receiver, name)
            if found is MISSING:
                return UNKNOWN
            if isinstance(found, UserFunction) and found.kind == "classmethod":
                return BoundMethod(receiver, name, found)
            return found
        if type(receiver) in (list, dict, str, tuple, pybuiltins.KnownSet):
            return BoundMethod(receiver, name)
        if self.host.owns(receiver):
            result = self.host.attribute(receiver, name, site)
            return UNKNOWN if result is NOT_HANDLED else result
        return UNKNOWN

    # ---- calls ----

    def eval_call(self, node: cst.Call, scope: Scope) -> Any:
        self.step()
        function = self.eval(node.func, scope)
        args: List[Any] = []
        kwargs: Dict[str, Any] = {}
        complete = True
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                items = pybuiltins.iteration_items(value, pybuiltins.MAX_ITEMS)
                if items is not None:
                    args.extend(items)
                else:
                    complete = False
                    args.append(value)
            elif arg.star == "**":
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    kwargs.update(value)
                else:
                    complete = False
                    kwargs[f"**{len(kwargs)}"] = value
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        result = self.call(function, args, kwargs, complete, node, scope)
        if result is UNKNOWN:
            # Calling an unknown value passes its cause on; a call we know but cannot evaluate
            # (a library function, a built-in on unknown arguments) is a cause of its own.
            if isinstance(function, Unknown) and function.cause is not None:
                return plain_unknown(function)
            value = self.run_time_value(node, reasons.first_cause(*args, *kwargs.values()))
            if not (isinstance(function, Builtin) and function.name == "len"):
                return value
            return self.derived(node, value)
        return result

    def call(self, function: Any, args: List[Any], kwargs: Dict[str, Any], complete: bool,
             node: cst.Call, scope: Scope) -> Any:
        if isinstance(function, PartialCall):
            merged = dict(function.kwargs)
            merged.update(kwargs)
            return self.call(function.function, list(function.args) + list(args), merged, complete, node, scope)
        if complete and args and self.host.is_functools_partial(function) and self.host.owns(args[0]) \
                and all(self.immutable(value) for value in list(args[1:]) + list(kwargs.values())):
            # ``functools.partial(layers.Conv1D, padding="causal")``: a layer factory.
            return PartialCall(args[0], tuple(args[1:]), tuple(kwargs.items()))
        if isinstance(function, UserFunction):
            return self.call_user_function(function, args, kwargs, complete, node)
        if self.host.is_dataclass_field(function):
            return _field_default(args, kwargs, complete)
        if isinstance(function, BoundMethod):
            return self.call_method(function, args, kwargs, complete, node, scope)
        if isinstance(function, UserClass):
            return self.instantiate(function, args, kwargs, complete, node, scope)
        if isinstance(function, Builtin):
            return self.call_builtin(function.name, args, kwargs, complete, node, scope)
        if isinstance(function, FunctionChoice):
            self.apply_unfollowed_call(None, args, kwargs)
            if len(function.functions) == 1 and isinstance(function.functions[0], UserFunction):
                self.call_wrapped(function.functions[0], node)
            else:
                for choice in function.functions:
                    self.apply_function_effects(choice, set())
            return UNKNOWN
        if self.host.owns(function):
            result = self.host.call(function, args, kwargs, complete, node)
            if self.host.may_mutate_arguments(function):
                self.apply_unfollowed_call(function, args, kwargs)
            else:
                # Library code may still call back into the file (callbacks, a config's methods).
                on_library_values = self.host.backend_callbacks(function, args, kwargs)
                self.havoc_reach([value for value in list(args) + list(kwargs.values())
                                  if isinstance(value, (UserFunction, FunctionChoice, Instance))
                                  and not any(value is callback for callback in on_library_values)])
                if on_library_values:
                    self.host.on_library_values(True)
                    try:
                        self.havoc_reach(on_library_values)
                    finally:
                        self.host.on_library_values(False)
            return UNKNOWN if result is NOT_HANDLED else result
        # An unknown callable: nothing is known of what it does with its arguments, and it may be
        # any of the file's functions that went where a value can come from (a list of callbacks,
        # a dict of hooks): their effects may happen here.
        self.apply_unfollowed_call(function, args, kwargs)
        seen: Set[int] = set()
        for escaped in list(self.escaped.values()):
            self.apply_function_effects(escaped, seen)
        if self.host.holds_host_values([args, kwargs]):
            result = self.host.call_with_host_arguments(function, args, kwargs, node)
            return UNKNOWN if result is NOT_HANDLED else result
        return UNKNOWN

    def immutable(self, value: Any, depth: int = 0) -> bool:
        """A value no later code can change: a number, a string, None, an unknown, one of the host's
        values, or a tuple of these."""
        if value is None or isinstance(value, (bool, int, float, complex, str, bytes, Unknown, NumpyScalar)):
            return True
        if isinstance(value, tuple):
            return depth < 4 and all(self.immutable(item, depth + 1) for item in value)
        return self.host.owns(value)

    def call_wrapped(self, function: UserFunction, site: cst.CSTNode) -> None:
        """A function behind a decorator we do not know (``@click.command()``): the wrapper may
        call it, with any arguments, or not: it runs as an alternative to not running, with
        unknown arguments."""
        function.called = True
        if self.speculative_depth >= MAX_SPECULATION_DEPTH:
            self.apply_function_effects(function, set())
            return

        def run() -> Flow:
            self.invoke(function, [], {}, unknown_extras=True)
            return None
        self.run_alternatives([run], self.host.checkpoint(), site, include_skip=True)

    def call_user_function(self, function: UserFunction, args: List[Any], kwargs: Dict[str, Any],
                           complete: bool, node: cst.Call, receiver: Any = MISSING) -> Any:
        function.called = True
        if receiver is not MISSING:
            args = [receiver] + list(args)
        if not complete:
            self.apply_unfollowed_call(None, args, kwargs)
            args = [UNKNOWN] * len(args)
        return self.invoke(function, args, dict(kwargs), unknown_extras=not complete)

    def invoke(self, function: UserFunction, args: List[Any], kwargs: Dict[str, Any],
               unknown_extras: bool = False) -> Any:
        function.called = True
        node = function.node
        if self.call_depth >= MAX_CALL_DEPTH or (isinstance(node, cst.FunctionDef) and self.is_generator(node)):
            self.apply_function_effects(function, set())
            self.apply_unfollowed_call(None, args, kwargs)
            return UNKNOWN
        scope = Scope(function.scope, function.scope.module)
        self.bind_parameters(function, scope, args, kwargs, unknown_extras)
        target = _Target("function", self.heap.open())
        self.targets.append(target)
        self.frames.append(scope)
        self.function_nodes.append(node)
        self.call_depth += 1
        try:
            if isinstance(node, cst.Lambda):
                flow: Flow = Return(self.eval(node.body, scope))
            else:
                body = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
                flow = self.exec_block(body, scope)
        finally:
            self.call_depth -= 1
            self.frames.pop()
            self.function_nodes.pop()
            self.targets.pop()
        values = list(target.values)
        alive = flow is None or isinstance(flow, Return) or flow is BREAK or flow is CONTINUE
        if alive:
            values.append(flow.value if isinstance(flow, Return) else None)
        returns = target.take("return")
        if returns:
            pending_join(self.heap, target.level, returns, alive, self.joiner(None, node), self.roots)
        self.heap.keep(target.level)
        if not values:
            return UNKNOWN  # every path raises: the call never returns
        result = self.joiner(None, node)(values)
        if self.heap.is_havocked(result):
            result = UNKNOWN
        self.host.returned(function, result)
        return result

    def bind_parameters(self, function: UserFunction, scope: Scope, args: List[Any], kwargs: Dict[str, Any],
                        unknown_extras: bool) -> None:
        params = function.node.params
        positional = list(params.posonly_params) + list(params.params)
        for index, param in enumerate(positional):
            name = param.name.value
            if index < len(args):
                value = args[index]
            elif name in kwargs:
                value = kwargs.pop(name)
            elif unknown_extras:
                value = UNKNOWN
            else:
                value = function.defaults.get(name, UNKNOWN)
            scope.vars[name] = value
        for param in params.kwonly_params:
            name = param.name.value
            scope.vars[name] = kwargs.pop(name, UNKNOWN if unknown_extras else function.defaults.get(name, UNKNOWN))
        if isinstance(params.star_arg, cst.Param):
            scope.vars[params.star_arg.name.value] = tuple(args[len(positional):]) if not unknown_extras else UNKNOWN
        if params.star_kwarg is not None:
            scope.vars[params.star_kwarg.name.value] = dict(kwargs) if not unknown_extras else UNKNOWN
        function_name = function.node.name.value if isinstance(function.node, cst.FunctionDef) else "<lambda>"
        for param in positional + list(params.kwonly_params):
            name = param.name.value
            if self.assumptions and isinstance(scope.vars.get(name), Unknown):
                scope.vars[name] = self.assumed_value(f"{function_name}.{name}", scope.vars[name])
            if scope.vars.get(name) is UNKNOWN:
                where = param if id(param) in self.positions else (
                    param.name if id(param.name) in self.positions else function.node)
                scope.vars[name] = reasons.parameter(self.line_of(where), self.column_of(where), function_name, name)
            value = scope.vars.get(name)
            if type(value) is Unknown and isinstance(function.node, cst.FunctionDef):
                scope.vars[name] = _named(value, f"{function_name}.{name}")

    def is_generator(self, node: cst.FunctionDef) -> bool:
        key = id(node)
        cached = self.generator_cache.get(key)
        if cached is None:
            statement = self.ast_statements.get(key) if self.relevance is not None else None
            # relevance.py saw every yield of the file's ast: no walk of the libcst body is needed.
            cached = (id(statement) in self.relevance.generators if statement is not None  # type: ignore[union-attr]
                      else contains_yield(node.body))
            self.generator_cache[key] = cached
        return cached

    def instantiate(self, cls: UserClass, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    node: cst.Call, scope: Scope) -> Any:
        if any(self.host.owns(base) for base in _all_bases(cls)):
            self.instantiated.add(id(cls))
            followed = self.host.instantiate_followed(cls, _all_bases(cls), args, kwargs, complete, node)
            if followed is not NOT_HANDLED:
                return followed
            # A class built on a library class (a Keras layer or model subclass): its methods are
            # not followed, so their effects are applied; the host may still say what it is.
            result = self.host.instantiate(cls, [b for b in _all_bases(cls)], args, kwargs, node)
            self.host.unevaluated(cls.node, lambda expression: self.peek(expression, scope))
            self.apply_function_effects(cls, set())
            self.apply_unfollowed_call(None, args, kwargs)
            return UNKNOWN if result is NOT_HANDLED else result
        if not cls.understood:
            self.apply_function_effects(cls, set())
            self.apply_unfollowed_call(None, args, kwargs)
            return UNKNOWN
        instance = Instance(cls)
        if cls.dataclass_fields is not None and class_attribute(cls, "__init__") is MISSING:
            if not complete:
                for name, _ in cls.dataclass_fields:
                    instance.attrs[name] = UNKNOWN
                return instance
            remaining = dict(kwargs)
            for index, (name, default) in enumerate(cls.dataclass_fields):
                if index < len(args):
                    instance.attrs[name] = args[index]
                elif name in remaining:
                    instance.attrs[name] = remaining.pop(name)
                elif isinstance(default, FieldDefault) and default.factory is not MISSING:
                    # A new value for each object: ``field(default_factory=lambda: [64, 32])``.
                    instance.attrs[name] = self.call(default.factory, [], {}, True, node, scope)
                elif isinstance(default, FieldDefault):
                    instance.attrs[name] = UNKNOWN if default.default is MISSING else default.default
                else:
                    instance.attrs[name] = UNKNOWN if default is MISSING else default
            post_init = class_attribute(cls, "__post_init__")
            if isinstance(post_init, UserFunction):
                self.call_user_function(post_init, [], {}, True, node, receiver=instance)
                if self.heap.is_havocked(instance):
                    return UNKNOWN
            elif post_init is not MISSING:
                return UNKNOWN
            return instance
        init = class_attribute(cls, "__init__")
        if isinstance(init, UserFunction):
            self.call_user_function(init, args, kwargs, complete, node, receiver=instance)
            if self.heap.is_havocked(instance):
                return UNKNOWN  # ``self`` was handed to code we do not follow
        elif init is not MISSING:
            return UNKNOWN
        return instance

    def call_method(self, method: BoundMethod, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    node: cst.Call, scope: Scope) -> Any:
        receiver, name = method.receiver, method.name
        if method.function is not None:
            return self.call_user_function(method.function, args, kwargs, complete, node, receiver=receiver)
        if self.host.owns(receiver):
            result = self.host.call_method(receiver, name, args, kwargs, complete, node)
            # Library code may call back into the file (callbacks, a config's methods).
            self.havoc_reach([value for value in list(args) + list(kwargs.values())
                              if isinstance(value, (UserFunction, FunctionChoice, Instance))])
            return UNKNOWN if result is NOT_HANDLED else result
        if not complete:
            self.apply_unfollowed_call(method, args, kwargs)
            return UNKNOWN
        kind = type(receiver)
        if kind is list:
            result = pybuiltins.list_method(receiver, name, args, kwargs, lambda: self.heap.touch(receiver))
        elif kind is dict:
            result = pybuiltins.dict_method(receiver, name, args, kwargs, lambda: self.heap.touch(receiver))
        elif kind is str:
            result = pybuiltins.str_method(receiver, name, args, kwargs)
        elif kind is tuple:
            result = pybuiltins.tuple_method(receiver, name, args)
        elif kind is pybuiltins.KnownSet:
            result = pybuiltins.set_method(receiver, name, args, kwargs)
        else:
            result = NOT_HANDLED
        if result is pybuiltins.HAVOC:
            self.havoc_objects([receiver])
            return UNKNOWN
        if result is NOT_HANDLED:
            self.apply_unfollowed_call(method, args, kwargs)
            return UNKNOWN
        return result

    def call_builtin(self, name: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                     node: cst.Call, scope: Scope) -> Any:
        if name in pybuiltins.PURE_BUILTINS:
            if name in ("map", "filter", "iter", "sorted", "min", "max") and any(
                    isinstance(value, (UserFunction, FunctionChoice)) or self.host.owns(value)
                    for value in list(args) + list(kwargs.values())):
                # A function of the file, or a host object (a model called on each item), given to
                # a built-in that calls it: not followed, so what it may do is unknown.
                called = [v for v in list(args) + list(kwargs.values())
                          if isinstance(v, (UserFunction, FunctionChoice)) or self.host.owns(v)]
                hosted = [v for v in called if self.host.owns(v)]
                if hosted:
                    self.host.call_with_host_arguments(Builtin(name), hosted, {}, node)
                self.havoc_reach(called)
                return UNKNOWN
            if name == "isinstance" and len(args) == 2:
                return self.host.isinstance_of(args[0], args[1]) if self.host.owns(args[0]) else UNKNOWN
            if name == "len" and len(args) == 1 and not kwargs and complete and self.host.owns(args[0]):
                length = self.host.length(args[0])
                return UNKNOWN if length is NOT_HANDLED else length
            if len(args) == 1 and not kwargs and complete and isinstance(args[0], NumpyScalar):
                return numpy_scalars.converted(name, args[0])  # int(np.prod(shape)): a Python int
            return pybuiltins.call_builtin(name, args, kwargs) if complete else UNKNOWN
        if name == "super" and len(args) <= 2 and complete:
            proxy = self.super_proxy(args, scope)
            if proxy is not None:
                return proxy
            if len(args) == 2 and self.host.owns(args[0]) and self.read_from_super == "__init__":
                found = self.host.library_super(args[0], args[1], node)
                if found is not NOT_HANDLED:
                    return found
        if name == "globals" and not args:
            return _GlobalsProxy(scope.module)
        if name == "setattr" and len(args) == 3 and complete:
            receiver, attr, value = args
            if isinstance(attr, str) and isinstance(receiver, (Instance, UserClass)):
                self.heap.touch(receiver)
                receiver.attrs[attr] = value
                return None
            if isinstance(attr, str) and self.host.owns(receiver):
                self.host.set_attribute(receiver, attr, value, certain=self.decided())
                return None
            self.havoc_reach([receiver])
            return None
        if name == "getattr" and len(args) in (2, 3) and isinstance(args[1], str):
            value = self.attribute(args[0], args[1], node)
            return value
        if name in ("staticmethod", "classmethod", "property") and len(args) == 1:
            return args[0]
        if name in ("exec", "eval", "vars", "locals", "compile", "__import__"):
            # Code from a string, or a namespace handed out: anything may change.
            self.apply_unknown_star_import(scope.module)
            if scope is not scope.module:
                self.apply_unknown_star_import(scope)
            self.apply_unfollowed_call(None, args, kwargs)
            return UNKNOWN
        self.apply_unfollowed_call(None, args, kwargs)
        return UNKNOWN

    # ---- super() ----

    def super_proxy(self, args: List[Any], scope: Scope) -> Optional[SuperProxy]:
        """``super()`` (the method's class and first argument) or ``super(cls, obj)``."""
        if len(args) == 2:
            return SuperProxy(args[0], args[1]) if isinstance(args[0], UserClass) else None
        if args:
            return None
        method_scope = scope
        while method_scope.parent is not None and id(method_scope.parent) not in self.class_bodies:
            method_scope = method_scope.parent
        if method_scope.parent is None or method_scope.kind != "function":
            return None
        cls = self.class_bodies[id(method_scope.parent)]
        methods = {id(value.node): value for value in cls.attrs.values() if isinstance(value, UserFunction)}
        for node in reversed(self.function_nodes):
            function = methods.get(id(node))
            if function is not None and isinstance(node, cst.FunctionDef):
                params = list(node.params.posonly_params) + list(node.params.params)
                if not params or function.kind != "function":
                    return None
                receiver = method_scope.vars.get(params[0].name.value, UNKNOWN)
                return SuperProxy(cls, receiver)
        return None

    def super_attribute(self, proxy: SuperProxy, name: str) -> Any:
        """The attribute of the first class after ``proxy.cls`` that has it (single inheritance:
        with several bases the order is Python's C3 linearisation, which is not followed)."""
        if len(proxy.cls.bases) > 1 and not self.host.owns(proxy.cls.bases[0]) or self._receiver_mro_differs(proxy):
            # Mixins (``class A(Mixin, layers.Layer)``): the next class is the receiver's class's
            # C3 linearisation's.
            return self._super_by_mro(proxy, name)
        if not proxy.cls.bases:
            return UNKNOWN
        base = proxy.cls.bases[0]
        if isinstance(base, UserClass):
            if not base.understood and not any(self.host.owns(b) for b in _all_bases(base)):
                return UNKNOWN
            found = class_attribute(base, name)
            if found is not MISSING:
                if isinstance(found, UserFunction) and found.kind == "function":
                    return BoundMethod(proxy.receiver, name, found)
                return UNKNOWN if isinstance(found, UserFunction) else found
            hosts = [b for b in _all_bases(base) if self.host.owns(b)]
            if not hosts:
                return UNKNOWN
        elif not self.host.owns(base):
            return UNKNOWN
        result = self.host.super_attribute(proxy.receiver, proxy.cls, name)
        return UNKNOWN if result is NOT_HANDLED else result

    def _receiver_class(self, proxy: SuperProxy) -> Optional[UserClass]:
        receiver = proxy.receiver
        if isinstance(receiver, Instance):
            return receiver.cls
        if self.host.owns(receiver):
            found = self.host.class_of(receiver)
            return found if isinstance(found, UserClass) else None
        return None

    def _receiver_mro_differs(self, proxy: SuperProxy) -> bool:
        """Whether the receiver's class has several bases somewhere below ``proxy.cls``, so that
        the class after ``proxy.cls`` is not simply its first base."""
        own = self._receiver_class(proxy)
        return own is not None and own is not proxy.cls and any(
            isinstance(cls, UserClass) and len(cls.bases) > 1 for cls in [own] + _all_bases(own))

    def _super_by_mro(self, proxy: SuperProxy, name: str) -> Any:
        """``super().name`` by the receiver's class's method resolution order: the first class
        after ``proxy.cls`` that defines it. Only where the library's classes come last in that
        order (after every class of the file), which is where their own order does not matter:
        the first of them answers for all."""
        own = self._receiver_class(proxy)
        order = _c3(own) if own is not None else None
        if order is None or not any(cls is proxy.cls for cls in order):
            return UNKNOWN
        after = order[[id(cls) for cls in order].index(id(proxy.cls)) + 1:]
        first_host = next((index for index, cls in enumerate(after) if not isinstance(cls, UserClass)), len(after))
        if any(isinstance(cls, UserClass) for cls in after[first_host:]):
            return UNKNOWN
        for cls in after[:first_host]:
            if not cls.understood:
                return UNKNOWN
            if name in cls.attrs:
                found = cls.attrs[name]
                if isinstance(found, UserFunction) and found.kind == "function":
                    return BoundMethod(proxy.receiver, name, found)
                return UNKNOWN if isinstance(found, UserFunction) else found
        if first_host == len(after) or not all(self.host.owns(cls) for cls in after[first_host:]):
            return UNKNOWN  # object's (a plain mixin's super().__init__ with no library class after)
        result = self.host.super_attribute(proxy.receiver, proxy.cls, name)
        return UNKNOWN if result is NOT_HANDLED else result

    # ---- looking without evaluating ----

    def peek(self, node: cst.BaseExpression, scope: Scope) -> Any:
        """The value of a Name/Attribute chain, without side effects."""
        if isinstance(node, cst.Name):
            return self.lookup(scope, node.value)
        if isinstance(node, cst.Attribute):
            base = self.peek(node.value, scope)
            if self.host.owns(base):
                return self.host.peek_attribute(base, node.attr.value)
            if isinstance(base, (Instance, UserClass)):
                found = base.attrs.get(node.attr.value, MISSING)
                if found is MISSING:
                    found = class_attribute(base.cls if isinstance(base, Instance) else base, node.attr.value)
                return UNKNOWN if found is MISSING else found
        return UNKNOWN


# ---- helpers -------------------------------------------------------------------------------------


def _deferred_defaults(statement: ast.stmt) -> Optional[Dict[str, Any]]:
    """The defaults of a top-level ``def`` whose definition needs nothing evaluated (no decorators,
    every default a plain literal), by parameter; None for any other statement."""
    if type(statement) is not ast.FunctionDef or statement.decorator_list or getattr(statement, "type_params", None):
        return None
    arguments = statement.args
    positional = arguments.posonlyargs + arguments.args
    with_defaults = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
    with_defaults += [(argument, default) for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults)
                      if default is not None]
    defaults: Dict[str, Any] = {}
    for argument, default in with_defaults:
        value = _literal_default(default)
        if value is MISSING:
            return None
        defaults[argument.arg] = value
    return defaults


def _literal_default(node: ast.expr) -> Any:
    """A parameter's default that is a plain literal (a number, a string, ``True``, ``None``, a
    negative number): its value, as the evaluator gives it; MISSING for anything else."""
    negative = False
    if type(node) is ast.UnaryOp and type(node.op) is ast.USub:
        negative, node = True, node.operand
    if type(node) is not ast.Constant:
        return MISSING
    value = node.value
    if negative:
        return -value if isinstance(value, (int, float)) and type(value) is not bool else MISSING
    return value if type(value) in (int, float, str, bool, type(None)) else MISSING


def _c3(cls: UserClass, depth: int = 0) -> Optional[List[Any]]:
    """Python's C3 linearisation of a class of the file, a library's class standing for itself
    (its own bases are the library's); None where Python would raise, or too deep."""
    if depth > 20:
        return None
    sequences: List[List[Any]] = []
    for base in cls.bases:
        if isinstance(base, UserClass):
            below = _c3(base, depth + 1)
            if below is None:
                return None
            sequences.append(list(below))
        else:
            sequences.append([base])
    sequences.append(list(cls.bases))
    order: List[Any] = [cls]
    while any(sequences):
        sequences = [sequence for sequence in sequences if sequence]
        head = next((sequence[0] for sequence in sequences if not any(
            any(item is sequence[0] for item in other[1:]) for other in sequences)), None)
        if head is None:
            return None  # no consistent order: Python raises TypeError
        order.append(head)
        sequences = [sequence[1:] if sequence[0] is head else sequence for sequence in sequences]
    return order


def _all_bases(cls: UserClass, depth: int = 0) -> List[Any]:
    bases: List[Any] = []
    for base in cls.bases:
        bases.append(base)
        if isinstance(base, UserClass) and depth < 20:
            bases.extend(_all_bases(base, depth + 1))
    return bases


# The operators whose results on formulas and integers are formulas again (formulas.combine).
_FORMULA_OPERATORS: Dict[type, str] = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Power: "**"}


def _named(value: Unknown, name: str) -> Unknown:
    """``name = <unknown>``: from here on the value is the run-time value ``name`` in formulas (one
    value in each run, whatever its cause), unless it already is a named one (``b = a``). ``name``
    as ``--assume`` spells it: ``function.name`` for a local or a parameter, so that a formula's
    names never mean a module-level variable of the same name, and each can be assumed."""
    symbol = formulas.bare_symbol(value)
    if symbol is not None and symbol.bound:
        return value
    return formulas.symbol(name, value.cause, bound=True)


def _derived(node: cst.CSTNode, value: Unknown, text: Optional[str] = None) -> Unknown:
    """The unknown value of ``node`` (an attribute, item or ``len`` of an unknown value): a new
    run-time value named by the expression (``X_train.shape[1]``; ``text``, when already made),
    never the operand's own formula."""
    text = reasons.expression_text(node) if text is None else text
    if text is None or len(text) > formulas.MAX_NAME_LENGTH:
        return plain_unknown(value)
    return formulas.symbol(text, value.cause)


def _plain(value: Any) -> Any:
    """Objects of the evaluator's own are not plain values to Python's operators here."""
    if isinstance(value, (Instance, UserClass, UserFunction, BoundMethod, Builtin, FunctionChoice, _GlobalsProxy,
                          PartialList)):
        return UNKNOWN
    return value


def _unpack(value: Any, count: int, starred: List[int]) -> List[Any]:
    items = pybuiltins.iteration_items(value, pybuiltins.MAX_ITEMS)
    if items is None:
        return [UNKNOWN] * count
    if not starred:
        return list(items) if len(items) == count else [UNKNOWN] * count
    star = starred[0]
    after = count - star - 1
    if len(starred) > 1 or len(items) < count - 1:
        return [UNKNOWN] * count
    return list(items[:star]) + [list(items[star:len(items) - after])] + list(items[len(items) - after:])


__all__ = ["Evaluator", "MAX_CALL_DEPTH", "MAX_STEPS", "MAX_UNCALLED_EFFECTS", "MAX_UNCALLED_STEPS", "OutOfBudget",
           "UncalledOutOfBudget", "Unevaluable"]


# ``dataclasses.field``'s keywords that do not change how ``__init__`` sets the field.
_PLAIN_FIELD_KEYWORDS = {"default", "default_factory", "repr", "hash", "compare", "metadata"}


def _field_default(args: List[Any], kwargs: Dict[str, Any], complete: bool) -> Any:
    """``dataclasses.field(...)``: the default it gives, or unknown when it is not followed (an
    argument not seen, ``init=False`` or ``kw_only``, which change ``__init__``)."""
    if not complete or args or set(kwargs) - _PLAIN_FIELD_KEYWORDS \
            or ("default" in kwargs and "default_factory" in kwargs):
        return UNKNOWN
    return FieldDefault(kwargs.get("default", MISSING), kwargs.get("default_factory", MISSING))


def _each_assignment(node: cst.For) -> Optional[Tuple[cst.Attribute, str, cst.Name]]:
    """``for x in container.items: x.name = value`` (the body that one statement, ``value`` a
    name): the collection, the attribute set and the value's name; None for any other loop."""
    if not isinstance(node.target, cst.Name) or not isinstance(node.iter, cst.Attribute) \
            or node.orelse is not None or node.asynchronous is not None \
            or not isinstance(node.body, cst.IndentedBlock) or len(node.body.body) != 1:
        return None
    line = node.body.body[0]
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    statement = line.body[0]
    if not isinstance(statement, cst.Assign) or len(statement.targets) != 1 \
            or not isinstance(statement.value, cst.Name):
        return None
    target = statement.targets[0].target
    if not isinstance(target, cst.Attribute) or not isinstance(target.value, cst.Name) \
            or target.value.value != node.target.value or statement.value.value == node.target.value:
        return None
    return node.iter, target.attr.value, statement.value


def _name_lines(tree: ast.Module) -> Dict[str, List[int]]:
    """The lines each name of the file is read, bound or declared ``global``/``nonlocal`` on."""
    lines: Dict[str, List[int]] = {}
    for item in ast.walk(tree):
        if isinstance(item, ast.Name):
            lines.setdefault(item.id, []).append(item.lineno)
        elif isinstance(item, (ast.Global, ast.Nonlocal)):
            for declared in item.names:
                lines.setdefault(declared, []).append(item.lineno)
    return lines
