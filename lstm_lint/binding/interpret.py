"""Evaluate a module with the Keras host: the layers, models and Keras calls the file builds."""
from __future__ import annotations

from dataclasses import dataclass, field
import ast
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from lstm_lint.binding.keras_host import KerasHost
from lstm_lint.graph.applications import ApplicationModel
from lstm_lint.graph.objects import ApiCall, KerasCall, Keras2PathUse, Layer, Model, TensorflowCall
from lstm_lint.graph.snapshots import SummaryCall
from lstm_lint.python.evaluator import Evaluator
from lstm_lint.python.host import InternalError
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


def interpret(module: cst.Module, positions: Dict[int, Tuple[int, int]],
              assumptions: Optional[Mapping[str, Any]] = None,
              inline_assumptions: Optional[Mapping[int, Any]] = None, tree: Optional[ast.Module] = None,
              statement_pairs: Optional[Mapping[int, ast.stmt]] = None,
              parts: Optional[Sequence[LazyPart]] = None, target_keras: int = 3) -> InterpreterResult:
    """``tree`` and ``statement_pairs`` (id of each libcst statement -> its ``ast`` statement), when
    given, let the evaluation skip what cannot matter to the models (python/relevance.py). With
    ``parts`` (the file's parts, parsed when needed: source/lazy.py; ``tree`` is then needed),
    ``module`` is not read and ``positions`` grows as parts are parsed. ``target_keras``: the Keras
    the code is written for (2: build what tf.keras 2 built)."""
    host = KerasHost(positions, target_keras)
    relevance = analyse_relevance(tree, host.modelled_import) \
        if tree is not None and (statement_pairs or parts is not None) else None
    evaluator = Evaluator(module, positions, host, assumptions, inline_assumptions, relevance, statement_pairs,
                          parts)
    host.evaluator = evaluator
    evaluator.tree = tree
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
    # A model only code nothing runs builds is one of those the program builds in some runs only.
    alternatives = [model for model in host.models if model.replaced_by is not None or model.unreported]
    return InterpreterResult(models, host.layers, host.keras_calls, evaluator.internal_errors, alternatives,
                             host.api_calls,
                             assumed=evaluator.assumed, assumptions_matched=evaluator.assumptions_matched,
                             summary_calls=host.summary_calls, tensorflow_calls=host.tensorflow_calls,
                             steps=evaluator.steps, keras2_paths=host.keras2_paths)


__all__ = ["InternalError", "InterpreterResult", "interpret"]
