"""``keras.applications`` constructors (ResNet50, MobileNetV2, EfficientNetB0, ...): what a call
builds, from the facts ``tools/generate_applications.py`` measured in real Keras
(``applications_data.py``, imported on first use so files that never use an application do not pay
for it).

A constructed application is one nested model: its parameter counts (trainable and not), its Keras
name, its own input and output shapes, the output shape when it is called on a tensor, and the
default-name counters its hundreds of inner layers and ops used up. Whatever the measured facts do
not decide for the given arguments is unknown.
"""
from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree
from lstm_lint.layers.spec import UNKNOWN_WEIGHTS, Weights
from lstm_lint.values import UNKNOWN, Unknown

_POOLINGS = ("avg", "max")
# The arguments every constructor takes (the others select a measured variant, or must keep their
# default to be known).
_STANDARD = ("include_top", "weights", "input_tensor", "input_shape", "pooling", "classes",
             "classifier_activation", "name")
# keras/src/applications/mobilenet.py and mobilenet_v2.py name the model after alpha and the input
# rows, and with ImageNet weights fall back to rows 224 outside the sizes weights exist for.
_MOBILENET_NAMES = {"MobileNet": ("mobilenet", (128, 160, 192, 224)),
                    "MobileNetV2": ("mobilenetv2", (96, 128, 160, 192, 224))}


def _data() -> Dict[str, Dict[str, Any]]:
    from lstm_lint.layers.applications_data import APPLICATIONS
    return APPLICATIONS


def _preprocess_data() -> Dict[str, Dict[str, Any]]:
    from lstm_lint.layers.applications_data import PREPROCESS
    return PREPROCESS


def exported_application(sub: str) -> Optional[str]:
    """The constructor a path inside Keras names (``applications.resnet50.ResNet50`` ->
    ``ResNet50``), if Keras exports it there; None for anything else."""
    module, _, symbol = sub.rpartition(".")
    if module.startswith("src."):
        return None
    if module == "applications":
        module = ""
    elif module.startswith("applications."):
        module = module[len("applications."):]
    else:
        return None
    entry = _data().get(symbol)
    return symbol if entry is not None and module in entry["modules"] else None


def preprocess_module(sub: str) -> Optional[str]:
    """The module of a ``preprocess_input`` path inside Keras (``applications.resnet50``), if any."""
    module, _, symbol = sub.rpartition(".")
    if symbol != "preprocess_input" or not module.startswith("applications."):
        return None
    name = module[len("applications."):]
    return name if name in _preprocess_data() else None


@dataclass(frozen=True)
class Preprocess:
    """``preprocess_input`` on a symbolic tensor: the same tensor back, or ops of the same shape."""

    identity: bool
    counters: Mapping[str, int]


def preprocess(module: str) -> Preprocess:
    entry = _preprocess_data()[module]
    return Preprocess(entry["identity"], entry["counters"])


@dataclass
class Built:
    """What one constructor call made."""

    application: str
    keras_name: Optional[str]  # None: not known
    weights: Weights
    input_shape: MaybeShape  # the model's own input, (batch, rows, cols, channels)
    output_shape: ShapeTree
    # Name counters the construction used, to add; None when not known: then the counters in
    # ``tainted`` give unknown names, or every counter when that is None too.
    counters: Optional[Dict[str, int]] = None
    tainted: Optional[FrozenSet[str]] = None
    # Why Keras's constructor raises on these arguments in every run, if it does.
    rejected: Optional[str] = None
    # How a call on another tensor maps shapes (see ``called_output``).
    _call: Optional[Tuple[Any, ...]] = field(default=None, repr=False)

    def called_output(self, given: ShapeTree) -> ShapeTree:
        """The output shape of calling the model on a tensor of shape ``given``."""
        own = self.input_shape
        if self._call is None or isinstance(given, (list, Unknown)) or isinstance(own, Unknown):
            return UNKNOWN
        if len(given) != 4 or given[3] != own[3]:
            return UNKNOWN
        kind, width, formula, min_size = self._call
        batch = given[0]
        if own[1] is None and own[2] is None:
            # Built on any size: the output follows the formula measured for calls on tensors.
            dims = [_spatial(dim, formula, min_size, none_ok=True) for dim in given[1:3]]
        elif (given[1], given[2]) == (own[1], own[2]) and not isinstance(self.output_shape, (list, Unknown)):
            return (batch,) + tuple(self.output_shape[1:])
        else:
            return UNKNOWN  # Keras rejects an input of another size than the model was built for
        if kind == "spatial":
            return (batch, dims[0], dims[1], width)
        if any(isinstance(dim, Unknown) for dim in dims):
            return UNKNOWN  # a size the formula was not checked at may be one Keras rejects
        return (batch, width)


