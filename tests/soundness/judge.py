"""Judging one Outcome: where lstm-lint is wrong, where it is inexact though it must be exact, and
how much of what is the same in every run it gives.

What lstm-lint prints holds for every run, or it is wrong:

* a total (``total_params``, ``trainable_params``, ``non_trainable_params``) or a layer's ``params``
  that is a number must be Keras's in every run; ``null`` is unknown;
* a layer's ``name`` or ``type`` that is a string must be Keras's in every run; a row whose type is
  ``null`` is a *placeholder*: it stands for any number of layers (none included) lstm-lint cannot
  list;
* an output shape that is ``null`` is unknown as a whole; otherwise its nesting and rank must be
  Keras's, and each dimension that is a number must be Keras's; ``"?"`` is an unknown dimension;
  ``null`` is Keras's ``None`` -- or, in lstm-lint's old JSON, which wrote unknown dimensions as
  ``null`` too, "None or unknown" (``NULL_DIMENSION``, the one switch);
* a layer's ``line`` must be the line of the call that constructed it -- judged only where that
  line is the same in every run (two branches each constructing "the same" layer construct it on
  two lines, and lstm-lint has no unknown line);
* a model is reported under each name the case announces, once: every model lstm-lint reports
  under a name must hold for every run, and lstm-lint must report no model Keras does not bind.

Matching layer rows. lstm-lint's rows are a *pattern* and each run's ``model.layers`` must be an
instance of it: known rows match Keras rows one for one and in order (every field lstm-lint gives
agrees), placeholders match any run of rows. So when the layer count is the same in every run and
lstm-lint has no placeholder, rows match by position; when the count differs between runs, a list
of known rows without a placeholder matches no two runs, so lstm-lint must show a placeholder
(its totals must then be unknown too, where they differ). Known rows before the first placeholder
match from the start of the list, rows after the last one from its end, rows between two
placeholders anywhere in between, in order (glob matching, leftmost). Failure reports show each
lstm-lint row against the Keras row it was matched with in each run.

The precision share counts the quantities that are the same in every run: the three totals, the
layer count, and for each row that corresponds across runs -- every row when the count is the
same in every run, else the rows from the start up to the first whose type or line differs
between runs, and likewise from the end -- its name, type, params and each dimension of its
output shape (when the shape's nesting and rank are the same in every run). lstm-lint *gives* one
when it prints it and it is right: a total that is a number, no placeholder row for the count, and
for a row, the lstm-lint row at the same position from the start (before any placeholder) or from
the end (after every placeholder) with that field known.
"""
from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from lstm_lint import analyse_source
from tests.keras_diff.compare import numbered
from tests.soundness.cases import Case
from tests.soundness.harness import KerasRun, Outcome

Json = Dict[str, Any]
TOTALS = ("total_params", "trainable_params", "non_trainable_params")
UNKNOWN_DIM = "?"

# How to read a null dimension in lstm-lint's output shapes -- the one switch:
#   None       decide per analysis: "strict" when lstm-lint's output contains "?" anywhere, or when
#              it writes "?" for an unknown dimension at all (the new form; probed once), else
#              "lenient" (the old form);
#   "strict"   null is Keras's None: the dimension must be None in every run;
#   "lenient"  null is "None or unknown".
NULL_DIMENSION: Optional[str] = None

# Layer lines: LSTM_LINT_SOUNDNESS_LINES=0 leaves them out of the comparison.
LINES = os.environ.get("LSTM_LINT_SOUNDNESS_LINES", "1") != "0"

_PROBE = ("import sys\nimport keras\nfrom keras import layers\n"
          "m = keras.Sequential([keras.Input((4,)), layers.Dense(int(sys.argv[1]))])\n")


@lru_cache(maxsize=None)
def lint_writes_unknown_dims() -> bool:
    """Does lstm-lint write an unknown dimension as "?" (the new JSON form)?"""
    return UNKNOWN_DIM in _strings(analyse_source(_PROBE, "probe.py").to_json())


def _strings(value: Any) -> Set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(item) for item in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(item) for item in value)) if value else set()
    return set()


def strict_nulls(lint: Json) -> bool:
    if NULL_DIMENSION is not None:
        assert NULL_DIMENSION in ("strict", "lenient"), NULL_DIMENSION
        return NULL_DIMENSION == "strict"
    shapes = [row.get("output_shape") for model in lint.get("models", []) for row in model.get("layers", [])]
    return UNKNOWN_DIM in _strings(shapes) or lint_writes_unknown_dims()


