"""A subclassed model no run builds: its table is Keras's (``0 (unbuilt)`` rows), and beside it the
count each layer will have once built, where that does not depend on the input. Checked by
building the same class in Keras on two inputs of different sizes: a count given is the one
Keras gives on both."""
from __future__ import annotations

from typing import Dict, List

import numpy as np

from lstm_lint import analyse_source
from lstm_lint.formats.summary_text import render_model
from lstm_lint.values import Unknown
from tests.keras_env import keras

CLASS = '''import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.emb = layers.Embedding(100, 8)
        self.flat = layers.Flatten()
        self.head = layers.Dense(2)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.head(self.flat(self.emb(x))))
'''
NEVER_BUILT = CLASS + "\nmodel = Net()\nmodel.compile(optimizer='adam', loss='mse')\n"


def _built_counts(length: int) -> Dict[str, int]:
    namespace: Dict[str, object] = {}
    exec(CLASS, namespace)
    model = namespace["Net"]()  # type: ignore[operator]
    model(np.zeros((2, length), dtype="int32"))
    return {layer.name: int(layer.count_params()) for layer in model.layers}


def test_counts_once_built_are_keras_counts_on_any_input() -> None:
    keras.backend.clear_session()
    short, long = _built_counts(5), _built_counts(9)
    summary = analyse_source(NEVER_BUILT).models[0]
    assert summary.unbuilt and summary.total_params == 0  # as Keras's summary() prints it
    assert [row.params_text for row in summary.layers] == ["0 (unbuilt)"] * 4
    given: List[str] = []
    for row in summary.layers:
        assert row.name is not None
        # Keras names the second model's layers embedding_1, ...: the same layers, in order.
        name = row.name
        short_count = short[name]
        long_count = long[f"{name}_1"]
        if not isinstance(row.params_once_built, Unknown):
            assert row.params_once_built == short_count == long_count, name
            given.append(name)
    # The Dense's count depends on the input; the normalization's is left unknown (it follows the
    # Dense, whose input is not known), though it is the same on both.
    assert given == ["embedding", "flatten"] and short["dense"] != long["dense_1"]
    text = render_model(summary, "a.py")
    assert text.endswith("\n Once built: embedding 800, flatten 0, dense ?, layer_normalization ?")


def test_a_built_model_has_no_once_built_counts() -> None:
    summary = analyse_source(CLASS + "\nmodel = Net()\nmodel.build((None, 5))\n").models[0]
    assert not summary.unbuilt
    assert all(row.params_once_built is None for row in summary.layers)
    assert "Once built" not in render_model(summary, "a.py")


HELD = '''import keras
from keras import layers


class Sub(layers.Layer):
    def __init__(self):
        super().__init__()
        self.kernel = self.add_weight(shape=(3, 2))
        self.inner = layers.Dense(5)

    def call(self, x):
        return self.inner(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.sub = Sub()
        self.seq = keras.Sequential([layers.Dense(3)])
        self.emb = layers.Embedding(10, 2)

    def call(self, x):
        return self.seq(self.sub(x))
'''


def test_layers_of_the_program_and_nested_models_are_unknown_once_built() -> None:
    """Their weights now are not their weights once built (a build adds the rest): Keras gives
    Sub 6 + 5 * (input + 1) and the Sequential 3 * (5 + 1) + ... once called."""
    namespace: Dict[str, object] = {}
    exec(HELD, namespace)
    built = namespace["Net"]()  # type: ignore[operator]
    built(np.zeros((1, 4)))
    counts = {type(layer).__name__: int(layer.count_params()) for layer in built.layers if layer.built}
    summary = analyse_source(HELD + "\nmodel = Net()\n").models[0]
    once = {row.name: row.params_once_built for row in summary.layers}
    assert counts["Sub"] != 6 and isinstance(once["sub"], Unknown)
    assert counts["Sequential"] != 0 and isinstance(once["sequential"], Unknown)
    assert once["embedding"] == 20  # a Keras layer whose size does not depend on its input


def test_a_model_handed_to_a_builtin_that_calls_it_is_not_said_unbuilt() -> None:
    source = CLASS + "\nimport numpy as np\nmodel = Net()\noutputs = list(map(model, [np.zeros((2, 5), 'int32')]))\n"
    namespace: Dict[str, object] = {}
    exec(source, namespace)
    assert namespace["model"].built  # type: ignore[attr-defined]
    summary = analyse_source(source).models[0]
    assert not summary.unbuilt and isinstance(summary.total_params, Unknown)


def test_a_model_whose_method_is_handed_to_other_code_is_not_said_unbuilt() -> None:
    """``Thread(target=model.predict, ...)``: whether it has run when the summary is made is a
    matter of timing, so neither built nor unbuilt holds in every run."""
    source = (CLASS + "\nimport threading\nimport numpy as np\nmodel = Net()\n"
              "worker = threading.Thread(target=model.predict, args=(np.zeros((2, 5), 'int32'),))\n")
    summary = analyse_source(source).models[0]
    assert not summary.unbuilt and isinstance(summary.total_params, Unknown)
