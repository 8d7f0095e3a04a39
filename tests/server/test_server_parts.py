"""The server's parts that need no client: positions in UTF-16, quick fixes as code actions, and
the command without pygls installed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from lsprotocol import types

from lstm_lint.fixes import Edit, Fix
from lstm_lint.rules.base import Diagnostic
from lstm_lint.server import document
from lstm_lint.server.document import DocumentReport, analyse_document
from lstm_lint.server.protocol import Analysed, fix_actions
from lstm_lint.server.text import UTF8, UTF16, UTF32, LineIndex

RELU = ('import keras\n'
        'model = keras.Sequential([keras.Input(shape=(3, 2)), keras.layers.LSTM(4, activation="relu")])\n')
TEXT = 'x = 1\r\nname = "😀é"; y = f(2)\n\x0cz = 3\n'


def test_columns_are_converted_to_the_agreed_code_units() -> None:
    after = TEXT.splitlines()[1].index("y")  # code points: the emoji is one
    assert LineIndex(TEXT, UTF16).to_client(2, after) == (1, after + 1)  # ... and two UTF-16 units
    assert LineIndex(TEXT, UTF8).to_client(2, after) == (1, after + 4)  # four bytes for one, and é two
    assert LineIndex(TEXT, UTF32).to_client(2, after) == (1, after)
    for encoding in (UTF8, UTF16, UTF32):
        lines = LineIndex(TEXT, encoding)
        assert lines.from_client(*lines.to_client(2, after)) == (2, after)


def test_lines_are_counted_as_python_and_lsp_count_them() -> None:
    # A form feed does not end a line for Python's parser or for LSP (str.splitlines says it does).
    lines = LineIndex(TEXT)
    assert lines.to_client(3, 1) == (2, 1)
    assert lines.line_end(3) == len("\x0cz = 3")
    assert lines.to_client(99, 0) == (3, 0)  # past the end: the last line


def test_fixes_become_quick_fixes_safe_ones_preferred() -> None:
    text = 'layers.LSTM(4, return_sequence=True)  # 😀\nlayers.GRU(4)\n'
    rename = Fix("Replace `return_sequence` with `return_sequences`", True,
                 (Edit(1, 15, 1, 30, "return_sequences"),))
    drop = Fix("Remove the GRU", False, (Edit(2, 0, 2, 13, ""),))
    report = DocumentReport([
        Diagnostic(1, 0, "LL103", "unknown keyword", 1, 36, fix=rename),
        Diagnostic(2, 0, "LL301", "no fused kernel", 2, 13, fix=drop),
        Diagnostic(2, 0, "LL302", "no fix here", 2, 13),
    ])
    analysed = Analysed(7, report, LineIndex(text))
    everything = types.Range(types.Position(0, 0), types.Position(5, 0))
    actions = fix_actions("file:///m.py", analysed, everything, versioned=True)
    assert [(action.title, action.kind, action.is_preferred) for action in actions] == [
        ("Replace `return_sequence` with `return_sequences` (LL103)", types.CodeActionKind.QuickFix, True),
        ("Remove the GRU (LL301, unsafe: changes the model)", types.CodeActionKind.QuickFix, False),
    ]
    edit = actions[0].edit
    assert edit is not None and edit.document_changes is not None
    change = edit.document_changes[0]
    assert isinstance(change, types.TextDocumentEdit) and change.text_document.version == 7
    assert change.edits == [types.TextEdit(types.Range(types.Position(0, 15), types.Position(0, 30)),
                                           "return_sequences")]
    # Only the fixes of diagnostics in the range asked about; plain edits for clients without versions.
    second_line = types.Range(types.Position(1, 3), types.Position(1, 3))
    only = fix_actions("file:///m.py", analysed, second_line, versioned=False)
    assert [action.title for action in only] == ["Remove the GRU (LL301, unsafe: changes the model)"]
    assert only[0].edit is not None and only[0].edit.changes is not None
    assert list(only[0].edit.changes) == ["file:///m.py"]


def test_without_pygls_the_command_says_how_to_install_it() -> None:
    blocked = ("import sys; sys.modules['pygls'] = None; from lstm_lint.cli import main; "
               "sys.exit(main(['server']))")
    result = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        'lstm-lint server: error: the language server needs pygls: pip install "lstm-lint[server]"']


RECURRENT = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(7, 5)),
    layers.SimpleRNN(3, return_sequences=True),
    layers.GRU(4, return_sequences=True),
    layers.GRU(2, reset_after=False, return_sequences=True),
    layers.Bidirectional(layers.LSTM(3, use_bias=False, return_sequences=True)),
    layers.Bidirectional(layers.SimpleRNN(2)),
])
for width in (1, 2):
    model.add(layers.Dense(width))
'''


def test_hover_formulas_add_up_to_what_keras_counts() -> None:
    from tests.keras_env import keras

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(RECURRENT, "<model>", "exec"), namespace)
    counts = [layer.count_params() for layer in namespace["model"].layers]
    report = analyse_document(RECURRENT, "model.py")
    formulas = []
    for line in range(6, 11):
        hover = report.hover_at((line, 8))
        assert hover is not None
        formulas.append(hover.markdown.splitlines()[-1])
    assert [formula.rsplit(" = ", 1)[1] for formula in formulas] == [f"{count:,}`" for count in counts[:5]]
    assert formulas[2] == f"`3 × (units × (units + input_dim) + units) = 3 × (2 × (2 + 4) + 2) = {counts[2]:,}`"
    assert formulas[4] == f"`2 × (units × (units + input_dim) + units) = 2 × (2 × (2 + 6) + 2) = {counts[4]:,}`"
    # The Dense made in the loop is two layers: no one label is right for both.
    assert [hint.label for hint in report.hints if hint.line == 13] == ["? (several layers are built here)"]


UNKNOWN_INPUT = '''import sys

import keras
from keras import layers

features = len(sys.argv)
model = keras.Sequential([
    keras.Input(shape=(20, features)),
    layers.LSTM(8),
    layers.Dense(1),
])
'''


def test_what_differs_between_runs_is_a_formula() -> None:
    from tests.keras_env import keras

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(UNKNOWN_INPUT, "<model>", "exec"), namespace)
    lstm, dense = namespace["model"].layers
    report = analyse_document(UNKNOWN_INPUT, "model.py")
    labels = [hint.label for hint in report.hints]
    # The LSTM's count depends on the command line, as a formula; its output shape and the Dense's
    # count do not.
    # A formula names what it depends on: the label gives no reason beside it (a ``?`` does).
    assert labels[0] == f"{tuple(lstm.output.shape)} · 32 × features + 288"
    assert eval("32 * features + 288", namespace) == lstm.count_params()
    assert labels[1] == f"{tuple(dense.output.shape)} · {dense.count_params():,}"
    assert labels[2].startswith("32 × features + 297 params")
    assert eval("32 * features + 297", namespace) == namespace["model"].count_params()


def test_what_differs_between_runs_and_has_no_formula_is_a_question_mark_with_its_reason() -> None:
    source = UNKNOWN_INPUT.replace("keras.Input(shape=(20, features))", "keras.Input(shape=(20, features // 2))")
    assert source != UNKNOWN_INPUT
    labels = [hint.label for hint in analyse_document(source, "model.py").hints]
    assert labels[0] == "(None, 8) · ? (line 6: features = len(...) is computed at run time)"
    assert labels[1] == "(None, 1) · 9"
    assert labels[2].startswith("? params")


def test_a_failure_inside_becomes_ll900_and_the_rest_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("hint placement failed")

    monkeypatch.setattr(document, "_shapes_and_counts", broken)
    report = analyse_document(RELU, "model.py")
    assert [diagnostic.code for diagnostic in report.diagnostics] == ["LL301", "LL900"]
    assert "RuntimeError: hint placement failed" in report.diagnostics[1].message
    assert report.hints == []

    class BrokenSettings(document.DocumentSettings):
        def settings(self, path: str) -> Any:
            raise MemoryError()

    report = analyse_document(RELU, "model.py", BrokenSettings())
    assert [diagnostic.code for diagnostic in report.diagnostics] == ["LL900"]


def test_noqa_and_configuration_errors_as_check_reads_them(tmp_path: Path) -> None:
    assert [d.code for d in analyse_document(RELU, str(tmp_path / "model.py")).diagnostics] == ["LL301"]
    silenced = RELU.replace("])\n", "])  # noqa: LL301\n")
    assert analyse_document(silenced, str(tmp_path / "model.py")).diagnostics == []
    (tmp_path / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = -3\n")
    report = analyse_document(RELU, str(tmp_path / "model.py"))
    assert [(d.code, d.line) for d in report.diagnostics] == [("LL900", 1)]
    assert "max-model-params" in report.diagnostics[0].message
    assert report.hints  # the shapes and counts are still shown, with the default settings


NO_MODEL = '''import keras
from keras import layers

inputs = keras.Input((5, 3))
sequence = layers.LSTM(4, return_sequences=True)(inputs)
encoded = layers.Bidirectional(layers.GRU(2))(sequence)
never_called = layers.Dense(3)
'''


def test_layers_called_outside_any_model_get_what_keras_gives_them() -> None:
    from tests.keras_env import keras

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(NO_MODEL, "<model>", "exec"), namespace)
    expected = []
    for output in (namespace["sequence"], namespace["encoded"]):
        layer = output._keras_history[0]
        expected.append(f"{tuple(output.shape)} · {layer.count_params():,}")
    # No hint for the Dense: it is never built, and no model shows it.
    assert [hint.label for hint in analyse_document(NO_MODEL, "model.py").hints] == expected


BUILT_TWICE = '''import keras
from keras import layers


def build(units):
    return keras.Sequential([keras.Input((5, 3)), layers.LSTM(units)])


small = build(4)
large = build(8)
both = [build(units) for units in (2, 3)]
'''


def test_a_model_built_by_a_function_is_shown_where_the_function_is_called() -> None:
    from tests.keras_env import keras

    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(BUILT_TWICE, "<model>", "exec"), namespace)
    report = analyse_document(BUILT_TWICE, "model.py")
    labels: Dict[int, List[str]] = {}
    for hint in report.hints:
        labels.setdefault(hint.line, []).append(hint.label)
    assert labels[9] == [f"{namespace['small'].count_params():,} params"]
    assert labels[10] == [f"{namespace['large'].count_params():,} params"]
    # The builder's code makes every layer and model, and the two models of ``both`` are named by
    # no call: no one count is right for all of them there.
    assert labels[6] == ["? (several layers are built here)", "? (several models are built here)"]
    assert 11 not in labels
    hover = report.hover_at((9, 3))
    assert hover is not None and f"Total params: {namespace['small'].count_params():,}" in hover.markdown


OP_ROWS = '''import keras
from keras import layers
x = keras.Input((3,))
y = x + 1
m = keras.Model(x, layers.Dense(2)(y))
'''


def test_op_rows_of_a_functional_table_get_no_hint() -> None:
    # The table lists ``add (Add)`` (Keras's summary() lists the ops): a hint labels a layer's call,
    # and line 4 calls none.
    labels: Dict[int, List[str]] = {}
    for hint in analyse_document(OP_ROWS, "model.py").hints:
        labels.setdefault(hint.line, []).append(hint.label)
    assert 4 not in labels
    assert labels[5][0] == "(None, 2) · 8"
