"""Image preprocessing and augmentation layers (``keras/src/layers/preprocessing/image_preprocessing``).

None has weights. Their symbolic call runs ``compute_output_shape`` (overridden by every class
here): all keep the input shape except ``Resizing``, ``CenterCrop`` and ``RandomCrop``, which set
the two image axes to ``(height, width)`` by position, with no check of the rank beyond what the
indexing allows (a rank-3 input is an unbatched image, whatever its first axis). Every class
derives from ``BaseImagePreprocessingLayer``, whose ``__init__`` takes ``factor``,
``bounding_box_format`` and ``data_format`` through ``**kwargs`` when the class does not name them.
Argument checks Keras's constructors make are reported where the layer is called, as
``BuildError("value")``.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from lstm_lint.graph.shapes import Dim, ShapeTree
from lstm_lint.layers.spec import (
    Argument, BuildError, Config, LayerSpec, example, signature, single,
)
from lstm_lint.values import UNKNOWN, Unknown

# base_image_preprocessing_layer.py __init__'s own arguments, reaching it through **kwargs.
_BASE_ARGUMENTS = signature(factor=None, bounding_box_format=None, data_format=None)
_IMAGE = (None, 8, 9, 3)
_FIRST = (None, 3, 8, 9)


def data_format(class_name: str, config: Config) -> Union[str, Unknown]:
    """``backend.standardize_data_format`` of the config's ``data_format`` (the binding already
    replaced None by the global format): lower-cased, and rejected unless one of the two."""
    value = config.get("data_format")
    if not isinstance(value, str):
        return UNKNOWN
    value = value.lower()
    if value not in ("channels_first", "channels_last"):
        raise BuildError("value", f"{class_name}: data_format must be 'channels_first' or 'channels_last', "
                                  f"got {config.get('data_format')!r}")
    return value


def _or_zero(factor: Any) -> Any:
    """The base class's ``factor or 0.0``."""
    if isinstance(factor, Unknown):
        return UNKNOWN
    try:
        return factor or 0.0
    except (TypeError, ValueError):  # an array's truth: Keras fails too, lstm-lint does not say
        return UNKNOWN


def _number(value: Any) -> bool:
    return isinstance(value, (int, float))


def check_base_factor(class_name: str, factor: Any, bounds: Tuple[int, int]) -> None:
    """``BaseImagePreprocessingLayer._set_factor``: a number within ``bounds``, or a pair whose
    first is not above the upper bound and second not below the lower one."""
    if isinstance(factor, Unknown):
        return
    text = f"{class_name}: factor must be a number (or a list of two numbers) in the range " \
           f"[{bounds[0]}, {bounds[1]}], got {factor!r}"
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise BuildError("value", text)
        low, high = factor
        if _number(low) and _number(high) and (low > bounds[1] or high < bounds[0]):
            raise BuildError("value", text)
        return
    if _number(factor):
        if factor < bounds[0] or factor > bounds[1]:
            raise BuildError("value", text)
        return
    if factor is None or isinstance(factor, str):
        raise BuildError("value", text)


# ---- shape functions ----------------------------------------------------------------------------


