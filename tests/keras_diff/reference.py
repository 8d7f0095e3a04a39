"""Run one program through real Keras 3, in-process, and describe its models as lstm-lint does.

``run(source, refs)`` executes ``source`` as a fresh ``__main__`` module (after
``keras.backend.clear_session()``, so Keras's per-process name counters restart), then calls each
builder function that nobody called (``ModelRef.how == "call"``) with no arguments, in the order
given, and returns, for each ``ModelRef``, the structure of ``analyse_source(...).to_json()
["models"]``:

* totals: ``count_params()``, and the sizes of ``trainable_weights`` / ``non_trainable_weights``;
* per row of ``model.summary()`` (``summary_utils.print_summary`` lists a Functional model's
  ``_operations``, its layers with the ops among them, and any other model's ``model.layers``):
  ``name``, ``type(layer).__name__``, ``count_params()`` (0 for an op, which has no weights),
  ``"op": true`` for an op (a row that is no layer), and the output shape ``model.summary()``
  prints -- ``summary_utils.format_layer_shape`` reads the output tensors of the layer's LAST
  inbound node: one shape gives ``[None, 10, 50]``, several give a list of such lists;
* per row, ``line``: the source line of the call that constructed the layer or op (recorded while
  the program runs: ``Operation.__new__``, which layers' construction goes through, is wrapped to
  look up the innermost frame of the program's own code). A model's own ``line`` is not reported:
  where Keras "defines" a model has no single
  honest answer (the ``Sequential()`` call? the ``model =`` statement? the ``return``?).

Programs written for ``tensorflow.keras`` or ``tf_keras`` run on Keras 3 (TensorFlow is not a test
dependency): the program's namespace gets its own ``__import__`` that answers ``tensorflow`` with a
stand-in module whose ``keras`` attribute is the real ``keras`` module, and ``tensorflow.keras.*``
and ``tf_keras.*`` with the same-named ``keras.*`` modules. The source itself is not rewritten (its
line numbers stay the ones lstm-lint reads), and nothing is put in ``sys.modules`` (Keras would
then believe TensorFlow is installed).
"""
from __future__ import annotations

import builtins
import contextlib
import io
import os
import sys
import types
import warnings
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence

os.environ.setdefault("KERAS_BACKEND", "numpy")  # ~10x faster than jax at building models on a CPU
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
from keras.src import tree  # noqa: E402
from keras.src.layers.layer import Layer  # noqa: E402
from keras.src.models.functional import Functional  # noqa: E402
from keras.src.models.sequential import Sequential  # noqa: E402
from keras.src.ops.operation import Operation  # noqa: E402

from tests.keras_diff.generator import ModelRef  # noqa: E402

FILENAME = "<generated>"
Json = Dict[str, Any]


class ProgramError(Exception):
    """The program itself failed in Keras, or bound models the generator did not announce."""


# ---- tensorflow.keras / tf_keras on Keras 3 -----------------------------------------------------

_TENSORFLOW = types.ModuleType("tensorflow")
_TENSORFLOW.keras = keras  # type: ignore[attr-defined]
_real_import = builtins.__import__


def _import(name: str, globals: Optional[Mapping[str, Any]] = None,
            locals: Optional[Mapping[str, Any]] = None, fromlist: Sequence[str] = (), level: int = 0) -> Any:
    if level == 0 and (name == "tensorflow" or name.startswith("tensorflow.")):
        if not fromlist or name == "tensorflow":
            return _TENSORFLOW  # import tensorflow [as tf]; import tensorflow.keras as K (attribute walk)
        if not (name == "tensorflow.keras" or name.startswith("tensorflow.keras.")):
            raise ImportError(f"no stand-in for {name}")
        name = "keras" + name[len("tensorflow.keras"):]
    elif level == 0 and (name == "tf_keras" or name.startswith("tf_keras.")):
        name = "keras" + name[len("tf_keras"):]
    return _real_import(name, globals, locals, fromlist, level)


def _builtins() -> Dict[str, Any]:
    namespace = dict(builtins.__dict__)
    namespace["__import__"] = _import
    return namespace


