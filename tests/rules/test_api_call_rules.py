"""LL103/LL102 on Keras's non-layer callables and LL108 stay silent where Keras may not raise: code
that may not run, arguments not all seen, a model handed to code lstm-lint does not follow, a
subclass with methods of its own, tf.keras 2 code."""
from __future__ import annotations

from typing import List

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import lint_source
from lstm_lint.rules import ALL_RULES

HEADER = "import sys\nimport keras\nfrom keras import layers\nimport somelib\n"
CODES = [rule.code for rule in ALL_RULES]


def build_codes(body: str, settings: Settings = Settings()) -> List[str]:
    return sorted(d.code for d in lint_source(HEADER + body, "model.py", settings, CODES) if d.code.startswith("LL1"))


SILENT = {
    "keyword_in_an_undecided_branch": "if sys.argv[1:]:\n    inputs = keras.Input(shap=(4,))\n",
    "unseen_keywords": "options = somelib.options()\ninputs = keras.Input((4,), **options)\n",
    "subclass_compile": ("class Tuned(keras.Model):\n    def compile(self, schedule=None, **kwargs):\n"
                         "        super().compile(**kwargs)\n"
                         "model = Tuned()\nmodel.compile(schedule='cosine')\n"),
    "model_called_by_a_registered_callback": ("base = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                              "def hook():\n    base(keras.Input((3,)))\n"
                                              "somelib.register(hook)\nout = base.output\n"),
    "model_handed_to_a_library_object": ("base = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                         "somelib.Trainer().attach(base)\nout = base.output\n"),
    "model_in_a_list_handed_to_a_library": ("base = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                            "somelib.run([base])\nout = base.output\n"),
    "model_called_in_a_branch": ("base = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                 "if sys.argv[1:]:\n    base(keras.Input((3,)))\nout = base.output\n"),
    "output_read_in_a_branch": ("base = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                                "if sys.argv[1:]:\n    out = base.output\n"),
    "one_of_two_models_each_called": ("if sys.argv[1:]:\n    base = keras.Sequential([layers.Dense(4)])\n"
                                      "    base(keras.Input((3,)))\nelse:\n"
                                      "    base = keras.Sequential([layers.Dense(4)])\n"
                                      "    base(keras.Input((5,)))\nout = base.output\nins = base.inputs\n"),
    "model_trained_by_fit": ("import numpy as np\nbase = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
                             "base.compile(loss='mse')\nbase.fit(np.zeros((4, 3)), np.zeros((4, 2)))\n"
                             "out = base.outputs\n"),
}


@pytest.mark.parametrize("name", sorted(SILENT))
def test_silent(name: str) -> None:
    assert build_codes(SILENT[name]) == []


def test_keras_2_code_may_use_keras_2_names() -> None:
    body = ("model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
            "model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='mse')\n"
            "features = keras.Model(model.input, model.output)\n")
    assert build_codes(body) == ["LL103", "LL108"]
    assert build_codes(body, Settings().merged({"target-keras": "2"}, "the test")) == []


def test_the_adam_lr_message_names_the_keras_3_keyword_once() -> None:
    found = lint_source(HEADER + "optimizer = keras.optimizers.Adam(lr=1e-3)\n", "model.py", Settings(), ["LL103"])
    assert [(d.line, d.message) for d in found] == [
        (5, "Adam: lr= is Keras 2 only; Keras 3 rejects it (use learning_rate=)")]


def test_only_the_first_unbuilt_read_is_reported() -> None:
    """Keras raises at the first: the second is never reached."""
    found = lint_source(HEADER + "base = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n"
                        "pair = (base.input, base.output)\n", "model.py", Settings(), ["LL108"])
    assert [(d.line, "AttributeError on .input (" in d.message) for d in found] == [(6, True)]