def _size_argument(class_name: str, name: str, value: Any) -> Dim:
    """``height``/``width`` as they land in the output shape: Keras's shape check rejects a negative
    or non-integer size (None stays None, 0 is taken)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, int):
        if value < 0:
            raise BuildError("value", f"{class_name}: {name}={value} cannot be a dimension (negative)")
        return value
    if isinstance(value, (float, str)):
        raise BuildError("value", f"{class_name}: {name}={value!r} cannot be a dimension (not an integer)")
    return UNKNOWN


def _set_axes(class_name: str, shape: Tuple[Dim, ...], axes: Tuple[int, int], sizes: Tuple[Dim, Dim]
              ) -> Tuple[Dim, ...]:
    """``input_shape[axis] = size`` for both axes, as the Keras code does (IndexError past the end)."""
    result: List[Dim] = list(shape)
    for axis, size in zip(axes, sizes):
        if not -len(result) <= axis < len(result):
            raise BuildError("rank", f"{class_name} cannot take input of rank {len(shape)} "
                                     f"(input shape {shape}): it has no image axis {axis}")
        result[axis] = size
    return tuple(result)


def _resize_output(class_name: str, ranks: Optional[Tuple[int, ...]]) -> Callable[[Config, ShapeTree], ShapeTree]:
    """resizing.py / center_crop.py compute_output_shape: axes 1, 2 (channels_last) or 2, 3 of a
    rank-4 input, else 0, 1 or 1, 2. CenterCrop first requires rank 3 or 4."""

    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        shape = single(inputs)
        check_no_factor(class_name, config)
        fmt = data_format(class_name, config)
        sizes = (_size_argument(class_name, "height", config["height"]),
                 _size_argument(class_name, "width", config["width"]))
        if isinstance(shape, Unknown):
            return UNKNOWN
        if ranks is not None and len(shape) not in ranks:
            raise BuildError("rank", f"{class_name} expects input of rank 3 (one image) or 4 (a batch), "
                                     f"found rank {len(shape)} (input shape {shape})")
        if isinstance(fmt, Unknown):
            return UNKNOWN
        first = 1 if len(shape) == 4 else 0
        if fmt == "channels_first":
            first += 1
        return _set_axes(class_name, shape, (first, first + 1), sizes)

    return output


def _random_crop_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # random_crop.py: height_axis, width_axis = -3, -2 (channels_last) or -2, -1.
    shape = single(inputs)
    check_base_factor("RandomCrop", _or_zero(config["factor"]), (-1, 1))
    fmt = data_format("RandomCrop", config)
    sizes = (_size_argument("RandomCrop", "height", config["height"]),
             _size_argument("RandomCrop", "width", config["width"]))
    if isinstance(shape, Unknown) or isinstance(fmt, Unknown):
        return UNKNOWN
    axes = (-3, -2) if fmt == "channels_last" else (-2, -1)
    return _set_axes("RandomCrop", shape, axes, sizes)


def check_no_factor(class_name: str, config: Config) -> None:
    """A class that does not use the base class's factor rejects one given (``_USE_BASE_FACTOR``)."""
    factor = config.get("factor")
    if factor is not None and not isinstance(factor, Unknown):
        raise BuildError("value", f"Layer {class_name} does not take a `factor` argument, got factor={factor!r}")


def _keeps_shape(class_name: str, own_factor: Optional[Tuple[int, int]], base_factor: Optional[Tuple[int, int]],
                 has_factor: bool) -> Callable[[Config, ShapeTree], ShapeTree]:
    """compute_output_shape returns the input shape. ``own_factor``: the class passes its required
    ``factor`` to ``_set_factor`` itself (None is rejected); ``base_factor``: the base class checks
    ``factor or 0.0``; neither, with ``has_factor`` False: a factor given is rejected."""

    def output(config: Config, inputs: ShapeTree) -> ShapeTree:
        if own_factor is not None:
            check_base_factor(class_name, config["factor"], own_factor)
        elif base_factor is not None:
            check_base_factor(class_name, _or_zero(config["factor"]), base_factor)
        elif not has_factor:
            check_no_factor(class_name, config)
        if "data_format" in config:
            data_format(class_name, config)
        return inputs

    return output


def _color_degeneration_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # random_color_degeneration.py compute_output_shape: rank 3 or 4, three channels.
    output = _keeps_shape("RandomColorDegeneration", (-1, 1), None, True)(config, inputs)
    shape = single(inputs)
    fmt = data_format("RandomColorDegeneration", config)
    if isinstance(shape, Unknown):
        return output
    if len(shape) not in (3, 4):
        raise BuildError("rank", f"RandomColorDegeneration expects images of rank 3 or 4, found rank "
                                 f"{len(shape)} (input shape {shape})")
    if isinstance(fmt, Unknown):
        return UNKNOWN
    channels = shape[-1 if fmt == "channels_last" else -3]
    if isinstance(channels, int) and channels != 3:
        raise BuildError("size", f"RandomColorDegeneration needs images with 3 channels, got {channels}")
    return output


def _grayscale_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # random_grayscale.py __init__: ``factor < 0 or factor > 1`` (a pair does not compare).
    factor = config["factor"]
    if not isinstance(factor, Unknown) and not (_number(factor) and 0 <= factor <= 1):
        raise BuildError("value", f"RandomGrayscale: factor must be a number between 0 and 1, got {factor!r}")
    return _keeps_shape("RandomGrayscale", None, None, True)(config, inputs)


