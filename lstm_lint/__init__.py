"""lstm-lint: Keras model shapes, parameter counts and diagnostics, read statically from source."""
from __future__ import annotations

from lstm_lint.analysis import FileAnalysis, LayerRow, ModelSummary

__version__ = "0.1.0"


def analyse_source(text: str, path: str = "<string>") -> FileAnalysis:
    """Models, layers, shapes and parameter counts of one Python source text. Never runs it.

    The engine is imported on first use: libcst takes a quarter of a second to import, and flake8
    imports this package at start-up even when no file mentions Keras."""
    from lstm_lint.engine import analyse_source as analyse

    return analyse(text, path)


__all__ = ["analyse_source", "FileAnalysis", "LayerRow", "ModelSummary", "__version__"]