# ---- fields ---------------------------------------------------------------------------------------


def is_placeholder(row: Json) -> bool:
    return row.get("type") is None


def _nested(shape: Any) -> bool:
    return isinstance(shape, list) and bool(shape) and isinstance(shape[0], list)


def _dims(shape: Any) -> List[Any]:
    """A shape's dimensions, flattened (a layer with several outputs has a list of shapes)."""
    return [dim for part in shape for dim in part] if _nested(shape) else list(shape)


def _structure(shape: Any) -> Any:
    if shape is None:
        return None
    return [len(part) for part in shape] if _nested(shape) else len(shape)


def shape_wrong(lint: Any, keras: Any, strict: bool) -> bool:
    """Does lstm-lint's output shape contradict Keras's?"""
    if lint is None:
        return False
    if keras is None or _structure(lint) != _structure(keras):
        return True
    for mine, real in zip(_dims(lint), _dims(keras)):
        if mine == UNKNOWN_DIM:
            continue
        if mine is None:
            if strict and real is not None:
                return True
            continue
        if mine != real:
            return True
    return False


def wrong_fields(lint: Json, keras: Json, strict: bool) -> List[str]:
    """The fields of a known lstm-lint row that contradict a Keras row (lines apart)."""
    fields = []
    for key in ("name", "type", "params"):
        if lint.get(key) is not None and lint.get(key) != keras.get(key):
            fields.append(key)
    if lint.get("params") is not None and bool(lint.get("unbuilt")) != bool(keras.get("unbuilt")):
        fields.append("unbuilt")  # ``0`` printed for Keras's ``0 (unbuilt)``, or the other way round
    if shape_wrong(lint.get("output_shape"), keras.get("output_shape"), strict):
        fields.append("output_shape")
    return fields


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def row_text(row: Optional[Json]) -> str:
    if row is None:
        return "(no row)"
    if is_placeholder(row):
        return f"placeholder (type null){'' if row.get('line') is None else ' @' + str(row.get('line'))}"
    return (f"{_text(row.get('name'))} {row.get('type')} shape={_text(row.get('output_shape'))} "
            f"params={_text(row.get('params'))}{' (unbuilt)' if row.get('unbuilt') else ''} @{row.get('line')}")


# ---- matching rows ------------------------------------------------------------------------------


def _segments(pattern: Sequence[Json]) -> Tuple[List[int], List[List[int]], List[int]]:
    """Indices of the rows before the first placeholder, of each run of known rows between two
    placeholders, and of the rows after the last placeholder."""
    holes = [index for index, row in enumerate(pattern) if is_placeholder(row)]
    if not holes:
        return list(range(len(pattern))), [], []
    middle: List[List[int]] = []
    for left, right in zip(holes, holes[1:]):
        if right - left > 1:
            middle.append(list(range(left + 1, right)))
    return list(range(holes[0])), middle, list(range(holes[-1] + 1, len(pattern)))


def align(pattern: Sequence[Json], rows: Sequence[Json], strict: bool, exact: bool = True
          ) -> Optional[List[Optional[int]]]:
    """For each lstm-lint row, the index of the Keras row it matches (None: a placeholder, or,
    unless ``exact``, a row that matches nothing), or None when no match exists (``exact``)."""
    def fits(index: int, at: int) -> bool:
        return 0 <= at < len(rows) and not wrong_fields(pattern[index], rows[at], strict)

    result: List[Optional[int]] = [None] * len(pattern)
    head, middle, tail = _segments(pattern)
    placeholders = any(is_placeholder(row) for row in pattern)
    if not placeholders and exact and len(pattern) != len(rows):
        return None
    if placeholders and exact and len(head) + len(tail) > len(rows):
        return None
    for index in head:
        if not fits(index, index):
            if exact:
                return None
            continue
        result[index] = index
    for offset, index in enumerate(tail):
        at = len(rows) - len(tail) + offset
        if not fits(index, at):
            if exact:
                return None
            continue
        result[index] = at
    low, high = len(head), len(rows) - len(tail)
    for segment in middle:
        found = next((start for start in range(low, high - len(segment) + 1)
                      if all(fits(index, start + step) for step, index in enumerate(segment))), None)
        if found is None:
            if exact:
                return None
            continue
        for step, index in enumerate(segment):
            result[index] = found + step
        low = found + len(segment)
    return result


