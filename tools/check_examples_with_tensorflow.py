"""Run the rule examples that import TensorFlow under real TensorFlow, where it is installed.

TensorFlow is not a test dependency: the tests run these examples against a stand-in that converts
arguments as ``tf.convert_to_tensor`` does (tests/tensorflow_standin.py). This script checks the
same claims with the real thing, in an environment that has TensorFlow, Keras 3 and lstm-lint's own
dependencies (libcst):

    KERAS_BACKEND=tensorflow python tools/check_examples_with_tensorflow.py

Every INVALID example of an LL1xx rule must raise, and every VALID example must run. It prints one
line per example and exits 1 if any disagrees.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402
import tensorflow  # noqa: E402,F401  (fails here, not in an example, when TensorFlow is missing)

from lstm_lint.rules import ALL_RULES  # noqa: E402


def runs(source: str) -> str:
    """'' when the example runs, else the error it raised."""
    keras.backend.clear_session()
    try:
        exec(compile(source, "<example>", "exec"), {"__name__": "__main__"})
    except Exception as error:  # the example's own failure is what is checked
        return f"{type(error).__name__}: {str(error).splitlines()[0][:100]}"
    return ""


def main() -> int:
    disagreements = 0
    for rule in ALL_RULES:
        if not rule.code.startswith("LL1"):
            continue
        for kind, examples in (("INVALID", rule.INVALID), ("VALID", rule.VALID)):
            for index, example in enumerate(examples):
                if "import tensorflow" not in example:
                    continue
                error = runs(example)
                agrees = bool(error) == (kind == "INVALID")
                disagreements += not agrees
                outcome = error or "runs"
                print(f"{'ok ' if agrees else 'BAD'} {rule.code} {kind}[{index}]: {outcome}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
