"""The programs whose Keras results ``tools/record_lookup_layers.py`` records with TensorFlow
installed, and that ``test_lookup_layers.py`` lints and compares with the recording.

The layers of ``NEEDS_TENSORFLOW`` cannot be constructed without TensorFlow, which is no test
dependency: every example of their entries is written here as a small program, in functional and
(for a layer called on one tensor) Sequential form, with inputs of the dtype the layer is used
with; with the hand-written programs below, in the style of real code, each is one key of the
recording. Nothing here imports Keras: the recorder runs these sources under TensorFlow, the tests
lint them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from lstm_lint.layers import NEEDS_TENSORFLOW, SPECS
from lstm_lint.layers.spec import Example, Source

# The dtype of the inputs each class is used on (it looks strings or integers up); the shapes and
# counts Keras gives do not depend on it, whether the model runs on data does.
INPUT_DTYPES: Dict[str, str] = {
    "StringLookup": "string", "TextVectorization": "string", "IntegerLookup": "int64", "Hashing": "string",
    "HashedCrossing": "string",
}


@dataclass(frozen=True)
class Program:
    key: str
    source: str
    # Batch shapes and dtypes of the inputs, for a run on data (None: not run).
    inputs: Optional[Tuple[Tuple[Tuple[Optional[int], ...], str], ...]] = None
    # Rows (layer names) whose output shape or parameter count lstm-lint must leave unknown: they
    # depend on data (an adapted vocabulary, a vocabulary computed at run time).
    unknown_rows: FrozenSet[str] = field(default_factory=frozenset)
    # The entry's example the program is written from, if any.
    example: Optional[Example] = None


def _literal(value: Any) -> str:
    return str(value) if isinstance(value, Source) else repr(value)


def _arguments(case: Example) -> str:
    return ", ".join(f"{key}={_literal(value)}" for key, value in case.config.items())


def _input(shape: Tuple[Optional[int], ...], dtype: str) -> str:
    return f"keras.Input(batch_shape={shape!r}, dtype={dtype!r})"


HEADER = "import keras\nfrom keras import layers\n"


def input_dtype(name: str, case: Example) -> str:
    """An inverted lookup maps indices back to terms: its inputs are integers."""
    return "int64" if case.config.get("invert") is True else INPUT_DTYPES[name]


def functional_source(name: str, case: Example) -> str:
    spec = SPECS[name]
    dtype = input_dtype(name, case)
    inputs = ", ".join(_input(shape, dtype) for shape in case.inputs)
    call = "layer(inputs)" if spec.takes_list else "layer(inputs[0])"
    return (f"{HEADER}inputs = [{inputs}]\n"
            f"layer = layers.{name}({_arguments(case)})\n"
            f"outputs = {call}\n"
            f"model = keras.Model(inputs, outputs)\n")


def sequential_source(name: str, case: Example) -> str:
    return (f"{HEADER}layer = layers.{name}({_arguments(case)})\n"
            f"model = keras.Sequential([{_input(case.inputs[0], input_dtype(name, case))}, layer])\n")


def example_programs() -> List[Program]:
    programs = []
    for name in NEEDS_TENSORFLOW:
        spec = SPECS[name]
        for index, case in enumerate(spec.examples):
            inputs = tuple((shape, input_dtype(name, case)) for shape in case.inputs)
            programs.append(Program(f"{name}-{index}-functional", functional_source(name, case), inputs,
                                    example=case))
            if not spec.takes_list and len(case.inputs) == 1:
                programs.append(Program(f"{name}-{index}-sequential", sequential_source(name, case), inputs,
                                        example=case))
    return programs


# Programs as real code writes them: adapt() on data, a vocabulary from a list literal or computed
# at run time, the vocabulary's size handed to an Embedding.
REAL_PROGRAMS = (
    Program("text-classifier-sequential", HEADER + """\
texts = ["the cat sat on the mat", "the dog ate my homework", "a cat and a dog"]
vectorize_layer = layers.TextVectorization(max_tokens=20000, output_sequence_length=200)
vectorize_layer.adapt(texts)
model = keras.Sequential([
    keras.Input(shape=(1,), dtype="string"),
    vectorize_layer,
    layers.Embedding(20000, 128),
    layers.Bidirectional(layers.LSTM(64)),
    layers.Dense(1, activation="sigmoid"),
])
"""),
    Program("text-classifier-functional", HEADER + """\