def _covered(pattern: Sequence[Json], matched: Sequence[Optional[int]], count: int) -> Set[int]:
    """The Keras rows a display alignment accounts for: matched ones, and those a placeholder may
    stand for (between the matched rows around it)."""
    covered = {at for at in matched if at is not None}
    for index, row in enumerate(pattern):
        if not is_placeholder(row):
            continue
        before = [at for at in matched[:index] if at is not None]
        after = [at for at in matched[index + 1:] if at is not None]
        covered |= set(range(before[-1] + 1 if before else 0, after[0] if after else count))
    return covered


# ---- one model ----------------------------------------------------------------------------------


def _per_run(values: Sequence[Any]) -> str:
    return " | ".join(_text(value) for value in values)


def model_wrong(runs: Sequence[Json], lint: Json, strict: bool) -> List[str]:
    """Where lstm-lint's description of one model contradicts some run."""
    out: List[str] = []
    for key in TOTALS:
        value = lint.get(key)
        real = [run[key] for run in runs]
        if value is not None and any(item != value for item in real):
            varies = len(set(real)) > 1
            out.append(f"  {key}: lstm-lint {value}, keras {_per_run(real)} (runs 0..{len(runs) - 1})"
                       + ("  <- differs between runs: must be null" if varies else ""))
    pattern: List[Json] = lint.get("layers", [])
    rows = [run["layers"] for run in runs]
    exact = [align(pattern, run_rows, strict) for run_rows in rows]
    if all(matched is not None for matched in exact):
        out += _line_problems(pattern, rows, exact)
        return out
    counts = [len(run_rows) for run_rows in rows]
    placeholders = sum(is_placeholder(row) for row in pattern)
    head = (f"  layers: keras {_per_run(counts)} rows; lstm-lint {len(pattern)} rows, "
            f"{placeholders or 'no'} placeholder{'s' if placeholders != 1 else ''}")
    if len(set(counts)) > 1 and not placeholders:
        head += "  <- the layer count differs between runs: lstm-lint must show a placeholder row"
    out.append(head)
    first, _, last = _segments(pattern)
    shown: List[List[Optional[int]]] = []
    for run_rows in rows:  # what each lstm-lint row is shown against: its match, else the row at its place
        matched = align(pattern, run_rows, strict, exact=False) or [None] * len(pattern)
        for index, at in enumerate(matched):
            if at is None and not is_placeholder(pattern[index]):
                guess = index if index in first else len(run_rows) - (len(pattern) - index) if index in last else -1
                matched[index] = guess if 0 <= guess < len(run_rows) and guess not in matched else None
        shown.append(matched)
    for index, row in enumerate(pattern):
        if is_placeholder(row):
            out.append(f"       {index:2}  lstm-lint  {row_text(row)}")
            continue
        per_run = []
        for number, (run_rows, matched) in enumerate(zip(rows, shown)):
            at = matched[index]
            keras_row = run_rows[at] if at is not None else None
            fields = wrong_fields(row, keras_row, strict) if keras_row is not None else ["no such row"]
            per_run.append((number, keras_row, fields))
        if not any(fields for _, _, fields in per_run):
            out.append(f"       {index:2}  lstm-lint  {row_text(row)}")
            continue
        out.append(f"    !! {index:2}  lstm-lint  {row_text(row)}")
        for number, keras_row, fields in per_run:
            mark = f"   <- {', '.join(fields)}" if fields else ""
            out.append(f"            run {number}      {row_text(keras_row)}{mark}")
    for number, (run_rows, matched) in enumerate(zip(rows, shown)):
        covered = _covered(pattern, matched, len(run_rows))
        missing = [at for at in range(len(run_rows)) if at not in covered]
        for at in missing:
            out.append(f"    !! run {number} row {at} is shown by no lstm-lint row or placeholder: "
                       f"{row_text(run_rows[at])}")
    return out


def _line_problems(pattern: Sequence[Json], rows: Sequence[Sequence[Json]],
                   matched: Sequence[Optional[List[Optional[int]]]]) -> List[str]:
    if not LINES:
        return []
    out = []
    for index, row in enumerate(pattern):
        if is_placeholder(row):
            continue
        lines = set()
        for run_rows, found in zip(rows, matched):
            at = found[index] if found is not None else None
            if at is not None:
                lines.add(run_rows[at]["line"])
        if len(lines) == 1 and row.get("line") not in lines:
            out.append(f"  layer {index} ({row_text(row)}): line {row.get('line')}, keras line {lines.pop()}")
    return out


