"""The layer registry against real Keras: every public class of ``keras.layers`` has an entry or a
documented reason, every alias resolves to its class, and every entry's examples build in Keras
exactly as lstm-lint says (output shapes, ``count_params()``, totals), or raise in Keras where the
example says so, and then lstm-lint reports an LL1xx."""
from __future__ import annotations

import inspect
from typing import Any, Dict, List, Tuple

import pytest

from lstm_lint import analyse_source
from lstm_lint.config import Settings
from lstm_lint.layers import (
    ALIASES, EXPORTED_ONLY_AS_ALIAS, NEEDS_TENSORFLOW, SPECS, UNMODELLED, modelled_layers_markdown,
)
from lstm_lint.layers.spec import Example, LayerSpec, Source
from lstm_lint.lint import lint_file
from tests.keras_diff import reference
from tests.keras_env import TENSORFLOW, built_by_keras, exported_name, keras


def public_classes() -> Dict[str, List[str]]:
    """Keras's class name -> the names keras.layers exports it under."""
    found: Dict[str, List[str]] = {}
    for name in dir(keras.layers):
        value = getattr(keras.layers, name)
        if not name.startswith("_") and inspect.isclass(value):
            found.setdefault(value.__name__, []).append(name)
    return found


def test_every_public_class_has_an_entry_or_a_reason() -> None:
    classes = public_classes()
    missing = sorted(name for name in classes if name not in SPECS and name not in UNMODELLED)
    assert missing == [], f"keras.layers classes with neither an entry nor a reason: {missing}"
    stale = sorted(name for name in list(SPECS) + list(UNMODELLED) if name not in classes)
    assert stale == [], f"entries or reasons for classes keras.layers does not export: {stale}"
    both = sorted(set(SPECS) & set(UNMODELLED))
    assert both == [], f"modelled and listed as unmodelled: {both}"


# Arguments each constructor takes (a vocabulary, where one lets the layer run without adapt()).
TENSORFLOW_ONLY_ARGUMENTS: Dict[str, Dict[str, Any]] = {
    "StringLookup": {"vocabulary": ["a", "b"]}, "IntegerLookup": {"vocabulary": [1, 2, 3]},
    "TextVectorization": {"vocabulary": ["a", "b"], "output_sequence_length": 4},
    "Hashing": {"num_bins": 4}, "HashedCrossing": {"num_bins": 4},
}


@pytest.mark.skipif(TENSORFLOW, reason="TensorFlow is installed: these layers are built by the tests")
@pytest.mark.parametrize("name", NEEDS_TENSORFLOW)
def test_entries_checked_against_the_recording_need_tensorflow(name: str) -> None:
    """Why these entries' examples are compared with a recording (tests/layers/lookup_truth.json)
    and skipped below: without TensorFlow the constructor raises, on any backend."""
    assert name in SPECS
    with pytest.raises(ImportError, match=f"Layer {name} requires TensorFlow"):
        getattr(keras.layers, name)(**TENSORFLOW_ONLY_ARGUMENTS[name])


def test_every_alias_names_its_class() -> None:
    classes = public_classes()
    exported = {alias: name for name, aliases in classes.items() for alias in aliases if alias != name}
    assert ALIASES == exported


def test_the_classes_exported_only_under_another_name_are_listed() -> None:
    assert sorted(name for name in SPECS if not hasattr(keras.layers, name)) == sorted(EXPORTED_ONLY_AS_ALIAS)


@pytest.mark.parametrize("name", EXPORTED_ONLY_AS_ALIAS)
def test_a_class_name_keras_layers_does_not_export_is_no_layer_we_know(name: str) -> None:
    """``keras.layers.<class name>`` raises AttributeError: no count for it, while the name
    ``keras.layers`` exports and the class's own name in ``keras.src.layers`` give Keras's."""
    spec = SPECS[name]
    exported = example_program(spec, spec.examples[0])
    unexported = exported.replace(f"layers.{exported_name(name)}(", f"layers.{name}(")
    with pytest.raises(AttributeError):
        reference.module_models(unexported)
    rows = analyse_source(unexported, "example.py").to_json()["models"][0]["layers"]
    assert [(row["output_shape"], row["params"]) for row in rows if row["type"] == name] == [(None, None)]
    for source in (exported, unexported.replace("from keras import layers", "from keras.src import layers")):
        want = reference.module_models(source)[0]
        got = analyse_source(source, "example.py").to_json()["models"][0]
        keys = ("name", "type", "output_shape", "params")
        assert [[row[key] for key in keys] for row in got["layers"]] == \
            [[row[key] for key in keys] for row in want["layers"]], source
        assert got["total_params"] == want["total_params"], source


def test_the_readme_lists_the_registry() -> None:
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert modelled_layers_markdown() in readme, (
        "README's layer list is stale: replace it with lstm_lint.layers.modelled_layers_markdown()")


def _literal(value: Any) -> str:
    return str(value) if isinstance(value, Source) else repr(value)


def example_program(spec: LayerSpec, case: Example) -> str:
    arguments = ", ".join(f"{key}={_literal(value)}" for key, value in case.config.items())
    inputs = ", ".join(f"keras.Input(batch_shape={shape!r})" for shape in case.inputs)
    if spec.takes_list:
        call = "layer(inputs)"
    elif spec.call_inputs:
        call = "layer(*inputs)"
    else:
        call = "layer(inputs[0])"
    return (f"import numpy as np\nimport keras\nfrom keras import layers\n"
            f"inputs = [{inputs}]\n"
            f"layer = layers.{exported_name(spec.class_name)}({arguments})\n"
            f"outputs = {call}\n"
            f"model = keras.Model(inputs, outputs)\n")


