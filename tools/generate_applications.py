"""Measure every ``keras.applications`` constructor in real Keras and write what lstm-lint needs to
know of it to ``lstm_lint/layers/applications_data.py``.

Run it with Keras installed (the test extra) whenever the Keras version the project targets changes:

    python tools/generate_applications.py            # every application (about a quarter of an hour)
    python tools/generate_applications.py ResNet50   # print one record, write nothing

Nothing is downloaded: models are built with ``weights=None``, and for ``weights="imagenet"`` (which
changes some models' structure and name counters, never their weights' sizes) Keras's download and
load steps are replaced by no-ops. While measuring, every variable Keras creates holds a read-only
view of one zero of its shape instead of its initialiser's values: sizes and shapes do not depend on
initial values, and filling a 300M-parameter model (even with zeros, which the initialisers then
scale) takes longer than the rest of its build. Each distinct constructor call is built once per
run: the measurements below ask for the same call several times. Layers without
``compute_output_shape`` get their output shapes from Keras's symbolic trace of their ``call``
instead of the numpy backend's arithmetic on arrays of the input's size (``traced_output_specs``,
which compares the two wherever the arrays are small). What remains is Keras constructing each
model, about 70 times per variant: half of them for the spatial formula of a model built on an
``input_shape``, which depends on the size through the constructor's own code (``correct_pad``,
NASNet's ``adjust_block``) and so is measured by building at each size.

Every rule the data states is checked here against Keras: a parameter count linear in the input
channels is measured at several channel counts, a spatial output formula ``floor((size + a) / s)``
at every size of a wide range; where the check fails, the record says so (``None``), and lstm-lint
reports that value as unknown.
"""
from __future__ import annotations

import ast
import collections
import contextlib
import inspect
import itertools
import math
import os
import pprint
import sys
import time
import warnings
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

