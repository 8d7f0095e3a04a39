"""Each LayerSpec's signature is Keras's own: same argument names, positional order, defaults.
Positional arguments are bound by this order, so a drift here would silently misread calls."""
from __future__ import annotations

import inspect

import pytest

from lstm_lint.layers import SPECS
from lstm_lint.layers.spec import REQUIRED, MaskKind
from tests.keras_env import keras


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_signature_matches_keras(class_name: str) -> None:
    spec = SPECS[class_name]
    keras_class = getattr(keras.layers, class_name)
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
        layer = getattr(keras.layers, class_name)
        assert keras.src.utils.naming.to_snake_case(layer.__name__) == spec.default_name


# Keywords that are not in any signature but that some layers take through **kwargs.
EXTRA_KEYWORDS = ["activity_regularizer", "autocast", "zero_output_for_mask", "implementation", "time_major",
                  "batch_size", "batch_input_shape", "input_shape", "input_dim", "dtype", "trainable", "name",
                  "unroll", "mask_zero", "weights", "input_length"]
SAMPLE_VALUES = {"units": 4, "filters": 2, "kernel_size": 2, "rate": 0.1, "stddev": 0.1, "activation": "relu",
                 "target_shape": (2,), "n": 2, "dims": (1,), "input_dim": 5, "output_dim": 3, "pool_size": 2,
                 "function": abs}
KEYWORD_VALUES = {"input_shape": (2,), "batch_input_shape": (2,), "zero_output_for_mask": True,
                  "autocast": True, "trainable": True, "unroll": True, "mask_zero": True, "time_major": True,
                  "name": "x", "activity_regularizer": None, "weights": None, "dtype": None}


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_accepted_keywords_match_keras(class_name: str) -> None:
    """LL103 reports a keyword exactly when Keras rejects it: no false alarm, none missed."""
    spec = SPECS[class_name]
    required = {argument.name: SAMPLE_VALUES.get(argument.name) for argument in spec.signature
                if argument.required}
    if "layer" in required:
        required["layer"] = keras.layers.LSTM(2)
    for keyword in EXTRA_KEYWORDS:
        if keyword in spec.argument_names:
            continue
        try:
            getattr(keras.layers, class_name)(**required, **{keyword: KEYWORD_VALUES.get(keyword, 2)})
            keras_accepts = True
        except (TypeError, ValueError):
            keras_accepts = False
        ours = spec.accepts_keyword(keyword)
        if keyword == "input_length" and class_name == "Embedding":
            continue  # Keras 3.2+ warns and ignores it; lstm-lint reads it with Keras 2's meaning
        assert ours == keras_accepts, f"{class_name}({keyword}=...): Keras accepts: {keras_accepts}"


# Which compute_mask each class runs, by the Keras class that defines it (graph/masks.py mirrors each).
MASK_KIND_OF_KERAS_OWNER = {
    "Layer": MaskKind.PREVIOUS, "Masking": MaskKind.MASKING, "Embedding": MaskKind.EMBEDDING,
    "RNN": MaskKind.RECURRENT, "Bidirectional": MaskKind.BIDIRECTIONAL, "Merge": MaskKind.MERGE,
    "Concatenate": MaskKind.CONCATENATE, "GlobalAveragePooling1D": MaskKind.NONE, "Lambda": MaskKind.FUNCTION,
}


@pytest.mark.parametrize("class_name", sorted(SPECS))
def test_mask_support_matches_keras(class_name: str) -> None:
    """Masks change model.layers's order (their ops are graph nodes): each spec must say what
    Keras's class does with them."""
    spec = SPECS[class_name]
    keras_class = getattr(keras.layers, class_name)
    required = {argument.name: SAMPLE_VALUES.get(argument.name) for argument in spec.signature
                if argument.required}
    if "layer" in required:
        required["layer"] = keras.layers.LSTM(2)
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