texts = ["the cat sat on the mat", "the dog ate my homework", "a cat and a dog"]
max_features = 20000
sequence_length = 500
vectorize_layer = layers.TextVectorization(
    max_tokens=max_features, output_mode="int", output_sequence_length=sequence_length)
vectorize_layer.adapt(texts)
text_input = keras.Input(shape=(1,), dtype="string", name="text")
x = vectorize_layer(text_input)
x = layers.Embedding(max_features, 128)(x)
x = layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.GlobalMaxPooling1D()(x)
predictions = layers.Dense(1, activation="sigmoid", name="predictions")(x)
model = keras.Model(text_input, predictions)
"""),
    Program("multi-hot-after-adapt", HEADER + """\
texts = ["the cat sat on the mat", "the dog ate my homework", "a cat and a dog"]
vectorizer = layers.TextVectorization(output_mode="multi_hot")
vectorizer.adapt(texts)
inputs = keras.Input(shape=(), dtype="string")
x = vectorizer(inputs)
x = layers.Dense(16, activation="relu")(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
""", unknown_rows=frozenset({"text_vectorization", "dense"})),
    Program("tf-idf-padded-after-adapt", HEADER + """\
texts = ["the cat sat on the mat", "the dog ate my homework", "a cat and a dog"]
vectorizer = layers.TextVectorization(max_tokens=100, output_mode="tf_idf", pad_to_max_tokens=True)
vectorizer.adapt(texts)
inputs = keras.Input(shape=(), dtype="string")
outputs = layers.Dense(4)(vectorizer(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("string-lookup-literal-vocabulary", HEADER + """\
vocab = ["a", "b", "c", "d"]
lookup = layers.StringLookup(vocabulary=vocab, output_mode="one_hot")
inputs = keras.Input(shape=(1,), dtype="string")
outputs = layers.Dense(3)(lookup(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("string-lookup-run-time-vocabulary", HEADER + """\
import random
vocab = random.sample(["a", "b", "c", "d"], 4)
lookup = layers.StringLookup(vocabulary=vocab, output_mode="multi_hot")
inputs = keras.Input(shape=(3,), dtype="string")
outputs = layers.Dense(3)(lookup(inputs))
model = keras.Model(inputs, outputs)
""", unknown_rows=frozenset({"string_lookup", "dense"})),
    Program("string-lookup-vocabulary-file", HEADER + """\
import os
import tempfile
path = os.path.join(tempfile.mkdtemp(), "vocabulary.txt")
with open(path, "w") as file:
    file.write("a\\nb\\nc\\n")
lookup = layers.StringLookup(vocabulary=path, output_mode="count")
inputs = keras.Input(shape=(4,), dtype="string")
outputs = layers.Dense(2)(lookup(inputs))
model = keras.Model(inputs, outputs)
""", unknown_rows=frozenset({"string_lookup", "dense"})),
    Program("set-vocabulary-after-construction", HEADER + """\
lookup = layers.StringLookup(output_mode="multi_hot")
lookup.set_vocabulary(["a", "b", "c"])
inputs = keras.Input(shape=(2,), dtype="string")
outputs = layers.Dense(2)(lookup(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("set-vocabulary-in-a-branch", HEADER + """\
import sys
lookup = layers.StringLookup(output_mode="multi_hot")
if len(sys.argv) > 1:
    lookup.set_vocabulary(["a", "b", "c"])
inputs = keras.Input(shape=(2,), dtype="string")
outputs = layers.Dense(2)(lookup(inputs))
model = keras.Model(inputs, outputs)
""", unknown_rows=frozenset({"string_lookup", "dense"})),
    Program("set-vocabulary-integer-lookup", HEADER + """\
lookup = layers.IntegerLookup(output_mode="count", num_oov_indices=2)
lookup.set_vocabulary([5, 6, 7, 8])
inputs = keras.Input(shape=(3,), dtype="int64")
outputs = layers.Dense(2)(lookup(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("set-vocabulary-tf-idf", HEADER + """\
vectorizer = layers.TextVectorization(output_mode="tf_idf")
vectorizer.set_vocabulary(["the", "cat", "sat"], idf_weights=[0.5, 1.0, 2.0])
inputs = keras.Input(shape=(1,), dtype="string")
outputs = layers.Dense(2)(vectorizer(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("set-vocabulary-text-vectorization-before-a-call", HEADER + """\
vectorizer = layers.TextVectorization(output_mode="multi_hot")
inputs = keras.Input(shape=(1,), dtype="string")
first = vectorizer(inputs)
vectorizer.set_vocabulary(["the", "cat"])
outputs = layers.Concatenate()([first, vectorizer(inputs)])
model = keras.Model(inputs, outputs)
"""),
    Program("string-lookup-then-embedding", HEADER + """\
vocab = ["a", "b", "c", "d"]
lookup = layers.StringLookup(vocabulary=vocab, mask_token="")
model = keras.Sequential([
    keras.Input(shape=(5,), dtype="string"),
    lookup,
    layers.Embedding(lookup.vocabulary_size(), 8),
    layers.GlobalAveragePooling1D(),
])
"""),
    Program("integer-lookup-adapted-one-hot", HEADER + """\
import numpy as np
data = np.array([[12], [36], [1138], [36]])
lookup = layers.IntegerLookup(output_mode="one_hot")
lookup.adapt(data)
inputs = keras.Input(shape=(1,), dtype="int64")
outputs = layers.Dense(2)(lookup(inputs))
model = keras.Model(inputs, outputs)
"""),
    Program("integer-lookup-adapted-int", HEADER + """\
import numpy as np
data = np.array([[12], [36], [1138], [36]])
lookup = layers.IntegerLookup()
lookup.adapt(data)
model = keras.Sequential([keras.Input(shape=(1,), dtype="int64"), lookup, layers.Embedding(10, 4),
                          layers.Flatten()])
"""),
    Program("string-lookup-adapted-on-a-literal", HEADER + """\
lookup = layers.StringLookup(output_mode="one_hot")
lookup.adapt(["a", "b", "c", "b"])
capped = layers.StringLookup(output_mode="multi_hot", max_tokens=3, mask_token="")
capped.adapt([["x", "y"], ["z", ""], ["w", "x"]])
weighted = layers.StringLookup(output_mode="tf_idf")
weighted.adapt(("red", "green", "red"))
inputs = keras.Input(shape=(1,), dtype="string")
pair = keras.Input(shape=(2,), dtype="string")
x = layers.Concatenate()([lookup(inputs), capped(pair), weighted(inputs)])
model = keras.Model([inputs, pair], layers.Dense(2)(x))
"""),
    Program("string-lookup-adapted-on-a-numpy-literal", HEADER + """\
import numpy as np
lookup = layers.StringLookup(output_mode="count", num_oov_indices=0)
lookup.adapt(np.array([["cat", "dog"], ["dog", "fish"]]))
inputs = keras.Input(shape=(2,), dtype="string")
model = keras.Model(inputs, layers.Dense(3)(lookup(inputs)))
"""),
    Program("integer-lookup-adapted-on-a-literal", HEADER + """\
lookup = layers.IntegerLookup(output_mode="count", num_oov_indices=2)
lookup.adapt([12, 36, 1138, 36, -1])
inputs = keras.Input(shape=(1,), dtype="int64")
model = keras.Model(inputs, layers.Dense(2)(lookup(inputs)))
"""),
    Program("hashing-and-crossing", HEADER + """\
a = keras.Input(shape=(1,), dtype="string", name="a")
b = keras.Input(shape=(1,), dtype="int64", name="b")
hashed = layers.Hashing(num_bins=64, output_mode="one_hot")(a)
crossed = layers.HashedCrossing(num_bins=32, output_mode="one_hot")([a, b])
x = layers.Concatenate()([hashed, crossed])
outputs = layers.Dense(1)(x)
model = keras.Model([a, b], outputs)
"""),
)


def all_programs() -> List[Program]:
    return example_programs() + list(REAL_PROGRAMS)


# Keywords tried on every class (with ``test_layer_signatures.py``'s own): whether Keras's
# constructor takes each is recorded, and lstm-lint must accept exactly those (LL103).
PROBED_KEYWORDS = ("name", "dtype", "trainable", "autocast", "activity_regularizer", "input_shape", "input_dim",
                   "batch_input_shape", "batch_size", "input_length", "weights", "vocabulary_size",
                   "has_input_vocabulary", "oov_method", "vocabulary_dtype", "salt", "encoding", "mask_value",
                   "no_such_keyword", "trainabel")
