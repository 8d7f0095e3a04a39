"""Subclasses of Keras layer classes whose own ``call`` forwards to ``super().call(...)``, called
on several named tensors (``MultiHeadAttention(query, value, key=...)``), compared with real Keras.

In a functional model Keras never runs such a ``call``: ``Layer.__call__`` builds the class with
the shapes of the tensors the subclass's ``call`` binds to the names the class's ``build`` takes
(``query_shape``, ``value_shape``, ``key_shape``), then hands the call's arguments as given to the
class's own ``compute_output_spec``.
"""
from __future__ import annotations

import pytest

from tests.engine.test_custom_layers import by_name, keras_models, lint_models
from tests.keras_diff.compare import differences

MHA_SUBCLASSES = '''import keras
from keras import layers, ops


class ForwardingAttention(layers.MultiHeadAttention):
    def call(self, query, value, key=None, attention_mask=None, return_attention_scores=False, training=None):
        return super().call(query, value, key=key, attention_mask=attention_mask,
                            return_attention_scores=return_attention_scores, training=training)


class ReshapedMaskAttention(layers.MultiHeadAttention):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, query, value, key=None, attention_mask=None, return_attention_scores=False, training=None,
             **kwargs):
        if attention_mask is not None:
            batch_size = ops.shape(query)[0]
            seq_length = ops.shape(query)[1]
            attention_mask = ops.reshape(attention_mask, (batch_size, 1, 1, seq_length))
        return super().call(query, value, key=key, attention_mask=attention_mask,
                            return_attention_scores=return_attention_scores, training=training)


class GroupedForwarding(layers.GroupQueryAttention):
    def call(self, query, value, key=None, training=None):
        return super().call(query, value, key=key, training=training)


inputs = keras.Input(shape=(30, 32))
x = ForwardingAttention(num_heads=4, key_dim=8)(inputs, inputs)
model = keras.Model(inputs, layers.Dense(2)(x))

tokens = keras.Input(shape=(30,))
x = layers.Embedding(40, 32)(tokens)
x = ReshapedMaskAttention(num_heads=4, key_dim=8)(x, x)
x = layers.LayerNormalization()(x)
x = layers.GlobalAveragePooling1D()(x)
published = keras.Model(tokens, layers.Dense(40, activation="softmax")(x))

query = keras.Input(shape=(6, 5))
value = keras.Input(shape=(9, 7))
key = keras.Input(shape=(9, 3))
attended, scores = ForwardingAttention(num_heads=2, key_dim=4, output_shape=6)(
    query, value, key=key, return_attention_scores=True)
keyed = keras.Model([query, value, key], [layers.Dense(3)(attended), layers.Flatten()(scores)])

masked_tokens = keras.Input(shape=(12,))
x = layers.Embedding(50, 16, mask_zero=True)(masked_tokens)
x = ReshapedMaskAttention(num_heads=2, key_dim=4, value_dim=5)(x, x, training=False)
x = GroupedForwarding(head_dim=4, num_query_heads=4, num_key_value_heads=2)(x, x)
masked = keras.Model(masked_tokens, layers.LSTM(3)(x))
'''


def test_attention_subclasses_forwarding_to_super_call_count_as_keras_does() -> None:
    expected = keras_models(MHA_SUBCLASSES)
    assert [model["total_params"] for model in expected][:2] == [4290, 6888]
    assert differences(expected, lint_models(MHA_SUBCLASSES), lines=True) == []


WITHOUT_KEY = '''import keras
from keras import layers


class MyMHA(layers.MultiHeadAttention):
    def call(self, query, value, **kwargs):
        return super().call(query, value)


inputs = keras.Input(shape=(30, 32))
x = MyMHA(num_heads=4, key_dim=8)(inputs, inputs)
model = keras.Model(inputs, layers.Dense(2)(x))
'''


def test_an_attention_subclass_whose_call_has_no_key_parameter_is_unknown() -> None:
    # MultiHeadAttention's build takes ``key_shape``: Keras raises unless the call has ``key``.
    with pytest.raises(ValueError, match="does not have argument `key`"):
        keras_models(WITHOUT_KEY)
    row = by_name(WITHOUT_KEY)["model"]["layers"][1]
    assert (row["name"], row["output_shape"], row["params"]) == ("my_mha", None, None)


