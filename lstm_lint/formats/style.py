"""Colour for the text formats, and when to use it; and whether their box drawing can be written.

``--color auto`` (the default) colours only when standard output is a terminal, and never when
NO_COLOR is set to anything non-empty (https://no-color.org); FORCE_COLOR (non-empty) asks for
colour even when the output is not a terminal. ``--color always`` and ``--color never`` override
both variables: an explicit option beats the environment. Machine formats never get colour.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Mapping, Optional, TextIO

if TYPE_CHECKING:
    import argparse

COLOR_CHOICES = ("auto", "always", "never")


def add_color_argument(parser: "argparse.ArgumentParser") -> None:
    """``--color``, shared by the commands whose text output is for a person."""
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the text format: auto (when stdout is a terminal and NO_COLOR is "
                             "not set), always or never")


_RESET = "\033[0m"
_CODES = {"bold": "\033[1m", "red": "\033[31m", "yellow": "\033[33m", "cyan": "\033[36m"}


class Style:
    """Wraps text in ANSI colour codes, or leaves it alone when colour is off; ``ascii_only``: draw with
    ASCII characters only (see ``can_encode``)."""

    def __init__(self, color: bool, ascii_only: bool = False, explain: bool = False) -> None:
        self.color = color
        self.ascii_only = ascii_only
        # ``summary --explain``: under each footnote, the chain of values the unknown came through.
        self.explain = explain

    def _paint(self, text: str, *names: str) -> str:
        if not self.color or not text:
            return text
        return "".join(_CODES[name] for name in names) + text + _RESET

    def bold(self, text: str) -> str:
        return self._paint(text, "bold")

    def cyan(self, text: str) -> str:
        return self._paint(text, "cyan")

    def bold_red(self, text: str) -> str:
        return self._paint(text, "bold", "red")

    def bold_yellow(self, text: str) -> str:
        return self._paint(text, "bold", "yellow")


PLAIN = Style(False)


def use_color(choice: str, stream: TextIO, environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether to colour what goes to ``stream``, for ``--color CHOICE``."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


# The box drawing of the text summary, as Keras's model.summary() draws it.
BOX_CHARACTERS = "┏┳┓━┃┡╇┩├┼┤─│└┴┘"


def can_encode(stream: TextIO, text: str = BOX_CHARACTERS) -> bool:
    """Whether ``stream`` can write ``text`` as it is. A stream in ASCII (``PYTHONIOENCODING=ascii``,
    the C locale of an old system) or cp1252 (a pipe on Windows) cannot write box drawing: the text
    summary then draws its tables in ASCII, instead of escaping every line of them."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True  # a stream of text (io.StringIO): nothing to encode
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
