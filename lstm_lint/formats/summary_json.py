"""``lstm-lint summary --format json``: the documented machine-readable shape."""
from __future__ import annotations

import json
from typing import Sequence

from lstm_lint.analysis import FileAnalysis
from lstm_lint.formats.style import PLAIN, Style


def render(files: Sequence[FileAnalysis], style: Style = PLAIN) -> str:
    """``style`` is ignored: JSON is never coloured."""
    return json.dumps({"files": [analysis.to_json() for analysis in files]}, indent=2) + "\n"
