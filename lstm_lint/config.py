"""One Settings value, and the loaders that fill it: flake8 options, ``[tool.lstm-lint]`` in
pyproject.toml, and inline ``# lstm-lint: max-params=...`` pragmas (read by the budget rule)."""
from __future__ import annotations

import configparser
import re
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

KEYS = ("max-model-params", "max-layer-params", "max-unroll-steps", "target-keras")
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

    def merged(self, values: Mapping[str, Any], origin: str) -> Settings:
        """These settings with ``values`` (by config key) applied on top; validates each."""
        changes: Dict[str, Any] = {}
        for key, value in values.items():
            if value is None or key in SELECTION_KEYS:
                continue
            if key not in KEYS:
                raise ConfigError(f"unknown lstm-lint setting {key!r} in {origin} "
                                  f"(known: {', '.join(KEYS + SELECTION_KEYS)})")
            if key == "target-keras":
                number = parse_count(value, key, origin)
                if number not in (2, 3):
                    raise ConfigError(f"invalid value {value!r} for target-keras in {origin}: use 2 or 3")
                changes["target_keras"] = number
            else:
                changes[key.replace("-", "_")] = parse_count(value, key, origin)
        return replace(self, **changes)


_NUMBER = re.compile(r"\d+(\.\d+)?([eE]\+?\d+)?")


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


def load_settings(start: Path, command_line: Mapping[str, Any]) -> Settings:
    """Settings as flake8 users expect them: command line > flake8 config file > pyproject.toml."""
    pyproject = find_pyproject(start)
    settings = Settings().merged(load_pyproject(pyproject), str(pyproject))
    flake8_values, flake8_file = load_flake8_config(start)
    settings = settings.merged(flake8_values, flake8_file)
    return settings.merged(command_line, "the command line")


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
