"""Each LayerSpec's signature is Keras's own: same argument names, positional order, defaults.
Positional arguments are bound by this order, so a drift here would silently misread calls."""
from __future__ import annotations

import ast
import inspect
import re
from typing import Any, Dict, List, Set

import pytest

from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import BASE_LAYER_KWARGS, KERAS2_LAYER_KWARGS, REQUIRED, LayerSpec, MaskKind
from tests.keras_env import built_by_keras, keras, layer_class


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_signature_matches_keras(class_name: str) -> None:
    spec = SPECS[class_name]
    keras_class = layer_class(class_name)
    parameters = [
        parameter for name, parameter in inspect.signature(keras_class.__init__).parameters.items()
        if name != "self" and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    ]
    assert [p.name for p in parameters] == list(spec.argument_names)
    for parameter, argument in zip(parameters, spec.signature):
        expected = REQUIRED if parameter.default is inspect.Parameter.empty else parameter.default
        assert argument.default == expected, f"{class_name}.{argument.name}"
    has_var_keyword = any(p.kind == p.VAR_KEYWORD
                          for p in inspect.signature(keras_class.__init__).parameters.values())
    assert spec.accepts_base_kwargs == has_var_keyword


def test_default_names_are_keras_snake_case() -> None:
    for class_name, spec in SPECS.items():
        layer = layer_class(class_name)
        assert keras.src.utils.naming.to_snake_case(layer.__name__) == spec.default_name


# Keywords no signature in a class's own chain names, that some layer or Keras 2 takes: each is
# tried on every class too.
EXTRA_KEYWORDS = ["activity_regularizer", "autocast", "zero_output_for_mask", "implementation", "time_major",
                  "batch_size", "batch_input_shape", "input_shape", "input_dim", "dtype", "trainable", "name",
                  "unroll", "mask_zero", "weights", "input_length"]
SAMPLE_VALUES = {"units": 4, "filters": 2, "kernel_size": 2, "rate": 0.1, "stddev": 0.1, "activation": "relu",
                 "target_shape": (2,), "n": 2, "dims": (1,), "input_dim": 5, "output_dim": 3, "pool_size": 2,
                 "output_size": 2, "function": abs,
                 "height": 4, "width": 5, "factor": 1, "height_factor": 0.1, "width_factor": 0.1, "scale": 0.5,
                 "num_heads": 2, "key_dim": 2, "head_dim": 2, "num_query_heads": 2,
                 "num_key_value_heads": 1, "axes": 1, "equation": "ab,bc->ac", "output_shape": 4, "num_bins": 4}
# Values for keywords that have no default to pass (those popped from **kwargs, those of other
# classes); any other keyword gets its default, or 2.
KEYWORD_VALUES = {"input_shape": (2,), "batch_input_shape": (None, 2), "zero_output_for_mask": True,
                  "autocast": True, "trainable": True, "unroll": True, "mask_zero": True, "time_major": True,
                  "name": "x", "activity_regularizer": None, "weights": None, "dtype": None, "alpha": 0.2,
                  "rms_scaling": True, "implementation": 1, "input_length": 4, "input_dim": 2}
# What Keras raises for a keyword it does not take: Layer.__init__'s ValueError for what reaches
# **kwargs, Python's TypeError for a signature without **kwargs or an argument the class sets itself.
# (IndexLookup's own check, for what StringLookup and IntegerLookup leave in **kwargs, says "argument(s)".)
REJECTED = ("Unrecognized keyword arguments", "Unrecognized keyword argument(s)", "unexpected keyword argument",
            "multiple values for")
POPPED = re.compile(r"""kwargs\.pop\(\s*["'](\w+)["']""")
READ = re.compile(r"""kwargs\.(?:pop|get)\(\s*["'](\w+)["']|["'](\w+)["']\s+in\s+kwargs""")


# Arguments without which the constructor raises although its signature gives them a default.
MINIMAL_ARGUMENTS: Dict[str, Dict[str, Any]] = {"CategoryEncoding": {"num_tokens": 3},
                                                "Discretization": {"bin_boundaries": [0.0]}}


def required_arguments(spec: LayerSpec) -> Dict[str, Any]:
    """A plausible minimal construction: the arguments Keras requires, nothing else."""
    required = {argument.name: SAMPLE_VALUES.get(argument.name) for argument in spec.signature
                if argument.required}
    required.update(MINIMAL_ARGUMENTS.get(spec.class_name, {}))
    if "layer" in required:
        required["layer"] = keras.layers.LSTM(2)
    if "cell" in required:
        required["cell"] = keras.layers.LSTMCell(2)
    if "cells" in required:
        required["cells"] = [keras.layers.LSTMCell(2)]
    return required