# ---- what is the same in every run ------------------------------------------------------------------


@dataclass
class Quantity:
    where: str
    given: bool


def _same(values: Sequence[Any]) -> bool:
    return all(value == values[0] for value in values)


def _corresponding_rows(rows: Sequence[Sequence[Json]]) -> List[Tuple[str, int]]:
    """The rows that correspond across runs: ("start", index) or ("end", offset from the end)."""
    counts = [len(run_rows) for run_rows in rows]
    if _same(counts):
        return [("start", index) for index in range(counts[0])]
    shortest = min(counts)

    def key(row: Json) -> Tuple[Any, Any]:
        return row["type"], row["line"]

    found: List[Tuple[str, int]] = []
    start = 0
    while start < shortest and _same([key(run_rows[start]) for run_rows in rows]):
        found.append(("start", start))
        start += 1
    offset = 0
    while start + offset < shortest and _same([key(run_rows[-1 - offset]) for run_rows in rows]):
        found.append(("end", offset))
        offset += 1
    return found


def _lint_row(pattern: Sequence[Json], anchor: str, index: int, count: Optional[int]) -> Optional[Json]:
    """The lstm-lint row standing at a Keras row's position, if no placeholder comes between
    (``count``: the layer count when it is the same in every run)."""
    holes = [at for at, row in enumerate(pattern) if is_placeholder(row)]
    if anchor == "start":
        if (not holes or index < holes[0]) and index < len(pattern):
            return pattern[index]
        if holes and count is not None:
            offset = count - 1 - index  # the same row seen from the end
            at = len(pattern) - 1 - offset
            return pattern[at] if at > holes[-1] else None
        return None
    at = len(pattern) - 1 - index
    return pattern[at] if at >= 0 and (not holes or at > holes[-1]) else None


def fixed_quantities(runs: Sequence[Json], lint: Optional[Json]) -> List[Quantity]:
    """Every quantity of one model that is the same in every run, and whether lstm-lint gives it."""
    out: List[Quantity] = []
    for key in TOTALS:
        values = [run[key] for run in runs]
        if _same(values):
            out.append(Quantity(key, lint is not None and lint.get(key) == values[0]))
    rows = [run["layers"] for run in runs]
    pattern: List[Json] = lint.get("layers", []) if lint is not None else []
    placeholders = any(is_placeholder(row) for row in pattern)
    counts = [len(run_rows) for run_rows in rows]
    if _same(counts):
        out.append(Quantity("layer count", lint is not None and not placeholders and len(pattern) == counts[0]))
    for anchor, index in _corresponding_rows(rows):
        real = [run_rows[index] if anchor == "start" else run_rows[-1 - index] for run_rows in rows]
        at = f"row {index}" if anchor == "start" else f"row {index} from the end"
        mine = _lint_row(pattern, anchor, index, counts[0] if _same(counts) else None) if lint is not None else None
        if mine is not None and is_placeholder(mine):
            mine = None
        for key in ("name", "type", "params"):
            values = [row[key] for row in real]
            if _same(values):
                out.append(Quantity(f"{at} {key}", mine is not None and mine.get(key) == values[0]))
        shapes = [row["output_shape"] for row in real]
        if shapes[0] is None or not _same([_structure(shape) for shape in shapes]):
            continue
        mine_shape = mine.get("output_shape") if mine is not None else None
        mine_dims = _dims(mine_shape) if mine_shape is not None and _structure(mine_shape) == _structure(shapes[0]) \
            else None
        for position, dims in enumerate(zip(*[_dims(shape) for shape in shapes])):
            if _same(dims):
                out.append(Quantity(f"{at} output_shape[{position}]",
                                    mine_dims is not None and mine_dims[position] == dims[0]))
    return out


# ---- diagnostics ----------------------------------------------------------------------------------

_CATEGORICAL = {"categorical_crossentropy", "sparse_categorical_crossentropy", "CategoricalCrossentropy",
                "SparseCategoricalCrossentropy"}
_BINARY = {"binary_crossentropy", "BinaryCrossentropy"}


