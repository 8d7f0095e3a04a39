"""Every rule's fix examples, run by one test (as Fixit's ``expected_replacement``).

The ``before`` of an example fires the rule at its marked lines; with the marks taken away (they are
comments of the example, not of the code), the rule's fixes turn it into ``after`` exactly: a safe
fix without ``--unsafe-fixes``, an unsafe one only with it. ``after`` parses and no longer fires
the rule. That the safe fixes leave the model as Keras builds it is checked against Keras in
``test_safe_fixes_against_keras.py``."""
from __future__ import annotations

import ast
import re
from typing import List, Optional, Tuple, Type

import pytest

from lstm_lint.config import Settings
from lstm_lint.fixes import Fix
from lstm_lint.fixes.apply import fix_source
from lstm_lint.lint import lint_file, lint_source
from lstm_lint.rules import ALL_RULES, Rule
from lstm_lint.rules.base import FixExample
from lstm_lint.rules.docs import unmarked

MARK = re.compile(r"  # LL\d{3}$", re.MULTILINE)


def cases() -> List[Tuple[Type[Rule], int, FixExample]]:
    return [(rule, index, example) for rule in ALL_RULES for index, example in enumerate(rule.FIXES)]


def ids(case: Tuple[Type[Rule], int, FixExample]) -> str:
    return f"{case[0].code}-fix-{case[1]}"


@pytest.mark.parametrize("case", cases(), ids=ids)
def test_fix_example_gives_its_after(case: Tuple[Type[Rule], int, FixExample]) -> None:
    rule, _, example = case
    codes = frozenset({rule.code})
    before = unmarked(example.before)
    marked = [number for number, line in enumerate(example.before.splitlines(), 1) if MARK.search(line)]
    found = lint_file(before, "example.py", Settings(), codes, fixes=True).diagnostics
    assert [d.line for d in found if d.code == rule.code] == marked, found
    assert all(d.fix is not None and d.fix.safe == example.safe and d.fix.message for d in found), found

    fixed = fix_source(before, "example.py", Settings(), codes, unsafe=not example.safe)
    assert fixed.text == example.after
    ast.parse(fixed.text)
    assert [d for d in lint_source(fixed.text, "example.py", Settings(), codes) if d.code == rule.code] == []
    if not example.safe:
        assert fix_source(before, "example.py", Settings(), codes, unsafe=False).text == before


def test_a_rule_offers_fixes_exactly_when_it_shows_an_example_of_them() -> None:
    for rule in ALL_RULES:
        assert (rule.fix is not Rule.fix) == bool(rule.FIXES), rule.code
        assert not (rule.FIXES and rule.why_no_fix), rule.code
        assert all(example.what for example in rule.FIXES), rule.code


@pytest.mark.parametrize("example", [example for rule in ALL_RULES if rule.why_no_fix for example in rule.INVALID])
def test_a_rule_that_says_why_it_has_no_fix_offers_none(example: str) -> None:
    found = lint_file(example, "example.py", Settings(), [rule.code for rule in ALL_RULES], fixes=True).diagnostics
    assert found and all(d.fix is None for d in found)


def fixes_of(source: str, code: str, settings: Settings = Settings()) -> List[Optional[Fix]]:
    found = lint_file(source, "example.py", settings, [code], fixes=True).diagnostics
    assert [d for d in found if d.code == code], "the rule reports the code"
    return [d.fix for d in found if d.code == code]


HEAD = "import keras\nfrom keras import layers\n"


@pytest.mark.parametrize("source", [
    # bias_initializer and kernel_initializer are about as close: which one was meant?
    HEAD + "d = layers.Dense(8, initializer='zeros')\n",
    # The right keyword is there already: renaming would pass it twice.
    HEAD + "l = layers.LSTM(4, return_sequence=True, return_sequences=False)\n",
    # Not spelt at the call: nothing to rename there.
    HEAD + "l = layers.LSTM(4, **{'return_sequence': True})\n",
], ids=["two-close-candidates", "right-keyword-given", "through-kwargs"])
def test_no_rename_without_a_single_clear_keyword(source: str) -> None:
    assert fixes_of(source, "LL103") == [None]


@pytest.mark.parametrize("source", [
    # No import spells keras.Input, and a fix adds none.
    "from tensorflow.keras.layers import LSTM\nfrom tensorflow.keras.models import Sequential\n"
    "m = Sequential([LSTM(4, batch_input_shape=(8, 10, 3))])\n",
    # Not written in the Sequential's list: where would the Input go?
    HEAD + "m = keras.Sequential()\nm.add(layers.LSTM(4, batch_input_shape=(8, 10, 3)))\n",
    # The dtype the input layer would take from the layer has no place in the simple form.
    HEAD + "m = keras.Sequential([layers.LSTM(4, batch_input_shape=(8, 10, 3), dtype='float64')])\n",
], ids=["no-keras-import", "added", "with-dtype"])
def test_no_input_for_batch_input_shape_the_code_does_not_place(source: str) -> None:
    assert fixes_of(source, "LL103") == [None]


def test_batch_input_shape_uses_the_import_the_file_has() -> None:
    source = ("import tensorflow as tf\n"
              "m = tf.keras.Sequential([tf.keras.layers.LSTM(4, batch_input_shape=(8, 10, 3))])\n")
    fixed = fix_source(source, "example.py", Settings(), frozenset({"LL103"}), unsafe=False)
    assert fixed.text == ("import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.Input(batch_shape=(8, 10, 3)), "
                          "tf.keras.layers.LSTM(4)])\n")


