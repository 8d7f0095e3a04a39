"""``lstm-lint summary --format json``: the documented machine-readable shape,
``{"files": [{"path": ..., "models": [...]}, ...], "errors": [...]}``, as ``json.dumps(..., indent=2)``
writes it. ``errors`` lists the files that could not be read, parsed or analysed (also reported on
stderr, exit 2), each ``{"path", "line", "column", "message"}`` with a 1-based column, as
``check --format json`` carries them; a file that could not be parsed is not in ``files``, one
lstm-lint failed on is, with what it did analyse."""
from __future__ import annotations

from typing import TYPE_CHECKING, List, Sequence

from lstm_lint.formats.style import PLAIN, Style

if TYPE_CHECKING:  # as in summary_text.py
    from lstm_lint.analysis import FileAnalysis
    from lstm_lint.records import FileFailure

# Where a file's object sits in the document: inside {"files": [...]}, two levels of two spaces.
FILE_INDENT = " " * 4


def render_file(analysis: FileAnalysis, style: Style = PLAIN) -> List[str]:
    """One block: the file's object, indented as it sits in the document. ``style`` is ignored:
    JSON is never coloured."""
    import json

    text = json.dumps(analysis.to_json(), indent=2)
    # JSON text has no raw newline inside a string, so every line is one of json.dumps's own.
    return ["\n".join(FILE_INDENT + line for line in text.split("\n"))]


def join(blocks: Sequence[str], errors: Sequence[FileFailure] = ()) -> str:
    """The document: the files' blocks, and ``errors``, the files that could not be read, parsed or
    analysed, in the order they were met (always there, ``[]`` when there is none)."""
    files = "[\n" + ",\n".join(blocks) + "\n  ]" if blocks else "[]"
    listed = "[]"
    if errors:
        import json

        entries = [{"path": error.path, "line": error.line, "column": error.column + 1, "message": error.message}
                   for error in errors]
        listed = json.dumps(entries, indent=2).replace("\n", "\n  ")
    return '{\n  "files": ' + files + ',\n  "errors": ' + listed + "\n}\n"


def render(files: Sequence[FileAnalysis], style: Style = PLAIN) -> str:
    return join([block for analysis in files for block in render_file(analysis, style)])