def _ll301(run: KerasRun, line: int) -> Optional[bool]:
    found = []
    for facts in run.layers.get(line, []):
        if facts["type"] == "RNN" and facts.get("cell") in ("LSTMCell", "GRUCell"):
            found.append(True)
        elif facts["type"] in ("LSTM", "GRU"):
            found.append(facts.get("activation") != "tanh" or facts.get("recurrent_activation") != "sigmoid"
                         or facts.get("recurrent_dropout", 0.0) > 0 or facts.get("unroll") is True
                         or facts.get("use_bias") is False
                         or (facts["type"] == "GRU" and facts.get("reset_after") is False))
    return all(found) if found else None


def _ll302(run: KerasRun, line: int) -> Optional[bool]:
    found = []
    for facts in run.layers.get(line, []):
        if facts["type"] == "Dense":
            found.append(facts.get("units") == 1 and facts.get("activation") == "softmax")
        elif facts["type"] in ("Activation", "Softmax"):
            shape = facts.get("input_shape") or []
            found.append(facts.get("activation", "softmax") == "softmax" and len(shape) > 1 and shape[-1] == 1)
    return all(found) if found else None


def _ll305(run: KerasRun, line: int) -> Optional[bool]:
    found = []
    for call in run.compiles.get(line, []):
        outputs = call["outputs"]
        width = outputs[0][-1] if len(outputs) == 1 and outputs[0] else None
        found.append((call["loss"] in _CATEGORICAL and width == 1)
                     or (call["loss"] in _BINARY and call["activation"] == "softmax" and (width or 0) > 1)
                     or (call["from_logits"] and call["activation"] in ("softmax", "sigmoid")))
    return all(found) if found else None


# For a code and a line: does what the diagnostic says hold in this run (None: nothing it is about
# ran on that line in this run)?
ORACLES: Dict[str, Callable[[KerasRun, int], Optional[bool]]] = {"LL301": _ll301, "LL302": _ll302, "LL305": _ll305}


def holds_in_every_run(code: str, line: int, runs: Sequence[KerasRun]) -> Optional[bool]:
    """True: it holds in every run where something it is about ran (and it ran in one at least);
    None: there is no oracle for the code."""
    oracle = ORACLES.get(code)
    if oracle is None:
        return None
    values = [oracle(run, line) for run in runs]
    return any(value is True for value in values) and not any(value is False for value in values)


def _oracle_text(code: str, line: int, runs: Sequence[KerasRun]) -> str:
    oracle = ORACLES[code]
    return ", ".join(f"run {number}: {_text(oracle(run, line))}" for number, run in enumerate(runs))


# ---- a whole case -------------------------------------------------------------------------------


@dataclass
class Verdict:
    generator: List[str] = field(default_factory=list)  # the case is broken, not lstm-lint
    wrong: List[str] = field(default_factory=list)  # lstm-lint contradicts some run
    inexact: List[str] = field(default_factory=list)  # what must be exact (or must fire) is not
    quantities: Dict[str, List[Quantity]] = field(default_factory=dict)  # by model

    @property
    def failed(self) -> bool:
        return bool(self.generator or self.wrong or self.inexact)


def _comparable(model: Json) -> Json:
    """A Keras description without names and lines (what variation is judged on)."""
    return {"totals": [model[key] for key in TOTALS],
            "layers": [(row["type"], row["params"], row["output_shape"]) for row in model["layers"]]}


def _bound_once(source: str) -> Set[str]:
    """Module-level names assigned by one statement outside any loop: the only names whose value
    at the end of a run is the value a formula in them means."""
    counts: Dict[str, int] = {}

    def visit(statements: Sequence[ast.stmt], in_loop: bool) -> None:
        for statement in statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                counts[statement.name] = counts.get(statement.name, 0) + 2
                continue
            loop = in_loop or isinstance(statement, (ast.For, ast.While, ast.AsyncFor))
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    counts[node.id] = counts.get(node.id, 0) + (2 if loop else 1)
    visit(ast.parse(source).body, False)
    return {name for name, count in counts.items() if count == 1}


def _formula_value(expression: str, run: KerasRun, once: Set[str]) -> Optional[int]:
    """The formula's value in one run, or None when that cannot be judged (a name that is not a
    module-level one bound once, such as a builder's parameter)."""
    used = {node.id for node in ast.walk(ast.parse(expression, mode="eval")) if isinstance(node, ast.Name)}
    if not used - {"len"} <= once:
        return None
    try:
        value = eval(expression, dict(run.namespace))
    except Exception:
        return None
    return int(value)


