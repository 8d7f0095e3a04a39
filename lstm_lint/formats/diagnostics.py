"""What ``lstm-lint check`` hands its output formats: each file's reported diagnostics, in order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from lstm_lint.rules.base import Diagnostic


@dataclass
class FileDiagnostics:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)  # after selection and noqa