def keras_inits(keras_class: type) -> List[Any]:
    """The ``__init__`` of each class in ``keras_class``'s MRO that Keras defines, the class's first."""
    return [vars(klass)["__init__"] for klass in keras_class.__mro__
            if "__init__" in vars(klass) and klass.__module__.startswith("keras.")]


def popped_keywords(keras_class: type) -> Set[str]:
    """The keywords the class's constructors take out of ``**kwargs`` themselves (Layer's
    ``input_shape``, LeakyReLU's ``alpha``, ...): accepted although no signature names them."""
    return {name for init in keras_inits(keras_class) for name in POPPED.findall(inspect.getsource(init))}


def named_keywords(keras_class: type) -> Dict[str, Any]:
    """Every argument a constructor in the class's MRO names, with its default (nearest first):
    those the class does not set itself reach a base class through ``**kwargs``."""
    named: Dict[str, Any] = {}
    for init in keras_inits(keras_class):
        for parameter in inspect.signature(init).parameters.values():
            if parameter.name != "self" and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
                named.setdefault(parameter.name, parameter.default)
    return named


def all_read_keywords() -> Set[str]:
    """Every keyword some registry class's constructors pop, get or test in ``**kwargs``."""
    return {name for class_name in SPECS for init in keras_inits(layer_class(class_name))
            for match in READ.findall(inspect.getsource(init)) for name in match if name}


def keywords_lstm_lint_accepts(spec: LayerSpec) -> Set[str]:
    base = set(BASE_LAYER_KWARGS) - set(spec.rejected_keywords) if spec.accepts_base_kwargs else set()
    return set(spec.argument_names) | set(spec.extra_keywords) | base


def value_for(keyword: str, spec: LayerSpec, named: Dict[str, Any]) -> Any:
    if keyword in KEYWORD_VALUES:
        return KEYWORD_VALUES[keyword]
    defaults = spec.defaults()
    if keyword in defaults:
        return defaults[keyword]
    default = named.get(keyword, inspect.Parameter.empty)
    return 2 if default is inspect.Parameter.empty else default


def keras_accepts(class_name: str, keyword: str, value: Any) -> bool:
    """Whether the constructor takes ``keyword``; any other failure is the test's (a bad value)."""
    spec = SPECS[class_name]
    try:
        layer_class(class_name)(**required_arguments(spec), **{keyword: value})
    except (TypeError, ValueError) as error:
        if keyword in str(error) and any(text in str(error) for text in REJECTED):
            return False
        raise AssertionError(f"{class_name}({keyword}={value!r}) failed for another reason: {error}") from error
    return True


@pytest.mark.parametrize("class_name", built_by_keras(sorted(SPECS)))
def test_every_keyword_lstm_lint_accepts_keras_accepts(class_name: str) -> None:
    """No LL103 is missed: a keyword lstm-lint takes without a word, Keras's constructor takes."""
    spec = SPECS[class_name]
    named = named_keywords(layer_class(class_name))
    required = required_arguments(spec)
    for keyword in sorted(keywords_lstm_lint_accepts(spec) - set(required)):
        assert keras_accepts(class_name, keyword, value_for(keyword, spec, named)), \
            f"lstm-lint accepts {class_name}({keyword}=...), Keras rejects it"


@pytest.mark.parametrize("class_name", built_by_keras(sorted(SPECS)))
def test_every_keyword_keras_accepts_lstm_lint_accepts(class_name: str) -> None:
    """No false LL103: every keyword the constructors name, pop or read out of **kwargs, in this
    class's chain or any other's, and the Keras 2 ones, is accepted by lstm-lint exactly when Keras
    accepts it. The class's own signature is test_signature_matches_keras's."""
    spec = SPECS[class_name]
    keras_class = layer_class(class_name)
    named = named_keywords(keras_class)
    candidates = (set(named) | popped_keywords(keras_class) | all_read_keywords() | set(EXTRA_KEYWORDS)
                  | set(KERAS2_LAYER_KWARGS) | keywords_lstm_lint_accepts(spec)) - set(spec.argument_names)
    for keyword in sorted(candidates):
        accepted = keras_accepts(class_name, keyword, value_for(keyword, spec, named))
        assert spec.accepts_keyword(keyword) == accepted, f"{class_name}({keyword}=...): Keras accepts: {accepted}"