EXAMPLES: List[Tuple[str, int]] = [(name, index) for name, spec in sorted(SPECS.items())
                                   for index in range(len(spec.examples))]


@pytest.mark.parametrize("name,index", built_by_keras(EXAMPLES, recorded=True),
                         ids=[f"{name}-{index}" for name, index in EXAMPLES])
def test_example_matches_keras(name: str, index: int) -> None:
    spec = SPECS[name]
    case = spec.examples[index]
    source = example_program(spec, case)
    try:
        expected = reference.module_models(source)
    except Exception as error:  # Keras rejects it
        assert case.raises, f"Keras raises, the example does not say so:\n{source}\n{error}"
        codes = [d.code for d in lint_file(source, "example.py", Settings(), None).diagnostics]
        assert any(code.startswith("LL1") for code in codes), f"Keras raises, lstm-lint says nothing:\n{source}"
        return
    assert not case.raises, f"the example says Keras raises, it does not:\n{source}"
    if spec.call_check is not None:
        _check_run(source, case)
    got = analyse_source(source, "example.py").to_json()["models"]
    want = expected[0]
    row = next(layer for layer in want["layers"] if layer["type"] == name)
    ours = next(layer for layer in got[0]["layers"] if layer["type"] == name)
    assert (ours["output_shape"], ours["params"]) == (row["output_shape"], row["params"]), source
    for key in ("total_params", "trainable_params", "non_trainable_params"):
        assert got[0][key] == want[key], (key, source)


def _check_run(source: str, case: Example) -> None:
    """For an entry whose ``call()`` may raise where its build does not: the model the example
    builds runs on data (zeros, 2 for each None) unless the example says it fails, and lstm-lint
    reports an LL1xx exactly when it does."""
    import numpy as np

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(source, "example.py", "exec"), namespace)
    data = [np.zeros(tuple(2 if dim is None else dim for dim in shape), dtype="float32") for shape in case.inputs]
    try:
        namespace["model"](data)
        failed = False
    except Exception:  # Keras's own error, whatever its type
        failed = True
    assert failed == case.fails_when_run, f"run on data, Keras {'raises' if failed else 'does not raise'}:\n{source}"
    codes = [d.code for d in lint_file(source, "example.py", Settings(), None).diagnostics]
    assert any(code.startswith("LL1") for code in codes) == failed, (codes, source)


def test_examples_exist_for_entries_added_with_the_registry() -> None:
    """Every entry has examples, except those that came before the registry carried them (their
    shapes and counts are checked by the differential tests in tests/keras_diff instead)."""
    without = sorted(name for name, spec in SPECS.items() if name not in BEFORE_EXAMPLES and not spec.examples)
    assert without == [], f"entries without examples: {without}"


BEFORE_EXAMPLES = {
    "ActivityRegularization", "Add", "Average", "AveragePooling1D", "AveragePooling2D", "BatchNormalization",
    "Concatenate", "Conv1D", "Conv2D", "Dense", "Flatten", "GaussianNoise", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "Identity", "Lambda",
    "LayerNormalization", "Masking", "MaxPooling1D", "MaxPooling2D", "Maximum", "Minimum", "Multiply",
    "Permute", "RepeatVector", "Reshape", "SpatialDropout2D", "Subtract", "UnitNormalization",
}


def _names_used_by_constructor(source: str) -> Dict[str, int]:
    from keras.src.backend.common import global_state

    keras.backend.clear_session(free_memory=False)
    eval(source, {"layers": keras.layers, "keras": keras})
    used = dict(global_state.get_global_attribute("object_name_uids") or {})
    used.pop("seed_generator", None)  # random layers' SeedGenerator: no layer takes that prefix
    return used


def _naming_cases() -> List[Tuple[str, int]]:
    """Each entry's first example whose arguments are literals, and every example of an entry that
    makes layers of its own."""
    cases = []
    for name, spec in sorted(SPECS.items()):
        indexes = [index for index, case in enumerate(spec.examples) if not case.raises
                   and not any(isinstance(value, Source) for value in case.config.values())]
        cases += [(name, index) for index in (indexes if spec.constructor_layers else indexes[:1])]
    return cases


NAMING = _naming_cases()
NAMED = "name='mine'"


@pytest.mark.parametrize("name,index", built_by_keras(NAMING, recorded=True),
                         ids=[f"{name}-{index}" for name, index in NAMING])
def test_default_names_the_constructor_takes(name: str, index: int) -> None:
    """The default names a constructor takes from Keras's counters (its own, and those of the
    layers it makes, as RandAugment does) are the entry's: a later layer's name depends on them."""
    spec = SPECS[name]
    case = spec.examples[index]
    arguments = [f"{key}={value!r}" for key, value in case.config.items()]
    config = {**spec.defaults(), **case.config}
    made, maybe = spec.constructor_layers(config) if spec.constructor_layers else ((), ())
    assert maybe == ()
    expected = {spec.default_name: 1}
    for prefix in made:
        expected[prefix] = expected.get(prefix, 0) + 1
    assert _names_used_by_constructor(f"layers.{exported_name(name)}({', '.join(arguments)})") == expected
    if spec.forwards_name:
        named = _names_used_by_constructor(f"layers.{exported_name(name)}({', '.join(arguments + [NAMED])})")
        assert named == {}, "the layers it makes take default names even when it is named"
