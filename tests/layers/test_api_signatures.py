"""Every entry of ``lstm_lint/layers/api.py`` is the installed Keras's own signature: the same
parameters in the same order, a ``**kwargs`` exactly when Keras has one, and that ``**kwargs``
taking the names the entry says (and raising on others) when Keras is called with them."""
from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, List

import pytest

from lstm_lint.layers.api import ANY_KEYWORD, SIGNATURES, ApiSignature
from tests.keras_env import keras


def keras_callable(path: str) -> Callable[..., Any]:
    """The function or ``__init__`` Keras runs for an entry."""
    from keras.src.models.functional import Functional
    from keras.src.trainers.trainer import Trainer

    if path == "Input":
        return keras.Input
    if path == "Sequential":
        return keras.Sequential.__init__
    if path == "Model":
        return Functional.__init__
    owner, _, name = path.partition(".")
    if owner == "Model":
        return getattr(Trainer if name in ("compile", "fit", "evaluate", "predict") else keras.Model, name)
    if owner == "Sequential":
        return getattr(keras.Sequential, name)
    if owner == "models":
        return getattr(keras.models, name)  # type: ignore[no-any-return]
    if owner == "Layer":
        return getattr(keras.layers.Layer, name)  # type: ignore[no-any-return]
    assert owner == "optimizers"
    return getattr(keras.optimizers, name).__init__  # type: ignore[no-any-return]


@pytest.mark.parametrize("signature", list(SIGNATURES.values()), ids=lambda signature: signature.path)
def test_parameters_are_keras_own(signature: ApiSignature) -> None:
    parameters = list(inspect.signature(keras_callable(signature.path)).parameters.values())
    named = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
    keyword_only = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        # Layer.add_weight(*args, shape=None, ...): its *args stand for its first keyword-only
        # parameters (test_add_weight_takes_three_by_position), which the entry names as positional.
        assert not named and tuple(keyword_only) == signature.parameters + signature.keyword_only
    else:
        assert tuple(named) == signature.parameters and tuple(keyword_only) == signature.keyword_only
    has_var_keyword = any(p.kind is p.VAR_KEYWORD for p in parameters)
    assert has_var_keyword == (signature.var_keyword is not None)


def optimizer_accepts(name: str, keyword: str) -> bool:
    try:
        getattr(keras.optimizers, name)(**{keyword: None})
    except ValueError as error:
        assert "not recognized" in str(error)
        return False
    return True


OPTIMIZERS = [signature for signature in SIGNATURES.values() if signature.path.startswith("optimizers.")]


@pytest.mark.parametrize("signature", OPTIMIZERS, ids=lambda signature: signature.path)
def test_what_an_optimizers_kwargs_take(signature: ApiSignature) -> None:
    name = signature.path.split(".", 1)[1]
    assert signature.var_keyword is not None
    for keyword in signature.var_keyword:
        assert optimizer_accepts(name, keyword), keyword
    for keyword, replacement in signature.renamed:
        assert not optimizer_accepts(name, keyword)
        assert replacement in signature.parameters
    assert not optimizer_accepts(name, "learning_rat")


def small_model() -> Any:
    keras.backend.clear_session()
    inputs = keras.Input((2,))
    return keras.Model(inputs, keras.layers.Dense(1)(inputs))


def test_functional_models_take_any_keyword() -> None:
    """Functional.__init__ pops ``trainable`` and never looks at the rest: no LL103 there."""
    assert SIGNATURES["Model"].var_keyword == ANY_KEYWORD
    inputs = keras.Input((2,))
    keras.Model(inputs, keras.layers.Dense(1)(inputs), nmae="typo")


def test_evaluates_kwargs_take_only_its_private_flag() -> None:
    import numpy as np

    model = small_model()
    model.compile(loss="mse")
    data: List[Any] = [np.zeros((2, 2)), np.zeros((2, 1))]
    assert SIGNATURES["Model.evaluate"].var_keyword == ("_use_cached_eval_dataset",)
    model.evaluate(*data, verbose=0, _use_cached_eval_dataset=False)
    with pytest.raises(ValueError, match="not recognized"):
        model.evaluate(*data, verbose=0, sample_weights=None)


def test_keras_2_names_are_rejected_and_their_keras_3_names_taken() -> None:
    checked: Dict[str, str] = {}
    for signature in SIGNATURES.values():
        for keyword, replacement in signature.renamed:
            assert keyword not in signature.parameters and replacement in signature.parameters
            checked[keyword] = replacement
    assert checked == {"lr": "learning_rate", "nb_epoch": "epochs"}
    import numpy as np

    with pytest.raises(TypeError, match="nb_epoch"):
        small_model().fit(np.zeros((2, 2)), np.zeros((2, 1)), nb_epoch=1)


def test_a_call_that_is_no_functional_model_takes_the_layer_keywords_only() -> None:
    """keras.Model(...) without inputs and outputs runs Layer.__init__: the keywords listed are
    the ones it takes (its keyword-only parameters and the two it pops), and anything else raises."""
    from lstm_lint.layers.api import MODEL_LAYER_KEYWORDS, model_call_is_functional

    own = [name for name, parameter in inspect.signature(keras.layers.Layer.__init__).parameters.items()
           if parameter.kind is inspect.Parameter.KEYWORD_ONLY]
    assert set(own) <= set(MODEL_LAYER_KEYWORDS)
    values = {"activity_regularizer": None, "trainable": True, "dtype": "float32", "autocast": True, "name": "m",
              "input_dim": 3, "input_shape": (3,)}
    assert set(values) == set(MODEL_LAYER_KEYWORDS)
    for keyword, value in values.items():
        keras.Model(**{keyword: value})
    x = keras.Input((3,))
    y = keras.layers.Dense(2)(x)
    for args, kwargs in (((x,), {}), ((), {"inputs": x}), ((), {"outputs": y}), ((), {"inputs": x, "output": y})):
        assert not model_call_is_functional(len(args), tuple(kwargs))
        with pytest.raises((TypeError, ValueError)):
            keras.Model(*args, **kwargs)
    for args, kwargs in (((x, y), {}), ((x,), {"outputs": y}), ((), {"inputs": x, "outputs": y})):
        assert model_call_is_functional(len(args), tuple(kwargs))
        keras.Model(*args, **kwargs)


def test_add_weight_takes_three_by_position() -> None:
    # Layer.add_weight reads its *args as shape, initializer and dtype, and refuses a fourth.
    layer = keras.layers.Layer()
    weight = layer.add_weight((2, 3), "ones", "float32")
    assert tuple(weight.shape) == (2, 3) and float(keras.ops.sum(weight.value)) == 6.0
    with pytest.raises(TypeError, match="at most 3 positional"):
        layer.add_weight((2,), "ones", "float32", True)
    with pytest.raises(TypeError, match="unexpected keyword"):
        layer.add_weight(shape=(2,), initialiser="ones")
