"""Line and column of the libcst nodes the engine reports (statements and calls), taken from the
``ast`` tree Python's parser already built.

Why not libcst's PositionProvider: it re-generates the whole file's code while recording every
node's span, which measured several times the cost of the parse itself (12 s on a 12,000-line
file, where parsing took 1 s). We only need the start of statements and calls, and ``ast`` has
them for free: both trees hold the same statements and calls, so listing each in source order
pairs them up. Every pair is checked (same kind of node, same callee spelling); on any mismatch
the caller falls back to PositionProvider, so a wrong line is never reported.
"""
from __future__ import annotations

import ast
import dataclasses
import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import libcst as cst

from lstm_lint.source.lines import character_column

Position = Tuple[int, int]  # 1-based line, 0-based column in characters

# libcst fields that are not in source order for these nodes (decorators come first, ...).
_FIELD_ORDER: Dict[type, Tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.MatchCase: ("pattern", "guard", "body"),
    cst.Arg: ("keyword", "value"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
}
if hasattr(cst, "ExceptStarHandler"):
    _FIELD_ORDER[cst.ExceptStarHandler] = ("type", "name", "body")

_STATEMENTS = (cst.BaseSmallStatement, cst.BaseCompoundStatement)
# Fields that hold only formatting (whitespace, brackets, commas, operators' spacing).
_FORMATTING_PREFIXES = ("whitespace", "lpar", "rpar", "leading_lines", "lines_after_decorators",
                        "header", "footer", "comma", "semicolon", "equal", "colon", "dot", "lbracket",
                        "rbracket", "lbrace", "rbrace", "star", "first_line", "newline",
                        "empty_lines", "trailing_whitespace", "indent")
_FIELDS_BY_TYPE: Dict[type, Tuple[str, ...]] = {}
_IS_NODE_TYPE: Dict[type, bool] = {}


def _code_fields(node_type: type) -> Tuple[str, ...]:
    fields = _FIELDS_BY_TYPE.get(node_type)
    if fields is None:
        fields = _FIELD_ORDER.get(node_type) or tuple(
            f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_FORMATTING_PREFIXES))
        _FIELDS_BY_TYPE[node_type] = fields
    return fields


# Nodes that hold no statement or call (names, literals): not walked into. They were a third of
# the nodes the walk below took off its stack.
_CST_LEAVES = (cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)
_HOLDS_CODE: Dict[type, bool] = {}


def _holds_code(value_type: type) -> bool:
    """Whether a value of this type is a node that may hold a statement or a call."""
    holds = _HOLDS_CODE.get(value_type)
    if holds is None:
        holds = _HOLDS_CODE[value_type] = _is_node_type(value_type) and not issubclass(value_type, _CST_LEAVES)
    return holds


def _is_node_type(value_type: type) -> bool:
    # libcst's node classes are ABCs, whose isinstance checks dominated this walk: cache per type.
    known = _IS_NODE_TYPE.get(value_type)
    if known is None:
        known = _IS_NODE_TYPE[value_type] = issubclass(value_type, cst.CSTNode)
    return known


def _cst_in_source_order(module: cst.Module
                         ) -> Tuple[List[cst.CSTNode], List[cst.Call], List[cst.SimpleStatementLine]]:
    statements: List[cst.CSTNode] = []
    calls: List[cst.Call] = []
    lines: List[cst.SimpleStatementLine] = []
    stack: List[cst.CSTNode] = [module]
    pop, push = stack.pop, stack.append
    # Children read straight from each type's code fields, pushed last to first so they are popped
    # in source order (a generator per node, reversed into a list, was most of this walk).
    fields_of, is_node, is_statement = _REVERSED_FIELDS, _HOLDS_CODE, _IS_STATEMENT_TYPE
    while stack:
        node = pop()
        node_type = type(node)
        if node_type is cst.Call:
            calls.append(node)  # type: ignore[arg-type]
        elif node_type is cst.SimpleStatementLine:
            lines.append(node)  # type: ignore[arg-type]
        else:
            known = is_statement.get(node_type)
            if known or (known is None and _is_statement_type(node_type)):
                statements.append(node)
        fields = fields_of.get(node_type)
        if fields is None:
            fields = _REVERSED_FIELDS[node_type] = tuple(reversed(_code_fields(node_type)))
        for name in fields:
            value = getattr(node, name, None)
            value_type = type(value)
            if value_type is list or value_type is tuple:
                for item in reversed(value):  # type: ignore[arg-type]
                    known = is_node.get(type(item))
                    if known or (known is None and _holds_code(type(item))):
                        push(item)
            else:
                known = is_node.get(value_type)
                if known or (known is None and _holds_code(value_type)):
                    push(value)  # type: ignore[arg-type]
    return statements, calls, lines


