"""How fast an editor sees diagnostics after an edit: ``lstm-lint server`` against spawning flake8.

On one generated training script of about 300 lines (``corpus.project_file(index, 300)``: models in
the styles scripts use, data helpers, a main block), in one run, side by side:
  - server: the time from sending a ``textDocument/didChange`` (the whole text, one number changed)
    to receiving the ``textDocument/publishDiagnostics`` for that version, over stdio, as an editor
    sees it; median over ``--changes`` edits (at least 30). The edits are a second apart: each is a
    single edit after a quiet moment, which the server analyses at once (protocol.py: adaptive
    debounce). A burst (edits 50 ms apart, as typing) is measured apart: its latency counts from the
    last edit of the burst and includes the debounce delay, by design.
  - flake8: spawning ``python -m flake8`` on the same file (lstm-lint's plugin and flake8's own
    checks, as an editor's flake8 integration runs it on each save); median over ``--spawns`` runs.
  - the analysis alone: ``server.document.analyse_document`` in this process, to tell what the
    server adds (protocol, JSON, the hand-over to its analysis thread) from what the engine costs.
The server's CPU time per edit (from /proc, where there is one) and flake8's are printed too: on a
shared machine the wall-clock figures also count the time other programs held the cores. The
targets are judged on the wall-clock latency, which is what the user waits for.

Targets: a median latency of at most 25 ms, and at least 8 times faster than spawning flake8.

    python benchmarks/bench_server.py [--changes 30] [--spawns 10] [--file-index 2]
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import resource
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import project_file  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 25.0
TARGET_RATIO = 8.0
TIMEOUT = 60.0
QUIET = 1.0  # seconds between single edits: well past the server's burst gap
BURST_GAP = 0.05  # seconds between the edits of a burst

Message = Dict[str, Any]
_DENSE = re.compile(r"layers\.Dense\((\d+)")


class Client:
    """A minimal LSP client over the server's stdio: requests, notifications, and a reader thread."""

    def __init__(self, command: List[str], cwd: Path) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.incoming: "queue.Queue[Optional[Message]]" = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    self.incoming.put(None)
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.incoming.put(json.loads(stream.read(length)))

    def send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Message:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda message: message.get("id") == self.next_id and "method" not in message)

    def wait(self, wanted: Any) -> Message:
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.incoming.get(timeout=max(deadline - time.monotonic(), 0.001))
            if message is None:
                raise RuntimeError("the server closed its output")
            if wanted(message):
                return message

    def published(self, uri: str, version: int) -> Message:
        return self.wait(lambda message: message.get("method") == "textDocument/publishDiagnostics"
                         and message["params"]["uri"] == uri and message["params"].get("version") == version)


def cpu_seconds(pid: int) -> Optional[float]:
    """User + system CPU time of a process so far, from /proc (None where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edited(text: str, number: int) -> str:
    """The text with one number changed, as a user tweaks a model: the units of its first Dense
    layer (a change that leaves the script's data loops as they are)."""
    found = _DENSE.search(text)
    if found is None:
        raise ValueError("the script has no Dense layer")
    return text[:found.start(1)] + str(1 + number % 9) + text[found.end(1):]


def change(client: Client, uri: str, version: int, text: str) -> None:
    client.send({"method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})


def bench_server(path: Path, text: str, changes: int, bursts: int) -> Dict[str, Any]:
    client = Client([sys.executable, "-m", "lstm_lint", "server"], path.parent)
    uri = path.as_uri()
    client.request("initialize", {"processId": os.getpid(), "rootUri": path.parent.as_uri(), "capabilities": {}})
    client.send({"method": "initialized", "params": {}})
    client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}})
    diagnostics = client.published(uri, 1)["params"]["diagnostics"]
    version = 1
    latencies: List[float] = []
    cpu_before = cpu_seconds(client.process.pid)
    for number in range(changes):
        time.sleep(QUIET)
        version += 1
        start = time.perf_counter()
        change(client, uri, version, edited(text, number))
        client.published(uri, version)
        latencies.append(time.perf_counter() - start)
    cpu_after = cpu_seconds(client.process.pid)
    burst_latencies: List[float] = []
    for number in range(bursts):
        time.sleep(QUIET)
        for key in range(5):
            version += 1
            start = time.perf_counter()
            change(client, uri, version, edited(text, number * 5 + key))
            if key < 4:
                time.sleep(BURST_GAP)
        client.published(uri, version)
        burst_latencies.append(time.perf_counter() - start)
    client.request("shutdown", None)
    client.send({"method": "exit", "params": None})
    client.process.wait(timeout=TIMEOUT)
    cpu = (cpu_after - cpu_before) / changes if cpu_before is not None and cpu_after is not None else None
    return {"latencies": latencies, "bursts": burst_latencies, "cpu": cpu, "diagnostics": len(diagnostics)}


