"""The pipeline: source text -> libcst tree -> interpreted Keras objects -> model summaries."""
from __future__ import annotations

import ast
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lstm_lint.analysis import FileAnalysis, ParseFailure
from lstm_lint.graph.objects import KerasCall, Layer, Model
from lstm_lint.graph.summary import summarise
from lstm_lint.source.interpreter import InternalError, Interpreter
from lstm_lint.source.names import may_mention_keras
from lstm_lint.source.positions import positions_from_ast


@dataclass
class Program:
    """Everything the engine learned from one file: what the rules read."""

    analysis: FileAnalysis
    models: List[Model] = field(default_factory=list)
    layers: List[Layer] = field(default_factory=list)
    keras_calls: List[KerasCall] = field(default_factory=list)
    module: Optional[cst.Module] = None
    text: str = ""
    internal_errors: List[InternalError] = field(default_factory=list)


def parse_ast(text: str, path: str) -> Union[ast.Module, ParseFailure]:
    """Python's own parser first: it rejects inputs (deep nesting, ...) that would crash libcst's
    native parser with no exception to catch, it gives the message users know, and its tree
    carries the line numbers we report (see source/positions.py)."""
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as error:
        return ParseFailure(error.msg or "invalid syntax", error.lineno or 1, (error.offset or 1) - 1)
    except (ValueError, MemoryError, RecursionError) as error:
        return ParseFailure(str(error) or type(error).__name__, 1, 0)


def node_positions(module: cst.Module, tree: ast.Module, text: str) -> Dict[int, Tuple[int, int]]:
    positions = positions_from_ast(module, tree, text.splitlines())
    if positions is not None:
        return positions
    # The trees did not pair up (an unusual construct): libcst's own, slower, provider.
    ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {id(node): (code_range.start.line, code_range.start.column) for node, code_range in ranges.items()}


def analyse_program(text: str, path: str = "<string>", given_tree: Optional[ast.Module] = None) -> Program:
    """``given_tree``: the ``ast`` tree of ``text`` when the caller has it already (flake8 gives plugins
    the one it built), so the file is not parsed by Python's parser twice."""
    analysis = FileAnalysis(path)
    program = Program(analysis, text=text)
    if not may_mention_keras(text):
        return program
    tree = parse_ast(text, path) if given_tree is None else given_tree
    if isinstance(tree, ParseFailure):
        analysis.parse_failure = tree
        return program
    with no_cyclic_gc():
        _interpret(program, text, tree)
    return program


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused while one file is parsed and interpreted (and resumed as it
    was, also on error). The libcst tree holds every node of the file; each collection walks all of
    them, and with collections every few hundred allocations a large file cost more than linear
    time (``benchmarks/bench_scale.py``). Reference counting still frees everything acyclic, and the
    cycles the interpreter makes are collected once the collector runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _interpret(program: Program, text: str, tree: ast.Module) -> None:
    analysis = program.analysis
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as error:
        analysis.parse_failure = ParseFailure(str(error).splitlines()[0] if str(error) else "invalid syntax",
                                              getattr(error, "raw_line", 1) or 1)
        return
    program.module = module
    result = Interpreter(module, node_positions(module, tree, text)).run()
    program.models = result.models
    program.layers = result.layers
    program.keras_calls = result.keras_calls
    program.internal_errors = result.internal_errors
    analysis.models = [summarise(model) for model in result.models]


def analyse_source(text: str, path: str = "<string>") -> FileAnalysis:
    """Models, layers, shapes and parameter counts of one Python source text. Never runs it."""
    return analyse_program(text, path).analysis