TRACED_SUBCLASS_CALLS = '''import numpy as np
import keras
from keras import layers, ops


class NoisyDense(layers.Dense):
    def __init__(self, units):
        super().__init__(units)
        self.noise = layers.GaussianNoise(0.1)

    def call(self, x):
        return self.noise(super().call(x))[:, :2]


class Doubled(layers.Dense):
    def call(self, x):
        return x * 2  # Keras builds Dense's weights all the same


class Twice(layers.Dense):
    def call(self, x):
        return super().call(x) + super().call(x)


class Net(keras.Model):
    def __init__(self, first=None):
        super().__init__()
        self.a = NoisyDense(4) if first is None else first
        self.b = layers.Dense(3)

    def call(self, x):
        return self.b(self.a(x))


class Widened(layers.Dense):
    def call(self, inputs):
        return ops.concatenate([super().call(inputs), inputs], axis=-1)


class ForwardingAttention(layers.MultiHeadAttention):
    def call(self, query, value, key=None, attention_mask=None, return_attention_scores=False, training=None):
        return super().call(query, value, key=key, attention_mask=attention_mask,
                            return_attention_scores=return_attention_scores, training=training)


class SequenceLSTM(layers.LSTM):
    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widened = Widened(5)
        self.attention = ForwardingAttention(num_heads=2, key_dim=4)
        self.recurrent = SequenceLSTM(6, return_sequences=True)

    def call(self, x):
        x = self.widened(x)
        return self.recurrent(self.attention(x, x))


on_array = Net()
on_array(np.zeros((2, 8)))
on_input = Net()
on_input(keras.Input((8,)))
doubled = Net(Doubled(5))
doubled(np.zeros((2, 8)))
twice = Net(Twice(5))
twice(np.zeros((2, 8)))

inputs = keras.Input((7, 3))
functional = keras.Model(inputs, layers.Dense(2)(Block()(inputs)))
'''


def test_a_keras_class_subclass_in_a_traced_call_runs_its_own_call() -> None:
    """Inside a traced ``call`` (a subclassed model's, a custom layer's) layers run on the backend's
    tensors: Keras runs the subclass's own ``call`` (which keeps 2 of Dense's 4 units, or widens
    them), not the class's shape method, so the next layers are built on what it returns."""
    expected = keras_models(TRACED_SUBCLASS_CALLS)
    assert [model["total_params"] for model in expected][:2] == [45, 45]
    assert differences(expected, lint_models(TRACED_SUBCLASS_CALLS), lines=True) == []


OTHER_SHAPE = '''import numpy as np
import keras
from keras import layers


class Halved(layers.Dense):
    def call(self, x):
        return super().call(x[:, :4])


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = Halved(5)
        self.b = layers.Dense(3)

    def call(self, x):
        return self.b(self.a(x))


model = Net()
model(np.zeros((2, 8)))
'''


def test_super_call_on_another_shape_than_the_class_was_built_on_is_unknown() -> None:
    # Dense was built on 8 features; its call on 4 raises.
    with pytest.raises(ValueError):
        keras_models(OTHER_SHAPE)
    rows = by_name(OTHER_SHAPE)["model"]["layers"]
    assert [(row["name"], row["params"]) for row in rows] == [("halved", 45), ("dense", None)]


SUBCLASSES_IN_A_MODEL_CALL = '''import numpy as np
import keras
from keras import layers, ops


class ProjectedAttention(layers.MultiHeadAttention):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(8)

    def call(self, query, value, key=None, training=None):
        return self.proj(super().call(query, value, key=key, training=training))


class OwnBuild(layers.Dense):
    def build(self, input_shape):
        super().build(input_shape)
        self.extra = self.add_weight(shape=(3,))

    def call(self, x):
        return ops.concatenate([super().call(x), x], axis=-1)


class Residual(layers.Conv1D):
    def call(self, x):
        return super().call(x) + x


class StateLSTM(layers.LSTM):
    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.att = ProjectedAttention(num_heads=2, key_dim=4)
        self.own = OwnBuild(5)
        self.res = Residual(13, 3, padding="same")
        self.lstm = StateLSTM(4, return_state=True)
        self.out = layers.Dense(2)

    def call(self, x):
        x = self.att(x, x)
        x = self.own(x)
        x = self.res(x)
        out, h, c = self.lstm(x)
        return self.out(out + h)


net = Net()
net(np.zeros((2, 7, 6)))

inputs = keras.Input((7, 6))
own = keras.Model(inputs, OwnBuild(3)(inputs))

tokens = keras.Input((7,))
emb = layers.Embedding(20, 6, mask_zero=True)(tokens)
masked = keras.Model(tokens, layers.LSTM(3)(Residual(6, 1)(emb)))
'''


def test_attention_conv_recurrent_and_own_build_subclasses_in_a_traced_call_count_as_keras_does() -> None:
    """A MultiHeadAttention subclass whose call feeds a Dense of its own (built by that call), a
    Dense subclass with a build of its own that widens its output, a residual Conv1D and an LSTM
    giving its states, all inside a subclassed model's call; then models made after it, whose
    default names the traced ops must leave known."""
    expected = keras_models(SUBCLASSES_IN_A_MODEL_CALL)
    assert all(isinstance(model["total_params"], int) for model in expected)
    assert differences(expected, lint_models(SUBCLASSES_IN_A_MODEL_CALL), lines=True) == []
