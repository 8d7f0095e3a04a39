"""What lstm-lint learns about one file: its models, their layers, shapes and parameter counts.

These records are the boundary between the engine and everything that presents it (the summary
formats, the rules, the CLI, the flake8 plugin): plain data, nothing of libcst in them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

from lstm_lint.graph.shapes import ShapeTree, format_shape_tree, shape_to_json
from lstm_lint.records import ParseFailure
from lstm_lint.values import UNKNOWN, Unknown

Count = Union[int, Unknown]
# A layer's arguments as written, as (keyword, value text) pairs sorted by keyword; ``?`` for a value
# lstm-lint cannot evaluate (graph/arguments.py).
Arguments = Tuple[Tuple[str, str], ...]


def count_to_json(count: Count) -> Optional[int]:
    return None if isinstance(count, Unknown) else count


@dataclass
class LayerRow:
    """One row of ``model.summary()``."""

    name: Optional[str]  # None when the default name cannot be known (a layer made in a loop, ...)
    type: Optional[str]  # Keras class name; None for a placeholder row standing for unknown layers
    line: int
    output_shape: ShapeTree
    params: Count
    trainable_params: Count = 0
    non_trainable_params: Count = 0
    # What ``lstm-lint diff`` compares when the counts are unknown; None for a row that is not a
    # layer constructed in the code (a nested model, a placeholder). Not part of the summary's JSON.
    arguments: Optional[Arguments] = None

    def to_json(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "line": self.line,
            "output_shape": shape_to_json(self.output_shape),
            "params": count_to_json(self.params),
        }

    @property
    def shape_text(self) -> str:
        return format_shape_tree(self.output_shape)


@dataclass
class ModelSummary:
    """One Keras model found in a file, as ``model.summary()`` would print it."""

    name: str
    line: int
    kind: str  # "Sequential" or "Functional"
    layers: List[LayerRow]
    total_params: Count = UNKNOWN
    trainable_params: Count = UNKNOWN
    non_trainable_params: Count = UNKNOWN
    # The name Keras gives the model (``name=``, or its default), when known; ``keras_name_given``:
    # from ``name=``.
    keras_name: Optional[str] = None
    keras_name_given: bool = False
    # For a model a builder function returned and a call bound (``small = build()``): the
    # builder's name and the line where it builds the model (``line`` is then the call's).
    built_by: Optional[str] = None
    built_at: Optional[int] = None

    def provenance(self) -> str:
        """``, built by build() at line 6, named "stacked" in Keras``: what the header adds."""
        text = f", built by {self.built_by}() at line {self.built_at}" if self.built_by is not None else ""
        if self.keras_name_given and self.keras_name is not None and self.keras_name != self.name:
            text += f', named "{self.keras_name}" in Keras'
        return text

    def to_json(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "line": self.line,
            "keras_name": self.keras_name,
            "built_by": None if self.built_by is None else {"function": self.built_by, "line": self.built_at},
            "total_params": count_to_json(self.total_params),
            "trainable_params": count_to_json(self.trainable_params),
            "non_trainable_params": count_to_json(self.non_trainable_params),
            "layers": [layer.to_json() for layer in self.layers],
        }


@dataclass
class FileAnalysis:
    path: str
    models: List[ModelSummary] = field(default_factory=list)
    parse_failure: Optional[ParseFailure] = None

    def to_json(self) -> Dict[str, Any]:
        return {"path": self.path, "models": [model.to_json() for model in self.models]}
