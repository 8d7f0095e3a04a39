"""The pipeline: source text -> libcst tree -> interpreted Keras objects -> model summaries."""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lstm_lint.analysis import FileAnalysis, ModelSummary
from lstm_lint.collector import no_cyclic_gc
from lstm_lint.config import MAX_FILE_SIZE, inline_assumptions
from lstm_lint.graph import build
from lstm_lint.graph.objects import ApiCall, KerasCall, Keras2PathUse, Layer, Model, TensorflowCall
from lstm_lint.graph.reasons import Reasons
from lstm_lint.graph.snapshots import reported
from lstm_lint.graph.summary import summarise
from lstm_lint.records import ParseFailure
from lstm_lint.binding.interpret import InterpreterResult, interpret
from lstm_lint.python.host import InternalError
from lstm_lint.python.project import Dependency, ModuleReader, ProjectModules
from lstm_lint.source.lines import physical_lines
from lstm_lint.source.names import may_mention_keras
from lstm_lint.source.lazy import LazySource, PartNotParsed
from lstm_lint.source.parts import PartCache, parse_module_cached, parse_module_in_parts
from lstm_lint.source.positions import AstIndex, positions_from_ast

# libcst's native parser recurses once per level of nesting and kills the whole process (a
# segmentation fault: no exception to catch) past a few thousand levels. Python's parser refuses
# deeper nesting of most constructs at about 3,000 levels, which libcst survives, but not all:
# ``a and b and c ...`` is one flat node for ``ast`` and one level per operator for libcst
# (measured: 6,000 levels parse, 7,000 crash). No real model file comes near this depth; a file
# that does is reported (LL900) instead of handed to libcst.
MAX_NESTING = 3_000
# The longest file analysed unless the caller says otherwise (the max-file-size setting): see
# config.MAX_FILE_SIZE for why there is a limit.
MAX_SOURCE_CHARS = MAX_FILE_SIZE
# Texts up to this long are parsed part by part when the evaluation needs a part (source/lazy.py),
# through the caller's parse cache if it has one; a longer one is parsed whole before (in parts of
# about parts.PART_CHARS characters, for memory), as is every text when LAZY_PARSING is off.
PARTS_CACHED_UP_TO = 100_000
LAZY_PARSING = True


@dataclass
class LimitReached(InternalError):
    """A file lstm-lint does not analyse by design (too long, too deeply nested): reported like an
    internal error (LL900), but not a bug to report."""


@dataclass
class Program:
    """Everything the engine learned from one file: what the rules read."""

    analysis: FileAnalysis
    models: List[Model] = field(default_factory=list)
    # Models built on some paths only, each reported as part of one that stands for "one of them".
    models_in_some_runs: List[Model] = field(default_factory=list)
    layers: List[Layer] = field(default_factory=list)
    # Every object of the program's own keras.Model subclasses (blocks held by others too).
    custom_models: List[Model] = field(default_factory=list)
    # Models made and not reported (a temporary subclassed model): only for emptying the graph.
    unreported_models: List[Model] = field(default_factory=list)
    keras_calls: List[KerasCall] = field(default_factory=list)
    api_calls: List[ApiCall] = field(default_factory=list)  # Input, compile, fit, optimizers, ...
    tensorflow_calls: List[TensorflowCall] = field(default_factory=list)  # TensorFlow ops on Keras tensors
    keras2_paths: List[Keras2PathUse] = field(default_factory=list)  # layers.experimental, ...
    module: Optional[cst.Module] = None
    tree: Optional[ast.Module] = None  # Python's own tree of the file, for where diagnostics end
    text: str = ""
    internal_errors: List[InternalError] = field(default_factory=list)
    # The paths of the project the analysis looked at for its imports of the project's own
    # modules (whether each was a file, the text read): the result holds while they are as they
    # were (cache.py).
    dependencies: Tuple[Dependency, ...] = ()
    aborted: bool = False  # the analysis raised: nothing above is to be trusted (see lint.analyse_guarded)
    # Fills ``analysis.models`` in, when the caller asked for the summaries to be made only if read
    # (``analyse_program(deferred_summaries=True)``): see ``summaries``.
    pending_summaries: Optional[Callable[["Program"], None]] = field(default=None, repr=False)

    def summaries(self) -> List[ModelSummary]:
        """``analysis.models``, made now if they were deferred. Linting defers them: with the
        default settings no rule reads a summary (only the budgets do), and making them was a few
        percent of a file's cost."""
        if self.pending_summaries is not None:
            make, self.pending_summaries = self.pending_summaries, None
            make(self)
        return self.analysis.models


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


