"""``lstm-lint server``: the language server, for editors (see the README's "Editors" section)."""
from __future__ import annotations

import argparse
import sys

NAMES = ("server",)  # the subcommands register() adds
INSTALL_HINT = 'lstm-lint server: error: the language server needs pygls: pip install "lstm-lint[server]"'


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "server", help="run the language server (LSP over standard input and output)",
        description="Speak the Language Server Protocol over standard input and output, for editors: "
                    "lstm-lint's diagnostics on open and on change (unsaved text included), each layer's "
                    "output shape and parameter count as inlay hints, and the model's summary on hover. "
                    "Each file's configuration is read as lstm-lint check reads it. Needs pygls "
                    '(pip install "lstm-lint[server]"); exits 2 without it.')
    # Editors' generic clients often pass --stdio; standard input and output is the only transport.
    parser.add_argument("--stdio", action="store_true", help="use standard input and output (the default "
                                                             "and only transport)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import pygls  # noqa: F401  (only to tell a missing install from a failure inside the server)
        import lsprotocol  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    from lstm_lint.server.protocol import serve

    serve()
    return 0
