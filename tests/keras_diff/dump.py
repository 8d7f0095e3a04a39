"""Print one generated program, Keras's description of its models, and lstm-lint's differences.

Usage (from the repository root):
    python tests/keras_diff/dump.py SEED [--json] [--no-lint]

--json     print the full Keras reference and lstm-lint JSON too
--no-lint  do not run lstm-lint (only the program and Keras)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.keras_diff import reference as keras_reference  # noqa: E402
from tests.keras_diff.compare import differences, lint_models, numbered  # noqa: E402
from tests.keras_diff.generator import generate  # noqa: E402


def main(argv: List[str]) -> int:
    args = [arg for arg in argv if not arg.startswith("--")]
    if len(args) != 1 or not args[0].lstrip("-").isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    program = generate(int(args[0]))
    print(f"# seed {program.seed}: models {[(ref.how, ref.target, ref.name) for ref in program.models]}")
    print(numbered(program.source))
    print("# features: " + " ".join(sorted(program.features)))
    try:
        expected = keras_reference.run(program.source, program.models)
    except keras_reference.ProgramError as error:
        print(f"# {error}")
        return 1
    print("# Keras:")
    print(json.dumps(expected, indent=None if "--json" not in argv else 1))
    if "--no-lint" in argv:
        return 0
    actual = lint_models(program)
    if "--json" in argv:
        print("# lstm-lint:")
        print(json.dumps(actual, indent=1))
    problems = differences(expected, actual, lines=True)
    print("# lstm-lint agrees with Keras" if not problems else "# differences:\n" + "\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
