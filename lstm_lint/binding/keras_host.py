"""The Keras host: what Keras's names, calls and objects mean to the evaluator.

It turns imports into ``ModuleRef``/``KerasRef`` values, constructs ``Layer`` and ``Model`` objects
(``graph/``) from calls, follows layer calls on symbolic tensors, Keras's default-name counters and
its global image data format, and keeps its own state sound around the evaluator's undecided
blocks: a counter changed by a block that may not run is tainted (its names unknown), a layer built
or called there keeps only what every path agrees on, and tensors from alternatives join into one
"conditional" op that hides the layers that may not be there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union,
)

import libcst as cst

from lstm_lint.binding import numpy_arguments
from lstm_lint.binding import data_values, model_ops, sequential_subclass, skipped_init, vocabulary
from lstm_lint.binding.call_arguments import refused_positional
from lstm_lint.binding.custom import DATA_METHODS as _DATA_METHODS
from lstm_lint.binding.custom import CustomBinding
from lstm_lint.binding.refs import KerasRef, ModuleRef, resolve_dotted
from lstm_lint.graph import build
from lstm_lint.graph.applications import (ApplicationLayers, ApplicationModel, inner_output, input_tensor_shape,
                                          placeholder_rows)
from lstm_lint.graph.custom import CustomLayer, CustomModel, Initializer, WeightVariable, custom_state
from lstm_lint.graph.objects import (
    ApiCall, ConflictingBuild, InputLayer, KerasCall, Keras2PathUse, Layer, Model, NameCounters, Operation, Tensor,
    TensorflowCall, UnbuiltUse, last_tensor_serial,
)
from lstm_lint.graph.sequential_subclass import SequentialSubclass
from lstm_lint.graph.shapes import MaybeShape, ShapeTree, broadcast, shape_from_value
from lstm_lint.graph import snapshots
from lstm_lint.graph import optimizers
from lstm_lint.graph.optimizers import OptimizerObject
from lstm_lint.layers import applications
from lstm_lint.layers import op_classes, op_values, tensorflow_ops
from lstm_lint.layers import ops as keras_ops
from lstm_lint.layers.keras2_paths import keras2_only_module, missing_in_keras3
from lstm_lint.layers.api import MODEL_METHODS, SEQUENTIAL_METHODS, ApiSignature, signature_of
from lstm_lint.layers.op_shapes import (
    TensorInput, broadcast_rejected, legacy_backend_op_spec, op_name, op_output_shape, op_spec, placed,
    rejected_on_values, tensorflow_rejected,
    tensorflow_op_spec, tf_keras2_backend_op_spec, tf_keras2_op_spec,
)
from lstm_lint.layers.op_values import TracedDim, TracedShape
from lstm_lint.layers.spec import KERAS2_LAYER_KWARGS, UNKNOWN_WEIGHTS, BuildError, LayerSpec, Weights, to_snake_case
from lstm_lint.layers.traits import Trait
from lstm_lint.python import numpy_scalars
from lstm_lint.python.host import NOT_HANDLED, Host
from lstm_lint.python.objects import BoundMethod, Instance, PartialList, UserClass, UserFunction
from lstm_lint.python.syntax import walk
from lstm_lint.source.arrays import ArrayValue, array_from_call, indexed, padded_sequences, reshaped, tensor_from_call
from lstm_lint.source.names import keras_subpath
from lstm_lint.values import UNKNOWN, Cause, Unknown, holds, unknown_because

if TYPE_CHECKING:
    from lstm_lint.python.evaluator import Evaluator

_HOST_TYPES = (ModuleRef, KerasRef, Layer, Model, Tensor, ArrayValue, KerasCall, Operation, WeightVariable,
               TracedDim, TracedShape, Initializer, OptimizerObject)
DATA_FORMATS = ("channels_last", "channels_first")
# Attributes of an optimizer that are values, not methods (reading them changes nothing).
_OPTIMIZER_VALUES = ("learning_rate", "iterations", "name", "variables", "built", "beta_1", "beta_2", "epsilon",
                     "momentum", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm")
# Library functions that change (or may change) the containers passed to them.
_MUTATING_FUNCTIONS = ("random.shuffle", "numpy.random.shuffle", "numpy.copyto", "numpy.put", "numpy.place",
                       "copy.", "collections.", "setattr", "functools.", "itertools.", "inspect.", "importlib.",
                       "operator.", "threading.", "multiprocessing.", "concurrent.")
# Library modules whose functions only read their arguments (the rest may change them).
_READING_MODULES = ("numpy.", "os.", "sys.", "json.", "math.", "time.", "random.", "pathlib.", "glob.",
                    "logging.", "warnings.", "string.", "re.", "pandas.", "argparse.", "datetime.", "shutil.",
                    "pickle.", "csv.", "typing.", "dataclasses.", "matplotlib.", "sklearn.", "scipy.", "tqdm.",
                    "pprint.", "textwrap.", "zipfile.", "tarfile.", "urllib.", "requests.", "h5py.", "PIL.",
                    "cv2.", "seaborn.", "plotly.", "platform.", "subprocess.", "io.", "gzip.", "hashlib.")
# Decorators that hand back what they decorate (Keras's own are recognised in any import style).
_TRANSPARENT_DECORATORS = ("tensorflow.function", "typing.overload", "abc.abstractmethod")


@dataclass
class _Token:
    """The host's state when an undecided block began."""

    counts: Dict[str, int]
    layers: int
    models: int
    keras_calls: int
    serial: int
    data_format: Any
    born: int  # objects constructed before (births up to this one) are "older" than the block
    # Layers and models older than the block that it called: (object, weights, node count) before.
    touched: Dict[int, Tuple[Any, Optional[Weights], int]] = field(default_factory=dict)
    summary_calls: int = 0  # how many summary() calls were recorded before the block
    # Sequentials older than the block that it may build or change: their layers as they were.
    sequences: Dict[int, Tuple[Model, "_SequenceState", int]] = field(default_factory=dict)


@dataclass
class _SequenceState:
    """What building, ``pop()`` or ``add()`` changes of a Sequential."""

    sequence: List[Any]
    output: Optional[List[Any]]
    inputs: List[Any]
    outputs: List[Any]

    @staticmethod
    def of(model: Model) -> "_SequenceState":
        return _SequenceState(list(model.sequence), None if model.sequential_output is None
                              else list(model.sequential_output), list(model.inputs), list(model.outputs))

    def put(self, model: Model) -> None:
        model.sequence = list(self.sequence)
        model.sequential_output = None if self.output is None else list(self.output)
        model.inputs, model.outputs = list(self.inputs), list(self.outputs)

    def layers(self) -> List[int]:
        return [id(item) for item in self.sequence if not isinstance(item, InputLayer)]

    def same(self, other: "_SequenceState") -> bool:
        return [id(item) for item in self.sequence] == [id(item) for item in other.sequence] \
            and (self.output is None) == (other.output is None)


@dataclass
class _Outcome:
    counts: Dict[str, int]
    data_format: Any
    calls: Dict[int, Tuple[Optional[Weights], List[Any]]]  # per touched object: weights, new nodes
    sequences: Dict[int, _SequenceState] = field(default_factory=dict)  # per journaled Sequential


