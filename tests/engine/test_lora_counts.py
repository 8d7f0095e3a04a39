"""LoRA (``lora_rank=``) in Dense, Embedding and the convolutions: ``build()`` freezes the kernel and
adds two trainable factors (``enable_lora``). Counted as Keras counts them, checked against Keras."""
from __future__ import annotations

from lstm_lint import analyse_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences
from tests.keras_diff.generator import ModelRef

LORA = """import keras
from keras import layers

dense = keras.Sequential([
    keras.Input((10, 3)),
    layers.Dense(4, lora_rank=2),
    layers.Dense(2, use_bias=False, lora_rank=3, lora_alpha=4.0),
    layers.Dense(5, lora_rank=0),
])
embedded = keras.Sequential([
    keras.Input((5,)),
    layers.Embedding(20, 4, lora_rank=2),
    layers.Flatten(),
])
conv = keras.Sequential([
    keras.Input((12, 4)),
    layers.Conv1D(6, 3, groups=2, lora_rank=2),
    layers.Conv1D(2, 2, use_bias=False, lora_rank=1, lora_alpha=2.0),
    layers.Reshape((9, 2, 1)),
    layers.Conv2D(3, (2, 1), lora_rank=2),
])
inputs = keras.Input((7, 3))
hidden = layers.TimeDistributed(layers.Dense(4, lora_rank=1))(inputs)
frozen = layers.Dense(2, lora_rank=2, trainable=False)(hidden)
functional = keras.Model(inputs, frozen)
"""
MODELS = ["dense", "embedded", "conv", "functional"]


def test_lora_weights_are_counted_as_keras_counts_them() -> None:
    expected = reference.run(LORA, [ModelRef("var", name, name) for name in MODELS])
    assert [model["name"] for model in expected] == MODELS
    assert all(model["non_trainable_params"] > 0 for model in expected)  # every model has a frozen kernel
    assert differences(expected, analyse_source(LORA, "lora.py").to_json()["models"], lines=True) == []
