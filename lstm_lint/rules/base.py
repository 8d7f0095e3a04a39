"""What a rule is: a small class with its code, its message, its docs and its own examples.

Like Fixit's rules, each carries VALID and INVALID code; one generic test runs them all. In an
INVALID example, the line where the diagnostic must fire ends with a comment naming the code
(``# LL301``). The docs fields follow ruff's rule pages, and ``docs/rules.md`` is generated from
them, so code and docs cannot drift.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional, Tuple

from lstm_lint.config import Settings
from lstm_lint.fixes import Fix
from lstm_lint.rule_codes import INTERNAL_ERROR  # lstm-lint's own code, for files it could not analyse

if TYPE_CHECKING:
    from lstm_lint.engine import Program
    from lstm_lint.fixes.source import FixContext
    from lstm_lint.graph.objects import Layer

# The project's home, and the generated rule docs every diagnostic links to (the same URL as
# ``[project.urls]`` in pyproject.toml: a test keeps the two equal).
REPOSITORY_URL = "https://github.com/lstm-lint/lstm-lint"
RULES_DOCS_URL = f"{REPOSITORY_URL}/blob/main/docs/rules.md"


def docs_url(code: str) -> str:
    """The rule's section of docs/rules.md (its heading is the code, so the anchor is the code)."""
    return f"{RULES_DOCS_URL}#{code.lower()}"


def level_of(code: str) -> str:
    """How serious a diagnostic is, for the formats that grade them (SARIF, GitHub annotations):
    LL1xx are errors because Keras raises on that code when the model is built, and LL900 because
    the file went unchecked; budgets (LL2xx) and misleading settings (LL3xx) are warnings."""
    return "error" if code.startswith("LL1") or code == INTERNAL_ERROR else "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    line: int
    column: int  # 0-based, as flake8 plugins report it
    code: str
    message: str  # without the code
    # Where the flagged code (a layer's constructor call, a model's statement) ends: line and the
    # 0-based column just past it. Found after the rules ran (``lint.with_ends``); None if unknown.
    # Not compared: a diagnostic is the same diagnostic whatever its end.
    end_line: Optional[int] = field(default=None, compare=False)
    end_column: Optional[int] = field(default=None, compare=False)
    # What would silence it (see lstm_lint/fixes): filled in when the rules run, None when the rule
    # has no fix or none applies here. Not compared: the same finding whether or not it is fixable.
    fix: Optional[Fix] = field(default=None, compare=False)

    @property
    def text(self) -> str:
        return f"{self.code} {self.message}"


@dataclass(frozen=True)
class FixExample:
    """A rule's fix shown and tested (as Fixit's ``expected_replacement``): ``before`` has the
    diagnostic (its line marked ``# LLxxx`` as in INVALID examples); ``after`` is the text once the
    rule's fixes are applied (with ``--unsafe-fixes`` when the fix is not safe)."""
    before: str
    after: str
    safe: bool
    what: str  # what the fix does, for the docs: "renames the keyword to the single close match"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case
    summary: ClassVar[str]  # one line, for `lstm-lint rules`
    what_it_does: ClassVar[str]
    why_is_this_bad: ClassVar[str]
    example: ClassVar[str]
    use_instead: ClassVar[str]
    VALID: ClassVar[Tuple[str, ...]] = ()
    INVALID: ClassVar[Tuple[str, ...]] = ()
    default_enabled: ClassVar[bool] = True
    # The fixes the rule offers, each with an example; a rule with none may say why not.
    FIXES: ClassVar[Tuple[FixExample, ...]] = ()
    why_no_fix: ClassVar[str] = ""

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def fix(self, diagnostic: Diagnostic, context: FixContext, settings: Settings) -> Optional[Fix]:
        """What would silence ``diagnostic`` (one this rule reported on ``context.program``), or
        None. Called only when fixes are asked for (``lint_file(..., fixes=True)``)."""
        return None

    def at(self, line: int, column: int, message: str) -> Diagnostic:
        return Diagnostic(line, column, self.code, message)

    @classmethod
    def url(cls) -> str:
        return docs_url(cls.code)

    @classmethod
    def default_level(cls) -> str:
        return level_of(cls.code)


def thousands(count: int) -> str:
    return f"{count:,}"


def describe_layer(layer: "Layer") -> str:
    """``LSTM 'lstm_1'``: the class and, when known, the name Keras gives the layer."""
    return f"{layer.class_name} {layer.name!r}" if layer.name else layer.class_name
