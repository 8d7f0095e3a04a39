"""Preprocessing layers outside the image family (``keras/src/layers/preprocessing``): Rescaling,
Normalization, Discretization, CategoryEncoding and the audio spectrograms.

Their symbolic call runs ``compute_output_shape`` (or a ``compute_output_spec`` built on it), copied
here with its oddities: Discretization's multi-hot output drops the second axis, CategoryEncoding
and Discretization give a batch-less shape for a rank-1 input. Normalization's statistics are
non-trainable weights, made only when ``mean``/``variance`` are not given. The lookup and hashing
layers (StringLookup, IntegerLookup, TextVectorization, Hashing, HashedCrossing), which Keras builds
only with TensorFlow installed, are in ``preprocessing_lookup.py``.
"""
from __future__ import annotations

import math
from typing import Any, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, product
from lstm_lint.layers.spec import (
    NO_WEIGHTS, PASSES_MASK, UNKNOWN_WEIGHTS, BuildError, Config, LayerSpec, Weights, example,
    int_or_unknown, require_rank, signature, single,
)
from lstm_lint.layers.preprocessing_image import data_format
from lstm_lint.values import UNKNOWN, Unknown

# ---- Rescaling ----------------------------------------------------------------------------------

RESCALING = LayerSpec(
    "Rescaling", signature("scale", offset=0.0), masking=PASSES_MASK,
    examples=(example({"scale": 1 / 255}, (None, 8, 9, 3)), example({"scale": 2.0, "offset": -1.0}, (None, 5)),
              example({"scale": [1.0, 2.0, 3.0]}, (None, 8, 3)),
              # Rescaling takes no data_format (LL103).
              example({"scale": 0.5, "data_format": "channels_last"}, (None, 8, 9, 3), raises=True)),
    takes_non_tensor_positional=True, one_positional_argument=True,
)


# ---- Normalization ------------------------------------------------------------------------------


