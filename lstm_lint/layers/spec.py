"""What a Keras layer class is, declaratively: its signature, its output shape and its weights.

One ``LayerSpec`` per Keras class, mirroring ``keras/src/layers/...``: the signature copies the
class's ``__init__`` (argument names, positional order, defaults); ``output`` copies
``compute_output_shape``; ``weights`` copies what ``build()`` creates. Nothing here knows about
libcst, models or rules: a spec sees evaluated argument values and input shapes only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Dict, FrozenSet, Mapping, Optional, Tuple, Union

from lstm_lint.graph.shapes import Dim, MaybeShape, ShapeTree, format_shape
from lstm_lint.layers.checks import Check
from lstm_lint import formulas
from lstm_lint.values import UNKNOWN, Formula, Unknown, first_unknown, unknown_or_formula

REQUIRED: Any = object()
"""Default of an argument Keras requires (``units`` of Dense, ...)."""

Count = Union[int, Unknown]


class BuildError(Exception):
    """Keras would raise while building or calling the layer on these inputs.

    The message says what Keras would complain about; the rules turn it into LL1xx diagnostics.
    ``kind`` groups the failures: ``"rank"`` (wrong input rank), ``"merge"`` (incompatible shapes),
    ``"size"`` (sizes that cannot work), ``"value"`` (an argument value Keras rejects).
    ``at_run``: raised by ``call()`` alone, on a layer a functional model builds without running
    it (``compute_output_spec``): the model is made, and fails when it runs (``predict``, ``fit``).
    """

    def __init__(self, kind: str, message: str, at_run: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.at_run = at_run


@dataclass(frozen=True)
class Weights:
    """Parameter counts created by ``build()``: what ``count_params()`` adds up."""

    trainable: Count
    non_trainable: Count = 0
    # The total when the split is unknown but the total is not (an application whose inner
    # layers the program may have frozen one by one).
    known_total: Optional[int] = None

    @property
    def total(self) -> Count:
        if isinstance(self.trainable, Unknown) or isinstance(self.non_trainable, Unknown):
            if self.known_total is not None:
                return self.known_total
            return add_counts(self.trainable, self.non_trainable)
        return self.trainable + self.non_trainable

    def __add__(self, other: Weights) -> Weights:
        trainable = add_counts(self.trainable, other.trainable)
        non_trainable = add_counts(self.non_trainable, other.non_trainable)
        total = add_counts(self.total, other.total)
        if isinstance(trainable, Unknown) or isinstance(non_trainable, Unknown):
            return Weights(trainable, non_trainable, None if isinstance(total, Unknown) else total)
        return Weights(trainable, non_trainable)

    def scaled(self, factor: int) -> Weights:
        total = mul_counts(self.total, factor)
        return Weights(mul_counts(self.trainable, factor), mul_counts(self.non_trainable, factor),
                       None if isinstance(total, Unknown) else total)


NO_WEIGHTS = Weights(0, 0)
UNKNOWN_WEIGHTS = Weights(UNKNOWN, UNKNOWN)


def add_counts(a: Count, b: Count) -> Count:
    """``a + b``; a formula when one is a formula and the other a formula or an int."""
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return formulas.combine(a, b, "+")
    return a + b


def mul_counts(a: Count, b: Count) -> Count:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return formulas.combine(a, b, "*")
    return a * b


Config = Mapping[str, Any]
"""Evaluated constructor arguments by Keras name; a value may be ``UNKNOWN``."""

OutputFn = Callable[[Config, ShapeTree], ShapeTree]
WeightsFn = Callable[[Config, ShapeTree], Weights]
CallCheckFn = Callable[[Config, ShapeTree], None]


class MaskKind:
    """Which ``compute_mask`` a class runs. In a functional model Keras 3 computes masks with ops on
    symbolic tensors; those ops are graph nodes and so change layer depths and ``model.layers``'s
    order. ``graph/masks.py`` mirrors each kind."""

    PREVIOUS = "previous"  # layer.py: the input's mask, unchanged
    NONE = "none"  # no output mask (GlobalAveragePooling1D)
    MASKING = "masking"  # masking.py: any(not_equal(inputs, mask_value), axis=-1)
    EMBEDDING = "embedding"  # embedding.py: not_equal(inputs, 0)
    RECURRENT = "recurrent"  # rnn.py: the mask on the sequence output only, with return_sequences
    BIDIRECTIONAL = "bidirectional"  # bidirectional.py: the same, per direction when not merged
    MERGE = "merge"  # base_merge.py: logical_or of the inputs' masks, when all have one
    CONCATENATE = "concatenate"  # concatenate.py: masks broadcast, concatenated, then any()
    FUNCTION = "function"  # lambda_layer.py: a mask given by the user (lstm-lint does not follow it)
    QUERY = "query"  # attention.py: the first input's mask (the query's), through ops.convert_to_tensor


@dataclass(frozen=True)
class MaskSupport:
    """A class's mask handling (``keras/src/layers/layer.py`` ``__call__`` steps 6-7).

    ``supports``: Keras's ``supports_masking`` (only then are output masks computed); a string names
    the constructor argument that turns it on (Embedding's ``mask_zero``, Lambda's ``mask``).
    ``call_takes_mask``: ``call`` has a ``mask`` argument, so the input's mask tensor is passed to
    it and becomes an input of the layer's node.
    """

    supports: Union[bool, str] = False
    call_takes_mask: bool = False
    kind: str = MaskKind.PREVIOUS


# Keras's Layer default: compute_mask not overridden, so supports_masking is False.
NO_MASKING = MaskSupport()
PASSES_MASK = MaskSupport(supports=True)


@dataclass(frozen=True)
class Argument:
    name: str
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Source(str):
    """An example's argument written as Python source (``Source("layers.LSTM(4)")``), for values
    that are not literals: a wrapped layer, an initializer."""


@dataclass(frozen=True)
class Example:
    """One way of building the layer, checked against real Keras by one generic test
    (``tests/layers/test_registry.py``): the layer made from ``config``, called on inputs of
    ``inputs`` (batch shapes; several for a layer called on a list or on several tensors) must
    give Keras's output shape(s) and ``count_params()``, or, with ``raises``, Keras must raise."""

    config: Mapping[str, Any]
    inputs: Tuple[Tuple[Optional[int], ...], ...]
    raises: bool = False
    # The model builds, and its call on data raises (the entry's ``call_check`` says so).
    fails_when_run: bool = False


