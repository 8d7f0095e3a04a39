"""The registry of Keras layer classes lstm-lint models: class name -> LayerSpec.

Everything lstm-lint knows about Keras layers is declared in this package, one ``LayerSpec`` per
class; a class that is not here is an "unknown layer" whose shape and parameters are unknown.
``ALIASES`` are the other names ``keras.layers`` exports for a class (``MaxPool2D``); ``UNMODELLED``
says, for every other public class of ``keras.layers``, why it has no entry (a test enumerates
``keras.layers`` and fails on a class in neither).
"""
from __future__ import annotations

from typing import Dict

from lstm_lint.layers import (
    activations, attention, conv, core, merging, normalization, pooling, preprocessing, preprocessing_image,
    preprocessing_lookup, recurrent, reshaping,
)
from lstm_lint.layers.merging import MERGE_FUNCTIONS
from lstm_lint.layers.spec import LayerSpec

SPECS: Dict[str, LayerSpec] = {
    spec.class_name: spec
    for family in (core, activations, recurrent, conv, pooling, normalization, reshaping, merging, attention,
                   preprocessing, preprocessing_image, preprocessing_lookup)
    for spec in family.SPECS
}

# keras.layers's other names for a class: Keras prints the class's own name and default layer name.
ALIASES: Dict[str, str] = {
    "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D", "AvgPool3D": "AveragePooling3D",
    "Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose", "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "GlobalAvgPool1D": "GlobalAveragePooling1D", "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D", "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GroupQueryAttention": "GroupedQueryAttention",
    "MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
    "SeparableConvolution1D": "SeparableConv1D", "SeparableConvolution2D": "SeparableConv2D",
}
# Classes keras.layers exports under another name only: the summary shows the class's own name, but
# ``keras.layers.GroupedQueryAttention`` raises AttributeError (Keras 3 exports the class as
# ``GroupQueryAttention`` alone, and tf.keras 2 has no such class), so that spelling is no layer we know.
EXPORTED_ONLY_AS_ALIAS = ("GroupedQueryAttention",)

_NOT_YET = "not modelled yet: its rows are shown with unknown shape and parameters"
# Public classes of keras.layers without an entry, and why.
UNMODELLED: Dict[str, str] = {
    "Layer": "the base class: a subclass of the user's own is a custom layer",
    "InputSpec": "not a layer: a description of a layer's accepted inputs",
    "Wrapper": "an abstract base class of wrappers",
    "InputLayer": "modelled apart from the registry, with keras.Input",
    "TFSMLayer": "loads a TensorFlow SavedModel from disk at run time",
    "JaxLayer": "wraps a JAX function whose parameters are made at run time",
    "FlaxLayer": "wraps a Flax module whose parameters are made at run time",
    "TorchModuleWrapper": "wraps a PyTorch module defined outside Keras",
    "Pipeline": "a sequence of preprocessing layers applied outside the model graph",
    "MaxNumBoundingBoxes": "acts on bounding-box data, not on tensors of a model",
}
# Entries whose constructors raise ImportError("Layer X requires TensorFlow. ...") when TensorFlow
# cannot be imported, whatever the backend (keras/src/layers/preprocessing/*.py: ``if not
# tf.available``): their examples are checked against a recording made with TensorFlow
# (tools/record_lookup_layers.py), not against the Keras of the test run.
NEEDS_TENSORFLOW = ("StringLookup", "IntegerLookup", "TextVectorization", "Hashing", "HashedCrossing")
UNMODELLED["Equalization"] = (_NOT_YET + "; in Keras 3.15 its symbolic call returns its input, so no model "
                              "using it builds")
for _name in (
    "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D", "AdditiveAttention", "Attention", "AugMix", "AutoContrast",
    "AveragePooling3D", "CategoryEncoding", "CenterCrop", "ContrastLimitedAdaptiveHistogramEqualization",
    "Conv1DTranspose", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
    "Cropping1D", "Cropping2D", "Cropping3D", "CutMix", "DepthwiseConv1D", "DepthwiseConv2D", "Discretization",
    "Dot", "EinsumDense", "Equalization", "GRUCell", "GlobalAveragePooling3D", "GlobalMaxPooling3D",
    "GroupNormalization", "GroupedQueryAttention", "HashedCrossing", "Hashing", "IntegerLookup", "LSTMCell",
    "MaxPooling3D", "MelSpectrogram", "MixUp", "MultiHeadAttention", "Normalization", "PReLU", "RMSNormalization",
    "RNN", "RandAugment", "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomContrast",
    "RandomCrop", "RandomElasticTransform", "RandomErasing", "RandomFlip", "RandomGaussianBlur", "RandomGrayscale",
    "RandomHue", "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation", "RandomSaturation",
    "RandomSharpness", "RandomShear", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
    "ReversibleEmbedding", "STFTSpectrogram", "SeparableConv1D", "SeparableConv2D", "SimpleRNNCell", "Solarization",
    "SpatialDropout3D", "SpectralNormalization", "StackedRNNCells", "StringLookup", "TextVectorization",
    "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
):
    if _name not in SPECS:
        UNMODELLED.setdefault(_name, _NOT_YET)


def canonical_class(name: str) -> str:
    """The Keras class a ``keras.layers`` name stands for (``MaxPool2D`` -> ``MaxPooling2D``)."""
    return ALIASES.get(name, name)


def modelled_layers_markdown() -> str:
    """The README's list of modelled layers, made from the registry (a test keeps the README equal)."""
    names = sorted(SPECS)
    aliases = sorted(alias for alias, name in ALIASES.items() if name in SPECS)
    pending = sorted(name for name, reason in UNMODELLED.items() if reason.startswith(_NOT_YET))
    lines = [f"Modelled layers ({len(names)}): " + ", ".join(f"`{name}`" for name in names) + ".",
             "",
             "Also under their other names: " + ", ".join(f"`{alias}`" for alias in aliases) + ".",
             "",
             f"Not modelled yet ({len(pending)}; their rows show `?`): "
             + ", ".join(f"`{name}`" for name in pending) + ".",
             "",
             "Of the modelled layers, " + ", ".join(f"`{name}`" for name in sorted(NEEDS_TENSORFLOW))
             + " raise ImportError (`Layer ... requires TensorFlow`) when constructed without TensorFlow, "
               "on every backend: what Keras gives for their entries' examples was recorded with TensorFlow "
               "installed (`tools/record_lookup_layers.py`), and the tests compare with that recording "
               "instead of re-building them."]
    return "\n".join(lines)


__all__ = ["ALIASES", "EXPORTED_ONLY_AS_ALIAS", "MERGE_FUNCTIONS", "NEEDS_TENSORFLOW", "SPECS", "UNMODELLED",
           "LayerSpec", "canonical_class", "modelled_layers_markdown"]
