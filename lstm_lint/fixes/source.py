"""Where fixes find what to edit: the calls of the file, read with libcst, edited by position.

Only the call a diagnostic points at is re-read with libcst, from its own text (which ``ast``
locates): libcst's PositionProvider re-generates the code of whatever it is given, which on a whole
file costs several times the parse (see source/positions.py), and a fix needs the spans of one
call's arguments only. Edits are made on the original text between those positions, so everything
around them (formatting, comments) stays as written.

Loaded only when fixes are asked for (``lint_file(..., fixes=True)``): the flake8 plugin never is.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from lstm_lint.fixes import Edit, line_spans

if TYPE_CHECKING:
    from lstm_lint.engine import Program
    from lstm_lint.graph.objects import Layer

Position = Tuple[int, int]  # 1-based line, 0-based column in code points


class SourceIndex:
    """The calls of one file by where they start, and their parents in Python's tree."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.lines = line_spans(text)
        self._line_bytes: Dict[int, bytes] = {}
        self.calls: Dict[Position, ast.Call] = {}
        self.parents: Dict[int, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
            if isinstance(node, ast.Call):
                start = self.position(node.lineno, node.col_offset)
                known = self.calls.get(start)
                # ``LSTM(4)(x)`` and the ``LSTM(4)`` in it start at one place: a layer's
                # diagnostic points at its constructor, the shorter of the two.
                if known is None or _end(node) < _end(known):
                    self.calls[start] = node

    def line_text(self, line: int) -> str:
        start, end = self.lines[line - 1]
        return self.text[start:end]

    def position(self, line: int, byte_offset: int) -> Position:
        """``ast``'s columns count UTF-8 bytes; ours count code points."""
        encoded = self._line_bytes.get(line)
        if encoded is None:
            encoded = self._line_bytes[line] = self.line_text(line).encode("utf-8")
        return line, len(encoded[:byte_offset].decode("utf-8", errors="replace"))

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return self.parents.get(id(node))

    def call_at(self, line: int, column: int) -> Optional["CallSite"]:
        node = self.calls.get((line, column))
        if node is None or node.end_lineno is None or node.end_col_offset is None:
            return None
        return CallSite.read(self, node)

    def source_of(self, node: ast.expr) -> Optional[str]:
        if node.end_lineno is None or node.end_col_offset is None:
            return None
        return self.between(self.position(node.lineno, node.col_offset),
                            self.position(node.end_lineno, node.end_col_offset))

    def between(self, start: Position, end: Position) -> str:
        begin = self.lines[start[0] - 1][0] + start[1]
        finish = self.lines[end[0] - 1][0] + end[1]
        return self.text[begin:finish]


def _end(node: ast.expr) -> Tuple[int, int]:
    return node.end_lineno or 0, node.end_col_offset or 0


@dataclass
class CallSite:
    """One call of the file: its libcst node (parsed from the call's own text) and the spans of its
    parts in the file."""

    index: SourceIndex
    node: ast.Call
    call: cst.Call
    start: Position
    end: Position
    ranges: Dict[int, CodeRange]  # id() of a node of ``call`` -> its span in the call's own text

    @classmethod
    def read(cls, index: SourceIndex, node: ast.Call) -> Optional["CallSite"]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = index.position(node.lineno, node.col_offset)
        end = index.position(node.end_lineno, node.end_col_offset)
        snippet = index.between(start, end)
        try:
            wrapper = MetadataWrapper(cst.parse_module(snippet + "\n"), unsafe_skip_copy=True)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            return None  # such as a callee in brackets ast leaves out of the call: no fix here
        body = wrapper.module.body
        statement = body[0] if len(body) == 1 else None
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        expression = statement.body[0]
        if not isinstance(expression, cst.Expr) or not isinstance(expression.value, cst.Call):
            return None
        positions = wrapper.resolve(PositionProvider)
        ranges = {id(item): code_range for item, code_range in positions.items()}
        return cls(index, node, expression.value, start, end, ranges)

    # ---- positions ----

    def _in_file(self, line: int, column: int) -> Position:
        # The snippet's first line starts where the call does; its other lines are whole lines.
        return (self.start[0] + line - 1, self.start[1] + column if line == 1 else column)

    def span(self, item: cst.CSTNode) -> Tuple[Position, Position]:
        code_range = self.ranges[id(item)]
        return (self._in_file(code_range.start.line, code_range.start.column),
                self._in_file(code_range.end.line, code_range.end.column))

    # ---- arguments ----

    @property
    def args(self) -> Sequence[cst.Arg]:
        return self.call.args

    def has_star_arguments(self) -> bool:
        return any(arg.star for arg in self.args)

    def keyword(self, name: str) -> Optional[cst.Arg]:
        found = [arg for arg in self.args if arg.keyword is not None and arg.keyword.value == name]
        return found[0] if len(found) == 1 else None

    def keyword_names(self) -> List[str]:
        return [arg.keyword.value for arg in self.args if arg.keyword is not None]

    def rename_keyword(self, arg: cst.Arg, new_name: str) -> Edit:
        assert arg.keyword is not None
        return edit(self.span(arg.keyword), new_name)

    def value_span(self, arg: cst.Arg) -> Optional[Tuple[Position, Position]]:
        """Where the argument's value is, brackets included (libcst's positions of a tuple leave
        its brackets out): from Python's tree, whose arguments pair with libcst's in order."""
        node = self._ast_argument(arg)
        if node is None or node.end_lineno is None or node.end_col_offset is None:
            return None
        return (self.index.position(node.lineno, node.col_offset),
                self.index.position(node.end_lineno, node.end_col_offset))

    def _ast_argument(self, arg: cst.Arg) -> Optional[ast.expr]:
        if arg.star:
            return None
        if arg.keyword is not None:
            found = [item.value for item in self.node.keywords if item.arg == arg.keyword.value]
            return found[0] if len(found) == 1 else None
        positional = [item for item in self.args if item.keyword is None]
        at = [id(item) for item in positional].index(id(arg))
        return self.node.args[at] if at < len(self.node.args) else None

    def value_text(self, arg: cst.Arg) -> Optional[str]:
        span = self.value_span(arg)
        return self.index.between(*span) if span is not None else None

    def replace_value(self, arg: cst.Arg, new_code: str) -> Optional[Edit]:
        span = self.value_span(arg)
        return edit(span, new_code) if span is not None else None

    def remove_argument(self, arg: cst.Arg) -> Edit:
        """Delete the argument and one comma, keeping every comment outside the argument itself."""
        args = list(self.args)
        at = [id(item) for item in args].index(id(arg))
        start, end = self.span(arg)
        if at + 1 < len(args):
            # ``f(a, <arg>, b)``: up to the next argument, unless a comment lies between them
            # (``<arg>,  # why``): then up to the comma only.
            following, _ = self.span(args[at + 1])
            comma_end = self._comma_end(arg)
            gap = self.index.between(comma_end, following) if comma_end is not None else ""
            if "#" not in gap or comma_end is None:
                return edit((start, following), "")
            # The comment takes the argument's place: the spaces before it go too.
            spaces = len(gap) - len(gap.lstrip(" \t"))
            return edit((start, (comma_end[0], comma_end[1] + spaces) if gap.lstrip(" \t")[:1] == "#"
                         else comma_end), "")
        if at > 0:
            # ``f(a, <arg>)``: from the end of the previous argument, unless a comment lies between.
            _, previous_end = self.span(args[at - 1])
            gap = self.index.between(previous_end, start)
            if "#" not in gap:
                return edit((previous_end, end), "")
        comma_end = self._comma_end(arg)
        return edit((start, comma_end if comma_end is not None else end), "")

    def _comma_end(self, arg: cst.Arg) -> Optional[Position]:
        comma = arg.comma
        if not isinstance(comma, cst.Comma) or id(comma) not in self.ranges:
            return None
        return self.span(comma)[1]

    def add_argument(self, code: str) -> Optional[Edit]:
        """Append ``code`` (``use_bias=False``) as the last argument."""
        if not self.args:
            rpar = self.end[0], self.end[1] - 1
            return Edit(rpar[0], rpar[1], rpar[0], rpar[1], code)
        last = self.args[-1]
        if last.star == "**":
            return None  # keywords after **kwargs are legal, but the mapping may hold the same key
        _, end = self.span(last)
        return edit((end, end), f", {code}")


def edit(span: Tuple[Position, Position], replacement: str) -> Edit:
    (line, column), (end_line, end_column) = span
    return Edit(line, column, end_line, end_column, replacement)


def attribute_chain(node: ast.expr) -> Optional[str]:
    """``keras.layers.Dense`` for that expression, None for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def keras_input_spelling(tree: ast.Module) -> Optional[str]:
    """How this file can write ``keras.Input`` with the imports it already has (module level):
    ``keras.Input`` after ``import keras`` or ``from tensorflow import keras``, ``tf.keras.Input``
    after ``import tensorflow as tf``, ``Input`` after ``from keras import Input``; None when no
    import gives it (a fix adds no import: where it would go is the author's choice)."""
    found: List[str] = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                bound = alias.asname or alias.name.split(".")[0]
                if alias.name == "keras":
                    found.append(f"{bound}.Input")
                elif alias.name == "tensorflow":
                    found.append(f"{bound}.keras.Input")
                elif alias.name == "tensorflow.keras" and alias.asname:
                    found.append(f"{alias.asname}.Input")
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0:
            for alias in statement.names:
                bound = alias.asname or alias.name
                if statement.module in ("keras", "tensorflow.keras", "keras.layers", "tensorflow.keras.layers") \
                        and alias.name == "Input":
                    found.append(bound)
                elif statement.module == "tensorflow" and alias.name == "keras":
                    found.append(f"{bound}.Input")
    # Names rebound later in the module would make any of them wrong: take one only when the file
    # binds its first name nowhere else.
    for spelling in found:
        root = spelling.split(".")[0]
        if _bound_once(tree, root):
            return spelling
    return None


def _bound_once(tree: ast.Module, name: str) -> bool:
    bindings = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            return False
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return False
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bindings += sum(1 for alias in node.names
                            if (alias.asname or alias.name.split(".")[0]) == name)
        if isinstance(node, ast.arg) and node.arg == name:
            return False
    return bindings == 1


class FixContext:
    """What a rule's ``fix`` reads: the program the rules ran on, and its calls by position."""

    def __init__(self, program: "Program") -> None:
        self.program = program
        self._index: Optional[SourceIndex] = None

    @property
    def index(self) -> Optional[SourceIndex]:
        if self._index is None and self.program.tree is not None:
            self._index = SourceIndex(self.program.text, self.program.tree)
        return self._index

    def call_at(self, line: int, column: int) -> Optional[CallSite]:
        index = self.index
        return index.call_at(line, column) if index is not None else None

    def layers_at(self, line: int, column: int) -> List["Layer"]:
        """Every layer the program made at that call (a call in a loop or a function makes several)."""
        return [layer for layer in self.program.layers if (layer.line, layer.column) == (line, column)]
