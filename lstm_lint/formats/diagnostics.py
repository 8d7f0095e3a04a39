"""What ``lstm-lint check`` hands its output formats: each file's reported diagnostics, in order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List

if TYPE_CHECKING:  # importing the rules package loads every rule: not needed to hold their results
    from lstm_lint.rules.base import Diagnostic


@dataclass
class FileDiagnostics:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)  # after selection and noqa
