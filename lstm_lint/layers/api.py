"""Keras 3's callables that are not layers, as data: ``keras.Input``, ``Sequential``, ``Model``,
the model methods ``compile``/``fit``/``evaluate``/``predict``/..., ``clone_model`` and the
optimizers. Each entry copies the callable's signature (parameter names in order, which all may
be passed by position or by keyword) and what its ``**kwargs``, if it has one, takes without
raising. ``tests/layers/test_api_signatures.py`` checks every entry against the installed Keras.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

ANY_KEYWORD: Tuple[str, ...] = ("*",)
"""``var_keyword`` of a callable whose ``**kwargs`` takes any name without raising."""


@dataclass(frozen=True)
class ApiSignature:
    """One callable: ``path`` is how lstm-lint names it ("Input", "Model.fit", "optimizers.Adam")."""

    path: str
    parameters: Tuple[str, ...]
    # None: no ``**kwargs`` (Python raises TypeError on any other keyword); else the names it takes
    # (the rest raise, as Keras's own checks do), or ANY_KEYWORD.
    var_keyword: Optional[Tuple[str, ...]] = None
    # Keras 2 names that Keras 3 rejects, with the name to use instead (``lr`` -> ``learning_rate``).
    renamed: Tuple[Tuple[str, str], ...] = ()
    # Parameters that take a shape: a tuple (an int is rejected: "Cannot convert '13' to a shape").
    shape_parameters: Tuple[str, ...] = ()
    # Parameters taken by keyword only (after those ``parameters`` names, which may come by position).
    keyword_only: Tuple[str, ...] = ()

    def takes(self, keyword: str) -> bool:
        if keyword in self.parameters or keyword in self.keyword_only:
            return True
        if self.var_keyword is None:
            return False
        return self.var_keyword == ANY_KEYWORD or keyword in self.var_keyword

    def replacement(self, keyword: str) -> Optional[str]:
        return dict(self.renamed).get(keyword)

    @property
    def callable_name(self) -> str:
        """As the user writes it: ``Input``, ``compile``, ``Adam``."""
        return self.path.rsplit(".", 1)[-1]


# BaseOptimizer.__init__ (optimizers/base_optimizer.py): what an optimizer's **kwargs reach, the
# deprecated ``decay`` popped (with a warning) and anything else "Argument(s) not recognized".
_OPTIMIZER_BASE = ("learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema",
                   "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                   "gradient_accumulation_steps", "name")
_OPTIMIZER_KWARGS = ("decay",)
_OPTIMIZER_RENAMED = (("lr", "learning_rate"),)


def _optimizer(name: str, *own: str) -> ApiSignature:
    """An optimizer whose ``__init__`` takes ``learning_rate``, its own arguments, then the base
    class's (in that order, as every Keras 3 optimizer writes them)."""
    parameters = ("learning_rate",) + own + tuple(p for p in _OPTIMIZER_BASE if p not in own and p != "learning_rate")
    return ApiSignature(f"optimizers.{name}", parameters, _OPTIMIZER_KWARGS, _OPTIMIZER_RENAMED)


SIGNATURES: Dict[str, ApiSignature] = {signature.path: signature for signature in (
    ApiSignature("Input", ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor",
                           "optional"), shape_parameters=("shape", "batch_shape")),
    ApiSignature("Sequential", ("layers", "trainable", "name")),
    # Functional.__init__ pops ``trainable`` and ignores any other keyword; a call that is no
    # functional one (MODEL_FUNCTIONAL_INIT) is Layer.__init__'s, which takes MODEL_LAYER_KEYWORDS.
    ApiSignature("Model", ("inputs", "outputs", "name"), ANY_KEYWORD),
    ApiSignature("Model.compile", ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                                   "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")),
    ApiSignature("Model.fit", ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
                               "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
                               "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq"),
                 renamed=(("nb_epoch", "epochs"),)),
    ApiSignature("Model.evaluate", ("x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
                                    "return_dict"), ("_use_cached_eval_dataset",)),
    ApiSignature("Model.predict", ("x", "batch_size", "verbose", "steps", "callbacks")),
    ApiSignature("Model.build", ("input_shape",)),
    ApiSignature("Model.summary", ("line_length", "positions", "print_fn", "expand_nested", "show_trainable",
                                   "layer_range")),
    ApiSignature("Model.get_layer", ("name", "index")),
    ApiSignature("Sequential.add", ("layer", "rebuild")),
    ApiSignature("Sequential.pop", ("rebuild",)),
    ApiSignature("models.clone_model", ("model", "input_tensors", "clone_function", "call_function", "recursive"),
                 ANY_KEYWORD),
    # Layer.add_weight(*args, shape=None, ...): its ``*args`` are read as shape, initializer and
    # dtype (more is a TypeError), every parameter is keyword-only, and there is no ``**kwargs``.
    ApiSignature("Layer.add_weight", ("shape", "initializer", "dtype"),
                 keyword_only=("trainable", "autocast", "regularizer", "constraint", "aggregation",
                               "overwrite_with_gradient", "name")),
    _optimizer("Adadelta", "rho", "epsilon"),
    _optimizer("Adafactor", "beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step"),
    _optimizer("Adagrad", "initial_accumulator_value", "epsilon"),
    _optimizer("Adam", "beta_1", "beta_2", "epsilon", "amsgrad"),
    _optimizer("AdamW", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"),
    _optimizer("Adamax", "beta_1", "beta_2", "epsilon"),
    _optimizer("Ftrl", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
               "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"),
    _optimizer("Lamb", "beta_1", "beta_2", "epsilon"),
    _optimizer("Lion", "beta_1", "beta_2"),
    _optimizer("Nadam", "beta_1", "beta_2", "epsilon"),
    _optimizer("RMSprop", "rho", "momentum", "epsilon", "centered"),
    _optimizer("SGD", "momentum", "nesterov"),
)}

# What lstm-lint calls a method by, on a Sequential and on a functional model.
MODEL_METHODS = {name.split(".", 1)[1]: signature for name, signature in SIGNATURES.items()
                 if name.startswith("Model.")}
SEQUENTIAL_METHODS = dict(MODEL_METHODS, **{name.split(".", 1)[1]: signature for name, signature in SIGNATURES.items()
                                            if name.startswith("Sequential.")})


def signature_of(keras_path: str) -> Optional[ApiSignature]:
    """The entry for a path inside Keras ("optimizers.Adam", "models.clone_model"), if any."""
    return SIGNATURES.get(keras_path)


# models/model.py functional_init_arguments: keras.Model(...) builds a functional model only for
# two positional arguments, one and outputs=, or inputs= and outputs=; any other call runs
# Layer.__init__ (layers/layer.py), which takes no positional argument and these keywords only
# (anything else: "Unrecognized keyword arguments passed to Model").
MODEL_LAYER_KEYWORDS = ("activity_regularizer", "trainable", "dtype", "autocast", "name", "input_dim",
                        "input_shape")


def model_call_is_functional(positional: int, keywords: Tuple[str, ...]) -> bool:
    return positional == 2 or (positional == 1 and "outputs" in keywords) or (
        "inputs" in keywords and "outputs" in keywords)


__all__ = ["ANY_KEYWORD", "MODEL_LAYER_KEYWORDS", "ApiSignature", "MODEL_METHODS", "SEQUENTIAL_METHODS", "SIGNATURES",
           "model_call_is_functional", "signature_of"]
