"""Sets of known items (``num_classes = len(set(labels))``): their size and their sorted items are
the same in every run, their order is not (``str`` hashes differ between runs), and a set changed
in place, or handed to code that may change it, is unknown. Compared with real Keras (numpy
backend)."""
from __future__ import annotations

from tests.engine.test_custom_layers import keras_models, lint_models
from tests.keras_diff.compare import differences

SIZES_OF_KNOWN_SETS = '''import keras
from keras import layers

labels = ["a", "b", "a", "c"]
num_classes = len(set(labels))
names = sorted(set(labels), reverse=True)
ids = frozenset([1, 2, 2])
merged = {1, True, 1.0}
model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(num_classes),
    layers.Dense(len(names)),
    layers.Dense(len(ids)),
    layers.Dense(len(merged)),
    layers.Dense(len(set()) + 1),
])
'''

CHANGED_SETS = '''import keras
from keras import layers

seen = {"x", "y"}
seen.add("z")
labels = set(["a", "b"])


def grow(values):
    values.add("q")


grow(labels)
model = keras.Sequential([keras.Input((8,)), layers.Dense(len(seen)), layers.Dense(len(labels))])
'''

# In a list, the set's items are in an order that differs between runs: a layer sized by the
# first item's length is unknown, however many items there are.
ORDER_OF_A_SET = '''import keras
from keras import layers

words = list(set(["ab", "abc"]))
model = keras.Sequential([keras.Input((8,)), layers.Dense(len(words[0]))])
'''


def test_sizes_of_known_sets_are_kerass() -> None:
    linted = lint_models(SIZES_OF_KNOWN_SETS)
    assert differences(keras_models(SIZES_OF_KNOWN_SETS), linted, lines=False) == []
    assert linted[0]["total_params"] is not None


def test_a_set_changed_in_place_is_unknown() -> None:
    keras_rows = keras_models(CHANGED_SETS)[0]["layers"]
    rows = lint_models(CHANGED_SETS)[0]["layers"]
    assert [row["params"] for row in keras_rows] == [27, 12]
    assert [row["params"] for row in rows] == [None, None]


def test_the_order_of_a_set_is_unknown() -> None:
    assert lint_models(ORDER_OF_A_SET)[0]["layers"][0]["params"] is None
