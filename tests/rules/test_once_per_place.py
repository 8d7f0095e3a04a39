"""A layer constructed in a loop is several layer objects made at one place in the source: a fault
there is reported once, naming them all, in every front-end (``check``, the flake8 plugin, the
language server all take their diagnostics from ``rules.run_rules``)."""
from __future__ import annotations

import ast
import textwrap

import pytest

from lstm_lint.config import Settings
from lstm_lint.lint import analyse_guarded, lint_file, lint_program
from lstm_lint.plugin import LstmLintChecker
from tests.keras_env import keras

SOURCE = textwrap.dedent("""
    import keras
    from keras import layers
    inputs = keras.Input((8,))
    x = inputs
    for _ in range(2):
        x = layers.LayerNormalization(epsilom=1e-6)(x)
    model = keras.Model(inputs, x)
""")
TYPO_LINE = 7


def test_keras_raises_there() -> None:
    with pytest.raises(ValueError, match="epsilom"):
        exec(compile(SOURCE, "<program>", "exec"), {"keras": keras})


def test_one_diagnostic_naming_both_layers() -> None:
    diagnostics = lint_file(SOURCE, "loop.py", Settings()).diagnostics
    assert [(diagnostic.line, diagnostic.code) for diagnostic in diagnostics] == [(TYPO_LINE, "LL103")]
    message = diagnostics[0].message
    assert message.startswith("LayerNormalization (2 layers made here: 'layer_normalization', "
                              "'layer_normalization_1'): unknown keyword argument epsilom=")


def test_every_front_end_reports_it_once() -> None:
    plugin = [report for report in LstmLintChecker(ast.parse(SOURCE), "loop.py", SOURCE.splitlines(True)).run()]
    assert [(line, text.split()[0]) for line, _, text, _ in plugin] == [(TYPO_LINE, "LL103")]
    program = analyse_guarded(SOURCE, "loop.py")
    served = lint_program(program, Settings(), None, ends=True, fixes=True).diagnostics
    assert [(diagnostic.line, diagnostic.code) for diagnostic in served] == [(TYPO_LINE, "LL103")]
    assert served[0].fix is not None  # the rename the single close match offers applies to both


BLOCKS = textwrap.dedent("""
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units)

        def call(self, x):
            return self.dense(x)


    blocks = []
    for _ in range(2):
        blocks.append(Block(4, epsilom=1e-6))
""")


def test_a_class_of_the_programs_made_in_a_loop() -> None:
    with pytest.raises(ValueError, match="epsilom"):
        exec(compile(BLOCKS, "<program>", "exec"), {"keras": keras})
    diagnostics = lint_file(BLOCKS, "blocks.py", Settings()).diagnostics
    assert [(diagnostic.line, diagnostic.code, diagnostic.message) for diagnostic in diagnostics] == [
        (17, "LL103", "Block (2 layers made here: 'block', 'block_1'): unknown keyword argument epsilom=")]