def _spatial(size: Any, formula: Optional[Sequence[int]], min_size: int, none_ok: bool) -> Dim:
    if size is None and none_ok:
        return None
    if formula is None or not isinstance(size, int) or isinstance(size, bool) or size < min_size:
        return UNKNOWN
    offset, stride = formula
    result: int = (size + offset) // stride
    return result


def parse_variant(key: str) -> Dict[str, Any]:
    if not key:
        return {}
    values: Dict[str, Any] = {}
    for part in key.split(", "):
        name, _, text = part.partition("=")
        values[name] = _variant_value(text)
    return values


@functools.lru_cache(maxsize=None)
def _variant_value(text: str) -> Any:
    """One value of the recorded variants (numbers, strings, None, tuples of them: immutable, so
    one parse serves every lookup)."""
    return ast.literal_eval(text)


def _same_value(given: Any, measured: Any) -> bool:
    if isinstance(given, Unknown) or isinstance(given, str) or given is None:
        return False
    if isinstance(measured, bool) or isinstance(given, bool):
        return isinstance(given, bool) and given is measured
    return isinstance(given, (int, float)) and given == measured


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown(name: str, rejected: Optional[str] = None) -> Built:
    return Built(name, None, UNKNOWN_WEIGHTS, UNKNOWN, UNKNOWN, rejected=rejected)


# The modules whose constructor builds on ``input_tensor=`` exactly as on ``input_shape=`` of the
# tensor's shape (keras/src/applications/<module>.py: ``img_input = input_tensor`` after an
# ``obtain_input_shape`` that does not look at the tensor, and the model's inputs are the tensor's
# source inputs). The MobileNets, NASNet, EfficientNets and ConvNeXt read the tensor's shape
# themselves (names, preprocessing): not listed.
_PLAIN_INPUT_TENSOR_MODULES = frozenset(("vgg16", "vgg19", "resnet", "resnet_v2", "xception", "inception_v3",
                                         "inception_resnet_v2", "densenet"))


def construct(name: str, args: Sequence[Any], kwargs: Mapping[str, Any], complete: bool,
              data_format: Any, input_tensor_shape: Optional[Tuple[int, ...]] = None) -> Optional[Built]:
    """What ``keras.applications.<name>(*args, **kwargs)`` builds. None when it is not a model
    lstm-lint can stand for: ``input_tensor=`` makes the user's own tensors part of it, unless it
    is a ``keras.Input`` whose shape (``input_tensor_shape``, batch axis left out) is known and the
    constructor builds on it as on that ``input_shape``."""
    entry = _data().get(name)
    if entry is None:
        return None
    signature: List[Tuple[str, Any]] = [(item[0], item[1]) for item in entry["signature"]]
    names = [argument for argument, _ in signature]
    config: Dict[str, Any] = dict(signature)
    if not complete or len(args) > len(names) or any(key not in config for key in kwargs):
        # Arguments we cannot see, or ones Keras rejects with a TypeError.
        return _unknown(name)
    config.update(zip(names, args))
    config.update(kwargs)
    if config.get("input_tensor") is not None:
        if input_tensor_shape is None or config["input_shape"] is not None \
                or not _PLAIN_INPUT_TENSOR_MODULES & set(entry["modules"]) or "input_tensor" not in kwargs:
            return None
        config.update(input_tensor=None, input_shape=tuple(input_tensor_shape))
        built = construct(name, [], config, True, data_format)
        # Keras checks no size of the tensor where it checks input_shape: a rejection of that
        # shape is not Keras's; unknown then.
        return built if built is not None and built.rejected is None else None
    rejected = _rejected(entry, config, data_format, name)
    if data_format != "channels_last":
        return _unknown(name, rejected)
    defaults = dict(signature)
    for argument in set(names) - set(_STANDARD) - set(entry["variant_arguments"]):
        # Not measured at other values (MobileNetV3's dropout_rate=0 drops an unnamed Dropout).
        if not _same_value(config[argument], defaults[argument]):
            return _unknown(name, rejected)
    variant: Optional[Dict[str, Any]] = None
    for key, record in entry["variants"].items():
        values = parse_variant(key)
        if all(_same_value(config.get(argument), value) for argument, value in values.items()):
            variant = record
            break
    if variant is None:
        return _unknown(name, rejected)
    built = _build(name, entry, variant, config)
    built.rejected = rejected
    return built


