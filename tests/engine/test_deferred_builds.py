"""A Sequential without an ``Input`` built by its first data: slices of arrays of known shape
(``X[:8]``, ``X_train[:100]``) and ``pad_sequences(...)``. Each program runs in Keras (numpy
backend; ``fit`` cannot train there, so the ``fit`` programs run with jax in a subprocess behind
LSTM_LINT_JAX=1, as in test_fit_builds.py) and lstm-lint must report the same rows, or ``?`` where a
run may differ."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from lstm_lint import analyse_source
from lstm_lint.source.arrays import ArrayValue, indexed, padded_sequences
from lstm_lint.values import UNKNOWN
from tests.keras_diff import reference
from tests.keras_diff.compare import differences

ROOT = Path(__file__).resolve().parents[2]

SLICES = """import numpy as np
import keras
from keras import layers
X = np.zeros((500, 20, 3))
predicted = keras.Sequential([layers.LSTM(8), layers.Dense(1)])
predicted.predict(X[:8], verbose=0)
called = keras.Sequential([layers.GRU(4), layers.Dense(2)])
called(X[2:12, ::2])
one_step = keras.Sequential([layers.Dense(5)])
one_step(X[:4, -1])
split = int(len(X) * 0.8)
X_train, X_test = X[:split], X[split:]
held_out = keras.Sequential([layers.SimpleRNN(3)])
held_out.predict(X_test, verbose=0)
"""

PADDED = """import numpy as np
import keras
from keras import layers
from keras.utils import pad_sequences
seqs = [[1, 2, 3], [4, 5], [6]]
fixed = keras.Sequential([layers.Embedding(50, 4), layers.LSTM(8), layers.Dense(1)])
fixed.predict(pad_sequences(seqs, maxlen=100), verbose=0)
longest = keras.Sequential([layers.Embedding(50, 4), layers.LSTM(8), layers.Dense(1)])
longest.predict(pad_sequences(seqs, padding="post"), verbose=0)
"""


def keras_and_ours(source: str) -> List[str]:
    return differences(reference.module_models(source), analyse_source(source, "model.py").to_json()["models"],
                       lines=True)


def test_slices_of_a_known_array_build_on_the_rows_they_take() -> None:
    assert keras_and_ours(SLICES) == []


def test_pad_sequences_of_known_sequences_builds_on_their_rows_and_length() -> None:
    assert keras_and_ours(PADDED) == []


def rows(source: str) -> Dict[str, Any]:
    return {model["name"]: model for model in analyse_source(source, "model.py").to_json()["models"]}


def test_rows_of_data_not_known_are_unknown_and_the_counts_exact() -> None:
    source = """import numpy as np
import keras
from keras import layers
from keras.utils import pad_sequences
MAX_LEN = int(input())
seqs = [[1, 2, 3], [4, 5]]
model = keras.Sequential([layers.Embedding(50, 4), layers.LSTM(8), layers.Dense(1)])
model.predict(pad_sequences(seqs, maxlen=MAX_LEN))
"""
    model = rows(source)["model"]
    # However long the rows are, the weights do not depend on their length.
    assert [layer["output_shape"] for layer in model["layers"]] == [[2, "?", 4], [2, 8], [2, 1]]
    assert [layer["params"] for layer in model["layers"]] == [200, 4 * 8 * (4 + 8 + 1), 9]
    assert model["total_params"] == 625
    # Sequences read at run time may hold vectors, which add axes: the model's input is unknown.
    read = rows(source.replace("seqs = [[1, 2, 3], [4, 5]]", "seqs = eval(input())"))["model"]
    assert read["layers"][1]["output_shape"] is None and read["total_params"] is None
    # A slice by a bound lstm-lint does not know: the model is not built on a shape it knows.
    sliced = rows("""import numpy as np
import keras
from keras import layers
X = np.zeros((500, 20, 3))
n = int(input())
model = keras.Sequential([layers.LSTM(8)])
model(X[:n])
""")["model"]
    assert sliced["layers"][0]["output_shape"] is None and sliced["total_params"] is None


def test_indexing_follows_numpy() -> None:
    import numpy as np

    data = np.zeros((10, 6, 3))
    for indices in [(slice(None, 4),), (slice(2, None, 3), -1), (1,), (slice(None), slice(1, -1), 0),
                    (slice(-3, None, -1),), (slice(20, 30),)]:
        found = indexed(ArrayValue(data.shape), list(indices))
        assert found is not None and found.shape == data[indices].shape, indices
    assert indexed(ArrayValue((10, 6)), [10]) is None  # NumPy raises IndexError
    assert indexed(ArrayValue((10, 6)), [slice(None), slice(None), 0]) is None  # too many indices
    assert indexed(ArrayValue((10, 6)), [ArrayValue((3,))]) is None  # fancy indexing is not followed
    assert indexed(ArrayValue((UNKNOWN, 6)), [slice(None, 4), 2]) == ArrayValue((UNKNOWN,))


def test_pad_sequences_shape_follows_keras() -> None:
    from tests.keras_env import keras

    seqs = [[1, 2, 3], [4, 5], [6.5]]
    for kwargs in [{}, {"maxlen": 2}, {"maxlen": 7, "padding": "post"}, {"maxlen": 1, "truncating": "post"}]:
        found = padded_sequences([seqs], dict(kwargs))
        assert found is not None and found.shape == keras.utils.pad_sequences(seqs, **kwargs).shape, kwargs
    assert padded_sequences([seqs], {"maxlen": UNKNOWN}) == ArrayValue((3, UNKNOWN))
    # Sequences of vectors add an axis: not followed, and nor are sequences lstm-lint does not know.
    vectors = [[[1, 2], [3, 4]], [[5, 6]]]
    assert keras.utils.pad_sequences(vectors, maxlen=3).shape == (2, 3, 2)
    assert padded_sequences([vectors], {"maxlen": 3}) is None
    assert padded_sequences([UNKNOWN], {"maxlen": 5}) is None


FIT = """import numpy as np
import keras
from keras import layers
from keras.utils import pad_sequences
X_train = np.zeros((400, 20, 3))
sliced = keras.Sequential([layers.LSTM(8), layers.Dense(1)])
sliced.compile(loss="mse", optimizer="sgd")
sliced.fit(X_train[:100], np.zeros((100, 1)), epochs=1, verbose=0)
seqs = [[1, 2, 3], [4, 5]]
padded = keras.Sequential([layers.Embedding(50, 4), layers.LSTM(8), layers.Dense(1)])
padded.compile(loss="mse", optimizer="sgd")
padded.fit(pad_sequences(seqs, maxlen=100), np.zeros((2, 1)), epochs=1, verbose=0)
"""

RUN_IN_KERAS = """import json, sys
from tests.keras_diff import reference
print(json.dumps(reference.module_models(sys.stdin.read())))
"""


@pytest.mark.skipif(not os.environ.get("LSTM_LINT_JAX"), reason="trains in Keras with jax: set LSTM_LINT_JAX=1")
def test_fit_on_a_slice_or_padded_sequences_builds_on_the_first_batch() -> None:
    environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", RUN_IN_KERAS], input=FIT, capture_output=True, text=True,
                          cwd=ROOT, env=environment, check=True)
    expected = json.loads(done.stdout.strip().splitlines()[-1])
    assert differences(expected, analyse_source(FIT, "model.py").to_json()["models"], lines=True) == []
