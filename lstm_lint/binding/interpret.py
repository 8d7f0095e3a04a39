"""Evaluate a module with the Keras host: the layers, models and Keras calls the file builds."""
from __future__ import annotations

from dataclasses import dataclass, field
import ast
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple, TypeVar

import libcst as cst

from lstm_lint.binding.keras_host import KerasHost
from lstm_lint.graph.applications import ApplicationModel
from lstm_lint.graph.build import sequential_finish
from lstm_lint.graph.custom import CustomModel
from lstm_lint.graph.objects import ApiCall, KerasCall, Keras2PathUse, Layer, Model, TensorflowCall
from lstm_lint.graph.snapshots import SummaryCall
from lstm_lint.python.evaluator import Evaluator
from lstm_lint.python.host import InternalError
from lstm_lint.python.imports import Parser
from lstm_lint.python.objects import Instance
from lstm_lint.python.project import ProjectModules
from lstm_lint.python.relevance import analyse as analyse_relevance
from lstm_lint.source.lazy import LazyPart


@dataclass
class InterpreterResult:
    models: List[Model]
    layers: List[Layer] = field(default_factory=list)  # every layer constructed, in order
    keras_calls: List[KerasCall] = field(default_factory=list)
    internal_errors: List[InternalError] = field(default_factory=list)
    models_in_some_runs: List[Model] = field(default_factory=list)
    api_calls: List[ApiCall] = field(default_factory=list)  # calls of Keras callables that are not layers
    # The assumptions the evaluation used (NAME -> value), and every assumed name it met.
    assumed: Dict[str, Any] = field(default_factory=dict)
    assumptions_matched: Set[str] = field(default_factory=set)
    summary_calls: List[SummaryCall] = field(default_factory=list)  # model.summary() calls, in order
    tensorflow_calls: List[TensorflowCall] = field(default_factory=list)  # TensorFlow ops on Keras tensors
    steps: int = 0  # statements and calls evaluated
    keras2_paths: List[Keras2PathUse] = field(default_factory=list)  # reads of modules Keras 3 lacks
    # The models the host made that no record reports (a temporary subclassed model): emptied with
    # the rest once the rules have run (graph.objects.release_graph), never read.
    unreported_models: List[Model] = field(default_factory=list)
    # Every object of the program's own keras.Model subclasses, in order (blocks held by others too).
    custom_models: List[Model] = field(default_factory=list)


def interpret(module: cst.Module, positions: Dict[int, Tuple[int, int]],
              assumptions: Optional[Mapping[str, Any]] = None,
              inline_assumptions: Optional[Mapping[int, Any]] = None, tree: Optional[ast.Module] = None,
              statement_pairs: Optional[Mapping[int, ast.stmt]] = None,
              parts: Optional[Sequence[LazyPart]] = None, target_keras: int = 3,
              modules: Optional[ProjectModules] = None, parse: Optional[Parser] = None) -> InterpreterResult:
    """``tree`` and ``statement_pairs`` (id of each libcst statement -> its ``ast`` statement), when
    given, let the evaluation skip what cannot matter to the models (python/relevance.py). With
    ``parts`` (the file's parts, parsed when needed: source/lazy.py; ``tree`` is then needed),
    ``module`` is not read and ``positions`` grows as parts are parsed. ``target_keras``: the Keras
    the code is written for (2: build what tf.keras 2 built). ``modules`` and ``parse``: the project
    whose modules the file's imports read (python/imports.py); what their code makes is not the
    file's (see ``_Made``)."""
    host = KerasHost(positions, target_keras)
    relevance = analyse_relevance(tree, host.modelled_import) \
        if tree is not None and (statement_pairs or parts is not None) else None
    evaluator = Evaluator(module, positions, host, assumptions, inline_assumptions, relevance, statement_pairs,
                          parts, modules, parse)
    host.evaluator = evaluator
    evaluator.tree = tree
    made = None
    if evaluator.project is not None:
        made = _Made(evaluator)
        host.layers, host.keras_calls, host.api_calls, host.models, host.summary_calls, host.tensorflow_calls = (
            made.watch(host.layers), made.watch(host.keras_calls), made.watch(host.api_calls),
            made.watch(host.models), made.watch(host.summary_calls), made.watch(host.tensorflow_calls))
        host.custom_models = made.watch(host.custom_models)
    evaluator.run()
    if evaluator.out_of_budget:
        # We stopped part-way: any model may have had more layers added later.
        host.counters.all_tainted = True
        for model in host.models:
            model.incomplete = True
    # An application built inside a function that does not return it is an ingredient of the
    # model that function builds (a row there), not a model the program binds.
    models = [model for model in host.models if model.replaced_by is None and not model.unreported and not (
        isinstance(model, ApplicationModel) and model.built_in is not None and not model.named_by_return)]
    models = _without_temporaries(models, evaluator, host.summarised)
    # A model only code nothing runs builds is one of those the program builds in some runs only.
    alternatives = [model for model in host.models if model.replaced_by is not None or model.unreported]
    layers, keras_calls, api_calls, summary_calls = host.layers, host.keras_calls, host.api_calls, host.summary_calls
    tensorflow_calls = host.tensorflow_calls
    custom_models = host.custom_models
    if made is not None and (made.imported or made.at_import):
        for model in host.models:
            if id(model) in made.at_import and model.kind == "Sequential":
                # What summarising would do to a model reported: a nested model's row needs it.
                sequential_finish(model)
        models = [model for model in models if id(model) not in made.at_import]
        alternatives = [model for model in alternatives if id(model) not in made.at_import]
        layers = made.own(host.layers)
        keras_calls = made.own(host.keras_calls)
        api_calls = made.own(host.api_calls)
        summary_calls = made.own(host.summary_calls)
        tensorflow_calls = made.own(host.tensorflow_calls)
        custom_models = made.own(host.custom_models)
    result = InterpreterResult(list(models), list(layers), list(keras_calls), evaluator.internal_errors,
                               list(alternatives), list(api_calls),
                               assumed=evaluator.assumed, assumptions_matched=evaluator.assumptions_matched,
                               summary_calls=list(summary_calls), tensorflow_calls=list(tensorflow_calls),
                               steps=evaluator.steps, keras2_paths=host.keras2_paths,
                               custom_models=list(custom_models))
    recorded = {id(model) for model in result.models + result.models_in_some_runs}
    result.unreported_models = [model for model in host.models if id(model) not in recorded]
    evaluator.release()
    host.release()
    return result


