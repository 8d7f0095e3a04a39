"""``lstm-lint check --statistics``: how many times each code was reported, instead of the
diagnostics, as ``ruff check --statistics`` prints it: one line per code, the most frequent first
(then by code), ``COUNT<tab>CODE<tab>name``, the count right-aligned and the code padded to the
widest. With ``--format json``, ruff's JSON shape: ``[{"code", "name", "count", "fixable"}]``
(``fixable`` is false: ``check`` looks for fixes only with ``--fix`` or ``--diff``). Files that
could not be read or parsed are not counted: they are reported on stderr, as without
``--statistics``."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Dict, List, Tuple

from lstm_lint.formats.diagnostics import CheckReport
from lstm_lint.rules.docs import rule_name


def counts(report: CheckReport) -> List[Tuple[str, int]]:
    """``(code, count)`` for every code reported, the most frequent first, then by code."""
    counted = Counter(diagnostic.code for result in report.files for diagnostic in result.diagnostics)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def render_text(report: CheckReport) -> str:
    rows = counts(report)
    if not rows:
        return ""
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    style = report.style
    return "".join(f"{style.bold(f'{count:>{count_width}}')}\t{code:<{code_width}}\t{rule_name(code) or ''}\n"
                   for code, count in rows)


def render_json(report: CheckReport) -> str:
    entries: List[Dict[str, Any]] = [{"code": code, "name": rule_name(code), "count": count, "fixable": False}
                                     for code, count in counts(report)]
    return json.dumps(entries, indent=2) + "\n"
