"""Questions several rules ask of the program's graph, answered once here."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Set

from lstm_lint.graph.objects import Layer
from lstm_lint.graph.shapes import Shape
from lstm_lint.source.names import keras_subpath

if TYPE_CHECKING:
    from lstm_lint.engine import Program

# keras/src/activations/__init__.py ALL_OBJECTS_DICT: the names activations.get() accepts.
KERAS_ACTIVATIONS = {
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
}
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
    """``; 4 × 50 × (3 + 50 + 1) = 10,800 parameters``: a recurrent layer's count with the values
    put in (LSTMCell/GRUCell/SimpleRNNCell.build), or "" for other layers or unknown values."""
    shape = first_input_shape(layer)
    units = layer.config.get("units")
    features = shape[-1] if shape else None
    if not isinstance(units, int) or not isinstance(features, int):
        return ""
    gates = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}.get(layer.class_name)
    if gates is None:
        return ""
    use_bias = layer.config.get("use_bias") is True
    bias = 0 if not use_bias else (2 if layer.class_name == "GRU" and layer.config.get("reset_after") is True else 1)
    total = gates * units * (features + units + bias)
    gate_text = f"{gates} × " if gates > 1 else ""
    bias_text = f" + {bias}" if bias else ""
    return f"; {gate_text}{units} × ({features} + {units}{bias_text}) = {total:,} parameters"


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