def _nested_shape(value: Any) -> Union[Tuple[int, ...], Unknown]:
    """``np.shape`` of a number or of a rectangular nested list/tuple of numbers; UNKNOWN otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    if isinstance(value, (list, tuple)) and value:
        inner = [_nested_shape(item) for item in value]
        first = inner[0]
        if isinstance(first, Unknown) or any(isinstance(s, Unknown) or s != first for s in inner):
            return UNKNOWN
        return (len(value),) + first
    return UNKNOWN


def _normalization_axes(config: Config) -> Union[Tuple[int, ...], Unknown]:
    axis = config["axis"]
    if axis is None:
        return ()
    if isinstance(axis, int) and not isinstance(axis, bool):
        return (axis,)
    if isinstance(axis, (list, tuple)) and all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
        return tuple(axis)
    return UNKNOWN


def _normalization_check(config: Config, shape: MaybeShape) -> Union[Tuple[int, ...], Unknown]:
    """The constructor's and ``build``'s checks; the kept axes (sorted, non-negative) or UNKNOWN."""
    mean, variance = config["mean"], config["variance"]
    axes = _normalization_axes(config)
    if not isinstance(mean, Unknown) and not isinstance(variance, Unknown):
        if (mean is None) != (variance is None):
            raise BuildError("value", "Normalization: mean and variance must both be given, or neither")
        mean_shape, variance_shape = _nested_shape(mean), _nested_shape(variance)
        if mean is not None and not isinstance(mean_shape, Unknown) and not isinstance(variance_shape, Unknown):
            if mean_shape != variance_shape:
                raise BuildError("value", f"Normalization: mean shape {mean_shape} and variance shape "
                                          f"{variance_shape} differ")
            if not isinstance(axes, Unknown) and len(mean_shape) > len(axes):
                raise BuildError("value", f"Normalization: mean of rank {len(mean_shape)} for {len(axes)} axes")
    if isinstance(shape, Unknown) or isinstance(axes, Unknown):
        return UNKNOWN
    ndim = len(shape)
    if any(a < -ndim or a >= ndim for a in axes):
        raise BuildError("value", f"Normalization: axis {axes} out of range for input of rank {ndim}")
    keep = tuple(sorted(a if a >= 0 else a + ndim for a in axes))
    for d in keep:
        if shape[d] is None:
            raise BuildError("size", f"Normalization: the kept axis {d} of input shape {shape} must have "
                                     f"a known size")
    if len(set(keep)) != len(keep):
        # build() makes statistics of shape (size, size, ...); finalize_state cannot reshape them.
        raise BuildError("value", f"Normalization: axis {axes} names an axis twice")
    return keep


def _normalization_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    shape = single(inputs)
    keep = _normalization_check(config, shape)
    mean = config["mean"]
    if isinstance(shape, Unknown) or isinstance(keep, Unknown) or mean is None or isinstance(mean, Unknown):
        return inputs
    # build: mean/variance aligned right to left with the kept axes, then broadcast to the input.
    mean_shape = _nested_shape(mean)
    if isinstance(mean_shape, Unknown):
        return inputs
    for size, axis in zip(reversed(mean_shape), reversed(keep)):
        if size != 1 and size != shape[axis]:
            raise BuildError("size", f"Normalization: mean of shape {mean_shape} does not broadcast to the "
                                     f"kept axes {keep} of input shape {shape}")
    return inputs


def _normalization_weights(config: Config, inputs: ShapeTree) -> Weights:
    # normalization.py build: mean and variance of the kept axes' sizes, and a scalar count, all
    # non-trainable; none when mean and variance were given.
    shape = single(inputs)
    keep = _normalization_check(config, shape)
    mean = config["mean"]
    if isinstance(mean, Unknown):
        return UNKNOWN_WEIGHTS
    if mean is not None:
        return NO_WEIGHTS
    if isinstance(shape, Unknown) or isinstance(keep, Unknown):
        return UNKNOWN_WEIGHTS
    size = product([shape[d] for d in keep])
    if not isinstance(size, int):
        return UNKNOWN_WEIGHTS
    return Weights(0, 2 * size + 1)


NORMALIZATION = LayerSpec(
    "Normalization", signature(axis=-1, mean=None, variance=None, invert=False),
    output=_normalization_output, weights=_normalization_weights, masking=PASSES_MASK,
    examples=(
        example({}, (None, 4)), example({}, (None, 8, 9, 3)), example({"axis": None}, (None, 4)),
        example({"axis": (1, 2)}, (None, 4, 5)), example({"axis": 1}, (None, 4, 5)),
        example({"axis": -1, "invert": True}, (2, 4)),
        example({"mean": 2.0, "variance": 1.0}, (None, 4)),
        example({"mean": [1.0, 2.0, 3.0, 4.0], "variance": [1.0, 1.0, 1.0, 1.0]}, (None, 4)),
        example({"mean": [1.0], "variance": [1.0]}, (None, 4)),
        example({"mean": [1.0, 2.0, 3.0], "variance": [1.0, 1.0, 1.0]}, (None, 4), raises=True),
        example({"mean": 1.0}, (None, 4), raises=True),
        example({"mean": [1.0, 2.0], "variance": [1.0]}, (None, 2), raises=True),
        example({}, (None, None), raises=True), example({"axis": 0}, (None, 4), raises=True),
        example({"axis": 3}, (None, 4), raises=True), example({"axis": (-1, 1)}, (None, 4), raises=True),
    ),
    takes_non_tensor_positional=True, one_positional_argument=True,
)


# ---- Discretization and CategoryEncoding ----------------------------------------------------------


def _known_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _discretization_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # discretization.py __init__ checks, then compute_output_shape.
    boundaries, num_bins, mode, sparse = (config["bin_boundaries"], config["num_bins"], config["output_mode"],
                                          config["sparse"])
    if isinstance(mode, str) and mode not in ("int", "one_hot", "multi_hot", "count"):
        raise BuildError("value", f"Discretization: output_mode={mode!r} is not 'int', 'one_hot', "
                                  f"'multi_hot' or 'count'")
    if sparse is True and mode == "int":
        raise BuildError("value", "Discretization: sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'")
    if _known_int(num_bins) and num_bins < 0:
        raise BuildError("value", f"Discretization: num_bins={num_bins} must be >= 0")
    if not isinstance(boundaries, Unknown) and not isinstance(num_bins, Unknown):
        if num_bins is not None and boundaries is not None:
            raise BuildError("value", "Discretization: give num_bins or bin_boundaries, not both")
        if num_bins is None and boundaries is None:
            raise BuildError("value", "Discretization: give num_bins or bin_boundaries")
    shape = single(inputs)
    if isinstance(shape, Unknown) or not isinstance(mode, str) or sparse is not False:
        return UNKNOWN  # sparse=True: only backends with sparse tensors take it
    if mode == "int":
        return shape
    if isinstance(boundaries, (list, tuple)):
        depth: Dim = len(boundaries) + 1
    elif boundaries is None:
        depth = int_or_unknown(num_bins)
    else:
        depth = UNKNOWN
    if mode == "one_hot":
        if shape and shape[-1] == 1 and len(shape) > 1:
            return shape[:-1] + (depth,)
        return shape + (depth,)
    if len(shape) >= 2:
        return (shape[0],) + shape[2:] + (depth,)
    return (depth,)


DISCRETIZATION = LayerSpec(
    "Discretization",
    signature(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False, dtype=None,
              name=None),
    output=_discretization_output, accepts_base_kwargs=False,
    examples=(
        example({"bin_boundaries": [0.0, 1.0]}, (None, 4)), example({"num_bins": 4}, (None, 4, 2)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None, 1)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None, 3)),
        example({"num_bins": 4, "output_mode": "one_hot"}, (None,)),
        example({"bin_boundaries": [0.0, 1.0], "output_mode": "multi_hot"}, (None, 5, 6)),
        example({"bin_boundaries": [0.0, 1.0], "output_mode": "count"}, (None, 5)),
        example({"bin_boundaries": [0.0, 1.0], "output_mode": "count"}, (None,)),
        example({}, (None, 4), raises=True), example({"num_bins": 2, "bin_boundaries": [0.0]}, (None, 4), raises=True),
        example({"num_bins": -1}, (None, 4), raises=True),
        example({"num_bins": 2, "output_mode": "binary"}, (None, 4), raises=True),
        example({"num_bins": 2, "sparse": True}, (None, 4), raises=True),
    ),
    takes_non_tensor_positional=True, one_positional_argument=True,
)


def _category_encoding_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # category_encoding.py __init__ checks ("binary" is the deprecated "multi_hot"), then
    # compute_output_shape.
    num_tokens, mode = config["num_tokens"], config["output_mode"]
    if mode == "binary":
        mode = "multi_hot"
    if isinstance(mode, str) and mode not in ("count", "one_hot", "multi_hot"):
        raise BuildError("value", f"CategoryEncoding: unknown output_mode {mode!r}")
    if num_tokens is None:
        raise BuildError("value", "CategoryEncoding: num_tokens must be set")
    if isinstance(num_tokens, (int, float)) and num_tokens < 1:
        raise BuildError("value", f"CategoryEncoding: num_tokens={num_tokens} must be >= 1")
    shape = single(inputs)
    if isinstance(shape, Unknown) or not isinstance(mode, str):
        return UNKNOWN
    tokens = int_or_unknown(num_tokens)
    if len(shape) == 0:
        return (tokens,)
    if mode == "one_hot" and (shape[-1] != 1 or len(shape) == 1):
        return shape + (tokens,)
    return shape[:-1] + (tokens,)


CATEGORY_ENCODING = LayerSpec(
    "CategoryEncoding", signature(num_tokens=None, output_mode="multi_hot", sparse=False),
    output=_category_encoding_output,
    examples=(
        example({"num_tokens": 5}, (None, 3)), example({"num_tokens": 5, "output_mode": "count"}, (None, 2, 3)),
        example({"num_tokens": 5, "output_mode": "one_hot"}, (None, 1)),
        example({"num_tokens": 5, "output_mode": "one_hot"}, (None, 3)),
        example({"num_tokens": 5, "output_mode": "one_hot"}, (None,)),
        example({"num_tokens": 5, "output_mode": "count"}, (None,)),
        example({"num_tokens": 5, "output_mode": "binary"}, (None, 3)),
        example({}, (None, 3), raises=True), example({"num_tokens": 0}, (None, 3), raises=True),
        example({"num_tokens": 5, "output_mode": "tf_idf"}, (None, 3), raises=True),
    ),
    takes_non_tensor_positional=True, one_positional_argument=True,
)


# ---- audio --------------------------------------------------------------------------------------


def _mel_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # mel_spectrogram.py: fft_length >= (sequence_length or fft_length); compute_output_shape
    # reads the time axis at 0 (rank 1) or 1.
    fft_length, sequence_length = config["fft_length"], config["sequence_length"]
    stride, bins = config["sequence_stride"], int_or_unknown(config["num_mel_bins"])
    if _known_int(fft_length) and _known_int(sequence_length) and fft_length < sequence_length:
        raise BuildError("value", f"MelSpectrogram: fft_length={fft_length} must be >= "
                                  f"sequence_length={sequence_length}")
    shape = single(inputs)
    if isinstance(shape, Unknown) or not shape:
        return UNKNOWN

    def frames(length: Dim) -> Dim:
        if length is None:
            return None
        if not isinstance(length, int) or not _known_int(stride) or stride == 0:
            return UNKNOWN
        result: int = (length + stride + 1) // stride
        return result

    if len(shape) == 1:
        return (bins, frames(shape[0]))
    return (shape[0], bins, frames(shape[1]))


MEL_SPECTROGRAM = LayerSpec(
    "MelSpectrogram",
    signature(fft_length=2048, sequence_stride=512, sequence_length=None, window="hann", sampling_rate=16000,
              num_mel_bins=128, min_freq=20.0, max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0,
              min_power=1e-10, ref_power=1.0),
    output=_mel_output,
    examples=(
        example({}, (None, 16000)), example({"num_mel_bins": 64, "sequence_stride": 160}, (None, 16000)),
        example({}, (16000,)), example({}, (None, None)),
        example({"fft_length": 512, "sequence_length": 256}, (2, 1000)),
        example({"fft_length": 256, "sequence_length": 512}, (None, 1000), raises=True),
    ),
    takes_non_tensor_positional=True, one_positional_argument=True,
)

_STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def _stft_lengths(config: Config) -> Union[Tuple[int, int, int], Unknown]:
    """(frame_length, frame step, fft length) once the constructor checked them."""
    frame_length, frame_step, fft_length = config["frame_length"], config["frame_step"], config["fft_length"]
    mode, scaling, padding = config["mode"], config["scaling"], config["padding"]
    if _known_int(frame_length) and _known_int(frame_step) and (frame_step > frame_length or frame_step < 1):
        raise BuildError("value", f"STFTSpectrogram: frame_step={frame_step} must be in [1, frame_length="
                                  f"{frame_length}]")
    if _known_int(frame_length) and _known_int(fft_length) and fft_length < frame_length:
        raise BuildError("value", f"STFTSpectrogram: fft_length={fft_length} must be >= frame_length={frame_length}")
    if isinstance(mode, str) and mode not in _STFT_MODES:
        raise BuildError("value", f"STFTSpectrogram: mode={mode!r} must be one of {', '.join(_STFT_MODES)}")
    if isinstance(scaling, str) and scaling not in ("density", "spectrum"):
        raise BuildError("value", f"STFTSpectrogram: scaling={scaling!r} must be None, 'density' or 'spectrum'")
    if not isinstance(padding, Unknown) and padding not in ("valid", "same"):  # an int or a tuple too
        raise BuildError("value", f"STFTSpectrogram: padding={padding!r} must be 'valid' or 'same'")
    if not _known_int(frame_length) or frame_length < 1 or not (frame_step is None or _known_int(frame_step)) \
            or not (fft_length is None or _known_int(fft_length)):
        return UNKNOWN
    step = frame_step or frame_length // 2
    fft = fft_length or 2 ** int(math.ceil(math.log2(frame_length)))
    return frame_length, step, fft


def _stft_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    lengths = _stft_lengths(config)
    fmt = data_format("STFTSpectrogram", config)
    shape = single(inputs)
    require_rank("STFTSpectrogram", shape, ndim=3)
    mode, padding, expand = config["mode"], config["padding"], config["expand_dims"]
    if isinstance(shape, Unknown) or isinstance(lengths, Unknown) or isinstance(fmt, Unknown) \
            or not isinstance(mode, str) or not isinstance(padding, str) or not isinstance(expand, bool):
        return UNKNOWN
    frame_length, step, fft = lengths
    batch, time, channels = (shape[0], shape[1], shape[2]) if fmt == "channels_last" else \
        (shape[0], shape[2], shape[1])
    frequencies = (fft // 2 + 1) * (2 if mode == "stft" else 1)
    if channels is None:
        raise BuildError("size", "STFTSpectrogram needs a known channel dimension, got None")
    if not isinstance(channels, int):
        return UNKNOWN
    # operation_utils.compute_conv_output_shape, one spatial axis, no dilation.
    steps: Dim
    if time is None:
        steps = None
    elif not isinstance(time, int):
        steps = UNKNOWN
    elif padding == "valid":
        steps = (time - frame_length) // step + 1
        if steps <= 0:
            raise BuildError("value", f"STFTSpectrogram: computed output size would be zero or negative "
                                      f"(length {time}, frame_length {frame_length}, frame_step {step})")
    else:
        steps = (time - 1) // step + 1
    if expand:
        return (batch, steps, frequencies, channels) if fmt == "channels_last" else \
            (batch, channels, steps, frequencies)
    return (batch, steps, frequencies * channels) if fmt == "channels_last" else \
        (batch, frequencies * channels, steps)


def _stft_weights(config: Config, inputs: ShapeTree) -> Weights:
    # stft_spectrogram.py build: real and imaginary kernels of (frame_length, 1, fft // 2 + 1),
    # trainable; mode "imag" has no real one, mode "real" no imaginary one.
    lengths = _stft_lengths(config)
    mode = config["mode"]
    if isinstance(lengths, Unknown) or not isinstance(mode, str):
        return UNKNOWN_WEIGHTS
    frame_length, _, fft = lengths
    kernels = 1 if mode in ("real", "imag") else 2
    return Weights(kernels * frame_length * (fft // 2 + 1))


STFT_SPECTROGRAM = LayerSpec(
    "STFTSpectrogram",
    signature(mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann", periodic=False,
              scaling="density", padding="valid", expand_dims=False, data_format=None),
    output=_stft_output, weights=_stft_weights,
    examples=(
        example({}, (None, 1000, 1)),
        example({"mode": "stft", "frame_length": 64, "frame_step": 16, "fft_length": 128}, (None, 1000, 2)),
        example({"mode": "real", "padding": "same"}, (None, 1000, 1)),
        example({"padding": 1}, (None, 1000, 1), raises=True),
        example({"mode": "imag", "frame_length": 100}, (None, 1000, 1)),
        example({"data_format": "channels_first", "expand_dims": True}, (None, 2, 1000)),
        example({"expand_dims": True, "frame_length": 32}, (None, None, 3)),
        example({"data_format": "channels_first"}, (4, 1, 500)),
        example({}, (None, 100, 1), raises=True), example({}, (None, 1000), raises=True),
        example({}, (None, 1000, None), raises=True), example({"frame_step": 300}, (None, 1000, 1), raises=True),
        example({"fft_length": 128}, (None, 1000, 1), raises=True),
        example({"mode": "power"}, (None, 1000, 1), raises=True),
    ),
)

SPECS = (RESCALING, NORMALIZATION, DISCRETIZATION, CATEGORY_ENCODING, MEL_SPECTROGRAM, STFT_SPECTROGRAM)