def _rejected(entry: Mapping[str, Any], config: Mapping[str, Any], data_format: Any, name: str = "") -> Optional[str]:
    """The checks every constructor makes before building (``keras/src/applications/*.py``, and
    ``imagenet_utils.obtain_input_shape``), on values known in every run, in Keras's order."""
    classes = config["classes"]
    if config["weights"] == "imagenet" and config["include_top"] is True and _is_int(classes) and classes != 1000:
        return f"weights='imagenet' with include_top=True needs classes=1000, not {classes}"
    input_shape = config["input_shape"]
    imagenet_input = _imagenet_input_rejected(name, config, data_format)
    if imagenet_input is not None:
        return imagenet_input
    sizes = {variant["min_size"] for variant in entry["variants"].values()}
    if data_format == "channels_last" and isinstance(input_shape, tuple) and len(input_shape) == 3 \
            and len(sizes) == 1 and all(_is_int(dim) and dim >= 1 for dim in input_shape[:2]):
        smallest = sizes.pop()
        if any(dim < smallest for dim in input_shape[:2]):
            return f"input_shape={input_shape!r} is smaller than the {smallest}x{smallest} it accepts at least"
    return None


def _imagenet_input_rejected(name: str, config: Mapping[str, Any], data_format: Any) -> Optional[str]:
    """What Keras raises on an ``input_shape`` before building, for the constructors that check it
    with ``imagenet_utils.obtain_input_shape`` (``applications_input_sizes.py``): NASNet's None in a
    tuple under ImageNet weights; with ImageNet weights and a top, any shape but the one the weights
    fit; otherwise a shape of another length than 3, or ImageNet weights on other than 3 channels.
    None when it does not raise in every run, or the values are not all known."""
    from lstm_lint.layers.applications_input_sizes import IMAGENET_INPUTS

    sizes = IMAGENET_INPUTS.get(name)
    input_shape, weights, include_top = config["input_shape"], config["weights"], config["include_top"]
    if sizes is None or data_format != "channels_last" or not isinstance(include_top, bool) \
            or not (weights is None or isinstance(weights, str)) or not isinstance(input_shape, (tuple, list)) \
            or not all(item is None or _is_int(item) for item in input_shape):
        return None
    imagenet = weights == "imagenet"
    if imagenet and sizes.static_imagenet_input and isinstance(input_shape, tuple) and None in input_shape:
        return ("When specifying the input shape of a NASNet and loading `ImageNet` weights, the input_shape "
                f"argument must be static (no None entries). Got: `input_shape={input_shape}`.")
    if imagenet and include_top:
        if len(input_shape) < 2:
            return None  # MobileNet's reading of the rows raises another error first
        rows, cols = input_shape[0], input_shape[1]
        size = rows if rows == cols and rows in sizes.square_sizes else sizes.default_size
        default_shape = (size, size, 3)
        if input_shape != default_shape:  # as Keras compares: a list never equals the tuple
            return ("When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be "
                    f"{default_shape}.  Received: input_shape={input_shape}")
        return None
    if not input_shape:
        return None
    if len(input_shape) != 3:
        return "`input_shape` must be a tuple of three integers."
    if imagenet and input_shape[-1] != 3:
        return f"The input must have 3 channels; Received `input_shape={input_shape}`"
    return None