def node_positions(module: cst.Module, tree: Union[ast.Module, AstIndex], text: str,
                   pairs: Optional[Dict[int, ast.stmt]] = None) -> Dict[int, Tuple[int, int]]:
    """``pairs``: filled with libcst's statements' ``ast`` statements when the trees pair up."""
    positions = positions_from_ast(module, tree, physical_lines(text), pairs)
    if positions is not None:
        return positions
    if pairs is not None:
        pairs.clear()  # paired up to where the trees disagreed: none is to be trusted
    # The trees did not pair up (an unusual construct): libcst's own, slower, provider.
    ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {id(node): (code_range.start.line, code_range.start.column) for node, code_range in ranges.items()}


def analyse_program(text: str, path: str = "<string>", given_tree: Optional[ast.Module] = None,
                    max_chars: int = MAX_SOURCE_CHARS, assumptions: Optional[Mapping[str, Any]] = None,
                    parse_cache: Optional[PartCache] = None, target_keras: int = 3, read_project: bool = True,
                    read_module: Optional[ModuleReader] = None, deferred_summaries: bool = False) -> Program:
    """``deferred_summaries``: leave ``analysis.models`` empty until ``Program.summaries()`` is
    called (a caller that reads them otherwise must not ask for this). ``read_project``: read the
    project's own modules the file imports (python/project.py), from the disk or with
    ``read_module`` (the text of a path, for an editor's open buffers); off for a text that is not
    the file at ``path`` now (``diff``'s revisions). ``given_tree``: the ``ast`` tree of ``text``
    when the caller has it already (flake8 gives plugins the one it built), so the file is not
    parsed by Python's parser twice. A text longer than ``max_chars`` characters is not analysed
    (a ``LimitReached`` internal error). ``assumptions``: values for names the code cannot
    evaluate (``--assume``; see ``config.parse_assumptions``). ``parse_cache``: libcst's parses
    of earlier texts' parts, to reuse (the language server's). ``target_keras``: the Keras the
    code is written for (``target-keras``; 2 reads it as tf.keras 2)."""
    analysis = FileAnalysis(path)
    program = Program(analysis, text=text)
    if not may_mention_keras(text):
        return program
    if len(text) > max_chars:
        program.internal_errors.append(LimitReached(
            1, f"the file has {len(text):,} characters, over the limit of {max_chars:,} "
               "(the max-file-size setting raises it)"))
        return program
    # Python's and libcst's trees hold every node of the file, and each collection walks all of them:
    # with collections every few hundred allocations a large file cost more than linear time
    # (benchmarks/bench_scale.py).
    project = None
    if read_project and path not in ("<string>", "-", "stdin") and os.path.isfile(path):
        project = ProjectModules(path) if read_module is None else ProjectModules(path, read_module)
    with no_cyclic_gc():
        _analyse_parsed(program, text, path, given_tree, assumptions, parse_cache, target_keras, project)
    if project is not None and project.probed:
        program.dependencies = project.dependencies()
    if not deferred_summaries:
        program.summaries()
    return program


def parse_imported(text: str, path: str) -> Union[cst.Module, str]:
    """An imported module's libcst tree, or why there is none: the same guards as the analysed
    file's (Python's parser first, the nesting limit). The last few trees are kept: every file of a
    project may import the same ``config.py`` (trees are never changed, and a node's position is
    never asked of an imported module's)."""
    cached = _IMPORTED_TREES.get(text)
    if cached is not None:
        return cached
    tree = parse_ast(text, path)
    if isinstance(tree, ParseFailure):
        return f"line {tree.line}: {tree.message}"
    if AstIndex(tree, MAX_NESTING).depth > MAX_NESTING:
        return f"nested more than {MAX_NESTING:,} levels deep"
    try:
        module = parse_module_in_parts(text, tree)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as error:
        return f"libcst cannot parse it: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
    if len(_IMPORTED_TREES) >= _IMPORTED_TREES_KEPT:
        del _IMPORTED_TREES[next(iter(_IMPORTED_TREES))]
    _IMPORTED_TREES[text] = module
    return module


_IMPORTED_TREES: Dict[str, Union[cst.Module, str]] = {}
_IMPORTED_TREES_KEPT = 64


