"""How models' parameter counts changed between two versions of the code, and which layers did it.

Plain comparison of ``FileAnalysis`` records: nothing here knows about git or output formats.

Models are matched by file (following renames) and name; two models of the same name in one file
are matched in order of occurrence. Layers are matched so that Keras's automatic names do not
mislead: inserting an ``LSTM`` renames every later ``lstm_N`` of the file, so an automatic name says
little about which layer is which. Layers named by the user (``name="encoder"``) are matched by
name and type; the others are aligned in order, layers of the same type pairing up, so as to give
the simplest account of the change (see ``_align``): an inserted LSTM is reported as added, not as
every later LSTM having changed. What is left was added or removed.

A count lstm-lint cannot know proves nothing, and neither does an unknown dimension or argument
equal to another: ``?`` may stand for any value. So a layer whose count is unknown in both versions
is always reported: as changed when its arguments as written or its output shape visibly differ
(``LSTM(128)`` became ``LSTM(256)``), else as ``unknown`` (it may have changed; lstm-lint cannot
tell). A model whose total or trainable count is unknown in both versions is likewise reported, as
changed when one of its layers was added, removed or changed, else as ``unknown``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from lstm_lint.analysis import Count, FileAnalysis, LayerRow, ModelSummary
from lstm_lint.graph.shapes import ShapeTree, format_shape_tree
from lstm_lint.layers.spec import to_snake_case
from lstm_lint.values import UNKNOWN, Unknown

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
# Unknown size in both versions and no change lstm-lint can see: whether it changed is unknown.
UNSURE = "unknown"

# What ModelChange.fail_over finds.
OVER = "over"  # grew by more than the percentage
UNCHECKED = "unchecked"  # may have grown, by an amount lstm-lint cannot know


@dataclass(frozen=True)
class CountChange:
    """A parameter count before and after. ``None`` means there is no such side (an added or
    removed model or layer); ``UNKNOWN`` that lstm-lint cannot know the count."""

    old: Optional[Count]
    new: Optional[Count]

    @property
    def delta(self) -> Optional[int]:
        """new - old, when both are known (an added thing grew by its whole count, a removed one
        shrank by it)."""
        old = 0 if self.old is None else self.old
        new = 0 if self.new is None else self.new
        if isinstance(old, Unknown) or isinstance(new, Unknown):
            return None
        return new - old

    @property
    def percent(self) -> Optional[float]:
        """delta / old * 100, when both counts exist, are known and old is not 0."""
        delta = self.delta
        if delta is None or self.old is None or self.new is None or self.old == 0:
            return None
        assert isinstance(self.old, int)
        return delta / self.old * 100

    @property
    def changed(self) -> bool:
        """A visible change: two known counts that differ, or a count known on one side only.
        Unknown on both sides is not a change lstm-lint can see, nor proof of none (``unknown``),
        formulas included: the same formula text in two versions may stand for different values."""
        if isinstance(self.old, Unknown) and isinstance(self.new, Unknown):
            return False
        return self.old != self.new

    @property
    def unknown(self) -> bool:
        """Unknown in both versions: whether it changed cannot be told from the counts."""
        return isinstance(self.old, Unknown) and isinstance(self.new, Unknown)


@dataclass(frozen=True)
class Side:
    """Where a model or layer is in one version."""

    name: Optional[str]
    line: int
    path: str = ""  # set for models only


@dataclass(frozen=True)
class ArgumentChange:
    """One argument as written that differs between the versions; None where it is not written
    (Keras's default)."""

    name: str
    old: Optional[str]
    new: Optional[str]


@dataclass
class LayerChange:
    status: str  # ADDED, REMOVED, CHANGED or UNSURE
    type: Optional[str]
    old: Optional[Side]
    new: Optional[Side]
    params: CountChange
    trainable_params: CountChange
    # The arguments that differ, for a layer in both versions whose change the counts cannot tell.
    arguments: List[ArgumentChange] = field(default_factory=list)
    # The output shape as summary() writes it, in each version (None where there is no such side).
    old_shape: Optional[ShapeTree] = None
    new_shape: Optional[ShapeTree] = None


@dataclass
class ModelChange:
    status: str  # ADDED, REMOVED, CHANGED or UNSURE
    kind: str
    old: Optional[Side]
    new: Optional[Side]
    total_params: CountChange
    trainable_params: CountChange
    layers: List[LayerChange] = field(default_factory=list)
    # The assumptions (``--assume``) either version's numbers may rest on.
    assumed: Dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        side = self.new or self.old
        assert side is not None and side.name is not None
        return side.name

    @property
    def path(self) -> str:
        side = self.new or self.old
        assert side is not None
        return side.path

    @property
    def line(self) -> int:
        side = self.new or self.old
        assert side is not None
        return side.line

    def fail_over(self, percent: float) -> Optional[str]:
        """For ``--fail-over``: OVER when the total grew by more than ``percent`` percent (a model
        that had 0 parameters and now has some grew without bound); UNCHECKED when the model is in
        both versions and its growth cannot be known, since then it cannot be shown to be within
        the limit; None when it is within it. An added model has nothing to grow from, and a
        removed one did not grow: None."""
        if self.status in (ADDED, REMOVED):
            return None
        total = self.total_params
        if total.delta is None:
            return UNCHECKED
        if total.delta <= 0:
            return None
        growth = total.percent
        return OVER if growth is None or growth > percent else None  # None here: old was 0


@dataclass(frozen=True)
class FilePair:
    """One file in both versions; ``None`` where it does not exist (added or deleted file)."""

    old: Optional[FileAnalysis]
    new: Optional[FileAnalysis]


def diff_files(pairs: Sequence[FilePair]) -> List[ModelChange]:
    """Every model whose total or trainable parameter count changed (or may have: UNSURE),
    appeared or disappeared, in the order of ``pairs``, models of a file in the order of the new
    version (removed ones last)."""
    changes: List[ModelChange] = []
    for pair in pairs:
        old_models = pair.old.models if pair.old is not None else []
        new_models = pair.new.models if pair.new is not None else []
        old_path = pair.old.path if pair.old is not None else ""
        new_path = pair.new.path if pair.new is not None else ""
        unmatched: Dict[str, List[ModelSummary]] = {}
        for model in old_models:
            unmatched.setdefault(model.name, []).append(model)
        for model in new_models:
            same_name = unmatched.get(model.name)
            before = same_name.pop(0) if same_name else None
            change = diff_model(before, model, old_path, new_path)
            if change is not None:
                changes.append(change)
        still_unmatched = {id(model) for models in unmatched.values() for model in models}
        for model in old_models:
            if id(model) in still_unmatched:
                removed = diff_model(model, None, old_path, new_path)
                assert removed is not None
                changes.append(removed)
    return changes


def diff_model(old: Optional[ModelSummary], new: Optional[ModelSummary], old_path: str = "",
               new_path: str = "") -> Optional[ModelChange]:
    """The change from ``old`` to ``new`` (either None for an added or removed model), or None
    when both counts are known and the same in both versions. A model whose total or trainable
    count is unknown in both versions is always reported: changed when one of its layers was
    added, removed or changed, else UNSURE. Saying nothing would claim it did not change."""
    model = new or old
    assert model is not None
    total = CountChange(_count(old, "total_params"), _count(new, "total_params"))
    trainable = CountChange(_count(old, "trainable_params"), _count(new, "trainable_params"))
    layers = diff_layers(old.layers if old else [], new.layers if new else [])
    if old is None or new is None:
        status = ADDED if old is None else REMOVED
    elif total.changed or trainable.changed:
        status = CHANGED
    elif total.unknown or trainable.unknown:
        status = CHANGED if any(layer.status != UNSURE for layer in layers) else UNSURE
    else:
        return None
    return ModelChange(status, model.kind,
                       Side(old.name, old.line, old_path) if old else None,
                       Side(new.name, new.line, new_path) if new else None,
                       total, trainable, layers, {**(old.assumed if old else {}), **(new.assumed if new else {})})


def _count(model: Optional[ModelSummary], attribute: str) -> Optional[Count]:
    """A side's count for the diff: None without that side. A model never built (no input yet)
    has the count Keras's summary() prints, the weights that exist so far, not the size it will
    have once built: unknown here, so that a change to its layers is not read as no change."""
    if model is None:
        return None
    if model.unbuilt:
        return UNKNOWN
    value: Count = getattr(model, attribute)
    return value


def is_automatic_name(row: LayerRow) -> bool:
    """Whether the layer's name looks like one Keras made up (``lstm``, ``lstm_3``): then it is a
    poor guide to which layer is which across versions."""
    if row.name is None or row.type is None:
        return True
    return re.fullmatch(re.escape(to_snake_case(row.type)) + r"(_\d+)?", row.name) is not None


def diff_layers(old: Sequence[LayerRow], new: Sequence[LayerRow]) -> List[LayerChange]:
    """The layers whose parameter counts differ or may differ, in the new model's order (removed
    ones where they were). Layers without parameters that came or went (Dropout, InputLayer, ...)
    did not change the size and are left out."""
    named_old = {(row.name, row.type): row for row in old if not is_automatic_name(row)}
    named_pairs = {id(row): named_old.pop((row.name, row.type)) for row in new
                   if not is_automatic_name(row) and (row.name, row.type) in named_old}
    matched_old = {id(row) for row in named_pairs.values()}
    old_rest = [row for row in old if id(row) not in matched_old]
    new_rest = [row for row in new if id(row) not in named_pairs]
    pairs = _align(old_rest, new_rest)
    # Back into the new model's order: user-named pairs where the new layer is.
    by_new = {id(after): (before, after) for before, after in pairs if after is not None}
    ordered: List[Tuple[Optional[LayerRow], Optional[LayerRow]]] = []
    removed_before: Dict[int, List[LayerRow]] = {}
    pending: List[LayerRow] = []
    for before, after in pairs:
        if after is None:
            assert before is not None
            pending.append(before)
        else:
            removed_before.setdefault(id(after), []).extend(pending)
            pending = []
    for row in new:
        ordered.extend((gone, None) for gone in removed_before.get(id(row), []))
        ordered.append((named_pairs[id(row)], row) if id(row) in named_pairs else by_new[id(row)])
    ordered.extend((gone, None) for gone in pending)
    return [change for before, after in ordered for change in [_layer_change(before, after)] if change]


Cost = Tuple[int, int, int]


def _alone(row: LayerRow) -> Cost:
    """An added or removed row: one reported layer, unless it has no weights."""
    return (0 if row.params == 0 and row.trainable_params == 0 else 1, 0, 0)


def _paired(old: LayerRow, new: LayerRow) -> Cost:
    """A pair costs a reported layer when it visibly changed; a pair of unknown size whose
    arguments and shape look the same is reported too (UNSURE), but tells the simplest account."""
    visible = _layer_status(old, new) == CHANGED
    delta = CountChange(old.params, new.params).delta
    return (1 if visible else 0, 0 if old.name == new.name else 1, abs(delta) if delta is not None else 0)


def _align(old: Sequence[LayerRow], new: Sequence[LayerRow]) -> List[Tuple[Optional[LayerRow], Optional[LayerRow]]]:
    """Old and new rows paired in order, as the simplest account of the change: the fewest layers
    reported, then the most pairs that kept their name (an appended layer leaves the others' names
    alone), then the smallest changes. Only layers of the same type pair up."""
    rows, columns = len(old), len(new)
    # best[i][j]: the cheapest account of old[i:] -> new[j:], and its first step.
    best: List[List[Tuple[Cost, str]]] = [[((0, 0, 0), "")] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows, -1, -1):
        for j in range(columns, -1, -1):
            options: List[Tuple[Cost, str]] = []
            if i < rows and j < columns and old[i].type == new[j].type:
                options.append((_plus(_paired(old[i], new[j]), best[i + 1][j + 1][0]), "pair"))
            if i < rows:
                options.append((_plus(_alone(old[i]), best[i + 1][j][0]), "removed"))
            if j < columns:
                options.append((_plus(_alone(new[j]), best[i][j + 1][0]), "added"))
            if options:
                best[i][j] = min(options, key=lambda option: option[0])  # ties: the first, a pair
    pairs: List[Tuple[Optional[LayerRow], Optional[LayerRow]]] = []
    i = j = 0
    while i < rows or j < columns:
        step = best[i][j][1]
        if step == "pair":
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif step == "removed":
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    return pairs


def _plus(first: Cost, second: Cost) -> Cost:
    return (first[0] + second[0], first[1] + second[1], first[2] + second[2])


def argument_changes(old: LayerRow, new: LayerRow) -> List[ArgumentChange]:
    """The arguments as written that differ, in keyword order; none when either row has no
    arguments to compare (a nested model, a placeholder)."""
    if old.arguments is None or new.arguments is None:
        return []
    before, after = dict(old.arguments), dict(new.arguments)
    return [ArgumentChange(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)]


def _layer_status(old: LayerRow, new: LayerRow) -> Optional[str]:
    """CHANGED, UNSURE or None (the same size) for a layer in both versions."""
    params = CountChange(old.params, new.params)
    trainable = CountChange(old.trainable_params, new.trainable_params)
    if params.changed or trainable.changed:
        return CHANGED
    if not (params.unknown or trainable.unknown):
        return None  # known, and the same: whatever else changed did not change the size
    if argument_changes(old, new) or format_shape_tree(old.output_shape) != format_shape_tree(new.output_shape):
        return CHANGED
    return UNSURE


def _layer_change(old: Optional[LayerRow], new: Optional[LayerRow]) -> Optional[LayerChange]:
    row = new or old
    assert row is not None
    params = CountChange(old.params if old else None, new.params if new else None)
    trainable = CountChange(old.trainable_params if old else None, new.trainable_params if new else None)
    arguments: List[ArgumentChange] = []
    if old is None or new is None:
        if params.delta == 0 and trainable.delta == 0:
            return None  # a layer without weights
        status = ADDED if old is None else REMOVED
    else:
        found = _layer_status(old, new)
        if found is None:
            return None
        status = found
        if params.delta is None or trainable.delta is None:  # the counts cannot tell what changed
            arguments = argument_changes(old, new)
    return LayerChange(status, row.type,
                       Side(old.name, old.line) if old else None,
                       Side(new.name, new.line) if new else None,
                       params, trainable, arguments,
                       old.output_shape if old else None, new.output_shape if new else None)


@dataclass
class DiffReport:
    """What the ``diff`` output formats render: the revisions compared and the model changes."""

    base: str
    head: Optional[str]  # None: the working tree
    models: List[ModelChange]

    @property
    def head_label(self) -> str:
        return self.head if self.head is not None else "the working tree"