class KerasHost(Host):
    def __init__(self, positions: Dict[int, Tuple[int, int]], target_keras: int = 3) -> None:
        self.positions = positions
        # The Keras the code is written for (``target-keras``): 2 builds what tf.keras 2 built.
        self.target_keras = target_keras
        self.evaluator: Optional[Evaluator] = None
        self.counters = NameCounters()
        self.counters.graph_masks = target_keras != 2
        self.models: List[Model] = []
        self.layers: List[Layer] = []
        # Every object of the program's own keras.Model subclasses, held by a model or not (a
        # block): the rules read what Keras raises on in their calls.
        self.custom_models: List[Model] = []
        self.keras_calls: List[KerasCall] = []
        self.api_calls: List[ApiCall] = []
        self.tensorflow_calls: List[TensorflowCall] = []  # TensorFlow ops on symbolic tensors
        self.keras2_paths: List[Keras2PathUse] = []  # reads of modules Keras 3 does not have
        self._calls_cache: Dict[int, List[cst.Call]] = {}  # node id -> the calls in it (_calls_in)
        self.summary_calls: List[snapshots.SummaryCall] = []  # model.summary() tables (graph/snapshots.py)
        self.summarised: Set[int] = set()  # ids of the models whose summary() the program calls
        # Models made by Keras's own classes, whose methods have Keras's signatures (a subclass may
        # define its own compile or fit).
        self.keras_class_models: Set[int] = set()
        self.tokens: List[_Token] = []
        # Above 0 while the evaluator applies the effects of code Keras runs on its backend's values
        # only (a Lambda's function): ops there take no default names.
        self.library_values = 0
        self.data_format: Any = "channels_last"  # Keras's own default with no keras.json
        self.born = 0
        self.birth: Dict[int, int] = {}
        # The depth of undecided blocks at which what is made is made whenever its code runs: 0 but
        # in the checks of code nothing runs (python/uncalled.py).
        self.checks_floor = 0
        self.merge_cache: Dict[Tuple[int, FrozenSet[int]], Any] = {}
        self.custom = CustomBinding(self)

    def release(self) -> None:
        """Drop what the host holds once the evaluation's results are taken (``Evaluator.release``:
        the host and its evaluator point at each other)."""
        self.__dict__.clear()

    # ---- context from the evaluator ----

    @property
    def context(self) -> Evaluator:
        assert self.evaluator is not None
        return self.evaluator

    @property
    def depth(self) -> int:
        return self.context.speculative_depth + self.context.partial_depth

    @property
    def undecided(self) -> bool:
        """Whether what is made or called here may not be made or called whenever the code that
        holds it runs (an undecided block encloses it): its checks do not hold for certain."""
        return self.depth > self.checks_floor

    def checks_from_depth(self, depth: int) -> None:
        self.checks_floor = depth

    def line_of(self, node: cst.CSTNode) -> int:
        return self.context.line_of(node)

    def owns(self, value: Any) -> bool:
        return isinstance(value, _HOST_TYPES)

    def inert(self, value: Any) -> bool:
        if isinstance(value, ArrayValue):
            return True  # a shape, which nothing changes in place
        if isinstance(value, ModuleRef):
            path = value.path
            return keras_subpath(path) is None and path.split(".")[0] != "tensorflow" and not self.exits_run(value)
        return False

    def modelled_import(self, module: str, name: Optional[str]) -> bool:
        value = self.import_module(module) if name is None else self.import_from(module, name)
        return self.owns(value) and not self.inert(value)

    def is_functools_partial(self, function: Any) -> bool:
        return isinstance(function, ModuleRef) and function.path == "functools.partial"

    # ---- names ----

    def import_module(self, dotted: str, site: Optional[cst.CSTNode] = None) -> Any:
        missing = self._keras2_only(dotted, dotted.rpartition(".")[2], site)
        return missing if missing is not None else resolve_dotted(dotted)

    def import_top(self, top: str) -> Any:
        return ModuleRef(top)

    def import_from(self, module: str, name: str, site: Optional[cst.CSTNode] = None) -> Any:
        if module == "typing" and name == "TYPE_CHECKING":
            return False  # only a type checker takes that branch
        if module == "__future__":
            return UNKNOWN
        missing = self._keras2_only(f"{module}.{name}", name, site)
        return missing if missing is not None else resolve_dotted(f"{module}.{name}")

    def _keras2_only(self, dotted: str, name: str, site: Optional[cst.CSTNode]) -> Optional[Unknown]:
        """Under Keras 3, what a path of a Keras 2 module Keras 3 does not have binds: nothing any
        run has (the import raises, and so does the attribute read), so unknown with that reason."""
        if self.target_keras != 3:
            return None
        module = keras2_only_module(dotted)
        if module is None:
            return None
        line, column = (self.line_of(site), self.context.column_of(site)) if site is not None else (0, 0)
        return unknown_because(line, column, "`{}` is unknown: Keras 3 has no module {} (a Keras 2 path; LL113)",
                               name, module)

    def import_raises(self, module: str) -> bool:
        return self.target_keras == 3 and (keras2_only_module(module) is not None or missing_in_keras3(module))

    def star_import(self, module: str) -> Optional[Callable[[str], Any]]:
        if keras_subpath(module) is None:
            return None

        def lookup(name: str) -> Any:
            resolved = resolve_dotted(f"{module}.{name}")
            return resolved if isinstance(resolved, KerasRef) else NOT_HANDLED
        return lookup

    # ---- attributes ----

    def attribute(self, receiver: Any, name: str, site: cst.CSTNode) -> Any:
        if isinstance(receiver, (CustomLayer, CustomModel)):
            custom = self.custom.attribute(receiver, name)
            if custom is not NOT_HANDLED:
                return custom
        if isinstance(receiver, WeightVariable):
            return receiver.shape if name == "shape" else UNKNOWN
        if isinstance(receiver, ModuleRef):
            path = f"{receiver.path}.{name}"
            missing = self._keras2_only(path, name, site)
            if missing is not None:
                return missing
            if missing_in_keras3(path) and not missing_in_keras3(receiver.path):
                self.keras2_paths.append(Keras2PathUse(path, self.line_of(site), self.context.column_of(site),
                                                       self.depth == 0 and not self.custom.tracing))
            return resolve_dotted(path)
        if isinstance(receiver, KerasRef):
            return UNKNOWN
        if isinstance(receiver, ApplicationModel):
            if name in ("output", "input", "outputs", "inputs"):
                # A model built from these tensors holds the application's layers: one row of
                # unknown layers stands for them there.
                output = inner_output(receiver)
                if output is None:
                    return UNKNOWN
                tensor = output if name.startswith("output") else receiver.inputs[0]
                return tensor if name in ("output", "input") else [tensor]
            if name == "layers":
                receiver.inner_layers_reached = True
                return UNKNOWN
        if isinstance(receiver, (Layer, Model)) and name in ("name", "trainable"):
            # Plain attributes, read as Keras holds them now (its name, the trainable flag).
            value = receiver.trainable if name == "trainable" else (
                receiver.name if isinstance(receiver, Layer) else receiver.keras_name)
            return value if isinstance(value, (str, bool)) else UNKNOWN
        if isinstance(receiver, OptimizerObject):
            # Its values are read as unknown; anything else may be a method that builds it.
            return UNKNOWN if name in _OPTIMIZER_VALUES else BoundMethod(receiver, name)
        if isinstance(receiver, Model) and name == "optimizer":
            return receiver.optimizer if isinstance(receiver.optimizer, OptimizerObject) else UNKNOWN
        if isinstance(receiver, Model):
            if receiver.kind == "Sequential" and name in ("output", "input", "outputs", "inputs") \
                    and id(receiver) in self.keras_class_models:  # not "one of several models"
                self._note_unbuilt_use(receiver, name, site)
            if name in ("output", "input") and receiver.kind == "Sequential" and receiver.nodes:
                # Layer.input/output: the tensors of its first call as a layer, not its own graph's.
                if len(receiver.nodes) > 1 or receiver.uncertain_output:
                    return UNKNOWN
                node = receiver.nodes[0]
                tensors = node.outputs if name == "output" else node.inputs
                return tensors[0] if len(tensors) == 1 else UNKNOWN
            if name in ("output", "input"):
                tensors = receiver.outputs if name == "output" else receiver.inputs
                if receiver.kind == "Sequential":
                    build.sequential_finish(receiver)
                    tensors = receiver.outputs if name == "output" else receiver.inputs
                if len(tensors) == 1:
                    return tensors[0]
                return list(tensors) if tensors else UNKNOWN
            if name in ("outputs", "inputs"):
                if receiver.kind == "Sequential":
                    build.sequential_finish(receiver)
                tensors = receiver.outputs if name == "outputs" else receiver.inputs
                return list(tensors) if tensors else UNKNOWN
            if name == "layers":
                _reach_application_layers(receiver)
                if receiver.incomplete or any(isinstance(item, Operation) for item in receiver.layers()):
                    return UNKNOWN
                return list(receiver.layers())
            return BoundMethod(receiver, name)
        if isinstance(receiver, Layer):
            if name in ("output", "input"):
                # Keras gives the tensors of the layer's first call (Operation.output). With several
                # calls (a Sequential rebuilt by pop(), a shared layer), which one came first in
                # every run is not tracked: unknown, never another call's tensor.
                if len(receiver.nodes) != 1 or receiver.uncertain_output:
                    return UNKNOWN
                node = receiver.nodes[0]
                if name == "output":
                    return node.outputs[0] if len(node.outputs) == 1 else list(node.outputs)
                return node.inputs[0] if len(node.inputs) == 1 else UNKNOWN
            return BoundMethod(receiver, name)
        if isinstance(receiver, Tensor):
            if name == "shape":
                if self.custom.tracing:
                    # A None axis is a number on some backends' traces, None on TensorFlow's.
                    return op_values.shape_tuple(receiver.shape, placeholders=True, dynamic=False)
                return receiver.shape if not isinstance(receiver.shape, Unknown) else UNKNOWN
            return BoundMethod(receiver, name)
        if isinstance(receiver, ArrayValue):
            if name == "shape":
                return receiver.shape
            if name == "ndim":
                return len(receiver.shape)
            return BoundMethod(receiver, name)
        return UNKNOWN

    def _note_unbuilt_use(self, model: Model, name: str, site: cst.CSTNode) -> None:
        """Keras 3 gives a Sequential ``.output``/``.input`` only once it was called on a tensor
        (its own node), and ``.outputs``/``.inputs`` once it is built (it has an input)."""
        if name in ("output", "input"):
            unbuilt = not model.nodes
        else:
            build.sequential_finish(model)
            unbuilt = not model.inputs and not model.incomplete and not any(
                isinstance(item, Operation) for item in model.sequence)
        if unbuilt:
            certain = self.depth == 0 and not model.incomplete and not model.escaped
            model.unbuilt_uses.append(UnbuiltUse(name, self.line_of(site), self.context.column_of(site), certain))

    def note_summary(self, model: Model, site: cst.CSTNode) -> None:
        """``model.summary()``: the table it prints, when the call runs in every run that gets here
        (no undecided block encloses it), on a model of Keras's own classes that Keras has built."""
        if self.depth == 0 and not self.custom.tracing and snapshots.built(model) and (
                id(model) in self.keras_class_models or isinstance(model, ApplicationModel)
                or _built_program_model(model)):
            self.summary_calls.append(snapshots.take(model, self.line_of(site), self.context.column_of(site)))

    def note_api_call(self, signature: ApiSignature, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                      site: cst.CSTNode) -> None:
        keywords = tuple(key for key in kwargs if not key.startswith("**"))
        arguments: Dict[str, Any] = dict(zip(signature.parameters, args))
        arguments.update((key, kwargs[key]) for key in keywords)
        self.api_calls.append(ApiCall(signature.path, len(args), arguments, keywords, self.line_of(site),
                                      self.context.column_of(site), certain=complete and not self.undecided))

    def _escape(self, values: Iterable[Any]) -> None:
        """Models and layers handed to code we do not follow: it may call or build them."""
        values = list(values)
        for item in _models_in(values, layers=True):
            if isinstance(item, Model):
                item.escaped = True
                if isinstance(item.optimizer, OptimizerObject):
                    item.optimizer.lose()  # it may fit the model
            else:
                item.built_unseen = True
                if vocabulary.has_vocabulary(item):
                    vocabulary.handed_on(item)
        for value in values:
            if isinstance(value, OptimizerObject):
                value.lose()

    def peek_attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, ModuleRef):
            path = f"{receiver.path}.{name}"
            return UNKNOWN if self._keras2_only(path, name, None) is not None else resolve_dotted(path)
        return UNKNOWN

    def set_attribute(self, receiver: Any, name: str, value: Any, certain: bool) -> bool:
        if isinstance(receiver, OptimizerObject) and not (name == "learning_rate" and isinstance(value, float)):
            receiver.lose()  # (a new learning rate is assigned to its variable)
        if isinstance(receiver, (CustomLayer, CustomModel)):
            self.custom.set_attribute(receiver, name, value)
            return True
        sequential_subclass.set_attribute(self, receiver, name, value)
        if name == "trainable" and isinstance(receiver, (Layer, Model)):
            certain_value = isinstance(value, bool) and certain
            _set_trainable(receiver, value if certain_value else UNKNOWN)
        return True

    def assign_to_each(self, container: Any, collection: str, name: str, value: Any, certain: bool,
                       site: cst.For) -> bool:
        if isinstance(container, ApplicationModel) and collection == "layers" and name == "trainable":
            # ``for layer in base.layers: layer.trainable = False``: every layer's setter, as the
            # application's own would run them (its own flag stays as it is).
            container.inner_trainable = value if isinstance(value, bool) and certain else UNKNOWN
            return True
        return False

    def delete_attribute(self, receiver: Any, name: str) -> None:
        if isinstance(receiver, (CustomLayer, CustomModel)):
            self.custom.delete_attribute(receiver, name)

    # ---- values ----

    def same(self, first: Any, second: Any) -> Optional[bool]:
        if isinstance(first, (ModuleRef, KerasRef, ArrayValue)) and type(first) is type(second):
            return bool(first == second)
        return None

    def join_values(self, candidates: Sequence[Any], site: cst.CSTNode, token: Any) -> Any:
        if all(isinstance(candidate, Tensor) for candidate in candidates):
            return self.merge_tensors(list(candidates), site, token)
        if all(isinstance(candidate, ModuleRef) for candidate in candidates):
            # ``try: from tensorflow import keras`` / ``except ImportError: import keras``: both Keras.
            subpaths = {keras_subpath(candidate.path) for candidate in candidates}
            if len(subpaths) == 1 and None not in subpaths:
                sub = subpaths.pop()
                return ModuleRef("keras" + (f".{sub}" if sub else ""))
            return NOT_HANDLED
        if all(isinstance(candidate, KerasRef) for candidate in candidates):
            first = candidates[0]
            if all(c.kind == first.kind and c.name == first.name for c in candidates):
                return first
        if all(type(candidate) is Layer for candidate in candidates):
            return self.merge_layers(list(candidates), site)
        if all(isinstance(candidate, Model) for candidate in candidates):
            return self.merge_models(list(candidates), site)
        return NOT_HANDLED

    def merge_layers(self, candidates: List[Layer], site: cst.CSTNode) -> Any:
        """"One of these layers": a layer of their class whose arguments are those they agree on
        (``Dropout(0.5)`` or ``Dropout(0.2)`` is a Dropout of unknown rate, with a known shape and
        no weights); layers of different classes are unknown."""
        first = candidates[0]
        if any(c.class_name != first.class_name or c.spec is not first.spec or c.nodes for c in candidates):
            return NOT_HANDLED
        key = (id(site), frozenset(id(candidate) for candidate in candidates))
        cached = self.merge_cache.get(key)
        if isinstance(cached, Layer):
            return cached
        config = _agreed(c.config for c in candidates)
        given = _agreed(c.given for c in candidates)
        names = {c.name for c in candidates}
        name = first.name if len(names) == 1 else None
        trainable = first.trainable if all(c.trainable is first.trainable for c in candidates) else UNKNOWN
        merged = Layer(first.class_name, first.spec, config, name, min(c.line for c in candidates),
                       explicit_name=all(c.explicit_name for c in candidates),
                       declared_input=first.declared_input if all(
                           c.declared_input == first.declared_input for c in candidates) else UNKNOWN,
                       given=given, complete_arguments=all(c.complete_arguments for c in candidates),
                       column=first.column)
        merged.trainable = trainable
        self.merge_cache[key] = merged
        self._born(merged)
        return merged

    def merge_models(self, candidates: List[Model], site: cst.CSTNode) -> Any:
        """"One of these models" (``model = A`` in one branch, ``model = B`` in the other): reported
        once instead of each alternative as if it were certain. A row every alternative has alike
        (class, name, output shape, weights) is shown; any other is an unknown row, and so is the
        whole list when the alternatives have different numbers of layers."""
        key = (id(site), frozenset(id(candidate) for candidate in candidates))
        cached = self.merge_cache.get(key)
        if isinstance(cached, Model):
            return cached
        first = candidates[0]
        kinds = {c.kind for c in candidates}
        merged = Model(first.kind if len(kinds) == 1 else "Functional", min(c.line for c in candidates))
        names = {c.name for c in candidates}
        merged.name = first.name if len(names) == 1 else None
        merged.incomplete = True
        merged.line = min(c.line for c in candidates)
        merged.column = first.column
        merged.speculative_depth = self.depth
        merged.built_in = self.context.current_function_node()
        rows = [candidate.layers() for candidate in candidates]
        if all(len(row) == len(rows[0]) for row in rows) and not any(c.incomplete for c in candidates):
            merged_rows: List[Any] = [items[0] if _alike_rows(items) else
                                      Operation("one of several layers", merged.line, maybe_layer=True)
                                      for items in zip(*rows)]
            merged.incomplete = False
        else:
            merged_rows = [Operation("one of several models", merged.line, maybe_layer=True)]
        merged.sequence = list(merged_rows)
        merged.functional_layers = list(merged_rows)
        if merged.kind == "Functional" and not merged.incomplete:
            # Its summary() lists the alternatives' ops too: a row where they differ is unknown.
            listed = [candidate.summary_items() for candidate in candidates]
            merged.functional_operations = [
                items[0] if _alike_rows(items) or _alike_ops(items)
                else Operation("one of several layers", merged.line, maybe_layer=True)
                for items in zip(*listed)] if all(len(items) == len(listed[0]) for items in listed) else None
        if all(c.trainable is first.trainable for c in candidates):
            merged.trainable = first.trainable
        else:
            merged.trainable = UNKNOWN
        for candidate in candidates:
            candidate.replaced_by = merged
        position = min(self.models.index(c) for c in candidates if c in self.models) if any(
            c in self.models for c in candidates) else len(self.models)
        self.models.insert(position, merged)
        self._born(merged)
        self.merge_cache[key] = merged
        return merged

    def merge_tensors(self, candidates: List[Tensor], site: cst.CSTNode, token: Optional[_Token]) -> Tensor:
        """One tensor standing for "one of these": an unknown op fed by the tensors the candidates
        share, so that the layers that may not be there are not listed as certain."""
        if token is not None:
            parents = self._parents_before(candidates, token.serial)
        else:
            parents = self._nearest_common_ancestors(candidates)
        key = (id(site), frozenset(id(parent) for parent in parents))
        cached = self.merge_cache.get(key)
        if isinstance(cached, Tensor):
            return cached
        merged = build.opaque("conditional", self.line_of(site), parents, maybe_layer=True)
        self.merge_cache[key] = merged
        return merged

    @staticmethod
    def _parents_before(candidates: List[Tensor], serial: int) -> List[Tensor]:
        parents: List[Tensor] = []
        seen: Set[int] = set()
        frontier = list(candidates)
        while frontier:
            tensor = frontier.pop()
            if id(tensor) in seen:
                continue
            seen.add(id(tensor))
            if tensor.serial <= serial:
                parents.append(tensor)
            else:
                frontier.extend(tensor.node.inputs)
        return sorted(parents, key=lambda tensor: tensor.serial)

    @staticmethod
    def _nearest_common_ancestors(candidates: List[Tensor]) -> List[Tensor]:
        def ancestors(tensor: Tensor) -> Dict[int, Tensor]:
            found: Dict[int, Tensor] = {}
            frontier = [tensor]
            while frontier and len(found) < 10_000:
                current = frontier.pop()
                if id(current) not in found:
                    found[id(current)] = current
                    frontier.extend(current.node.inputs)
            return found
        sets = [ancestors(candidate) for candidate in candidates]
        common = {key: tensor for key, tensor in sets[0].items() if all(key in other for other in sets[1:])}
        nearest = []
        for key, tensor in common.items():
            # Keep those no other common ancestor descends from.
            if not any(other_key != key and key in ancestors(other) for other_key, other in common.items()):
                nearest.append(tensor)
        return sorted(nearest, key=lambda tensor: tensor.serial)

    def compare(self, operator: cst.BaseCompOp, left: Any, right: Any) -> Any:
        if isinstance(left, (TracedDim, TracedShape)) or isinstance(right, (TracedDim, TracedShape)):
            return UNKNOWN  # a size that differs between traces, or None on some backends
        if isinstance(operator, (cst.Is, cst.IsNot)) and (left is None or right is None):
            # A module, layer, tensor or model is never None.
            return isinstance(operator, cst.IsNot)
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return NOT_HANDLED
        return NOT_HANDLED

    def isinstance_of(self, value: Any, classinfo: Any) -> Any:
        return UNKNOWN

    def length(self, value: Any) -> Any:
        if isinstance(value, ArrayValue) and value.shape:
            return value.shape[0]  # the rows (NumPy raises on a 0-d array)
        return NOT_HANDLED

    def iteration_items(self, value: Any) -> Optional[List[Any]]:
        return None

    def unpack(self, value: Any, count: int) -> Optional[List[Any]]:
        if isinstance(value, Tensor) and isinstance(value.shape, Unknown):
            # The output of a call we could not follow may be several tensors: each part of it
            # stays in the graph, of unknown shape, so that the layers before it keep their rows.
            line = self.context.statement_line
            return [build.opaque("unpacked", line, [value], maybe_layer=False) for _ in range(count)]
        return None

    def holds_host_values(self, value: Any) -> bool:
        return _holds_keras(value)

    # ---- decorators and exits ----

    def transparent_decorator(self, decorator: Any) -> bool:
        if isinstance(decorator, ModuleRef):
            return decorator.path in _TRANSPARENT_DECORATORS or keras_subpath(decorator.path) in (
                "saving.register_keras_serializable", "utils.register_keras_serializable")
        if isinstance(decorator, KerasCall):
            return decorator.path in ("saving.register_keras_serializable", "utils.register_keras_serializable")
        return False

    def is_dataclass_decorator(self, decorator: Any) -> bool:
        return isinstance(decorator, ModuleRef) and decorator.path == "dataclasses.dataclass"

    def is_dataclass_field(self, function: Any) -> bool:
        return isinstance(function, ModuleRef) and function.path == "dataclasses.field"

    def models_checkpoint(self) -> Any:
        return len(self.models)

    def unreport_models_since(self, token: Any) -> None:
        for model in self.models[token:]:
            model.unreported = True

    def unknown_names(self) -> None:
        self.counters.all_tainted = True

    def exits_run(self, function: Any) -> bool:
        return isinstance(function, ModuleRef) and function.path in ("sys.exit", "os._exit", "os.abort")

    def raising(self) -> bool:
        return self.custom.refused is not None

    def caught(self) -> None:
        self.custom.caught()

    def backend_callbacks(self, function: Any, args: List[Any], kwargs: Dict[str, Any]) -> List[Any]:
        """``Lambda(fn)``: Keras runs ``fn`` on the backend's tensors (the stand-ins it traces the
        layer's call with, and data), never on symbolic ones: the ops it calls take no default
        names (checked on the numpy and JAX backends); layers it makes still do."""
        if isinstance(function, KerasRef) and function.kind == "layer" and function.spec is not None \
                and function.spec.has(Trait.RUNS_USER_FUNCTION):
            given = args[0] if args else kwargs.get("function")
            if isinstance(given, UserFunction):
                return [given]
        return []

    def on_library_values(self, running: bool) -> None:
        self.library_values += 1 if running else -1

    def may_mutate_arguments(self, function: Any) -> bool:
        if isinstance(function, ModuleRef):
            path = function.path
            if keras_subpath(path) is not None or path.startswith("tensorflow."):
                return False
            if path.startswith(_MUTATING_FUNCTIONS):
                return True
            return not path.startswith(_READING_MODULES)
        return not isinstance(function, (KerasRef, Layer, Model, BoundMethod))

    # ---- the host's state around undecided blocks ----

    def checkpoint(self) -> _Token:
        self.custom.undecided_blocks += 1
        token = _Token(self.counters.snapshot(), len(self.layers), len(self.models), len(self.keras_calls),
                       last_tensor_serial(), self.data_format, self.born)
        token.summary_calls = len(self.summary_calls)
        self.tokens.append(token)
        return token

    def restore(self, token: _Token) -> _Outcome:
        outcome = _Outcome(self.counters.snapshot(), self.data_format, {})
        for key, (item, weights, node_count) in token.touched.items():
            outcome.calls[key] = (getattr(item, "weights", None), item.nodes[node_count:])
            del item.nodes[node_count:]
            if isinstance(item, Layer):
                item.weights = weights
        for key, (model, state, _) in token.sequences.items():
            outcome.sequences[key] = _SequenceState.of(model)
            state.put(model)
        self.counters.counts = dict(token.counts)
        self.data_format = token.data_format
        return outcome

    def join(self, token: _Token, outcomes: Sequence[_Outcome], include_skip: bool) -> None:
        self._close(token)
        # A counter every path leaves at the same value gives known names after the block; one
        # the paths leave at different values gives unknown names.
        ends = [outcome.counts for outcome in outcomes] + ([token.counts] if include_skip else [])
        final: Dict[str, int] = dict(token.counts)
        for prefix in {prefix for counts in ends for prefix in counts}:
            values = [counts.get(prefix, token.counts.get(prefix, 0)) for counts in ends]
            final[prefix] = max(values)
            if any(value != values[0] for value in values):
                self.counters.tainted.add(prefix)
        self.counters.counts = final
        formats = [outcome.data_format for outcome in outcomes] + ([token.data_format] if include_skip else [])
        if formats:
            self.data_format = formats[0] if all(f == formats[0] for f in formats) else UNKNOWN
        for key, (item, weights, node_count) in token.touched.items():
            after = [outcome.calls.get(key, (weights, [])) for outcome in outcomes]
            new_nodes = [node for _, nodes in after for node in nodes]
            if not new_nodes:
                continue
            item.nodes.extend(new_nodes)
            # Called on some paths only, or differently: what summary shows of it is not certain.
            item.uncertain_output = True
            if isinstance(item, Layer):
                built = [w for w, _ in after] + ([weights] if include_skip else [])
                first = built[0]
                if all(_same_weights(first, other) for other in built[1:]):
                    item.weights = first
                else:
                    item.weights = UNKNOWN_WEIGHTS
            self._note_touched(item)
        for key, (model, before, line) in token.sequences.items():
            states = [outcome.sequences.get(key, before) for outcome in outcomes] + ([before] if include_skip else [])
            if not states:
                continue
            if all(state.same(states[0]) for state in states[1:]):
                states[0].put(model)
            elif all(state.layers() == before.layers() for state in states):
                # Built on some paths only (by a call, build() or data): Keras leaves it unbuilt on
                # the others.
                before.put(model)
                self.maybe_built(model, line, "by code in a block that may not run")
            else:
                # Layers popped or added on some paths only: from the first that may differ, the
                # rows are not known.
                before.put(model)
                common = 0
                while common < len(before.sequence) and all(
                        common < len(state.sequence) and state.sequence[common] is before.sequence[common]
                        for state in states):
                    common += 1
                del model.sequence[common:]
                model.sequence.append(Operation("layers added or popped in a block that may not run",
                                                line, maybe_layer=True))
                model.incomplete = True
                if model.sequential_output is not None:
                    model.sequential_output = []
            self._note_sequence(model)

    def keep(self, token: _Token) -> None:
        # What ran since the checkpoint ran on every path (a comprehension over known items): it
        # was no undecided block, though the blocks inside it may have been.
        self.custom.undecided_blocks -= 1
        self._close(token)
        for item, _, _ in token.touched.values():
            self._note_touched(item)
        for model, _, _ in token.sequences.values():
            self._note_sequence(model)

    def discard(self, token: _Token) -> None:
        if any(open_token is token for open_token in self.tokens):
            # Blocks opened after ``token`` and never closed (a run given up part-way: see
            # Evaluator.invoke_uncalled): what they journaled is undone with it.
            while self.tokens[-1] is not token:
                inner = self.tokens.pop()
                for key, entry in inner.touched.items():
                    token.touched.setdefault(key, entry)
                for key, journaled in inner.sequences.items():
                    token.sequences.setdefault(key, journaled)
        self.restore(token)
        self._close(token)
        after = self.counters.snapshot()
        del self.layers[token.layers:]
        del self.models[token.models:]
        del self.keras_calls[token.keras_calls:]
        del self.summary_calls[token.summary_calls:]
        self.counters.counts = after
        self.counters.taint_changes_since(token.counts)
        self.counters.counts = dict(token.counts)

    def _close(self, token: _Token) -> None:
        while self.tokens:
            if self.tokens.pop() is token:
                break

    def lost_track(self) -> None:
        self.counters.all_tainted = True

    def _note_touched(self, item: Any) -> None:
        """A call of an object older than the innermost open block: journaled there."""
        if not self.tokens:
            return
        token = self.tokens[-1]
        if self.birth.get(id(item), -1) <= token.born and id(item) not in token.touched:
            token.touched[id(item)] = (item, getattr(item, "weights", None), len(item.nodes))

    def _note_sequence(self, model: Model) -> None:
        """A build, ``pop()`` or ``add()`` of a Sequential older than the innermost open block:
        its layers as they were are journaled there, with the layers a build calls."""
        if not self.tokens or model.kind != "Sequential":
            return
        token = self.tokens[-1]
        if self.birth.get(id(model), -1) > token.born or id(model) in token.sequences:
            return
        token.sequences[id(model)] = (model, _SequenceState.of(model), self.context.statement_line)
        for item in model.sequence:
            if isinstance(item, Model):
                self._note_sequence(item)
            if isinstance(item, (Layer, Model)):
                self._note_touched(item)

    def _born(self, item: Any) -> None:
        self.born += 1
        self.birth[id(item)] = self.born

    # ---- code the evaluator does not follow ----

    def unevaluated(self, node: cst.CSTNode, lookup: Callable[[cst.BaseExpression], Any]) -> None:
        """Code that may or may not run: any Keras layer it could construct makes that class's
        default names unknown from here on, and models it could change are incomplete."""
        for call in self._calls_in(node):
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("add", "pop", "build"):
                receiver = lookup(call.func.value)
                if isinstance(receiver, Model):
                    receiver.incomplete = True  # layers may be added (or removed) by code we skip
            function = lookup(call.func)
            # A model called (or handed on) there may have its own node, or be built, when it runs.
            self._escape([function] + [lookup(argument.value) for argument in call.args])
            if isinstance(function, KerasRef):
                if function.kind == "layer":
                    self.counters.tainted.add(function.spec.default_name if function.spec
                                              else to_snake_case(function.name))
                elif function.kind in ("input", "input_layer", "sequential", "model", "merge", "application",
                                       "preprocess"):
                    self.counters.all_tainted = True
            elif isinstance(function, (UserFunction, UserClass)) or (
                isinstance(function, ModuleRef) and keras_subpath(function.path) is not None
                and not (self.library_values and _takes_no_name_on_backend_values(function.path))
            ):
                self.counters.all_tainted = True
            elif isinstance(function, ModuleRef) and function.path.startswith("tensorflow.") \
                    and not self.library_values:
                self.counters.all_tainted = True
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in (
                    "set_image_data_format",):
                self.data_format = UNKNOWN

    def _calls_in(self, node: cst.CSTNode) -> List[cst.Call]:
        # Cached: the effects of the same function (a class's every method) are applied again at
        # every call and every undecided branch around one, and its calls are the same each time.
        key = id(node)
        calls = self._calls_cache.get(key)
        if calls is None:
            calls = [child for child in walk(node) if isinstance(child, cst.Call)]
            self._calls_cache[key] = calls
        return calls

    # ---- naming ----

    def bound(self, name: str, value: Any) -> None:
        if not isinstance(value, Model):
            return
        if value.name is None:
            value.name = name
        elif value.built_by is not None and value.call_line is None \
                and value.built_in is not self.context.current_function_node():
            # ``small = build()``: the model is the caller's "small", built by build().
            value.name = name
            value.call_line = self.context.statement_line

    def returned(self, function: Any, value: Any) -> None:
        for model in _models_in(value):
            if model in self.models and not model.named_by_return and model.built_in is function.node:
                model.name = function.name
                model.named_by_return = True
                model.built_by = function.name

    # ---- operators ----

    def binary(self, operator: cst.BaseBinaryOp, left: Any, right: Any, site: cst.CSTNode) -> Any:
        tensors = [value for value in (left, right) if isinstance(value, Tensor)]
        if not tensors:
            array = data_values.binary_on_data(left, right) if isinstance(operator, _ARRAY_OPERATORS) else None
            return array if array is not None else NOT_HANDLED
        if isinstance(operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide)):
            left_shape = left.shape if isinstance(left, (Tensor, WeightVariable)) else _scalar_shape(left)
            right_shape = right.shape if isinstance(right, (Tensor, WeightVariable)) else _scalar_shape(right)
            shape = broadcast(left_shape, right_shape)
            if self.custom.tracing:
                self.custom.op_rejected(broadcast_rejected(_OPERATOR_SYMBOLS[type(operator)], left_shape, right_shape))
        else:
            shape = UNKNOWN
        if self.custom.tracing and _unknown_shape(shape):
            symbol = _OPERATOR_SYMBOLS.get(type(operator), type(operator).__name__)
            self.custom.unknown_in_trace(self.line_of(site), self.context.column_of(site), f"the operator {symbol}",
                                         [left, right])
        operator_name = type(operator).__name__
        if self.target_keras == 2:
            return self.tf_keras2_op(tensorflow_ops.tf_keras2_operator(operator_name),
                                     build.opaque(operator_name.lower(), self.line_of(site), tensors, False, shape))
        keras_class = keras_ops.OPERATOR_CLASSES.get(operator_name)
        name = self.name_op(keras_class)
        return _keras_op(build.opaque(operator_name.lower(), self.line_of(site), tensors, False, shape),
                         keras_class, name)

    def unary(self, operator: cst.BaseUnaryOp, operand: Any, site: cst.CSTNode) -> Any:
        if isinstance(operand, ArrayValue) and isinstance(operator, (cst.Minus, cst.Plus)):
            return operand
        if isinstance(operand, Tensor) and self.target_keras == 2:
            return self.tf_keras2_op(tensorflow_ops.tf_keras2_operator(type(operator).__name__),
                                     build.opaque("unary", self.line_of(site), [operand], False, operand.shape))
        if isinstance(operand, Tensor):
            keras_class = keras_ops.UNARY_CLASSES.get(type(operator).__name__)
            name = self.name_op(keras_class)
            return _keras_op(build.opaque("unary", self.line_of(site), [operand], False, operand.shape),
                             keras_class, name)
        return NOT_HANDLED

    def subscript(self, container: Any, indices: List[Any], site: cst.CSTNode) -> Any:
        if isinstance(container, TracedShape):
            return container.item(indices[0]) if len(indices) == 1 else UNKNOWN
        if isinstance(container, Tensor) and _structure_unknown(container):
            line = self.line_of(site)
            if len(indices) == 1 and isinstance(indices[0], str):
                # A key: the value is a dict of tensors (a tensor raises on a string), and Python's
                # own lookup makes no op. What it gives may be a dict again (``out["a"]["b"]``).
                return build.opaque(_DICT_ITEM, line, [container], False)
            # An item of a list of tensors, or Keras's GetItem op on a tensor: a row, or none.
            self.counters.op_names_lost = True
            return build.opaque("getitem", line, [container], True)
        if isinstance(container, Tensor):
            sliced = build.opaque("getitem", self.line_of(site), [container], False,
                                  _slice_shape(container.shape, indices), arguments=([container, indices], {}))
            if self.target_keras == 2:
                return self.tf_keras2_op(tensorflow_ops.tf_keras2_operator("Subscript"), sliced)
            name = self.name_op(keras_ops.SUBSCRIPT_CLASS)
            return _keras_op(sliced, keras_ops.SUBSCRIPT_CLASS, name)
        if isinstance(container, ArrayValue):
            # ``np.newaxis`` and ``tf.newaxis`` are None.
            indices = [None if isinstance(index, ModuleRef) and index.path in _NEW_AXIS else index
                       for index in indices]
            if self.custom.tracing and any(isinstance(index, slice) and isinstance(index.stop, TracedDim)
                                           for index in indices):
                shape = data_values.traced_slice(container, indices)
                return build.opaque("data", self.line_of(site), [], False, shape) if shape is not None else UNKNOWN
            return indexed(container, indices) or UNKNOWN
        return NOT_HANDLED

    def name_op(self, keras_class: Optional[str], shape_dependent: Iterable[str] = ()) -> Optional[str]:
        """A Keras op of that class (None: one lstm-lint cannot name) made on symbolic tensors takes
        a default name from the layers' counters (layers/ops.py): returns it, None when unknown. One
        whose op depends on shapes makes those counters unknown."""
        if self.custom.tracing:
            return None  # ops inside a traced ``call`` run on backend placeholders, not symbolic tensors
        self.counters.tainted.update(shape_dependent)
        if keras_class is None:
            self.counters.op_names_lost = True
            return None
        return self.counters.next_op_name(to_snake_case(keras_class))

    def tf_keras2_op(self, layer: Optional[Tuple[str, str]], result: Any) -> Any:
        """``result`` of an op on symbolic tensors as tf.keras 2 made it (``target-keras = 2``): a
        layer (``TFOpLambda``, ``SlicingOpLambda``) of no weights named after the TensorFlow function,
        with a counter of that name (``tf.concat_1``; no layer's default name has a dot), as
        ``layer`` (prefix, class) says; None when not known, which leaves every such name unknown."""
        if self.custom.tracing:
            return result  # inside a traced ``call`` the op runs on backend tensors: no layer
        if layer is None:
            self.counters.op_names_lost = True
            return _keras_op(result, None, None)
        prefix, layer_class = layer
        name = self.counters.next_op_name(prefix)
        if any(item.explicit_name and (item.name is None or item.name.startswith("tf.")) for item in self.layers):
            # tf.keras 2 skips the names a layer was given (``avoid_observed_names``): one given
            # "tf.concat", or a name we do not know, may be the one this would take.
            name = None
        return _keras_op(result, layer_class, name)

    # ---- calls ----

    def call(self, function: Any, args: List[Any], kwargs: Dict[str, Any], complete: bool,
             site: cst.Call) -> Any:
        line = self.line_of(site)
        if isinstance(function, KerasRef):
            return self.call_keras(function, args, kwargs, complete, site)
        if isinstance(function, Initializer):
            return self.custom.initialized(function, args, kwargs, complete)
        refused = self.refused_call(function, args, kwargs, site) \
            if isinstance(function, Layer) and complete and self.target_keras == 3 else None
        if isinstance(function, (CustomLayer, CustomModel)) and refused is None:
            custom = self.custom.call(function, args, kwargs, complete)
            if custom is not NOT_HANDLED:
                return custom
        if isinstance(function, Model) and function.kind == "Sequential" and args \
                and not build.flatten_tensors(args[0]) and not isinstance(args[0], Unknown):
            # An unbuilt Sequential called on data is built on the data's shape (Layer._maybe_build).
            self.build_on_data(function, "__call__", args, kwargs, complete, line)
        if isinstance(function, (Layer, Model)):
            if self.custom.tracing:
                # Inside a traced ``call`` data is a tensor like any other (an ``ops.arange``).
                args = [_data_tensor(value, line) for value in args]
            return self.call_layer(function, args, kwargs, line, refused)
        if isinstance(function, ModuleRef):
            sub = keras_subpath(function.path)
            signature = signature_of(sub) if sub is not None else None
            if signature is not None:
                self.note_api_call(signature, args, kwargs, complete, site)
            elif sub is None:
                self._escape(list(args) + list(kwargs.values()))
                self.custom.lose([args, kwargs])
                self.note_tensorflow_call(function, args, kwargs, complete, site)
            self.note_optimizer(function, args, kwargs, site)
            result = self.call_module_function(function, args, kwargs, complete, line)
            if self.custom.tracing and build.flatten_tensors([args, kwargs]) and _unknown_shape(result):
                self.custom.unknown_in_trace(line, self.context.column_of(site), f"{function.path}(...)",
                                             [args, kwargs])
            return result
        return NOT_HANDLED

    def refused_call(self, layer: Layer, args: List[Any], kwargs: Dict[str, Any], site: cst.Call) -> Optional[Unknown]:
        """A call Keras's ``Layer.__call__`` refuses before making it (binding/call_arguments.py):
        the error is kept on the layer (LL115), and what the call gives is unknown, as no run gets
        past it (the unknown returned says so). None when the call is not refused, or that is not
        known, or when the layer's construction or what its input comes from is where Keras raises
        (no run reaches this call then)."""
        if isinstance(layer, CustomLayer):
            refusal = self.custom.refused_arguments(layer, args, kwargs)
            if refusal is None:
                return None
            message, conditional = refusal
        elif layer.spec is not None and custom_state(layer) is None:
            if layer.spec.one_positional_argument and len(args) > 1:
                found: Optional[str] = (
                    f"{layer.class_name} takes only its input positionally (Keras's `DataLayer.__call__(self, "
                    f"inputs, **kwargs)`), and is given {len(args)} positional arguments: Python raises "
                    "`TypeError: DataLayer.__call__() takes 2 positional arguments`; pass the others by keyword")
            elif not layer.spec.takes_non_tensor_positional:
                found = refused_positional(layer.class_name, args)
            else:
                found = None
            if found is None:
                return None
            message, conditional = found, self.undecided
        else:
            return None
        # Looked at only for a call refused: every layer call comes here.
        if layer.raises_at_construction or any(
                _raised_upstream(value) for value in build.flatten_tensors([args, kwargs]) + list(args)):
            return None
        error = BuildError("call", f"the call at line {self.context.statement_line}: {message}")
        layer.errors.append(error)
        if conditional:
            layer.conditional_errors.add(id(error))
        elif self.custom.tracing:
            self.custom.raised(layer, error)
        cause = Cause(self.line_of(site), self.context.column_of(site), build.RAISES_AT_CALL, (layer.class_name,))
        state = custom_state(layer)
        if state is not None and not state.built and not conditional:
            state.raises = cause  # never built: no run makes its sublayers' weights
        return Unknown(cause)

    def note_tensorflow_call(self, function: ModuleRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                             site: cst.Call) -> None:
        """A TensorFlow op given a symbolic tensor outside a traced ``call`` (where tensors are the
        backend's, and TensorFlow's ops take them). Arguments we could not see do not matter: the
        tensor we see is converted whatever they are."""
        if self.custom.tracing or not function.path.startswith("tensorflow."):
            return
        name = function.path[len("tensorflow."):]
        if tensorflow_ops.rejects_keras_tensors(name) and build.flatten_tensors([args, kwargs]):
            self.tensorflow_calls.append(TensorflowCall(name, self.line_of(site), self.context.column_of(site),
                                                        certain=self.depth == 0))

    def note_optimizer(self, function: ModuleRef, args: List[Any], kwargs: Dict[str, Any], site: cst.Call) -> None:
        """An optimizer's constructor call (``keras.optimizers.Adam(...)``), kept for the rules
        (LL103 reads Keras 2's ``lr=``) with where it is and whether it is made in every run."""
        sub = keras_subpath(function.path)
        name = sub[len("optimizers."):] if sub is not None and sub.startswith("optimizers.") else ""
        if name[:1].isupper() and "." not in name:
            self.keras_calls.append(KerasCall(sub or "", args, dict(
                kwargs, _line=self.line_of(site), _column=self.context.column_of(site), _conditional=self.undecided)))

    def call_with_host_arguments(self, function: Any, args: List[Any], kwargs: Dict[str, Any],
                                 site: cst.Call) -> Any:
        self._escape(list(args) + list(kwargs.values()))
        self.custom.lose([args, kwargs])
        tensors = build.flatten_tensors([args, kwargs])
        if tensors:
            self.name_op(None)  # a callable we do not follow may make ops on the tensors
            return build.opaque("call", self.line_of(site), tensors, maybe_layer=True)
        return NOT_HANDLED

    def call_module_function(self, function: ModuleRef, args: List[Any], kwargs: Dict[str, Any],
                             complete: bool, line: int) -> Any:
        tensors = build.flatten_tensors([args, kwargs])
        sub = keras_subpath(function.path)
        if self.custom.tracing and sub is not None and sub.startswith("ops.") and holds(
                [args, kwargs], ArrayValue) and (tensors or holds([args, kwargs], op_values.TracedDim) or (
                    complete and op_spec(sub) is not None and tensor_from_call(sub, args, kwargs) is None)):
            # Inside a traced ``call`` an array is a backend tensor like the input: an op on it and
            # on the input, on sizes read from the input, or one lstm-lint does not compute on
            # data (``ops.expand_dims(ops.arange(n), 0)``), is an op on tensors.
            args = [_data_tensor(value, line) for value in args]
            kwargs = {key: _data_tensor(value, line) for key, value in kwargs.items()}
            tensors = build.flatten_tensors([args, kwargs])
        if function.path == "dataclasses.dataclass":
            return function  # ``@dataclass(frozen=True)``: still the dataclass decorator
        if sub in ("backend.clear_session", "utils.clear_session", "src.backend.clear_session"):
            # Keras forgets its name counters: default names start again from "dense".
            if self.depth == 0:
                self.counters.reset()
            else:
                self.counters.all_tainted = True
            return None
        if sub in ("config.set_image_data_format", "backend.set_image_data_format"):
            value = args[0] if args else kwargs.get("data_format", UNKNOWN)
            self.data_format = value if complete and value in DATA_FORMATS else UNKNOWN
            return None
        if sub in ("config.image_data_format", "backend.image_data_format"):
            return self.data_format
        if sub in ("models.clone_model", "src.models.cloning.clone_model") and complete:
            clone = self.clone_model(args, kwargs, line)
            if clone is not None:
                return clone
        if sub in ("saving.register_keras_serializable", "utils.register_keras_serializable"):
            return KerasCall(sub, args, kwargs)  # a decorator registering a class: it makes no layer
        if sub is not None and sub.startswith(("applications", "models.clone", "models.load",
                                               "saving", "src.applications")):
            # Builds (or loads) whole models whose layers take default names we cannot follow.
            self.counters.all_tainted = True
        variable = _variable_kind(function.path, sub)
        if variable is not None and not tensors:
            return self.custom.variable(variable, args, kwargs, complete)
        if _is_initializer(function.path, sub) and not tensors:
            return Initializer(function.path)
        if function.path.startswith("numpy.") and not tensors and complete:
            scalar = numpy_scalars.numpy_function(function.path[len("numpy."):], args, kwargs)
            if scalar is not None:
                return scalar  # np.prod(shape): a NumPy scalar, not a Python number
        if function.path == "math.prod" and complete:
            product = numpy_scalars.python_prod(args, kwargs)
            if product is not None:
                return product
        if function.path.startswith("numpy.") and not tensors:
            # NumPy takes its own integers as sizes (``np.zeros((np.prod(s),))``).
            args, kwargs = numpy_scalars.integers_as_python(args), {
                key: numpy_scalars.integers_as_python(value) for key, value in kwargs.items()}
            if function.path in ("numpy.array", "numpy.asarray") and complete:
                terms = vocabulary.term_array(args, kwargs)  # strings or integers a lookup may adapt on
                if terms is not None:
                    return terms
            array = array_from_call(function.path[len("numpy."):], args, kwargs) or (
                data_values.numpy_call(function.path[len("numpy."):], args, kwargs) if complete else None)
            return array if array is not None else UNKNOWN
        if function.path.startswith("tensorflow.") and not tensors and complete and (
                sub is None or sub.startswith("random.")):
            array = tensor_from_call(function.path[len("tensorflow."):], args, kwargs)
            if array is not None:
                return array
        if sub is not None and not tensors and complete and sub.startswith(("random.", "ops.")):
            array = tensor_from_call(sub, args, kwargs)
            if array is not None:
                return array
        if sub is not None and sub.startswith("losses.") and not tensors:
            return KerasCall(sub, args, kwargs)
        if sub is not None and sub.startswith("optimizers.") and "." not in sub[len("optimizers."):] \
                and sub[len("optimizers."):][:1].isupper() and not tensors:
            return optimizers.made(sub[len("optimizers."):], args, kwargs, complete)
        if sub is not None and (sub == "random.SeedGenerator" or sub.startswith("metrics.")) \
                and sub.rpartition(".")[2][:1].isupper() and not tensors:
            # Tracked by a layer apart from its layers and weights: Keras counts neither in its params.
            return KerasCall(sub, args, kwargs)
        if sub is not None and sub.endswith("pad_sequences"):
            self.keras_calls.append(KerasCall(sub, args, dict(kwargs, _line=line)))
            padded = padded_sequences(args, kwargs) if complete else None
            return padded if padded is not None else UNKNOWN
        if sub == "ops.shape" and complete and len(args) == 1 and not kwargs and isinstance(args[0], Tensor):
            return op_values.shape_tuple(args[0].shape, placeholders=self.custom.tracing > 0)
        if self.custom.tracing and complete:
            traced = self.traced_call(function, sub, args, kwargs, tensors, line)
            if traced is not None:
                return traced
        if sub == "ops.arange" and complete and not tensors:
            length = op_values.arange_length(args, kwargs)
            return ArrayValue((length,)) if length is not None else UNKNOWN
        if complete and not tensors:
            # An op of arrays and numbers runs on their values: an array of the op's shape.
            data_op = op_spec(sub) if sub is not None else (
                tensorflow_op_spec(function.path[len("tensorflow."):]) if function.path.startswith("tensorflow.")
                else None)
            array = data_values.op_on_data(data_op, args, kwargs) if data_op is not None else None
            if array is not None:
                return array
        if tensors and self.target_keras == 2 and (
                (sub is None and function.path.startswith("tensorflow.")) or (sub or "").startswith("backend.")):
            backend = sub is not None
            called = sub[len("backend."):] if sub is not None else function.path[len("tensorflow."):]
            tensorflow_layer = self.tf_keras2_function(called, args, kwargs, complete, tensors, line, backend)
            if tensorflow_layer is not None:
                return tensorflow_layer
        if tensors:
            # keras.ops and other Keras 3 functions on symbolic tensors are operations, not
            # layers; anything else (tf.*, a third-party function) may be a layer for all we know.
            is_keras_op = sub is not None and sub.startswith(("ops.", "backend.", "activations."))
            if sub in keras_ops.IDENTITY_FUNCTIONS and complete and len(args) == 1 and not kwargs \
                    and isinstance(args[0], Tensor):
                return args[0]
            keras_class = op_classes.FUNCTION_CLASSES.get(sub) if is_keras_op and sub is not None else None
            # Any other function on tensors may make ops (or layers) we cannot name.
            name = self.name_op(keras_class, keras_ops.SHAPE_DEPENDENT_NAMES.get(sub, ()) if sub is not None else ())
            op = op_spec(sub) if sub is not None and complete else None
            shape = placed(op_output_shape(op, _op_inputs(args), _op_inputs(kwargs)), line) if op is not None \
                else UNKNOWN
            if op is not None and self.custom.tracing:
                self.custom.op_rejected(rejected_on_values(op_name(sub or ""), _op_inputs(args), _op_inputs(kwargs)))
            if isinstance(shape, list):  # ops.split: several tensors
                result = build.op_outputs(function.path, line, tensors, shape)
            else:
                result = build.opaque(function.path, line, tensors, maybe_layer=not is_keras_op, shape=shape,
                                      arguments=(args, kwargs) if complete else None)
            return _keras_op(result, keras_class, name) if is_keras_op else result
        return UNKNOWN

    def tf_keras2_function(self, name: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                           tensors: List[Tensor], line: int, backend: bool = False) -> Any:
        """The TensorFlow function ``name`` (``backend``: tf.keras 2's ``keras.backend.<name>``) on
        symbolic tensors under tf.keras 2, which wraps the TensorFlow op in a layer of no weights
        (``tf.reshape (TFOpLambda)``), as recorded; None for one not recorded."""
        if self.custom.tracing:
            return None
        layer = tensorflow_ops.tf_keras2_layer(name, args, backend) if complete else None
        if layer is None:
            return None
        op = tf_keras2_backend_op_spec(name) if backend else tf_keras2_op_spec(name)
        shape = op_output_shape(op, _op_inputs(args), _op_inputs(kwargs)) if op is not None else UNKNOWN
        result = build.opaque(f"tensorflow.{name}", line, tensors, maybe_layer=False,
                              shape=shape if not isinstance(shape, list) else UNKNOWN, arguments=(args, kwargs))
        return self.tf_keras2_op(layer, result)

    def traced_call(self, function: ModuleRef, sub: Optional[str], args: List[Any], kwargs: Dict[str, Any],
                    tensors: List[Tensor], line: int) -> Any:
        """A function of Keras or TensorFlow inside a custom layer's traced ``call``, where it runs
        on backend tensors: ``tf.shape(x)``, TensorFlow's elementwise ops, and tensors made of a
        shape read from the input (``keras.random.normal(shape=(batch, dim))``). None: not one."""
        name = sub if sub is not None else (
            function.path[len("tensorflow."):] if function.path.startswith("tensorflow.") else None)
        if name is None:
            return None
        # Keras 3's own ``keras.backend`` has none of the Keras 2 functions: tf.keras's has.
        legacy = sub is not None and sub.startswith("backend.") and function.path.startswith("tensorflow.")
        if sub is not None and sub.startswith("backend.") and not legacy:
            return None
        if name in ("shape", "backend.shape") and len(args) == 1 and not kwargs and isinstance(args[0], Tensor):
            dims = op_values.shape_tuple(args[0].shape, placeholders=True)
            return TracedShape(dims) if isinstance(dims, tuple) else UNKNOWN
        if not tensors:
            shape = op_values.traced_tensor_shape(name, args, kwargs)
            if shape is None and name in ("ops.arange", "range"):
                shape = op_values.traced_range_shape(args, kwargs, op_values.ARANGE_PARAMETERS if sub else (
                    op_values.TENSORFLOW_RANGE_PARAMETERS))
                if shape is None and sub is None:
                    # ``tf.range`` of known numbers: data, as ``ops.arange``'s.
                    length = op_values.arange_length(args, kwargs, op_values.TENSORFLOW_RANGE_PARAMETERS)
                    return ArrayValue((length,)) if length is not None else None
            return build.opaque(function.path, line, [], False, shape) if shape is not None else None
        spec = tensorflow_op_spec(name) if sub is None else (
            legacy_backend_op_spec(sub[len("backend."):]) if legacy else None)
        if spec is None:
            return None
        output = placed(op_output_shape(spec, _op_inputs(args), _op_inputs(kwargs)), line)
        if sub is None:
            self.custom.op_rejected(tensorflow_rejected(name, _op_inputs(args), _op_inputs(kwargs)))
        return build.opaque(function.path, line, tensors, maybe_layer=False,
                            shape=output if not isinstance(output, list) else UNKNOWN)

    def build_on_data(self, model: Model, method: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                      line: int) -> None:
        """An unbuilt Sequential given data (``predict(x)``, ``model(x)``, ...) is built on the shape
        of its first batch, which makes an InputLayer and an internal Functional, each taking a
        default name. When that shape is not known, or the call may not happen, the model stays
        unbuilt here and the names those take are unknown from here on."""
        if model.sequential_output is not None or not model.sequence:
            return  # built already (or with no layers, which Keras refuses to build)
        data = args[0] if args else kwargs.get("x")
        shape = model_ops.build_batch_shape(method, data, args, kwargs) if complete else None
        if shape is not None and self.depth <= model.speculative_depth and not model.incomplete:
            self._note_sequence(model)
            build.sequential_build(model, shape, self.counters, line)
        elif self.depth > model.speculative_depth:
            self.maybe_built(model, line, f"by {method}() here")
        else:
            self.counters.tainted.update(("input_layer", "functional"))
            model.maybe_built = True

    def maybe_built(self, model: Model, line: int, how: str) -> None:
        """An unbuilt Sequential that code which runs in some runs only builds: Keras leaves it
        unbuilt in the others, so whether its layers have weights is not known, nor the default
        names the build takes."""
        self.counters.tainted.update(("input_layer", "functional"))
        model.maybe_built = True
        if model.maybe_built_cause is None:
            model.maybe_built_cause = Cause(
                line, 0, "the Sequential is built ({}) in some runs only: Keras leaves it unbuilt in the "
                "others, so its layers' weights are not known", (how,))

    def clone_model(self, args: List[Any], kwargs: Dict[str, Any], line: int) -> Optional[Model]:
        """``keras.models.clone_model(model)`` of a Sequential (``models/cloning.py``): new layers
        of the same classes, arguments and names, under a Sequential of the same name and
        ``trainable``, on a new Input of the same batch shape and name. None: not followed."""
        bound: Dict[str, Any] = dict(zip(("model", "input_tensors", "clone_function", "call_function",
                                          "recursive"), args))
        bound.update(kwargs)
        if any(bound.get(key) not in (None, False) for key in bound if key != "model"):
            return None
        given = bound.get("model")
        if isinstance(given, Model) and given.kind == "Functional" and id(given) in self.keras_class_models:
            return self.clone_functional(given, line)
        original = model_ops.clonable_sequential(given)
        if original is None:
            return None
        conditional = self.undecided
        items: List[Any] = []
        for item in original.sequence:
            assert isinstance(item, Layer)
            if isinstance(item, InputLayer):
                layer = build.make_input(item.batch_shape, item.name, line, True)
                self._born(layer)
                items.append(layer)
            elif isinstance(item, CustomLayer):
                # Made again by its class's constructor, whose sublayers take default names.
                again = self.custom.clone(item)
                if again is None:
                    return None
                items.append(again)
            else:
                items.append(model_ops.clone_layer(item, line, conditional))
        clone = self.register_model(Model("Sequential", line),
                                    original.keras_name if original.keras_name is not None else UNKNOWN)
        clone.trainable = original.trainable
        self.keras_class_models.add(id(clone))
        for item in items:
            self._born(item)
            build.sequential_add(clone, item, self.counters, line)
        if items:
            build.note_rebuild(clone, self.counters)
        return clone

    def clone_functional(self, original: Model, line: int) -> Optional[Model]:
        """``clone_model`` of a functional model: its graph replayed on clones of its layers, a
        layer of the program's own class made again from its config (``from_config(get_config())``,
        which runs its constructor again). Where such a layer is not made again so (Keras may raise,
        or lstm-lint does not follow its constructor) the clone is one unknown row."""
        not_remade: List[Layer] = []

        def remake(layer: Layer) -> Optional[Layer]:
            again = self.custom.clone(layer) if isinstance(layer, CustomLayer) else None
            if again is None:
                not_remade.append(layer)
            return again

        remaking = model_ops.Remaking(self.custom.calls_again_on_one_tensor, remake,
                                      lambda layer, tensor: self.call_layer(layer, [tensor], {}, line))
        replayed = model_ops.clone_functional(original, self.counters, line, self.undecided, remaking)
        if replayed is None and not_remade:
            self.counters.all_tainted = True  # the constructors it ran may have taken names
            clone = self.register_model(Model("Functional", line),
                                        original.keras_name if original.keras_name is not None else UNKNOWN)
            clone.incomplete = True
            clone.functional_layers = [Operation("clone_model", line, maybe_layer=True, cause=Cause(
                line, 0, "clone_model makes {} again from its config, which lstm-lint does not follow for "
                "this class (Keras raises for a class without get_config whose constructor it cannot "
                "call again with its config): the clone's layers are not known", (not_remade[0].class_name,)))]
            return clone
        if replayed is None:
            return None
        inputs, outputs = replayed
        for layer in inputs:
            self._born(layer)
        clone = self.register_model(Model("Functional", line),
                                    original.keras_name if original.keras_name is not None else UNKNOWN)
        self.keras_class_models.add(id(clone))
        build.functional(clone, [build.input_tensor(layer) for layer in inputs], outputs)
        return clone

    def call_keras(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                   node: cst.Call) -> Any:
        line = self.line_of(node)
        if ref.kind not in ("layer", "merge"):
            args, kwargs = numpy_arguments.shape_arguments(
                args, kwargs, line, self.context.column_of(node),
                ("shape", "batch_shape") if ref.kind in ("input", "input_layer") else ())
        if ref.kind == "layer":
            layer = self.construct_layer(ref, args, kwargs, complete, line, self.context.column_of(node))
            layer.column = self.context.column_of(node)
            if vocabulary.applies(layer):
                vocabulary.constructed(layer, self.target_keras)
            return layer
        if ref.kind in ("input", "sequential", "model"):
            self.note_api_call(_API_OF_KIND[ref.kind], args, kwargs, complete, node)
        if ref.kind in ("input", "input_layer"):
            input_layer = self.construct_input(args, kwargs, complete, line)
            return build.input_tensor(input_layer) if ref.kind == "input" else input_layer
        if ref.kind == "sequential":
            return self.construct_sequential(args, kwargs, complete, line)
        if ref.kind == "model":
            return self.construct_functional(args, kwargs, complete, line)
        if ref.kind == "application":
            return self.construct_application(ref, args, kwargs, complete, line)
        if ref.kind == "preprocess":
            return self.preprocess_input(ref, args, kwargs, complete, line)
        if ref.kind == "merge":
            assert ref.spec is not None
            inputs = args[0] if args else kwargs.pop("inputs", UNKNOWN)
            layer = self.construct_layer(KerasRef("layer", ref.spec.class_name, ref.spec), args[1:],
                                         {k: v for k, v in kwargs.items() if k != "inputs"}, complete, line)
            return self.call_layer(layer, [inputs], {}, line)
        return UNKNOWN

    def construct_layer(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                        line: int, column: int = 0) -> Layer:
        self.custom.before_construction()
        spec = ref.spec
        args, kwargs, refused_numpy = numpy_arguments.layer_arguments(spec, args, kwargs, line, column)
        kwargs = {key: value for key, value in kwargs.items() if not key.startswith("**")}
        config: Dict[str, Any] = {}
        unexpected: List[str] = []
        if spec is not None:
            config = spec.defaults()
            names = spec.argument_names
            for index, value in enumerate(args):
                if index < len(names):
                    config[names[index]] = value
                else:
                    unexpected.append(f"positional argument {index + 1}")
            for key, value in kwargs.items():
                if key in names or key in spec.extra_keywords:
                    config[key] = value
                elif not spec.accepts_keyword(key):
                    unexpected.append(key)
            for required in spec.required_names:
                if required not in config:
                    config[required] = UNKNOWN
            # By Keras's own names, as the constructor leaves them: LeakyReLU(alpha=0.2) has
            # negative_slope 0.2, for the specs and the rules alike.
            config = spec.resolve_aliases(config)
            if not complete:
                config = {key: UNKNOWN for key in config}
                unexpected = []
            if "data_format" in config and config["data_format"] is None:
                # Keras's __init__ resolves None to the global image data format there and then.
                config["data_format"] = self.data_format
        name_value = kwargs.get("name", UNKNOWN if not complete else None)
        if spec is not None and "name" in spec.argument_names:
            name_value = config.get("name")
        explicit = name_value is not None
        if explicit:
            name = name_value if isinstance(name_value, str) else None
        else:
            name = self.counters.next_name(spec.default_name if spec else to_snake_case(ref.name))
        if spec is not None and spec.constructor_layers is not None and not (spec.forwards_name and explicit):
            # The layers the constructor makes take default names from the same counters.
            made, maybe = spec.constructor_layers(config)  # unknown arguments: unknown layers made
            for prefix in made:
                self.counters.next_name(prefix)
            self.counters.tainted.update(maybe)
            if spec.forwards_name and isinstance(name_value, Unknown):
                self.counters.tainted.update(made)
        given: Dict[str, Any] = {}
        names_for_positions = spec.argument_names if spec is not None else ()
        for index, value in enumerate(args):
            key = names_for_positions[index] if index < len(names_for_positions) else f"#{index}"
            given[key] = value
        given.update(kwargs)
        layer = Layer(ref.name, spec, config, name, line, explicit_name=explicit,
                      declared_input=_declared_input(kwargs, config, spec, self.target_keras) if complete else (
                          UNKNOWN if any(k in kwargs for k in ("input_shape", "batch_input_shape", "input_dim"))
                          else None),
                      unexpected_keywords=unexpected, given=given, complete_arguments=complete)
        trainable = kwargs.get("trainable", True)
        layer.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        layer.conditional = self.undecided
        layer.errors.extend(refused_numpy)
        # A Keras 2-only argument (``batch_input_shape=``) raises in Keras 3 too, but the model it
        # means is tf.keras 2's, which is what lstm-lint reports (with LL103 saying Keras 3 rejects it).
        layer.raises_at_construction = spec is not None and any(
            keyword not in KERAS2_LAYER_KWARGS for keyword in unexpected)
        if spec is not None and spec.has(Trait.RUNS_USER_FUNCTION) and isinstance(config.get("function"), UserFunction):
            layer.function_tracer = lambda main, call: self._function_output(layer, main, call)
        if spec is not None and spec.class_name == "Bidirectional" and complete:
            layer.copies = self.program_cell_copies(config)
            if layer.copies is not None:
                # Keras's forward layer is the first copy (its config may differ from the layer given).
                config["layer"] = layer.copies[0]
        if spec is not None and Trait.COPIES_LAYERS in spec.traits and layer.copies is None and _holds_program_objects(
                [config.get(argument) for argument in spec.layer_arguments]):
            # Their copies run the ``__init__`` of the program's class again: the default names
            # what it makes takes are not followed.
            self.counters.all_tainted = True
        self._born(layer)
        self.layers.append(layer)
        return layer

    def program_cell_copies(self, config: Dict[str, Any]) -> Optional[List[Layer]]:
        """``Bidirectional(RNN(cell))`` for a cell of the program's own class: the forward and the
        backward RNN its constructor makes by deserializing the RNN's config (bidirectional.py),
        each over a cell made again from the cell's config, in that order. None: not that, or a
        cell not made again so."""
        rnn = config.get("layer")
        cells = build.program_cells(rnn)
        if not isinstance(rnn, Layer) or config.get("backward_layer") is not None or cells is None \
                or len(cells) != 1 or not isinstance(cells[0], CustomLayer) \
                or isinstance(rnn.config.get("cell"), (list, tuple)) or not rnn.complete_arguments:
            return None
        copies: List[Layer] = []
        for direction in ("forward", "backward"):
            cell = self.custom.remade(cells[0])
            if cell is None:
                return None
            name = f"{direction}_{rnn.name}" if isinstance(rnn.name, str) else None
            copies.append(Layer(rnn.class_name, rnn.spec, dict(rnn.config, cell=cell), name, rnn.line,
                                explicit_name=True, complete_arguments=True, column=rnn.column))
        return copies

    def construct_application(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                              line: int) -> Any:
        """``keras.applications.MobileNetV2(...)``: one nested model with measured totals, which
        uses up the default-name counters its inner layers and ops take in Keras."""
        complete = complete and not any(key.startswith("**") for key in kwargs)
        given_input = kwargs.get("input_tensor")
        given_shape = input_tensor_shape(given_input)
        built = applications.construct(ref.name, args, kwargs, complete, self.data_format, given_shape)
        if built is None:
            self.counters.all_tainted = True
            return UNKNOWN
        model = ApplicationModel("Functional", line, built=built)
        self.register_model(model, built.keras_name if built.keras_name is not None else UNKNOWN)
        placeholder_rows(model)
        counts = dict(built.counters or {})
        if self.target_keras == 2:
            # tf.keras 2 builds it with other layers and ops than the Keras 3 the counts were
            # measured in: its Input takes the next "input_N", and which other counters it used
            # is not known.
            if not isinstance(built.input_shape, Unknown):
                model.inputs = [build.input_tensor(build.make_input(built.input_shape, self.input_name(), line,
                                                                    False))]
            self.counters.all_tainted = True
            return model
        if given_shape is not None and isinstance(given_input, Tensor) and not isinstance(built.input_shape, Unknown):
            # Built on the program's Input (input_tensor=), which has its name: no Input of its own.
            counts["input_layer"] = counts.get("input_layer", 1) - 1
            model.inputs = [given_input]
        elif not isinstance(built.input_shape, Unknown):
            # Its Input comes first, under the next default name (a row of a model built from it).
            name = self.counters.next_name("input_layer") if counts.get("input_layer") else None
            counts["input_layer"] = counts.get("input_layer", 1) - 1
            model.inputs = [build.input_tensor(build.make_input(built.input_shape, name, line, False))]
        if built.counters is not None:
            for prefix, count in counts.items():
                self.counters.counts[prefix] = self.counters.counts.get(prefix, 0) + count
        elif built.tainted is not None:
            self.counters.tainted.update(built.tainted)
        else:
            self.counters.all_tainted = True
        return model

    def preprocess_input(self, ref: KerasRef, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                         line: int) -> Any:
        """``keras.applications.<module>.preprocess_input(x)``: on a symbolic tensor, the same
        tensor or ops of its shape (no layers), with the name counters those ops use."""
        value = args[0] if args else kwargs.get("x", UNKNOWN)
        measured = applications.preprocess(ref.name)
        if not complete or len(args) > 1 or any(key != "x" for key in kwargs) or self.data_format != "channels_last":
            self.counters.all_tainted = True  # another mode or data format: other ops
            return _keras_op(build.opaque(ref.name, line, [value], False), None, None) \
                if isinstance(value, Tensor) else UNKNOWN
        if isinstance(value, Tensor) and self.target_keras == 2:
            # The same tensor where Keras 3's is (as in tf.keras 2: tests/test_tf_keras2_rows.py), else tf.keras 2's own
            # TFOpLambda layers, which take no layer's counter and op names lstm-lint does not know.
            if measured.identity:
                return value
            self.counters.op_names_lost = True
            return _keras_op(build.opaque(f"{ref.name}.preprocess_input", line, [value], False, value.shape),
                             None, None)
        if isinstance(value, Tensor):
            for prefix, count in measured.counters.items():
                self.counters.counts[prefix] = self.counters.counts.get(prefix, 0) + count
            if measured.identity:
                return value
            # Its ops, one row standing for them all (their names are known, their rows are not).
            return _keras_op(build.opaque(f"{ref.name}.preprocess_input", line, [value], False, value.shape),
                             None, None)
        if isinstance(value, Unknown):
            self.counters.tainted.update(measured.counters)  # a tensor or data: we cannot tell
        return UNKNOWN

    def construct_input(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> InputLayer:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
        bound: Dict[str, Any] = dict(zip(names, args))
        bound.update(kwargs)
        batch_shape: MaybeShape
        if not complete:
            batch_shape = UNKNOWN
        elif bound.get("batch_shape") is not None:
            batch_shape = shape_from_value(bound["batch_shape"])
        elif bound.get("shape") is not None:
            shape = shape_from_value(bound["shape"])
            batch = bound.get("batch_size")
            batch_dim = batch if isinstance(batch, int) or batch is None else UNKNOWN
            batch_shape = shape if isinstance(shape, Unknown) else (batch_dim,) + shape
        else:
            batch_shape = UNKNOWN
        name_value = bound.get("name")
        explicit = name_value is not None
        name = name_value if isinstance(name_value, str) else (
            None if explicit else self.input_name())
        layer = build.make_input(batch_shape, name, line, explicit)
        self._born(layer)
        return layer

    def input_name(self) -> Optional[str]:
        """The default name of a ``keras.Input``: Keras 3's ``input_layer``, ``input_layer_1``; tf.keras
        2's ``input_1``, ``input_2`` (``unique_object_name("input")``, one-based), under target 2."""
        if self.target_keras != 2:
            return self.counters.next_name("input_layer")
        count = self.counters.counts.get("input", 0)
        name = self.counters.next_name("input")
        return None if name is None or "input_layer" in self.counters.tainted else f"input_{count + 1}"

    def register_model(self, model: Model, keras_name: Any) -> Model:
        if isinstance(keras_name, str):
            model.keras_name = keras_name
            model.explicit_keras_name = True
        elif keras_name is None:
            prefix = model.keras_default_prefix
            if self.target_keras == 2 and prefix == "functional":
                # tf.keras 2 names a functional model "model" (Keras 3: "functional").
                prefix = "model" if "functional" not in self.counters.tainted else prefix
            model.keras_name = self.counters.next_name(prefix)
        model.speculative_depth = self.depth
        model.line = self.context.statement_line
        model.column = self.context.statement_column
        model.built_in = self.context.current_function_node()
        self._born(model)
        self.models.append(model)
        model.tf_keras2_table = self.target_keras == 2
        return model

    def construct_sequential(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> Model:
        bound: Dict[str, Any] = dict(zip(("layers", "trainable", "name"), args))
        bound.update(kwargs)
        model = self.register_model(Model("Sequential", line), bound.get("name"))
        self.keras_class_models.add(id(model))
        trainable = bound.get("trainable", True)
        model.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        items = bound.get("layers")
        if not complete:
            items = UNKNOWN
        if isinstance(items, (list, tuple)):
            for item in items:
                build.sequential_add(model, item, self.counters, line)
            if items:
                build.note_rebuild(model, self.counters)
        elif isinstance(items, PartialList):
            # Known layers, an unknown run of layers (perhaps none), known layers.
            model.incomplete = True
            for item in items.head:
                build.sequential_add(model, item, self.counters, line)
            build.sequential_add(model, UNKNOWN, self.counters, line)
            for item in items.tail:
                build.sequential_add(model, item, self.counters, line)
        elif items is not None:
            model.incomplete = True
            build.sequential_add(model, UNKNOWN, self.counters, line)
        return model

    def construct_functional(self, args: List[Any], kwargs: Dict[str, Any], complete: bool, line: int) -> Any:
        bound: Dict[str, Any] = dict(zip(("inputs", "outputs"), args))
        bound.update(kwargs)
        if "inputs" not in bound or "outputs" not in bound:
            return UNKNOWN  # Model() for subclassing, or something we cannot follow
        model = self.register_model(Model("Functional", line), bound.get("name"))
        self.keras_class_models.add(id(model))
        inputs = build.flatten_tensors(bound["inputs"])
        outputs = build.flatten_tensors(bound["outputs"])
        model.output_structure = build.output_structure(bound["outputs"])
        if not complete or len(outputs) != _leaf_count(bound["outputs"]) \
                or len(inputs) != _leaf_count(bound["inputs"]):
            model.incomplete = True
        build.functional(model, inputs, outputs)
        model.disconnected_certain = model.disconnected and not self.undecided and complete
        trainable = bound.get("trainable", True)
        model.trainable = trainable if isinstance(trainable, bool) else UNKNOWN
        return model

    def call_layer(self, layer: Union[Layer, Model], args: List[Any], kwargs: Dict[str, Any], line: int,
                   refused: Optional[Unknown] = None) -> Any:
        """``layer(*args, **kwargs)`` on symbolic tensors: a node of the graph. ``refused``: why
        the output is unknown when Keras's ``Layer.__call__`` refuses the arguments."""
        main = args[0] if args else kwargs.get("inputs", UNKNOWN)
        extra = build.flatten_tensors([args[1:], {k: v for k, v in kwargs.items() if k != "inputs"}])
        main_tensors = build.flatten_tensors(main)
        if not main_tensors and not extra:
            if not isinstance(main, Unknown):
                if isinstance(layer, Layer):
                    layer.built_unseen = True  # built on data whose shape lstm-lint does not follow
                return UNKNOWN  # a call on data (an array, a number): not part of a model's graph
            # On a value we cannot see (``base.output`` of a model we do not model): whatever it is,
            # comes from unknown layers, shown as one unknown row, and this layer's row follows it.
            main = build.opaque("unknown", line, [], maybe_layer=True, cause=main.cause)
            main_tensors = [main]
        if _leaf_count(main) != len(main_tensors):
            # Part of the input is not a tensor we track: an unknown shape stands in for it.
            main = _replace_unknown_leaves(main, lambda: (
                build.opaque("unknown", line, [], maybe_layer=False)))
        self._note_touched(layer)
        if isinstance(layer, Model):
            self._note_sequence(layer)
        builds = True
        if isinstance(layer, Model) and layer.kind == "Sequential" and layer.sequential_output is None \
                and not layer.incomplete and self.depth > layer.speculative_depth:
            # Keras builds it at its first call, which may not happen: what the build makes is not
            # the same in every run, so it stays unbuilt here, marked as maybe built.
            builds = False
            self.maybe_built(layer, line, "called here")
        shape_input = _named_input_shapes(layer, args, kwargs)
        errors_before = len(layer.errors) if isinstance(layer, Layer) else 0
        outputs = build.call(layer, main, extra, self.counters, shape_input, _call_keywords(layer, kwargs),
                             trace_arguments=(args, kwargs), record=not self.custom.tracing, builds=builds,
                             refused=refused)
        _date_mask_ops(outputs, line)
        if isinstance(layer, Layer) and self.undecided:
            layer.conditional_errors.update(id(error) for error in layer.errors[errors_before:])
        if isinstance(layer, Layer) and self.custom.tracing and len(layer.errors) > errors_before:
            self.custom.raised(layer, layer.errors[-1])
        if not self.tokens or self.birth.get(id(layer), -1) > self.tokens[-1].born:
            layer.uncertain_output = False  # this call is certain wherever the layer is
        return outputs

    def _function_output(self, layer: Layer, main: Any, call_arguments: Optional[Tuple[List[Any], Dict[str, Any]]]
                         ) -> Optional[ShapeTree]:
        """What the function of the program's a layer runs (``Lambda(fn)``) gives on a call's
        input, which is how Keras finds the output when no ``output_shape`` says; None when the
        call is not one lstm-lint follows: other arguments than the input, a function taking
        ``mask`` or ``training`` (which Lambda then passes) or ``**kwargs``, arguments it does not
        know. (The function's effects were applied when the layer was made: Keras may run it at
        any call.)"""
        function = layer.config.get("function")
        arguments = layer.config.get("arguments")
        if not isinstance(function, UserFunction) or layer.config.get("output_shape") is not None \
                or layer.config.get("mask") is not None or not layer.complete_arguments:
            return None
        if call_arguments is not None and (len(call_arguments[0]) != 1 or call_arguments[1]):
            return None
        if arguments is None:
            arguments = {}
        if not isinstance(arguments, dict) or not all(isinstance(key, str) for key in arguments) \
                or any(isinstance(value, Unknown) for value in arguments.values()):
            return None
        node = function.node
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            names = {param.name.value for param in list(node.params.params) + list(node.params.kwonly_params)}
            if names & {"mask", "training"} or node.params.star_kwarg is not None:
                return None
        return self.custom.trace_function(function, [main], dict(arguments))

    def instantiate(self, cls: Any, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                    site: cst.Call) -> Any:
        """``MyModel()`` for ``class MyModel(keras.Model)``: a model whose layers lstm-lint does not
        follow yet, reported with one unknown row under Keras's default name for the class."""
        if not any(isinstance(base, KerasRef) and base.kind == "model" for base in bases):
            return NOT_HANDLED
        line = self.line_of(site)
        model = Model("Functional", line)
        name = kwargs.get("name")
        self.register_model(model, name if isinstance(name, str) else UNKNOWN)
        if name is None:  # Keras names the object after its class, from the same counters
            model.keras_name = self.counters.next_name(to_snake_case(cls.name))
        model.incomplete = True
        placeholder = Operation(f"layers of {cls.name}", line, maybe_layer=True)
        model.functional_layers = [placeholder]
        return model

    def instantiate_followed(self, cls: Any, bases: List[Any], args: List[Any], kwargs: Dict[str, Any],
                             complete: bool, site: cst.Call) -> Any:
        if sequential_subclass.subclasses_sequential(bases):
            return sequential_subclass.instantiate(self, cls, bases, args, kwargs, complete, site)
        return self.custom.instantiate(cls, bases, args, kwargs, complete, site)

    def super_attribute(self, receiver: Any, cls: Any, name: str) -> Any:
        if isinstance(receiver, SequentialSubclass):
            return sequential_subclass.super_attribute(receiver, name)
        return self.custom.super_attribute(receiver, name)

    def library_super(self, start: Any, receiver: Any, site: cst.CSTNode) -> Any:
        return skipped_init.library_super(self, start, receiver, site)

    def class_of(self, value: Any) -> Any:
        if isinstance(value, (CustomLayer, CustomModel)) and value.custom is not None:
            return value.custom.user_class
        return NOT_HANDLED

    def never_instantiated(self, cls: Any, bases: List[Any]) -> None:
        if sequential_subclass.subclasses_sequential(bases):
            sequential_subclass.never_instantiated(self, cls, bases)
            return
        self.custom.never_instantiated(cls, bases)

    def call_method(self, receiver: Any, name: str, args: List[Any], kwargs: Dict[str, Any], complete: bool,
                    site: cst.Call) -> Any:
        line = self.line_of(site)
        if isinstance(receiver, OptimizerObject):
            if name != "get_config":
                receiver.lose()  # ``build``, ``apply_gradients``, ...: it may be built now
            return UNKNOWN
        if isinstance(receiver, (CustomLayer, CustomModel)):
            custom = self.custom.call_method(receiver, name, args, kwargs, complete, site)
            if custom is not NOT_HANDLED:
                return custom
        if isinstance(receiver, SequentialSubclass):
            handled = sequential_subclass.call_method(self, receiver, name, args, kwargs, complete)
            if handled is not NOT_HANDLED or name.startswith("super()."):
                return handled
        if isinstance(receiver, Model):
            conditional = self.depth > receiver.speculative_depth
            methods = SEQUENTIAL_METHODS if receiver.kind == "Sequential" else MODEL_METHODS
            if name in methods and id(receiver) in self.keras_class_models:
                self.note_api_call(methods[name], args, kwargs, complete, site)
            if name in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
                receiver.escaped = True  # the trainer may build (and call) the model symbolically
            if name in ("add", "build", "pop") and receiver.kind == "Sequential":
                self._note_sequence(receiver)
            if name == "add" and receiver.kind == "Sequential":
                item = args[0] if args and complete else kwargs.get("layer", UNKNOWN)
                build.sequential_add(receiver, UNKNOWN if conditional else item, self.counters, line)
                if conditional:
                    receiver.incomplete = True
                else:
                    build.note_rebuild(receiver, self.counters)
                return None
            if name == "build" and receiver.kind == "Sequential":
                shape = shape_from_value(args[0] if args else kwargs.get("input_shape", UNKNOWN))
                first = receiver.sequence[0] if receiver.sequence else None
                if isinstance(first, InputLayer) and complete and not conditional and self.depth == 0 \
                        and id(receiver) in self.keras_class_models and _fully_known(first.batch_shape) \
                        and _fully_known(shape) and first.batch_shape != shape:
                    receiver.conflicting_builds.append(ConflictingBuild(line, self.context.column_of(site),
                                                                        first.batch_shape, shape))
                if not conditional:
                    build.sequential_build(receiver, shape, self.counters, line)
                else:
                    # Built in some runs only: the names the build takes are not known after it.
                    self.maybe_built(receiver, line, "by build() here")
                return None
            if name == "summary":
                self.summarised.add(id(receiver))
                self.note_summary(receiver, site)
            if name == "compile":
                receiver.compile_calls.append(dict(kwargs, _line=line, _args=args))
                identifier = args[0] if args else kwargs.get("optimizer", "rmsprop")
                previous = receiver.optimizer
                receiver.optimizer = optimizers.from_identifier(identifier, complete and not conditional)
                if conditional and isinstance(previous, OptimizerObject) and previous.built is not None:
                    # The built optimizer stays on the paths that do not compile again.
                    receiver.optimizer.built = UNKNOWN
                return None
            if name in model_ops.BUILDING_METHODS and receiver.kind == "Sequential":
                self.build_on_data(receiver, name, args, kwargs, complete, line)
            if name in _DATA_METHODS:
                self.custom.data_methods(receiver)
            if name in ("fit", "train_on_batch") and isinstance(receiver.optimizer, OptimizerObject):
                receiver.optimizer.build(receiver.current_weights().trainable,
                                         complete and not conditional and _trains(name, args, kwargs))
            if name == "fit":
                receiver.fit_calls.append(dict(kwargs, _line=line, _args=args))
                return UNKNOWN
            if name == "pop" and receiver.kind == "Sequential":
                if conditional or not complete or args or kwargs:
                    # Popped in some runs only: the last row may or may not be there.
                    build.sequential_forget_last(receiver)
                    return UNKNOWN
                popped = build.sequential_pop(receiver, self.counters)
                return UNKNOWN if popped is None else popped
            if name == "get_layer":
                _reach_application_layers(receiver)
                if isinstance(receiver, ApplicationModel):
                    receiver.inner_layers_reached = True
                    return UNKNOWN
                found, candidates = model_ops.get_layer(receiver, args, kwargs, complete)
                if candidates:
                    # One of these, or none: any of them may be frozen (or unfrozen) through it.
                    # Its weights stay as they are: built already, a layer keeps them when called.
                    frozen_maybe = unknown_because(
                        line, self.context.column_of(site), "get_layer() here may give this layer or another "
                        "(a name or an index it compares with is not known): whether it is trainable is not known")
                    for candidate in candidates:
                        if isinstance(candidate, (Layer, Model)):
                            _set_trainable(candidate, frozen_maybe)
                return found
            return UNKNOWN
        if vocabulary.has_vocabulary(receiver):
            func = site.func
            text = func.value.value if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                else receiver.class_name
            # Followed only where it runs in every run: elsewhere the vocabulary may be either.
            followed = (args, kwargs) if complete and self.depth == 0 and not self.custom.tracing else None
            returned = vocabulary.method_called(receiver, name, text, line, self.context.column_of(site), followed)
            if returned is not NOT_HANDLED:
                return returned
        if name == "build" and isinstance(receiver, Layer) and not isinstance(receiver, (CustomLayer, InputLayer)):
            shape = args[0] if args and complete else kwargs.get("input_shape", UNKNOWN)
            build.layer_build(receiver, shape_from_value(shape), self.counters, certain=self.depth == 0,
                              in_trace=self.custom.tracing > 0)
            return None
        tensors = build.flatten_tensors([args, kwargs])
        if isinstance(receiver, ArrayValue) and name == "reshape" and complete and not kwargs:
            return reshaped(receiver, numpy_scalars.integers_as_python(args)) or UNKNOWN
        if isinstance(receiver, ArrayValue) and name in ("astype", "copy") and complete:
            return receiver  # the same shape
        if isinstance(receiver, Tensor):
            self.name_op(None)  # a method of a Keras tensor: ops lstm-lint cannot name
            return _keras_op(build.opaque(f"tensor.{name}", line, [receiver] + tensors, maybe_layer=False), None, None)
        return UNKNOWN


# ---- helpers -------------------------------------------------------------------------------------

_API_OF_KIND = {kind: signature for kind, signature in (
    ("input", signature_of("Input")), ("sequential", signature_of("Sequential")), ("model", signature_of("Model")))
    if signature is not None}


def _built_program_model(model: Model) -> bool:
    """A model of the program's own ``keras.Model`` subclass that Keras has built, whose
    ``summary`` is Keras's (a class with a summary of its own runs that instead, never this host
    method): its table is as summary() prints it, as for Keras's own classes."""
    return isinstance(model, CustomModel) and model.custom is not None and (
        model.functional_init or model.custom.built)


def _variable_kind(path: str, sub: Optional[str]) -> Optional[bool]:
    """True for Keras's variable class, False for TensorFlow's, None for anything else."""
    if sub in ("Variable", "backend.Variable", "variables.Variable"):
        return True
    if sub is None and path == "tensorflow.Variable":
        return False
    return None


def _is_initializer(path: str, sub: Optional[str]) -> bool:
    """An initializer's constructor: ``keras.initializers.RandomNormal``, ``tf.zeros_initializer``."""
    if sub is not None:
        module, _, name = sub.rpartition(".")
        return module == "initializers" and name[:1].isupper()
    module, _, name = path.rpartition(".")
    return module in ("tensorflow", "tensorflow.initializers", "tensorflow.compat.v1") and (
        name.endswith("_initializer") or (module == "tensorflow.initializers" and name[:1].isupper()))


def _trains(method: str, args: List[Any], kwargs: Dict[str, Any]) -> bool:
    """Whether ``fit`` (``train_on_batch``) runs a train step, which builds the optimizer: at least
    one epoch, from the first."""
    if method != "fit":
        return True
    epochs = args[3] if len(args) > 3 else kwargs.get("epochs", 1)
    initial = args[11] if len(args) > 11 else kwargs.get("initial_epoch", 0)
    return isinstance(epochs, int) and isinstance(initial, int) and 0 == initial < epochs


def _unknown_shape(value: Any) -> bool:
    """An unknown, or a tensor (or shape) of an unknown rank or size."""
    shape = value.shape if isinstance(value, Tensor) else value
    return isinstance(shape, Unknown) or (isinstance(shape, tuple) and any(isinstance(dim, Unknown) for dim in shape))


def _fully_known(shape: MaybeShape) -> bool:
    """A shape whose every dimension is a known int or None (no unknown part)."""
    return not isinstance(shape, Unknown) and not any(isinstance(dim, Unknown) for dim in shape)


def _op_inputs(value: Any) -> Any:
    """An op's arguments with each tensor as the shape the op's rule reads (layers/op_shapes.py)."""
    if isinstance(value, (Tensor, WeightVariable)):
        return TensorInput(value.shape)
    if isinstance(value, ArrayValue):
        return TensorInput(tuple(dim if isinstance(dim, int) else UNKNOWN for dim in value.shape))
    if isinstance(value, list):
        return [_op_inputs(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_op_inputs(item) for item in value)
    if isinstance(value, dict):
        return {key: _op_inputs(item) for key, item in value.items()}
    return value


def _named_input_shapes(layer: Union[Layer, Model], args: List[Any], kwargs: Dict[str, Any]) -> Optional[Any]:
    """For a layer whose call takes several named tensors (``mha(query, value, key=k)``): one shape
    per argument of its call signature, None for one not given, UNKNOWN for one we do not track."""
    spec = layer.spec if isinstance(layer, Layer) else None
    if spec is None or not spec.call_inputs:
        return None
    shapes: List[Any] = []
    for index, name in enumerate(spec.call_inputs):
        value = args[index] if index < len(args) else kwargs.get(name, None)
        if value is None:
            shapes.append(None)
        elif isinstance(value, Tensor):
            shapes.append(value.shape)
        else:
            shapes.append(UNKNOWN)
    return shapes


def _call_keywords(layer: Union[Layer, Model], kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """The call's values of the keywords its spec's outputs depend on (``return_attention_scores``,
    ``reverse``): those given, and UNKNOWN for the others when a ``**mapping`` may hold them."""
    spec = layer.spec if isinstance(layer, Layer) else None
    if spec is None or not spec.call_keywords:
        return {}
    splat = any(key.startswith("**") for key in kwargs)
    return {argument.name: kwargs[argument.name] if argument.name in kwargs else UNKNOWN
            for argument in spec.call_keywords if argument.name in kwargs or splat}


def _holds_program_objects(value: Any, depth: int = 0) -> bool:
    """Whether a layer argument is, or holds in its config (an RNN's cell, a list of cells), an
    object of the program's own class."""
    if isinstance(value, (CustomLayer, CustomModel)):
        return True
    if depth >= 4:
        return False
    if isinstance(value, Layer):
        return _holds_program_objects(list(value.config.values()), depth + 1)
    if isinstance(value, (list, tuple)):
        return any(_holds_program_objects(item, depth + 1) for item in value)
    return False


def _data_tensor(value: Any, line: int) -> Any:
    if isinstance(value, ArrayValue):
        return build.opaque("data", line, [], False, tuple(value.shape))
    return value


def _alike_rows(items: Sequence[Any]) -> bool:
    """Whether the alternatives' layers in one row print the same summary row."""
    first = items[0]
    if not isinstance(first, Layer):
        return False
    shape = first.last_output()
    weights = first.current_weights()
    return all(isinstance(item, Layer) and item.class_name == first.class_name and item.name == first.name
               and item.name is not None and not isinstance(shape, Unknown) and item.last_output() == shape
               and _same_weights(item.current_weights(), weights) for item in items)


def _date_mask_ops(outputs: Any, line: int) -> None:
    """The ops a call computed its outputs' masks with were made by that call: their rows' line."""
    stack = [tensor.mask for tensor in build.flatten_tensors(outputs) if tensor.mask is not None]
    while stack:
        tensor = stack.pop()
        operation = tensor.node.operation
        if isinstance(operation, Operation) and operation.keras_op and operation.line == 0:
            operation.line = line
            stack.extend(tensor.node.inputs)


def _keras_op(result: Any, keras_class: Optional[str], name: Optional[str]) -> Any:
    """Mark the operation that made ``result`` as a Keras op, a row of a Functional's summary()."""
    tensors = build.flatten_tensors(result)  # several, of one op, for ops.split
    if tensors and isinstance(tensors[0].node.operation, Operation):
        operation = tensors[0].node.operation
        operation.keras_op, operation.keras_class, operation.keras_name = True, keras_class, name
    return result


def _alike_ops(items: Sequence[Any]) -> bool:
    """Whether the alternatives' ops in one row print the same summary row."""
    first = items[0]
    if not isinstance(first, Operation) or not first.keras_op or first.keras_name is None:
        return False
    shape = first.nodes[-1].output_shapes if first.nodes else UNKNOWN
    return not isinstance(shape, Unknown) and all(
        isinstance(item, Operation) and item.keras_op and item.keras_class == first.keras_class
        and item.keras_name == first.keras_name and len(item.nodes) == 1 and item.nodes[-1].output_shapes == shape
        for item in items)


def _agreed(configs: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """The arguments several configurations agree on; the others unknown."""
    configs = list(configs)
    result: Dict[str, Any] = {}
    for key in configs[0]:
        values = [config.get(key, UNKNOWN) for config in configs]
        first = values[0]
        same = all(value is first or (type(value) is type(first) and isinstance(first, (int, float, str, bool, tuple))
                                      and value == first) for value in values)
        result[key] = first if same else UNKNOWN
    for config in configs[1:]:
        for key in config:
            result.setdefault(key, UNKNOWN)
    return result


def _same_weights(first: Optional[Weights], second: Optional[Weights]) -> bool:
    if first is None or second is None:
        return first is second
    return _same_count(first.trainable, second.trainable) and _same_count(first.non_trainable, second.non_trainable)


def _same_count(first: Any, second: Any) -> bool:
    return isinstance(first, int) and isinstance(second, int) and first == second


def _leaf_count(value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return sum(_leaf_count(item) for item in value)
    if isinstance(value, dict):
        return sum(_leaf_count(item) for item in value.values())
    return 1


def _replace_unknown_leaves(value: Any, make: Any) -> Any:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (list, tuple)):
        return [_replace_unknown_leaves(item, make) for item in value]
    return make()


def _takes_no_name_on_backend_values(path: str) -> bool:
    """A Keras function that makes no layer and takes a default name only when run on symbolic
    tensors: an op, an activation, a backend or random function."""
    sub = keras_subpath(path)
    return sub is not None and sub.split(".")[0] in ("ops", "activations", "backend", "random")


_OPERATOR_SYMBOLS = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/"}
# Operators NumPy applies element-wise, broadcasting, to arrays and numbers.
_ARRAY_OPERATORS = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power, cst.FloorDivide, cst.Modulo)
_NEW_AXIS = ("numpy.newaxis", "tensorflow.newaxis")


def _set_trainable(item: Union[Layer, Model], value: Union[bool, Unknown]) -> None:
    """Keras's ``trainable`` setter: on a model it sets every layer inside it too."""
    item.trainable = value
    if isinstance(item, Model):
        for inner in item.layers():
            if isinstance(inner, (Layer, Model)):
                _set_trainable(inner, value)
            elif isinstance(inner, ApplicationLayers) and inner.application is not None:
                _set_trainable(inner.application, value)


def _reach_application_layers(model: Model) -> None:
    """``model.layers`` of a model holding an application's layers hands them to the program."""
    for item in model.layers():
        if isinstance(item, ApplicationLayers) and item.application is not None:
            item.application.inner_layers_reached = True


def _holds_keras(value: Any) -> bool:
    return holds(value, (Tensor, Layer, Model), levels=3)


def _models_in(value: Any, layers: bool = False) -> List[Any]:
    """The models (and with ``layers``, the layers) in ``value`` and the lists and tuples in it, in
    order. Without recursion, and passing over numbers and strings first: a function that returns
    data (a list of windows of a series) returns thousands of them."""
    models: List[Any] = []
    stack = [value]
    seen: Set[int] = set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _PLAIN_SCALARS:
            continue
        if isinstance(item, Model) or (layers and isinstance(item, Layer)):
            models.append(item)
        elif layers and isinstance(item, (dict, Instance)) and id(item) not in seen and len(seen) < _MAX_REACHED:
            seen.add(id(item))  # a layer in a dict or an object is handed on as well (objects may cycle)
            stack.extend((item if isinstance(item, dict) else item.attrs).values())
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, BoundMethod):
            stack.append(item.receiver)  # ``Thread(target=model.predict)``: the code may call it
    return models


_PLAIN_SCALARS = frozenset((int, float, str, bool, type(None)))
# How many dicts and objects a search for layers handed to unknown code looks into.
_MAX_REACHED = 1000


def _scalar_shape(value: Any) -> MaybeShape:
    if isinstance(value, (int, float, TracedDim)) and not isinstance(value, bool):
        return ()
    return data_values.data_shape(value)  # an array beside a tensor: an operand of its shape


def _slice_shape(shape: MaybeShape, indices: List[Any]) -> MaybeShape:
    """Shape of ``x[...]`` for ints, plain slices and one ``...`` (Keras 3's GetItem, which puts
    as many full slices there as the axes not indexed); unknown otherwise."""
    if isinstance(shape, Unknown):
        return UNKNOWN
    ellipses = [position for position, index in enumerate(indices) if index is Ellipsis]
    if len(ellipses) > 1 or indices == [Ellipsis]:
        return UNKNOWN  # (``x[...]`` alone: Keras raises on a key that is not a tuple; ``x[...,]`` not)
    if ellipses:
        position = ellipses[0]
        indices = indices[:position] + [slice(None)] * (len(shape) - len(indices) + 1) + indices[position + 1:]
    if len(indices) > len(shape):
        return UNKNOWN
    result: List[Any] = []
    for dim, index in zip(shape, indices):
        if isinstance(index, int) and not isinstance(index, bool):
            continue
        if isinstance(index, slice) and not all(
                part is None or (isinstance(part, int) and not isinstance(part, bool))
                for part in (index.start, index.stop, index.step)):
            return UNKNOWN  # a bound lstm-lint reads as a size of its own (a traced one)
        if isinstance(index, slice):
            if dim is None or isinstance(dim, Unknown):
                result.append(dim if index == slice(None) else (None if dim is None else UNKNOWN))
            else:
                result.append(len(range(*index.indices(dim))))
            continue
        return UNKNOWN
    return tuple(result) + tuple(shape[len(indices):])


def _declared_input(kwargs: Dict[str, Any], config: Dict[str, Any], spec: Optional[LayerSpec],
                    target_keras: int = 3) -> Optional[MaybeShape]:
    """The batch shape a Sequential builds from this layer when it comes first (Keras 2 style).
    Keras 3 ignores Embedding's ``input_length``: a Sequential that starts with one is not built
    until it is called on data (tf.keras 2 built it, on the input shape its constructor gave
    itself: ``target_keras`` 2 does the same; LL303 says so under 3)."""
    batch = kwargs.get("batch_size")
    batch_dim = batch if isinstance(batch, int) and not isinstance(batch, bool) else (
        None if batch is None else UNKNOWN)
    if kwargs.get("batch_input_shape") is not None:
        return shape_from_value(kwargs["batch_input_shape"], with_batch=True)
    if kwargs.get("input_shape") is not None:
        shape = shape_from_value(kwargs["input_shape"])
        return UNKNOWN if isinstance(shape, Unknown) else (batch_dim,) + shape
    # The base layer's input_dim, not a class's own argument of that name (Embedding's).
    own_input_dim = spec is not None and "input_dim" in spec.argument_names
    if "input_dim" in kwargs and not own_input_dim and kwargs["input_dim"] is not None:
        dim = kwargs["input_dim"]
        return (batch_dim, dim if isinstance(dim, int) else UNKNOWN)
    if target_keras == 2 and spec is not None and spec.keras2_input_shape is not None:
        own = spec.keras2_input_shape(kwargs)
        return UNKNOWN if isinstance(own, Unknown) else (batch_dim,) + tuple(own)
    return None


__all__ = ["DATA_FORMATS", "KerasHost"]


_RAISING_TEMPLATES = (build.RAISES_AT_CALL, build.RAISES_AT_CONSTRUCTION)


def _raised_upstream(value: Any) -> bool:
    """Whether ``value`` (a tensor, or an unknown) comes from a layer's call or construction Keras
    raises at. Only tensors of unknown shape are followed back: what such a call gives is unknown,
    and so is everything made from it."""
    pending = [value]
    seen: Set[int] = set()
    while pending:
        current = pending.pop()
        shape = current.shape if isinstance(current, Tensor) else current
        if not isinstance(shape, Unknown) or id(current) in seen:
            continue
        seen.add(id(current))
        cause = shape.cause
        while cause is not None:
            if cause.template in _RAISING_TEMPLATES:
                return True
            cause = cause.via
        if isinstance(current, Tensor):
            pending.extend(current.node.inputs)
    return False


def _structure_unknown(tensor: Tensor) -> bool:
    """Whether what ``tensor`` stands for may be no tensor but a dict or a list of them: the
    output of a layer of the program's own that lstm-lint does not follow, or of a call it does not
    follow. Subscripting it may then be Python's own lookup (no op, no row) or Keras's GetItem."""
    if not isinstance(tensor.shape, Unknown):
        return False
    operation = tensor.node.operation
    if isinstance(operation, Operation):
        return operation.maybe_layer or operation.description == _DICT_ITEM
    return custom_state(operation) is not None


# What a string key of such an output gives: an item of a dict, itself maybe a dict or a list.
_DICT_ITEM = "an item of a dict of tensors"