def _gaussian_blur_output(config: Config, inputs: ShapeTree) -> ShapeTree:
    # random_gaussian_blur.py _set_kernel_size: an odd number, or a pair of odd numbers.
    size = config["kernel_size"]
    if not isinstance(size, Unknown):
        sizes = tuple(size) if isinstance(size, (tuple, list)) else (size,)
        known = all(_number(one) for one in sizes)
        if len(sizes) not in (1, 2) or (isinstance(size, (tuple, list)) and len(sizes) != 2) \
                or (known and any(one % 2 == 0 for one in sizes)) \
                or any(one is None or isinstance(one, (str, tuple, list)) for one in sizes):
            raise BuildError("value", f"RandomGaussianBlur: kernel_size must be an odd number or a pair of odd "
                                      f"numbers, got {size!r}")
    return _keeps_shape("RandomGaussianBlur", None, None, True)(config, inputs)


# ---- the classes --------------------------------------------------------------------------------


def _image_spec(class_name: str, arguments: Tuple[Argument, ...], output: Callable[[Config, ShapeTree], ShapeTree],
                examples: Tuple[Any, ...]) -> LayerSpec:
    names = {argument.name for argument in arguments}
    return LayerSpec(
        class_name, arguments, output=output,
        keyword_arguments=tuple(argument for argument in _BASE_ARGUMENTS if argument.name not in names),
        examples=examples, takes_non_tensor_positional=True, one_positional_argument=True,
    )


def _identity_spec(class_name: str, arguments: Tuple[Argument, ...], examples: Tuple[Any, ...],
                   own_factor: Optional[Tuple[int, int]] = None,
                   base_factor: Optional[Tuple[int, int]] = None, **options: Any) -> LayerSpec:
    has_factor = any(argument.name == "factor" for argument in arguments)
    spec = _image_spec(class_name, arguments, _keeps_shape(class_name, own_factor, base_factor, has_factor),
                       examples)
    return dataclasses.replace(spec, **options) if options else spec


# The augmentation layers RandAugment and AugMix make in their constructors (rand_augment.py,
# aug_mix.py ``__init__``), by default name; AugMix makes the last four only with ``all_ops``.
_AUGMENTATIONS = ("random_shear", "random_translation", "random_rotation", "solarization", "random_posterization",
                  "auto_contrast", "equalization")
_COLOR_AUGMENTATIONS = ("random_brightness", "random_color_degeneration", "random_contrast", "random_sharpness")


def _rand_augment_layers(config: Config) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    return _AUGMENTATIONS + _COLOR_AUGMENTATIONS, ()


def _aug_mix_layers(config: Config) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    all_ops = config.get("all_ops")
    if all_ops is True:
        return _AUGMENTATIONS + _COLOR_AUGMENTATIONS, ()
    return _AUGMENTATIONS, (() if all_ops is False else _COLOR_AUGMENTATIONS)


def _color_jitter_layers(config: Config) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """random_color_jitter.py: one layer per factor given (not None)."""
    made: List[str] = []
    maybe: List[str] = []
    for factor, name in (("brightness_factor", "random_brightness"), ("contrast_factor", "random_contrast"),
                         ("saturation_factor", "random_saturation"), ("hue_factor", "random_hue")):
        value = config.get(factor)
        if isinstance(value, Unknown):
            maybe.append(name)
        elif value is not None:
            made.append(name)
    return tuple(made), tuple(maybe)


_CHANNELS_FIRST: Dict[str, Any] = {"data_format": "channels_first"}
_BAD_FORMAT: Dict[str, Any] = {"data_format": "channels_middle"}

