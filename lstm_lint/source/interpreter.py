"""A static interpreter for the part of a Python file that builds Keras models.

It walks the libcst tree statement by statement, in the order Python would run them, binding names
to what can be known statically: constants, imported Keras names, layer objects, symbolic tensors
and models. It never runs the user's code. What it cannot follow (a loop over data, a condition on a
command-line flag, a call into another module) becomes ``UNKNOWN``, and so does everything that
depends on it: unknown beats wrong.

Why an interpreter rather than pattern matching: Keras's default layer names come from counters
that run in program order across the whole file, and models are built through variables, functions,
``.add`` calls and list comprehensions; following the program is the only way to get both right.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import libcst as cst

from lstm_lint.graph import build
from lstm_lint.graph.objects import (
    InputLayer, KerasCall, Layer, Model, NameCounters, Operation, Tensor, last_tensor_serial,
)
from lstm_lint.graph.shapes import MaybeShape, broadcast, shape_from_value
from lstm_lint.layers import MERGE_FUNCTIONS, SPECS, ops as keras_ops
from lstm_lint.layers.spec import LayerSpec, to_snake_case
from lstm_lint.source import values as pyvalues
from lstm_lint.source.arrays import ArrayValue, array_from_call, reshaped
from lstm_lint.source.names import is_keras_layers_path, keras_subpath, keras_symbol
from lstm_lint.values import UNKNOWN, Unknown

# Bounds that keep the interpreter fast and finite on any input.
MAX_UNROLLED_ITERATIONS = 1_000
MAX_CALL_DEPTH = 8
MAX_COMPREHENSION_ITEMS = 1_000
# Statements and calls interpreted per file. Uncertain branches and calls nested in them can
# multiply the work; past this budget the file's models are reported as incomplete (unknown
# totals) instead of taking unbounded time. Ample for a file with thousands of models.
MAX_STEPS = 200_000
# Uncertain blocks nested deeper than this are not executed at all: what they assign becomes
# unknown. Each level may run several branches, so deeper nesting would multiply the work.
MAX_SPECULATION_DEPTH = 3


# ---- values the interpreter binds names to -------------------------------------------------------


@dataclass(frozen=True)
class ModuleRef:
    """An imported module or a dotted path inside one (``tf``, ``tf.keras.layers``)."""

    path: str


@dataclass(frozen=True)
class KerasRef:
    """A Keras class or function lstm-lint knows the meaning of."""

    kind: str  # "layer", "input", "input_layer", "sequential", "model", "merge", "keras"
    name: str  # Keras's class/function name
    spec: Optional[LayerSpec] = None


@dataclass(eq=False)
class UserFunction:
    node: cst.FunctionDef
    scope: Scope
    defaults: Dict[str, Any]
    called: bool = False


@dataclass(eq=False)
class UserClass:
    node: cst.ClassDef


@dataclass(eq=False)
class BoundMethod:
    receiver: Any
    name: str


@dataclass(frozen=True)
class Builtin:
    name: str


_BUILTINS = {"range", "len", "int", "float", "tuple", "list", "min", "max", "sum", "abs", "round",
             "bool", "str", "dict", "print", "isinstance", "enumerate", "zip", "reversed", "sorted"}


class Scope:
    def __init__(self, parent: Optional[Scope], module: Optional[Scope] = None) -> None:
        self.vars: Dict[str, Any] = {}
        self.parent = parent
        self.module: Scope = module if module is not None else self
        self.globals_declared: set[str] = set()
        self.star_imports: List[str] = []

    def lookup(self, name: str) -> Any:
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            for module_path in scope.star_imports:
                resolved = resolve_dotted(f"{module_path}.{name}")
                if isinstance(resolved, KerasRef):
                    return resolved
            scope = scope.parent
        if name in _BUILTINS:
            return Builtin(name)
        return UNKNOWN

    def assign(self, name: str, value: Any) -> None:
        if name in self.globals_declared:
            self.module.vars[name] = value
        else:
            self.vars[name] = value


def resolve_dotted(path: str) -> Any:
    """What a dotted path names: a KerasRef for the Keras API we model, else a ModuleRef."""
    symbol = keras_symbol(path)
    if symbol is not None:
        if symbol in SPECS:
            return KerasRef("layer", symbol, SPECS[symbol])
        if symbol == "Input":
            return KerasRef("input", symbol)
        if symbol == "InputLayer":
            return KerasRef("input_layer", symbol)
        if symbol == "Sequential":
            return KerasRef("sequential", symbol)
        if symbol in ("Model", "Functional"):
            return KerasRef("model", symbol)
        if symbol in MERGE_FUNCTIONS and is_keras_layers_path(path):
            return KerasRef("merge", symbol, MERGE_FUNCTIONS[symbol])
        if symbol[:1].isupper() and is_keras_layers_path(path):
            return KerasRef("layer", symbol, None)
    return ModuleRef(path)


# ---- control flow --------------------------------------------------------------------------------


@dataclass
class Return:
    value: Any


class _Break:
    pass


class _Continue:
    pass


BREAK = _Break()
CONTINUE = _Continue()
Flow = Union[None, Return, _Break, _Continue]


class _Unevaluable(Exception):
    """Raised inside the interpreter when a construct cannot be followed at all."""


class _OutOfBudget(Exception):
    """The file needs more interpretation steps than MAX_STEPS."""


@dataclass
class InternalError:
    line: int
    message: str


@dataclass
class InterpreterResult:
    models: List[Model]
    layers: List[Layer] = field(default_factory=list)  # every layer constructed, in order
    keras_calls: List[KerasCall] = field(default_factory=list)
    internal_errors: List[InternalError] = field(default_factory=list)


class Interpreter:
    def __init__(self, module: cst.Module, positions: Dict[int, Tuple[int, int]]) -> None:
        self.module_node = module
        self.positions = positions
        self.counters = NameCounters()
        self.models: List[Model] = []
        self.layers: List[Layer] = []
        self.keras_calls: List[KerasCall] = []  # calls the rules read (pad_sequences, ...)
        self.speculative_depth = 0
        self.call_depth = 0
        self.statement_line = 1
        self.statement_column = 0
        self.functions: List[UserFunction] = []
        self.internal_errors: List[InternalError] = []
        self.steps = 0
        self.may_build_cache: Dict[int, bool] = {}
        self.calls_cache: Dict[int, List[cst.Call]] = {}
        self.literal_cache: Dict[int, Any] = {}
        self.generator_cache: Dict[Tuple[str, int], bool] = {}
        self.module_scope = Scope(None)
        self.module_scope.vars["__name__"] = "__main__"

    # ---- entry point ----

    def run(self) -> InterpreterResult:
        try:
            self.exec_block(self.module_node.body, self.module_scope)
            # Model builders never called in the file: evaluated afterwards with their defaults, in
            # definition order, as if the user called each one.
            for function in list(self.functions):
                if not function.called and function.scope is self.module_scope:
                    self.invoke(function, [], {})
        except _OutOfBudget:
            # We stopped part-way: any model may have had more layers added later.
            self.counters.all_tainted = True
            for model in self.models:
                model.incomplete = True
        return InterpreterResult(self.models, self.layers, self.keras_calls, self.internal_errors)

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _OutOfBudget()

    def line_of(self, node: cst.CSTNode) -> int:
        position = self.positions.get(id(node))
        return position[0] if position is not None else self.statement_line

    def column_of(self, node: cst.CSTNode) -> int:
        position = self.positions.get(id(node))
        return position[1] if position is not None else 0

    # ---- statements ----

    def exec_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> Flow:
        for statement in statements:
            flow = self.exec_statement(statement, scope)
            if flow is not None:
                return flow
        return None

    def exec_statement(self, statement: cst.CSTNode, scope: Scope) -> Flow:
        self.step()
        previous_line, previous_column = self.statement_line, self.statement_column
        self.statement_line = self.line_of(statement)
        self.statement_column = self.column_of(statement)
        try:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    flow = self.exec_small(small, scope)
                    if flow is not None:
                        return flow
                return None
            return self.exec_compound(statement, scope)
        except _OutOfBudget:
            raise
        except (_Unevaluable, RecursionError):
            self.give_up_on(statement, scope)
            return None
        except Exception as error:  # an internal bug must not cost the user a crash
            self.internal_errors.append(InternalError(self.statement_line, f"{type(error).__name__}: {error}"))
            self.give_up_on(statement, scope)
            return None
        finally:
            self.statement_line, self.statement_column = previous_line, previous_column

    def give_up_on(self, statement: cst.CSTNode, scope: Scope) -> None:
        """A statement we could not follow: whatever it binds and every default name is unknown."""
        self.counters.all_tainted = True
        for name in _assigned_names(statement):
            scope.assign(name, UNKNOWN)

    def exec_small(self, node: cst.BaseSmallStatement, scope: Scope) -> Flow:
        if isinstance(node, cst.Expr):
            self.eval(node.value, scope)
        elif isinstance(node, cst.Assign):
            value = self.eval(node.value, scope)
            for target in node.targets:
                self.bind(target.target, value, scope)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.bind(node.target, self.eval(node.value, scope), scope)
        elif isinstance(node, cst.AugAssign):
            current = self.eval(node.target, scope)
            operand = self.eval(node.value, scope)
            op_name = type(node.operator).__name__.replace("Assign", "")
            binary_op = getattr(cst, op_name, None)
            value = self.binary(binary_op() if binary_op else None, current, operand, node)
            self.bind(node.target, value, scope)
        elif isinstance(node, cst.Return):
            return Return(self.eval(node.value, scope) if node.value is not None else None)
        elif isinstance(node, cst.Break):
            return BREAK
        elif isinstance(node, cst.Continue):
            return CONTINUE
        elif isinstance(node, cst.Import):
            for alias in node.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None:
                    self.bind(alias.asname.name, resolve_dotted(dotted), scope)
                else:
                    top = dotted.split(".")[0]
                    scope.assign(top, ModuleRef(top))
        elif isinstance(node, cst.ImportFrom):
            self.exec_import_from(node, scope)
        elif isinstance(node, cst.Global):
            scope.globals_declared.update(name.name.value for name in node.names)
        elif isinstance(node, cst.Del):
            for name in _target_names(node.target):
                scope.vars.pop(name, None)
        elif isinstance(node, (cst.Raise, cst.Assert)):
            # Evaluate for side effects only when there are calls in it (rare); a raise ends the
            # block, which we cannot decide statically in general.
            pass
        return None

    def exec_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if node.relative or node.module is None:
            names = node.names
            if not isinstance(names, cst.ImportStar):
                for alias in names:
                    target = alias.asname.name if alias.asname is not None else alias.name
                    self.bind(target, UNKNOWN, scope)
            return
        module = _dotted(node.module)
        if isinstance(node.names, cst.ImportStar):
            if keras_subpath(module) is not None:
                scope.star_imports.append(module)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            target_node = alias.asname.name if alias.asname is not None else alias.name
            self.bind(target_node, resolve_dotted(f"{module}.{name}"), scope)

    def exec_compound(self, node: cst.CSTNode, scope: Scope) -> Flow:
        if isinstance(node, cst.FunctionDef):
            defaults = self.eval_defaults(node, scope)
            function = UserFunction(node, scope, defaults)
            if scope is self.module_scope:
                self.functions.append(function)
            for decorator in node.decorators:
                self.eval(decorator.decorator, scope)
            scope.assign(node.name.value, function)
            return None
        if isinstance(node, cst.ClassDef):
            scope.assign(node.name.value, UserClass(node))
            return None
        if isinstance(node, cst.If):
            return self.exec_if(node, scope)
        if isinstance(node, cst.For):
            return self.exec_for(node, scope)
        if isinstance(node, cst.While):
            self.eval(node.test, scope)
            return self.speculate([node.body.body], scope, node, include_skip=True)
        if isinstance(node, cst.With):
            for item in node.items:
                value = self.eval(item.item, scope)
                if item.asname is not None:
                    self.bind(item.asname.name, UNKNOWN if not isinstance(value, Model) else value, scope)
            return self.exec_block(node.body.body, scope)
        if isinstance(node, (cst.Try, cst.TryStar)):
            flow = self.exec_block(node.body.body, scope)
            if flow is not None:
                return flow
            handlers = [handler.body.body for handler in node.handlers]
            if handlers:
                self.speculate(handlers, scope, node, include_skip=True)
            if node.orelse is not None:
                flow = self.exec_block(node.orelse.body.body, scope)
                if flow is not None:
                    return flow
            if node.finalbody is not None:
                return self.exec_block(node.finalbody.body.body, scope)
            return None
        if isinstance(node, cst.Match):
            self.eval(node.subject, scope)
            return self.speculate([case.body.body for case in node.cases], scope, node, include_skip=True)
        raise _Unevaluable(type(node).__name__)

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
        elif isinstance(orelse, cst.Else):
            branches.append(orelse.body.body)
            include_skip = False
        return self.speculate(branches, scope, node, include_skip=include_skip)

    def exec_for(self, node: cst.For, scope: Scope) -> Flow:
        iterable = self.eval(node.iter, scope)
        items = _iteration_items(iterable)
        if items is None or len(items) > MAX_UNROLLED_ITERATIONS:
            self.bind(node.target, UNKNOWN, scope)
            blocks = [node.body.body] + ([node.orelse.body.body] if node.orelse is not None else [])
            return self.speculate(blocks, scope, node, include_skip=True)
        for item in items:
            self.bind(node.target, item, scope)
            flow = self.exec_block(node.body.body, scope)
            if flow is BREAK:
                return None
            if isinstance(flow, Return):
                return flow
        if node.orelse is not None:
            return self.exec_block(node.orelse.body.body, scope)
        return None

    def speculate(self, branches: Sequence[Sequence[cst.CSTNode]], scope: Scope, node: cst.CSTNode,
                  include_skip: bool) -> Flow:
        """Run blocks that may or may not run (or may run many times): each on its own copy of the
        variables; afterwards a name keeps its value only if every branch agrees on it, and default
        names that any branch consumed become unknown."""
        if self.speculative_depth >= MAX_SPECULATION_DEPTH:
            for block in branches:
                for statement in block:
                    self.taint_unevaluated(statement, scope)
                    for name in _assigned_names(statement):
                        scope.assign(name, UNKNOWN)
            return None
        before_vars = dict(scope.vars)
        before_counts = self.counters.snapshot()
        first_serial = last_tensor_serial()
        outcomes: List[Dict[str, Any]] = [before_vars] if include_skip else []
        final_counts = dict(before_counts)
        self.speculative_depth += 1
        try:
            for block in branches:
                scope.vars = dict(before_vars)
                self.counters.counts = dict(before_counts)
                self.exec_block(block, scope)
                outcomes.append(scope.vars)
                for prefix, count in self.counters.counts.items():
                    final_counts[prefix] = max(final_counts.get(prefix, 0), count)
        finally:
            self.speculative_depth -= 1
        self.counters.counts = final_counts
        self.counters.taint_changes_since(before_counts)
        merged: Dict[str, Any] = {}
        for name in set().union(*outcomes) if outcomes else set():
            candidates = [outcome.get(name, UNKNOWN) for outcome in outcomes]
            first = candidates[0]
            if all(_same(first, other) for other in candidates[1:]):
                merged[name] = first
            elif all(isinstance(candidate, Tensor) for candidate in candidates):
                merged[name] = self.merge_tensors(candidates, first_serial, node)
            else:
                merged[name] = UNKNOWN
        scope.vars = merged
        return None

    def merge_tensors(self, candidates: List[Any], first_serial: int, node: cst.CSTNode) -> Tensor:
        """One tensor standing for "one of these": an unknown op fed by the tensors that existed
        before the uncertain block, so that the layers inside the block are not listed as certain."""
        parents: List[Tensor] = []
        seen: set[int] = set()
        frontier = list(candidates)
        while frontier:
            tensor = frontier.pop()
            if id(tensor) in seen:
                continue
            seen.add(id(tensor))
            if tensor.serial <= first_serial:
                parents.append(tensor)
            else:
                frontier.extend(tensor.node.inputs)
        return build.opaque("conditional", self.line_of(node), parents, maybe_layer=True)

    def eval_defaults(self, node: cst.FunctionDef, scope: Scope) -> Dict[str, Any]:
        defaults: Dict[str, Any] = {}
        params = node.params
        for param in list(params.posonly_params) + list(params.params) + list(params.kwonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, scope)
        return defaults

    # ---- binding ----

    def bind(self, target: cst.BaseExpression, value: Any, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            if isinstance(value, Model) and value.name is None:
                value.name = target.value
            scope.assign(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            items = _unpack(value, len(elements), any(isinstance(e, cst.StarredElement) for e in elements))
            for element, item in zip(elements, items):
                self.bind(element.value, item, scope)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, value, scope)
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, scope)
            if target.attr.value == "trainable" and isinstance(receiver, (Layer, Model)):
                certain = isinstance(value, bool) and self.speculative_depth == 0
                _set_trainable(receiver, value if certain else UNKNOWN)
        elif isinstance(target, cst.Subscript):
            base = target.value
            if isinstance(base, cst.Name):
                scope.assign(base.value, UNKNOWN)

    # ---- expressions ----

    def eval(self, node: cst.BaseExpression, scope: Scope) -> Any:
        # Exact type tests: libcst's node classes are ABCs, whose isinstance checks made this
        # dispatch a hot spot; the expression classes tested here have no subclasses.
        if type(node) is cst.Name:
            name = node.value
            if name == "True":
                return True
            if name == "False":
                return False
            if name == "None":
                return None
            return scope.lookup(name)
        if type(node) in (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.Imaginary):
            key = id(node)
            if key not in self.literal_cache:
                self.literal_cache[key] = pyvalues.literal(node)
            return self.literal_cache[key]
        if type(node) is cst.Attribute:
            return self.attribute(self.eval(node.value, scope), node.attr.value)
        if type(node) is cst.Call:
            return self.eval_call(node, scope)
        if type(node) in (cst.Tuple, cst.List, cst.Set):
            assert isinstance(node, (cst.Tuple, cst.List, cst.Set))  # for the type checker
            items = self.eval_elements(node.elements, scope)
            if isinstance(items, Unknown) or type(node) is cst.Set:
                return UNKNOWN
            return tuple(items) if type(node) is cst.Tuple else items
        if type(node) is cst.Dict:
            return self.eval_dict(node, scope)
        if type(node) is cst.BinaryOperation:
            return self.binary(node.operator, self.eval(node.left, scope), self.eval(node.right, scope), node)
        if type(node) is cst.UnaryOperation:
            operand = self.eval(node.expression, scope)
            if isinstance(operand, Tensor):
                return self.tensor_op("unary", [operand], operand.shape, node)
            return pyvalues.unary(node.operator, operand)
        if type(node) is cst.BooleanOperation:
            return self.boolean(node, scope)
        if type(node) is cst.Comparison:
            return self.comparison(node, scope)
        if type(node) is cst.Subscript:
            return self.eval_subscript(node, scope)
        if type(node) is cst.IfExp:
            test = pyvalues.truth(self.eval(node.test, scope))
            if test is True:
                return self.eval(node.body, scope)
            if test is False:
                return self.eval(node.orelse, scope)
            self.taint_unevaluated(node.body, scope)
            self.taint_unevaluated(node.orelse, scope)
            return UNKNOWN
        if type(node) in (cst.ListComp, cst.GeneratorExp):
            return self.comprehension(node, scope)  # type: ignore[arg-type]  # narrowed by the exact type test
        if type(node) is cst.NamedExpr:
            value = self.eval(node.value, scope)
            self.bind(node.target, value, scope)
            return value
        if type(node) in (cst.Lambda, cst.SetComp, cst.DictComp):
            self.taint_unevaluated(node, scope)
            return UNKNOWN
        if type(node) is cst.Await:
            return self.eval(node.expression, scope)
        if type(node) is cst.FormattedString:
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    self.eval(part.expression, scope)
            return UNKNOWN
        return UNKNOWN

    def eval_elements(self, elements: Sequence[cst.BaseElement], scope: Scope) -> Union[List[Any], Unknown]:
        items: List[Any] = []
        known = True
        for element in elements:
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, (list, tuple)):
                    items.extend(value)
                else:
                    known = False
            else:
                items.append(value)
        return items if known else UNKNOWN

    def eval_dict(self, node: cst.Dict, scope: Scope) -> Any:
        result: Dict[Any, Any] = {}
        known = True
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.eval(element.key, scope)
                value = self.eval(element.value, scope)
                if isinstance(key, (str, int, float, bool, type(None))):
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

    def boolean(self, node: cst.BooleanOperation, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        truth = pyvalues.truth(left)
        is_and = isinstance(node.operator, cst.And)
        if truth is None:
            self.taint_unevaluated(node.right, scope)
            return UNKNOWN
        if truth is (not is_and):
            return left
        return self.eval(node.right, scope)

    def comparison(self, node: cst.Comparison, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        result: Any = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            outcome = pyvalues.compare(target.operator, left, right)
            if isinstance(outcome, Unknown):
                result = UNKNOWN
            elif outcome is False and result is not UNKNOWN:
                result = False
            left = right
        return result

    def binary(self, operator: Optional[cst.BaseBinaryOp], left: Any, right: Any, node: cst.CSTNode) -> Any:
        if operator is None:
            return UNKNOWN
        tensors = [value for value in (left, right) if isinstance(value, Tensor)]
        if tensors:
            if isinstance(operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide)):
                left_shape = left.shape if isinstance(left, Tensor) else _scalar_shape(left)
                right_shape = right.shape if isinstance(right, Tensor) else _scalar_shape(right)
                shape = broadcast(left_shape, right_shape)
            else:
                shape = UNKNOWN
            operator_name = type(operator).__name__
            self.name_op(keras_ops.OPERATOR_NAMES.get(operator_name))
            return self.tensor_op(operator_name.lower(), tensors, shape, node)
        return pyvalues.binary(operator, left, right)

    def name_op(self, prefix: Optional[str], shape_dependent: Iterable[str] = ()) -> None:
        """A Keras op on symbolic tensors takes a default name from the layers' counters
        (layers/ops.py); one whose op depends on shapes makes those counters unknown."""
        if prefix is not None:
            self.counters.next_name(prefix)
        self.counters.tainted.update(shape_dependent)

    def tensor_op(self, description: str, inputs: List[Tensor], shape: MaybeShape, node: cst.CSTNode) -> Tensor:
        """A Keras 3 operation on symbolic tensors (not a layer): part of the graph only."""
        return build.opaque(description, self.line_of(node), inputs, False, shape)

    def eval_subscript(self, node: cst.Subscript, scope: Scope) -> Any:
        container = self.eval(node.value, scope)
        indices: List[Any] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                indices.append(self.eval(part.value, scope))
            elif isinstance(part, cst.Slice):
                bounds = [self.eval(b, scope) if b is not None else None
                          for b in (part.lower, part.upper, part.step)]
                if any(isinstance(b, Unknown) or not (b is None or isinstance(b, int)) for b in bounds):
                    indices.append(UNKNOWN)
                else:
                    indices.append(slice(*bounds))
        if isinstance(container, Tensor):
            return build.opaque("getitem", self.line_of(node), [container], False,
                                _slice_shape(container.shape, indices), arguments=([container, indices], {}))
        if len(indices) != 1:
            return UNKNOWN
        return pyvalues.subscript(container, indices[0])

    def comprehension(self, node: Union[cst.ListComp, cst.GeneratorExp], scope: Scope) -> Any:
        """``[LSTM(u) for u in UNITS]``: evaluated when every ``for`` runs over a known sequence."""
        inner = Scope(scope, scope.module)
        results: List[Any] = []

        def run(clause: Optional[cst.CompFor]) -> bool:
            if clause is None:
                results.append(self.eval(node.elt, inner))
                return len(results) <= MAX_COMPREHENSION_ITEMS
            items = _iteration_items(self.eval(clause.iter, inner))
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
                if keep and not run(clause.inner_for_in):
                    return False
            return True

        before = self.counters.snapshot()
        if not run(node.for_in):
            self.counters.taint_changes_since(before)
            self.taint_unevaluated(node.elt, inner)
            return UNKNOWN
        return results

    # ---- attributes ----

    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, ModuleRef):
            return resolve_dotted(f"{receiver.path}.{name}")
        if isinstance(receiver, KerasRef):
            return UNKNOWN
        if isinstance(receiver, Model):
            if name in ("output", "input"):
                tensors = receiver.outputs if name == "output" else receiver.inputs
                if receiver.kind == "Sequential":
                    build.sequential_finish(receiver)
                    tensors = receiver.outputs if name == "output" else receiver.inputs
                if len(tensors) == 1:
                    return tensors[0]
                return list(tensors) if tensors else UNKNOWN
            if name in ("outputs", "inputs"):
                if receiver.kind == "Sequential":
                    build.sequential_finish(receiver)
                tensors = receiver.outputs if name == "outputs" else receiver.inputs
                return list(tensors) if tensors else UNKNOWN
            if name == "layers":
                if receiver.incomplete or any(isinstance(item, Operation) for item in receiver.layers()):
                    return UNKNOWN
                return list(receiver.layers())
            return BoundMethod(receiver, name)
        if isinstance(receiver, Layer):
            if name in ("output", "input") and len(receiver.nodes) == 1:
                node = receiver.nodes[0]
                if name == "output":
                    return node.outputs[0] if len(node.outputs) == 1 else list(node.outputs)
                return node.inputs[0] if len(node.inputs) == 1 else UNKNOWN
            return BoundMethod(receiver, name)
        if isinstance(receiver, Tensor):
            if name == "shape":
                return receiver.shape if not isinstance(receiver.shape, Unknown) else UNKNOWN
            return BoundMethod(receiver, name)
        if isinstance(receiver, list):
            return BoundMethod(receiver, name)
        if isinstance(receiver, ArrayValue):
            if name == "shape":
                return receiver.shape
            if name == "ndim":
                return len(receiver.shape)
            return BoundMethod(receiver, name)
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
                if isinstance(value, (list, tuple)):
                    args.extend(value)
                else:
                    complete = False
            elif arg.star == "**":
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    kwargs.update(value)
                else:
                    complete = False
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        return self.call(function, args, kwargs, complete, node, scope)

    def call(self, function: Any, args: List[Any], kwargs: Dict[str, Any], complete: bool,
             node: cst.Call, scope: Scope) -> Any:
        line = self.line_of(node)
        if isinstance(function, KerasRef):
            return self.call_keras(function, args, kwargs, complete, node)
        if isinstance(function, (Layer, Model)):
            return self.call_layer(function, args, kwargs, line)
        if isinstance(function, BoundMethod):
            return self.call_method(function, args, kwargs, complete, line)
        if isinstance(function, UserFunction):
            function.called = True
            if not self.may_build_keras(function) and not _holds_keras([args, kwargs]):
                return UNKNOWN  # cannot touch a model: not worth interpreting
            if not complete:
                args = [UNKNOWN] * len(args)
            return self.invoke(function, args, kwargs, unknown_extras=not complete)
        if isinstance(function, UserClass):
            self.taint_unevaluated(function.node, scope)
            return UNKNOWN
        if isinstance(function, Builtin):
            return _call_builtin(function.name, args, kwargs) if complete else UNKNOWN
        tensors = build.flatten_tensors([args, kwargs])
        if isinstance(function, ModuleRef):
            sub = keras_subpath(function.path)
            if sub in ("backend.clear_session", "utils.clear_session", "src.backend.clear_session"):
                # Keras forgets its name counters: default names start again from "dense".
                if self.speculative_depth == 0:
                    self.counters.reset()
                else:
                    self.counters.all_tainted = True
                return None
            if sub is not None and sub.startswith(("applications", "models.clone", "models.load",
                                                   "saving", "src.applications")):
                # Builds (or loads) whole models whose layers take default names we cannot follow.
                self.counters.all_tainted = True
            if function.path.startswith("numpy.") and not tensors:
                array = array_from_call(function.path[len("numpy."):], args, kwargs)
                return array if array is not None else UNKNOWN
            if sub is not None and sub.startswith("losses.") and not tensors:
                return KerasCall(sub, args, kwargs)
            if sub is not None and sub.endswith("pad_sequences"):
                self.keras_calls.append(KerasCall(sub, args, dict(kwargs, _line=line)))
                return UNKNOWN
            if tensors:
                # keras.ops and other Keras 3 functions on symbolic tensors are operations, not
                # layers; anything else (tf.*, a third-party function) may be a layer for all we know.
                is_keras_op = sub is not None and sub.startswith(("ops.", "backend.", "activations."))
                if sub is not None:
                    self.name_op(keras_ops.FUNCTION_NAMES.get(sub), keras_ops.SHAPE_DEPENDENT_NAMES.get(sub, ()))
                return build.opaque(function.path, line, tensors, maybe_layer=not is_keras_op,
                                    arguments=(args, kwargs) if complete else None)
            return UNKNOWN
        if tensors:
            return build.opaque("call", line, tensors, maybe_layer=True)
        return UNKNOWN

    def call_keras(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                   node: cst.Call) -> Any:
        line = self.line_of(node)
        if ref.kind == "layer":
            layer = self.construct_layer(ref, args, kwargs, complete, line)
            layer.column = self.column_of(node)
            return layer
        if ref.kind in ("input", "input_layer"):
            layer = self.construct_input(args, kwargs, complete, line)
            return build.input_tensor(layer) if ref.kind == "input" else layer
        if ref.kind == "sequential":
            return self.construct_sequential(args, kwargs, complete, line)
        if ref.kind == "model":
            return self.construct_functional(args, kwargs, complete, line)
        if ref.kind == "merge":
            assert ref.spec is not None
            inputs = args[0] if args else kwargs.pop("inputs", UNKNOWN)
            layer = self.construct_layer(KerasRef("layer", ref.spec.class_name, ref.spec), args[1:],
                                         {k: v for k, v in kwargs.items() if k != "inputs"}, complete, line)
            return self.call_layer(layer, [inputs], {}, line)
        return UNKNOWN

    def construct_layer(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                        line: int) -> Layer:
        spec = ref.spec
        config: Dict[str, Any] = {}
        unexpected: List[str] = []
        if spec is not None:
            config = spec.defaults()
            names = spec.argument_names
            for index, value in enumerate(args):
                if index < len(names):
                    config[names[index]] = value
                else:
                    unexpected.append(f"positional argument {index + 1}")
            for key, value in kwargs.items():
                if key in names or key in spec.extra_keywords:
                    config[key] = value
                elif not spec.accepts_keyword(key):
                    unexpected.append(key)
            for argument in spec.signature:
                if argument.required and argument.name not in config:
                    config[argument.name] = UNKNOWN
            if not complete:
                config = {key: UNKNOWN for key in config}
        name_value = kwargs.get("name", UNKNOWN if not complete else None)
        if spec is not None and "name" in spec.argument_names:
            name_value = config.get("name")
        explicit = name_value is not None
        if explicit:
            name = name_value if isinstance(name_value, str) else None
        else:
            name = self.counters.next_name(spec.default_name if spec else to_snake_case(ref.name))
        given: Dict[str, Any] = {}
        names_for_positions = spec.argument_names if spec is not None else ()
        for index, value in enumerate(args):
            key = names_for_positions[index] if index < len(names_for_positions) else f"#{index}"
            given[key] = value
        given.update(kwargs)
        layer = Layer(ref.name, spec, config, name, line, explicit_name=explicit,
                      declared_input=_declared_input(kwargs, config, ref.name),
                      unexpected_keywords=unexpected, given=given, complete_arguments=complete)
        trainable = kwargs.get("trainable", True)
        layer.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        self.layers.append(layer)
        return layer

    def construct_input(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> InputLayer:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
        bound: Dict[str, Any] = dict(zip(names, args))
        bound.update(kwargs)
        batch_shape: MaybeShape
        if not complete:
            batch_shape = UNKNOWN
        elif bound.get("batch_shape") is not None:
            batch_shape = shape_from_value(bound["batch_shape"])
        elif bound.get("shape") is not None:
            shape = shape_from_value(bound["shape"])
            batch = bound.get("batch_size")
            batch_dim = batch if isinstance(batch, int) or batch is None else UNKNOWN
            batch_shape = UNKNOWN if isinstance(shape, Unknown) else (batch_dim,) + shape
        else:
            batch_shape = UNKNOWN
        name_value = bound.get("name")
        explicit = name_value is not None
        name = name_value if isinstance(name_value, str) else (
            None if explicit else self.counters.next_name("input_layer"))
        return build.make_input(batch_shape, name, line, explicit)

    def register_model(self, model: Model, keras_name: Any) -> Model:
        if isinstance(keras_name, str):
            model.keras_name = keras_name
        elif keras_name is None:
            model.keras_name = self.counters.next_name(model.keras_default_prefix)
        model.speculative_depth = self.speculative_depth
        model.line = self.statement_line
        model.column = self.statement_column
        self.models.append(model)
        return model

    def construct_sequential(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> Model:
        bound: Dict[str, Any] = dict(zip(("layers", "trainable", "name"), args))
        bound.update(kwargs)
        model = self.register_model(Model("Sequential", line), bound.get("name"))
        trainable = bound.get("trainable", True)
        model.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        items = bound.get("layers")
        if not complete:
            items = UNKNOWN
        if isinstance(items, (list, tuple)):
            for item in items:
                build.sequential_add(model, item, self.counters, line)
            if items:
                build.note_rebuild(model, self.counters)
        elif items is not None:
            model.incomplete = True
            build.sequential_add(model, UNKNOWN, self.counters, line)
        return model

    def construct_functional(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> Any:
        bound: Dict[str, Any] = dict(zip(("inputs", "outputs"), args))
        bound.update(kwargs)
        if "inputs" not in bound or "outputs" not in bound:
            return UNKNOWN  # Model() for subclassing, or something we cannot follow
        model = self.register_model(Model("Functional", line), bound.get("name"))
        inputs = build.flatten_tensors(bound["inputs"])
        outputs = build.flatten_tensors(bound["outputs"])
        if not complete or len(outputs) != _leaf_count(bound["outputs"]) \
                or len(inputs) != _leaf_count(bound["inputs"]):
            model.incomplete = True
        build.functional(model, inputs, outputs)
        trainable = bound.get("trainable", True)
        model.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        return model

    def call_layer(self, layer: Union[Layer, Model], args: List[Any], kwargs: Dict[str, Any], line: int) -> Any:
        main = args[0] if args else kwargs.get("inputs", UNKNOWN)
        extra = build.flatten_tensors([args[1:], {k: v for k, v in kwargs.items() if k != "inputs"}])
        main_tensors = build.flatten_tensors(main)
        if not main_tensors and not extra:
            return UNKNOWN
        if _leaf_count(main) != len(main_tensors):
            # Part of the input is not a tensor we track: an unknown shape stands in for it.
            main = _replace_unknown_leaves(main, lambda: (
                build.opaque("unknown", line, [], maybe_layer=False)))
        return build.call(layer, main, extra, self.counters)

    def call_method(self, method: BoundMethod, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    line: int) -> Any:
        receiver, name = method.receiver, method.name
        if isinstance(receiver, Model):
            conditional = self.speculative_depth > receiver.speculative_depth
            if name == "add" and receiver.kind == "Sequential":
                item = args[0] if args and complete else kwargs.get("layer", UNKNOWN)
                build.sequential_add(receiver, UNKNOWN if conditional else item, self.counters, line)
                if conditional:
                    receiver.incomplete = True
                else:
                    build.note_rebuild(receiver, self.counters)
                return None
            if name == "build" and receiver.kind == "Sequential":
                shape = shape_from_value(args[0] if args else kwargs.get("input_shape", UNKNOWN))
                if not conditional:
                    build.sequential_build(receiver, shape, self.counters, line)
                return None
            if name == "compile":
                receiver.compile_calls.append(dict(kwargs, _line=line, _args=args))
                return None
            if name == "fit":
                receiver.fit_calls.append(dict(kwargs, _line=line, _args=args))
                return UNKNOWN
            if name in ("pop",):
                receiver.incomplete = True
                return UNKNOWN
            return UNKNOWN
        if isinstance(receiver, list) and complete:
            if name == "append" and len(args) == 1:
                receiver.append(args[0])
                return None
            if name == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple)):
                receiver.extend(args[0])
                return None
        tensors = build.flatten_tensors([args, kwargs])
        if isinstance(receiver, ArrayValue) and name == "reshape" and complete and not kwargs:
            return reshaped(receiver, args) or UNKNOWN
        if isinstance(receiver, Tensor):
            return build.opaque(f"tensor.{name}", line, [receiver] + tensors, maybe_layer=False)
        return UNKNOWN

    def invoke(self, function: UserFunction, args: List[Any], kwargs: Dict[str, Any],
               unknown_extras: bool = False) -> Any:
        function.called = True
        node = function.node
        if self.call_depth >= MAX_CALL_DEPTH or self.is_generator(node):
            self.taint_unevaluated(node, function.scope)
            return UNKNOWN
        scope = Scope(function.scope, function.scope.module)
        params = node.params
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
        models_before = len(self.models)
        self.call_depth += 1
        try:
            flow = self.exec_block(node.body.body if isinstance(node.body, cst.IndentedBlock) else [], scope)
        finally:
            self.call_depth -= 1
        result = flow.value if isinstance(flow, Return) else None
        for model in _models_in(result):
            if model in self.models[models_before:] and not model.named_by_return:
                model.name = node.name.value
                model.named_by_return = True
        return result

    def is_generator(self, node: cst.FunctionDef) -> bool:
        key = ("generator", id(node))
        cached = self.generator_cache.get(key)
        if cached is None:
            cached = any(isinstance(child, cst.Yield) for child in _walk(node.body))
            self.generator_cache[key] = cached
        return cached

    def calls_in(self, node: cst.CSTNode) -> List[cst.Call]:
        """Every call inside ``node`` (memoised: classes and functions are scanned once)."""
        key = id(node)
        calls = self.calls_cache.get(key)
        if calls is None:
            calls = [child for child in _walk(node) if isinstance(child, cst.Call)]
            self.calls_cache[key] = calls
        return calls

    def may_build_keras(self, function: UserFunction) -> bool:
        """Whether the function's body calls anything that is (or may lead to) Keras: a Keras name,
        a Keras module path, or another function of the file that may. Cached per function."""
        key = id(function.node)
        cached = self.may_build_cache.get(key)
        if cached is not None:
            return cached
        self.may_build_cache[key] = False  # recursion: assume no until proved yes
        result = False
        for child in _walk(function.node.body):
            if isinstance(child, (cst.Import, cst.ImportFrom)):
                result = True  # a local import: names we cannot peek at from outside
                break
            if not isinstance(child, cst.Call):
                continue
            callee = self.peek(child.func, function.scope)
            if isinstance(callee, (KerasRef, UserClass)) or (
                    isinstance(callee, UserFunction) and self.may_build_keras(callee)):
                result = True
                break
        self.may_build_cache[key] = result
        return result

    # ---- code we do not evaluate ----

    def taint_unevaluated(self, node: cst.CSTNode, scope: Scope) -> None:
        """Code that may or may not run: any Keras layer it could construct makes that class's
        default names unknown from here on."""
        for call in self.calls_in(node):
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("add", "pop", "build"):
                receiver = self.peek(call.func.value, scope)
                if isinstance(receiver, Model):
                    receiver.incomplete = True  # layers may be added (or removed) by code we skip
            function = self.peek(call.func, scope)
            if isinstance(function, KerasRef):
                if function.kind == "layer":
                    self.counters.tainted.add(function.spec.default_name if function.spec
                                              else to_snake_case(function.name))
                elif function.kind in ("input", "input_layer", "sequential", "model", "merge"):
                    self.counters.all_tainted = True
            elif isinstance(function, (UserFunction, UserClass)) or (
                isinstance(function, ModuleRef) and keras_subpath(function.path) is not None
            ):
                self.counters.all_tainted = True

    def peek(self, node: cst.BaseExpression, scope: Scope) -> Any:
        """The value of a Name/Attribute chain, without side effects."""
        if isinstance(node, cst.Name):
            return scope.lookup(node.value)
        if isinstance(node, cst.Attribute):
            base = self.peek(node.value, scope)
            if isinstance(base, ModuleRef):
                return resolve_dotted(f"{base.path}.{node.attr.value}")
        return UNKNOWN


# ---- helpers -------------------------------------------------------------------------------------


def _dotted(node: Union[cst.Attribute, cst.Name, cst.BaseExpression]) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return "?"


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, (ModuleRef, KerasRef)) and type(a) is type(b):
        return bool(a == b)
    if isinstance(a, (int, float, str, bool, type(None))) and type(a) is type(b):
        return bool(a == b)
    return False


def _iteration_items(value: Any) -> Optional[List[Any]]:
    if isinstance(value, (list, tuple, str)):
        return list(value)
    if isinstance(value, range):
        return list(value) if len(value) <= MAX_UNROLLED_ITERATIONS else None
    if isinstance(value, dict):
        return list(value)
    return None


def _unpack(value: Any, count: int, starred: bool) -> List[Any]:
    if isinstance(value, (list, tuple)) and not starred and len(value) == count:
        return list(value)
    return [UNKNOWN] * count


def _leaf_count(value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return sum(_leaf_count(item) for item in value)
    if isinstance(value, dict):
        return sum(_leaf_count(item) for item in value.values())
    return 1


def _replace_unknown_leaves(value: Any, make: Any) -> Any:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (list, tuple)):
        return [_replace_unknown_leaves(item, make) for item in value]
    return make()


def _set_trainable(item: Union[Layer, Model], value: Union[bool, Unknown]) -> None:
    """Keras's ``trainable`` setter: on a model it sets every layer inside it too."""
    item.trainable = value
    if isinstance(item, Model):
        for inner in item.layers():
            if isinstance(inner, (Layer, Model)):
                _set_trainable(inner, value)


