"""``lstm-lint summary --format json``: the documented machine-readable shape,
``{"files": [{"path": ..., "models": [...]}, ...]}``, as ``json.dumps(..., indent=2)`` writes it."""
from __future__ import annotations

from typing import TYPE_CHECKING, List, Sequence

from lstm_lint.formats.style import PLAIN, Style

if TYPE_CHECKING:  # as in summary_text.py
    from lstm_lint.analysis import FileAnalysis

# Where a file's object sits in the document: inside {"files": [...]}, two levels of two spaces.
FILE_INDENT = " " * 4


def render_file(analysis: FileAnalysis, style: Style = PLAIN) -> List[str]:
    """One block: the file's object, indented as it sits in the document. ``style`` is ignored:
    JSON is never coloured."""
    import json

    text = json.dumps(analysis.to_json(), indent=2)
    # JSON text has no raw newline inside a string, so every line is one of json.dumps's own.
    return ["\n".join(FILE_INDENT + line for line in text.split("\n"))]


def join(blocks: Sequence[str]) -> str:
    if not blocks:
        return '{\n  "files": []\n}\n'
    return '{\n  "files": [\n' + ",\n".join(blocks) + "\n  ]\n}\n"


def render(files: Sequence[FileAnalysis], style: Style = PLAIN) -> str:
    return join([block for analysis in files for block in render_file(analysis, style)])
