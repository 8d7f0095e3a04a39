"""Coverage-guided fuzzing of the engine and the rules with atheris; not part of the test run.

    python -m pip install atheris && python tests/fuzz/fuzz_engine.py -atheris_runs=100000

Bytes are decoded as the command line decodes a file, then linted (with ``import keras`` in front
when the text lacks it, so the engine does not skip it). The property: no exception escapes, every
diagnostic has a known code. With no corpus folder on the command line, a temporary one is seeded
with the Keras fixtures and every rule's examples. libFuzzer's own options work too
(``-max_total_time=600``, ``-jobs=2``).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import List

from lstm_lint.config import Settings
from lstm_lint.files import decode_source
from lstm_lint.lint import lint_file
from lstm_lint.rules import ALL_RULES, INTERNAL_ERROR

REPO = Path(__file__).resolve().parents[2]
CODES = sorted({rule.code for rule in ALL_RULES} | {INTERNAL_ERROR})
SETTINGS = Settings(max_model_params=1, max_layer_params=1)  # the budget rules run too


def target(data: bytes) -> None:
    source = decode_source("fuzz.py", data)
    if source.text is None:
        return  # the command line reports it (tests/robustness covers how)
    texts = [source.text] if "keras" in source.text else [source.text, "import keras\n" + source.text]
    for text in texts:
        for diagnostic in lint_file(text, "fuzz.py", SETTINGS, CODES).diagnostics:
            if diagnostic.code not in CODES or diagnostic.line < 1 or diagnostic.column < 0:
                raise AssertionError(f"bad diagnostic {diagnostic}")


def seeds() -> List[bytes]:
    files = [REPO / "fixtures" / "seed_models.py", *sorted((REPO / "fixtures" / "examples").glob("*.py"))]
    examples = [path.read_bytes() for path in files]
    for rule in ALL_RULES:
        examples.extend(example.encode() for example in rule.VALID + rule.INVALID)
    return examples


def main(argv: List[str]) -> None:
    import atheris  # only the fuzzer needs it: the tests import ``target`` without it

    corpus_given = any(not arg.startswith("-") for arg in argv[1:])
    if not corpus_given:
        folder = tempfile.mkdtemp(prefix="lstm-lint-fuzz-")
        for index, example in enumerate(seeds()):
            (Path(folder) / f"seed_{index}.py").write_bytes(example)
        argv = argv + [folder]
    atheris.instrument_all()
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
