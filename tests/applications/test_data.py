"""The committed measurements (``lstm_lint/layers/applications_data.py``) are what the generator
measures in the installed Keras, and the rules lstm-lint derives from them (names) agree with them."""
from __future__ import annotations

import subprocess
import sys
from typing import Any, Dict

import pytest

from lstm_lint.layers import applications
from lstm_lint.layers.applications_data import APPLICATIONS, KERAS_VERSION, PREPROCESS
from tests.keras_env import keras
from tools import generate_applications

# Fields the generator's quick mode measures at fewer sizes: for these applications the rules
# found hold at every size, so quick and full runs agree on every field.
SAMPLE = (("MobileNet", {"alpha": 0.25, "depth_multiplier": 1}),)


def test_data_comes_from_the_installed_keras() -> None:
    assert KERAS_VERSION == keras.__version__
    assert set(APPLICATIONS) <= set(generate_applications.application_names())


@pytest.mark.parametrize("name, variant", SAMPLE)
def test_generator_reproduces_a_sample(name: str, variant: Dict[str, Any]) -> None:
    entry = generate_applications.application(name, quick=True, only=lambda measured: measured == variant)
    committed = APPLICATIONS[name]
    assert entry["modules"] == committed["modules"]
    assert entry["signature"] == [tuple(item) for item in committed["signature"]]
    key = generate_applications.variant_key(variant)
    measured, stored = entry["variants"][key], committed["variants"][key]
    # Quick mode samples fewer sizes for names; every name it sees is one the full run saw.
    assert set(measured["names"].items()) <= set(stored["names"].items())
    assert {k: v for k, v in measured.items() if k != "names"} == {k: v for k, v in stored.items() if k != "names"}


def test_preprocess_data_is_current() -> None:
    assert generate_applications.preprocess() == PREPROCESS


def test_name_rule_matches_every_measured_name() -> None:
    """The Keras name lstm-lint gives each measured combination is the one Keras gave."""
    checked = 0
    for name, entry in APPLICATIONS.items():
        for key, variant in entry["variants"].items():
            arguments = applications._parse_variant(key)
            for combination, keras_name in variant["names"].items():
                fields = dict(part.split("=") for part in combination.split())
                size = None if fields["size"] == "None" else int(fields["size"])
                kwargs = dict(arguments, include_top=fields["top"] == "1",
                              weights="imagenet" if fields["imagenet"] == "1" else None,
                              pooling=None if fields["pooling"] == "None" else fields["pooling"],
                              input_shape=None if size is None else (size, size, 3))
                built = applications.construct(name, (), kwargs, True, "channels_last")
                assert built is not None
                assert built.keras_name == keras_name, (name, key, combination)
                checked += 1
    assert checked > len(APPLICATIONS)


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
