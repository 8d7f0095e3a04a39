"""What Keras's layer constructors reject, as reusable checks an entry of the registry lists.

A check reads the evaluated arguments (``config``, by Keras name, a value may be unknown) and which
were written (``given``), and yields a message for each value Keras's ``__init__`` (or, where
``context.built`` says so, ``build()``) raises on. It yields nothing for a value it cannot know: a
diagnostic must hold in every run. Each check names the Keras code it copies.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterator, Mapping, Tuple

from lstm_lint.values import Unknown

Config = Mapping[str, Any]


@dataclass(frozen=True)
class CheckContext:
    # Keras builds the layer (it is called, or wrapped by a layer that is): build-time checks apply.
    built: bool
    # The Keras the code is written for: 3, or 2 for tf.keras 2 code (``target-keras``).
    keras_version: int = 3
    # The file registers custom objects (``register_keras_serializable``, ``custom_object_scope``):
    # Keras may find the program's own classes by name when it copies a layer from its config.
    custom_objects: bool = False


Check = Callable[[Config, Collection[str], CheckContext], Iterator[str]]

# keras/src/activations/__init__.py ALL_OBJECTS_DICT: the names activations.get() accepts.
KERAS_ACTIVATIONS = frozenset({
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
})
# keras/src/initializers/__init__.py ALL_OBJECTS_DICT: the names initializers.get() accepts.
KERAS_INITIALIZERS = frozenset({
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "IdentityInitializer",
    "Initializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "OrthogonalInitializer", "RandomNormal",
    "RandomUniform", "STFT", "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "initializer", "lecun_normal",
    "lecun_uniform", "normal", "one", "ones", "orthogonal", "random_normal", "random_uniform", "stft",
    "truncated_normal", "uniform", "variance_scaling", "zero", "zeros",
})


@dataclass(frozen=True)
class PositiveSizes:
    """Sizes (``units``, ``filters``, ``n``, ...) must be positive integers.

    ``checked_in_init``: the constructor itself rejects a float (dense.py, repeat_vector.py,
    embedding.py: ``isinstance(units, int)``); other layers fail on a float only when ``build()``
    makes a weight of that shape. ``strict_int``: a bool is rejected too (``type(n) is int`` style
    checks); otherwise ``True`` passes as the int 1 and only ``False`` (0) is rejected."""

    arguments: Tuple[str, ...]
    checked_in_init: bool = False
    strict_int: bool = False

    def __call__(self, config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        for argument in self.arguments:
            if argument not in given:
                continue
            problem = _size_problem(argument, config.get(argument), self.checked_in_init, self.strict_int, context)
            if problem:
                yield problem


def positive_sizes(*arguments: str, checked_in_init: bool = False, strict_int: bool = False) -> PositiveSizes:
    return PositiveSizes(arguments, checked_in_init, strict_int)


def _size_problem(argument: str, value: Any, checked_in_init: bool, strict_int: bool,
                  context: CheckContext) -> str:
    if isinstance(value, Unknown) or value is None:
        return ""
    text = f"{argument}={value!r} must be a positive integer"
    if isinstance(value, str):
        return text
    if not isinstance(value, (int, float)):
        return ""
    if isinstance(value, bool):
        return text if strict_int or value is False else ""
    if value <= 0:
        return text
    if isinstance(value, float) and context.keras_version == 3 and (checked_in_init or context.built):
        hint = " (use // for integer division)" if value.is_integer() else ""
        return f"{text}, got a float{hint}"
    return ""


@dataclass(frozen=True)
class RateBelowOne:
    """dropout.py and friends: ``rate`` must be in [0, 1]; a rate of 1 drops everything, and
    TensorFlow's dropout op rejects it when the model trains."""

    argument: str = "rate"

    def __call__(self, config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        rate = config.get(self.argument)
        if self.argument in given and isinstance(rate, (int, float)) and not isinstance(rate, bool) \
                and not 0 <= rate < 1:
            yield f"{self.argument}={rate!r} must be in [0, 1)" + (
                " (1 drops every input; TensorFlow rejects it in training)" if rate == 1 else "")


def rate_below_one(argument: str = "rate") -> RateBelowOne:
    return RateBelowOne(argument)


def one_of(argument: str, *allowed: Any) -> Check:
    """The argument, when given as a string or None, must be one of ``allowed``."""

    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        value = config.get(argument)
        if argument in given and (value is None or isinstance(value, str)) and value not in allowed:
            names = ", ".join(repr(choice) for choice in allowed[:-1])
            yield f"{argument}={value!r} must be one of {names} or {allowed[-1]!r}"

    return check


def padding(*allowed: str) -> Check:
    """``standardize_padding`` in the convolutions' constructors: lowercased, one of ``allowed``."""

    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        value = config.get("padding")
        if "padding" in given and isinstance(value, str) and value.lower() not in allowed:
            yield f"padding={value!r} must be {' or '.join(repr(choice) for choice in allowed)}"

    return check


def not_both_above_one(first: str, second: str) -> Check:
    """base_conv.py and base_conv_transpose.py: strides and dilation_rate cannot both exceed 1."""

    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        one, other = config.get(first), config.get(second)
        if _above_one(one) and _above_one(other):
            yield f"{first}={one!r} and {second}={other!r} cannot both be above 1"

    return check


def _above_one(value: Any) -> bool:
    values = value if isinstance(value, (tuple, list)) else [value]
    return any(isinstance(v, int) and not isinstance(v, bool) and v > 1 for v in values)


def mirrored_backward_layer(flags: Tuple[str, ...] = ("stateful", "return_sequences", "return_state")) -> Check:
    """bidirectional.py ``__init__`` and ``_verify_layer_config``: a given backward layer must run
    the other way from the forward one, and agree with it on ``flags``."""

    def check(config: Config, given: Collection[str], context: CheckContext) -> Iterator[str]:
        forward, backward = config.get("layer"), config.get("backward_layer")
        forward_config, backward_config = _layer_config(forward), _layer_config(backward)
        if forward_config is None or backward_config is None:
            return
        go_forward, go_backward = forward_config.get("go_backwards"), backward_config.get("go_backwards")
        if isinstance(go_forward, bool) and go_forward == go_backward:
            yield (f"the backward layer needs go_backwards={not go_forward} "
                   "(Keras requires the two layers to differ in go_backwards)")
        for flag in flags:
            in_forward, in_backward = forward_config.get(flag), backward_config.get(flag)
            if isinstance(in_forward, bool) and isinstance(in_backward, bool) and in_forward != in_backward:
                yield f"the forward and backward layers differ in {flag} ({in_forward} and {in_backward})"

    return check


def _layer_config(value: Any) -> Any:
    """The config of a layer held in an argument (a graph layer has one), else None."""
    config = getattr(value, "config", None)
    return config if isinstance(config, Mapping) else None
