"""A subclassed model whose ``call`` takes several inputs, built by a call on several arrays
(``net(query_array, values_array)``): Keras's ``Layer.__call__`` converts each array to a tensor
and runs ``call`` on all of them, so every row that depends only on their shapes is the same in
every run. Compared row by row with real Keras (numpy backend)."""
from __future__ import annotations

import pytest

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

_HEADER = '''import numpy as np
import keras
from keras import layers, ops
'''

# The second input alone feeds the layers: with only the first array followed, all of them are `?`.
SECOND_INPUT_FEEDS_THE_LAYERS = _HEADER + '''

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(10)
        self.out = layers.Dense(2)

    def call(self, query, values):
        return self.out(self.hidden(values))


net = Net()
net(np.zeros((8, 32), dtype="float32"), np.zeros((8, 15, 32), dtype="float32"))
'''

# A custom layer of two inputs inside the model (Keras prints `?` for its output shape).
TWO_INPUT_LAYER = _HEADER + '''

class Pair(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.project = layers.Dense(units)

    def call(self, query, values):
        return self.project(values)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.pair = Pair(10)
        self.out = layers.Dense(2)

    def call(self, query, values):
        return self.out(self.pair(query, values))


net = Net()
net(np.zeros((8, 32), dtype="float32"), np.zeros((8, 15, 32), dtype="float32"))
'''

# Additive attention over both inputs, the second given by keyword, a third input left at its default.
ATTENTION_BY_KEYWORD = _HEADER + '''

class Attention(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.w1 = layers.Dense(units)
        self.w2 = layers.Dense(units)
        self.v = layers.Dense(1)

    def call(self, query, values):
        score = self.v(ops.tanh(self.w1(ops.expand_dims(query, 1)) + self.w2(values)))
        weights = ops.softmax(score, axis=1)
        return ops.sum(weights * values, axis=1), weights


class Decoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.embedding = layers.Embedding(120, 16)
        self.gru = layers.GRU(32, return_sequences=True, return_state=True)
        self.attention = Attention(32)
        self.fc = layers.Dense(120)

    def call(self, tokens, hidden, encoded=None, training=False):
        context, weights = self.attention(hidden, encoded)
        x = ops.concatenate([ops.expand_dims(context, 1), self.embedding(tokens)], axis=-1)
        output, state = self.gru(x)
        return self.fc(ops.reshape(output, (-1, output.shape[2]))), state, weights


decoder = Decoder()
decoder(np.zeros((8, 1)), np.zeros((8, 32), dtype="float32"), encoded=np.zeros((8, 15, 32), dtype="float32"))
'''

# One argument, a list of two id arrays that ``call`` unpacks (recommender towers): Layer.__call__
# converts each array of the list, and ``call`` gets a list of tensors.
LIST_OF_TWO_ARRAYS = _HEADER + '''
from keras.regularizers import l2


class Net(keras.Model):
    def __init__(self, reg=0.0):
        super().__init__()
        self.users = layers.Embedding(100, 8, embeddings_regularizer=l2(reg))
        self.items = layers.Embedding(50, 8, embeddings_regularizer=l2(reg))
        self.tower = [layers.Dense(units, activation="relu") for units in (16, 4)]
        self.out = layers.Dense(1)

    def call(self, inputs):
        user_id, item_id = inputs
        x = layers.concatenate([self.users(user_id), self.items(item_id)])
        for layer in self.tower:
            x = layer(x)
        return self.out(x)


net = Net()
net([np.zeros((16,), dtype="int32"), np.zeros((16,), dtype="int32")])
'''

# The same with a tuple, indexed rather than unpacked, and a nested pair.
TUPLE_OF_ARRAYS = _HEADER + '''

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.first = layers.Dense(3)
        self.second = layers.Dense(2)

    def call(self, inputs):
        (a, b), c = inputs
        return ops.concatenate([self.first(a), self.second(b), c], axis=-1)


net = Net()
net(((np.zeros((4, 6), dtype="float32"), np.zeros((4, 5), dtype="float32")), np.zeros((4, 7), dtype="float32")))
'''

PROGRAMS = {"second_input_feeds_the_layers": SECOND_INPUT_FEEDS_THE_LAYERS, "two_input_layer": TWO_INPUT_LAYER,
            "attention_by_keyword": ATTENTION_BY_KEYWORD, "list_of_two_arrays": LIST_OF_TWO_ARRAYS,
            "tuple_of_arrays": TUPLE_OF_ARRAYS}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_model_built_on_several_arrays_is_kerass(name: str) -> None:
    source = PROGRAMS[name]
    linted = lint_models(source)
    assert differences(keras_models(source), linted, lines=False) == []
    assert linted[0]["total_params"] is not None


UNKNOWN_SECOND_INPUT = _HEADER + '''
import sys


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.first = layers.Dense(3)
        self.second = layers.Dense(2)

    def call(self, query, values):
        return self.first(query), self.second(values)


net = Net()
net(np.zeros((8, 4), dtype="float32"), np.zeros((8, int(sys.argv[1])), dtype="float32"))
'''


def test_only_what_an_unknown_array_feeds_is_unknown() -> None:
    """The second array's width differs between runs: the layer it feeds has no known count, the
    layer on the first array is Keras's (run with one such width)."""
    rows = lint_models(UNKNOWN_SECOND_INPUT)[0]["layers"]
    keras_rows = keras_models(UNKNOWN_SECOND_INPUT.replace("int(sys.argv[1])", "5"))[0]["layers"]
    assert [(row["name"], row["output_shape"], row["params"]) for row in rows[:1]] == [
        (row["name"], row["output_shape"], row["params"]) for row in keras_rows[:1]]
    assert rows[0]["params"] is not None
    assert (rows[1]["name"], rows[1]["params"]) == (keras_rows[1]["name"], None)


UNKNOWN_ARRAY_IN_THE_LIST = LIST_OF_TWO_ARRAYS.replace(
    'np.zeros((16,), dtype="int32")])', 'np.zeros((int(sys.argv[1]),), dtype="int32")])').replace(
    "import numpy as np", "import sys\nimport numpy as np")


def test_only_what_an_unknown_array_of_the_list_feeds_is_unknown() -> None:
    """The second array's length differs between runs: the row on the first array is Keras's, the
    row on the second has an unknown length and Keras's width."""
    assert UNKNOWN_ARRAY_IN_THE_LIST != LIST_OF_TWO_ARRAYS
    rows = lint_models(UNKNOWN_ARRAY_IN_THE_LIST)[0]["layers"]
    keras_rows = keras_models(UNKNOWN_ARRAY_IN_THE_LIST.replace("int(sys.argv[1])", "16"))[0]["layers"]
    assert (rows[0]["name"], rows[0]["output_shape"], rows[0]["params"]) == (
        keras_rows[0]["name"], keras_rows[0]["output_shape"], keras_rows[0]["params"])
    assert rows[0]["params"] is not None
    assert (rows[1]["name"], rows[1]["output_shape"], rows[1]["params"]) == (
        keras_rows[1]["name"], ["?"] + keras_rows[1]["output_shape"][1:], keras_rows[1]["params"])
