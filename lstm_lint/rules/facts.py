"""Questions several rules ask of the program's graph, answered once here."""
from __future__ import annotations

from typing import Optional

from lstm_lint.graph.objects import Layer
from lstm_lint.graph.shapes import Shape


def first_input_shape(layer: Layer) -> Optional[Shape]:
    """The shape of the main input of the layer's first call (Keras builds the layer on it), when
    the layer was called and the rank is known."""
    if not layer.nodes or not layer.nodes[0].inputs:
        return None
    shape = layer.nodes[0].inputs[0].shape
    return shape if isinstance(shape, tuple) else None
