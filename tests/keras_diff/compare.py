"""Compare lstm-lint's models with Keras's, and write a mismatch report an engineer can act on."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

from lstm_lint import analyse_source
from tests.keras_diff.generator import Program

Json = Dict[str, Any]
TOTALS = ("total_params", "trainable_params", "non_trainable_params")
LAYER_FIELDS = ("name", "type", "output_shape", "params", "op")


def lint_models(program: Program) -> List[Json]:
    """lstm-lint's models of ``program`` (``analysis.to_json()["models"]``)."""
    models: List[Json] = analyse_source(program.source, path=f"seed_{program.seed}.py").to_json()["models"]
    return models


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _layer_text(layer: Optional[Json], fields: Sequence[str]) -> str:
    if layer is None:
        return "(none)"
    return "  ".join(_text(layer.get(key)) for key in fields)


def differences(expected: List[Json], actual: List[Json], lines: bool) -> List[str]:
    """What differs, one paragraph per model (empty: lstm-lint agrees with Keras). Models are
    matched by name; layers by position in ``model.layers``. ``lines``: compare layer lines too."""
    fields: Tuple[str, ...] = LAYER_FIELDS + (("line",) if lines else ())
    by_name: Dict[str, Json] = {}
    for model in actual:
        by_name.setdefault(model["name"], model)
    problems: List[str] = []
    want_names = [model["name"] for model in expected]
    got_names = [model["name"] for model in actual]
    if sorted(want_names) != sorted(got_names):
        problems.append(f"models: keras {want_names}, lstm-lint {got_names}")
    for want in expected:
        got = by_name.get(want["name"])
        if got is None:
            continue
        out: List[str] = []
        for key in TOTALS:
            if want[key] != got.get(key):
                out.append(f"  {key}: keras {want[key]}, lstm-lint {got.get(key)}")
        want_layers: List[Json] = want["layers"]
        got_layers: List[Json] = got.get("layers", [])
        rows: List[str] = []
        bad = False
        for index in range(max(len(want_layers), len(got_layers))):
            a = want_layers[index] if index < len(want_layers) else None
            b = got_layers[index] if index < len(got_layers) else None
            differing = [key for key in fields if a is None or b is None or a.get(key) != b.get(key)]
            if not differing:
                rows.append(f"     {index:2}  {_layer_text(a, fields)}")
                continue
            bad = True
            rows.append(f"  !! {index:2}  keras:     {_layer_text(a, fields)}")
            rows.append(f"           lstm-lint: {_layer_text(b, fields)}"
                        + ("" if a is None or b is None else f"   <- {', '.join(differing)}"))
        if bad:
            if len(want_layers) != len(got_layers):
                out.append(f"  layer count: keras {len(want_layers)}, lstm-lint {len(got_layers)}")
            out.append(f"  layers ({', '.join(fields)}):")
            out.extend(rows)
        if out:
            problems.append(f"model {want['name']!r}:\n" + "\n".join(out))
    return problems


def numbered(source: str) -> str:
    return "\n".join(f"{number:4} | {line}" for number, line in enumerate(source.rstrip("\n").split("\n"), 1))


def report(program: Program, problems: List[str]) -> str:
    head = f"===== seed {program.seed}: lstm-lint differs from Keras ====="
    return "\n".join([head, numbered(program.source), "-----"] + problems)


def wrong_counts(expected: Json, actual: Json) -> List[str]:
    """The counts lstm-lint gives for one model that are not Keras's (``expected``, from
    ``reference.printed``): a count it leaves unknown is not wrong. Rows are matched by position."""
    problems = [f"{key}: Keras {expected[key]}, lstm-lint {actual[key]}" for key in TOTALS
                if actual[key] is not None and actual[key] != expected[key]]
    if len(expected["layers"]) != len(actual["layers"]):
        problems.append(f"{len(expected['layers'])} rows in Keras, {len(actual['layers'])} in lstm-lint")
        return problems
    for want, got in zip(expected["layers"], actual["layers"]):
        if got["params"] is not None and got["params"] != want["params"]:
            problems.append(f"row {want['name']}: Keras {want['params']}, lstm-lint {got['params']}")
    return problems


def with_op_runs_collapsed(expected_rows: List[Json], actual_rows: List[Json]) -> List[Json]:
    """Keras's rows, where lstm-lint shows one row standing for the ops one call made (an op row
    with no name or type, e.g. for ``preprocess_input``): the run of Keras's op rows of that call's
    line becomes such a row, with the shape of the run's last op. Other rows are kept as they are."""
    standing_for = {row.get("line") for row in actual_rows
                    if row.get("op") and row.get("name") is None and row.get("type") is None}
    collapsed: List[Json] = []
    for row in expected_rows:
        if row.get("op") and row.get("line") in standing_for:
            if collapsed and collapsed[-1].get("op") and collapsed[-1].get("name") is None \
                    and collapsed[-1].get("line") == row.get("line"):
                collapsed[-1] = dict(collapsed[-1], output_shape=row.get("output_shape"))
                continue
            collapsed.append(dict(row, name=None, type=None))
            continue
        collapsed.append(row)
    return collapsed
