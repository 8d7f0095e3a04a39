"""lstm-lint: Keras model shapes, parameter counts and diagnostics, read statically from source."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lstm_lint.analysis import FileAnalysis, LayerRow, ModelSummary

__version__ = "0.1.0"


def analyse_source(text: str, path: str = "<string>") -> FileAnalysis:
    """Models, layers, shapes and parameter counts of one Python source text. Never runs it.

    The engine is imported on first use: libcst takes a quarter of a second to import, and flake8
    imports this package at start-up even when no file mentions Keras."""
    from lstm_lint.collector import no_cyclic_gc

    with no_cyclic_gc():  # importing makes objects that all stay alive: nothing to collect
        from lstm_lint.engine import analyse_source as analyse

    return analyse(text, path)


def __getattr__(name: str) -> Any:
    """The analysis records, loaded on first use (PEP 562): every ``lstm_lint.*`` import runs this
    file first, and the records' module pulls in ``dataclasses``, which a command answering from
    its cache never needs."""
    if name in ("FileAnalysis", "LayerRow", "ModelSummary"):
        from lstm_lint import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["analyse_source", "FileAnalysis", "LayerRow", "ModelSummary", "__version__"]
