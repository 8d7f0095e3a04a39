"""What the soundness harness runs: one program, the models to compare, and what each run is given.

A ``Case`` comes from the seeded generator (generator.py) or is written by hand
(test_defects.py); the harness (harness.py) runs it once per ``RunInput`` in Keras and once,
statically, through lstm-lint, and judge.py compares the two.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Set, Tuple, Union

from tests.keras_diff.generator import ModelRef

# A data file the harness writes into a run's working directory: text, or the shape of a .npy
# array of zeros (np.save).
FileContent = Union[str, Tuple[int, ...]]

# Planted diagnostics are marked in the program itself, at the end of the line they point at:
# ``# expect LL301`` (the setting holds in every run: the diagnostic must fire there) and
# ``# never LL301`` (the setting differs between runs: the diagnostic must not fire there).
_PLANT = re.compile(r"#\s*(expect|never)\s+(LL\d{3})\b")


@dataclass
class RunInput:
    """What one run of the program is given: its ``sys.argv``, environment variables (a variable
    another run sets and this one does not is removed), and the files and folders written into its
    working directory (``dirs``: a folder and the names of the empty folders it holds)."""

    argv: List[str]
    env: Dict[str, str] = field(default_factory=dict)
    files: Dict[str, FileContent] = field(default_factory=dict)
    dirs: Dict[str, List[str]] = field(default_factory=dict)

    def describe(self) -> str:
        variables = ", ".join(f"{key}={value!r}" for key, value in sorted(self.env.items()))
        parts = [f"argv {self.argv!r}", "env {" + variables + "}"]
        for path, content in sorted(self.files.items()):
            text = f"np.zeros({content!r})" if isinstance(content, tuple) else repr(content)
            parts.append(f"{path} = {text if len(text) <= 80 else text[:77] + '...'}")
        for path, entries in sorted(self.dirs.items()):
            parts.append(f"{path}/ holds {sorted(entries)!r}")
        return "; ".join(parts)


@dataclass
class Case:
    """``constructs``: for each model (by the name lstm-lint reports it under), the construct its
    sizes go through; ``varying``: the models the inputs are meant to change (the harness checks
    they do, and that the others do not); ``exact``: models whose every quantity that is the same
    in every run lstm-lint must give exactly."""

    name: str
    source: str
    models: List[ModelRef]
    runs: List[RunInput]
    constructs: Dict[str, str]
    varying: Set[str] = field(default_factory=set)
    exact: Set[str] = field(default_factory=set)
    features: Set[str] = field(default_factory=set)

    @property
    def env_keys(self) -> Set[str]:
        """Every environment variable some run sets: the others go without it."""
        return {key for run in self.runs for key in run.env}

    def plants(self) -> Tuple[Set[Tuple[int, str]], Set[Tuple[int, str]]]:
        """(line, code) of the diagnostics that must fire, and of those that must not."""
        expect: Set[Tuple[int, str]] = set()
        never: Set[Tuple[int, str]] = set()
        for number, line in enumerate(self.source.splitlines(), 1):
            for kind, code in _PLANT.findall(line):
                (expect if kind == "expect" else never).add((number, code))
        return expect, never