def example(config: Optional[Mapping[str, Any]] = None, *inputs: Tuple[Optional[int], ...],
            raises: bool = False, fails_when_run: bool = False) -> Example:
    """``example({"units": 4}, (None, 10, 3))``."""
    return Example(dict(config or {}), tuple(inputs), raises, fails_when_run)


def signature(*required: str, **optional: Any) -> Tuple[Argument, ...]:
    """``signature("units", activation=None, ...)``: Keras's ``__init__`` order, written once."""
    return tuple(Argument(name) for name in required) + tuple(
        Argument(name, default) for name, default in optional.items()
    )


# Keyword arguments every Keras 3 layer accepts through ``Layer.__init__`` (``keras/src/layers/layer.py``).
BASE_LAYER_KWARGS = ("name", "dtype", "trainable", "autocast", "activity_regularizer", "input_shape",
                     "input_dim")
# Keyword arguments only Keras 2 (tf.keras) layers accept; Keras 3 raises "Unrecognized keyword
# arguments" on them. lstm-lint still reads them with Keras 2's meaning.
KERAS2_LAYER_KWARGS = ("batch_input_shape", "batch_size", "input_length", "time_major", "weights")


# Constructor arguments that every class taking them keeps, unchanged, as an attribute of the same
# name (``self.units`` in a subclass of Dense or LSTM): a subclass's own methods may read them.
PLAIN_ATTRIBUTES = ("units", "filters", "use_bias", "return_sequences", "return_state")