os.environ.setdefault("KERAS_BACKEND", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy  # noqa: E402
from keras.src import backend as keras_backend  # noqa: E402
from keras.src import random as keras_random  # noqa: E402
from keras.src import tree  # noqa: E402
from keras.src.applications import imagenet_utils  # noqa: E402
from keras.src.backend.common import global_state  # noqa: E402
from keras.src.backend.common.keras_tensor import KerasTensor  # noqa: E402
from keras.src.backend.common.stateless_scope import StatelessScope  # noqa: E402
from keras.src.backend.common.symbolic_scope import SymbolicScope  # noqa: E402
from keras.src.backend.common.variables import Variable as KerasVariable  # noqa: E402
from keras.src.models.model import Model as KerasModel  # noqa: E402
from keras.src.utils import file_utils  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "lstm_lint" / "layers" / "applications_data.py"
Json = Dict[str, Any]

# Beside the arguments every application takes (``applications._STANDARD``), the values of the
# others that change what a model is, measured one variant each; at any other value (or another
# argument at a value not its default) lstm-lint reports the model as unknown.
VARIANT_VALUES: Dict[str, Dict[str, Sequence[Any]]] = {
    "MobileNet": {"alpha": (0.25, 0.5, 0.75, 1.0), "depth_multiplier": (1,)},
    "MobileNetV2": {"alpha": (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)},
    # Only the default minimalistic=False and include_preprocessing=True are measured: a model with
    # another value is unknown to lstm-lint.
    "MobileNetV3Small": {"alpha": (0.75, 1.0), "minimalistic": (False,), "include_preprocessing": (True,)},
    "MobileNetV3Large": {"alpha": (0.75, 1.0), "minimalistic": (False,), "include_preprocessing": (True,)},
}
for _name in ("ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge",
              "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2", "EfficientNetV2B3",
              "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L"):
    VARIANT_VALUES[_name] = {"include_preprocessing": (True,)}
POOLINGS = (None, "avg", "max")
# Spatial sizes at which the output formulas are checked: for a model called on a tensor (cheap:
# shapes only), every size from the smallest accepted to 64 past it and every 5th up to
# CALLED_UP_TO; for a model built on an input_shape (a build each), every size of a whole period
# (32) past the smallest, and common larger ones.
CALLED_UP_TO = 520
BUILT_EXTRA = (160, 224, 299, 384, 512)


class _NoDownload(Exception):
    pass


def _zero_view(variable: Any, initializer: Any) -> None:
    """A variable's value without its initialiser: one zero, broadcast (without copying) to the
    variable's shape and dtype. Its shape is what counts; no memory or arithmetic per element."""
    variable._initialize(numpy.broadcast_to(numpy.zeros((), dtype=variable._dtype), variable._shape))


@contextlib.contextmanager
def measuring() -> Iterator[None]:
    """Zeros for initial values, and no downloading or loading of pretrained weights."""
    saved = (keras_random.normal, keras_random.uniform, keras_random.truncated_normal,
             file_utils.get_file, KerasModel.load_weights, KerasVariable._initialize_with_initializer)

    def zeros(shape: Any, *args: Any, dtype: Any = None, **kwargs: Any) -> Any:
        return keras.ops.zeros(shape, dtype=dtype)

    keras_random.normal = keras_random.uniform = keras_random.truncated_normal = zeros  # type: ignore
    file_utils.get_file = lambda *args, **kwargs: "pretrained.weights.h5"  # type: ignore
    KerasModel.load_weights = lambda self, *args, **kwargs: None  # type: ignore
    KerasVariable._initialize_with_initializer = _zero_view  # type: ignore
    try:
        yield
    finally:
        (keras_random.normal, keras_random.uniform, keras_random.truncated_normal,
         file_utils.get_file, KerasModel.load_weights, KerasVariable._initialize_with_initializer) = saved


@contextlib.contextmanager
def remembered_signatures() -> Iterator[None]:
    """``inspect.signature`` and ``getfullargspec`` of a function (or of a method, by its function)
    computed once: Keras asks for them at every layer it constructs and calls, a seventh of the
    time of a build here, and they cannot change while the function lives."""
    real_signature, real_argspec = inspect.signature, inspect.getfullargspec
    signatures: "weakref.WeakKeyDictionary[Any, Dict[bool, inspect.Signature]]" = weakref.WeakKeyDictionary()
    argspecs: "weakref.WeakKeyDictionary[Any, inspect.FullArgSpec]" = weakref.WeakKeyDictionary()

    def signature(obj: Any, *args: Any, **kwargs: Any) -> inspect.Signature:
        if args or kwargs or not (inspect.isfunction(obj) or inspect.ismethod(obj)):
            return real_signature(obj, *args, **kwargs)
        function, bound = (obj.__func__, True) if inspect.ismethod(obj) else (obj, False)
        known = signatures.setdefault(function, {})
        if bound not in known:
            known[bound] = real_signature(obj)
        return known[bound]

    def getfullargspec(obj: Any) -> inspect.FullArgSpec:
        if not inspect.isfunction(obj):
            return real_argspec(obj)
        if obj not in argspecs:
            argspecs[obj] = real_argspec(obj)
        spec = argspecs[obj]
        # Lists of their own, as a fresh call gives.
        return spec._replace(args=list(spec.args), kwonlyargs=list(spec.kwonlyargs))

    inspect.signature, inspect.getfullargspec = signature, getfullargspec  # type: ignore
    try:
        yield
    finally:
        inspect.signature, inspect.getfullargspec = real_signature, real_argspec  # type: ignore


# Inputs up to this many elements (None dimensions filled as the numpy backend fills them) are
# traced both ways, and the two output specs and name counters compared.
CROSS_CHECK_ELEMENTS = 1 << 21


def _restore_counters(saved: Dict[str, int]) -> None:
    global_state.set_global_attribute("object_name_uids", collections.defaultdict(int, saved))


def _spec(outputs: Any) -> Any:
    return tree.map_structure(lambda x: (tuple(x.shape), str(x.dtype)) if isinstance(x, KerasTensor) else x,
                              outputs)


@contextlib.contextmanager
def traced_output_specs() -> Iterator[None]:
    """Output specs of layers without ``compute_output_shape`` (InceptionResNetV2's
    CustomScaleLayer, ConvNeXt's LayerScale, ...) by Keras's symbolic trace of their ``call``.

    The numpy backend infers them by running ``call`` on empty arrays of the input's shape, twice
    when a dimension is None (filled with 83, then 89): InceptionResNetV2 built on any size then
    multiplies arrays of 83 x 83 x 83 x 320 floats in each of its 40 such layers, minutes per build.
    Called on KerasTensors, the same ``call``'s ``keras.ops`` compute shapes only. The trace must
    not use up name counters the numpy backend leaves alone (its KerasTensors and ops are
    numbered): the counters are restored after it, and one KerasTensor is made per output as the
    numpy backend makes. Where the inputs are small, both ways are run and must agree on the
    output specs and on the counters used; a call the trace cannot follow (or that returns
    anything but KerasTensors) goes the numpy backend's way."""
    numpy_way = keras_backend.compute_output_spec

    def traced(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        before = counters()
        try:
            with StatelessScope(), SymbolicScope():
                outputs = fn(*args, **kwargs)
        except Exception:
            outputs = None
        finally:
            _restore_counters(before)
        leaves = tree.flatten(outputs)
        if not leaves or not all(isinstance(x, KerasTensor) for x in leaves):
            return numpy_way(fn, *args, **kwargs)
        outputs = tree.map_structure(lambda x: KerasTensor(x.shape, x.dtype), outputs)
        sizes = [math.prod(89 if dim is None else dim for dim in x.shape)
                 for x in tree.flatten((args, kwargs)) if isinstance(x, KerasTensor)]
        if sum(sizes) <= CROSS_CHECK_ELEMENTS:
            after = counters()
            _restore_counters(before)
            expected = numpy_way(fn, *args, **kwargs)
            assert _spec(expected) == _spec(outputs), (fn, _spec(expected), _spec(outputs))
            assert counters() == after, (fn, counters(), after)
            outputs = expected
        return outputs

    keras_backend.compute_output_spec = traced
    try:
        yield
    finally:
        keras_backend.compute_output_spec = numpy_way


def application_names() -> List[str]:
    return sorted(name for name in dir(keras.applications)
                  if name[:1].isupper() and callable(getattr(keras.applications, name)))


def exported_modules(name: str) -> List[str]:
    """The ``keras.applications`` modules that export the constructor ("" for the package itself)."""
    found = [""]
    for module_name in sorted(dir(keras.applications)):
        module = getattr(keras.applications, module_name)
        if inspect.ismodule(module) and hasattr(module, name):
            found.append(module_name)
    return found


def counters() -> Dict[str, int]:
    return dict(global_state.get_global_attribute("object_name_uids") or {})


def build(name: str, **kwargs: Any) -> Tuple[Any, Dict[str, int]]:
    """The model (after ``clear_session``) and the name counters its construction used."""
    # Without the full garbage collection clear_session makes by default (a sixth of the time of a
    # build here): the state it resets is the same, and Python's own collector frees old models.
    keras.backend.clear_session(free_memory=False)
    with warnings.catch_warnings():  # Keras's advice on sizes it has no ImageNet weights for
        warnings.simplefilter("ignore")
        model = getattr(keras.applications, name)(**kwargs)
    return model, counters()


@dataclass(frozen=True)
class Facts:
    """What the measurements read of one constructed model."""

    params: Tuple[int, int]  # trainable, non-trainable
    input_shape: Tuple[Optional[int], ...]
    output_shape: Tuple[Optional[int], ...]
    counters: Dict[str, int]
    name: str


# The facts of every constructor call made in this run (or the ValueError Keras raised for it):
# a call after ``clear_session`` builds the same model with the same counters every time.
_FACTS: Dict[str, Union[Facts, ValueError]] = {}


def _call_key(name: str, kwargs: Json) -> str:
    """The same key for calls that differ only in spelling out an argument's default value."""
    defaults = dict(signature(name))
    given = {key: value for key, value in kwargs.items()
             if not (key in defaults and type(value) is type(defaults[key]) and value == defaults[key])}
    return repr((name, sorted(given.items())))


def _remember(name: str, kwargs: Json, model: Any, used: Dict[str, int]) -> Facts:
    found = Facts(params(model), tuple(model.inputs[0].shape), tuple(model.output.shape), used, model.name)
    _FACTS[_call_key(name, kwargs)] = found
    return found


def facts(name: str, **kwargs: Any) -> Facts:
    """The facts of ``keras.applications.<name>(**kwargs)``, built once per run."""
    key = _call_key(name, kwargs)
    if key not in _FACTS:
        try:
            model, used = build(name, **kwargs)
        except ValueError as error:
            _FACTS[key] = error
        else:
            _remember(name, kwargs, model, used)
    found = _FACTS[key]
    if isinstance(found, ValueError):
        raise found
    return found


def params(model: Any) -> Tuple[int, int]:
    trainable = sum(math.prod(w.shape) for w in model.trainable_weights)
    return trainable, model.count_params() - trainable


def captured_sizes(name: str, kwargs: Json) -> Tuple[Optional[int], Optional[int], Any]:
    """default_size and min_size as the constructor passes them to obtain_input_shape, and the
    model it built (with ``include_top=False``, on any size)."""
    seen: List[Tuple[int, int]] = []
    original = imagenet_utils.obtain_input_shape

    def spy(input_shape: Any, default_size: int, min_size: int, *args: Any, **kw: Any) -> Any:
        seen.append((default_size, min_size))
        return original(input_shape, default_size, min_size, *args, **kw)

    imagenet_utils.obtain_input_shape = spy  # type: ignore
    try:
        call = dict(kwargs, weights=None, include_top=False)
        model, used = build(name, **call)
        _remember(name, call, model, used)
    finally:
        imagenet_utils.obtain_input_shape = original  # type: ignore
    default_size, min_size = seen[0] if seen else (None, None)
    return default_size, min_size, model


def builds(name: str, **kwargs: Any) -> bool:
    try:
        facts(name, **kwargs)
    except ValueError:
        return False
    return True


def fit_floor(points: Sequence[Tuple[int, Optional[int]]]) -> Optional[Tuple[int, int]]:
    """(a, s) with out == (size + a) // s at every point, or None."""
    if not points or any(out is None for _, out in points):
        return None
    for stride in range(1, 129):
        size, out = points[0]
        assert out is not None
        for offset in range(out * stride - size, out * stride - size + stride):
            if all((h + offset) // stride == o for h, o in points):
                return offset, stride
    return None


def linear(values: Dict[int, int]) -> Optional[Tuple[int, int]]:
    """(v3, k) with values[c] == v3 + k * (c - 3) at every measured c, or None."""
    slope = values[4] - values[3]
    if all(v == values[3] + slope * (c - 3) for c, v in values.items()):
        return values[3], slope
    return None


def counter_key(include_top: bool, pooling: Optional[str], imagenet: bool, shaped: bool) -> str:
    return f"top={int(include_top)} pooling={pooling} imagenet={int(imagenet)} shaped={int(shaped)}"


def measure(name: str, variant: Json, quick: bool = False) -> Json:
    """One variant of one application. ``quick``: weights and name counters at fewer sizes (for the
    test that reruns a sample); the shape formulas are fitted on the same sizes either way."""
    record: Json = {}
    # The one model kept: compute_output_shape is asked of it at many sizes below.
    default_size, min_size, unshaped_base = captured_sizes(name, variant)
    if min_size is None:
        # Constructors that check sizes themselves (MobileNetV3): the smallest size that builds.
        min_size = next(size for size in range(1, 129)
                        if builds(name, weights=None, include_top=False, input_shape=(size, size, 3), **variant))
    record["min_size"] = min_size
    record["default_size"] = default_size

    def base_params(**kwargs: Any) -> Tuple[int, int]:
        return facts(name, weights=None, include_top=False, **variant, **kwargs).params

    # Weights: the base per input channel count, and the top per class count.
    by_channels = {c: base_params(input_shape=(min_size * 2, min_size * 2, c)) for c in (1, 3, 4)}
    record["trainable"] = linear({c: t for c, (t, _) in by_channels.items()})
    record["non_trainable"] = linear({c: n for c, (_, n) in by_channels.items()})
    base = by_channels[3]
    # Built on any size (None rows and columns) a model may have other weights than on every whole
    # size: NASNet's adjust_block compares a width with the previous cell's, None with None, and so
    # leaves out the projections a whole size needs. Measured apart, per input channel count.
    unsized_by_channels: Dict[int, Tuple[int, int]] = {}
    for c in (1, 3, 4):
        try:
            unsized_by_channels[c] = base_params(input_shape=(None, None, c))
        except ValueError:
            break
    unsized_measured = len(unsized_by_channels) == 3
    record["unsized_trainable"] = linear({c: t for c, (t, _) in unsized_by_channels.items()}) \
        if unsized_measured else None
    record["unsized_non_trainable"] = linear({c: n for c, (_, n) in unsized_by_channels.items()}) \
        if unsized_measured else None
    unshaped = facts(name, weights=None, include_top=False, **variant)
    unshaped_any_size = unshaped.input_shape[1:3] == (None, None)
    if unshaped_any_size:
        # No input_shape: the constructor's (None, None, 3), the same call as measured above.
        assert unsized_measured and unshaped.params == unsized_by_channels[3], name
    elif unshaped.params != base:
        # lstm-lint reads the base's counts for a call without input_shape too (built on the
        # constructor's default size): they must be that model's.
        record["trainable"] = record["non_trainable"] = None
    sizes_for_weights = sorted({min_size, 331} if not quick else {min_size})
    record["base_size_independent"] = (unshaped_any_size or unshaped.params == base) and all(
        base_params(input_shape=(s, s, 3)) == base for s in sizes_for_weights)
    tops: Dict[int, Tuple[int, int]] = {}
    for classes in (1000, 1, 10):
        t, n = facts(name, weights=None, classes=classes, **variant).params
        tops[classes] = (t - base[0], n - base[1])
    slope = tops[10][0] - tops[1][0]
    if slope % 9 == 0 and all(tops[c][0] == tops[1][0] + slope // 9 * (c - 1) for c in tops) \
            and all(n == 0 for _, n in tops.values()):
        record["top"] = (tops[1][0] - slope // 9, slope // 9)
    else:
        record["top"] = None
    top_sizes = [s for s in (min_size + 1,) if not quick]
    record["top_size_independent"] = all(
        facts(name, weights=None, classes=10, input_shape=(s, s, 3), **variant).params
        == (base[0] + tops[10][0], base[1] + tops[10][1]) for s in top_sizes)
    features = unshaped.output_shape[-1]
    assert features is not None, name
    record["features"] = features
    activation_free = facts(name, weights=None, classifier_activation=None, **variant).counters
    softmax = facts(name, weights=None, **variant).counters
    record["classifier_activation_free"] = activation_free == softmax

    # Shapes.
    record["unshaped_input"] = {}
    for include_top in (True, False):
        record["unshaped_input"][include_top] = facts(name, weights=None, include_top=include_top,
                                                      **variant).input_shape[1:3]
    record["unshaped_output"] = unshaped.output_shape[1:3]
    called: List[Tuple[int, Optional[int]]] = []
    if None in record["unshaped_input"][False]:
        sweep = sorted(set(range(min_size, min_size + 65)) | set(range(min_size, CALLED_UP_TO + 1, 5)))
        for size in sweep:
            try:
                called.append((size, unshaped_base.compute_output_shape((None, size, size, 3))[1]))
            except ValueError:
                called.append((size, None))
    record["called"] = fit_floor(called)
    if record["called"] is not None:
        offset, stride = record["called"]
        for h, w in ((min_size, min_size + 5), (min_size + 17, 301)):
            shape = unshaped_base.compute_output_shape((None, h, w, 3))
            assert shape[1:3] == ((h + offset) // stride, (w + offset) // stride), (name, h, w)
    del unshaped_base
    built_sizes = sorted(set(range(min_size, min_size + 33)) | set(s for s in BUILT_EXTRA if s >= min_size))
    built: List[Tuple[int, Optional[int]]] = []
    for size in built_sizes:
        try:
            built.append((size, facts(name, weights=None, include_top=False, input_shape=(size, size, 3),
                                      **variant).output_shape[1]))
        except ValueError:
            built.append((size, None))
    record["built"] = fit_floor(built)
    # The same builds, every size of a whole period past the smallest: their weights too.
    record["base_size_independent"] = record["base_size_independent"] and all(
        facts(name, weights=None, include_top=False, input_shape=(size, size, 3), **variant).params == base
        for size, out in built if out is not None)
    if record["built"] is not None:
        offset, stride = record["built"]
        h, w = min_size + 3, min_size * 2 + 7
        output = facts(name, weights=None, include_top=False, input_shape=(h, w, 3), **variant).output_shape
        assert output[1:3] == ((h + offset) // stride, (w + offset) // stride), (name, h, w)

    # Names and name counters.
    names: Dict[str, str] = {}
    counts: Dict[str, Optional[Dict[str, int]]] = {}
    varying: Dict[str, List[str]] = {}
    odd_sizes = (min_size + 1,)
    for include_top, pooling, imagenet, shaped in itertools.product((True, False), POOLINGS, (False, True),
                                                                    (False, True)):
        if include_top and pooling is not None:
            continue
        if include_top and shaped and imagenet:
            sizes: Sequence[Optional[int]] = (default_size or 224,)
        elif shaped:
            sizes = ((default_size or 224),) + odd_sizes
        else:
            sizes = (None,)
        seen: List[Dict[str, int]] = []
        for size in sizes:
            kwargs: Json = dict(variant, include_top=include_top, pooling=pooling,
                                weights="imagenet" if imagenet else None)
            if size is not None:
                kwargs["input_shape"] = (size, size, 3)
            try:
                model = facts(name, **kwargs)
            except ValueError:
                continue
            seen.append(model.counters)
            names[f"{counter_key(include_top, pooling, imagenet, shaped)} size={size}"] = model.name
            # Neither pooling nor ImageNet weights change a count (checked where the size does not).
            if size in (None, default_size) and (record["base_size_independent"] or size is None):
                expected = (base[0] + tops[1000][0], base[1] + tops[1000][1]) if include_top \
                    else unshaped.params if size is None else base
                assert model.params == expected, (name, variant, kwargs)
        key = counter_key(include_top, pooling, imagenet, shaped)
        if seen and all(used == seen[0] for used in seen):
            counts[key] = seen[0]
        else:
            counts[key] = None
            varying[key] = sorted({prefix for used in seen for prefix in used})
    record["counters"] = counts
    record["counters_varying"] = varying
    record["names"] = names
    return record


def variants(name: str) -> List[Json]:
    values = VARIANT_VALUES.get(name, {})
    keys = sorted(values)
    return [dict(zip(keys, combination)) for combination in itertools.product(*(values[k] for k in keys))]


def variant_key(variant: Json) -> str:
    return ", ".join(f"{key}={variant[key]!r}" for key in sorted(variant))


def signature(name: str) -> List[Tuple[str, Any]]:
    parameters = inspect.signature(getattr(keras.applications, name)).parameters.values()
    return [(parameter.name, parameter.default) for parameter in parameters]


def application(name: str, quick: bool = False, only: Optional[Callable[[Json], bool]] = None) -> Json:
    entry: Json = {"modules": exported_modules(name), "signature": signature(name),
                   "variant_arguments": sorted(VARIANT_VALUES.get(name, {})), "variants": {}}
    _FACTS.clear()
    with measuring(), traced_output_specs(), remembered_signatures():
        for variant in variants(name):
            if only is None or only(variant):
                entry["variants"][variant_key(variant)] = measure(name, variant, quick)
    return entry


def compact(name: str, entry: Json) -> Json:
    """The record as committed: name counters shared between combinations stored once, and the
    measured model names checked against lstm-lint's rule for them instead of stored."""
    from lstm_lint.layers import applications

    result = dict(entry, variants={})
    signature_defaults = dict(entry["signature"])
    for key, record in entry["variants"].items():
        record = dict(record)
        if "counter_sets" in record:  # compact already: numbered again below
            sets_before = record.pop("counter_sets")
            record["counters"] = {combination: None if index is None else sets_before[index]
                                  for combination, index in record["counters"].items()}
        for combination, keras_name in record.pop("names", {}).items():
            fields = dict(part.split("=") for part in combination.split())
            include_top = fields["top"] == "1"
            size = record["unshaped_input"][include_top][0] if fields["size"] == "None" else int(fields["size"])
            config = dict(signature_defaults, **applications.parse_variant(key), include_top=include_top,
                          weights="imagenet" if fields["imagenet"] == "1" else None)
            predicted = applications.keras_name(name, config, size, size)
            if predicted != keras_name:
                raise AssertionError(f"{name} {key} {combination}: Keras names it {keras_name!r}, "
                                     f"lstm-lint's rule {predicted!r}")
        sets: List[Dict[str, int]] = []
        indices: Dict[str, Optional[int]] = {}
        for combination, used in sorted(record["counters"].items()):
            if used is None:
                indices[combination] = None
                continue
            if used not in sets:
                sets.append(used)
            indices[combination] = sets.index(used)
        record["counters"] = indices
        record["counter_sets"] = sets
        result["variants"][key] = record
    return result


HEADER = '''"""Generated by tools/generate_applications.py from Keras {version}: do not edit by hand.

APPLICATIONS, per ``keras.applications`` constructor: the modules exporting it, its signature, and
per variant (values of its non-standard arguments) the facts measured in Keras that
``applications.py`` reads; name counters used per combination of arguments are indices into
``counter_sets``. Counts are ``(value at 3 input channels, change per extra channel)``; a
top is ``(a, b)`` for ``a + b * classes`` trainable parameters; a spatial formula is ``(a, s)`` for
``(size + a) // s``; ``None`` where Keras's behaviour did not fit such a rule at every size
checked. A constructor missing here was not measured: lstm-lint reports its models as unknown.

PREPROCESS, per module: whether ``preprocess_input`` on a symbolic tensor returns that same tensor,
and the name counters its ops use.
"""
from typing import Any, Dict

KERAS_VERSION = {version!r}

PREPROCESS: Dict[str, Dict[str, Any]] = {preprocess}

APPLICATIONS: Dict[str, Dict[str, Any]] = '''

# Measured first: the applications real code uses most (a partial run still covers them).
FIRST = ("MobileNetV2", "ResNet50", "VGG16", "EfficientNetB0", "InceptionV3", "MobileNet", "Xception",
         "DenseNet121", "ResNet50V2", "MobileNetV3Small", "MobileNetV3Large", "VGG19", "EfficientNetV2B0",
         "ResNet101", "ResNet152", "EfficientNetB1", "EfficientNetB2", "EfficientNetB3", "EfficientNetB4",
         "EfficientNetB5", "EfficientNetB6", "EfficientNetB7", "DenseNet169", "DenseNet201", "ResNet101V2",
         "ResNet152V2", "InceptionResNetV2", "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "EfficientNetV2B1",
         "EfficientNetV2B2", "EfficientNetV2B3", "EfficientNetV2S", "NASNetMobile")


def preprocess() -> Json:
    found: Json = {}
    for module_name in sorted(dir(keras.applications)):
        module = getattr(keras.applications, module_name)
        if inspect.ismodule(module) and hasattr(module, "preprocess_input"):
            keras.backend.clear_session()
            tensor = keras.Input((32, 32, 3))
            before = counters()
            result = module.preprocess_input(tensor)
            after = counters()
            assert tuple(result.shape) == tuple(tensor.shape), module_name
            found[module_name] = {"identity": result is tensor,
                                  "counters": {key: after[key] - before.get(key, 0) for key in sorted(after)
                                               if after[key] != before.get(key, 0)}}
    return found


def write(data: Json) -> None:
    text = HEADER.format(version=keras.__version__, preprocess=pprint.pformat(preprocess(), width=110))
    compacted = {name: compact(name, entry) for name, entry in data.items()}
    OUTPUT.write_text(text + pprint.pformat(compacted, width=116, compact=True, sort_dicts=True) + "\n")


def main(argv: List[str]) -> None:
    if argv == ["--rewrite"]:
        # The committed measurements again in the committed form (after a change of that form).
        text = OUTPUT.read_text()
        write(ast.literal_eval(text[text.index("APPLICATIONS: Dict[str, Dict[str, Any]] = ") + 42:]))
        return
    if argv:
        pprint.pprint({name: compact(name, application(name)) for name in argv}, width=110)
        return
    everything = application_names()
    names = [name for name in FIRST if name in everything] + [name for name in everything if name not in FIRST]
    # Finished applications are kept in a cache beside the output, so that a run can be resumed.
    cache = OUTPUT.with_suffix(".partial")
    data: Json = ast.literal_eval(cache.read_text()) if cache.exists() else {}
    for name in names:
        if name not in data:
            print(name, end=": ", file=sys.stderr, flush=True)
            started = time.perf_counter()
            data[name] = application(name)
            print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            cache.write_text(pprint.pformat(data))
            write(data)
    write(data)
    cache.unlink()


if __name__ == "__main__":
    main(sys.argv[1:])
