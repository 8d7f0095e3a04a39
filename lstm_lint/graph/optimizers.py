"""The optimizers a program compiles its models with, as far as ``model.summary()`` shows them.

Keras 3's summary adds a line "Optimizer params: N" and adds N to "Total params" once
``model.optimizer.built`` (``keras/src/utils/summary_utils.py``): after ``fit`` or
``train_on_batch`` on a compiled model, or ``optimizer.build(...)``. ``count_params()`` (the model
as the file leaves it) never counts them. The variables of each optimizer class are Keras knowledge
(``layers/optimizers.py``); this module follows one object through the program.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Union

from lstm_lint.layers.optimizers import OPTIMIZER_NAMES, optimizer_config, optimizer_params
from lstm_lint.values import UNKNOWN, Unknown

Count = Union[int, Unknown]


@dataclass(eq=False)
class OptimizerObject:
    """``keras.optimizers.Adam(...)`` or the object ``compile(optimizer="adam")`` makes.
    ``config``: its arguments by name, None when lstm-lint does not count its variables;
    ``built``: None until built, then ``count_params(optimizer.variables)`` (UNKNOWN when it may
    be built or not, or built on variables not known)."""

    class_name: str
    config: Optional[Dict[str, Any]]
    built: Optional[Count] = None

    def build(self, trainable: Count, certain: bool) -> None:
        """``optimizer.build(model.trainable_variables)``, as the first train step runs it: a built
        optimizer keeps its variables."""
        if self.built is not None and not isinstance(self.built, Unknown):
            return
        if not certain:
            self.built = UNKNOWN
            return
        self.built = UNKNOWN if self.config is None else optimizer_params(self.class_name, self.config, trainable)

    def lose(self) -> None:
        """Handed to code lstm-lint does not follow, which may build it."""
        self.built = UNKNOWN


def from_identifier(value: Any, certain: bool) -> OptimizerObject:
    """What ``compile(optimizer=value)`` sets: the object given, or a new one for a name
    (``keras.optimizers.get``); one whose variables are not known for anything else, or for a
    compile that may not run. (An object lstm-lint does not see is taken as not built yet.)"""
    if isinstance(value, OptimizerObject) and certain:
        return value
    if isinstance(value, str) and certain:
        class_name = OPTIMIZER_NAMES.get(value.lower())
        if class_name is not None:
            return OptimizerObject(class_name, {})
    return OptimizerObject("", None)


def made(class_name: str, args: Any, kwargs: Any, complete: bool) -> OptimizerObject:
    """``keras.optimizers.<class_name>(*args, **kwargs)``."""
    config = optimizer_config(class_name, args, kwargs) if complete else None
    return OptimizerObject(class_name, config)


def summary_params(model: Any) -> Optional[Count]:
    """The "Optimizer params" line summary() prints now: None when it prints none (not compiled,
    or the optimizer not built), UNKNOWN when that or the count is not known."""
    optimizer = getattr(model, "optimizer", None)
    return optimizer.built if isinstance(optimizer, OptimizerObject) else None


__all__ = ["OptimizerObject", "from_identifier", "made", "summary_params"]