def _analyse_parsed(program: Program, text: str, path: str, given_tree: Optional[ast.Module],
                    assumptions: Optional[Mapping[str, Any]], parse_cache: Optional[PartCache] = None,
                    target_keras: int = 3, project: Optional[ProjectModules] = None) -> None:
    tree = parse_ast(text, path) if given_tree is None else given_tree
    if isinstance(tree, ParseFailure):
        program.analysis.parse_failure = tree
        return
    _interpret(program, text, tree, assumptions, parse_cache, target_keras, project)


def _interpret(program: Program, text: str, tree: ast.Module, assumptions: Optional[Mapping[str, Any]],
               parse_cache: Optional[PartCache] = None, target_keras: int = 3,
               project: Optional[ProjectModules] = None) -> None:
    if LAZY_PARSING and len(text) <= PARTS_CACHED_UP_TO:
        # Each part the evaluation needs is checked against the nesting limit before libcst sees it.
        source = LazySource(text, tree, parse_cache, MAX_NESTING)
        try:
            result = interpret(cst.Module(body=[]), source.positions, assumptions, inline_assumptions(text), tree,
                               parts=source.parts, target_keras=target_keras, **_project_arguments(project))
        except PartNotParsed:
            pass  # too deep, or valid Python that libcst cannot read: the whole file below says which
        else:
            program.tree = tree
            _keep(program, result)
            return
    index = AstIndex(tree, MAX_NESTING)  # the nesting guard, and the ast half of the positions
    if index.depth > MAX_NESTING:
        program.internal_errors.append(LimitReached(
            1, f"the code is nested more than {MAX_NESTING:,} levels deep, the limit past which libcst's "
               "parser can crash"))
        return
    try:
        if parse_cache is not None and len(text) <= PARTS_CACHED_UP_TO:
            module = parse_module_cached(text, tree, parse_cache)
        else:
            module = parse_module_in_parts(text, tree)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as error:
        # Python's parser accepted the file, so it is valid Python that libcst cannot read (a
        # limit of libcst's parser): lstm-lint's failure, not the user's syntax error.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        program.internal_errors.append(InternalError(
            getattr(error, "raw_line", 1) or 1, f"libcst cannot parse this valid Python: {reason}"))
        return
    program.module = module
    program.tree = tree
    pairs: Dict[int, ast.stmt] = {}
    positions = node_positions(module, index, text, pairs)
    if project is not None:
        project.probed.clear()  # the lazy run's lookups, made again now
        project.read_texts.clear()
    result = interpret(module, positions, assumptions, inline_assumptions(text), tree, pairs,
                       target_keras=target_keras, **_project_arguments(project))
    _keep(program, result)


def _project_arguments(project: Optional[ProjectModules]) -> Dict[str, Any]:
    """``interpret``'s arguments for reading the project's modules: none without a project."""
    return {} if project is None else {"modules": project, "parse": parse_imported}


def _keep(program: Program, result: InterpreterResult) -> None:
    program.models = result.models
    program.models_in_some_runs = result.models_in_some_runs
    program.unreported_models = result.unreported_models
    program.layers = result.layers
    program.custom_models = result.custom_models
    program.keras_calls = result.keras_calls
    program.api_calls = result.api_calls
    program.tensorflow_calls = result.tensorflow_calls
    program.keras2_paths = result.keras2_paths
    program.internal_errors = result.internal_errors
    for model in result.models:
        if model.kind == "Sequential":
            # Records the built Sequential's inputs and outputs, which rules read (a Sequential
            # used inside another model): done whether or not its summary is ever made.
            build.sequential_finish(model)
    program.analysis.assumptions_matched = set(result.assumptions_matched)
    program.analysis.assumed = dict(sorted(result.assumed.items()))
    # Holds the result, not the program: a program holding a function that holds it would be a
    # reference cycle, left for the cycle collector.
    program.pending_summaries = partial(_summarise_models, result)


def _summarise_models(result: InterpreterResult, program: Program) -> None:
    reasons = Reasons()  # shared: the models of a file share layers, and so their causes
    program.analysis.models = [summarise(model, reasons) for model in result.models]
    for position, tables in reported(result.summary_calls, result.models, program.analysis.models).items():
        program.analysis.models[position].snapshots = tables
    if result.assumed:
        # Which numbers an assumed value reached is not tracked: every model of the file is marked,
        # so that none is mistaken for proven.
        for summary in program.analysis.summaries():
            summary.assumed = dict(sorted(result.assumed.items()))


def analyse_source(text: str, path: str = "<string>") -> FileAnalysis:
    """Models, layers, shapes and parameter counts of one Python source text. Never runs it."""
    return analyse_program(text, path).analysis