def test_an_ignored_input_shape_is_kept_where_the_code_does_not_show_it_ignored() -> None:
    # Held in a name and added later: whether it comes first is not visible at the call.
    source = HEAD + ("hidden = layers.Dense(2, input_shape=(8,))\n"
                     "m = keras.Sequential([layers.Dense(8, input_shape=(4,)), hidden])\n")
    assert fixes_of(source, "LL303") == [None]


def test_no_fix_when_the_call_makes_layers_the_rule_does_not_all_report() -> None:
    # One Dense of the helper feeds a BatchNormalization, the other does not: use_bias=False at the
    # call would change both.
    source = HEAD + ("def dense():\n    return layers.Dense(8)\n"
                     "a = dense()\nb = dense()\nx = keras.Input((4,))\n"
                     "m = keras.Model(x, [layers.BatchNormalization()(a(x)), b(x)])\n")
    assert fixes_of(source, "LL392") == [None]


def test_fixes_of_one_call_made_twice_apply_once() -> None:
    source = HEAD + "for _ in range(2):\n    l = layers.LSTM(4, return_sequence=True)\n"
    found = [d for d in lint_file(source, "example.py", Settings(), ["LL103"], fixes=True).diagnostics]
    # One report for the two layers made there (rules/repeated.py), with the one fix.
    assert len(found) == 1 and found[0].fix is not None
    fixed = fix_source(source, "example.py", Settings(), frozenset({"LL103"}), unsafe=True)
    assert fixed.text == HEAD + "for _ in range(2):\n    l = layers.LSTM(4, return_sequences=True)\n"


@pytest.mark.parametrize("source", [
    HEAD + "opt = keras.optimizers.Adam(learning_rate=0.01)\n",
    "# lstm-lint-test: target-keras=2\n" + HEAD + "opt = keras.optimizers.Adam(lr=0.01)\n",
    # Made on some runs only: Keras 3 does not raise in every run.
    HEAD + "import sys\nif len(sys.argv) > 1:\n    opt = keras.optimizers.Adam(lr=0.01)\n",
], ids=["learning-rate", "target-keras-2", "conditional"])
def test_the_new_reports_keep_quiet_where_they_do_not_hold(source: str) -> None:
    settings = Settings().merged({"target-keras": "2"}, "the test") if "target-keras=2" in source else Settings()
    found = lint_source(source, "example.py", settings, ["LL103", "LL303"])
    assert found == []


def test_input_length_first_in_a_sequential_is_reported_without_a_fix() -> None:
    """tf.keras 2 built the Sequential from it; Keras 3 ignores it and leaves the model unbuilt.
    Removing it would lose the only trace of the length meant: no fix is offered."""
    from tests.keras_env import keras

    assert not keras.Sequential([keras.layers.Embedding(100, 8, input_length=10), keras.layers.Flatten()]).built
    source = HEAD + "m = keras.Sequential([layers.Embedding(100, 8, input_length=10), layers.Flatten()])\n"
    [found] = lint_source(source, "example.py", Settings(), ["LL303"])
    assert "is built only when first called on data" in found.message and found.fix is None


def test_no_fix_on_a_call_that_does_not_visibly_make_the_layer() -> None:
    # A merge function's layer is placed by its line only: the call at that place is print's.
    source = HEAD + "x = keras.Input((4,))\nprint(layers.concatenate([x, x], axs=1))\n"
    assert fixes_of(source, "LL103") == [None]


def test_arguments_that_touch_are_removed_one_pass_after_the_other() -> None:
    source = HEAD + "x = keras.Input((4,))\nm = keras.Model(x, layers.Dense(2, input_shape=(8,), input_dim=8)(x))\n"
    fixed = fix_source(source, "example.py", Settings(), frozenset({"LL303"}), unsafe=False)
    assert fixed.text == HEAD + "x = keras.Input((4,))\nm = keras.Model(x, layers.Dense(2)(x))\n"
    assert len(fixed.fixed) == 2


def test_a_layer_made_under_another_name_of_its_class_is_fixed() -> None:
    source = HEAD + "c = layers.Convolution1D(4, 3, stride=2)\n"
    fixed = fix_source(source, "example.py", Settings(), frozenset({"LL103"}), unsafe=True)
    assert fixed.text == HEAD + "c = layers.Convolution1D(4, 3, strides=2)\n"


def test_the_flake8_plugin_never_looks_for_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_lint import lint
    from tests.robustness.support import plugin_reports

    def looked(*args: object) -> None:
        raise AssertionError("the plugin looked for fixes")

    monkeypatch.setattr(lint, "with_fixes", looked)
    monkeypatch.setattr("lstm_lint.fixes.source.FixContext.__init__", looked)
    reports = plugin_reports(HEAD + "l = layers.LSTM(4, return_sequence=True)\n")
    assert [report.split()[0] for report in reports] == ["LL103"]


@pytest.mark.parametrize("source, after", [
    (HEAD + "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, None, True), layers.BatchNormalization()])\n",
     HEAD + "m = keras.Sequential([keras.Input((4,)), layers.Dense(8, None, False), layers.BatchNormalization()])\n"),
    (HEAD + "d = layers.Dense(1, 'softmax')\n", HEAD + "d = layers.Dense(1, 'sigmoid')\n"),
], ids=["use-bias", "activation"])
def test_an_argument_passed_by_position_is_set_in_place(source: str, after: str) -> None:
    codes = frozenset({"LL302", "LL392"})
    assert fix_source(source, "example.py", Settings(), codes, unsafe=True).text == after
