"""Custom layers (``keras.layers.Layer`` subclasses) and subclassed models (``keras.Model``
subclasses), compared row by row with real Keras: names, types, output shapes, parameter counts,
the lines that constructed each layer, the order of ``model.layers``, and the totals.

What cannot be followed exactly (a ``call`` branching on something unknown, sublayers made under
an unknown condition, ``self`` handed to code we do not see) is unknown, never guessed.
"""
from __future__ import annotations

from typing import Any, Dict, List

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from tests.keras_diff import reference
from tests.keras_diff.compare import differences, wrong_counts
from tests.realcode.placeholders import zero_placeholders


def keras_models(source: str) -> List[Dict[str, Any]]:
    with zero_placeholders():
        return reference.module_models(source)


def lint_models(source: str) -> List[Dict[str, Any]]:
    models: List[Dict[str, Any]] = analyse_source(source, "custom.py").to_json()["models"]
    return models


def by_name(source: str) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in lint_models(source)}


CUSTOM_LAYERS = '''import keras
from keras import layers


class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        self.early = layers.Dense(2)  # made before Keras's __init__: takes its name first
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.stack = [layers.Dense(3), layers.Dense(4)]
        self.unused = layers.Dense(7)

    def build(self, input_shape):
        self.frozen = self.add_weight(shape=(input_shape[-1], 5), trainable=False)

    def call(self, x):
        return self.stack[1](self.dense(x))


class Scale(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.offset = self.add_variable((input_shape[-1],), "zeros", None, False)

    def call(self, x):
        return x * self.scale + self.offset

    def compute_output_shape(self, input_shape):
        return input_shape


class Pair(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.parts = {"left": layers.Dense(units), "right": layers.Dense(units + 1)}

    def call(self, a, b):
        return self.parts["left"](a), self.parts["right"](b)


class Wide(Block):
    pass


inputs = keras.Input((6,))
hidden = Block(3)(inputs)
wide = Wide(2, name="wide_block", trainable=False)(inputs)
functional = keras.Model(inputs, [layers.Dense(1)(hidden), wide])

sequential = keras.Sequential([keras.Input((5, 3)), Scale(name="scaled"), layers.LSTM(4), Scale()])

left = keras.Input((3,))
right = keras.Input((7,))
first, second = Pair(4)(left, right)
pair = keras.Model([left, right], layers.Concatenate()([first, second]))
'''


def test_custom_layers_are_rows_with_their_own_and_their_sublayers_weights() -> None:
    expected = keras_models(CUSTOM_LAYERS)
    assert [model["name"] for model in expected] == ["functional", "sequential", "pair"]
    assert expected[0]["non_trainable_params"] > 0  # the frozen weight and the frozen Wide
    assert differences(expected, lint_models(CUSTOM_LAYERS), lines=True) == []


SUBCLASSED = '''import keras
import numpy as np
from keras import layers


class Classifier(keras.Model):
    def __init__(self, classes, **kwargs):
        super().__init__(**kwargs)
        self.blocks = []
        self.head = layers.Dense(classes)  # tracked before the blocks appended below
        for width in (16, 8):
            self.blocks.append(layers.Dense(width, activation="relu"))
        self.norms = {"first": layers.LayerNormalization(), "last": layers.BatchNormalization()}

    def call(self, inputs, training=False):
        x = self.norms["first"](inputs)
        for block in self.blocks:
            x = block(x)
        x = self.norms["last"](x, training=training)
        return self.head(x)


symbolic = Classifier(3)
symbolic(keras.Input((10,)))

eager = Classifier(4, name="eager_net")
eager(np.zeros((2, 6)))

predicted = Classifier(2)
predicted.predict(np.zeros((8, 5)), verbose=0)


class Trainer(keras.Model):
    def train_step(self, data):
        return super().train_step(data)


trainer_inputs = keras.Input((4,))
trainer_outputs = layers.Dense(2)(layers.Dense(3)(trainer_inputs))
trainer = Trainer(trainer_inputs, trainer_outputs)


class Encoder(keras.Model):
    def __init__(self):
        inputs = keras.Input((5,))
        outputs = layers.Dense(3)(inputs)
        super().__init__(inputs=inputs, outputs=outputs)


encoder = Encoder()
'''


