"""``lstm-lint check --fix / --diff / --unsafe-fixes`` end to end, on a file with comments."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MODEL = '''import keras
from keras import layers

# A tf.keras 2 model, half ported.
model = keras.Sequential([
    layers.LSTM(4, batch_input_shape=(8, 10, 3)),  # the encoder
    layers.Dense(8, input_shape=(4,)),  # ignored here
    layers.Dense(1, activation='softmax'),  # the head
])
model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss="mse")  # as in the paper
'''

SAFE = '''import keras
from keras import layers

# A tf.keras 2 model, half ported.
model = keras.Sequential([
    keras.Input(batch_shape=(8, 10, 3)),
    layers.LSTM(4),  # the encoder
    layers.Dense(8),  # ignored here
    layers.Dense(1, activation='softmax'),  # the head
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")  # as in the paper
'''

UNSAFE = SAFE.replace("activation='softmax'", "activation='sigmoid'")


def lstm_lint(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_lint", "check", "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, input=stdin)


def test_diff_prints_what_fix_would_change_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint("--diff", "model.py", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("--- model.py\n+++ model.py\n")
    assert "+    keras.Input(batch_shape=(8, 10, 3)),\n+    layers.LSTM(4),  # the encoder\n" in result.stdout
    assert "sigmoid" not in result.stdout
    assert "Would fix 3 diagnostics in 1 file." in result.stderr
    assert "1 more fix can be applied with --unsafe-fixes." in result.stderr
    assert (tmp_path / "model.py").read_text() == MODEL


def test_fix_writes_the_safe_fixes_keeping_comments_and_reports_what_remains(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    result = lstm_lint("--fix", "model.py", cwd=tmp_path)
    fixed = (tmp_path / "model.py").read_text()
    assert fixed == SAFE
    ast.parse(fixed)
    assert result.returncode == 1  # LL302 remains: its fix is unsafe
    assert result.stdout.splitlines() == [
        "model.py:9:5: LL302 Dense 'dense_1': softmax over 1 unit always outputs 1.0; use "
        'activation="sigmoid" for a binary output']
    assert "Fixed 3 diagnostics in 1 file." in result.stderr


def test_unsafe_fixes_apply_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    diff = lstm_lint("--diff", "--unsafe-fixes", "model.py", cwd=tmp_path)
    assert "+    layers.Dense(1, activation='sigmoid'),  # the head\n" in diff.stdout
    result = lstm_lint("--fix", "--unsafe-fixes", "model.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert (tmp_path / "model.py").read_text() == UNSAFE
    # Nothing left to fix: the diff is empty and says so with exit 0.
    again = lstm_lint("--diff", "--unsafe-fixes", "model.py", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "")


def test_fix_leaves_what_noqa_silences(tmp_path: Path) -> None:
    source = MODEL.replace("# as in the paper", "# noqa: LL103")
    (tmp_path / "model.py").write_text(source)
    lstm_lint("--fix", "model.py", cwd=tmp_path)
    assert "Adam(lr=0.01)" in (tmp_path / "model.py").read_text()


def test_fix_on_standard_input_prints_the_fixed_source(tmp_path: Path) -> None:
    result = lstm_lint("--fix", "-", cwd=tmp_path, stdin=MODEL)
    assert result.stdout == SAFE
    assert "-:9:5: LL302 " in result.stderr
