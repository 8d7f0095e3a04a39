"""Questions several rules ask of the program's graph, answered once here."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Set

from lstm_lint.graph.objects import Layer
from lstm_lint.graph.shapes import Shape
from lstm_lint.layers.checks import KERAS_ACTIVATIONS
from lstm_lint.layers.traits import Trait
from lstm_lint.source.names import keras_subpath

if TYPE_CHECKING:
    from lstm_lint.engine import Program

# Where an activation function passed by reference (``activation=keras.activations.relu``) lives:
# inside Keras, and in TensorFlow (whose ``tf.tanh`` Keras also accepts for cuDNN).
_KERAS_ACTIVATION_MODULES = ("activations", "ops", "ops.nn")
_TENSORFLOW_ACTIVATION_MODULES = ("tensorflow", "tensorflow.nn", "tensorflow.math")


def activation_function(path: str) -> Optional[str]:
    """The activation a dotted reference names (``keras.activations.relu`` -> ``"relu"``), when it
    is one of Keras's or TensorFlow's own activation functions; None for anything else."""
    module, _, name = path.rpartition(".")
    if name not in KERAS_ACTIVATIONS:
        return None
    inside_keras = keras_subpath(module)
    if inside_keras is not None:
        return name if inside_keras in _KERAS_ACTIVATION_MODULES else None
    return name if module in _TENSORFLOW_ACTIVATION_MODULES else None


def first_input_shape(layer: Layer) -> Optional[Shape]:
    """The shape of the main input of the layer's first call (Keras builds the layer on it), when
    the layer was called and the rank is known."""
    if not layer.nodes or not layer.nodes[0].inputs:
        return None
    shape = layer.nodes[0].inputs[0].shape
    return shape if isinstance(shape, tuple) else None


def parameter_formula(layer: Layer) -> str:
    """``; 4 × 50 × (3 + 50 + 1) = 10,800 parameters``: the layer's count with the values put in,
    for a class whose entry has a formula; "" for others or unknown values."""
    shape = first_input_shape(layer)
    if layer.spec is None or layer.spec.parameter_formula is None or not shape:
        return ""
    return layer.spec.parameter_formula(layer.config, shape[-1])


def has_trait(layer: object, trait: str) -> bool:
    """Whether ``layer`` is a layer whose class has the trait."""
    return isinstance(layer, Layer) and layer.spec is not None and layer.spec.has(trait)


def recurrent_core(layer: Layer) -> Optional[Layer]:
    """The recurrent layer whose settings (``return_state``, ``stateful``, ...) this layer has: the
    layer itself, or the one a recurrent wrapper (Bidirectional) wraps; None for any other layer."""
    if has_trait(layer, Trait.RECURRENT):
        return layer
    if has_trait(layer, Trait.RECURRENT_WRAPPER):
        inner = layer.config.get("layer")
        return inner if isinstance(inner, Layer) and has_trait(inner, Trait.RECURRENT) else None
    return None


def is_recurrent(layer: object) -> bool:
    """A recurrent layer, or a wrapper of one (the layers a mask or a sequence is meant for)."""
    return has_trait(layer, Trait.RECURRENT) or has_trait(layer, Trait.RECURRENT_WRAPPER)


def built_layers(program: Program) -> Set[int]:
    """``id()`` of every layer Keras builds: one that was called, and one wrapped (Bidirectional,
    TimeDistributed) by a layer that was called, since the wrapper builds what it wraps."""
    built = {id(layer) for layer in program.layers if layer.nodes}
    changed = True
    while changed:
        changed = False
        for layer in program.layers:
            if id(layer) not in built or layer.spec is None:
                continue
            for argument in layer.spec.layer_arguments:
                inner = layer.config.get(argument)
                if isinstance(inner, Layer) and id(inner) not in built:
                    built.add(id(inner))
                    changed = True
    return built
