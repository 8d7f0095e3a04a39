"""The registry of Keras layer classes lstm-lint models: class name -> LayerSpec.

Everything lstm-lint knows about Keras layers is declared in this package, one ``LayerSpec`` per
class; a class that is not here is an "unknown layer" whose shape and parameters are unknown.
"""
from __future__ import annotations

from typing import Dict

from lstm_lint.layers import activations, conv, core, merging, normalization, recurrent, reshaping
from lstm_lint.layers.merging import MERGE_FUNCTIONS
from lstm_lint.layers.spec import LayerSpec

SPECS: Dict[str, LayerSpec] = {
    spec.class_name: spec
    for family in (core, activations, recurrent, conv, normalization, reshaping, merging)
    for spec in family.SPECS
}

__all__ = ["SPECS", "MERGE_FUNCTIONS", "LayerSpec"]