def to_snake_case(class_name: str) -> str:
    """Keras's own ``naming.to_snake_case``: the prefix of default layer names."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _no_weights(config: Config, inputs: ShapeTree) -> Weights:
    return NO_WEIGHTS


def never_has_weights(spec: "LayerSpec") -> bool:
    """Whether the class makes no weights on any input (GaussianNoise, Dropout, ...)."""
    return spec.weights is _no_weights


def _identity(config: Config, inputs: ShapeTree) -> ShapeTree:
    return inputs


def never_built(config: Config) -> Union[bool, Unknown]:
    """Built by its first call (or ``build()``), not by its constructor: most classes."""
    return False


def always_built(config: Config) -> Union[bool, Unknown]:
    """Built by its constructor: a class with no ``build`` of its own whose ``__init__`` calls
    ``self._build_at_init()`` (activations, dropouts, poolings, ...) or sets ``self.built = True``."""
    return True


def built_when_given(argument: str) -> Callable[[Config], Union[bool, Unknown]]:
    """Built by its constructor when ``argument`` is given (``Embedding(weights=...)`` builds itself
    to set them)."""
    def built(config: Config) -> Union[bool, Unknown]:
        value = config.get(argument)
        return UNKNOWN if isinstance(value, Unknown) else value is not None
    return built


@dataclass(frozen=True)
class NumpyIntegers:
    """What the constructor does with a NumPy integer (``np.int64``: what ``np.prod(shape)`` or
    ``np.max(x) + 1`` gives) where a size, an axis or a window goes. Keras 3 checks many of them
    with ``isinstance(value, int)``, which a NumPy integer fails (``Dense(np.prod((7, 7, 64)))``
    raises "expected a positive integer"), while others only compute with it. ``accepted``: the
    arguments whose NumPy integer builds exactly what the Python int does; ``refused``: those
    the constructor (or the first build) raises on; ``accepted_in_sequences``: the arguments taking a
    list or tuple with NumPy integers in it (``Reshape((np.prod(s),))``) as the Python ints.
    Anywhere else a NumPy scalar is an unknown value: what Keras does with it is not known.
    Checked against Keras for every argument named here by ``tests/layers/test_numpy_integers.py``."""

    accepted: Tuple[str, ...] = ()
    refused: Tuple[str, ...] = ()
    accepted_in_sequences: Tuple[str, ...] = ()


NO_NUMPY_INTEGERS = NumpyIntegers()


@dataclass(frozen=True)
class LayerSpec:
    """One Keras layer class.

    ``output(config, input)`` and ``weights(config, input)`` receive the evaluated config and the
    input shape (a list of shapes for layers called on a list, such as merges). They return
    ``UNKNOWN`` (or unknown parts) where a value cannot be known, and raise ``BuildError`` where
    Keras itself would raise.
    """

    class_name: str
    signature: Tuple[Argument, ...]
    output: OutputFn = _identity
    weights: WeightsFn = _no_weights
    # Arguments that hold another layer (Bidirectional's ``layer``/``backward_layer``, ...).
    layer_arguments: Tuple[str, ...] = ()
    # A ``**kwargs`` on the class that goes to ``Layer.__init__`` (true for almost all layers).
    accepts_base_kwargs: bool = True
    # Arguments Keras accepts only as keywords, beyond the signature (rare).
    extra_keywords: Tuple[str, ...] = ()
    # Keyword-only arguments that change what the layer builds, with Keras's defaults: taken out of
    # ``**kwargs`` by the constructor (LayerNormalization's ``rms_scaling``) or passed on to a base
    # class's own argument (``BaseConv``'s ``lora_rank``). In the config like the signature's.
    keyword_arguments: Tuple[Argument, ...] = ()
    # Deprecated names the constructor still takes out of ``**kwargs``, each with the argument it
    # sets (LeakyReLU's ``alpha`` for ``negative_slope``): the config holds the value under the
    # argument's own name (``resolve_aliases``).
    aliases: Tuple[Tuple[str, str], ...] = ()
    # Base-layer keywords the class sets itself and so rejects (ActivityRegularization's regularizer).
    rejected_keywords: Tuple[str, ...] = ()
    # The constructor drops what is left in its ``**kwargs`` without a word (HashedCrossing): no
    # keyword is refused.
    ignores_unknown_keywords: bool = False
    # Called on a list of tensors (merge layers) rather than one tensor.
    takes_list: bool = False
    # ``call()``'s tensor arguments by name, in order, for a layer called on several tensors
    # (MultiHeadAttention's ``query, value, key``): its output and weights then see a list with one
    # shape per argument (None for one not given). Empty: one input (or a list, with takes_list).
    call_inputs: Tuple[str, ...] = ()
    # Keyword arguments of ``call()`` that change the outputs (MultiHeadAttention's
    # ``return_attention_scores``), with ``call()``'s defaults. The output function reads each from
    # the config (the default when absent); the binding is to put the call's value there.
    call_keywords: Tuple[Argument, ...] = ()
    # For a layer called on several named tensors: every parameter of its ``call()``, in order,
    # which its ``compute_output_spec`` (what a functional model's call runs) takes too. A subclass's
    # own ``call`` is never run there: the call's arguments go to that method as given.
    call_parameters: Tuple[str, ...] = ()
    masking: MaskSupport = NO_MASKING
    # What ``call()`` raises on inputs of these shapes where ``compute_output_spec`` (which a
    # functional model builds with) does not: raises BuildError, else returns. A functional model
    # is then made and fails when it runs; inside a traced ``call`` of a custom layer, where Keras
    # runs the layer's ``call``, the build fails.
    call_check: Optional[CallCheckFn] = None
    default_name: str = field(default="")
    examples: Tuple[Example, ...] = ()
    # What the rules ask of the class (``layers/traits.py``): rules read these, never class names.
    traits: FrozenSet[str] = frozenset()
    # What the constructor rejects (``layers/checks.py``); LL102 reports each.
    checks: Tuple[Check, ...] = ()
    # A wrapper's checks of the layers it is given against each other (Bidirectional's backward
    # layer must mirror the forward one); LL105 reports each.
    pairing_checks: Tuple[Check, ...] = ()
    # The settings the fused cuDNN kernel needs, as (argument, value) pairs; empty when the class
    # has no such kernel. An activation is compared by identity with Keras's own function.
    cudnn: Tuple[Tuple[str, Any], ...] = ()
    # For a cell: the layer class that runs it with a fused kernel (LSTMCell -> LSTM); RNN(cell)
    # never does.
    fused_layer: str = ""
    # For multi-head attention: the arguments giving the number of heads and the size of each.
    attention_heads: Tuple[str, ...] = ()
    # ``; 4 × 50 × (3 + 50 + 1) = 10,800 parameters``: the count with the values put in, for
    # messages and hovers; "" when a value is unknown.
    parameter_formula: Optional[Callable[[Config, Dim], str]] = None
    # The layers the constructor makes for itself (RandAugment's RandomShear, ...), as the default
    # names they take from the counters every layer's name comes from: (made in every run, made
    # or not depending on an argument not known). With ``forwards_name``, the constructor passes its
    # own ``**kwargs`` to them, so a ``name=`` given to it names them too and takes no default name.
    constructor_layers: Optional[Callable[[Config], Tuple[Tuple[str, ...], Tuple[str, ...]]]] = None
    forwards_name: bool = False
    # The input_shape (without the batch axis) tf.keras 2's constructor gave itself when it was given
    # none, from the constructor's keyword arguments: a Sequential starting with it was built on it.
    keras2_input_shape: Optional[Callable[[Mapping[str, Any]], MaybeShape]] = None
    # Whether the constructor builds the layer (Keras's ``layer.built`` before any call): one never
    # called then shows ``0`` in a summary, not ``0 (unbuilt)``.
    built_at_construction: Callable[[Config], Union[bool, Unknown]] = never_built
    # What a subclass overriding ``call`` (``class MyLSTM(layers.LSTM)``) must keep. ``build_inputs``:
    # the ``call()`` arguments whose shapes the class's ``build()`` takes by name (``sequences_shape``,
    # ``initial_state_shape``) when it takes more than one; Keras raises unless the subclass's own
    # ``call`` has them all. ``output_by_call``: the class has Keras's default
    # ``compute_output_shape``, so its output is what ``call`` returns when Keras traces it (a cell);
    # for every other class the output comes from the class's own shape method, ``call`` unrun.
    build_inputs: Tuple[str, ...] = ()
    output_by_call: bool = False
    # The class's ``compute_output_shape`` gives several outputs as a tuple (``output, *states``:
    # rnn.py, conv_lstm.py, bidirectional.py), which ``summary()`` prints in parentheses for a layer
    # no node was made for (a sublayer of a subclassed model built on data). ``output`` gives them as
    # a list, which is what a node's outputs print as.
    several_outputs_as_tuple: bool = False
    # Where the constructor takes a NumPy integer as the Python int, and where it raises (LL102).
    numpy_integers: NumpyIntegers = NO_NUMPY_INTEGERS
    # Keras's ``_allow_non_tensor_positional_args`` (set by the preprocessing layers, whose call
    # takes data): without it ``Layer.__call__`` raises on a Python value (``True``, ``3``, a
    # string) anywhere in the positional arguments, ``Dropout(0.5)(x, True)`` included.
    takes_non_tensor_positional: bool = False
    # The class's ``__call__`` is Keras's ``DataLayer.__call__(self, inputs, **kwargs)`` (the data
    # preprocessing layers): a second positional argument (``RandomFlip()(x, True)``) is Python's
    # ``TypeError`` before Keras sees it.
    one_positional_argument: bool = False

    def has(self, trait: str) -> bool:
        return trait in self.traits
    # Default-name prefixes of the layers its ``build()`` constructs (MultiHeadAttention makes a
    # Softmax and a Dropout there): they take names from the same counters on the first call.
    build_names: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.default_name:
            object.__setattr__(self, "default_name", to_snake_case(self.class_name))
        # The values of these keywords are kept in the config, as those of extra_keywords are.
        kept = tuple(argument.name for argument in self.keyword_arguments) + tuple(alias for alias, _ in self.aliases)
        object.__setattr__(self, "extra_keywords", self.extra_keywords + tuple(
            name for name in kept if name not in self.extra_keywords))

    @cached_property
    def argument_names(self) -> Tuple[str, ...]:
        # Read for every argument of every construction: made once per entry (a frozen entry's
        # signature never changes).
        return tuple(argument.name for argument in self.signature)

    def accepts_keyword(self, name: str) -> bool:
        return (
            self.ignores_unknown_keywords
            or name in self.argument_names
            or name in self.extra_keywords
            or (self.accepts_base_kwargs and name in BASE_LAYER_KWARGS and name not in self.rejected_keywords)
        )

    def defaults(self) -> Dict[str, Any]:
        return dict(self._default_values)

    @cached_property
    def _default_values(self) -> Dict[str, Any]:
        # Copied for every construction, made once per entry (never handed out itself).
        return {a.name: a.default for a in self.signature + self.keyword_arguments if not a.required}

    @cached_property
    def required_names(self) -> Tuple[str, ...]:
        """The arguments of the signature that have no default."""
        return tuple(argument.name for argument in self.signature if argument.required)

    def resolve_aliases(self, config: Config) -> Dict[str, Any]:
        """The config by Keras's own argument names: an alias given replaces the argument it
        stands for, even one given too, as the constructor's ``kwargs.pop`` does."""
        resolved = dict(config)
        for alias, argument in self.aliases:
            if alias in resolved:
                resolved[argument] = resolved.pop(alias)
        return resolved


