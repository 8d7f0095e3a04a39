"""``lstm-lint check --format json``: a list with one object per diagnostic, in the shape of ruff's
JSON output (so tools that read ruff's read ours), plus the rule's ``name``.

Columns are 1-based, as in ruff's JSON, and ``end_location`` is just past the flagged code (see
``diagnostics.end``). A file that could not be read or parsed appears as an entry
whose ``code``, ``name`` and ``url`` are null, as ruff reports syntax errors; it is on stderr too,
and the command exits 2. The output is valid JSON in every case, ``[]`` when nothing is found.
"""
from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from lstm_lint.files import STDIN
from lstm_lint.fixes import Fix
from lstm_lint.formats.diagnostics import CheckReport, end, start
from lstm_lint.rules.base import docs_url
from lstm_lint.rules.docs import rule_name


def _fix(fix: Optional[Fix]) -> Optional[Dict[str, Any]]:
    """ruff's shape of a fix. Fixes are looked for only by ``check --fix`` and ``--diff`` (whose
    remaining diagnostics carry the unsafe ones): elsewhere ``fix`` is null."""
    if fix is None:
        return None
    return {"applicability": "safe" if fix.safe else "unsafe", "message": fix.message,
            "edits": [{"content": edit.replacement, "location": {"column": edit.column + 1, "row": edit.line},
                       "end_location": {"column": edit.end_column + 1, "row": edit.end_line}}
                      for edit in fix.edits]}


def _entry(path: str, code: Optional[str], message: str, line: int, column: int, end_line: int,
           end_column: int, fix: Optional[Fix] = None) -> Dict[str, Any]:
    return {
        "cell": None,
        "code": code,
        "end_location": {"column": end_column, "row": end_line},
        "filename": path if path == STDIN else os.path.abspath(path),  # "-": standard input, unnamed
        "fix": _fix(fix),
        "location": {"column": column, "row": line},
        "message": message,
        "name": rule_name(code) if code is not None else None,
        "noqa_row": line,  # a `# noqa` comment on the diagnostic's line silences it
        "url": docs_url(code) if code is not None else None,
    }


def render(report: CheckReport) -> str:
    entries: List[Dict[str, Any]] = []
    for result in report.files:
        for diagnostic in result.diagnostics:
            line, column = start(diagnostic)
            end_line, end_column = end(diagnostic)
            entries.append(_entry(result.path, diagnostic.code, diagnostic.message, line, column,
                                  end_line, end_column, diagnostic.fix))
    for failure in report.failures:
        entries.append(_entry(failure.path, None, failure.message, failure.line, failure.column + 1,
                              failure.line, failure.column + 1))
    return json.dumps(entries, indent=2, sort_keys=True) + "\n"