def _holds_keras(value: Any, depth: int = 0) -> bool:
    if isinstance(value, (Tensor, Layer, Model)):
        return True
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_holds_keras(item, depth + 1) for item in value)
    if depth < 3 and isinstance(value, dict):
        return any(_holds_keras(item, depth + 1) for item in value.values())
    return False


def _models_in(value: Any) -> List[Model]:
    if isinstance(value, Model):
        return [value]
    if isinstance(value, (list, tuple)):
        return [model for item in value for model in _models_in(item)]
    return []


def _scalar_shape(value: Any) -> MaybeShape:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    return UNKNOWN


def _slice_shape(shape: MaybeShape, indices: List[Any]) -> MaybeShape:
    """Shape of ``x[...]`` for ints and plain slices (Keras 3's GetItem); unknown otherwise."""
    if isinstance(shape, Unknown) or len(indices) > len(shape):
        return UNKNOWN
    result: List[Any] = []
    for dim, index in zip(shape, indices):
        if isinstance(index, int) and not isinstance(index, bool):
            continue
        if isinstance(index, slice):
            if dim is None or isinstance(dim, Unknown):
                result.append(dim if index == slice(None) else (None if dim is None else UNKNOWN))
            else:
                result.append(len(range(*index.indices(dim))))
            continue
        return UNKNOWN
    return tuple(result) + tuple(shape[len(indices):])


