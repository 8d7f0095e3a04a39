"""One Settings value, and the loaders that fill it: flake8 options, ``[tool.lstm-lint]`` in
pyproject.toml, and inline ``# lstm-lint: max-params=...`` pragmas (read by the budget rule).

The command line reads each file's configuration from its own directory upwards
(``nearest_config``); the flake8 plugin reads flake8's, from the working directory, as flake8 does."""
from __future__ import annotations

import configparser
import os
import re
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from lstm_lint.config_files import ConfigFiles, Found

KEYS = ("max-model-params", "max-layer-params", "max-unroll-steps", "target-keras", "max-file-size", "assume")
# libcst's tree costs about 10 s and 650 MB per megabyte of source on a typical machine (a 10 MB
# file took five minutes and 8 GB). Model code is never that large; a larger file (generated data,
# vendored code) is reported (LL900) instead of taking the editor's or CI's memory, unless
# max-file-size raises the limit.
MAX_FILE_SIZE = 1_000_000  # characters
# Which codes ``lstm-lint check`` reports, from ``[tool.lstm-lint]`` (flake8 has its own options for
# these, and ignores pyproject.toml): read by the check command, accepted and skipped by Settings.
SELECTION_KEYS = ("select", "extend-select", "ignore", "extend-ignore")


class ConfigError(Exception):
    """An invalid setting: the message names the key, the value and where it came from."""


@dataclass(frozen=True)
class Settings:
    max_model_params: Optional[int] = None
    max_layer_params: Optional[int] = None
    max_unroll_steps: int = 100
    target_keras: int = 3
    max_file_size: int = MAX_FILE_SIZE  # characters; longer files are not analysed (LL900)
    # Values the user gives names the code cannot evaluate (``--assume num_classes=20``), as
    # (NAME, value) pairs in NAME order; see ``parse_assumptions``.
    assume: Tuple[Tuple[str, Any], ...] = ()

    def merged(self, values: Mapping[str, Any], origin: str) -> Settings:
        """These settings with ``values`` (by config key) applied on top; validates each."""
        changes: Dict[str, Any] = {}
        for key, value in values.items():
            if value is None or key in SELECTION_KEYS:
                continue
            if key not in KEYS:
                raise ConfigError(f"unknown lstm-lint setting {key!r} in {origin} "
                                  f"(known: {', '.join(KEYS + SELECTION_KEYS)})")
            if key == "assume":
                given = dict(self.assume)
                given.update(parse_assumptions(value, origin))  # a later source wins, name by name
                changes["assume"] = tuple(sorted(given.items()))
            elif key == "target-keras":
                number = parse_count(value, key, origin)
                if number not in (2, 3):
                    raise ConfigError(f"invalid value {value!r} for target-keras in {origin}: use 2 or 3")
                changes["target_keras"] = number
            else:
                changes[key.replace("-", "_")] = parse_count(value, key, origin)
        return replace(self, **changes)


_NUMBER = re.compile(r"\d+(\.\d+)?([eE]\+?\d+)?")
# A name as --assume takes it: a variable (``num_classes``), a function's local or parameter
# (``build.units``), an attribute as written (``X_train.shape``), or any other name a formula is
# written in: an item (``X_train.shape[1]``, ``cfg["units"]``) or a ``len`` (``len(class_names)``).
_ATOM = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\[(?:-?\d+|'[^'\]]*'|\"[^\"\]]*\")\])*"
_ASSUMABLE = re.compile(rf"{_ATOM}|len\({_ATOM}\)")


def parse_assumptions(value: Any, origin: str) -> Dict[str, Any]:
    """``--assume NAME=VALUE`` (repeatable: a list of such strings; one string may hold several,
    one per line or separated by ``;``, as flake8's option and configuration file take them) or
    ``[tool.lstm-lint.assume]``
    (a table of NAME = value). A value is a Python literal: a number, a string, True/False/None,
    or a list or tuple of those (``[60000, 28, 28]``; an attribute ``shape`` is made a tuple, as
    NumPy's is)."""
    import ast

    pairs: List[Tuple[str, Any]] = []
    if isinstance(value, dict):
        pairs = [(str(name), item) for name, item in value.items()]
    else:
        items = [part for item in (value if isinstance(value, (list, tuple)) else [value])
                 for part in re.split(r"[;\n]", str(item))]
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            name, equals, literal = text.partition("=")
            if not equals:
                raise ConfigError(f"invalid value {text!r} for assume in {origin}: expected NAME=VALUE, "
                                  "such as num_classes=20")
            try:
                pairs.append((name.strip(), ast.literal_eval(literal.strip())))
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                raise ConfigError(f"invalid value {literal.strip()!r} for assume {name.strip()} in {origin}: "
                                  "expected a Python literal, such as 20, 0.5, \"relu\" or [60000, 28, 28]") from None
    found: Dict[str, Any] = {}
    for name, item in pairs:
        if not _ASSUMABLE.fullmatch(name):
            raise ConfigError(f"invalid name {name!r} for assume in {origin}: expected a variable, "
                              "function.variable, an attribute such as X_train.shape, or a name a formula "
                              "is written in, such as X_train.shape[1] or len(class_names)")
        if not _is_literal(item):
            raise ConfigError(f"invalid value {item!r} for assume {name} in {origin}: expected a number, a "
                              "string, true/false, or a list of those")
        if isinstance(item, list) and name.endswith(".shape"):
            item = tuple(item)
        found[name] = item
    return found


