"""A Sequential without an Input built by ``fit()``: on its first batch, ``batch_size`` rows when
that divides the rows (trainers/trainer.py ``_symbolic_build``; else TensorFlow's dataset leaves
the batch axis None, where JAX has the first batch's size, and lstm-lint says ``?``). The numpy
backend cannot train, so Keras runs with the jax backend in a subprocess, which takes about half a
minute: set LSTM_LINT_JAX=1 to run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_lint import analyse_source
from tests.keras_diff.compare import differences

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """import numpy as np
import keras
from keras import layers
few = keras.Sequential([layers.LSTM(2), layers.Dense(1)])
few.compile(loss="mse", optimizer="sgd")
few.fit(np.zeros((10, 4, 3)), np.zeros((10, 1)), batch_size=5, epochs=1, verbose=0)
many = keras.Sequential([layers.GRU(2), layers.Dense(1)])
many.compile(loss="mse", optimizer="sgd")
many.fit(np.zeros((96, 4, 3)), np.zeros((96, 1)), epochs=1, verbose=0)
batched = keras.Sequential([layers.SimpleRNN(2), layers.Dense(1)])
batched.compile(loss="mse", optimizer="sgd")
batched.fit(np.zeros((96, 4, 3)), np.zeros((96, 1)), 16, 1, verbose=0)
"""

RUN_IN_KERAS = """import json, sys
from tests.keras_diff import reference
print(json.dumps(reference.module_models(sys.stdin.read())))
"""


@pytest.mark.skipif(not os.environ.get("LSTM_LINT_JAX"), reason="trains in Keras with jax: set LSTM_LINT_JAX=1")
def test_fit_builds_on_the_first_batch() -> None:
    environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    done = subprocess.run([sys.executable, "-c", RUN_IN_KERAS], input=PROGRAM, capture_output=True, text=True,
                          cwd=ROOT, env=environment, check=True)
    expected = json.loads(done.stdout.strip().splitlines()[-1])
    actual = analyse_source(PROGRAM, "model.py").to_json()["models"]
    assert differences(expected, actual, lines=True) == []
