"""libcst's parse without validating its own nodes (source/cst_parse.py) gives the trees libcst's
own parse gives, and leaves validation on for every node built afterwards, also after a text that
does not parse."""
from __future__ import annotations

import sysconfig
from pathlib import Path
from typing import List

import libcst as cst
import pytest

from lstm_lint.source.cst_parse import parse_module

REPO = Path(__file__).resolve().parents[2]
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def sample() -> List[Path]:
    fixtures = [REPO / "fixtures" / "seed_models.py", *sorted((REPO / "fixtures").rglob("*.py"))]
    # A spread of the standard library: many kinds of statement and expression.
    stdlib = [STDLIB / name for name in ("ast.py", "dataclasses.py", "argparse.py", "asyncio/tasks.py",
                                         "email/_header_value_parser.py", "typing.py")]
    return [path for path in dict.fromkeys(fixtures + stdlib) if path.exists()]


@pytest.mark.parametrize("path", sample(), ids=lambda path: path.name)
def test_the_trees_are_libcst_s(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ours = parse_module(text)
    assert ours.deep_equals(cst.parse_module(text))
    assert ours.code == text


def test_validation_is_on_again_after_a_parse_and_after_a_failed_one() -> None:
    parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")  # an empty name: libcst refuses it
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("x = (\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")