def _is_literal(value: Any, depth: int = 0) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)) and depth < 4:
        return all(_is_literal(item, depth + 1) for item in value)
    return False


def parse_count(value: Any, key: str, origin: str) -> int:
    """A positive whole number: ``1000000``, ``1_000_000`` or ``1e6`` (when it is whole)."""
    text = str(value).replace("_", "").strip()
    if isinstance(value, bool) or not _NUMBER.fullmatch(text):
        raise ConfigError(f"invalid value {value!r} for {key} in {origin}: expected a whole number "
                          "such as 250000, 250_000 or 2.5e5")
    number = Decimal(text)
    if number != number.to_integral_value():
        raise ConfigError(f"invalid value {value!r} for {key} in {origin}: not a whole number")
    if number <= 0:
        raise ConfigError(f"invalid value {value!r} for {key} in {origin}: must be positive")
    return int(number)


_CODE_PREFIX = re.compile(r"[A-Z]{1,3}[0-9]{0,3}")  # flake8's VALID_CODE_PREFIX


def parse_codes(value: Any, key: str, origin: str) -> List[str]:
    """Codes or prefixes: a list (TOML) or a comma/space-separated string (command line, flake8)."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", value) if isinstance(value, str) else None
    if items is None or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"invalid value {value!r} for {key} in {origin}: expected codes such as "
                          "\"LL301\" or \"LL3\"")
    codes = [item.strip() for item in items if item.strip()]
    for code in codes:
        if not _CODE_PREFIX.fullmatch(code):
            raise ConfigError(f"invalid value {code!r} for {key} in {origin}: not a code or code prefix "
                              "such as LL301 or LL3")
    return codes


def load_flake8_config(start: Path) -> Tuple[Dict[str, Any], str]:
    """Our keys from the ``[flake8]`` section of setup.cfg, tox.ini or .flake8, found as flake8 finds
    its configuration: the first such file, from ``start`` upwards, that has the section."""
    for folder in [start, *start.parents]:
        for name in ("setup.cfg", "tox.ini", ".flake8"):
            candidate = folder / name
            if not candidate.is_file():
                continue
            parser = configparser.RawConfigParser()
            try:
                parser.read(candidate, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError) as error:
                raise ConfigError(f"cannot read {candidate}: {error}") from error
            if parser.has_section("flake8"):
                values = {key.replace("_", "-"): value for key, value in parser.items("flake8")}
                return {key: value for key, value in values.items() if key in KEYS}, str(candidate)
    return {}, ""


class ProjectConfig(NamedTuple):
    """The configuration that applies in a directory (see ``nearest_config``)."""

    pyproject: Dict[str, Any]  # [tool.lstm-lint], keys with "-"
    pyproject_path: str  # "" when there is none
    flake8: Dict[str, Any]  # lstm-lint's keys in the [flake8] section
    flake8_path: str

    def settings(self, command_line: Mapping[str, Any]) -> Settings:
        """Settings as flake8 users expect them: command line > flake8 config file > pyproject.toml."""
        settings = Settings().merged(self.pyproject, self.pyproject_path)
        return settings.merged(self.flake8, self.flake8_path).merged(command_line, "the command line")


NO_CONFIG = ProjectConfig({}, "", {}, "")


def nearest_config(found: Sequence[Found]) -> ProjectConfig:
    """The configuration in the nearest directory that has one, as ruff finds its own (the closest
    wins, nothing above it is read): a ``pyproject.toml`` with a ``[tool.lstm-lint]`` table, or a
    ``setup.cfg``, ``tox.ini`` or ``.flake8`` whose ``[flake8]`` section sets one of lstm-lint's keys
    (in a directory, the first of these with a ``[flake8]`` section is the one read, as flake8 reads
    it). The two kinds found in the same directory are read together.

    ``found``: the candidate files of a directory and those above it, nearest first (see
    ``config_files.ConfigFiles.around``). A pyproject.toml that never says "lstm-lint" and a file
    that never says "flake8" cannot hold a section of ours: they are not parsed."""
    index = 0
    while index < len(found):
        folder = os.path.dirname(found[index].path)
        level = []
        while index < len(found) and os.path.dirname(found[index].path) == folder:
            level.append(found[index])
            index += 1
        pyproject: Optional[Dict[str, Any]] = None
        pyproject_path = flake8_path = ""
        flake8: Dict[str, Any] = {}
        flake8_seen = False
        for entry in level:
            name = os.path.basename(entry.path)
            if name == "pyproject.toml":
                if entry.content is not None and b"lstm-lint" not in entry.content:
                    continue
                pyproject = _pyproject_section(_text(entry), entry.path)
                pyproject_path = entry.path if pyproject is not None else ""
            elif not flake8_seen:
                if entry.content is not None and b"flake8" not in entry.content:
                    continue
                section = _flake8_section(_text(entry), entry.path)
                if section is not None:
                    flake8_seen = True
                    flake8 = {key: value for key, value in section.items() if key in KEYS}
                    flake8_path = entry.path
        if pyproject is not None or flake8:
            return ProjectConfig(pyproject or {}, pyproject_path, flake8, flake8_path if flake8 else "")
    return NO_CONFIG


def _text(entry: Found) -> str:
    if entry.content is None:
        raise ConfigError(f"cannot read {entry.path}: {entry.error}")
    try:
        return entry.content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"cannot read {entry.path}: {error}") from error


def _pyproject_section(text: str, path: str) -> Optional[Dict[str, Any]]:
    """``[tool.lstm-lint]``, keys with "-"; None when there is no such table."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.9/3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        data = tomllib.loads(text)
    except ValueError as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    tool = data.get("tool")
    section = tool.get("lstm-lint") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"[tool.lstm-lint] in {path} must be a table")
    return {str(key).replace("_", "-"): value for key, value in section.items()}


