"""The package supports Python 3.9: no newer syntax, and annotations are never evaluated."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lstm_lint"


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("**/*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_parses_as_python_39(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ast.parse(text, feature_version=(3, 9))
    if "def " in text or "class " in text:
        assert "from __future__ import annotations" in text
