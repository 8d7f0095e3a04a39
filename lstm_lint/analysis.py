"""What lstm-lint learns about one file: its models, their layers, shapes and parameter counts.

These records are the boundary between the engine and everything that presents it (the summary
formats, the rules, the CLI, the flake8 plugin): plain data, nothing of libcst in them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set, Tuple, Union

from lstm_lint import formulas
from lstm_lint.graph.shapes import ShapeTree, format_shape_tree, shape_to_json
from lstm_lint.records import ParseFailure
from lstm_lint.values import UNKNOWN, Cause, Unknown

Count = Union[int, Unknown]
# A layer's arguments as written, as (keyword, value text) pairs sorted by keyword; ``?`` for a value
# lstm-lint cannot evaluate (graph/arguments.py).
Arguments = Tuple[Tuple[str, str], ...]


def count_to_json(count: Count) -> Optional[int]:
    return None if isinstance(count, Unknown) else count


def formulas_to_json(**counts: Count) -> Dict[str, str]:
    """``{"total_params_expr": "100 * vocab_size + 244865"}``: each unknown count's exact formula, as
    a Python expression in the code's own names, under its key with ``_expr``; only the counts that
    have one (most are known), so that a known model's JSON is as it always was."""
    found = {f"{key}_expr": formulas.python_text(count) for key, count in counts.items()}
    return {key: text for key, text in found.items() if text is not None}


def causes_to_json(causes: List[Cause]) -> List[Dict[str, Any]]:
    """Each cause where it is shown: its line, 1-based column (as the errors list gives them) and
    message."""
    shown = [cause.shown() for cause in causes]
    return [{"line": where.line, "column": where.column + 1, "message": cause.text()}
            for cause, where in zip(causes, shown)]


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
    # Why the row has a ``?`` (its first cause), empty when nothing in it is unknown.
    unknown: List[Cause] = field(default_factory=list)
    # 0-based column (in characters) of the layer's constructor call on ``line``, so that an editor
    # can point at the call; 0 where unknown. Not part of the summary's JSON.
    column: int = 0
    # Not built in every run, in a model that is: Keras prints ``?`` and ``0 (unbuilt)`` (``params``
    # is then 0, and ``output_shape`` unknown as Keras shows it). In JSON ``"unbuilt": true``, only
    # on such rows.
    unbuilt: bool = False
    # Keras prints ``?`` as the row's shape in every run, having none to print (a layer built by its
    # constructor, or with no ``compute_output_shape``, in a subclassed model that made no node for
    # it): ``output_shape`` unknown as Keras shows it, for no cause. In JSON ``"shape_unprinted":
    # true``, only on such rows.
    shape_unprinted: bool = False
    # What Keras prints in place of such a shape, when not ``?``: tf.keras 2 (``target-keras = 2``)
    # printed ``multiple`` for a layer of a subclassed model. In JSON ``"shape_printed"``.
    shape_printed: Optional[str] = None
    # A Keras op (``x + y``, ``keras.ops.mean``, ``x[:, -1]``), not a layer: a Functional model's
    # summary() lists its operations. In the JSON as ``"op": true``, on op rows only.
    op: bool = False
    # In a subclassed model Keras never builds (``ModelSummary.unbuilt``), whose rows Keras prints
    # ``0 (unbuilt)``: the count the layer will have once it is built, unknown where that depends on
    # its input (and for the program's own layers and nested models). Keras prints nothing of it;
    # in JSON ``"params_once_built"``, only on such rows. No total is given: whether the model's
    # ``call`` reaches a layer is known only once it runs.
    params_once_built: Optional[Count] = None

    def to_json(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "line": self.line,
            "output_shape": shape_to_json(self.output_shape),
            "params": count_to_json(self.params),
            **formulas_to_json(params=self.params),
            **({"unbuilt": True} if self.unbuilt else {}),
            **({"shape_unprinted": True} if self.shape_unprinted else {}),
            **({"shape_printed": self.shape_printed} if self.shape_printed is not None else {}),
            "unknown": causes_to_json(self.unknown),
            **({"op": True} if self.op else {}),
            **({} if self.params_once_built is None else {"params_once_built": count_to_json(self.params_once_built)}),
        }

    @property
    def shape_text(self) -> str:
        return self.shape_printed if self.shape_printed is not None else format_shape_tree(self.output_shape)

    @property
    def params_text(self) -> str:
        """The Param # cell when it is not a count: Keras's ``0 (unbuilt)``; else ""."""
        return "0 (unbuilt)" if self.unbuilt else ""