# ---- where each layer was constructed -------------------------------------------------------------


@contextlib.contextmanager
def _recording_lines(lines: Dict[int, int], keep: List[Any]) -> Iterator[None]:
    original = Operation.__dict__["__new__"]
    construct = original.__func__ if isinstance(original, staticmethod) else original

    def recording_new(cls: type, *args: Any, **kwargs: Any) -> Any:
        layer = construct(cls, *args, **kwargs)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != FILENAME:
            frame = frame.f_back  # type: ignore[assignment]
        if frame is not None and id(layer) not in lines:
            lines[id(layer)] = frame.f_lineno
            keep.append(layer)  # ids stay unique while the run lasts
        return layer

    Operation.__new__ = staticmethod(recording_new)  # type: ignore[method-assign]
    try:
        yield
    finally:
        Operation.__new__ = original  # type: ignore[method-assign]


@contextlib.contextmanager
def _recording_local_models(found: Dict[str, Any]) -> Iterator[None]:
    """Models a builder function binds to a local variable and does not return (a sub-model such as
    ``block = keras.Model(sub_in, sub_out)``): lstm-lint reports every model it sees built, under
    its variable's name, so the reference describes these too."""

    def profile(frame: Any, event: str, returned: Any) -> None:
        if event != "return" or frame.f_code.co_filename != FILENAME or frame.f_code.co_name == "<module>":
            return
        for name, value in frame.f_locals.items():
            if isinstance(value, keras.Model) and value is not returned:
                found.setdefault(name, value)

    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(None)


# ---- describing models ----------------------------------------------------------------------------


# The sizes the numpy backend puts in place of None when it traces a call (backend/numpy/core.py
# compute_output_spec: 83, then 89), which the other backends print as None.
NUMPY_STAND_INS = (83, 89)


class _Shape:
    """One shape, kept whole by ``tree.flatten``."""

    def __init__(self, dims: Any) -> None:
        self.dims = list(dims)


def output_shape(layer: Any) -> Any:
    """What ``model.summary()`` prints for ``layer`` (summary_utils.format_layer_shape), as JSON;
    None for its ``?``. A layer no node was made for (a sublayer of a subclassed model) shows its
    ``output_shape`` (a model's), or ``compute_output_shape`` of the shapes its build was given; a
    size there that is one of the numpy backend's stand-ins is ``"?"``, as it differs between
    backends (the programs compared use neither as a size)."""
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].output_tensors
        shapes = [list(tensor.shape) for tensor in tree.flatten(outputs)]
        return shapes[0] if len(shapes) == 1 else shapes
    built_on = getattr(layer, "_build_shapes_dict", None)
    if not built_on:
        return None
    try:
        found = layer.output_shape if hasattr(layer, "output_shape") else layer.compute_output_shape(**built_on)
    except NotImplementedError:
        return None
    boxed = tree.flatten(tree.map_shape_structure(_Shape, found))
    shapes = [["?" if dim in NUMPY_STAND_INS else dim for dim in box.dims] for box in boxed]
    return shapes[0] if len(shapes) == 1 else shapes


def _size(weights: Sequence[Any]) -> int:
    total = 0
    for weight in weights:
        count = 1
        for dim in weight.shape:
            count *= int(dim)
        total += count
    return total


def summary_rows(model: Any) -> List[Any]:
    """What ``model.summary()`` has a row for (``summary_utils.print_summary``): a Functional
    model's ``_operations``, ops among the layers; a Sequential's or subclassed model's layers."""
    if isinstance(model, Functional) and not isinstance(model, Sequential):
        return list(model._operations)
    return list(model.layers)


def _row(layer: Any, lines: Mapping[int, int]) -> Json:
    built = not isinstance(layer, Layer) or layer.built
    row: Json = {"name": layer.name, "type": type(layer).__name__, "line": lines.get(id(layer)),
                 "output_shape": output_shape(layer),
                 "params": int(layer.count_params()) if isinstance(layer, Layer) and built else 0}
    if not built:
        row["unbuilt"] = True  # summary() prints ``0 (unbuilt)`` (count_params() raises)
    if not isinstance(layer, Layer):
        row["op"] = True
    return row


