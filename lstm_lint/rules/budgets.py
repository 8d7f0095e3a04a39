"""LL2xx: parameter budgets, off until the user sets one."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Optional, Sequence, Tuple

from lstm_lint import formulas
from lstm_lint.config import ASSUME_KEY, INLINE_KEYS, INLINE_SETTING, ConfigError, Settings, parse_count
from lstm_lint.rules.base import Diagnostic, Rule, describe_layer, thousands
from lstm_lint.rules.facts import parameter_formula
from lstm_lint.graph.reasons import Reasons
from lstm_lint.source.lines import physical_lines
from lstm_lint.values import Cause, Unknown

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is linted
    from lstm_lint.engine import Program


class ModelOverBudget(Rule):
    code = "LL201"
    name = "model-over-budget"
    summary = "A model's total parameters exceed max-model-params."
    what_it_does = ("Adds up each model's parameters (as `model.count_params()` does) and compares the "
                    "total with the `max-model-params` setting. Off until that setting is given.")
    why_is_this_bad = ("A model that outgrows its budget costs memory, latency and money in serving, and "
                       "is easy to miss in review: one changed `units=` can multiply the size.")
    example = ("# setup.cfg: [flake8] max-model-params = 10000\n"
               "model = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])")
    use_instead = "model = keras.Sequential([keras.Input((400, 3)), layers.LSTM(16), layers.Dense(1)])"
    VALID = ("# lstm-lint-test: max-model-params=100000\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",)
    INVALID = ("# lstm-lint-test: max-model-params=10000\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL201\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        budget = settings.max_model_params
        if budget is None:
            return  # no summary is read (most runs make none: Program.summaries)
        for model, summary in zip(program.models, program.summaries()):
            total = summary.total_params
            if isinstance(total, Unknown) or summary.unbuilt or inline_budget(program.text, model.line) is not None:
                continue
            if total > budget:
                yield self.at(model.line, model.column,
                              f"model {summary.name!r} has {thousands(total)} parameters, over "
                              f"max-model-params = {thousands(budget)}")


class LayerOverBudget(Rule):
    code = "LL202"
    name = "layer-over-budget"
    summary = "A layer's parameters exceed max-layer-params."
    what_it_does = "Compares each layer's parameter count with the `max-layer-params` setting."
    why_is_this_bad = ("One oversized layer (a huge Embedding or Dense on a flattened tensor) often holds "
                       "most of a model's weights by accident.")
    example = "layers.Dense(4096)  # after a Flatten of 32,768 values: 134 million parameters"
    use_instead = "layers.GlobalAveragePooling2D() before a smaller Dense"
    VALID = ("# lstm-lint-test: max-layer-params=20000\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",)
    INVALID = ("# lstm-lint-test: max-layer-params=10000\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL202\n",)

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        budget = settings.max_layer_params
        if budget is None:
            return
        for layer in program.layers:
            params = layer.current_weights().total
            if layer.weights is not None and not isinstance(params, Unknown) and params > budget:
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)} has {thousands(params)} parameters, "
                              f"over max-layer-params = {thousands(budget)}{parameter_formula(layer)}")


class ModelOverInlineBudget(Rule):
    code = "LL203"
    name = "model-over-inline-budget"
    summary = "A model exceeds the budget in its own `# lstm-lint: max-params=N` comment."
    what_it_does = ("Reads a `# lstm-lint: max-params=250_000` comment on the line that creates a model, "
                    "or on the line directly above it, and checks the model's total against it. The inline "
                    "budget overrides max-model-params for that model. A comment whose value or key is "
                    "invalid is reported where it is written, since it sets no budget.")
    why_is_this_bad = "The author wrote down a size the model must not outgrow; it did."
    example = "# lstm-lint: max-params=10_000\nmodel = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50)])"
    use_instead = "# lstm-lint: max-params=10_000\nmodel = keras.Sequential([keras.Input((400, 3)), layers.LSTM(40)])"
    VALID = ("import keras\nfrom keras import layers\n# lstm-lint: max-params=20_000\n"
             "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",)
    INVALID = ("import keras\nfrom keras import layers\n# lstm-lint: max-params=10_000\n"
               "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])  # LL203\n",
               "import keras\nfrom keras import layers\n# lstm-lint: max-params=250k  # LL203\n"
               "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for index, model in enumerate(program.models):
            comment = inline_comment(program.text, model.line)
            if comment is None:
                continue
            summary = program.summaries()[index]  # read only for a model with a comment
            try:
                budget = comment.budget()
            except ConfigError as error:
                # A budget the author believes in but that does nothing: say so where it is written.
                yield self.at(comment.line, comment.column, f"{error}; the comment sets no budget")
                continue
            total = summary.total_params
            if not isinstance(total, Unknown) and not summary.unbuilt and total > budget:
                yield self.at(model.line, model.column,
                              f"model {summary.name!r} has {thousands(total)} parameters, over its "
                              f"inline budget of {thousands(budget)} (line {comment.line})")


class BudgetNotChecked(Rule):
    code = "LL204"
    name = "budget-not-checked"
    summary = ("A budget applies to a model or layer whose size lstm-lint cannot know, or to a model Keras "
               "never builds: it is not checked.")
    what_it_does = ("Reports each model (under `max-model-params` or an inline `# lstm-lint: max-params=N`) "
                    "and each layer (under `max-layer-params`) whose parameter count is unknown, for "
                    "instance because it depends on data read at run time. Off until a budget is set.")
    why_is_this_bad = ("A budget gate that silently passes every model it cannot size gives false "
                       "confidence: the model may be any size. Ignore this code (`--extend-ignore LL204`) "
                       "if unknown sizes are expected.")
    example = ("# setup.cfg: [flake8] max-model-params = 100000\n"
               "num_classes = len(os.listdir(\"data\"))\n"
               "model = keras.Sequential([keras.Input((64,)), layers.Dense(num_classes)])")
    use_instead = ("num_classes = 20  # a size written in the code can be checked\n"
                   "model = keras.Sequential([keras.Input((64,)), layers.Dense(num_classes)])")
    VALID = ("# lstm-lint-test: max-model-params=100000\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((400, 3)), layers.LSTM(50), layers.Dense(1)])\n",
             "import os\nimport keras\nfrom keras import layers\n"
             "m = keras.Sequential([keras.Input((64,)), layers.Dense(len(os.listdir('data')))])\n")
    INVALID = ("# lstm-lint-test: max-model-params=100000\nimport os\nimport keras\nfrom keras import layers\n"
               "m = keras.Sequential([keras.Input((64,)), layers.Dense(len(os.listdir('data')))])  # LL204\n",
               "import os\nimport keras\nfrom keras import layers\n# lstm-lint: max-params=10_000\n"
               "m = keras.Sequential([keras.Input((64,)), layers.Dense(len(os.listdir('data')))])  # LL204\n")

    def check(self, program: Program, settings: Settings) -> Iterator[Diagnostic]:
        for index, model in enumerate(program.models):
            inline = inline_budget(program.text, model.line)
            budget = inline[0] if inline is not None else settings.max_model_params
            if budget is None:
                continue  # its summary is not read
            summary = program.summaries()[index]
            if not isinstance(summary.total_params, Unknown) and not summary.unbuilt:
                continue
            where = f"its budget of {thousands(budget)}" + (
                f" (line {inline[1]})" if inline is not None else " (max-model-params)")
            causes = summary.total_causes()
            if summary.unbuilt:
                # summary() counts the weights that exist (0 until it is built); count_params() raises.
                yield self.at(model.line, model.column,
                              f"model {summary.name!r}: {where} is not checked: Keras never builds it "
                              "(it has no input), so it has no size yet")
                continue
            yield self.at(model.line, model.column,
                          f"model {summary.name!r}: {where} is not checked: its size is "
                          + _unknown_size(summary.total_params) + (because(causes[0]) if causes else ""))
        budget = settings.max_layer_params
        if budget is None:
            return
        reasons = Reasons()
        # The model a layer is in says why it is unknown when the layer alone cannot (the unknown
        # layer before it in a Sequential): the cause its summary row shows.
        model_of = {id(item): model for model in reversed(program.models) for item in model.layers()}
        for layer in program.layers:
            if layer.nodes and isinstance(layer.current_weights().total, Unknown):
                cause = reasons.of_item(layer, model_of.get(id(layer)))
                yield self.at(layer.line, layer.column,
                              f"{describe_layer(layer)}: max-layer-params = {thousands(budget)} is not "
                              "checked: its size is " + _unknown_size(layer.current_weights().total)
                              + (because(cause) if cause is not None else ""))


def _unknown_size(count: object) -> str:
    """``unknown``, or the formula it is known by: ``129 × len(class_names), known only at run time``."""
    formula = formulas.text(count)
    return "unknown" if formula is None else f"{formula}, known only at run time"


def because(cause: Cause) -> str:
    """``, because line 40: ...``: the first cause of the unknown size, and what to do about it."""
    return f", because line {cause.shown().line}: {cause.text()}"


@dataclass(frozen=True)
class InlineComment:
    line: int
    column: int
    key: str
    value: str

    def budget(self) -> int:
        origin = f"the comment on line {self.line}"
        if self.key.replace("_", "-") not in INLINE_KEYS:
            raise ConfigError(f"unknown lstm-lint setting {self.key!r} in {origin} (use max-params=N)")
        return parse_count(self.value, "max-params", origin)


@lru_cache(maxsize=2)
def _lines(text: str) -> Sequence[str]:
    """The lines of ``text``, split once for all the models of a file (a split per model made a
    file's rules take time quadratic in its models). Not to be changed: the list is shared."""
    return physical_lines(text)


def inline_comment(text: str, line: int) -> Optional[InlineComment]:
    """The ``# lstm-lint: key=value`` comment on the model's line or the line directly above it."""
    lines = _lines(text)
    for number in (line, line - 1):
        if 0 < number <= len(lines):
            match = INLINE_SETTING.search(lines[number - 1])
            if match and match.group("key") != ASSUME_KEY:  # an assumption (engine.py), not a budget
                return InlineComment(number, match.start(), match.group("key"), match.group("value"))
    return None


def inline_budget(text: str, line: int) -> Optional[Tuple[int, int]]:
    """(budget, line of the comment) from the model's line or the line above it, when valid."""
    comment = inline_comment(text, line)
    if comment is None:
        return None
    try:
        return comment.budget(), comment.line
    except ConfigError:
        return None