def test_subclassed_models_once_built_list_their_tracked_layers_in_keras_order() -> None:
    expected = keras_models(SUBCLASSED)
    assert [model["name"] for model in expected] == ["symbolic", "eager", "predicted", "trainer", "encoder"]
    assert differences(expected, lint_models(SUBCLASSED), lines=True) == []


PUBLISHED_SHAPES = '''import keras
from keras import layers, ops


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attention = self.dropout1(self.att(inputs, inputs), training=training)
        normed = self.layernorm1(inputs + attention)
        return self.layernorm2(normed + self.dropout2(self.ffn(normed), training=training))


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = self.pos_emb(ops.arange(start=0, stop=ops.shape(x)[-1], step=1))
        return self.token_emb(x) + positions


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)
        self.sequence_length = sequence_length

    def call(self, inputs):
        positions = ops.arange(0, ops.shape(inputs)[-1], 1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)


maxlen = 40
inputs = layers.Input(shape=(maxlen,), dtype="int32")
x = TokenAndPositionEmbedding(maxlen, 500, 16)(inputs)
x = TransformerBlock(16, 2, 16)(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
classifier = keras.Model(inputs=inputs, outputs=outputs)

tokens = keras.Input(shape=(20,), dtype="int64")
embedded = PositionalEmbedding(20, 300, 8, name="positions")(tokens)
translator = keras.Model(tokens, TransformerBlock(8, 2, 4)(embedded))
'''


def test_transformer_block_and_position_embeddings_as_keras_prints_them() -> None:
    expected = keras_models(PUBLISHED_SHAPES)
    assert [model["name"] for model in expected] == ["classifier", "translator"]
    assert differences(expected, lint_models(PUBLISHED_SHAPES), lines=True) == []


SAMPLING = '''import keras
from keras import layers


class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = keras.ops.shape(z_mean)[0]
        dim = keras.ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim))
        return z_mean + keras.ops.exp(0.5 * z_log_var) * epsilon


encoder_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
x = layers.Dense(16, activation="relu")(layers.Flatten()(x))
z_mean = layers.Dense(2, name="z_mean")(x)
z_log_var = layers.Dense(2, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")
'''


def test_sampling_layer_of_a_vae_has_its_row_and_the_shape_keras_traces() -> None:
    # The noise's shape is read from the tensor's batch dimension inside the traced call: a number
    # that differs between Keras's traces, so None in the output.
    expected = keras_models(SAMPLING)
    assert expected[0]["layers"][-1]["output_shape"] == [None, 2]
    assert differences(expected, lint_models(SAMPLING), lines=True) == []


def test_a_subclassed_model_never_built_is_printed_as_keras_prints_it() -> None:
    # Keras 3 makes an Embedding's weights only when it is built, though their size depends on no
    # input: summary() prints ``0 (unbuilt)`` for both layers, and Total 0.
    source = '''import keras
from keras import layers


class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(100, 8)
        self.out = layers.Dense(3)

    def call(self, tokens):
        return self.out(self.embed(tokens))


tagger = Tagger()
'''
    expected = reference.printed_models(source)["tagger"]
    model = by_name(source)["tagger"]
    assert [layer["type"] for layer in model["layers"]] == ["Embedding", "Dense"]
    assert [layer["params"] for layer in model["layers"]] == [row["params"] for row in expected["layers"]]
    assert [layer.get("unbuilt") for layer in model["layers"]] == [True, True]
    assert model["total_params"] == expected["total_params"] and model["unbuilt"] is True


def test_a_subclassed_model_something_may_build_is_not_said_unbuilt() -> None:
    # Handed to code the file does not show, or loaded into (Keras may build it there): whether
    # its layers are built is not known, so no row says ``0 (unbuilt)``.
    base = '''import keras
from keras import layers
from helpers import train


class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(100, 8)

    def call(self, tokens):
        return self.embed(tokens)


tagger = Tagger()
'''
    for tail in ("train(tagger)\n", "tagger.load_weights('tagger.weights.h5')\n"):
        model = by_name(base + tail)["tagger"]
        assert "unbuilt" not in model and all("unbuilt" not in row for row in model["layers"]), tail
        assert model["total_params"] != 0, tail


