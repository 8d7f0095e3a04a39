"""``lstm-lint check`` as text: flake8's default format, ``path:line:col: CODE message`` (1-based
column, as flake8 prints the 0-based column plugins report). In colour, flake8's --color scheme:
bold path, cyan separators, and the code red for errors (LL1xx, LL900), yellow for warnings.
Files that could not be checked are reported on stderr, not here."""
from __future__ import annotations

from lstm_lint.formats.diagnostics import CheckReport, start
from lstm_lint.rules.base import level_of


def render(report: CheckReport) -> str:
    style = report.style
    colon = style.cyan(":")
    lines = []
    for result in report.files:
        for diagnostic in result.diagnostics:
            line, column = start(diagnostic)
            paint = style.bold_red if level_of(diagnostic.code) == "error" else style.bold_yellow
            lines.append(f"{style.bold(result.path)}{colon}{line}{colon}{column}{colon} "
                         f"{paint(diagnostic.code)} {diagnostic.message}\n")
    return "".join(lines)
