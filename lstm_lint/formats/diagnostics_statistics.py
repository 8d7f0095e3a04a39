"""``lstm-lint check --statistics``: how many times each code was reported, instead of the
diagnostics, as ``ruff check --statistics`` prints it: one line per code, the most frequent first
(then by code), ``COUNT<tab>CODE<tab>name``, the count right-aligned and the code padded to the
widest. A code some of whose findings ``check --fix`` would fix (safe fixes; unsafe ones too with
``--unsafe-fixes``, as ruff counts them) has ``[*] `` before its name (the other names are padded
to line up), and a last line says what the mark means. With ``--format json``, ruff's JSON shape:
``[{"code", "name", "count", "fixable"}]``. Files that could not be read or parsed are not
counted: they are reported on stderr, as without ``--statistics``."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Dict, List, Tuple

from lstm_lint.formats.diagnostics import CheckReport
from lstm_lint.rules.docs import rule_name


def counts(report: CheckReport) -> List[Tuple[str, int, bool]]:
    """``(code, count, fixable)`` for every code reported, the most frequent first, then by code."""
    counted = Counter(diagnostic.code for result in report.files for diagnostic in result.diagnostics)
    fixable = {diagnostic.code for result in report.files for diagnostic in result.diagnostics
               if report.applicable(diagnostic)}
    return sorted(((code, count, code in fixable) for code, count in counted.items()),
                  key=lambda item: (-item[1], item[0]))


def render_text(report: CheckReport) -> str:
    rows = counts(report)
    if not rows:
        return ""
    count_width = max(len(str(count)) for _, count, _ in rows)
    code_width = max(len(code) for code, _, _ in rows)
    any_fixable = any(fixable for _, _, fixable in rows)
    style = report.style
    lines = [f"{style.bold(f'{count:>{count_width}}')}\t{code:<{code_width}}\t"
             f"{('[*] ' if fixable else '    ') if any_fixable else ''}{rule_name(code) or ''}\n"
             for code, count, fixable in rows]
    if any_fixable:
        lines.append(f"[*] fixable with `lstm-lint check --fix{' --unsafe-fixes' if report.unsafe_fixes else ''}`\n")
    return "".join(lines)


def render_json(report: CheckReport) -> str:
    entries: List[Dict[str, Any]] = [{"code": code, "name": rule_name(code), "count": count, "fixable": fixable}
                                     for code, count, fixable in counts(report)]
    return json.dumps(entries, indent=2) + "\n"