def _build(name: str, entry: Mapping[str, Any], variant: Mapping[str, Any], config: Mapping[str, Any]) -> Built:
    include_top = config["include_top"]
    weights_argument = config["weights"]
    pooling = config["pooling"]
    classes = config["classes"]
    input_shape = config["input_shape"]
    min_size: int = variant["min_size"]

    # The input: (rows, cols, channels) as given, or the constructor's default.
    shaped = input_shape is not None
    rows: Any
    cols: Any
    channels: Any
    if not shaped:
        if not isinstance(include_top, bool):
            rows = cols = UNKNOWN
        else:
            rows, cols = variant["unshaped_input"][include_top]
        channels = 3
    elif isinstance(input_shape, (tuple, list)) and len(input_shape) == 3 and not (
            # obtain_input_shape compares the argument with a tuple: a list never equals it.
            isinstance(input_shape, list) and include_top is not False and weights_argument == "imagenet"):
        rows, cols, channels = (dim if (_is_int(dim) or dim is None) else UNKNOWN for dim in input_shape)
    else:
        rows = cols = channels = UNKNOWN
    own_input: MaybeShape = (None, rows, cols, channels) if _is_int(channels) else UNKNOWN

    # Weights: the base's, per input channel, and the top's, per class.
    weights = UNKNOWN_WEIGHTS
    trainable, non_trainable = _base_counts(variant, shaped, include_top, rows, cols, min_size)
    if _is_int(channels) and channels >= 1 and trainable is not None and non_trainable is not None \
            and isinstance(include_top, bool):
        extra = channels - 3
        base = Weights(trainable[0] + trainable[1] * extra, non_trainable[0] + non_trainable[1] * extra)
        if not include_top:
            weights = base
        elif _is_int(classes) and variant["top"] is not None and (
                variant["top_size_independent"] or not shaped
                or (rows, cols) == tuple(variant["unshaped_input"][True])):
            offset, per_class = variant["top"]
            weights = base + Weights(offset + per_class * classes, 0)

    # Output shapes.
    features: int = variant["features"]
    output: ShapeTree = UNKNOWN
    call: Optional[Tuple[Any, ...]] = None
    if include_top is True:
        output = (None, classes if _is_int(classes) else UNKNOWN)
        if _is_int(classes):
            call = ("classes", classes, variant["called"], min_size)
    elif include_top is False and isinstance(pooling, str) and pooling in _POOLINGS:
        output = (None, features)
        call = ("pooled", features, variant["called"], min_size)
    elif include_top is False and (pooling is None or isinstance(pooling, str)):
        if not shaped:
            dims: List[Dim] = list(variant["unshaped_output"])
        elif rows is None and cols is None:
            dims = [None, None] if tuple(variant["unshaped_output"]) == (None, None) else [UNKNOWN, UNKNOWN]
        else:
            dims = [_spatial(rows, variant["built"], min_size, none_ok=False),
                    _spatial(cols, variant["built"], min_size, none_ok=False)]
        output = (None, dims[0], dims[1], features)
        call = ("spatial", features, variant["called"], min_size)

    # Name counters: the measured uses for this combination of arguments, when they are known.
    counters: Optional[Dict[str, int]] = None
    tainted: Optional[FrozenSet[str]] = None
    # Counters were measured without an input_shape and with whole sizes: one with an undefined
    # size may be either.
    keys = _counter_keys(include_top, pooling, weights_argument, shaped)
    if keys is not None and shaped and (rows is None or cols is None):
        keys += _counter_keys(include_top, pooling, weights_argument, False) or []
    activation_free = variant["classifier_activation_free"] or include_top is False \
        or config["classifier_activation"] == "softmax"
    if keys is not None and activation_free and all(key in variant["counters"] for key in keys):
        sets: List[Dict[str, int]] = variant["counter_sets"]
        found = [variant["counters"][key] for key in keys]
        unsized_measured = not (shaped and (rows is None or cols is None)) or (
            isinstance(include_top, bool) and tuple(variant["unshaped_input"][include_top]) == (None, None))
        if not unsized_measured:
            # No combination measured was built on an undefined size (NASNetMobile's own input is
            # 224 x 224, and on None it leaves out layers): any counter measured may differ.
            tainted = frozenset(prefix for index in found if index is not None for prefix in sets[index]) \
                | frozenset(prefix for key in keys for prefix in variant["counters_varying"].get(key, []))
        elif all(item is not None and item == found[0] for item in found):
            counters = dict(sets[found[0]])
        else:
            # Combinations that used different counters, or counters that varied with the size.
            tainted = frozenset(prefix for key, index in zip(keys, found) for prefix in (
                variant["counters_varying"].get(key, []) if index is None else sets[index]))
    return Built(name, keras_name(name, config, rows, cols), weights, own_input, output, counters, tainted,
                 _call=call)