RESIZING = _image_spec(
    "Resizing",
    signature("height", "width", interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
              fill_mode="constant", fill_value=0.0, antialias=False, data_format=None),
    _resize_output("Resizing", None),
    (example({"height": 4, "width": 5}, _IMAGE), example({"height": 4, "width": 5}, (None, None, None, 1)),
     example({"height": 4, "width": 5, "crop_to_aspect_ratio": True}, (2, 8, 9, 3)),
     example({"height": 4, "width": 5, "pad_to_aspect_ratio": True}, _IMAGE),
     example({"height": 4, "width": 5, **_CHANNELS_FIRST}, _FIRST),
     example({"height": 4, "width": 5}, (8, 9, 3)), example({"height": 4, "width": 5}, (None, 8)),
     example({"height": 4, "width": 5}, (None, 2, 8, 9, 3)),
     example({"height": 4, "width": 5, **_CHANNELS_FIRST}, (None, 3, 8)),
     example({"height": 4, "width": 5, **_CHANNELS_FIRST}, (None, 8), raises=True),
     example({"height": 4, "width": 5}, (None,), raises=True),
     example({"height": 4.0, "width": 5}, _IMAGE, raises=True),
     example({"height": -1, "width": 5}, _IMAGE, raises=True),
     example({"height": 4, "width": 5, **_BAD_FORMAT}, _IMAGE, raises=True),
     example({"height": 4, "width": 5, "factor": 0.5}, _IMAGE, raises=True)),
)
CENTER_CROP = _image_spec(
    "CenterCrop", signature("height", "width", data_format=None), _resize_output("CenterCrop", (3, 4)),
    (example({"height": 4, "width": 5}, _IMAGE), example({"height": 4, "width": 5, **_CHANNELS_FIRST}, _FIRST),
     example({"height": 4, "width": 5}, (8, 9, 3)), example({"height": 10, "width": 5}, _IMAGE),
     example({"height": 4, "width": 5}, (None, None, None, 3)),
     example({"height": 4, "width": 5}, (None, 8), raises=True),
     example({"height": 4, "width": 5}, (None, 2, 8, 9, 3), raises=True),
     example({"height": 4, "width": 5, **_BAD_FORMAT}, _IMAGE, raises=True)),
)
RANDOM_CROP = _image_spec(
    "RandomCrop", signature("height", "width", seed=None, data_format=None, name=None), _random_crop_output,
    (example({"height": 4, "width": 5}, _IMAGE), example({"height": 4, "width": 5, **_CHANNELS_FIRST}, _FIRST),
     example({"height": 4, "width": 5}, (8, 9, 3)), example({"height": 4, "width": 5}, (None, 2, 8, 9, 3)),
     example({"height": 4, "width": 5, **_CHANNELS_FIRST}, (None, 8)),
     example({"height": 4, "width": 5}, (None, 8), raises=True),
     example({"height": 4, "width": 5, **_BAD_FORMAT}, _IMAGE, raises=True),
     example({"height": 4, "width": 5, "factor": 2.0}, _IMAGE, raises=True)),
)
_FILL = dict(fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, data_format=None)
RANDOM_FLIP = _identity_spec(
    "RandomFlip", signature(mode="horizontal_and_vertical", seed=None, data_format=None),
    (example({}, _IMAGE), example({"mode": "horizontal", **_CHANNELS_FIRST}, _FIRST), example({}, (8, 9, 3)),
     example({"data_format": "channels_middle"}, _IMAGE, raises=True),
     example({"factor": 0.5}, _IMAGE, raises=True)),
)
RANDOM_ROTATION = _identity_spec(
    "RandomRotation", signature("factor", **_FILL),
    (example({"factor": 0.1}, _IMAGE), example({"factor": (-0.2, 0.3), **_CHANNELS_FIRST}, _FIRST),
     example({"factor": 2.0}, _IMAGE, raises=True), example({"factor": (0.1, 0.2, 0.3)}, _IMAGE, raises=True)),
    base_factor=(-1, 1),
)
RANDOM_ZOOM = _identity_spec(
    "RandomZoom", signature("height_factor", width_factor=None, **_FILL),
    (example({"height_factor": 0.1}, _IMAGE), example({"height_factor": 0.1, "width_factor": 0.2}, (None, 6, 6, 1)),
     example({"height_factor": 0.1, **_BAD_FORMAT}, _IMAGE, raises=True),
     example({"height_factor": 0.1, "factor": 0.2}, _IMAGE, raises=True)),
)
RANDOM_TRANSLATION = _identity_spec(
    "RandomTranslation", signature("height_factor", "width_factor", **_FILL),
    (example({"height_factor": 0.1, "width_factor": 0.1}, _IMAGE),
     example({"height_factor": 0.1, "width_factor": 0.1, **_CHANNELS_FIRST}, _FIRST),
     example({"height_factor": 0.1, "width_factor": 0.1, **_BAD_FORMAT}, _IMAGE, raises=True)),
)
_VALUE_RANGE = (0, 255)
RANDOM_CONTRAST = _identity_spec(
    "RandomContrast", signature("factor", value_range=_VALUE_RANGE, seed=None),
    (example({"factor": 0.2}, _IMAGE), example({"factor": (0.1, 0.4)}, (None, 5)),
     example({"factor": 1.5}, _IMAGE, raises=True), example({"factor": -0.5}, _IMAGE, raises=True),
     example({"factor": None}, _IMAGE, raises=True)),
    own_factor=(0, 1),
)
RANDOM_BRIGHTNESS = _identity_spec(
    "RandomBrightness", signature("factor", value_range=_VALUE_RANGE, seed=None),
    (example({"factor": 0.2}, _IMAGE), example({"factor": (-0.2, 0.4)}, (8, 9, 3)),
     example({"factor": 1.5}, _IMAGE, raises=True)),
    base_factor=(-1, 1),
)
RANDOM_COLOR_JITTER = _identity_spec(
    "RandomColorJitter",
    signature(value_range=_VALUE_RANGE, brightness_factor=None, contrast_factor=None, saturation_factor=None,
              hue_factor=None, seed=None, data_format=None),
    (example({}, _IMAGE), example({"brightness_factor": 0.2, "contrast_factor": 0.2}, _IMAGE),
     example({"hue_factor": 0.1, "saturation_factor": 0.2}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
    base_factor=(-1, 1), constructor_layers=_color_jitter_layers,
)
RANDOM_GRAYSCALE = _identity_spec(
    "RandomGrayscale", signature(factor=0.5, data_format=None, seed=None),
    (example({}, _IMAGE), example({"factor": 1.0, **_CHANNELS_FIRST}, _FIRST),
     example(_BAD_FORMAT, _IMAGE, raises=True), example({"factor": (0.1, 0.2)}, _IMAGE, raises=True),
     example({"factor": 1.5}, _IMAGE, raises=True)),
    output=_grayscale_output,
)
_COLOR = dict(value_range=_VALUE_RANGE, data_format=None, seed=None)
RANDOM_HUE = _identity_spec(
    "RandomHue", signature("factor", **_COLOR),
    (example({"factor": 0.2}, _IMAGE), example({"factor": 1.5}, _IMAGE, raises=True)), own_factor=(0, 1),
)
RANDOM_SATURATION = _identity_spec(
    "RandomSaturation", signature("factor", **_COLOR),
    (example({"factor": 0.2}, _IMAGE), example({"factor": 1.5}, _IMAGE, raises=True)), own_factor=(-1, 1),
)
RANDOM_SHARPNESS = _identity_spec(
    "RandomSharpness", signature("factor", **_COLOR),
    (example({"factor": 0.2}, _IMAGE), example({"factor": 0.2, **_BAD_FORMAT}, _IMAGE, raises=True)),
)
RANDOM_SHEAR = _identity_spec(
    "RandomShear",
    signature(x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
              data_format=None, seed=None),
    (example({"x_factor": 0.2}, _IMAGE), example({"y_factor": 0.2, **_CHANNELS_FIRST}, _FIRST),
     example(_BAD_FORMAT, _IMAGE, raises=True)),
)
RANDOM_PERSPECTIVE = _identity_spec(
    "RandomPerspective",
    signature(factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0, seed=None, data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
)
RANDOM_POSTERIZATION = _identity_spec(
    "RandomPosterization", signature("factor", **_COLOR),
    (example({"factor": (1, 8)}, _IMAGE), example({"factor": 4, **_BAD_FORMAT}, _IMAGE, raises=True),
     example({"factor": 0.5}, _IMAGE, raises=True), example({"factor": (0.1, 0.2)}, _IMAGE, raises=True)),
    own_factor=(1, 8),  # _FACTOR_BOUNDS: bits kept per channel
)
RANDOM_INVERT = _identity_spec(
    "RandomInvert", signature(factor=1.0, value_range=_VALUE_RANGE, seed=None, data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
)
RANDOM_ERASING = _identity_spec(
    "RandomErasing",
    signature(factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=_VALUE_RANGE, seed=None,
              data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
)
RANDOM_GAUSSIAN_BLUR = _identity_spec(
    "RandomGaussianBlur",
    signature(factor=1.0, kernel_size=3, sigma=1.0, value_range=_VALUE_RANGE, data_format=None, seed=None),
    (example({}, _IMAGE), example({"kernel_size": (3, 5)}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True),
     example({"kernel_size": 2}, _IMAGE, raises=True), example({"kernel_size": (3, 3, 3)}, _IMAGE, raises=True),
     example({"kernel_size": (3, 4)}, _IMAGE, raises=True)),
    output=_gaussian_blur_output,
)
RANDOM_ELASTIC_TRANSFORM = _identity_spec(
    "RandomElasticTransform",
    signature(factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
              value_range=_VALUE_RANGE, seed=None, data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
)
RANDOM_COLOR_DEGENERATION = _image_spec(
    "RandomColorDegeneration", signature("factor", **_COLOR), _color_degeneration_output,
    (example({"factor": 0.2}, _IMAGE), example({"factor": 0.2, **_CHANNELS_FIRST}, _FIRST),
     example({"factor": 0.2}, (8, 9, 3)), example({"factor": 0.2}, (None, 8, 9, None)),
     example({"factor": 0.2}, (None, 8, 9, 1), raises=True), example({"factor": 0.2}, (None, 3), raises=True),
     example({"factor": 0.2}, (None, 2, 8, 9, 3), raises=True), example({"factor": 1.5}, _IMAGE, raises=True)),
)
AUTO_CONTRAST = _identity_spec(
    "AutoContrast", signature(value_range=_VALUE_RANGE),
    (example({}, _IMAGE), example({"factor": 0.5}, _IMAGE, raises=True)),
)
SOLARIZATION = _identity_spec(
    "Solarization", signature(addition_factor=0.0, threshold_factor=0.0, value_range=_VALUE_RANGE, seed=None),
    (example({}, _IMAGE), example({"addition_factor": 0.2, "threshold_factor": 0.2}, (8, 9, 3)),
     example({"factor": 0.5}, _IMAGE, raises=True)),
)
AUG_MIX = _identity_spec(
    "AugMix",
    signature(value_range=_VALUE_RANGE, num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True,
              interpolation="bilinear", seed=None, data_format=None),
    (example({}, _IMAGE), example({"all_ops": False}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
    constructor_layers=_aug_mix_layers, forwards_name=True,
)
CUT_MIX = _identity_spec(
    "CutMix", signature(factor=1.0, seed=None, data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
)
MIX_UP = _identity_spec(
    "MixUp", signature(alpha=0.2, data_format=None, seed=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)), base_factor=(-1, 1),
)
RAND_AUGMENT = _identity_spec(
    "RandAugment",
    signature(value_range=_VALUE_RANGE, num_ops=2, factor=0.5, interpolation="bilinear", seed=None,
              data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)),
    constructor_layers=_rand_augment_layers, forwards_name=True,
)
CLAHE = _identity_spec(
    "ContrastLimitedAdaptiveHistogramEqualization",
    signature(value_range=_VALUE_RANGE, clip_limit=4.0, tile_grid_size=(8, 8), data_format=None),
    (example({}, _IMAGE), example(_BAD_FORMAT, _IMAGE, raises=True)), base_factor=(-1, 1),
)

SPECS = (
    RESIZING, CENTER_CROP, RANDOM_CROP, RANDOM_FLIP, RANDOM_ROTATION, RANDOM_ZOOM, RANDOM_TRANSLATION,
    RANDOM_CONTRAST, RANDOM_BRIGHTNESS, RANDOM_COLOR_JITTER, RANDOM_GRAYSCALE, RANDOM_HUE, RANDOM_SATURATION,
    RANDOM_SHARPNESS, RANDOM_SHEAR, RANDOM_PERSPECTIVE, RANDOM_POSTERIZATION, RANDOM_INVERT, RANDOM_ERASING,
    RANDOM_GAUSSIAN_BLUR, RANDOM_ELASTIC_TRANSFORM, RANDOM_COLOR_DEGENERATION, AUTO_CONTRAST, SOLARIZATION,
    AUG_MIX, CUT_MIX, MIX_UP, RAND_AUGMENT, CLAHE,
)
