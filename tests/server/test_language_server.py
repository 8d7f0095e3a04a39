"""``lstm-lint server`` end to end: a real LSP client (pytest-lsp) starts the server over stdio and
opens a real file; the shapes and counts it shows are compared with what Keras builds from the same
code. Every wait is bounded, so a server that hangs fails the test instead of the run."""
from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.keras_env import keras

TIMEOUT = 30.0  # seconds: the server starts in well under one

# LL301 on the LSTM (activation="relu" rules out the fused kernel). Its name holds a character
# outside the Basic Multilingual Plane: two UTF-16 code units for one code point, so the columns
# after it differ between lstm-lint and LSP.
MODEL = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 3)),
    layers.LSTM(32, activation="relu", return_sequences=True, name="enc😀"),
    layers.GRU(8),
    layers.Dense(1),
])
'''
LSTM_LINE = 5  # 0-based, as LSP counts
REFRESHES = asyncio.Event()  # set when the server asks the client to ask for inlay hints again
REGISTRATIONS: List[types.Registration] = []  # what the server asked the client to tell it about


def keras_rows(source: str) -> Tuple[List[Tuple[str, int]], int]:
    """(output shape text, count_params) of each layer of ``model`` as Keras builds it, and the total."""
    keras.backend.clear_session()
    namespace: Dict[str, Any] = {}
    exec(compile(source, "<model>", "exec"), namespace)
    model = namespace["model"]
    return [(str(tuple(layer.output.shape)), layer.count_params()) for layer in model.layers], model.count_params()


def readme_server_command() -> List[str]:
    """The command the README's VS Code settings start the server with, run from the environment
    of these tests (where the ``lstm-lint`` script is installed next to the interpreter)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", readme, re.DOTALL)
              if "glspc.server.command" in block]
    assert len(blocks) == 1, "the README shows one block of VS Code settings for the server"
    command = shutil.which(blocks[0]["glspc.server.command"], path=str(Path(sys.executable).parent))
    assert command is not None, "the lstm-lint script is not installed next to the interpreter running the tests"
    return [command, *blocks[0]["glspc.server.commandArguments"]]


def make_client() -> LanguageClient:
    """pytest-lsp's test client, recording every diagnostics publication (its own keeps the last
    per document) and the server's requests to refresh hints and to register for file changes."""
    # pygls passes the client to a handler whose first parameter is annotated with its class.
    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        PUBLISHED.add(params)

    def refresh(client: LanguageClient, params: None) -> None:
        REFRESHES.set()

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        REGISTRATIONS.extend(params.registrations)

    client = LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.WORKSPACE_INLAY_HINT_REFRESH: refresh,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


# One server for the module, as an editor keeps one for its session: each test opens its own files.
@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=readme_server_command(),
                                                              client_factory=make_client))
async def client(lsp_client: LanguageClient) -> Any:
    capabilities = client_capabilities("visual-studio-code")
    assert capabilities.workspace is not None
    capabilities.workspace.inlay_hint = types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


class Publications:
    """Every ``publishDiagnostics`` the server sent, in order, each read once. (Waiting for the
    next notification instead could miss one that arrives while the test looks at another.)"""

    def __init__(self) -> None:
        self.received: List[types.PublishDiagnosticsParams] = []
        self.read = 0  # how many of them the tests have read
        self.arrived = asyncio.Event()

    def add(self, params: types.PublishDiagnosticsParams) -> None:
        self.received.append(params)
        self.arrived.set()

    async def next_for(self, uri: str) -> types.PublishDiagnosticsParams:
        """The next publication for ``uri`` not read yet (those for other documents are skipped)."""
        async def wait() -> types.PublishDiagnosticsParams:
            while True:
                while self.read < len(self.received):
                    params = self.received[self.read]
                    self.read += 1
                    if params.uri == uri:
                        return params
                self.arrived.clear()
                await self.arrived.wait()
        return await asyncio.wait_for(wait(), TIMEOUT)


PUBLISHED = Publications()


async def published(client: LanguageClient, uri: str, version: int) -> List[types.Diagnostic]:
    """The diagnostics the server publishes next for ``uri``, which must be for ``version``."""
    params = await PUBLISHED.next_for(uri)
    assert params.version == version
    return list(params.diagnostics)


def open_file(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    return uri


def whole(uri: str) -> types.InlayHintParams:
    return types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                 range=types.Range(types.Position(0, 0), types.Position(10_000, 0)))


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_hints_and_hover_on_a_real_file(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_file(client, tmp_path / "model.py", MODEL)
    diagnostics = await published(client, uri, 1)
    assert [diagnostic.code for diagnostic in diagnostics] == ["LL301"]
    lstm = diagnostics[0]
    line_text = MODEL.splitlines()[LSTM_LINE]
    call = line_text[line_text.index("layers.LSTM"):line_text.rindex(")") + 1]
    start = line_text.index("layers.LSTM")
    # The range covers the constructor call, its end counted in UTF-16 units (the emoji takes two).
    assert lstm.range == types.Range(types.Position(LSTM_LINE, start),
                                     types.Position(LSTM_LINE, start + len(call) + 1))
    assert lstm.severity == types.DiagnosticSeverity.Warning
    assert lstm.code_description is not None
    assert lstm.code_description.href.endswith("docs/rules.md#ll301")
    assert lstm.source == "lstm-lint"

    hints = await asyncio.wait_for(client.text_document_inlay_hint_async(whole(uri)), TIMEOUT)
    assert hints is not None
    rows, total = keras_rows(MODEL)
    expected = [f"{shape} · {count:,}" for shape, count in rows] + [f"{total:,} params"]
    assert [hint.label for hint in hints] == expected
    assert [hint.position.line for hint in hints] == [5, 6, 7, 8]
    # After the call, in UTF-16 units.
    assert hints[0].position.character == start + len(call) + 1

    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(LSTM_LINE, start + 3))),
        TIMEOUT)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    lstm_count = rows[0][1]
    assert (f"4 × (units × (units + input_dim) + units) = 4 × (32 × (32 + 3) + 32) = {lstm_count:,}"
            in hover.contents.value)
    model_hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 2))), TIMEOUT)
    assert model_hover is not None and isinstance(model_hover.contents, types.MarkupContent)
    assert f"Total params: {total:,}" in model_hover.contents.value
    assert "gru (GRU)" in model_hover.contents.value


@pytest.mark.asyncio(loop_scope="module")
async def test_a_change_republishes_unsaved_text(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_file(client, tmp_path / "model.py", MODEL)
    assert [diagnostic.code for diagnostic in await published(client, uri, 1)] == ["LL301"]
    # Unsaved: the file on disk keeps the relu; the server reads the editor's text.
    fixed = MODEL.replace('activation="relu", ', "")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    REFRESHES.clear()
    assert await published(client, uri, 2) == []
    # The hints moved (the LSTM's call is shorter): the server asks the client to fetch them again.
    await asyncio.wait_for(REFRESHES.wait(), TIMEOUT)
    hints = await asyncio.wait_for(client.text_document_inlay_hint_async(whole(uri)), TIMEOUT)
    assert hints is not None
    rows, total = keras_rows(fixed)
    assert [hint.label for hint in hints] == [f"{shape} · {count:,}" for shape, count in rows] + [f"{total:,} params"]


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_files_do_not_stop_the_server(client: LanguageClient, tmp_path: Path) -> None:
    broken = open_file(client, tmp_path / "broken.py", "import keras\nmodel = keras.Sequential([\n")
    assert await published(client, broken, 1) == []  # a syntax error is the Python servers' to report
    deep = open_file(client, tmp_path / "deep.py", "import keras\nx = " + "a and " * 3_500 + "a\n")
    assert [diagnostic.code for diagnostic in await published(client, deep, 1)] == ["LL900"]
    # The server is still there, and still right.
    uri = open_file(client, tmp_path / "model.py", MODEL)
    assert [diagnostic.code for diagnostic in await published(client, uri, 1)] == ["LL301"]


@pytest.mark.asyncio(loop_scope="module")
async def test_each_file_gets_its_own_configuration(client: LanguageClient, tmp_path: Path) -> None:
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "pyproject.toml").write_text("[tool.lstm-lint]\nmax-model-params = 1000\nignore = [\"LL301\"]\n")
    uri = open_file(client, strict / "model.py", MODEL)
    assert [diagnostic.code for diagnostic in await published(client, uri, 1)] == ["LL201"]
    other = open_file(client, tmp_path / "model.py", MODEL)
    assert [diagnostic.code for diagnostic in await published(client, other, 1)] == ["LL301"]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_burst_of_changes_is_analysed_once(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_file(client, tmp_path / "model.py", MODEL)
    await published(client, uri, 1)
    # Typing: five changes at once. The first comes after a pause and is analysed at once; the
    # others come in a burst: each cancels the analysis still waiting, so only the last is analysed.
    # (The first's result is published only if its analysis ended before the server read the next
    # change.)
    for version in range(2, 7):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(
                text=MODEL.replace("layers.GRU(8)", f"layers.GRU({version})"))]))

    async def versions_until_last() -> List[int]:
        seen = []
        while not seen or seen[-1] != 6:
            seen.append((await PUBLISHED.next_for(uri)).version)
        return seen

    assert await asyncio.wait_for(versions_until_last(), TIMEOUT) in ([6], [2, 6])
    hints = await asyncio.wait_for(client.text_document_inlay_hint_async(whole(uri)), TIMEOUT)
    assert hints is not None
    rows, _ = keras_rows(MODEL.replace("layers.GRU(8)", "layers.GRU(6)"))
    assert hints[1].label == f"{rows[1][0]} · {rows[1][1]:,}"


KERAS2_INPUT = '''import keras
from keras import layers

