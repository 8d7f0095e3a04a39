"""The rule codes flake8 needs when it loads the plugin, before it has a file to lint.

flake8 imports every plugin at start-up and asks for its default ignore list then; importing the
rules for it would load the layer registry (about 0.1 s) in every flake8 run, also over files
without Keras, which never need them. ``tests/rules/test_rule_codes.py`` keeps these equal to
what the rules declare.
"""
from __future__ import annotations

from typing import Tuple

# The rules that are off unless selected (``Rule.default_enabled`` False).
DEFAULT_OFF: Tuple[str, ...] = ("LL391", "LL392")

# lstm-lint could not analyse a file (an internal error, reported instead of a crash), or did not.
INTERNAL_ERROR = "LL900"
