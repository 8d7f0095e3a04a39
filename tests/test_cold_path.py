"""What a command-line run loads and how it ends."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed_models.py"


def test_summary_analyses_a_file_without_loading_the_rules() -> None:
    code = ("import sys; from lstm_lint.cli import main; main(['summary', '--no-cache', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith('lstm_lint.rules')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, cwd=REPO)
    assert "tiny" in result.stdout  # the file was analysed
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_the_script_flushes_its_output_and_exits_with_the_command_code() -> None:
    run = [sys.executable, "-m", "lstm_lint", "summary", "--no-cache"]
    result = subprocess.run(run + [str(SEED)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("Non-trainable params: 0")  # the last line of the last model
    missing = subprocess.run(run + [str(REPO / "no-such-file.py")], capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 2 and "no-such-file.py" in missing.stderr