model = keras.Sequential([
    layers.LSTM(4, batch_input_shape=(8, 10, 3)),
    layers.Dense(1),
])
'''


def apply_text_edits(text: str, edits: List[types.TextEdit]) -> str:
    """The edits made on an ASCII text (where LSP's columns are characters), last first."""
    starts = [0]
    for line in text.splitlines(True):
        starts.append(starts[-1] + len(line))
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        begin = starts[edit.range.start.line] + edit.range.start.character
        end = starts[edit.range.end.line] + edit.range.end.character
        text = text[:begin] + edit.new_text + text[end:]
    return text


@pytest.mark.asyncio(loop_scope="module")
async def test_a_safe_fix_is_the_preferred_quick_fix(client: LanguageClient, tmp_path: Path) -> None:
    from lstm_lint.rules import RULES_BY_CODE

    if not getattr(RULES_BY_CODE["LL103"], "FIXES", ()):
        pytest.skip("LL103 offers no fix in this version of lstm-lint")
    uri = open_file(client, tmp_path / "model.py", KERAS2_INPUT)
    diagnostics = await published(client, uri, 1)
    assert [diagnostic.code for diagnostic in diagnostics] == ["LL103"]
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=diagnostics))), TIMEOUT)
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction)
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert action.edit is not None and action.edit.document_changes is not None
    change = action.edit.document_changes[0]
    assert isinstance(change, types.TextDocumentEdit) and change.text_document.version == 1
    fixed = apply_text_edits(KERAS2_INPUT, list(change.edits))  # type: ignore[arg-type]
    assert fixed == KERAS2_INPUT.replace("    layers.LSTM(4, batch_input_shape=(8, 10, 3)),",
                                         "    keras.Input(batch_shape=(8, 10, 3)),\n    layers.LSTM(4),")
    # The fixed code builds in Keras 3 (the Keras 2 code did not), into the model the hints showed.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert await published(client, uri, 2) == []
    hints = await asyncio.wait_for(client.text_document_inlay_hint_async(whole(uri)), TIMEOUT)
    assert hints is not None
    rows, total = keras_rows(fixed)
    assert [hint.label for hint in hints] == [f"{shape} · {count:,}" for shape, count in rows] + [f"{total:,} params"]


@pytest.mark.asyncio(loop_scope="module")
async def test_an_edited_configuration_applies_to_open_documents(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_file(client, tmp_path / "model.py", MODEL)
    assert [diagnostic.code for diagnostic in await published(client, uri, 1)] == ["LL301"]
    # The server asked to hear of changes to every kind of configuration file.
    watched = [registration.register_options for registration in REGISTRATIONS
               if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched == [{"watchers": [{"globPattern": f"**/{name}"}
                                     for name in ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8")]}]
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.lstm-lint]\nignore = ["LL301"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    assert await published(client, uri, 1) == []  # the same text, analysed again


@pytest.mark.asyncio(loop_scope="module")
async def test_an_imported_module_is_read_from_its_open_document(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text("UNITS = 4\n")
    train = ("import keras\nfrom config import UNITS\n\n"
             "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(UNITS)])\n")
    config = tmp_path / "config.py"
    config_uri = config.as_uri()
    # Unsaved: the disk says 4, the editor 0 (which Keras rejects).
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=config_uri, language_id="python", version=1, text="UNITS = 0\n")))
    await published(client, config_uri, 1)
    uri = open_file(client, tmp_path / "train.py", train)
    assert [diagnostic.code for diagnostic in await published(client, uri, 1)] == ["LL102"]
    # An edit of the imported module's document analyses the document importing it again.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=config_uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="UNITS = 8\n")]))
    assert await published(client, uri, 1) == []
