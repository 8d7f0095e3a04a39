"""lstm-lint: Keras model shapes, parameter counts and diagnostics, read statically from source."""
from __future__ import annotations

from lstm_lint.analysis import FileAnalysis, LayerRow, ModelSummary
from lstm_lint.engine import analyse_source

__version__ = "0.1.0"

__all__ = ["analyse_source", "FileAnalysis", "LayerRow", "ModelSummary", "__version__"]
