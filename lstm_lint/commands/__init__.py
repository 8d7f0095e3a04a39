"""The ``lstm-lint`` subcommands: each module has ``register(subparsers)`` and its own ``run``."""