def _without_temporaries(models: List[Model], evaluator: Evaluator, summarised: Set[int]) -> List[Model]:
    """The models without the program's subclassed models it only uses on the way to something
    else (``model = Net().graph((8,))``, a method building a functional model from ``self.call``):
    made at the top level, bound to no name, held by nothing the program keeps and never
    summarised, such an object is no model of the program, whose user sees only what it made."""
    candidates = [model for model in models if isinstance(model, CustomModel) and not model.functional_init
                  and model.name is None and not model.named_by_return and model.built_in is None
                  and id(model) not in summarised]
    if not candidates:
        return models
    kept = _reachable(list(evaluator.module_scope.vars.values()))
    temporary = {id(model) for model in candidates if id(model) not in kept}
    return [model for model in models if id(model) not in temporary]


def _reachable(roots: List[Any]) -> Set[int]:
    """The ids of the values reachable from ``roots`` through containers and objects' attributes."""
    seen: Set[int] = set()
    pending = [(root, 0) for root in roots]
    while pending:
        value, depth = pending.pop()
        if id(value) in seen or depth > 8 or len(seen) > 100_000:
            continue
        seen.add(id(value))
        if isinstance(value, (list, tuple, set, frozenset)):
            pending += [(item, depth + 1) for item in value]
        elif isinstance(value, dict):
            pending += [(item, depth + 1) for item in list(value.keys()) + list(value.values())]
        elif isinstance(value, Instance):
            pending += [(item, depth + 1) for item in value.attrs.values()]
    return seen


Record = TypeVar("Record")


class _Made:
    """Which of the host's records imported modules' code made, as the host appends them: those
    made while an imported module's top level ran (``at_import``: not the file's models, its
    layers or its calls; Keras's name counters still count them, as Keras's do in the program's
    process) and, among them or not, those made by any code of an imported module (``imported``:
    its functions called by the file build the file's models, but their layers' and calls'
    diagnostics are the module's, reported when it is checked itself)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.imported: Set[int] = set()
        self.at_import: Set[int] = set()

    def note(self, item: Any) -> None:
        if self.evaluator.importing:
            self.at_import.add(id(item))
        if self.evaluator.in_imported_code():
            self.imported.add(id(item))

    def watch(self, items: List[Record]) -> List[Record]:
        return _NotingList(self, items)

    def own(self, items: List[Record]) -> List[Record]:
        """The records among ``items`` no imported code made."""
        return [item for item in items if id(item) not in self.imported]


class _NotingList(list):  # type: ignore[type-arg]
    """A list of the host's records that tells ``_Made`` of each record added."""

    def __init__(self, made: _Made, items: List[Any]) -> None:
        super().__init__(items)
        self.made = made

    def append(self, item: Any) -> None:
        self.made.note(item)
        super().append(item)

    def insert(self, index: Any, item: Any) -> None:
        self.made.note(item)
        super().insert(index, item)

    def extend(self, items: Any) -> None:
        items = list(items)
        for item in items:
            self.made.note(item)
        super().extend(items)


__all__ = ["InternalError", "InterpreterResult", "interpret"]