# ---- small helpers shared by the layer families -------------------------------------------------


def single(inputs: ShapeTree) -> MaybeShape:
    """The one input shape of a single-tensor layer (``UNKNOWN`` for a list or unknown input)."""
    if isinstance(inputs, list):
        return UNKNOWN
    return inputs


def last_dim(shape: MaybeShape) -> Dim:
    if isinstance(shape, Unknown) or not shape:
        return UNKNOWN
    return shape[-1]


def int_or_unknown(value: Any) -> Count:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    # An unknown argument passes its cause on, and its formula: Keras takes only an int here.
    return unknown_or_formula(value)


def size_or_unknown(value: Any) -> Count:
    """A size argument (units, filters, input_dim, ...): Keras rejects one below 1 (LL102 says so),
    so no count is made from it."""
    size = int_or_unknown(value)
    if isinstance(size, Formula):
        return size  # when it is below 1 Keras raises: the count is then for the sizes that build
    return size if isinstance(size, int) and size >= 1 else first_unknown(size)


def lora_rank(config: Config, constraint: str) -> Union[int, None, Unknown]:
    """The rank of the LoRA factors ``build()`` adds (``if self.lora_rank: self.enable_lora(...)``
    in Dense, Embedding and BaseConv), or None when it adds none. UNKNOWN when the rank is not known,
    or when ``enable_lora`` would refuse it (a constraint on the kernel): no count is made then."""
    rank = config.get("lora_rank")
    if rank is None or rank is False or (isinstance(rank, int) and rank == 0):
        return None
    if isinstance(rank, bool) or not isinstance(rank, int) or rank < 0 or config.get(constraint) is not None:
        return UNKNOWN
    return rank


