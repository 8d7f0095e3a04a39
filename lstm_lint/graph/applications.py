"""A ``keras.applications`` model (ResNet50, MobileNetV2, ...) as one object of the graph.

Keras builds it as a functional model of hundreds of layers; lstm-lint does not follow them, but
knows its totals, its input and output shapes and its name (``layers/applications.py``). Used as a
layer of the user's model it is one row, as Keras prints it (``mobilenetv2_1.00_160
(Functional)``); reported on its own, its layer list is one unknown row under known totals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from lstm_lint.graph.objects import Model, Node, Operation, Tensor
from lstm_lint.graph.shapes import ShapeTree
from lstm_lint.layers.applications import Built
from lstm_lint.layers.spec import UNKNOWN_WEIGHTS, Weights
from lstm_lint.values import UNKNOWN, Unknown


@dataclass(eq=False)
class ApplicationModel(Model):
    built: Optional[Built] = None
    # The program reached its inner layers (``base.layers``, ``base.get_layer``): it may have
    # changed which of them are trainable, so the trainable split is no longer known.
    inner_layers_reached: bool = False
    inner_output: Optional[Tensor] = None  # ``base.output``, once the program reads it

    def current_weights(self) -> Weights:
        if self.built is None:
            return UNKNOWN_WEIGHTS
        weights = self.built.weights
        if self.trainable is False:
            return Weights(0, weights.total)
        if isinstance(self.trainable, Unknown) or self.inner_layers_reached:
            total = weights.total
            return Weights(UNKNOWN, UNKNOWN, None if isinstance(total, Unknown) else total)
        return weights

    def variable_weights(self) -> Weights:
        # Its trainable setter sets every inner layer's flag: a model holding it sees the same.
        return self.current_weights()

    def called_output(self, given: ShapeTree) -> ShapeTree:
        return UNKNOWN if self.built is None else self.built.called_output(given)


@dataclass(eq=False)
class ApplicationLayers(Operation):
    """The application's own layers inside a model built from its tensors
    (``keras.Model(base.input, head(base.output))``, which holds every one of them): one row of
    unknown layers, with the application's weights."""

    application: Optional[ApplicationModel] = None

    def known_weights(self) -> Weights:
        if self.application is None or self.application.nodes:
            # Also called as a layer: Keras counts each weight once, the rows would count it twice.
            return UNKNOWN_WEIGHTS
        return self.application.current_weights()


def inner_output(model: ApplicationModel) -> Optional[Tensor]:
    """``base.output``: the application's output tensor, made by its layers from ``base.input``."""
    if model.built is None or len(model.inputs) != 1:
        return None
    if model.inner_output is None:
        operation = ApplicationLayers(f"layers of {model.keras_name or 'an application'}", model.line,
                                      maybe_layer=True, application=model)
        node = Node(operation, [model.inputs[0]], model.built.output_shape)
        operation.nodes.append(node)
        shape = model.built.output_shape
        node.outputs = [Tensor(shape if not isinstance(shape, list) else UNKNOWN, node, 0)]
        model.inner_output = node.outputs[0]
    return model.inner_output


def placeholder_rows(model: ApplicationModel) -> None:
    """Its own layer list, when reported as a model: one row standing for the layers we do not list."""
    model.incomplete = True
    model.functional_layers = [Operation(f"layers of {model.keras_name or 'an application'}", model.line,
                                         maybe_layer=True)]


__all__ = ["ApplicationLayers", "ApplicationModel", "inner_output", "placeholder_rows"]
