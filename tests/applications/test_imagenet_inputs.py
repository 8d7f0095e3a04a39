"""LL110's ImageNet input checks against Keras: for every application and a set of input shapes,
lstm-lint says a constructor is rejected exactly when Keras's constructor raises, with Keras's
message, and Keras raises before it builds a layer or downloads weights (its first ``Input`` is
replaced by one that stops the constructor: reaching it means nothing was refused).
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

from lstm_lint.layers.applications import application_names, construct
from tests.keras_env import keras
from keras.src import layers as keras_layers  # noqa: I100 (after keras_env, which picks the backend)


class Reached(Exception):
    """The constructor got to its first Input: it refused nothing."""


def keras_refusal(name: str, arguments: Dict[str, Any]) -> Optional[str]:
    """The message of the ValueError Keras's constructor raises before building anything, or None."""
    original = keras_layers.Input

    def stop(*args: Any, **kwargs: Any) -> Any:
        raise Reached

    keras_layers.Input = stop
    try:
        getattr(keras.applications, name)(**arguments)
    except Reached:
        return None
    except ValueError as error:
        return str(error)
    finally:
        keras_layers.Input = original
    raise AssertionError(f"{name}({arguments}) neither raised nor reached its Input")


def lstm_lint_refusal(name: str, arguments: Dict[str, Any]) -> Optional[str]:
    built = construct(name, (), arguments, True, "channels_last")
    assert built is not None
    return built.rejected


SHAPES: Tuple[Any, ...] = ((224, 224, 3), (299, 299, 3), (160, 160, 3), (96, 96, 3), (331, 331, 3), (600, 600, 3),
                           (240, 200, 3), (None, None, 3), (224, 224, 1), [224, 224, 3], (16, 16, 3), (224, 224),
                           None)


def cases() -> Iterator[Tuple[str, Dict[str, Any]]]:
    for name in application_names():
        for shape in SHAPES:
            yield name, {"weights": "imagenet", "input_shape": shape}
            yield name, {"weights": "imagenet", "include_top": False, "input_shape": shape}
        yield name, {"weights": None, "input_shape": (160, 160, 3)}


@pytest.mark.parametrize("name", application_names())
def test_rejected_exactly_when_keras_raises_with_its_message(name: str) -> None:
    for case_name, arguments in cases():
        if case_name != name:
            continue
        expected = keras_refusal(name, arguments)
        found = lstm_lint_refusal(name, arguments)
        if expected is not None and expected.startswith("Input size must be at least"):
            # lstm-lint words the minimum-size check its own way; that it fires is what counts.
            assert found is not None, arguments
            continue
        assert found == expected, arguments


def test_an_unknown_shape_is_never_rejected() -> None:
    from lstm_lint.values import UNKNOWN

    built = construct("ResNet50", (), {"weights": "imagenet", "input_shape": (UNKNOWN, UNKNOWN, 3)}, True,
                      "channels_last")
    assert built is not None and built.rejected is None