def formula_wrong(lint: Json, name: str, runs: Sequence[KerasRun], source: str) -> List[str]:
    """Where one of lstm-lint's formulas for a model or its rows evaluates, in some run, to another
    count than Keras's."""
    once = _bound_once(source)
    out: List[str] = []
    for number, run in enumerate(runs):
        keras_model = run.models.get(name)
        if keras_model is None:
            continue
        checks = [(key, lint.get(f"{key}_expr"), keras_model[key]) for key in TOTALS]
        rows = lint.get("layers", [])
        if len(rows) == len(keras_model["layers"]) and not any(is_placeholder(row) for row in rows):
            checks += [(f"row {index} params", row.get("params_expr"), keras_row["params"])
                       for index, (row, keras_row) in enumerate(zip(rows, keras_model["layers"]))]
        for what, expression, expected in checks:
            if expression is None:
                continue
            value = _formula_value(expression, run, once)
            if value is not None and value != expected:
                out.append(f"  {what}: formula {expression} is {value} in run {number}, keras {expected}")
    return out


def kind(case: Case, name: str) -> str:
    if name in case.varying:
        return "meant to vary"
    return "exact required" if name in case.exact else "the same in every run"


def judge(outcome: Outcome) -> Verdict:
    case = outcome.case
    verdict = Verdict()
    if outcome.errors:
        verdict.generator += outcome.errors
        return verdict
    names = [ref.name for ref in case.models]
    keras_models = {name: [run.models[name] for run in outcome.runs] for name in names}
    for name in names:
        comparable = [_text(_comparable(model)) for model in keras_models[name]]
        varies = len(set(comparable)) > 1
        if name in case.varying and not varies:
            verdict.generator.append(f"model {name!r} ({case.constructs[name]}) is meant to vary, but every run "
                                     "builds the same")
        if name not in case.varying and varies:
            verdict.generator.append(f"model {name!r} ({case.constructs[name]}) is meant to be the same in every "
                                     "run, but the runs differ")
    expect, never = case.plants()
    for line, code in sorted(expect | never):
        holds = holds_in_every_run(code, line, outcome.runs)
        if holds is not None and holds != ((line, code) in expect):
            mark = "expect" if (line, code) in expect else "never"
            verdict.generator.append(f"planted {code} on line {line} ({mark}) but in Keras: "
                                     f"{_oracle_text(code, line, outcome.runs)}")
    if verdict.generator:
        return verdict

    strict = strict_nulls(outcome.lint)
    by_name: Dict[str, List[Json]] = {}
    for model in outcome.lint.get("models", []):
        if model.get("snapshot"):
            continue  # a summary() call's table, not a model (tests/engine/test_summary_snapshots.py)
        by_name.setdefault(model["name"], []).append(model)
    extra = sorted(set(by_name) - set(names))
    if extra:
        verdict.wrong.append(f"lstm-lint reports models {extra} that no run binds (the runs bind {names})")
    for name in names:
        label = f"model {name!r} [{case.constructs.get(name, '?')}, {kind(case, name)}]"
        found = by_name.get(name, [])
        if not found:
            verdict.wrong.append(f"{label}: lstm-lint does not report it (every run builds it)")
        if len(found) > 1:
            verdict.wrong.append(f"{label}: lstm-lint reports {len(found)} models under this name "
                                 f"(lines {[model.get('line') for model in found]}); each is judged against every run")
        for model in found:
            problems = model_wrong(keras_models[name], model, strict)
            problems += formula_wrong(model, name, outcome.runs, case.source)
            if problems:
                where = f" (the one on line {model.get('line')})" if len(found) > 1 else ""
                verdict.wrong.append(f"{label}{where}:\n" + "\n".join(problems))
        quantities = fixed_quantities(keras_models[name], found[0] if found else None)
        verdict.quantities[name] = quantities
        if name in case.exact:
            missing = [quantity.where for quantity in quantities if not quantity.given]
            if missing:
                verdict.inexact.append(f"{label}: the same in every run and follows from the source, but "
                                       f"lstm-lint does not give {len(missing)} of {len(quantities)} quantities: "
                                       + ", ".join(missing))
    _judge_diagnostics(outcome, expect, never, verdict)
    return verdict