def describe(name: str, model: Any, lines: Mapping[int, int]) -> Json:
    """The model as ``model.summary()`` prints it: ``count_params()`` as its total once built; for
    a model Keras has not built (a subclassed model never called, on whose layers and self
    ``count_params()`` raises), the weights that exist, as summary() counts them, rows of
    ``0 (unbuilt)`` (``"unbuilt": true``) for its layers not built, and ``"unbuilt": true`` on it."""
    trainable, non_trainable = _size(model.trainable_weights), _size(model.non_trainable_weights)
    described: Json = {
        "name": name,
        "total_params": int(model.count_params()) if model.built else trainable + non_trainable,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        "layers": [_row(layer, lines) for layer in summary_rows(model)],
    }
    if not model.built:
        described["unbuilt"] = True
    return described


def module_models(source: str) -> List[Json]:
    """Every model a script binds to a module-level name, in binding order (for hand-written
    example scripts, which announce nothing)."""
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__", "__builtins__": _builtins()}
    lines: Dict[int, int] = {}
    keep: List[Any] = []
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), _recording_lines(lines, keep):
        warnings.simplefilter("ignore")
        exec(compile(source, FILENAME, "exec"), namespace)
        return [describe(name, value, lines) for name, value in namespace.items() if isinstance(value, keras.Model)]


def printed(name: str, model: Any) -> Json:
    """The counts ``model.summary()`` prints (summary_utils): ``0 (unbuilt)`` in the row of a
    layer not built (whatever weights it holds), totals over the model's weights. ``describe``
    raises on such a model (``count_params`` of an unbuilt layer)."""
    trainable, non_trainable = _size(model.trainable_weights), _size(model.non_trainable_weights)
    return {
        "name": name,
        "total_params": trainable + non_trainable,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        "layers": [{"name": layer.name,
                    "params": int(layer.count_params()) if isinstance(layer, Layer) and layer.built else 0}
                   for layer in summary_rows(model)],
    }


def printed_models(source: str) -> Dict[str, Json]:
    """``printed`` for every model the script binds to a module-level name."""
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__", "__builtins__": _builtins()}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        exec(compile(source, FILENAME, "exec"), namespace)
    return {name: printed(name, value) for name, value in namespace.items() if isinstance(value, keras.Model)}


def run(source: str, refs: Sequence[ModelRef]) -> List[Json]:
    """Keras's description of the models ``refs`` of ``source``; raises ProgramError when Keras
    rejects the program or it binds module-level models ``refs`` does not name."""
    keras.backend.clear_session(free_memory=False)
    namespace: Dict[str, Any] = {"__name__": "__main__", "__builtins__": _builtins()}
    lines: Dict[int, int] = {}
    keep: List[Any] = []
    described: List[Json] = []
    local_models: Dict[str, Any] = {}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                _recording_lines(lines, keep), _recording_local_models(local_models):
            warnings.simplefilter("ignore")
            exec(compile(source, FILENAME, "exec"), namespace)
            models = {ref: namespace[ref.target] for ref in refs if ref.how == "var"}
            for ref in refs:  # uncalled builders: after the module, in the order given
                if ref.how == "call":
                    models[ref] = namespace[ref.target]()
            described = [describe(ref.name, models[ref], lines) for ref in refs]
            announced_names = {ref.name for ref in refs}
            described += [describe(name, model, lines) for name, model in local_models.items()
                          if name not in announced_names]
    except Exception as error:
        raise ProgramError(f"Keras rejects the program: {type(error).__name__}: {error}") from error
    bound = {name for name, value in namespace.items() if isinstance(value, keras.Model)}
    announced = {ref.target for ref in refs if ref.how == "var"}
    if bound != announced:
        raise ProgramError(f"module-level models {sorted(bound)}, but the generator announced "
                           f"{sorted(announced)}")
    return described
