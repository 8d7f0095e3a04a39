"""A file's top-level statements, each part parsed with libcst only when the evaluation needs it.

libcst's parse is most of what is left of a file's cost once the code that cannot touch a model is
skipped (python/relevance.py): a skipped ``__main__`` block, or a data helper that is never called
but from skipped code, need not be parsed at all. The file is cut into parts as
``parts.parse_module_in_parts`` cuts it (whole top-level statements at column 0 with only empty
lines between), and each part is parsed, and its statements and calls given their positions from
Python's own tree (``positions.positions_from_ast``), the first time it is asked for.
"""
from __future__ import annotations

import ast
import sys
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lstm_lint.source.cst_parse import parse_module
from lstm_lint.source.lines import physical_lines
from lstm_lint.source.parts import PartCache, _cut_lines
from lstm_lint.source.positions import AstIndex, Position, positions_from_ast


class PartNotParsed(Exception):
    """libcst could not parse a part of a file Python's parser accepted."""


class FileParsing:
    """What every part of one file parses with, and the positions their parses add up to. Parts
    hold this, not their ``LazySource``: a part pointing back at the source that lists it would
    make each file's trees a reference cycle, left for the cycle collector to walk."""

    __slots__ = ("cache", "depth_limit", "lines", "positions")

    def __init__(self, cache: Optional[PartCache], depth_limit: int, lines: List[str]) -> None:
        self.cache = cache
        self.depth_limit = depth_limit
        self.lines = lines
        self.positions: Dict[int, Position] = {}


class LazyPart:
    """Whole top-level statements of a file (``statements``, Python's tree of them), parsed with
    libcst when first asked for."""

    def __init__(self, text: str, first_line: int, statements: List[ast.stmt], parsing: FileParsing) -> None:
        self.text = text
        self.first_line = first_line  # 1-based line of the file where the part's text starts
        self.statements = statements
        self.parsing = parsing
        self.parsed: Optional[List[cst.BaseStatement]] = None

    def parse(self, following: Sequence["LazyPart"] = ()) -> Tuple[List[cst.BaseStatement], Dict[int, ast.stmt]]:
        """The part's libcst statements, and ``id(statement) -> ast statement`` for every statement
        in it (nested ones included); their positions are added to the file's. ``following``: the
        parts right after this one, to parse with it in one go (each libcst parse has a cost of its
        own, which many small parts add up): their statements come with this part's, and they are
        then parsed, with none of their own. Raises PartNotParsed, also for statements nested
        deeper than the file's ``depth_limit`` (which libcst is never given)."""
        if self.parsed is not None:
            return self.parsed, {}
        parts = [self, *following]
        text = "".join(part.text for part in parts)
        pairs: Dict[int, ast.stmt] = {}
        statements = [statement for part in parts for statement in part.statements]
        # Only what libcst parses is walked (most of a file usually is not), and checked first.
        index = AstIndex(ast.Module(body=statements, type_ignores=[]), self.parsing.depth_limit)
        if index.depth > self.parsing.depth_limit:
            raise PartNotParsed(f"nested more than {self.parsing.depth_limit:,} levels deep")
        try:
            module = self.parsing.cache.parse(text) if self.parsing.cache is not None else parse_module(text)
        except (cst.ParserSyntaxError, RecursionError, ValueError) as error:
            raise PartNotParsed(str(error)) from error
        positions = positions_from_ast(module, index, self.parsing.lines, pairs)
        if positions is None:
            pairs.clear()
            ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
            offset = self.first_line - 1
            positions = {id(node): (code_range.start.line + offset, code_range.start.column)
                         for node, code_range in ranges.items()}
        self.parsing.positions.update(positions)
        self.parsed = list(module.body)
        for part in following:
            part.parsed = []
        return self.parsed, pairs


class LazySource:
    """The parts of one file, in order; ``positions`` grows as parts are parsed (the evaluator and
    the host read it)."""

    def __init__(self, text: str, tree: ast.Module, cache: Optional[PartCache] = None,
                 depth_limit: int = sys.maxsize) -> None:
        """``depth_limit``: how deep a part may be nested to be handed to libcst (see
        engine.MAX_NESTING)."""
        self.cache = cache
        self.depth_limit = depth_limit
        parsing = FileParsing(cache, depth_limit, physical_lines(text))
        self.positions = parsing.positions
        self.lines = parsing.lines
        with_ends = physical_lines(text, keepends=True)
        bounds = [0] + _cut_lines(tree, with_ends, 1) + [len(with_ends)]
        statements = list(tree.body)
        self.parts: List[LazyPart] = []
        taken = 0
        for start, end in zip(bounds, bounds[1:]):
            inside: List[ast.stmt] = []
            while taken < len(statements) and _first_line(statements[taken]) <= end:
                inside.append(statements[taken])
                taken += 1
            self.parts.append(LazyPart("".join(with_ends[start:end]), start + 1, inside, parsing))

    def parsed_statements(self) -> Sequence[cst.BaseStatement]:
        return [statement for part in self.parts if part.parsed is not None for statement in part.parsed]


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", None)
    return (decorators[0] if decorators else statement).lineno


__all__ = ["LazyPart", "LazySource", "PartNotParsed"]