def _judge_diagnostics(outcome: Outcome, expect: Set[Tuple[int, str]], never: Set[Tuple[int, str]],
                       verdict: Verdict) -> None:
    fired = set()
    for diagnostic in outcome.diagnostics:
        key = (diagnostic.line, diagnostic.code)
        fired.add(key)
        text = f"line {diagnostic.line}: {diagnostic.code} {diagnostic.message}"
        if diagnostic.code.startswith("LL1"):
            verdict.wrong.append(f"{text}  <- a build error, but the program builds in every run")
        elif diagnostic.code == "LL900":
            verdict.wrong.append(f"{text}  <- lstm-lint failed on the program")
        elif key in never:
            verdict.wrong.append(f"{text}  <- the setting differs between runs (marked # never {diagnostic.code})")
        elif key in expect:
            continue
        elif diagnostic.code in ORACLES:
            if not holds_in_every_run(diagnostic.code, diagnostic.line, outcome.runs):
                verdict.wrong.append(f"{text}  <- does not hold in every run: "
                                     f"{_oracle_text(diagnostic.code, diagnostic.line, outcome.runs)}")
        else:
            verdict.wrong.append(f"{text}  <- the case plants no such setting, and Keras cannot check it here")
    for line, code in sorted(expect - fired):
        verdict.inexact.append(f"line {line}: {code} does not fire, but its setting holds in every run "
                               f"(marked # expect {code})")


def report(outcome: Outcome, verdict: Verdict) -> str:
    """The failure message for one case: everything needed to act on it without rerunning."""
    case = outcome.case
    models = ", ".join(f"{ref.name} = {case.constructs.get(ref.name, '?')} ({kind(case, ref.name)})"
                       for ref in case.models)
    title = "the CASE is broken (not lstm-lint)" if verdict.generator else "lstm-lint is wrong or inexact"
    out = [f"===== {case.name}: {title} =====",
           f"models: {models}", numbered(case.source), "----- runs:"]
    out += [f"run {number}: {run.describe()}" for number, run in enumerate(case.runs)]
    if verdict.generator:
        out += ["----- the case is broken:"] + verdict.generator
        return "\n".join(out)
    out.append("----- keras, per run (totals; layers as name type shape params @line):")
    for ref in case.models:
        for number, run in enumerate(outcome.runs):
            model = run.models[ref.name]
            rows = "; ".join(row_text(row) for row in model["layers"])
            out.append(f"{ref.name} run {number}: {_per_run([model[key] for key in TOTALS])}: {rows}")
    out.append("----- lstm-lint:")
    for model in outcome.lint.get("models", []):
        rows = "; ".join(row_text(row) for row in model.get("layers", []))
        out.append(f"{model['name']} @{model.get('line')}: {_per_run([model.get(key) for key in TOTALS])}: {rows}")
    for diagnostic in outcome.diagnostics:
        out.append(f"line {diagnostic.line}: {diagnostic.code} {diagnostic.message}")
    if verdict.wrong:
        out += ["----- lstm-lint is WRONG (some run contradicts what it prints):"] + verdict.wrong
    if verdict.inexact:
        out += ["----- lstm-lint is INEXACT where it must be exact:"] + verdict.inexact
    return "\n".join(out)


# ---- precision ----------------------------------------------------------------------------------


def tally(outcome: Outcome, verdict: Verdict, into: Dict[str, List[int]]) -> None:
    """Add the case's [given, same in every run] counts to ``into``, per construct and under "all"."""
    for name, quantities in verdict.quantities.items():
        given = sum(quantity.given for quantity in quantities)
        for key in ("all", outcome.case.constructs.get(name, "?")):
            counts = into.setdefault(key, [0, 0])
            counts[0] += given
            counts[1] += len(quantities)


def share_table(counts: Dict[str, List[int]]) -> str:
    def share(key: str) -> float:
        given, total = counts[key]
        return given / total if total else 1.0

    lines = [f"precision share (quantities the same in every run that lstm-lint gives exactly): "
             f"{share('all'):.1%} ({counts['all'][0]} of {counts['all'][1]})" if "all" in counts else "no quantities"]
    for key in sorted((key for key in counts if key != "all"), key=lambda key: (share(key), key)):
        lines.append(f"  {key:32} {share(key):6.1%}  ({counts[key][0]} of {counts[key][1]})")
    return "\n".join(lines)
