"""Colour and the progress bar, for a person at a terminal: the CLI runs in a subprocess whose stdout
or stderr is a real pseudo-terminal, and the same runs with pipes show neither."""
from __future__ import annotations

import fcntl
import io
import os
import re
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, TextIO, cast

import pytest

from lstm_lint.formats.style import can_encode

MODEL = '''import keras
from keras import layers
model = keras.Sequential([
    keras.Input((10, 3)),
    layers.LSTM(50, activation="relu"),
    layers.LSTM(4),
])
'''
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BAR = re.compile(r"\[[#.]{20}\] \d+/(\d+) ")
TERMINAL_COLUMNS = 100


class Run(NamedTuple):
    returncode: int
    stdout: str  # the pipe's, or the terminal's (with "\r\n" turned back into "\n")
    stderr: str


def environment(**extra: str) -> Dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env["TERM"] = "xterm"
    env.update(extra)
    return env


def lstm_lint(folder: Path, *args: str, terminal: Optional[str] = None, env: Optional[Dict[str, str]] = None
              ) -> Run:
    """Run the CLI with ``terminal`` ("stdout" or "stderr") on a pseudo-terminal, the other on a pipe."""
    command = [sys.executable, "-m", "lstm_lint", *args]
    if terminal is None:
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env or environment())
        return Run(result.returncode, result.stdout, result.stderr)
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, TERMINAL_COLUMNS, 0, 0))
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, terminal: follower}
    process = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, env=env or environment(),
                               stdout=streams["stdout"], stderr=streams["stderr"])
    os.close(follower)
    chunks: List[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: every process holding the terminal has gone
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    out, err = process.communicate(timeout=120)
    reader.join(timeout=30)
    os.close(leader)
    on_terminal = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    piped = (out if terminal == "stderr" else err).decode("utf-8")
    if terminal == "stdout":
        return Run(process.returncode, on_terminal, piped)
    return Run(process.returncode, piped, on_terminal)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    for index in range(7):
        (tmp_path / "pkg" / f"model_{index}.py").write_text(MODEL)
    return tmp_path


# ---- colour ----------------------------------------------------------------------------------------

def test_check_colours_a_terminal_only_and_honours_no_color(files: Path) -> None:
    plain = lstm_lint(files, "check", "pkg/model_0.py")
    assert plain.returncode == 1 and plain.stdout.startswith("pkg/model_0.py:5:5: LL301 ")
    assert not ANSI.search(plain.stdout)
    on_terminal = lstm_lint(files, "check", "pkg/model_0.py", terminal="stdout")
    assert on_terminal.returncode == 1
    # flake8's --color scheme: bold path, cyan colons; the code red for an error, yellow for a warning.
    assert on_terminal.stdout.startswith("\x1b[1mpkg/model_0.py\x1b[0m\x1b[36m:\x1b[0m5\x1b[36m:\x1b[0m5"
                                         "\x1b[36m:\x1b[0m \x1b[1m\x1b[33mLL301\x1b[0m LSTM 'lstm'")
    assert "\x1b[1m\x1b[31mLL101\x1b[0m" in on_terminal.stdout
    assert ANSI.sub("", on_terminal.stdout) == plain.stdout
    # no-color.org: NO_COLOR turns colour off, unless it is asked for explicitly.
    assert lstm_lint(files, "check", "pkg/model_0.py", terminal="stdout",
                     env=environment(NO_COLOR="1")).stdout == plain.stdout
    assert lstm_lint(files, "check", "--color", "never", "pkg/model_0.py", terminal="stdout").stdout == plain.stdout
    forced = lstm_lint(files, "check", "--color", "always", "pkg/model_0.py", env=environment(NO_COLOR="1"))
    assert forced.stdout == on_terminal.stdout
    assert lstm_lint(files, "check", "pkg/model_0.py", env=environment(FORCE_COLOR="1")).stdout == \
        on_terminal.stdout


def test_summary_colours_the_text_format_only(files: Path) -> None:
    plain = lstm_lint(files, "summary", "pkg/model_0.py")
    coloured = lstm_lint(files, "summary", "--color", "always", "pkg/model_0.py")
    assert not ANSI.search(plain.stdout)
    assert coloured.stdout.startswith('\x1b[1mModel: "model" (pkg/model_0.py:3, Sequential)\x1b[0m\n')
    # The second LSTM gets rank 2, which Keras refuses: the total is unknown, with its footnote.
    assert "\x1b[1m Total params: ? [1]\x1b[0m" in coloured.stdout
    assert ANSI.sub("", coloured.stdout) == plain.stdout
    assert not ANSI.search(lstm_lint(files, "summary", "pkg/model_0.py", terminal="stdout",
                                     env=environment(NO_COLOR="1")).stdout)


@pytest.mark.parametrize("args", [("check", "--format", "json"), ("check", "--format", "sarif"),
                                  ("check", "--format", "github"), ("summary", "--format", "json"),
                                  ("summary", "--format", "markdown")])
def test_machine_formats_never_get_colour(files: Path, args: tuple) -> None:
    result = lstm_lint(files, *args, "--color", "always", "pkg/model_0.py", terminal="stdout")
    assert result.stdout.strip() and not ANSI.search(result.stdout)


# ---- progress ------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "summary"])
def test_progress_bar_on_a_terminal_with_many_files(files: Path, command: str) -> None:
    (files / "pkg" / "broken.py").write_text("import keras\ndef f(:\n")
    piped = lstm_lint(files, command, "pkg")
    assert piped.returncode == 2
    assert piped.stderr == "pkg/broken.py:2:7: error: cannot parse: invalid syntax\n"
    watched = lstm_lint(files, command, "pkg", terminal="stderr")
    assert watched.returncode == 2
    assert watched.stdout == piped.stdout  # the bar never touches stdout
    bars = BAR.findall(watched.stderr)
    assert bars and set(bars) == {"8"}, repr(watched.stderr)
    assert "] 0/8 pkg/broken.py" in watched.stderr  # the first draw names the first file
    # The error stands on a line of its own, not glued to the bar.
    assert "pkg/broken.py:2:7: error: cannot parse: invalid syntax" in re.split(r"[\r\n]", watched.stderr)
    # Erased at the end: the last thing on the line is blanks, and every line fits the terminal.
    last_line = watched.stderr.split("\n")[-1]
    assert last_line.endswith("\r") and last_line.split("\r")[-2].strip() == ""
    assert all(len(part) < TERMINAL_COLUMNS for part in re.split(r"[\r\n]", watched.stderr))


def test_no_progress_bar_for_a_handful_of_files_or_a_machine_format(files: Path) -> None:
    few = lstm_lint(files, "check", *[f"pkg/model_{index}.py" for index in range(5)], terminal="stderr")
    assert few.returncode == 1 and few.stderr == ""
    many = lstm_lint(files, "check", "pkg", terminal="stderr")
    assert BAR.search(many.stderr)
    for args in (("check", "--format", "json"), ("check", "--format", "sarif"), ("summary", "--format", "json"),
                 ("summary", "--format", "markdown")):
        assert lstm_lint(files, *args, "pkg", terminal="stderr").stderr == ""


class EncodedStream:
    """All can_encode reads of a stream."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding


@pytest.mark.parametrize("encoding, expected", [("utf-8", True), ("UTF-16", True), ("ascii", False),
                                                ("cp1252", False), ("latin-1", False), ("no-such-codec", False)])
def test_box_drawing_is_used_where_the_stream_can_write_it(encoding: str, expected: bool) -> None:
    assert can_encode(cast(TextIO, EncodedStream(encoding))) == expected
    assert can_encode(io.StringIO())  # text, nothing to encode
