"""The language server: pygls speaks the protocol, ``document.analyse_document`` does the work.

One process serves the editor for its whole session, so libcst and the layer registry are loaded
once. Each open document is analysed on open, on save and on change, off the protocol's thread,
one analysis at a time; a result that a newer change has made stale is never published.

When to analyse after a change (adaptive debounce): a change that comes after a quiet moment is
analysed at once, so a single edit shows its diagnostics as fast as the analysis allows; a change
that comes in a burst (typing) waits until the burst pauses for ``DEBOUNCE`` seconds, and each new
change cancels the analysis still waiting, so a fast typist does not queue one analysis per key.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from lstm_lint import __version__
from lstm_lint.config_files import CANDIDATES
from lstm_lint.rules.base import Diagnostic, docs_url, level_of
from lstm_lint.server.document import DocumentReport, DocumentSettings, analyse_document
from lstm_lint.server.text import UTF8, UTF16, UTF32, LineIndex
from lstm_lint.source.parts import PartCache

# A change within this many seconds of the previous one is part of a burst (typing, ~5-10 keys a
# second), and is analysed once the burst pauses for DEBOUNCE seconds.
BURST_GAP = 0.4
DEBOUNCE = 0.15
SOURCE = "lstm-lint"

_ENCODINGS: Dict[str, str] = {
    types.PositionEncodingKind.Utf8.value: UTF8,
    types.PositionEncodingKind.Utf16.value: UTF16,
    types.PositionEncodingKind.Utf32.value: UTF32,
}

log = logging.getLogger(__name__)


@dataclass
class Analysed:
    """The last report published for a document, for the requests that read it."""

    version: Optional[int]
    report: DocumentReport
    lines: LineIndex


class LstmLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, __version__)
        self.analysed: Dict[str, Analysed] = {}
        self.settings_of = DocumentSettings()
        # One analysis at a time, off the thread that reads the client's messages (so a long
        # analysis does not hold up a hover on another file). pygls reads stdin on its own pool.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lstm-lint-analysis")
        self.pending: Dict[str, "asyncio.Future[None]"] = {}
        # libcst's parses of the documents' parts, reused across edits (only the analysis thread
        # touches it: one analysis at a time).
        self.parse_cache = PartCache()
        self.last_change: Dict[str, float] = {}

    @property
    def encoding(self) -> str:
        """The unit of columns agreed with the client at initialisation (UTF-16 unless it offered
        another)."""
        chosen = self.server_capabilities.position_encoding
        return _ENCODINGS.get(str(chosen), UTF16) if chosen is not None else UTF16

    @property
    def versioned_edits(self) -> bool:
        """Whether the client takes edits tied to a document version (so that a fix computed on an
        older text is refused rather than applied in the wrong places)."""
        workspace = self.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace is not None else None
        return bool(edit is not None and edit.document_changes)

    @property
    def watches_files(self) -> bool:
        workspace = self.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace is not None else None
        return bool(watching is not None and watching.dynamic_registration)

    @property
    def refreshes_hints(self) -> bool:
        workspace = self.client_capabilities.workspace
        hints = workspace.inlay_hint if workspace is not None else None
        return bool(hints is not None and hints.refresh_support)

    def schedule(self, uri: str, changed: bool) -> "asyncio.Future[None]":
        """Analyse ``uri`` now, or, for a change in a burst, once the burst pauses; a waiting
        analysis of the same document is cancelled."""
        now = time.monotonic()
        delay = 0.0
        if changed:
            previous = self.last_change.get(uri)
            self.last_change[uri] = now
            if previous is not None and now - previous < BURST_GAP:
                delay = DEBOUNCE
        waiting = self.pending.pop(uri, None)
        if waiting is not None and not waiting.done():
            waiting.cancel()
        task = asyncio.ensure_future(self._analyse_later(uri, delay))
        self.pending[uri] = task
        if changed:
            # The open documents that import this one (as a module of their project) read its text.
            path = os.path.abspath(document_path(uri))
            for other, analysed in list(self.analysed.items()):
                if other != uri and path in analysed.report.dependencies:
                    self.schedule(other, False)
        return task

    async def _analyse_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        try:
            await self._analyse_now(uri)
        except Exception as error:  # a bug here must cost one document's update, not the session
            log.exception("lstm-lint could not update %s", uri)
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error, message=f"lstm-lint could not update {uri}: {error!r}"))

    async def _analyse_now(self, uri: str) -> None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return  # closed meanwhile
        text, version = document.source, document.version
        path = document_path(uri)
        # A copy made here, on the loop's thread: the analysis runs on another.
        open_texts = {document_path(other): open_document.source
                      for other, open_document in self.workspace.text_documents.items() if other != uri}
        report = await asyncio.get_running_loop().run_in_executor(
            self.executor, analyse_document, text, path, self.settings_of, self.parse_cache, open_texts)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version or current.source != text:
            return  # closed, or changed while analysed: the newer change's analysis publishes
        lines = LineIndex(text, self.encoding)
        before = self.analysed.get(uri)
        self.analysed[uri] = Analysed(version, report, lines)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[lsp_diagnostic(d, lines) for d in report.diagnostics]))
        if before is not None and before.report.hints != report.hints and self.refreshes_hints:
            # The client asked for hints before this analysis (on open, or a save that changed
            # the configuration): it asks again on a refresh.
            self.workspace_inlay_hint_refresh(None)

    async def current(self, uri: str) -> Optional[Analysed]:
        """The document's analysis, once the one waiting or running (if any) has finished."""
        waiting = self.pending.get(uri)
        if waiting is not None and not waiting.done():
            try:
                await asyncio.shield(waiting)
            except asyncio.CancelledError:
                if not waiting.cancelled():
                    raise  # the request itself was cancelled
                # The analysis was, by a newer change: wait for that one's instead.
                return await self.current(uri) if self.pending.get(uri) is not waiting else None
        return self.analysed.get(uri)

    def forget(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.analysed.pop(uri, None)
        self.last_change.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def document_path(uri: str) -> str:
    """The file a document is (its configuration is looked up from its directory); an unsaved new
    document (``untitled:``) is read as a file in the working directory."""
    path = to_fs_path(uri)
    if path:
        return path
    return os.path.join(os.getcwd(), os.path.basename(uri.split(":", 1)[-1]) or "untitled.py")


def lsp_range(lines: LineIndex, line: int, column: int, end_line: Optional[int], end_column: Optional[int]
              ) -> types.Range:
    start = lines.to_client(line, column)
    if end_line is None or end_column is None:
        end_line, end_column = line, lines.line_end(line)  # to the end of the line
    end = lines.to_client(end_line, end_column)
    return types.Range(types.Position(*start), types.Position(*end))


def lsp_diagnostic(diagnostic: Diagnostic, lines: LineIndex) -> types.Diagnostic:
    return types.Diagnostic(
        range=lsp_range(lines, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column),
        message=diagnostic.message,
        severity=(types.DiagnosticSeverity.Error if level_of(diagnostic.code) == "error"
                  else types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=docs_url(diagnostic.code)),
        source=SOURCE,
    )


def build_server() -> LstmLintServer:
    server = LstmLintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: LstmLintServer, params: types.InitializedParams) -> None:
        if ls.watches_files:
            # Tell us when a configuration file changes: its settings apply to the open documents
            # at once, not from their next edit.
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="lstm-lint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CANDIDATES]))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: LstmLintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in CANDIDATES for change in params.changes):
            for uri in list(ls.workspace.text_documents):
                ls.schedule(uri, changed=False)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LstmLintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, changed=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LstmLintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, changed=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LstmLintServer, params: types.DidSaveTextDocumentParams) -> None:
        # The text is the same, but the configuration beside it may have changed since.
        ls.schedule(params.text_document.uri, changed=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LstmLintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def inlay_hints(ls: LstmLintServer, params: types.InlayHintParams) -> List[types.InlayHint]:
        analysed = await ls.current(params.text_document.uri)
        if analysed is None:
            return []
        first, last = params.range.start.line, params.range.end.line
        hints = []
        for hint in analysed.report.hints:
            line, character = analysed.lines.to_client(hint.line, hint.column)
            if first <= line <= last:
                # Kind "type": what a value is (a tensor's shape, a layer's size), shown as editors
                # show inferred types.
                hints.append(types.InlayHint(position=types.Position(line, character), label=hint.label,
                                             kind=types.InlayHintKind.Type, padding_left=True))
        return hints

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: LstmLintServer, params: types.HoverParams) -> Optional[types.Hover]:
        analysed = await ls.current(params.text_document.uri)
        if analysed is None:
            return None
        found = analysed.report.hover_at(analysed.lines.from_client(params.position.line, params.position.character))
        if found is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
            range=lsp_range(analysed.lines, found.start[0], found.start[1], found.end[0], found.end[1]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_actions(ls: LstmLintServer, params: types.CodeActionParams) -> List[types.CodeAction]:
        uri = params.text_document.uri
        analysed = await ls.current(uri)
        document = ls.workspace.text_documents.get(uri)
        if analysed is None or document is None or document.version != analysed.version:
            return []  # edits computed on another text would land in the wrong places
        return fix_actions(uri, analysed, params.range, ls.versioned_edits)

    return server


def fix_actions(uri: str, analysed: Analysed, wanted: types.Range, versioned: bool) -> List[types.CodeAction]:
    """A quick fix for each diagnostic with a fix whose range meets ``wanted``: a safe fix is the
    preferred action; an unsafe one (it changes the model) says so in its title."""
    actions = []
    for diagnostic in analysed.report.diagnostics:
        if diagnostic.fix is None:
            continue
        shown = lsp_diagnostic(diagnostic, analysed.lines)
        if _before(shown.range.end, wanted.start) or _before(wanted.end, shown.range.start):
            continue
        fix = diagnostic.fix
        edits = [types.TextEdit(range=lsp_range(analysed.lines, edit.line, edit.column, edit.end_line,
                                                edit.end_column), new_text=edit.replacement)
                 for edit in fix.edits]
        if versioned:
            change = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=analysed.version),
                edits=list(edits))])
        else:
            change = types.WorkspaceEdit(changes={uri: edits})
        actions.append(types.CodeAction(
            title=f"{fix.message} ({diagnostic.code})" if fix.safe
            else f"{fix.message} ({diagnostic.code}, unsafe: changes the model)",
            kind=types.CodeActionKind.QuickFix, diagnostics=[shown], is_preferred=fix.safe, edit=change))
    return actions


def _before(first: types.Position, second: types.Position) -> bool:
    return (first.line, first.character) < (second.line, second.character)


def serve(stdin: Any = None, stdout: Any = None) -> None:
    """Speak LSP over standard input and output until the client says exit."""
    build_server().start_io(stdin, stdout)
