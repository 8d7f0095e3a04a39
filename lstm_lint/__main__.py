import sys

from lstm_lint.cli import main

sys.exit(main())
