"""Every rule, and running them on a program."""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Type

from lstm_lint.config import Settings
from lstm_lint.records import internal_error_message
from lstm_lint.rules.applications import RejectedApplicationArgument
from lstm_lint.rules.api_calls import (
    ConflictingBuildShape, DisconnectedModelGraph, UnbuiltSequentialAttribute,
)
from lstm_lint.rule_codes import INTERNAL_ERROR
from lstm_lint.rules.base import Diagnostic, Rule
from lstm_lint.rules.call_arguments import RefusedCallArguments
from lstm_lint.rules.keras2_paths import Keras2OnlyPath
from lstm_lint.rules.skipped_init import SkippedKerasInit
from lstm_lint.rules.repeated import once_per_place
from lstm_lint.rules.budgets import BudgetNotChecked, LayerOverBudget, ModelOverBudget, ModelOverInlineBudget
from lstm_lint.rules.build_errors import (
    DuplicateLayerName, ImpossibleCudnn, IncompatibleShapes, RejectedArgumentValue, ReturnStateMisuse,
    StatefulWithoutBatchSize, UnknownKeywordArgument, WrongInputRank,
)
from lstm_lint.rules.tensorflow_ops import TensorflowOpOnKerasTensor
from lstm_lint.rules.settings import (
    BiasBeforeBatchNorm, IgnoredInputShape, LossDoesNotFitOutput, NoCudnnKernel, OversizedAttentionHeads,
    PaddingWithoutMask, RecurrentDropoutOutOfRange, RedundantTimeDistributed, ReversedSequenceOutput,
    SequenceOutputForPerSampleTargets, SoftmaxOverOneUnit, UnrollTooLong,
)

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program

ALL_RULES: List[Type[Rule]] = sorted([
    WrongInputRank, RejectedArgumentValue, UnknownKeywordArgument, IncompatibleShapes, ReturnStateMisuse,
    StatefulWithoutBatchSize, ImpossibleCudnn, UnbuiltSequentialAttribute, ConflictingBuildShape,
    DisconnectedModelGraph, RejectedApplicationArgument, DuplicateLayerName, Keras2OnlyPath,
    TensorflowOpOnKerasTensor, RefusedCallArguments, SkippedKerasInit,
    ModelOverBudget, LayerOverBudget, ModelOverInlineBudget, BudgetNotChecked,
    NoCudnnKernel, SoftmaxOverOneUnit, IgnoredInputShape, UnrollTooLong, LossDoesNotFitOutput,
    RecurrentDropoutOutOfRange, SequenceOutputForPerSampleTargets, PaddingWithoutMask, ReversedSequenceOutput,
    OversizedAttentionHeads, RedundantTimeDistributed, BiasBeforeBatchNorm,
], key=lambda rule: rule.code)

RULES_BY_CODE: Dict[str, Type[Rule]] = {rule.code: rule for rule in ALL_RULES}

INTERNAL_ERROR_DOC = ("lstm-lint could not analyse this file (an internal error, reported instead of a crash), "
                      "or did not (the file is past a limit, such as max-file-size).")
DEFAULT_OFF = tuple(rule.code for rule in ALL_RULES if not rule.default_enabled)


def run_rules(program: Program, settings: Settings, enabled: Optional[Iterable[str]] = None) -> List[Diagnostic]:
    """All diagnostics of the enabled rules, sorted and without duplicates (one per finding at a place
    in the source, however many layers are made there)."""
    codes = set(enabled) if enabled is not None else {rule.code for rule in ALL_RULES if rule.default_enabled}
    found: Set[Diagnostic] = set()
    for rule_class in ALL_RULES:
        if rule_class.code in codes:
            found.update(rule_class().check(program, settings))
    return once_per_place(sorted(found), program)


def internal_error(line: int, reason: str, limit: bool = False) -> Diagnostic:
    """LL900: lstm-lint failed on the file, or (``limit``) left it alone by design."""
    return Diagnostic(line, 0, INTERNAL_ERROR, internal_error_message(reason, limit))


__all__ = ["ALL_RULES", "RULES_BY_CODE", "INTERNAL_ERROR", "Diagnostic", "Rule", "run_rules", "internal_error"]
