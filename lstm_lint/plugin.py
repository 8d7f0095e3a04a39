"""The flake8 plugin: a thin door onto the engine (diagnostics are produced by ``rules/``)."""
from __future__ import annotations

import ast
from typing import Any, Generator, List, Sequence, Tuple

from lstm_lint import __version__

Report = Tuple[int, int, str, type]


class LstmLintChecker:
    name = "lstm-lint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str = "<stdin>", lines: Sequence[str] = ()) -> None:
        self.tree = tree
        self.filename = filename
        self.lines: List[str] = list(lines)

    def run(self) -> Generator[Report, Any, None]:
        return
        yield  # a generator with no diagnostics yet