def bench_flake8(path: Path, spawns: int) -> Tuple[List[float], List[float]]:
    """Wall-clock and CPU times (user + system, of flake8's process) of each run."""
    times, cpu = [], []
    for _ in range(spawns):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flake8", "--isolated", str(path)], cwd=path.parent,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def bench_in_process(path: Path, text: str, runs: int) -> Tuple[List[float], List[float]]:
    """Wall-clock and CPU times of each analysis."""
    from lstm_lint.server.document import analyse_document

    analyse_document(text, str(path))  # warm: imports and the first run's caches
    times, cpu = [], []
    for number in range(runs):
        changed = edited(text, number)
        start, start_cpu = time.perf_counter(), time.process_time()
        analyse_document(changed, str(path))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=30, help="single edits to time (at least 30)")
    parser.add_argument("--bursts", type=int, default=5, help="bursts of five edits to time")
    parser.add_argument("--spawns", type=int, default=10, help="flake8 runs to time")
    parser.add_argument("--file-index", type=int, default=2, help="which generated script (corpus.project_file)")
    args = parser.parse_args()
    if args.changes < 30:
        parser.error("--changes must be at least 30")
    text = project_file(args.file_index, 300)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.py"
        path.write_text(text, encoding="utf-8")
        # Interleaved, so that drifts in the machine's load hit each side.
        flake8_times, flake8_cpu = bench_flake8(path, args.spawns // 2)
        server = bench_server(path, text, args.changes, args.bursts)
        more_times, more_cpu = bench_flake8(path, args.spawns - args.spawns // 2)
        flake8_times += more_times
        flake8_cpu += more_cpu
        alone, alone_cpu = bench_in_process(path, text, args.changes)
    latency = statistics.median(server["latencies"])
    flake8 = statistics.median(flake8_times)
    ratio = flake8 / latency
    print(f"file: a generated training script, {text.count(chr(10))} lines "
          f"({server['diagnostics']} diagnostics)")
    print(f"server, didChange -> publishDiagnostics: median {ms(latency)} over {len(server['latencies'])} edits "
          f"(min {ms(min(server['latencies']))}, max {ms(max(server['latencies']))})")
    if server["cpu"] is not None:
        print(f"server CPU time per edit: {ms(server['cpu'])}")
    if server["bursts"]:
        print(f"server, bursts of 5 edits {BURST_GAP * 1000:.0f} ms apart, last edit -> publish: median "
              f"{ms(statistics.median(server['bursts']))} (includes the debounce delay)")
    print(f"analysis alone, in process: median {ms(statistics.median(alone))} "
          f"(CPU time: median {ms(statistics.median(alone_cpu))})")
    print(f"spawning flake8 on the file: median {ms(flake8)} over {len(flake8_times)} runs "
          f"(CPU time: median {ms(statistics.median(flake8_cpu))})")
    if server["cpu"] is not None:
        print(f"on CPU time, server per edit vs flake8 per run: "
              f"{statistics.median(flake8_cpu) / server['cpu']:.1f}x")
    print(f"target: median latency <= {TARGET_MS:.0f} ms: {ms(latency)} -> "
          f"{'met' if latency * 1000 <= TARGET_MS else 'NOT met'}")
    print(f"target: >= {TARGET_RATIO:.0f}x faster than spawning flake8: {ratio:.1f}x -> "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