def _flake8_section(text: str, path: str) -> Optional[Dict[str, str]]:
    """The ``[flake8]`` section (keys with "-"); None when there is none."""
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text, source=path)
    except configparser.Error as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if not parser.has_section("flake8"):
        return None
    return {key.replace("_", "-"): value for key, value in parser.items("flake8")}


class ProjectSettings:
    """Each file's configuration, found from its own directory (``nearest_config``), and settings
    with the command line's on top; parsed once per directory."""

    def __init__(self, files: ConfigFiles, command_line: Mapping[str, Any]) -> None:
        self.files = files
        self.command_line = dict(command_line)
        self._configs: Dict[str, ProjectConfig] = {}
        self._settings: Dict[Tuple[str, str], Settings] = {}

    def config(self, path: str) -> ProjectConfig:
        """The configuration that applies to the file at ``path``."""
        directory = self.files.directory_of(path)
        config = self._configs.get(directory)
        if config is None:
            config = self._configs[directory] = nearest_config(self.files.around(directory))
        return config

    def settings(self, path: str) -> Settings:
        config = self.config(path)
        key = (config.pyproject_path, config.flake8_path)
        settings = self._settings.get(key)
        if settings is None:
            settings = self._settings[key] = config.settings(self.command_line)
        return settings


def load_settings(start: Path, command_line: Mapping[str, Any]) -> Settings:
    """The settings in the directory ``start``: its configuration (``nearest_config``) with the
    command line's on top."""
    return nearest_config(ConfigFiles().around(os.path.abspath(start))).settings(command_line)


def find_pyproject(start: Path) -> Optional[Path]:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_pyproject(path: Optional[Path]) -> Dict[str, Any]:
    """``[tool.lstm-lint]`` of a pyproject.toml (flake8 itself never reads pyproject)."""
    if path is None:
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.9/3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    section = data.get("tool", {}).get("lstm-lint", {})
    if not isinstance(section, dict):
        raise ConfigError(f"[tool.lstm-lint] in {path} must be a table")
    return {str(key).replace("_", "-"): value for key, value in section.items()}


# ``# lstm-lint: max-params=250_000`` (any key is matched, so that a misspelt one can be reported).
INLINE_SETTING = re.compile(r"#\s*lstm-lint:\s*(?P<key>[\w-]+)\s*=\s*(?P<value>[^\s#]*)")
INLINE_KEYS = ("max-params",)
# ``num_classes = len(classes)  # lstm-lint: assume=20``: the value the line's name is assumed to have.
ASSUME_KEY = "assume"
INLINE_ASSUMPTION = re.compile(r"#\s*lstm-lint:\s*assume\s*=\s*(?P<value>.+?)\s*$")


def inline_assumptions(text: str) -> Dict[int, Any]:
    """The lines with an ``# lstm-lint: assume=VALUE`` comment, and the values (a literal each; a
    comment whose value is not one assumes nothing)."""
    import ast

    found: Dict[int, Any] = {}
    if "assume" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        match = INLINE_ASSUMPTION.search(line) if "assume" in line else None
        if match is None:
            continue
        try:
            value = ast.literal_eval(match.group("value"))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        if _is_literal(value):
            found[number] = value
    return found
