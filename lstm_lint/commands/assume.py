"""``--assume NAME=VALUE``, shared by ``summary``, ``check`` and ``diff``: values for names the code
cannot evaluate (``num_classes = len(df["label"].unique())``), so that the numbers that depend on
them can be computed; every model computed from one is marked as assumed (see ``engine.py``)."""
from __future__ import annotations

import argparse
from typing import Any, Collection, Iterable, Mapping, Optional


def add_assume_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assume", metavar="NAME=VALUE", action="append",
                        help="take VALUE (a Python literal: 20, \"relu\", [60000, 28, 28]) for NAME where the "
                             "code's own value is unknown: a module-level variable, function.variable for a "
                             "local or parameter, an attribute as written (X_train.shape), or a name a formula "
                             "shows (X_train.shape[1], len(class_names)); repeatable. "
                             "Results computed from it are marked as assumed")


def unmatched(assumptions: Iterable[Mapping[str, Any]], matched: Collection[str]) -> Optional[str]:
    """The one-line error for assumed names no file binds (a typo would otherwise assume nothing,
    silently), or None."""
    names = sorted({name for given in assumptions for name in given} - set(matched))
    if not names:
        return None
    listed = ", ".join(names)
    return f"lstm-lint: --assume {listed}: {'this name matches' if len(names) == 1 else 'these names match'} " \
           "nothing the files bind"
