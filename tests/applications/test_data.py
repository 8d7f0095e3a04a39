"""The committed measurements (``lstm_lint/layers/applications_data.py``) are what the generator
measures in the installed Keras."""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Dict

import pytest

from lstm_lint.layers import applications
from lstm_lint.layers.applications_data import APPLICATIONS, KERAS_VERSION, PREPROCESS
from tests.keras_env import keras
from tools import generate_applications

# Quick mode measures weights and counters at fewer sizes; for these the full run found them
# independent of the size, so both runs agree on every field. LSTM_LINT_ALL_APPLICATIONS=1 also
# measures the first variant of every other application again in full (about half an hour).
SAMPLE = [("MobileNet", {"alpha": 0.25, "depth_multiplier": 1}, True)]
if os.environ.get("LSTM_LINT_ALL_APPLICATIONS") == "1":
    SAMPLE += [(name, applications.parse_variant(next(iter(entry["variants"]))), False)
               for name, entry in sorted(APPLICATIONS.items()) if name != "MobileNet"]


def test_data_comes_from_the_installed_keras() -> None:
    assert KERAS_VERSION == keras.__version__
    assert set(APPLICATIONS) <= set(generate_applications.application_names())


@pytest.mark.parametrize("name, variant, quick", SAMPLE, ids=[name for name, _, _ in SAMPLE])
def test_generator_reproduces_a_sample(name: str, variant: Dict[str, Any], quick: bool) -> None:
    """Measures one variant again (compact() also checks lstm-lint's names against Keras's)."""
    measured = generate_applications.application(name, quick=quick, only=lambda values: values == variant)
    entry = generate_applications.compact(name, measured)
    committed = APPLICATIONS[name]
    assert entry["modules"] == committed["modules"]
    assert entry["signature"] == committed["signature"]
    key = generate_applications.variant_key(variant)
    assert entry["variants"][key] == committed["variants"][key]


def test_preprocess_data_is_current() -> None:
    assert generate_applications.preprocess() == PREPROCESS


def test_data_loads_only_for_files_using_applications() -> None:
    """Files without an application do not import the measured data (the per-file path stays as fast)."""
    program = (
        "import sys\n"
        "from lstm_lint import analyse_source\n"
        "analyse_source('import keras\\nm = keras.Sequential([keras.layers.Dense(2)])\\n', 'a.py')\n"
        "before = 'lstm_lint.layers.applications_data' in sys.modules\n"
        "analyse_source('import keras\\nm = keras.applications.VGG16(weights=None)\\n', 'b.py')\n"
        "print(before, 'lstm_lint.layers.applications_data' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("name", sorted(APPLICATIONS))
def test_rejected_arguments_are_rejected_by_keras(name: str) -> None:
    """LL110's two checks, for every measured application: Keras raises before building."""
    smallest = next(iter(APPLICATIONS[name]["variants"].values()))["min_size"]
    cases = [{"weights": "imagenet", "include_top": True, "classes": 10},
             {"weights": None, "include_top": False, "input_shape": (smallest - 1, smallest + 40, 3)}]
    for kwargs in cases:
        built = applications.construct(name, (), kwargs, True, "channels_last")
        assert built is not None and built.rejected, kwargs
        keras.backend.clear_session(free_memory=False)  # a full collection each would be most of the test's time
        with pytest.raises(ValueError):
            getattr(keras.applications, name)(**kwargs)
    fine = applications.construct(name, (), {"weights": None, "include_top": False,
                                             "input_shape": (smallest, smallest, 3)}, True, "channels_last")
    assert fine is not None and fine.rejected is None