# Each type's code fields, last first: the order the walk above pushes them in.
_REVERSED_FIELDS: Dict[type, Tuple[str, ...]] = {}
_IS_STATEMENT_TYPE: Dict[type, bool] = {}


def _is_statement_type(node_type: type) -> bool:
    known = _IS_STATEMENT_TYPE.get(node_type)
    if known is None:
        known = issubclass(node_type, _STATEMENTS)
        _IS_STATEMENT_TYPE[node_type] = known
    return known


def _ast_key(node: Union[ast.stmt, ast.expr]) -> Tuple[int, int, int, int]:
    # Outer before inner at the same start: f(x)(y) starts where f(x) does.
    return (node.lineno, node.col_offset, -(node.end_lineno or 0), -(node.end_col_offset or 0))


def _callee(node: Union[cst.BaseExpression, ast.expr]) -> str:
    """The spelling of a callee (``keras.layers.LSTM``), or its node kind for anything else."""
    # Exact types: libcst's node classes are ABCs, whose isinstance checks were most of this.
    kind = type(node)
    if kind is cst.Name:
        return node.value  # type: ignore[union-attr,no-any-return]
    if kind is ast.Name:
        return node.id  # type: ignore[union-attr,no-any-return]
    if kind is cst.Attribute:
        return _callee(node.value) + "." + node.attr.value  # type: ignore[union-attr,no-any-return]
    if kind is ast.Attribute:
        return _callee(node.value) + "." + node.attr  # type: ignore[union-attr,no-any-return]
    return "call" if kind is cst.Call or kind is ast.Call else "expr"


# The ast statement class(es) each libcst statement class pairs with; others are not checked.
_AST_STATEMENT_OF: Dict[type, Any] = {
    cst.Assign: ast.Assign, cst.AnnAssign: ast.AnnAssign, cst.AugAssign: ast.AugAssign,
    cst.Expr: ast.Expr, cst.Return: ast.Return, cst.If: ast.If, cst.For: (ast.For, ast.AsyncFor),
    cst.While: ast.While, cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: ast.ClassDef, cst.Import: ast.Import, cst.ImportFrom: ast.ImportFrom,
}


def _statement_kind_matches(cst_node: cst.CSTNode, ast_node: ast.stmt) -> bool:
    expected = _AST_STATEMENT_OF.get(type(cst_node))
    return expected is None or isinstance(ast_node, expected)


_AST_FIELDS: Dict[type, Tuple[str, ...]] = {}
# Nodes that hold no statement or call, not pushed on the walk's stack (more than half of its
# nodes): how many levels they reach below themselves, for the depth. A name holds its context
# (``Load``), a leaf of its own; contexts, operators and constants hold nothing.
_AST_LEAVES: Dict[type, int] = {ast.Name: 1, ast.Constant: 0, **{
    leaf: 0 for family in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
    for leaf in family.__subclasses__()}}
_IS_AST_STATEMENT: Dict[type, bool] = {}


class AstIndex:
    """What one walk of an ``ast`` tree gives: how deep libcst's tree of the code would be (the
    engine's guard against libcst's native parser crashing, see engine.MAX_NESTING) and the
    statements and calls to pair with libcst's. One walk serves both: a second one cost about as
    much as the pairing itself. The engine walks only what libcst parses: the parts of a file the
    evaluation needs (source/lazy.py), or the whole file when it is parsed whole."""

    __slots__ = ("depth", "statements", "calls")

    def __init__(self, tree: ast.AST, depth_limit: int) -> None:
        """``depth_limit``: the walk stops once deeper than this (``depth`` is then past it and the
        node lists are incomplete: the code is not to be parsed)."""
        self.statements: List[ast.stmt] = []
        self.calls: List[ast.Call] = []
        if type(tree) is not ast.Module:
            self.depth = self._walk(tree, 1, depth_limit)
            return
        self.depth = 1
        for statement in reversed(tree.body):  # the order a walk of the module takes
            self.depth = max(self.depth, self._walk(statement, 2, depth_limit))
            if self.depth > depth_limit:
                return

    def _walk(self, root: ast.AST, root_depth: int, depth_limit: int) -> int:
        """Adds the statements and calls under ``root`` (itself included); the depth reached."""
        statements, calls = self.statements, self.calls
        deepest = 0
        stack: List[Tuple[ast.AST, int]] = [(root, root_depth)]
        pop, push = stack.pop, stack.append
        # Children read straight from each node type's fields (ast.iter_child_nodes, a generator
        # over ast.iter_fields, made this walk twice as slow).
        fields_of, is_statement, leaves = _AST_FIELDS, _IS_AST_STATEMENT, _AST_LEAVES
        while stack:
            node, depth = pop()
            if depth > deepest:
                deepest = depth
            if deepest > depth_limit:  # reached by this node, or by a leaf below the last one
                break
            node_type = type(node)
            if node_type is ast.Call:
                calls.append(node)  # type: ignore[arg-type]
            else:
                known = is_statement.get(node_type)
                if known is None:
                    known = is_statement[node_type] = issubclass(node_type, ast.stmt)
                if known:
                    statements.append(node)  # type: ignore[arg-type]
            fields = fields_of.get(node_type)
            if fields is None:
                fields = fields_of[node_type] = node_type._fields
            # A chain of ``and``/``or`` is one node for ``ast`` and one level per operator for libcst.
            step = len(node.values) - 1 if node_type is ast.BoolOp and len(node.values) > 2 else 1  # type: ignore
            child_depth = depth + step
            for name in fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        below = leaves.get(type(item))
                        if below is None:
                            if isinstance(item, ast.AST):
                                push((item, child_depth))
                        elif child_depth + below > deepest:
                            deepest = child_depth + below
                else:
                    below = leaves.get(type(value))
                    if below is None:
                        if isinstance(value, ast.AST):
                            push((value, child_depth))
                    elif child_depth + below > deepest:
                        deepest = child_depth + below
        return deepest


