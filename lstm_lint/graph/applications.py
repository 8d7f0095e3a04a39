"""A ``keras.applications`` model (ResNet50, MobileNetV2, ...) as one object of the graph.

Keras builds it as a functional model of hundreds of layers; lstm-lint does not follow them, but
knows its totals, its input and output shapes and its name (``layers/applications.py``). Used as a
layer of the user's model it is one row, as Keras prints it (``mobilenetv2_1.00_160
(Functional)``); reported on its own, its layer list is one unknown row under known totals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union

from lstm_lint.graph.objects import InputLayer, Model, Node, Operation, Tensor
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
    # The trainable flag the program last gave every one of its inner layers, by its own setter
    # (which sets theirs) or a loop over ``base.layers``; None: as Keras built them.
    inner_trainable: Union[None, bool, Unknown] = None

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "trainable":
            # Keras's setter on a model sets every layer inside it, wherever it is set from.
            super().__setattr__("inner_trainable", value)

    def current_weights(self) -> Weights:
        if self.trainable is False:
            return self._frozen()
        return self.variable_weights() if not isinstance(self.trainable, Unknown) else self._unknown_split()

    def variable_weights(self) -> Weights:
        """Its weights as the variables' flags make them (what a model holding it counts): each
        inner layer's setter sets its variables' flags, whatever its own flag."""
        if self.built is None:
            return UNKNOWN_WEIGHTS
        if self.inner_layers_reached or isinstance(self.inner_trainable, Unknown):
            return self._unknown_split()
        return self._frozen() if self.inner_trainable is False else self.built.weights

    def _frozen(self) -> Weights:
        return UNKNOWN_WEIGHTS if self.built is None else Weights(0, self.built.weights.total)

    def _unknown_split(self) -> Weights:
        if self.built is None:
            return UNKNOWN_WEIGHTS
        total = self.built.weights.total
        return Weights(UNKNOWN, UNKNOWN, None if isinstance(total, Unknown) else total)

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
        # The model holds the layers themselves, not the application: their flags count.
        return self.application.variable_weights()


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


def input_tensor_shape(value: Any) -> Optional[Tuple[int, ...]]:
    """The shape (batch axis left out) of ``input_tensor=`` given to an application when it is a
    ``keras.Input``'s own tensor of an image's rank with every size known; None otherwise (a
    tensor made by layers makes them part of the application)."""
    if not isinstance(value, Tensor) or not isinstance(value.node.operation, InputLayer):
        return None
    shape = value.shape
    if not isinstance(shape, tuple) or len(shape) != 4:
        return None
    sizes = [dim for dim in shape[1:] if isinstance(dim, int) and not isinstance(dim, bool)]
    return tuple(sizes) if len(sizes) == 3 else None


def placeholder_rows(model: ApplicationModel) -> None:
    """Its own layer list, when reported as a model: one row standing for the layers we do not list."""
    model.incomplete = True
    model.functional_layers = [Operation(f"layers of {model.keras_name or 'an application'}", model.line,
                                         maybe_layer=True)]


__all__ = ["ApplicationLayers", "ApplicationModel", "inner_output", "input_tensor_shape", "placeholder_rows"]
