"""One diagnostic per finding at a place in the source: a layer constructed in a loop (or by a
function called twice) is several layer objects at one line and column, and a rule finds the same
fault on each, differing only in the default name Keras gives it (``'block'``, ``'block_1'``)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Dict, List, Sequence, Tuple

from lstm_lint.rules.base import Diagnostic, describe_layer

if TYPE_CHECKING:
    from lstm_lint.engine import Program
    from lstm_lint.graph.objects import Layer

_NAMES_SHOWN = 3


def _named(layers: Sequence[Layer]) -> List[Tuple[str, Layer]]:
    return [(describe_layer(layer), layer) for layer in layers if layer.name]


def once_per_place(diagnostics: List[Diagnostic], program: Program) -> List[Diagnostic]:
    """``diagnostics`` (sorted, without duplicates) with those of one code, line and column whose
    messages differ only in which of the layers made there they name merged into one, naming them
    all: ``Block (2 layers made here: 'block', 'block_1'): unknown keyword argument epsilom=``."""
    places: Dict[Tuple[int, int], List[Layer]] = {}
    for layer in program.layers:
        places.setdefault((layer.line, layer.column), []).append(layer)
    groups: Dict[Tuple[str, int, int, str], List[Tuple[Diagnostic, str]]] = {}
    order: List[Tuple[str, int, int, str]] = []
    for diagnostic in diagnostics:
        layers = places.get((diagnostic.line, diagnostic.column), [])
        key = (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.message)
        described = ""
        if len(layers) > 1:
            for description, layer in _named(layers):
                if diagnostic.message.startswith(description):
                    described = description
                    key = (diagnostic.code, diagnostic.line, diagnostic.column,
                           layer.class_name + "\0" + diagnostic.message[len(description):])
                    break
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((diagnostic, described))
    merged: List[Diagnostic] = []
    for key in order:
        group = groups[key]
        first, described = group[0]
        if len(group) == 1 or not described:
            merged.append(first)
            continue
        class_name, rest = key[3].split("\0", 1)
        names = [text[len(class_name) + 1:] for _, text in group]
        shown = ", ".join(names[:_NAMES_SHOWN]) + (", ..." if len(names) > _NAMES_SHOWN else "")
        merged.append(replace(first, message=f"{class_name} ({len(group)} layers made here: {shown}){rest}"))
    return sorted(merged)


__all__ = ["once_per_place"]
