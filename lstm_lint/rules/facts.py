"""Questions the rules ask of a program's graph, answered once here."""
from __future__ import annotations

from typing import Iterator, List

from lstm_lint.engine import Program
from lstm_lint.graph.objects import Layer


def all_layers(program: Program) -> Iterator[Layer]:
    """Every layer object the program constructed, once, in construction order (wrapped layers and
    layers of no model included)."""
    return iter(program.layers)


def layers_list(program: Program) -> List[Layer]:
    return list(program.layers)
