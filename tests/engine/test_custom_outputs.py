"""Custom layers returning several tensors, holding sublayers made by comprehensions, and
chaining ``keras.ops`` in their ``call``, compared row by row with real Keras (names, types,
output shapes, parameter counts, totals)."""
from __future__ import annotations

from tests.engine.test_custom_layers import by_name, keras_models, lint_models
from tests.keras_diff.compare import differences

SEVERAL_OUTPUTS = '''import keras
from keras import layers


class Pair(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.a = layers.Dense(units)
        self.b = layers.Dense(units)

    def call(self, x):
        return self.a(x), self.b(x)


class Shaped(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.a = layers.Dense(units)
        self.b = layers.Dense(units + 1)

    def build(self, input_shape):
        self.a.build(input_shape)
        self.b.build(input_shape)

    def call(self, x):
        return self.a(x), self.b(x)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units), (input_shape[0], self.units + 1)


class Encoder(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.lstm = layers.LSTM(units, return_state=True)

    def call(self, x):
        out, h, c = self.lstm(x)
        return out, [h, c]


class Heads(layers.Layer):
    def __init__(self, sizes):
        super().__init__()
        self.heads = [layers.Dense(size) for size in sizes]

    def call(self, x):
        outputs = []
        for head in self.heads:
            outputs.append(head(x))
        return outputs


inputs = keras.Input((7,))
hidden = layers.Dense(5)(inputs)
p, q = Pair(4)(hidden)
pair = keras.Model(inputs, layers.Add()([p, q]))
s1, s2 = Shaped(3)(hidden)
shaped = keras.Model(inputs, [layers.Dense(1)(s1), s2])
small, large = Heads([2, 6])(hidden)
heads = keras.Model(inputs, layers.Concatenate()([small, large]))

sequence = keras.Input((4, 2))
output, states = Encoder(3)(sequence)
encoder = keras.Model(sequence, [output] + states)
'''


def test_tuples_lists_and_nested_outputs_are_rows_of_several_shapes() -> None:
    expected = keras_models(SEVERAL_OUTPUTS)
    assert expected[1]["layers"][2]["output_shape"] == [[None, 3], [None, 4]]
    assert expected[3]["layers"][1]["output_shape"] == [[None, 3], [None, 3], [None, 3]]
    assert differences(expected, lint_models(SEVERAL_OUTPUTS), lines=True) == []


def test_unpacking_an_output_that_cannot_be_followed_keeps_the_layers_before_it() -> None:
    source = '''import sys
import keras
from keras import layers


class Either(layers.Layer):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(2)
        self.b = layers.Dense(3)

    def call(self, x):
        if len(sys.argv) > 1:
            return self.a(x)
        return self.a(x), self.b(x)


inputs = keras.Input((7,))
hidden = layers.Dense(5)(inputs)
first, second = Either()(hidden)
model = keras.Model(inputs, [layers.Dense(1)(first), second])
'''
    rows = by_name(source)["model"]["layers"]
    assert [(row["type"], row["params"]) for row in rows] == [
        ("InputLayer", 0), ("Dense", 40), ("Either", None), ("Dense", None)]
    assert rows[2]["output_shape"] is None


