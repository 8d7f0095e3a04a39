from lstm_lint.cli import entry

entry()