def test_what_depends_on_an_unknown_is_unknown() -> None:
    source = '''import sys
import keras
from keras import layers

wide = len(sys.argv) > 1


class Maybe(layers.Layer):
    def __init__(self):
        super().__init__()
        if wide:
            self.extra = layers.Dense(4)
        self.dense = layers.Dense(2)

    def call(self, x):
        return self.dense(x)


class Branchy(layers.Layer):
    def __init__(self):
        super().__init__()
        self.small = layers.Dense(2)
        self.large = layers.Dense(8)

    def call(self, x):
        if wide:
            return self.large(x)
        return self.small(x)


class Handed(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(2)
        sys.modules["registry"].register(self)

    def call(self, x):
        return self.dense(x)


class Sized(layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], int(sys.argv[1])))

    def call(self, x):
        return x


inputs = keras.Input((5,))
model = keras.Model(inputs, [Maybe()(inputs), Branchy()(inputs), Handed()(inputs), Sized()(inputs)])
'''
    model = by_name(source)["model"]
    rows = {layer["type"]: layer for layer in model["layers"]}
    assert rows["Maybe"]["params"] is None  # which layers it tracks is not known
    assert rows["Maybe"]["output_shape"] == [None, 2]
    assert rows["Branchy"]["params"] is None and rows["Branchy"]["output_shape"] is None
    assert rows["Handed"]["params"] is None
    assert rows["Sized"]["params"] is None and rows["Sized"]["output_shape"] == [None, 5]
    assert model["total_params"] is None


def test_sublayers_tracked_on_some_paths_only_make_the_model_rows_unknown() -> None:
    source = '''import sys
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        if len(sys.argv) > 1:
            self.extra = layers.Dense(4)
        self.out = layers.Dense(2)

    def call(self, x):
        return self.out(x)


net = Net()
net(keras.Input((3,)))
'''
    model = by_name(source)["net"]
    assert [layer["type"] for layer in model["layers"]] == [None]
    assert model["total_params"] is None


KERAS_CLASS_SUBCLASSES = '''import keras
from keras import layers


class MyDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.note = "wide"


class Plain(layers.LSTM):
    pass


inputs = keras.Input((5, 3))
x = Plain(4, return_sequences=True)(inputs)
x = MyDense(6, use_bias=False)(x)
x = MyDense(2, name="last", trainable=False)(x)
model = keras.Model(inputs, x)
'''


def test_subclasses_of_a_keras_layer_class_build_as_that_class_under_their_own_name() -> None:
    expected = keras_models(KERAS_CLASS_SUBCLASSES)
    assert [layer["type"] for layer in expected[0]["layers"]] == ["InputLayer", "Plain", "MyDense", "MyDense"]
    assert differences(expected, lint_models(KERAS_CLASS_SUBCLASSES), lines=True) == []


def test_a_subclass_changing_what_the_keras_class_builds_from_is_unknown() -> None:
    source = '''import keras
from keras import layers


class Twice(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.units = 2 * units


inputs = keras.Input((4,))
model = keras.Model(inputs, Twice(3)(inputs))
'''
    row = by_name(source)["model"]["layers"][1]
    assert (row["name"], row["type"], row["output_shape"], row["params"]) == ("twice", "Twice", None, None)


SUBCLASS_DIAGNOSTICS = '''import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(64, activation="relu", recurrent_dropout=2.0, return_sequence=True)

    def call(self, x):
        return self.lstm(x)


def build():
    return layers.LSTM(64, activation="relu", recurrent_dropout=2.0, return_sequence=True)
'''


def test_layers_made_in_a_subclass_init_get_the_diagnostics_a_function_gets() -> None:
    diagnostics = lint_source(SUBCLASS_DIAGNOSTICS, "net.py", Settings())
    by_line: Dict[int, List[str]] = {}
    for diagnostic in diagnostics:
        by_line.setdefault(diagnostic.line, []).append(diagnostic.code)
    assert sorted(by_line[8]) == sorted(by_line[15]) == ["LL103", "LL301", "LL306"]


