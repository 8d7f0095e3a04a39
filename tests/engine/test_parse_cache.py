"""Reusing libcst's parses of unchanged parts across edits (the language server's PartCache): the
tree, and so everything the editor is shown, is the one a fresh parse of the new text gives."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import libcst as cst

from lstm_lint.server.document import analyse_document
from lstm_lint.source.parts import PartCache, parse_module_cached

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import project_file  # noqa: E402

sys.path.remove(str(REPO / "benchmarks"))

EDITS = [
    lambda text: text.replace("layers.Dense(", "layers.Dense(3 + ", 1),  # a number in a model
    lambda text: text.replace("\n\n\n", "\n\n# a comment\n\n", 1),  # a comment between statements
    lambda text: text.replace("def ", "async def ", 1),  # a statement's kind
    lambda text: text.replace("\n    ", "\n  "),  # the indentation (the module's default one)
    lambda text: text + "\nextra = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n",  # a statement more
    lambda text: text.rstrip("\n"),  # no newline at the end
]


def test_a_cached_parse_is_the_fresh_parse_of_each_edited_text() -> None:
    text = project_file(3, 120)
    cache = PartCache()
    parse_module_cached(text, ast.parse(text), cache)
    for edit in EDITS:
        changed = edit(text)
        module = parse_module_cached(changed, ast.parse(changed), cache)
        assert module.code == changed
        assert module.deep_equals(cst.parse_module(changed))


def test_the_editor_is_shown_what_a_fresh_analysis_shows() -> None:
    text = project_file(2, 300)
    cache = PartCache()
    for edit in [lambda same: same] + EDITS:
        changed = edit(text)
        assert analyse_document(changed, "train.py", None, cache) == analyse_document(changed, "train.py")


def test_the_cache_keeps_the_most_recently_used_parts() -> None:
    cache = PartCache(size=2)
    first, second, third = "a = 1\n", "b = 2\n", "c = 3\n"
    for text in (first, second, first, third):
        cache.parse(text)
    assert list(cache.parts) == [first, third]