Counts = Optional[Tuple[int, int]]


def _base_counts(variant: Mapping[str, Any], shaped: bool, include_top: Any, rows: Any, cols: Any,
                 min_size: int) -> Tuple[Counts, Counts]:
    """The base's measured (trainable, non-trainable) counts per input channel for a model built on
    these rows and columns, or None for what was not measured to hold."""
    sized: Tuple[Counts, Counts] = (variant["trainable"], variant["non_trainable"])
    unsized: Tuple[Counts, Counts] = (variant["unsized_trainable"], variant["unsized_non_trainable"])
    if (rows is None or cols is None) and include_top is not False:
        return None, None  # Keras wants a whole size under a top (obtain_input_shape raises)
    if rows is None and cols is None:
        # Built on any size (without input_shape, or with None rows and columns), which NASNet
        # builds with fewer weights than any whole size.
        return unsized
    if not shaped:
        return sized  # the constructor's own whole size, measured
    if not variant["base_size_independent"]:
        return None, None
    if all(_is_int(dim) and dim >= min_size for dim in (rows, cols)):
        # Sizes below the smallest Keras accepts raise; whole sizes are checked to matter nowhere else.
        return sized
    if sized == unsized and all(dim is None or (_is_int(dim) and dim >= min_size) for dim in (rows, cols)):
        # One None: the weights are the same with no size and at every whole size.
        return sized
    return None, None


def _counter_keys(include_top: Any, pooling: Any, weights: Any, shaped: bool) -> Optional[List[str]]:
    """The measured combinations the arguments may be: one when all are known."""
    if not isinstance(include_top, bool):
        return None
    if isinstance(weights, Unknown):
        imagenet: Sequence[int] = (0, 1)
    else:
        imagenet = (1,) if weights == "imagenet" else (0,)
    if include_top:
        poolings: Sequence[Optional[str]] = (None,)
    elif isinstance(pooling, Unknown):
        poolings = (None, "avg", "max")
    else:
        poolings = (pooling if pooling in _POOLINGS else None,)
    return [f"top={int(include_top)} pooling={p} imagenet={i} shaped={int(shaped)}" for p in poolings for i in imagenet]


def keras_name(name: str, config: Mapping[str, Any], rows: Any, cols: Any) -> Optional[str]:
    """The model's name: its ``name=`` argument (whose default most constructors spell out), or for
    MobileNet and MobileNetV2 one made of alpha and the input rows (None: not known)."""
    given = config.get("name")
    if isinstance(given, str):
        return given
    if given is not None:
        return None
    if name not in _MOBILENET_NAMES:
        return None
    prefix, sizes = _MOBILENET_NAMES[name]
    alpha, weights = config.get("alpha"), config.get("weights")
    if isinstance(weights, Unknown) or not isinstance(alpha, (int, float)) or isinstance(rows, Unknown) \
            or isinstance(cols, Unknown):
        return None
    if weights == "imagenet" and (rows != cols or rows not in sizes):
        rows = 224
    return f"{prefix}_{alpha:0.2f}_{rows}"


def application_names() -> List[str]:
    return sorted(_data())


__all__ = ["Built", "Preprocess", "application_names", "construct", "exported_application", "preprocess",
           "preprocess_module"]
