"""NumPy scalars (``np.prod(shape)``) passed to Keras's constructors: taken as the Python int where
the layer's entry says Keras computes with them, reported where it says Keras raises (LL102), and
unknown everywhere else, since what Keras does with one there is not known."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from lstm_lint.layers.spec import BuildError, LayerSpec
from lstm_lint.python.numpy_scalars import NumpyScalar, as_python, holds_numpy_scalar, unknown_instead
from lstm_lint.values import Cause, Unknown

# Why an argument holding a NumPy scalar is unknown.
NOT_KNOWN = "whether Keras takes a NumPy scalar as {}= here is not known"
REFUSED = "Keras rejects a NumPy integer as {}= (LL102)"


def refused_message(argument: str, value: NumpyScalar) -> str:
    return (f"{argument}={value!r} is a NumPy integer, not a Python int, and Keras rejects it here "
            f"(pass int(...))")


def _argument(spec: Optional[LayerSpec], name: str, value: Any, line: int, column: int,
              errors: List[BuildError]) -> Any:
    if not holds_numpy_scalar(value):
        return value
    declared = spec.numpy_integers if spec is not None else None
    if declared is not None and isinstance(value, NumpyScalar) and value.is_integer:
        if name in declared.accepted:
            return value.value
        if name in declared.refused:
            errors.append(BuildError("value", refused_message(name, value)))
            return Unknown(Cause(line, column, REFUSED, (name,)))
    if declared is not None and isinstance(value, (list, tuple)) and name in declared.accepted_in_sequences:
        converted = as_python(value)
        if not holds_numpy_scalar(converted) and not _holds_unknown(converted):
            return converted
    return unknown_instead(value, Unknown(Cause(line, column, NOT_KNOWN, (name,))))


def _holds_unknown(value: Any, depth: int = 0) -> bool:
    if isinstance(value, Unknown):
        return True
    return depth < 4 and isinstance(value, (list, tuple)) and any(_holds_unknown(item, depth + 1) for item in value)


def layer_arguments(spec: Optional[LayerSpec], args: List[Any], kwargs: Dict[str, Any], line: int,
                    column: int) -> Tuple[List[Any], Dict[str, Any], List[BuildError]]:
    """The constructor's arguments with their NumPy scalars as the entry says Keras takes them,
    and the errors Keras raises on those it refuses."""
    if not holds_numpy_scalar([args, kwargs]):
        return args, kwargs, []
    errors: List[BuildError] = []
    names = spec.argument_names if spec is not None else ()
    new_args = [_argument(spec, names[index] if index < len(names) else f"#{index}", value, line, column, errors)
                for index, value in enumerate(args)]
    new_kwargs = {key: _argument(spec, key, value, line, column, errors) for key, value in kwargs.items()}
    return new_args, new_kwargs, errors


def shape_arguments(args: List[Any], kwargs: Dict[str, Any], line: int, column: int,
                    shapes: Tuple[str, ...]) -> Tuple[List[Any], Dict[str, Any]]:
    """``keras.Input(shape=(np.prod(s),))``: the sizes of a shape are taken as ``int(d)``
    (``standardize_shape``); a NumPy scalar anywhere else is unknown."""
    if not holds_numpy_scalar([args, kwargs]):
        return args, kwargs

    def one(name: str, value: Any) -> Any:
        if name in shapes and isinstance(value, (list, tuple)):
            converted = as_python(value)
            if not holds_numpy_scalar(converted) and not _holds_unknown(converted):
                return converted
        return unknown_instead(value, Unknown(Cause(line, column, NOT_KNOWN, (name,))))

    return ([one(shapes[0] if index == 0 and shapes else f"#{index}", value) for index, value in enumerate(args)],
            {key: one(key, value) for key, value in kwargs.items()})


__all__ = ["layer_arguments", "refused_message", "shape_arguments"]