@dataclass
class ModelSummary:
    """One Keras model found in a file, as ``model.summary()`` would print it."""

    name: str
    line: int
    # How Keras builds it: "Sequential", "Functional" (a graph of layer calls) or "Subclassed" (a
    # ``keras.Model`` subclass of the program's own with a ``call``, run on its input).
    kind: str
    layers: List[LayerRow]
    total_params: Count = UNKNOWN
    trainable_params: Count = UNKNOWN
    non_trainable_params: Count = UNKNOWN
    # 0-based column of the statement on ``line`` that constructs the model (or calls its builder:
    # then 0), as LayerRow.column. Not part of the summary's JSON.
    column: int = 0
    # The name Keras gives the model (``name=``, or its default), when known; ``keras_name_given``:
    # from ``name=``.
    keras_name: Optional[str] = None
    keras_name_given: bool = False
    # For a model a builder function returned and a call bound (``small = build()``): the
    # builder's name and the line where it builds the model (``line`` is then the call's).
    built_by: Optional[str] = None
    built_at: Optional[int] = None
    # The table a ``model.summary()`` call prints (``line``: the call's), where the model changes
    # after it (graph/snapshots.py); the model as the file leaves it is the entry without this.
    snapshot: bool = False
    # A snapshot's "Optimizer params" line: Keras's summary prints it once the model's optimizer is
    # built (after fit), and counts those variables in Total params. None: no such line (always
    # on the model as the file leaves it, whose totals are ``count_params()``'s).
    optimizer_params: Optional[Count] = None
    # On the model as the file leaves it: those tables, in the order the calls ran. Only the
    # summary formats show them (FileAnalysis.summaries): the rules, ``diff`` and the editor read
    # the models as the file leaves them. Not part of this entry's JSON.
    snapshots: List["ModelSummary"] = field(default_factory=list)
    # The model's class, ``type(model).__name__``: "Sequential" or "Functional" for Keras's own,
    # the program's class for a subclass of ``keras.Model`` (``Net``); None: as ``kind``.
    type: Optional[str] = None

    @property
    def class_name(self) -> str:
        return self.type if self.type is not None else self.kind

    def kind_text(self) -> str:
        """What the header says the model is: ``Sequential``, ``Functional``, or for a model of the
        program's own class, the class and how it is built (``Net, subclassed``)."""
        if self.class_name == self.kind:
            return self.kind
        return f"{self.class_name}, {self.kind.lower()}"

    def provenance(self) -> str:
        """``, built by build() at line 6, named "stacked" in Keras``: what the header adds."""
        text = f", built by {self.built_by}() at line {self.built_at}" if self.built_by is not None else ""
        if self.keras_name_given and self.keras_name is not None and self.keras_name != self.name:
            text += f', named "{self.keras_name}" in Keras'
        if self.unbuilt:
            text += ", not built: no input yet"
        if self.snapshot:
            text += f", as summary() at line {self.line} prints it"
        return text
    # A Sequential Keras has not built (no input, never called, fit or built): its table is what
    # summary() prints then, ``?`` and ``0 (unbuilt)`` rows and the weights that exist (Keras's
    # count_params() raises on it). In JSON ``"unbuilt": true``, only on such models.
    unbuilt: bool = False
    # Every distinct cause of the model's unknowns (its own, then its rows'), empty when none.
    unknown: List[Cause] = field(default_factory=list)
    # The assumptions (``--assume NAME=VALUE``) the model's numbers may have been computed from.
    assumed: Dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "line": self.line,
            "snapshot": self.snapshot,
            "keras_name": self.keras_name,
            "kind": self.kind,
            "type": self.class_name,
            "built_by": None if self.built_by is None else {"function": self.built_by, "line": self.built_at},
            **({"unbuilt": True} if self.unbuilt else {}),
            "total_params": count_to_json(self.total_params),
            "trainable_params": count_to_json(self.trainable_params),
            "non_trainable_params": count_to_json(self.non_trainable_params),
            **({} if self.optimizer_params is None else {"optimizer_params": count_to_json(self.optimizer_params)}),
            **formulas_to_json(total_params=self.total_params, trainable_params=self.trainable_params,
                               non_trainable_params=self.non_trainable_params),
            "unknown": causes_to_json(self.unknown),
            "assumed": {name: list(value) if isinstance(value, tuple) else value
                        for name, value in self.assumed.items()},
            "layers": [layer.to_json() for layer in self.layers],
        }

    def total_causes(self) -> List[Cause]:
        """The causes of the model's unknown totals, first cause first: its own (those of no row),
        then those of the rows whose counts are unknown."""
        of_rows = {cause.key() for row in self.layers for cause in row.unknown}
        own = [cause for cause in self.unknown if cause.key() not in of_rows]
        return own + [cause for row in self.layers if _has_unknown_count(row) for cause in row.unknown]


def _has_unknown_count(row: LayerRow) -> bool:
    return any(isinstance(count, Unknown) for count in (row.params, row.trainable_params, row.non_trainable_params))


@dataclass
class FileAnalysis:
    path: str
    models: List[ModelSummary] = field(default_factory=list)
    parse_failure: Optional[ParseFailure] = None
    # The names of assumptions (``--assume``) the file binds: a name no file binds is an error.
    assumptions_matched: Set[str] = field(default_factory=set)
    # The assumptions the file's evaluation used (NAME -> value).
    assumed: Dict[str, Any] = field(default_factory=dict)

    def summaries(self) -> List[ModelSummary]:
        """What the summary formats show: each model, then the tables of its summary() calls
        (ModelSummary.snapshots) in the order they ran."""
        return [entry for model in self.models for entry in [model, *model.snapshots]]

    def to_json(self) -> Dict[str, Any]:
        return {"path": self.path, "models": [model.to_json() for model in self.summaries()]}
