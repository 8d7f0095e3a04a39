"""What Keras 3's ``Layer.__call__`` refuses in the arguments of a layer's call, before (or
instead of) running its ``call`` (keras/src/layers/layer.py). For a Keras class only the first
applies (its ``call`` is Keras's own); for a class of the program's own, all four:

1. step 2, "Enforce that only tensors can be passed positionally": every leaf of the positional
   arguments must be a tensor or None, unless the layer sets ``_allow_non_tensor_positional_args``
   (``ValueError: Only input tensors may be passed as positional arguments``);
2. ``CallSpec``: ``inspect.signature(self.call).bind(*args, **kwargs)`` (``training=`` left out
   when ``call`` does not take it): a ``TypeError`` when the arguments do not bind;
3. step 5, the ``training`` value: one given (in any way) that is not None is passed again as
   ``training=``;
4. step 6, the masks: with exactly one tensor argument, ``mask=`` is passed when ``call`` takes
   ``mask`` and its value is None; with several, ``<argument>_mask=`` for each ``<argument>_mask``
   whose value is None.

A keyword passed in steps 3 and 4 for a parameter the call gave positionally makes Python raise
``TypeError: call() got multiple values for argument 'mask'`` (a ``call(self, x, mask)`` called as
``layer(x, None)``). Only what holds whatever the unknown values are is reported: a value lstm-lint
does not know, a structure it cannot see into, or an array (converted to a tensor first) is never
taken for a non-tensor.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple

import libcst as cst

from lstm_lint.graph.objects import Tensor

# Python values that are certainly not tensors: Keras refuses them as positional arguments.
_PLAIN = (bool, int, float, str, bytes)
_MAX_DEPTH = 6


def _leaves(value: Any, depth: int = 0) -> Optional[List[Any]]:
    """``tree.flatten(value)`` for lists, tuples and dicts; None when too deep to tell."""
    if isinstance(value, (list, tuple)):
        if depth >= _MAX_DEPTH:
            return None
        found: List[Any] = []
        for item in value:
            inner = _leaves(item, depth + 1)
            if inner is None:
                return None
            found += inner
        return found
    if isinstance(value, dict):
        return _leaves(list(value.values()), depth)
    return [value]


def _is_tensor_argument(value: Any) -> Optional[bool]:
    """Whether ``CallSpec`` counts the argument as a tensor argument: a tensor, or a non-empty
    structure whose every leaf is a tensor or None. None: not known."""
    if isinstance(value, Tensor):
        return True
    if value is None or isinstance(value, _PLAIN):
        return False
    if isinstance(value, (list, tuple, dict)):
        leaves = _leaves(value)
        if leaves is None:
            return None
        if not leaves:
            return False
        if all(isinstance(leaf, Tensor) or leaf is None for leaf in leaves):
            return True
        if all(isinstance(leaf, Tensor) or leaf is None or isinstance(leaf, _PLAIN) for leaf in leaves):
            return False
    return None


def _literal_default(default: Optional[cst.BaseExpression]) -> Tuple[bool, Any]:
    """A parameter's default as (known, value) when it is a literal that is not a tensor: None, a
    bool, a number or a string (the value itself matters only for None)."""
    if isinstance(default, cst.Name) and default.value in ("None", "True", "False"):
        return True, {"None": None, "True": True, "False": False}[default.value]
    if isinstance(default, (cst.Integer, cst.Float, cst.SimpleString)):
        return True, 0
    return False, None


def _ordinal(index: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(index, f"{index}th")


def refused_positional(class_name: str, args: List[Any]) -> Optional[str]:
    """Why Keras raises on these positional arguments of a layer that takes only tensors (or None)
    positionally (step 1 above): a Python value among their leaves; None when there is none seen."""
    for index, value in enumerate(args, 1):
        plain = next((leaf for leaf in _leaves(value) or () if isinstance(leaf, _PLAIN)), None)
        if plain is not None:
            return (f"{class_name} called with {plain!r} in its {_ordinal(index)} positional argument: Keras 3 "
                    "takes only tensors (or None) positionally and raises `ValueError: Only input tensors may "
                    "be passed as positional arguments`; pass it by keyword")
    return None


def refused_call(class_name: str, function: cst.FunctionDef, args: List[Any], kwargs: Dict[str, Any],
                 takes_non_tensors: bool) -> Optional[str]:
    """Why Keras raises on ``layer(*args, **kwargs)`` for a layer whose class's ``call`` is
    ``function`` (``takes_non_tensors``: the layer allows non-tensor positional arguments); None
    when it does not, or when that is not known."""
    if any(key.startswith("**") for key in kwargs):
        return None
    if not takes_non_tensors:
        refused = refused_positional(class_name, args)
        if refused is not None:
            return refused
    params = function.params
    if params.posonly_params or not params.params:
        return None
    positional = [param.name.value for param in params.params[1:]]
    keyword_only = [param.name.value for param in params.kwonly_params]
    names = positional + keyword_only
    kwargs = {key: value for key, value in kwargs.items() if key != "training" or "training" in names}
    bound: Dict[str, Any] = {}
    given_positionally: Set[str] = set()
    for index, value in enumerate(args):
        if index < len(positional):
            bound[positional[index]] = value
            given_positionally.add(positional[index])
        elif isinstance(params.star_arg, cst.Param):
            continue
        else:
            return (f"{class_name}.call() takes {len(positional)} argument(s) after self, and is given "
                    f"{len(args)} positionally: Keras raises `TypeError: too many positional arguments` when it "
                    "binds the call")
    for key, value in kwargs.items():
        if key in given_positionally:
            return None  # Python's own TypeError, seen by other tools already
        if key not in names and not isinstance(params.star_kwarg, cst.Param):
            return None
        bound[key] = value
    defaults = {param.name.value: param.default for param in list(params.params[1:]) + list(params.kwonly_params)}
    missing = [name for name in names if name not in bound and defaults.get(name) is None]
    if missing:
        return (f"{class_name}.call() is not given {missing[0]!r}, which has no default: Keras raises "
                f"`TypeError: missing a required argument: {missing[0]!r}` when it binds the call")
    duplicated = _passed_again(bound, defaults, given_positionally, names)
    if duplicated is None:
        return None
    return (f"{class_name}.call() is given {duplicated!r} positionally, and Keras's Layer.__call__ passes "
            f"{duplicated}= as well: Python raises `TypeError: got multiple values for argument {duplicated!r}`; "
            f"pass it by keyword ({duplicated}=...)")


def _passed_again(bound: Dict[str, Any], defaults: Dict[str, Any], given_positionally: Set[str],
                  names: List[str]) -> Optional[str]:
    """The parameter given positionally that Keras passes again by keyword (steps 5 and 6)."""
    if "training" in given_positionally and isinstance(bound["training"], Tensor):
        return "training"
    values: Dict[str, Tuple[bool, Any]] = {}  # name -> (known, value) after the defaults
    for name in names:
        if name in bound:
            values[name] = (True, bound[name])
        else:
            values[name] = _literal_default(defaults.get(name))
    kinds = {name: _is_tensor_argument(value) if known else None for name, (known, value) in values.items()}
    if any(kind is None for kind in kinds.values()):
        return None
    tensors = [name for name in names if kinds.get(name) is True]
    if len(tensors) == 1:
        if "mask" in given_positionally and values["mask"] == (True, None):
            return "mask"
        return None
    for name in tensors:
        mask = f"{name}_mask"
        if mask in given_positionally and values[mask] == (True, None):
            return mask
    return None


__all__ = ["refused_call", "refused_positional"]
