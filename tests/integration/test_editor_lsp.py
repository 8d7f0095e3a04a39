"""An editor session: the real python-lsp-server, with its flake8 plugin on as the README sets it up,
reports lstm-lint's diagnostic for a file opened over the Language Server Protocol.

The client below speaks LSP's JSON-RPC over the server's stdin/stdout (Content-Length framing), as
an editor does. Every wait is bounded, so a server that hangs fails the test instead of the run.
"""
from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable, Dict, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0  # seconds; pylsp and flake8 start in a few

MODEL = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 3)),
    layers.Dense(8),
    layers.LSTM(32, activation="relu"),
    layers.Dense(1),
])
'''

Message = Dict[str, Any]


class LanguageServerClient:
    """Just enough of an LSP client: requests, notifications, and answers to the server's requests."""

    def __init__(self, command: List[str], cwd: Path, log: IO[bytes]) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        self.incoming: "queue.Queue[Optional[Message]]" = queue.Queue()
        self.notifications: List[Message] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: Dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    self.incoming.put(None)  # the server closed its output
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.incoming.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def _receive(self, deadline: float) -> Message:
        """The next message that is not a request from the server (those are answered here)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the language server did not answer in time")
            try:
                message = self.incoming.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise ConnectionError(f"the language server exited (code {self.process.poll()})")
            if "method" in message and "id" in message:
                self._send({"id": message["id"], "result": None})
                continue
            return message

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._receive(deadline)
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result")
            self.notifications.append(message)

    def wait_for(self, wanted: Callable[[Message], bool]) -> Message:
        for message in self.notifications:
            if wanted(message):
                return message
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._receive(deadline)
            self.notifications.append(message)
            if wanted(message):
                return message

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
                self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def readme_pylsp_settings() -> Dict[str, Any]:
    """The pylsp settings the README tells users to set (its JSON block with a "pylsp" key)."""
    blocks = re.findall(r"```json\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    settings = [json.loads(block) for block in blocks if '"pylsp"' in block]
    assert len(settings) == 1, "the README shows one block of pylsp settings"
    return settings[0]  # type: ignore[no-any-return]


def test_pylsp_reports_the_diagnostic_on_the_layer_line(tmp_path: Path) -> None:
    settings = readme_pylsp_settings()
    plugins = settings["pylsp"]["plugins"]
    assert plugins["flake8"]["enabled"] is True
    # The README's advice for an environment whose flake8 is not first on PATH: this one's, which has
    # lstm-lint installed.
    flake8 = shutil.which("flake8", path=str(Path(sys.executable).parent))
    assert flake8 is not None, "flake8 is not installed next to the interpreter running the tests"
    plugins["flake8"]["executable"] = flake8

    source = tmp_path / "model.py"
    source.write_text(MODEL)
    layer_line = MODEL.splitlines().index('    layers.LSTM(32, activation="relu"),')
    layer_column = MODEL.splitlines()[layer_line].index("layers.LSTM")

    with open(tmp_path / "pylsp.log", "wb") as log:
        # pylsp is a test dependency: a missing one fails here ("No module named pylsp").
        client = LanguageServerClient([sys.executable, "-m", "pylsp"], tmp_path, log)
        try:
            client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
                "textDocument": {"publishDiagnostics": {}}}})
            client.notify("initialized", {})
            client.notify("workspace/didChangeConfiguration", {"settings": settings})
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": source.as_uri(), "languageId": "python", "version": 1, "text": MODEL}})
            published = client.wait_for(lambda message: message.get("method") == "textDocument/publishDiagnostics"
                                        and message["params"]["uri"] == source.as_uri()
                                        and any(str(d.get("code", "")).startswith("LL")
                                                for d in message["params"]["diagnostics"]))
        except (TimeoutError, ConnectionError) as error:
            pytest.fail(f"{error}; messages: {client.notifications}; log: {(tmp_path / 'pylsp.log').read_text()}")
        finally:
            client.close()

    diagnostics = [d for d in published["params"]["diagnostics"] if str(d.get("code", "")).startswith("LL")]
    assert [d["code"] for d in diagnostics] == ["LL301"], diagnostics
    assert diagnostics[0]["source"] == "flake8"
    assert diagnostics[0]["range"]["start"] == {"line": layer_line, "character": layer_column}
    assert "cuDNN" in diagnostics[0]["message"]