COMPREHENSIONS = '''import keras
from keras import layers


class Net(keras.Model):
    def __init__(self, depth, **kwargs):
        super().__init__(**kwargs)
        # Keras tracks a dict's layers in insertion order, not sorted by key.
        self.heads = {name: layers.Dense(i + 2, name=name) for i, name in enumerate(["zeta", "alpha", "mid"])}
        self.blocks = {f"block_{i}": layers.Dense(8 + i, name=f"block_{i:02d}") for i in range(3)}
        self.stack = [layers.Dense(4) for _ in range(depth)]

    def call(self, x):
        for key in self.blocks:
            x = self.blocks[key](x)
        for block in self.stack:
            x = block(x)
        return [head(x) for head in self.heads.values()]


class Blocks(layers.Layer):
    def __init__(self, depth, **kwargs):
        super().__init__(**kwargs)
        self.blocks = {f"d{i}": layers.Dense(8 + i) for i in range(3)}
        self.stack = [layers.Dense(4) for _ in range(depth)]

    def call(self, x):
        for key in self.blocks:
            x = self.blocks[key](x)
        for block in self.stack:
            x = block(x)
        return x


class Values(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.blocks = {name: layers.Dense(3) for name in ("z", "a", "m")}

    def call(self, x):
        for block in self.blocks.values():
            x = block(x)
        return x


net = Net(2)
net(keras.Input((6,)))
inputs = keras.Input((6,))
blocks = keras.Model(inputs, Values()(Blocks(2)(inputs)))
'''


def test_sublayers_made_in_comprehensions_are_tracked_in_keras_order() -> None:
    expected = keras_models(COMPREHENSIONS)
    assert [layer["name"] for layer in expected[0]["layers"]][:4] == ["zeta", "alpha", "mid", "block_00"]
    assert differences(expected, lint_models(COMPREHENSIONS), lines=True) == []


def test_a_dict_comprehension_over_unknown_keys_or_names_is_unknown() -> None:
    source = '''import sys
import keras
from keras import layers

FLAG = len(sys.argv) > 1


class Keyed(layers.Layer):
    def __init__(self):
        super().__init__()
        self.blocks = {sys.argv[i]: layers.Dense(3) for i in range(2)}

    def call(self, x):
        return self.blocks[sys.argv[0]](x)


inputs = keras.Input((6,))
model = keras.Model(inputs, layers.Dense(2, name=f"out_{FLAG}")(Keyed()(inputs)))
'''
    rows = by_name(source)["model"]["layers"]
    assert rows[1]["params"] is None and rows[1]["output_shape"] is None
    assert rows[2]["name"] is None


OPS = '''import keras
from keras import layers, ops


class Chain(layers.Layer):
    def call(self, x):
        return keras.ops.squeeze(keras.ops.transpose(keras.ops.expand_dims(x, -1), (0, 3, 1, 2)), 1)


class Heads(layers.Layer):
    def __init__(self, heads, size, **kwargs):
        super().__init__(**kwargs)
        self.heads = heads
        self.size = size
        self.proj = layers.Dense(heads * size)

    def call(self, x):
        y = ops.reshape(self.proj(x), (-1, 5, self.heads, self.size))
        y = ops.transpose(y, (0, 2, 1, 3))
        pooled = ops.mean(y, axis=2)
        return ops.reshape(pooled, (-1, self.heads * self.size))


class Parts(layers.Layer):
    def call(self, x):
        first = x[:, 0, :]
        last = x[:, -1]
        left, right = ops.split(x, 2, axis=-1)
        a, b, c = ops.split(x, [1, 3], axis=1)
        both = ops.concatenate([first, last], axis=-1)
        stacked = ops.stack([first, last], axis=1)
        steps = ops.unstack(x, axis=1)
        return both, stacked, left, right, a, b, c, steps[0], ops.stack(steps, axis=-1)


sequence = keras.Input((5, 4))
chain = keras.Model(sequence, Chain()(sequence))
heads = keras.Model(sequence, Heads(2, 3)(sequence))
parts = keras.Model(sequence, list(Parts()(sequence)))

left, right = ops.split(sequence, 2, axis=-1)
joined = ops.concatenate([ops.mean(left, axis=1), right[:, 0, :]], axis=-1)
functional = keras.Model(sequence, layers.Dense(3)(joined))
'''


def test_chained_ops_in_call_give_the_shapes_keras_traces() -> None:
    expected = keras_models(OPS)
    assert len(expected[2]["layers"][1]["output_shape"]) == 9
    assert differences(expected, lint_models(OPS), lines=True) == []