def test_the_keywords_keras_pops_are_found() -> None:
    """The source scan above sees what it looks for (so that it cannot find nothing and pass)."""
    assert {"input_shape", "input_dim", "alpha"} <= popped_keywords(keras.layers.LeakyReLU)
    assert "rms_scaling" in popped_keywords(keras.layers.LayerNormalization)
    assert "implementation" in popped_keywords(keras.layers.LSTM)
    assert "input_length" in popped_keywords(keras.layers.Embedding)
    assert {"lora_rank", "lora_alpha"} <= set(named_keywords(keras.layers.Conv1D))


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_keyword_only_arguments_have_keras_defaults(class_name: str) -> None:
    """A keyword argument's default, the value lstm-lint counts with when it is not given, is the
    one the constructor's signature or its ``kwargs.pop(name, default)`` gives."""
    spec = SPECS[class_name]
    keras_class = layer_class(class_name)
    named = named_keywords(keras_class)
    for argument in spec.keyword_arguments:
        if argument.name in named:
            assert named[argument.name] == argument.default, f"{class_name}.{argument.name}"
            continue
        sources = "\n".join(inspect.getsource(init) for init in keras_inits(keras_class))
        popped = re.search(rf"""kwargs\.pop\(\s*["']{argument.name}["']\s*,\s*([^)]+)\)""", sources)
        assert popped is not None, f"{class_name}.{argument.name} is neither named nor popped by Keras"
        assert ast.literal_eval(popped.group(1)) == argument.default, f"{class_name}.{argument.name}"


@pytest.mark.parametrize("class_name", sorted(spec.class_name for spec in SPECS.values() if spec.aliases))
def test_an_alias_sets_the_argument_keras_sets(class_name: str) -> None:
    spec = SPECS[class_name]
    for alias, argument in spec.aliases:
        value = KEYWORD_VALUES[alias]
        assert value != spec.defaults()[argument]
        layer = layer_class(class_name)(**required_arguments(spec), **{alias: value})
        assert layer.get_config()[argument] == value
        assert spec.resolve_aliases({argument: spec.defaults()[argument], alias: value}) == {argument: value}


@pytest.mark.parametrize("class_name", built_by_keras(sorted(SPECS)))
def test_a_misspelt_keyword_is_rejected_by_both(class_name: str) -> None:
    spec = SPECS[class_name]
    named = named_keywords(layer_class(class_name))
    first = spec.argument_names[0] if spec.argument_names else "name"
    for keyword in ("trainabel", first[:-1] or first + "s", "input_shapes"):
        # A constructor that drops unknown keywords (HashedCrossing) takes the typo: no LL103 then.
        assert spec.accepts_keyword(keyword) == spec.ignores_unknown_keywords, keyword
        accepted = keras_accepts(class_name, keyword, value_for(keyword, spec, named))
        assert accepted == spec.ignores_unknown_keywords, keyword


# Which compute_mask each class runs, by the Keras class that defines it (graph/masks.py mirrors each).
MASK_KIND_OF_KERAS_OWNER = {
    "Layer": MaskKind.PREVIOUS, "Masking": MaskKind.MASKING, "Embedding": MaskKind.EMBEDDING,
    "RNN": MaskKind.RECURRENT, "Bidirectional": MaskKind.BIDIRECTIONAL, "Merge": MaskKind.MERGE,
    "Concatenate": MaskKind.CONCATENATE, "GlobalAveragePooling1D": MaskKind.NONE, "Lambda": MaskKind.FUNCTION,
    "ConvLSTM": MaskKind.RECURRENT,
    "Attention": MaskKind.QUERY, "Dot": MaskKind.NONE, "ReversibleEmbedding": MaskKind.NONE,
}


@pytest.mark.parametrize("class_name", built_by_keras(sorted(SPECS)))
def test_mask_support_matches_keras(class_name: str) -> None:
    """Masks change model.layers's order (their ops are graph nodes): each spec must say what
    Keras's class does with them."""
    spec = SPECS[class_name]
    keras_class = layer_class(class_name)
    required = required_arguments(spec)
    masking = spec.masking
    if isinstance(masking.supports, str):
        # The argument named turns supports_masking on: off by default, on when given.
        assert keras_class(**required).supports_masking is False
        switched = keras_class(**required, **{masking.supports: True})
        assert switched.supports_masking is True
    else:
        assert keras_class(**required).supports_masking is masking.supports
    assert keras_class(**required)._call_has_mask_arg is masking.call_takes_mask
    owner = next(klass.__name__ for klass in keras_class.__mro__ if "compute_mask" in vars(klass))
    assert MASK_KIND_OF_KERAS_OWNER[owner] == masking.kind
