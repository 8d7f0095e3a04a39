"""libcst's parse of a text, without validating again the nodes its own parser made.

Every libcst node checks its fields when it is constructed (``CSTNode.__post_init__`` calls
``_validate``: a Name is not empty, an operator has the whitespace it needs, ...). That guards trees
built by hand; a tree the parser built from source text is valid by construction (libcst's own
source says so beside ``__post_init__``: "It might make more sense to move validation work into
the visitor, which would allow us to avoid validating the tree when parsing a file"). Checking it
again was about a fifth of each parse, measured on the generated training scripts of
``benchmarks/corpus.py``. The check is switched off only while libcst's parser runs, and on again
whatever happens; the trees are the same (``tests/engine/test_cst_parse.py`` compares them on the
project's fixtures and on the standard library). A node another thread of the same process built
meanwhile would go unchecked: the engine parses on one thread at a time (the language server runs
its analyses on one thread) and builds no node by hand while it does.
"""
from __future__ import annotations

import libcst as cst

_VALIDATING_POST_INIT = cst.CSTNode.__post_init__


def _unchecked(self: cst.CSTNode) -> None:
    """What each node runs once constructed, while the parser makes them: nothing."""


def parse_module(text: str) -> cst.Module:
    """``cst.parse_module(text)``, without validating the parser's nodes. Raises what it raises."""
    cst.CSTNode.__post_init__ = _unchecked  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        cst.CSTNode.__post_init__ = _VALIDATING_POST_INIT  # type: ignore[method-assign]


__all__ = ["parse_module"]
