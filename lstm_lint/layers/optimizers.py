"""The optimizer classes whose constructors take ``learning_rate`` and reject Keras 2's ``lr``, and
the variables the common ones make when they are built.

``keras/src/optimizers/base_optimizer.py``: BaseOptimizer raises "Argument(s) not recognized" on any
keyword it does not know, and Keras 3 no longer knows ``lr`` (tf.keras 2 took it as a deprecated
alias of ``learning_rate``). The classes are those whose signatures ``layers/api.py`` declares with
that rename, so the two cannot drift apart; a test checks each against the installed Keras.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple, Union

from lstm_lint.layers.api import SIGNATURES
from lstm_lint.values import UNKNOWN, Unknown

Count = Union[int, Unknown]

LEARNING_RATE_OPTIMIZERS = tuple(sorted(
    path.split(".", 1)[1] for path, signature in SIGNATURES.items()
    if path.startswith("optimizers.") and ("lr", "learning_rate") in signature.renamed))


# ---- the variables an optimizer's build() makes --------------------------------------------------
#
# ``BaseOptimizer.__init__`` makes ``iterations`` and, unless the learning rate is a schedule (or a
# callable), ``learning_rate``: two scalars. ``build(var_list)`` then adds slots the shape of each
# trainable variable (``add_optimizer_variables``): ``count_params(optimizer.variables)`` is
# 2 + slots x the model's trainable parameters (Nadam adds a scalar ``u_product`` too). Checked
# against Keras with ``optimizer.build(model.trainable_variables)`` by tests/layers/test_optimizers.py.

# The arguments of each class that change no variable count (hyperparameters, clipping, a name).
_COMMON = ("learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "name", "epsilon")


def _adam(config: Mapping[str, Any]) -> Optional[int]:
    amsgrad = config.get("amsgrad", False)
    return 3 if amsgrad is True else 2 if amsgrad is False else None


def _sgd(config: Mapping[str, Any]) -> Optional[int]:
    # sgd.py: the constructor takes a float in [0, 1] only; build: ``if self.momentum != 0``.
    momentum = config.get("momentum", 0.0)
    return int(momentum != 0) if isinstance(momentum, float) and 0 <= momentum <= 1 else None


def _rmsprop(config: Mapping[str, Any]) -> Optional[int]:
    momentum, centered = config.get("momentum", 0.0), config.get("centered", False)
    if not _number(momentum) or not isinstance(centered, bool):
        return None
    return 1 + int(momentum > 0) + int(centered)  # rmsprop.py build: velocities, momentums, average_grads


def _fixed(slots: int) -> Callable[[Mapping[str, Any]], Optional[int]]:
    return lambda config: slots


# Class name -> (its arguments after learning_rate, in order; its slots per trainable variable).
OPTIMIZER_SLOTS: Dict[str, Tuple[Tuple[str, ...], Callable[[Mapping[str, Any]], Optional[int]]]] = {
    "Adam": (("beta_1", "beta_2", "epsilon", "amsgrad"), _adam),
    "AdamW": (("weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"), _adam),
    "SGD": (("momentum", "nesterov"), _sgd),
    "RMSprop": (("rho", "momentum", "epsilon", "centered"), _rmsprop),
    "Adagrad": (("initial_accumulator_value", "epsilon"), _fixed(1)),
    "Adamax": (("beta_1", "beta_2", "epsilon"), _fixed(2)),
    "Adadelta": (("rho", "epsilon"), _fixed(2)),
    "Nadam": (("beta_1", "beta_2", "epsilon"), _fixed(2)),
    "Lion": (("beta_1", "beta_2"), _fixed(1)),
}
# ``keras.optimizers.get("adam")``: a class by its name in any case, with its defaults.
OPTIMIZER_NAMES = {name.lower(): name for name in OPTIMIZER_SLOTS}
# Scalars beyond iterations and learning_rate.
_EXTRA_SCALARS = {"Nadam": 1}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def optimizer_config(class_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The constructor's arguments by name; None for a class or arguments lstm-lint does not count
    the variables of (``use_ema``, ``gradient_accumulation_steps``: more slots; ``*args``)."""
    known = OPTIMIZER_SLOTS.get(class_name)
    if known is None:
        return None
    names = ("learning_rate",) + known[0]
    if len(args) > len(names):
        return None
    config: Dict[str, Any] = dict(zip(names, args))
    for key, value in kwargs.items():
        if key in config or (key not in names and key not in _COMMON):
            return None
        config[key] = value
    return config


def optimizer_params(class_name: str, config: Mapping[str, Any], trainable: Count) -> Count:
    """``count_params(optimizer.variables)`` once built on variables of ``trainable`` parameters."""
    slots = OPTIMIZER_SLOTS[class_name][1](config)
    learning_rate = config.get("learning_rate", 0.001)
    if slots is None or not _number(learning_rate) or isinstance(trainable, Unknown):
        return UNKNOWN  # a schedule as learning rate makes no variable; a value we do not know may be one
    return 2 + _EXTRA_SCALARS.get(class_name, 0) + slots * trainable
