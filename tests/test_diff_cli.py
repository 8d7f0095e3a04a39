"""``lstm-lint diff`` end to end: a real git repository with real commits, the real CLI in a subprocess.

Expected parameter counts come from Keras's formulas written out here, not from lstm-lint.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import pytest

REPO = Path(__file__).resolve().parents[1]


def lstm(inputs: int, units: int) -> int:
    return 4 * units * (inputs + units + 1)


def gru(inputs: int, units: int) -> int:  # Keras 3's default reset_after=True: two biases
    return 3 * units * (inputs + units + 2)


def dense(inputs: int, units: int) -> int:
    return (inputs + 1) * units


# forecaster: LSTM(32) + Dense(1) grows to LSTM(64) + Dense(1) + Dense(4), on 3 features.
FORECASTER_OLD = lstm(3, 32) + dense(32, 1)
FORECASTER_NEW = lstm(3, 64) + dense(64, 1) + dense(1, 4)
# mover: in a file that is renamed, its GRU grows from 3 to 4 units, on 2 features.
MOVER_OLD = gru(2, 3) + dense(3, 5)
MOVER_NEW = gru(2, 4) + dense(4, 5)
TINY = lstm(1, 1)  # removed
GONE = dense(7, 7)  # in a deleted file
ENCODER = lstm(2, 3) + dense(3, 2)  # added

HEADER = "import keras\nfrom keras import layers\n"
FORECAST_V1 = HEADER + """
forecaster = keras.Sequential([keras.Input((10, 3)), layers.LSTM(32), layers.Dense(1)])
tiny = keras.Sequential([keras.Input((1, 1)), layers.LSTM(1)])
"""
FORECAST_V2 = HEADER + """
forecaster = keras.Sequential([
    keras.Input((10, 3)),
    layers.LSTM(64),
    layers.Dense(1),
    layers.Dense(4),
])
encoder = keras.Sequential([keras.Input((5, 2)), layers.LSTM(3), layers.Dense(2)])
"""
# Enough unchanged lines around the model that git sees the renamed file as a rename.
MOVER_V1 = HEADER + "".join(f"# line {i} of a long comment that stays the same\n" for i in range(12)) + """
mover = keras.Sequential([keras.Input((6, 2)), layers.GRU(3), layers.Dense(5)])
"""
MOVER_V2 = MOVER_V1.replace("layers.GRU(3)", "layers.GRU(4)")
STABLE_V1 = HEADER + "stable = keras.Sequential([keras.Input((4, 2)), layers.LSTM(8)])\n"
STABLE_V2 = "# a comment that changes nothing\n" + STABLE_V1
UNTOUCHED = HEADER + "untouched = keras.Sequential([keras.Input((4, 2)), layers.Dense(3)])\n"
DELETED = HEADER + "gone = keras.Sequential([keras.Input((7,)), layers.Dense(7)])\n"


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=lstm-lint tests", "-c", "user.email=tests@lstm-lint",
                             "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                            cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


def write(root: Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lstm_lint(cwd: Path, *args: str, ceiling: Optional[Path] = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if ceiling is not None:  # git looks for a repository no higher than this
        env["GIT_CEILING_DIRECTORIES"] = str(ceiling)
    return subprocess.run([sys.executable, "-m", "lstm_lint", "diff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with two commits, tagged v1 and v2."""
    root = tmp_path_factory.mktemp("history")
    git(root, "init", "-q")
    write(root, {"models/forecast.py": FORECAST_V1, "legacy/mover.py": MOVER_V1, "models/stable.py": STABLE_V1,
                 "models/untouched.py": UNTOUCHED, "deleted.py": DELETED, "README.txt": "models\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "v1")
    git(root, "mv", "legacy/mover.py", "models/mover.py")
    git(root, "rm", "-q", "deleted.py")
    write(root, {"models/forecast.py": FORECAST_V2, "models/mover.py": MOVER_V2, "models/stable.py": STABLE_V2,
                 "README.txt": "models, changed\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second")
    git(root, "tag", "v2")
    return root


@pytest.fixture
def clone(history: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the history whose working tree a test may change."""
    copy = tmp_path / "work"
    shutil.copytree(history, copy)
    yield copy


def models_by_name(document: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    return {model["name"]: model for model in document["models"]}


def counts(old: Any, new: Any, delta: Any, percent: Any) -> Dict[str, Any]:
    return {"old": old, "new": new, "delta": delta, "percent": percent}


def test_json_reports_grown_added_removed_and_renamed_models(history: Path) -> None:
    result = lstm_lint(history, "--format", "json", "v1", "v2")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["base"], document["head"]) == ("v1", "v2")
    models = models_by_name(document)
    # Unchanged models (stable: only a comment changed; untouched: file not changed) are not reported.
    assert sorted(models) == ["encoder", "forecaster", "gone", "mover", "tiny"]

    forecaster = models["forecaster"]
    growth = FORECASTER_NEW - FORECASTER_OLD
    assert forecaster["status"] == "changed"
    assert forecaster["old"] == {"path": "models/forecast.py", "line": 4}
    assert forecaster["new"] == {"path": "models/forecast.py", "line": 4}
    assert forecaster["total_params"] == counts(FORECASTER_OLD, FORECASTER_NEW, growth,
                                                round(growth / FORECASTER_OLD * 100, 2))
    assert forecaster["trainable_params"] == forecaster["total_params"]
    layers = {(layer["new"] or layer["old"])["name"]: layer for layer in forecaster["layers"]}
    assert sorted(layers) == ["dense", "dense_1", "lstm"]
    assert layers["lstm"]["status"] == "changed"
    assert layers["lstm"]["params"]["old"] == lstm(3, 32)
    assert layers["lstm"]["params"]["new"] == lstm(3, 64)
    assert layers["dense"]["params"]["delta"] == dense(64, 1) - dense(32, 1)
    assert layers["dense_1"]["status"] == "added"
    assert layers["dense_1"]["old"] is None
    assert layers["dense_1"]["new"] == {"name": "dense_1", "line": FORECAST_V2.splitlines().index(
        "    layers.Dense(4),") + 1, "output_shape": [None, 4]}
    assert layers["dense_1"]["params"] == counts(None, dense(1, 4), dense(1, 4), None)
    assert layers["lstm"]["old"]["output_shape"] == [None, 32] and layers["lstm"]["new"]["output_shape"] == [None, 64]
    # Known counts tell the whole change: no arguments are listed.
    assert all(layer["changed_arguments"] == [] for layer in forecaster["layers"])
    # The layers account for the whole change.
    assert sum(layer["params"]["delta"] for layer in forecaster["layers"]) == growth

    # The renamed file's model is matched across the rename.
    mover = models["mover"]
    assert mover["status"] == "changed"
    assert mover["old"]["path"] == "legacy/mover.py"
    assert mover["new"]["path"] == "models/mover.py"
    assert mover["total_params"]["delta"] == MOVER_NEW - MOVER_OLD

    assert models["encoder"]["status"] == "added"
    assert models["encoder"]["old"] is None
    assert models["encoder"]["total_params"] == counts(None, ENCODER, ENCODER, None)
    assert models["tiny"]["status"] == "removed"
    assert models["tiny"]["new"] is None
    assert models["tiny"]["total_params"] == counts(TINY, None, -TINY, None)
    assert models["gone"]["status"] == "removed"
    assert models["gone"]["old"] == {"path": "deleted.py", "line": 3}
    assert models["gone"]["total_params"]["old"] == GONE


def test_text_report(history: Path) -> None:
    result = lstm_lint(history, "v1", "v2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "5 models changed size from v1 to v2:"
    growth = FORECASTER_NEW - FORECASTER_OLD
    forecaster = next(line for line in lines if "forecaster" in line)
    assert forecaster.startswith("models/forecast.py:4")
    assert forecaster.endswith(f"{FORECASTER_OLD:,} → {FORECASTER_NEW:,} (+{growth:,}, "
                               f"+{growth / FORECASTER_OLD * 100:.1f}%)")
    lstm_row = next(line for line in lines if "lstm (LSTM)" in line)
    assert lstm_row.startswith("    line 6")
    assert lstm_row.endswith(f"{lstm(3, 32):,} → {lstm(3, 64):,} (+{lstm(3, 64) - lstm(3, 32):,}, "
                             f"+{(lstm(3, 64) - lstm(3, 32)) / lstm(3, 32) * 100:.1f}%)")
    assert any(line.endswith(f"added: {ENCODER:,}") and "encoder" in line for line in lines)
    assert any(line.endswith(f"removed: {TINY:,}") and "tiny" in line for line in lines)
    assert any(line.startswith("models/mover.py:16 (was legacy/mover.py)") for line in lines)
    # Model lines are aligned: names start in one column, counts in another.
    model_lines = {name: next(line for line in lines if f" {name} " in line and not line.startswith(" "))
                   for name in ["forecaster", "mover", "encoder", "tiny", "gone"]}
    name_columns = {line.index(f" {name} ") + 1 for name, line in model_lines.items()}
    assert len(name_columns) == 1
    count_column = name_columns.pop() + len("forecaster") + 2
    assert all(line[count_column - 1] == " " and line[count_column] != " " for line in model_lines.values())


def test_markdown_report_for_a_pull_request_comment(history: Path) -> None:
    result = lstm_lint(history, "--format", "markdown", "v1", "v2")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    growth = FORECASTER_NEW - FORECASTER_OLD
    assert text.startswith("### lstm-lint: model size changes\n\nFrom `v1` to `v2`.\n")
    assert "| Model | Where | Total params | Change |\n| --- | --- | ---: | ---: |\n" in text
    assert (f"| `forecaster` | `models/forecast.py:4` | {FORECASTER_OLD:,} → {FORECASTER_NEW:,} "
            f"| +{growth:,} (+{growth / FORECASTER_OLD * 100:.1f}%) |") in text
    encoder_line = FORECAST_V2.splitlines().index("encoder = keras.Sequential([keras.Input((5, 2)), "
                                                  "layers.LSTM(3), layers.Dense(2)])") + 1
    dense_1_line = FORECAST_V2.splitlines().index("    layers.Dense(4),") + 1
    assert f"| `encoder` | `models/forecast.py:{encoder_line}` (added) | added: {ENCODER:,} | +{ENCODER:,} |" in text
    assert f"| `tiny` | `models/forecast.py:5` (removed) | removed: {TINY:,} | -{TINY:,} |" in text
    section = text[text.index("#### `forecaster` in `models/forecast.py`"):]
    assert f"| `dense_1` | Dense | {dense_1_line} | added: {dense(1, 4):,} | +{dense(1, 4):,} |" in section
    # Each table row has as many cells as its header.
    for table in text.split("\n\n"):
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert len({row.count(" | ") for row in rows}) <= 1, table


def test_nothing_changed(history: Path) -> None:
    for format_, expected in [("text", "No model changed size from v2 to v2.\n"),
                              ("markdown", "### lstm-lint: model size changes\n\nFrom `v2` to `v2`.\n\n"
                                           "No model changed size.\n")]:
        result = lstm_lint(history, "--format", format_, "v2", "v2")
        assert (result.returncode, result.stdout) == (0, expected), result.stderr
    result = lstm_lint(history, "--format", "json", "v2")  # a clean working tree
    assert json.loads(result.stdout) == {"base": "v2", "head": None, "models": []}


def test_fail_over_percent(history: Path) -> None:
    growths = {"forecaster": (FORECASTER_NEW - FORECASTER_OLD) / FORECASTER_OLD * 100,
               "mover": (MOVER_NEW - MOVER_OLD) / MOVER_OLD * 100}
    largest = max(growths.values())
    # Just below the largest growth fails; at it (not more than) passes. The added model, whose growth
    # has no percentage, does not count.
    assert lstm_lint(history, "--fail-over", f"{largest - 0.01:.2f}", "v1", "v2").returncode == 1
    assert lstm_lint(history, "--fail-over", f"{largest + 0.01:.2f}", "v1", "v2").returncode == 0
    assert lstm_lint(history, "--fail-over", "0", "v2", "v1").returncode == 0  # everything shrank
    assert lstm_lint(history, "--fail-over", "ten", "v1", "v2").returncode == 2


# Models whose input width is read from data: the first LSTM's size is unknown in every version.
DATA_HEADER = HEADER + "import numpy as np\nX = np.load('x.npy')\n"
DATA_V1 = DATA_HEADER + """
grown = keras.Sequential([keras.Input((10, X.shape[2])), layers.LSTM(128), layers.Dropout(0.2)])
steady = keras.Sequential([keras.Input((10, X.shape[2])), layers.LSTM(8)])
inp = keras.Input((None, X.shape[2]))
timed = keras.Model(inp, layers.LSTM(4, return_sequences=True)(inp))
"""
DATA_V2 = (DATA_V1.replace("layers.LSTM(128)", "layers.LSTM(256)")
           .replace("keras.Input((None, X.shape[2]))", "keras.Input((X.shape[1], X.shape[2]))"))
DATA_LINES = DATA_V2.splitlines()
GROWN_LINE = next(number for number, line in enumerate(DATA_LINES, 1) if line.startswith("grown ="))
STEADY_LINE = next(number for number, line in enumerate(DATA_LINES, 1) if line.startswith("steady ="))
TIMED_LINE = next(number for number, line in enumerate(DATA_LINES, 1) if line.startswith("timed ="))
# Beside them, a model of known size that grows by 4 / 33 = 12%.
SMALL_V1 = HEADER + "small = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])\n"
SMALL_V2 = SMALL_V1.replace("layers.Dense(1)", "layers.Dense(1), layers.Dense(1)")
SMALL_GROWTH = dense(1, 1) / (dense(4, 8) + dense(8, 1)) * 100


@pytest.fixture(scope="module")
def unknown_sizes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose models' sizes lstm-lint cannot know, tagged v1 and v2."""
    root = tmp_path_factory.mktemp("unknown-sizes")
    git(root, "init", "-q")
    write(root, {"models/data.py": DATA_V1, "models/small.py": SMALL_V1})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "v1")
    write(root, {"models/data.py": DATA_V2, "models/small.py": SMALL_V2})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second")
    git(root, "tag", "v2")
    return root


def test_json_reports_changes_whose_size_is_unknown(unknown_sizes: Path) -> None:
    result = lstm_lint(unknown_sizes, "--format", "json", "v1", "v2")
    assert result.returncode == 0, result.stderr
    models = models_by_name(json.loads(result.stdout))
    assert sorted(models) == ["grown", "small", "steady", "timed"]
    unknown = counts(None, None, None, None)

    # LSTM(128) -> LSTM(256) on an input of unknown width: a change, of unknown size.
    grown = models["grown"]
    assert (grown["status"], grown["total_params"], grown["trainable_params"]) == ("changed", unknown, unknown)
    [lstm_change] = grown["layers"]  # the Dropout has no weights either way
    assert (lstm_change["status"], lstm_change["type"], lstm_change["params"]) == ("changed", "LSTM", unknown)
    assert lstm_change["changed_arguments"] == [{"name": "units", "old": "128", "new": "256"}]
    assert lstm_change["old"] == {"name": "lstm", "line": GROWN_LINE, "output_shape": [None, 128]}
    assert lstm_change["new"] == {"name": "lstm", "line": GROWN_LINE, "output_shape": [None, 256]}

    # Nothing in it was edited, but its size is unknown in both: that proves no change either.
    steady = models["steady"]
    assert steady["status"] == "unknown" and steady["total_params"] == unknown
    assert [(layer["status"], layer["changed_arguments"]) for layer in steady["layers"]] == [("unknown", [])]

    # The time axis went from Keras's None to one read from data: the shapes tell them apart.
    timed = models["timed"]
    assert timed["status"] == "changed"
    [timed_lstm] = timed["layers"]  # the InputLayer has no weights
    assert timed_lstm["status"] == "changed" and timed_lstm["changed_arguments"] == []
    assert timed_lstm["old"]["output_shape"] == [None, None, 4]
    assert timed_lstm["new"]["output_shape"] == [None, "?", 4]
    assert timed_lstm["new"]["line"] == TIMED_LINE

    assert models["small"]["total_params"]["percent"] == round(SMALL_GROWTH, 2)


def test_text_and_markdown_show_changes_whose_size_is_unknown(unknown_sizes: Path) -> None:
    result = lstm_lint(unknown_sizes, "v1", "v2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 models changed size from v1 to v2:"
    # Sizes known as formulas of the input's width (LSTM(u) on f features: 4 * (u * (f + u) + u)).
    grown = "512 × X.shape[2] + 66,048 → 1,024 × X.shape[2] + 263,168 (change unknown)"
    assert any(line.startswith(f"models/data.py:{GROWN_LINE}") and line.endswith(f"grown  {grown}")
               for line in lines)
    assert f"    line {GROWN_LINE}  lstm (LSTM)  {grown}; units: 128 → 256" in lines
    assert any(line.endswith("(change unknown); output (None, None, 4) → (None, X.shape[1], 4)") for line in lines)
    assert "1 more may have changed size (unknown in both revisions):" in lines
    assert lines.index("1 more may have changed size (unknown in both revisions):") < next(
        index for index, line in enumerate(lines) if line.startswith(f"models/data.py:{STEADY_LINE}"))
    assert "unchanged" not in result.stdout

    text = lstm_lint(unknown_sizes, "--format", "markdown", "v1", "v2").stdout
    grown = "512 × X.shape[2] + 66,048 → 1,024 × X.shape[2] + 263,168"
    steady = "32 × X.shape[2] + 288 → 32 × X.shape[2] + 288"
    assert f"| `grown` | `models/data.py:{GROWN_LINE}` | {grown} | change unknown |" in text
    assert f"| `steady` | `models/data.py:{STEADY_LINE}` (may have changed) | {steady} | change unknown |" in text
    section = text[text.index("#### `grown` in `models/data.py`"):]
    assert f"| `lstm` | LSTM | {GROWN_LINE} | {grown} | change unknown: `units` `128` → `256` |" in section
    section = text[text.index("#### `steady` in `models/data.py`"):]
    assert f"| `lstm_1` | LSTM | {STEADY_LINE} | {steady} | change unknown (may have changed) |" in section
    assert "unchanged" not in text


def test_fail_over_cannot_pass_a_model_whose_growth_is_unknown(unknown_sizes: Path, history: Path) -> None:
    # The known model grew by 12%, within 50%; the others' growth cannot be shown to be within it.
    result = lstm_lint(unknown_sizes, "--fail-over", "50", "v1", "v2")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"lstm-lint: --fail-over 50%: cannot check model {name!r} (models/data.py:{line}): its parameter count "
        "is unknown in v1 and in v2" for name, line in [("grown", GROWN_LINE), ("steady", STEADY_LINE),
                                                        ("timed", TIMED_LINE)]]
    # Over the limit is said too; between revisions where only known sizes changed, within it passes.
    result = lstm_lint(history, "--fail-over", "10", "v1", "v2")
    assert result.returncode == 1
    assert "lstm-lint: --fail-over 10%: model 'forecaster' (models/forecast.py:4) grew by " in result.stderr
    assert lstm_lint(history, "--fail-over", "1000", "v1", "v2").returncode == 0


def test_runs_from_a_subdirectory_with_paths_from_the_top(history: Path) -> None:
    result = lstm_lint(history / "models", "--format", "json", "v1", "v2")
    assert result.returncode == 0, result.stderr
    assert models_by_name(json.loads(result.stdout))["forecaster"]["new"]["path"] == "models/forecast.py"


def test_working_tree_with_uncommitted_and_untracked_files(clone: Path) -> None:
    (clone / "models" / "forecast.py").write_text(FORECAST_V2.replace("layers.Dense(4)", "layers.Dense(6)"))
    write(clone, {"models/fresh.py": HEADER + "fresh = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n"})
    # A plain `mv` the user has not told git about: the model inside is still matched across it.
    (clone / "models" / "stable.py").rename(clone / "models" / "steady.py")
    status_before = git(clone, "status", "--porcelain")
    result = lstm_lint(clone, "--format", "json", "HEAD")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"] is None
    models = models_by_name(document)
    assert sorted(models) == ["forecaster", "fresh"]
    assert models["forecaster"]["total_params"]["delta"] == dense(1, 6) - dense(1, 4)
    assert models["fresh"]["status"] == "added"
    assert models["fresh"]["total_params"]["new"] == dense(3, 2)
    assert git(clone, "status", "--porcelain") == status_before  # the user's index is left alone
    text = lstm_lint(clone, "HEAD").stdout
    assert text.startswith("2 models changed size from HEAD to the working tree:")


def test_unparsable_file_is_reported_and_the_others_compared(clone: Path) -> None:
    (clone / "models" / "mover.py").write_text(HEADER + "def broken(:\n")
    (clone / "models" / "forecast.py").write_text(FORECAST_V2.replace("layers.Dense(4)", "layers.Dense(6)"))
    result = lstm_lint(clone, "--format", "json", "v2")
    assert result.returncode == 2
    assert "models/mover.py:3:" in result.stderr and "cannot parse" in result.stderr
    # The broken file's model is neither "removed" nor anything else: it cannot be compared.
    assert sorted(models_by_name(json.loads(result.stdout))) == ["forecaster"]


def test_a_file_lstm_lint_cannot_analyse_is_reported_and_left_out(clone: Path) -> None:
    # Over the 1,000,000 characters lstm-lint analyses by default: LL900, not a removed model.
    (clone / "models" / "mover.py").write_text(MOVER_V2.replace("layers.GRU(4)", "layers.GRU(5)")
                                               + "# padding\n" * 120_000)
    result = lstm_lint(clone, "--format", "json", "v2")
    assert result.returncode == 2
    assert "models/mover.py:1: error: lstm-lint did not analyse this file: the file has 1,200,685 characters, " \
           "over the limit of 1,000,000 (the max-file-size setting raises it)" in result.stderr
    assert "please report" not in result.stderr  # a limit, not a bug
    assert "Traceback" not in result.stderr
    assert models_by_name(json.loads(result.stdout)) == {}
    # --max-file-size raises the limit: the file is compared (its GRU grew from 4 to 5 units).
    raised = lstm_lint(clone, "--format", "json", "--max-file-size", "2e6", "v2")
    assert raised.returncode == 0, raised.stderr
    mover = models_by_name(json.loads(raised.stdout))["mover"]["total_params"]
    assert (mover["old"], mover["new"]) == (gru(2, 4) + dense(4, 5), gru(2, 5) + dense(5, 5))
    assert lstm_lint(clone, "--max-file-size", "many", "v2").returncode == 2


def test_errors_outside_a_repository_and_for_unknown_revisions(history: Path, tmp_path: Path) -> None:
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    result = lstm_lint(outside, "HEAD", ceiling=tmp_path)
    assert result.returncode == 2
    assert "not in a git repository" in result.stderr
    result = lstm_lint(history, "v1", "no-such-branch")
    assert result.returncode == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    assert result.stdout == ""


def test_help_lists_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "lstm_lint", "--help"], cwd=REPO, capture_output=True, text=True)
    assert "diff" in result.stdout