def positions_from_ast(module: cst.Module, tree: Union[ast.Module, AstIndex], lines: List[str],
                       pairs: Optional[Dict[int, ast.stmt]] = None) -> Optional[Dict[int, Position]]:
    """``id(node) -> (line, column)`` for every statement and call; None if the trees disagree.
    ``tree``: the file's ``ast`` tree, or the index of it the engine has already made. ``pairs``,
    when given, is filled with ``id(statement) -> its ast statement`` for libcst's statements (a
    line of one simple statement included)."""
    cst_statements, cst_calls, cst_lines = _cst_in_source_order(module)
    index = tree if isinstance(tree, AstIndex) else AstIndex(tree, sys.maxsize)
    # Sorted copies: the index's lists stay as they were.
    ast_statements = list(index.statements)
    ast_calls = list(index.calls)
    # Source order of where each node's own code starts (both trees start a decorated definition
    # at its ``def``, but its decorators come first in the file).
    ast_statements.sort(key=lambda n: _ast_key(_first_decorator(n) or n))
    ast_calls.sort(key=_ast_key)
    if len(cst_statements) != len(ast_statements) or len(cst_calls) != len(ast_calls):
        return None
    positions: Dict[int, Position] = {}
    for cst_call, ast_call in zip(cst_calls, ast_calls):
        if _callee(cst_call.func) != _callee(ast_call.func):
            return None
        positions[id(cst_call)] = (ast_call.lineno, character_column(lines, ast_call.lineno, ast_call.col_offset))
    for cst_statement, ast_statement in zip(cst_statements, ast_statements):
        if not _statement_kind_matches(cst_statement, ast_statement):
            return None
        positions[id(cst_statement)] = (ast_statement.lineno,
                                        character_column(lines, ast_statement.lineno, ast_statement.col_offset))
        if pairs is not None:
            pairs[id(cst_statement)] = ast_statement
    for line in cst_lines:
        if line.body:
            positions[id(line)] = positions[id(line.body[0])]
            if pairs is not None and len(line.body) == 1:
                pairs[id(line)] = pairs[id(line.body[0])]
    return positions


def _first_decorator(node: ast.stmt) -> Optional[ast.expr]:
    decorators = getattr(node, "decorator_list", None)
    return decorators[0] if decorators else None


def code_ends(tree: ast.Module, lines: Sequence[str], longest: bool = False) -> Dict[Position, Position]:
    """Where the code that starts at each position ends (line, 0-based column just past it), for
    the calls and simple statements a diagnostic points at. Several nodes can start at one place
    (``LSTM(4)(x)`` and the ``LSTM(4)`` in it): the shortest is kept, as a layer's diagnostic points
    at its constructor call, or with ``longest`` the longest (an editor's hint goes after the whole
    call of the layer). Compound statements (``if``, ``def``, ...) are left out: their span is a
    whole block, never what a diagnostic means."""
    ends: Dict[Position, Position] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) and not (isinstance(node, ast.stmt) and not hasattr(node, "body")):
            continue
        if node.end_lineno is None or node.end_col_offset is None:
            continue
        start = (node.lineno, character_column(lines, node.lineno, node.col_offset))
        end = (node.end_lineno, character_column(lines, node.end_lineno, node.end_col_offset))
        known = ends.get(start)
        if known is None or (end > known if longest else end < known):
            ends[start] = end
    return ends
