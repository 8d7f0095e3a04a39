"""LL113 on the standalone Keras 2 package's own modules (``keras.layers.core``, ``keras.engine``,
...): each raises in the installed Keras 3, what it binds is unknown under Keras 3, and nothing
changes under ``target-keras = 2``."""
from __future__ import annotations

import importlib
from typing import List

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.engine import analyse_program
from lstm_lint.fixes.apply import fix_source
from lstm_lint.layers.keras2_paths import KERAS2_ONLY_MODULES, keras3_import
from lstm_lint.lint import lint_source
from lstm_lint.rules.keras2_paths import Keras2OnlyPath, _layer_names
from lstm_lint.values import Unknown
from tests.keras_diff.reference import module_models
from tests.keras_env import keras

KERAS2 = Settings().merged({"target-keras": "2"}, "the test")

PROGRAM = """\
from keras.models import Sequential
from keras.layers.core import Dense, Dropout
from keras.layers.recurrent import LSTM

model = Sequential()
model.add(keras_input)
model.add(LSTM(32))
model.add(Dropout(0.2))
model.add(Dense(1))
"""
SOURCE = "import keras\nkeras_input = keras.Input((10, 8))\n" + PROGRAM
KERAS3_SOURCE = SOURCE.replace("keras.layers.core", "keras.layers").replace("keras.layers.recurrent", "keras.layers")


def codes(source: str, settings: Settings = Settings()) -> List[int]:
    return [d.line for d in lint_source(source, "a.py", settings, [Keras2OnlyPath.code])]


@pytest.mark.parametrize("module", sorted(KERAS2_ONLY_MODULES))
def test_keras3_has_no_such_module(module: str) -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"keras.{module}")
    home = KERAS2_ONLY_MODULES[module]
    importlib.import_module(f"keras.{home}" if home else "keras")


def test_each_suggested_import_runs_in_keras3() -> None:
    names = _layer_names()
    for module in KERAS2_ONLY_MODULES:
        for symbol in sorted(names) + ["Input", "Model", "Sequential", "Layer", "InputSpec", "KerasClassifier",
                                       "KerasRegressor"]:
            found = keras3_import(f"keras.{module}.{symbol}", names)
            if found is not None:
                assert hasattr(importlib.import_module(found[0]), found[1]), (module, symbol, found)


def test_a_model_from_keras2_modules_is_reported_and_unknown() -> None:
    with pytest.raises(ModuleNotFoundError):
        module_models(SOURCE)
    assert codes(SOURCE) == [4, 5]
    [model] = analyse_source(SOURCE, "a.py").to_json()["models"]
    assert model["total_params"] is None
    assert all(row["params"] is None for row in model["layers"])


def test_target_keras2_is_unchanged() -> None:
    """tf.keras 2 counts the same as Keras 3 for these layers: what Keras 3 gives for the program
    written with its own imports."""
    assert codes(SOURCE, KERAS2) == []
    [want] = module_models(KERAS3_SOURCE)
    [got] = analyse_program(SOURCE, "a.py", target_keras=2).analysis.to_json()["models"]
    assert got["total_params"] == want["total_params"]
    assert [row["params"] for row in got["layers"]] == [row["params"] for row in want["layers"]]


def test_fix_imports_from_keras_layers() -> None:
    fixed = fix_source(SOURCE, "a.py", Settings(), frozenset({Keras2OnlyPath.code}), unsafe=False)
    assert fixed.text == KERAS3_SOURCE
    [want] = module_models(fixed.text)
    [got] = analyse_source(fixed.text, "a.py").to_json()["models"]
    assert got["total_params"] == want["total_params"]


@pytest.mark.parametrize("source, raises, line", [
    ("import keras\nimport keras.layers.core\nkeras.layers.core.Dense(2)\n", ModuleNotFoundError, 2),
    ("from keras.layers import core\n", ImportError, 1),
    ("from keras.engine.topology import Input, Layer\n", ModuleNotFoundError, 1),
    ("from keras.wrappers.scikit_learn import KerasClassifier\n", ModuleNotFoundError, 1),
    ("from keras.utils.np_utils import to_categorical\n", ModuleNotFoundError, 1),
])
def test_each_import_style_is_reported(source: str, raises: type, line: int) -> None:
    with pytest.raises(raises):
        exec(source, {})
    assert codes(source) == [line]
    assert codes(source, KERAS2) == []


def test_no_report_inside_a_try_with_a_handler() -> None:
    source = ("try:\n    from keras.layers.core import Dense\nexcept ImportError:\n"
              "    from keras.layers import Dense\n")
    exec(source, {})
    assert codes(source) == []
    assert keras.layers.Dense is not None


FALLBACKS = [
    # The import every run fails at, then the Keras 3 one.
    "try:\n    from keras.layers.core import Dense\nexcept ImportError:\n    from keras.layers import Dense\n",
    "try:\n    import keras.layers.recurrent as recurrent\n    Dense = recurrent.Dense\n"
    "except (ValueError, ModuleNotFoundError) as error:\n    from keras.layers import Dense\n",
    "try:\n    from keras.layers.experimental.preprocessing import Rescaling\nexcept ValueError:\n    pass\n"
    "except Exception:\n    from keras.layers import Rescaling\nelse:\n    Rescaling = None\n"
    "Dense = keras.layers.Dense\n",
    "try:\n    from keras.layers.core import Dense\nexcept:\n    Dense = keras.layers.Dense\n"
    "finally:\n    width = 3\n",
]


@pytest.mark.parametrize("fallback", FALLBACKS)
def test_a_failed_import_runs_its_handler(fallback: str) -> None:
    """Keras 3 raises at the first statement of the ``try`` in every run: the handler that catches
    it runs, and the model it builds is Keras's."""
    source = ("import keras\n" + fallback
              + "model = keras.Sequential([keras.Input((6,)), Dense(4), Dense(2)])\n")
    expected = [(model["name"], model["total_params"]) for model in module_models(source)]
    assert expected == [("model", 38)]
    found = [(model.name, model.total_params) for model in analyse_source(source).models]
    assert found == expected


@pytest.mark.parametrize("handler", [
    "except ImportError:\n    from keras.layers import Dense\n",  # ImportError is the file's own
    "except NAMES:\n    from keras.layers import Dense\n",  # not known to be an exception class
])
def test_a_handler_not_known_to_catch_it_leaves_the_count_unknown(handler: str) -> None:
    source = ("import keras\nImportError = ValueError\nNAMES = (ImportError,)\n" if "ImportError:" in handler
              else "import keras\nimport os\nNAMES = os.environ.get('X')\n")
    source += ("try:\n    from keras.layers.core import Dense\n" + handler
               + "model = keras.Sequential([keras.Input((6,)), Dense(4), Dense(2)])\n")
    assert isinstance(analyse_source(source).models[0].total_params, Unknown)