def with_lora(rows: Count, columns: Count, bias: Count, rank: int) -> Weights:
    """The weights once ``enable_lora(rank)`` ran: the kernel, ``rows`` x ``columns`` (its last
    axis), frozen, and two trainable factors of ``rows`` x rank and rank x ``columns``."""
    factors = add_counts(mul_counts(rows, rank), mul_counts(rank, columns))
    return Weights(add_counts(bias, factors), mul_counts(rows, columns))


def require_rank(layer: str, shape: MaybeShape, ndim: Optional[int] = None,
                 min_ndim: Optional[int] = None) -> None:
    """Raise what Keras's InputSpec check raises for a wrong rank; silent when the rank is unknown."""
    if isinstance(shape, Unknown):
        return
    rank = len(shape)
    if ndim is not None and rank != ndim:
        raise BuildError("rank", f"{layer} expects input with ndim={ndim}, found ndim={rank} "
                                 f"(input shape {format_shape(shape)})")
    if min_ndim is not None and rank < min_ndim:
        raise BuildError("rank", f"{layer} expects input with ndim>={min_ndim}, found ndim={rank} "
                                 f"(input shape {format_shape(shape)})")


def as_tuple(value: Any, length: int) -> Union[Tuple[Any, ...], Unknown]:
    """Keras's ``standardize_tuple``: an int repeated, or a sequence of that length."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * length
    if isinstance(value, (tuple, list)) and len(value) == length:
        return tuple(value)
    return UNKNOWN