def test_what_a_traced_call_changes_is_unknown_after_it() -> None:
    # Keras traces ``call`` a number of times of its own choosing: a list it appends to, or a
    # counter it increments on ``self``, has no value the same in every Keras version and run.
    source = '''import keras
from keras import layers

SEEN = []


class Count(layers.Layer):
    def __init__(self):
        super().__init__()
        self.calls = 0
        self.dense = layers.Dense(2)

    def call(self, x):
        SEEN.append(1)
        self.calls += 1
        return self.dense(x)


inputs = keras.Input((3,))
counted = Count()
hidden = layers.Dense(len(SEEN))(counted(inputs))
model = keras.Model(inputs, layers.Dense(counted.calls)(hidden))
'''
    model = by_name(source)["model"]
    assert [layer["params"] for layer in model["layers"]] == [0, 8, None, None]


SUBLAYER_BUILDS = '''import keras
from keras import layers


class Proj(layers.Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw); self.units = units; self.d = layers.Dense(units)
    def build(self, input_shape):
        self.d.build(input_shape)
    def call(self, x): return self.d(x)
    def compute_output_shape(self, s): return (s[0], self.units)


class FixedProj(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.d = layers.Dense(units)

    def build(self, input_shape):
        super().build(input_shape)
        self.d.build((None, 36))

    def call(self, x):
        return self.d(x)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)


class NormedProj(Proj):
    def __init__(self, units):
        super().__init__(units)
        self.norm = layers.LayerNormalization()

    def build(self, input_shape):
        self.d.build(input_shape)
        self.norm.build((None, self.units))

    def call(self, x):
        return self.norm(self.d(x))


inp = keras.Input((36,))
model = keras.Model(inp, Proj(5)(inp))
fixed = keras.Model(inp, FixedProj(5)(inp))
normed = keras.Model(inp, NormedProj(5)(inp))
'''


def test_sublayers_built_by_a_build_of_its_own_count_with_compute_output_shape() -> None:
    # With both build and compute_output_shape of its own, Keras never runs call: only what the
    # build builds has weights.
    expected = keras_models(SUBLAYER_BUILDS)
    assert [model["total_params"] for model in expected][:2] == [185, 185]
    assert differences(expected, lint_models(SUBLAYER_BUILDS), lines=True) == []


BUILT_BY_MODEL_BUILD = '''import keras
from keras import layers


class Built(keras.Model):
    def __init__(self):
        super().__init__(name="m")
        self.d1 = layers.Dense(16)
        self.d2 = layers.Dense(2)

    def build(self, input_shape):
        self.d1.build(input_shape)
        self.d2.build((input_shape[0], 16))
        super().build(input_shape)

    def call(self, x):
        return self.d2(self.d1(x))


class Rec(keras.Model):
    def __init__(self):
        super().__init__(name="rec")
        self.emb = layers.Embedding(100, 8)
        self.pool = layers.GlobalAveragePooling1D()
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.pool(self.emb(x)))


class Partly(keras.Model):
    def __init__(self):
        super().__init__()
        self.emb = layers.Embedding(100, 8)
        self.out = layers.Dense(1)

    def build(self, input_shape):
        self.out.build((None, 8))


built = Built()
built.build((None, 8))
rec = Rec()
rec.build((None, 20))
partly = Partly()
partly.build((None, 20))
'''


def test_model_build_builds_what_the_models_own_build_builds_and_nothing_else() -> None:
    # Without a build of its own, Keras's model.build marks the model built and builds no layer:
    # rows print ``0 (unbuilt)`` and the totals count no weights, an Embedding's included.
    expected = reference.printed_models(BUILT_BY_MODEL_BUILD)
    assert [expected[name]["total_params"] for name in ("built", "rec", "partly")] == [178, 0, 9]
    ours = by_name(BUILT_BY_MODEL_BUILD)
    assert {name: wrong_counts(expected[name], ours[name]) for name in expected} == {
        "built": [], "rec": [], "partly": []}
    assert ours["built"]["total_params"] == 178
    assert [layer["params"] for layer in ours["built"]["layers"]] == [144, 34]
    assert [layer["params"] for layer in ours["rec"]["layers"]][1:] == [0, 0]