def _declared_input(kwargs: Dict[str, Any], config: Dict[str, Any], class_name: str) -> Optional[MaybeShape]:
    """The batch shape a Sequential builds from this layer when it comes first (Keras 2 style)."""
    batch = kwargs.get("batch_size")
    batch_dim = batch if isinstance(batch, int) and not isinstance(batch, bool) else (
        None if batch is None else UNKNOWN)
    if kwargs.get("batch_input_shape") is not None:
        return shape_from_value(kwargs["batch_input_shape"], with_batch=True)
    if kwargs.get("input_shape") is not None:
        shape = shape_from_value(kwargs["input_shape"])
        return UNKNOWN if isinstance(shape, Unknown) else (batch_dim,) + shape
    if "input_dim" in kwargs and class_name != "Embedding" and kwargs["input_dim"] is not None:
        dim = kwargs["input_dim"]
        return (batch_dim, dim if isinstance(dim, int) else UNKNOWN)
    if class_name == "Embedding" and config.get("input_length") is not None:
        length = config["input_length"]
        # Keras 2: Embedding(input_length=N) as the first layer fixes the input to (batch, N).
        return (batch_dim, length if isinstance(length, int) else UNKNOWN)
    return None


def _call_builtin(name: str, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    if any(isinstance(arg, Unknown) for arg in args) or kwargs:
        return UNKNOWN
    plain = all(isinstance(arg, (int, float, str, bool, tuple, list, range)) for arg in args)
    try:
        if name == "range" and plain and all(isinstance(a, int) for a in args):
            return range(*args)
        if name == "len" and len(args) == 1 and isinstance(args[0], (list, tuple, str, range, dict)):
            return len(args[0])
        if name in ("int", "float", "abs", "round", "bool") and len(args) >= 1 and plain:
            converters: Dict[str, Callable[..., Any]] = {"int": int, "float": float, "abs": abs,
                                                         "round": round, "bool": bool}
            converter = converters[name]
            return converter(*args)
        if name in ("tuple", "list") and len(args) == 1 and isinstance(args[0], (list, tuple, range)):
            return tuple(args[0]) if name == "tuple" else list(args[0])
        if name in ("min", "max", "sum") and plain and args:
            reducers: Dict[str, Callable[..., Any]] = {"min": min, "max": max, "sum": sum}
            reducer = reducers[name]
            values = args[0] if len(args) == 1 else args
            if all(isinstance(v, (int, float)) for v in values):
                return reducer(values)
        if name == "reversed" and len(args) == 1 and isinstance(args[0], (list, tuple, range)):
            return list(reversed(args[0]))
        if name == "enumerate" and len(args) == 1 and isinstance(args[0], (list, tuple, range)):
            return list(enumerate(args[0]))
        if name == "zip" and args and all(isinstance(a, (list, tuple, range)) for a in args):
            return list(zip(*args))
    except (TypeError, ValueError, OverflowError):
        return UNKNOWN
    return UNKNOWN


def _walk(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_child_nodes(current))


def _child_nodes(node: cst.CSTNode) -> List[cst.CSTNode]:
    """The node's children, read straight from its dataclass fields: libcst's ``children``
    property runs a visitor per call, which made walking large bodies the interpreter's hot spot.
    libcst's node classes are ABCs, whose isinstance checks then dominated: kinds are cached per type."""
    children: List[cst.CSTNode] = []
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        value_type = type(value)
        if value_type is list or value_type is tuple:
            children.extend(item for item in value if _node_kind(type(item)) == _CODE)
        elif _node_kind(value_type) == _CODE:
            children.append(value)
    return children


# Formatting nodes never contain code.
_SKIPPED = (cst.BaseParenthesizableWhitespace, cst.Comment, cst.EmptyLine, cst.TrailingWhitespace,
            cst.Newline, cst.LeftParen, cst.RightParen, cst.Comma, cst.Dot, cst.Semicolon)
_NOT_A_NODE, _CODE, _FORMATTING = 0, 1, 2
_NODE_KINDS: Dict[type, int] = {}


def _node_kind(value_type: type) -> int:
    kind = _NODE_KINDS.get(value_type)
    if kind is None:
        if not issubclass(value_type, cst.CSTNode):
            kind = _NOT_A_NODE
        else:
            kind = _FORMATTING if issubclass(value_type, _SKIPPED) else _CODE
        _NODE_KINDS[value_type] = kind
    return kind


def _target_names(node: cst.BaseExpression) -> List[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [name for element in node.elements for name in _target_names(element.value)]
    if isinstance(node, cst.StarredElement):
        return _target_names(node.value)
    return []


def _assigned_names(statement: cst.CSTNode) -> List[str]:
    names: List[str] = []
    for child in _walk(statement):
        if isinstance(child, cst.AssignTarget):
            names.extend(_target_names(child.target))
        elif isinstance(child, (cst.AnnAssign, cst.AugAssign)):
            names.extend(_target_names(child.target))
        elif isinstance(child, (cst.For, cst.CompFor)):
            names.extend(_target_names(child.target))
        elif isinstance(child, (cst.FunctionDef, cst.ClassDef)):
            names.append(child.name.value)
    return names


__all__ = ["Interpreter", "InterpreterResult", "resolve_dotted"]
