"""A seeded generator of programs whose Keras models depend on what each run is given.

``generate(seed)`` writes one program building one to three models, and ``RUNS`` run inputs for
it (``cases.RunInput``: argv, environment variables, data files and folders written into the
run's working directory, seeds for ``random``). Each model takes one value or one list of layers
from a *construct* (``CONSTRUCTS``), and is otherwise fixed: a skeleton of constant layers in one
of several forms (a Sequential from a list, a Sequential grown with ``add``, a functional model; at
module level, in a builder function, under ``if __name__ == "__main__":``).

A construct is one of three kinds:

* ``varying``: the value goes through the construct from a run-time input -- an environment
  variable (``os.environ.get``/``os.environ[...]``), ``sys.argv``, a ``.npy`` array's shape, a JSON,
  CSV or text file, a folder listing, ``random`` seeded from the environment -- and the inputs of
  the runs differ so that the model differs between runs (the harness checks it does);
* ``exact``: what the model gets is the same in every run and follows from the source alone
  (known loops, ``list.insert`` with known arguments, ``if __name__ == "__main__":``, conditions on
  constants, an unknown condition whose two branches give the same size): lstm-lint must give
  every quantity exactly -- when no construct of another kind ran before it in the program (after
  ``eval`` of a string from the environment, say, nothing can be known any more);
* ``fixed``: the same in every run, but through something a sound evaluator may give up on
  (aliasing, ``globals()[...]``, ``setattr``, ``exec`` of a constant string, a call that mutates
  its argument): counted in the precision share only.

Diagnostics are planted on some models and marked in the program with a comment on the line they
point at: ``# expect LL301`` (LSTM with ``activation="relu"`` in every run), ``# never LL301``
(the activation depends on ``sys.argv``), ``LL302``/``LL305`` alike (softmax over one unit, and
categorical crossentropy on it; or over ``len(class_names)`` units, which varies).

Every program must build in Keras in every run, as written: the generator keeps every tensor's
rank in mind, and a program Keras rejects is reported as a generator bug by the test.
``Case.features`` names what a program exercises, for the coverage test.
"""
from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Sequence, Set, Tuple

from tests.keras_diff.generator import ModelRef
from tests.soundness.cases import Case, RunInput

RUNS = 3
ARGV_SLOTS = 3  # sys.argv[1..3] always hold an integer; the runs add a different number of flags after them

VARYING = {
    "direct", "list_for_append", "mut_append", "mut_extend", "mut_insert", "mut_pop", "mut_del", "mut_item",
    "mut_slice", "mut_dict_setitem", "mut_dict_update", "mut_setdefault", "mut_iadd", "if_else_value",
    "if_else_layers", "if_else_model", "for_over_data", "while_data", "try_except", "with_block",
    "break_continue", "function_module_list", "global_function", "nonlocal", "cfg_attr_branch", "alias",
    "list_passed_to_function", "setattr", "globals_setitem", "exec_eval",
}
EXACT = {"insert_known", "known_loop", "main_block", "const_condition", "same_both_branches", "fixed_plain"}
FIXED = {
    "alias_fixed", "function_module_list_fixed", "global_function_fixed", "nonlocal_fixed",
    "list_passed_to_function_fixed", "setattr_fixed", "globals_setitem_fixed", "exec_eval_fixed",
}
CONSTRUCTS = VARYING | EXACT | FIXED

INT_SOURCES = ("env_get", "env_index", "argv_int", "npy_dim", "json_value", "random_int", "text_count")
LIST_SOURCES = ("listdir", "text_lines", "csv_rows", "json_list")
COND_SOURCES = ("argv_len", "env_flag", "file_exists", "npy_cond", "random_cond")
FORMS = ("sequential_list", "sequential_add", "functional")
PLANTS = ("ll301_fixed", "ll301_varying", "ll302_fixed", "ll302_varying", "ll305_fixed", "ll305_varying")
SOURCE_FEATURES = {f"source_{name}" for name in INT_SOURCES + LIST_SOURCES + COND_SOURCES}
FORM_FEATURES = {f"form_{name}" for name in FORMS} | {
    "form_builder", "form_main", "ctx_seq", "ctx_vec", "hole_input_features", "hole_input_steps", "hole_pre_units",
    "hole_post_units", "hole_layers", "rank_change", "rank_change_both", "several_models"}
PLANT_FEATURES = set(PLANTS)
# Constructs whose int is a count of data items: they can feed Dense(count, activation="softmax").
COUNTS = {"list_for_append", "with_block", "break_continue", "for_over_data"}

WORDS = ("cat", "dog", "bird", "fish", "frog", "horse", "lion", "mouse", "owl", "seal", "wolf", "yak")


@dataclass
class Piece:
    """What a construct gives one model: module-level statements before it, and what fills the
    model's hole -- an int expression (``hole == "int"``) or the variable holding a list of layers
    (``"layers"``, with the rank the list leaves behind: ``seq``, ``vec``, ``any`` -- either -- or
    ``end``: the list ends the model)."""

    lines: List[str]
    hole: str
    expr: str
    out_ctx: str = ""
    count: bool = False  # the int counts data items (and is at least 1 in every run)
    # if_else_model: the condition; the model is written twice, once in each branch
    branch_condition: str = ""


@dataclass
class Model:
    var: str
    construct: str
    ctx: str  # "seq": (steps, features) inputs; "vec": (features,)
    form: str
    builder: bool
    in_main: bool
    piece: Piece
    hole_at: str = ""  # for an int: input_features, input_steps, pre_units or post_units
    plants: Set[str] = field(default_factory=set)


def _indent(lines: Sequence[str], depth: int = 1) -> List[str]:
    return [("    " * depth + line) if line else line for line in lines]


class Writer:
    """One program being written: the run inputs it needs, and names that do not collide."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.counter = 0
        self.runs = [RunInput(argv=["train.py"] + ["1"] * ARGV_SLOTS) for _ in range(RUNS)]
        self.tails = self.rng.sample(range(RUNS), RUNS)  # flags after the slots: len(sys.argv) differs per run
        self.free_slots = list(range(1, ARGV_SLOTS + 1))
        self.imports: Set[str] = set()
        self.features: Set[str] = set()

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def choice(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def distinct(self, low: int, high: int, count: int = RUNS) -> List[int]:
        return self.rng.sample(range(low, high + 1), count)

    def pattern(self) -> List[bool]:
        """Truth values per run, not all alike."""
        patterns = [p for p in itertools.product((True, False), repeat=RUNS) if len(set(p)) == 2]
        return list(patterns[self.rng.randrange(len(patterns))])

    # ---- run-time inputs -------------------------------------------------------------------------

    def int_source(self, values: Sequence[int], low: int = 1, high: int = 64) -> Tuple[List[str], str]:
        """Statements and an int expression that is ``values[r]`` in run ``r``, read from a run-time
        input; ``low``..``high`` bounds the values (a random draw is made in that range)."""
        kind = self.choice(INT_SOURCES)
        if kind == "argv_int" and not self.free_slots:
            kind = "env_index"
        if kind in ("npy_dim", "text_count") and min(values) < 1:
            kind = "json_value"
        self.features.add(f"source_{kind}")
        k = self.fresh()
        if kind == "env_get":
            self.imports.add("os")
            key = f"LL_UNITS_{k}"
            absent = self.rng.randrange(RUNS)
            for run, value in zip(self.runs, values):
                if run is not self.runs[absent]:
                    run.env[key] = str(value)
            return [], f'int(os.environ.get("{key}", "{values[absent]}"))'
        if kind == "env_index":
            self.imports.add("os")
            key = f"LL_SIZE_{k}"
            for run, value in zip(self.runs, values):
                run.env[key] = str(value)
            return [], f'int(os.environ["{key}"])'
        if kind == "argv_int":
            self.imports.add("sys")
            slot = self.free_slots.pop(0)
            for run, value in zip(self.runs, values):
                run.argv[slot] = str(value)
            return [], f"int(sys.argv[{slot}])"
        if kind == "npy_dim":
            self.imports.add("numpy")
            name = f"features_{k}.npy"
            axis = self.rng.randrange(2)
            for run, value in zip(self.runs, values):
                run.files[name] = (value, 2) if axis == 0 else (2, value)
            return [], f'np.load("{name}").shape[{axis}]'
        if kind == "json_value":
            self.imports.add("json")
            name = f"settings_{k}.json"
            for run, value in zip(self.runs, values):
                run.files[name] = json.dumps({"units": value})
            return [], f'json.load(open("{name}"))["units"]'
        if kind == "random_int":
            self.imports |= {"os", "random"}
            key = f"LL_SEED_{k}"
            for run, value in zip(self.runs, values):
                run.env[key] = str(_seed_for(lambda r: r.randint(low, high) == value))
            if self.rng.random() < 0.5:
                return [f'random.seed(int(os.environ["{key}"]))', f"draw_{k} = random.randint({low}, {high})"], \
                    f"draw_{k}"
            return [], f'random.Random(int(os.environ["{key}"])).randint({low}, {high})'
        assert kind == "text_count"
        name = f"words_{k}.txt"
        for run, value in zip(self.runs, values):
            run.files[name] = " ".join(_names(value)) + "\n"
        return [], f'len(open("{name}").read().split())'

    def list_source(self, items: Sequence[Sequence[str]]) -> Tuple[List[str], str]:
        """Statements and an expression iterating over ``items[r]`` (strings) in run ``r``."""
        kind = self.choice(LIST_SOURCES)
        self.features.add(f"source_{kind}")
        k = self.fresh()
        if kind == "listdir":
            self.imports.add("os")
            folder = f"data_{k}"
            for run, names in zip(self.runs, items):
                run.dirs[folder] = list(names)
            return [], f'os.listdir("{folder}")' if self.rng.random() < 0.5 else f'sorted(os.listdir("{folder}"))'
        if kind == "text_lines":
            name = f"classes_{k}.txt"
            for run, names in zip(self.runs, items):
                run.files[name] = "".join(f"{item}\n" for item in names)
            return [], f'open("{name}").read().split()'
        if kind == "csv_rows":
            self.imports.add("csv")
            name = f"labels_{k}.csv"
            for run, names in zip(self.runs, items):
                run.files[name] = "".join(f"{item},{index}\n" for index, item in enumerate(names))
            return [], f'[row[0] for row in csv.reader(open("{name}"))]'
        assert kind == "json_list"
        self.imports.add("json")
        name = f"meta_{k}.json"
        for run, names in zip(self.runs, items):
            run.files[name] = json.dumps({"classes": list(names)})
        return [], f'json.load(open("{name}"))["classes"]'

    def cond_source(self) -> Tuple[List[str], str]:
        """Statements and a condition that is true in some runs and false in others."""
        kind = self.choice(COND_SOURCES)
        self.features.add(f"source_{kind}")
        k = self.fresh()
        if kind == "argv_len":
            self.imports.add("sys")
            threshold = self.rng.randrange(RUNS - 1)  # true where the run has more flags than that
            return [], f"len(sys.argv) > {1 + ARGV_SLOTS + threshold}"
        pattern = self.pattern()
        if kind == "env_flag":
            self.imports.add("os")
            key = f"LL_FLAG_{k}"
            form = self.rng.randrange(3)
            for run, truth in zip(self.runs, pattern):
                if truth:
                    run.env[key] = "1"
                elif form == 0 and self.rng.random() < 0.5:
                    run.env[key] = "0"
            return [], [f'os.environ.get("{key}") == "1"', f'"{key}" in os.environ',
                        f'os.environ.get("{key}", "")'][form]
        if kind == "file_exists":
            self.imports.add("os")
            name = f"flag_{k}.txt"
            for run, truth in zip(self.runs, pattern):
                if truth:
                    run.files[name] = "on\n"
            return [], f'os.path.exists("{name}")'
        if kind == "npy_cond":
            self.imports.add("numpy")
            name = f"rows_{k}.npy"
            for run, truth in zip(self.runs, pattern):
                run.files[name] = (6, 2) if truth else (3, 2)
            return [], f'np.load("{name}").shape[0] > 4'
        assert kind == "random_cond"
        self.imports |= {"os", "random"}
        key = f"LL_SEED_{k}"
        for run, truth in zip(self.runs, pattern):
            run.env[key] = str(_seed_for(lambda r: (r.random() < 0.5) == truth))
        return [], f'random.Random(int(os.environ["{key}"])).random() < 0.5'

    # ---- layers ---------------------------------------------------------------------------------

    def layer(self, ctx: str, units: str = "", weighted: bool = False) -> str:
        """A layer that keeps the rank of ``ctx``; ``weighted``: one with weights that grow with
        ``units`` (so that a different layer or unit count shows in the parameters)."""
        units = units or str(self.rng.choice((4, 8, 12, 16)))
        if ctx == "seq":
            options = [f"layers.LSTM({units}, return_sequences=True)", f"layers.GRU({units}, return_sequences=True)",
                       f"layers.SimpleRNN({units}, return_sequences=True)", f"layers.Dense({units})"]
            if not weighted:
                options += ["layers.Dropout(0.1)"]
        else:
            options = [f"layers.Dense({units})", f'layers.Dense({units}, activation="relu")']
            if not weighted:
                options += ["layers.Dropout(0.2)"]
        return self.choice(options)


def _seed_for(wanted: Callable[[random.Random], bool]) -> int:
    for seed in range(100_000):
        if wanted(random.Random(seed)):
            return seed
    raise AssertionError("no seed found")


def _names(count: int, skip: int = 0) -> List[str]:
    names = [WORDS[index % len(WORDS)] + ("" if index < len(WORDS) else str(index)) for index in range(count)]
    return names + [f"skip_{index}" for index in range(skip)]


# ---- constructs -----------------------------------------------------------------------------------
# Each takes the writer, what the model's hole needs ("int" or "layers") and the rank context, and
# returns the Piece. An int is at least 1 in every run.

Construct = Callable[[Writer, str, str], Piece]
CONSTRUCT_HOLES: Dict[str, Tuple[str, ...]] = {}
_BUILDERS: Dict[str, Construct] = {}


def construct(name: str, holes: Tuple[str, ...] = ("int",)) -> Callable[[Construct], Construct]:
    def register(function: Construct) -> Construct:
        _BUILDERS[name] = function
        CONSTRUCT_HOLES[name] = holes
        return function
    return register


@construct("direct")
def _direct(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    setup, expr = w.int_source(w.distinct(2, 48))
    return Piece(setup + [f"units_{k} = {expr}"], "int", f"units_{k}")


@construct("list_for_append")
def _list_for_append(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    setup, source = w.list_source([_names(n) for n in w.distinct(1, 5)])
    return Piece(setup + [f"class_names_{k} = []", f"for entry in {source}:", f"    class_names_{k}.append(entry)"],
                 "int", f"len(class_names_{k})", count=True)


_INT_MUTATIONS = {
    "mut_append": ("{v}.append(64)", ("len", "last")),
    "mut_extend": ("{v}.extend([8, 8])", ("len", "last")),
    "mut_insert": ("{v}.insert(0, 8)", ("first", "len")),
    "mut_pop": ("{v}.pop()", ("len", "last")),
    "mut_del": ("del {v}[0]", ("first", "len")),
    "mut_item": ("{v}[0] = 48", ("first",)),
    "mut_slice": ("{v}[1:] = [8, 8, 8]", ("len", "last")),
    "mut_iadd": ("{v} += [8]", ("len", "last")),
}
_LAYER_MUTATIONS = {
    "mut_append": "{v}.append({a})",
    "mut_extend": "{v}.extend([{a}, {b}])",
    "mut_insert": "{v}.insert(0, {a})",
    "mut_pop": "{v}.pop()",
    "mut_del": "del {v}[0]",
    "mut_item": "{v}[0] = {c}",
    "mut_slice": "{v}[1:] = [{a}, {b}]",
    "mut_iadd": "{v} += [{a}]",
}
_USES = {"len": "len({v})", "last": "{v}[-1]", "first": "{v}[0]"}


def _mutation(name: str) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        setup, cond = w.cond_source()
        k = w.fresh()
        if hole == "int":
            statement, uses = _INT_MUTATIONS[name]
            v = f"sizes_{k}"
            use = _USES[w.choice(uses)].format(v=v)
            return Piece(setup + [f"{v} = [16, 32]", f"if {cond}:", "    " + statement.format(v=v)], "int", use)
        v = f"hidden_{k}"
        first, second = w.layer(ctx, "16"), w.layer(ctx, "32")
        statement = _LAYER_MUTATIONS[name].format(v=v, a=w.layer(ctx, "8", weighted=True),
                                                  b=w.layer(ctx, "24", weighted=True),
                                                  c=w.layer(ctx, "48", weighted=True))
        if name in ("mut_pop", "mut_del"):  # what goes must have weights, or nothing shows it went
            first, second = w.layer(ctx, "16", weighted=True), w.layer(ctx, "32", weighted=True)
        return Piece(setup + [f"{v} = [{first}, {second}]", f"if {cond}:", "    " + statement], "layers", v, ctx)
    return build


for _name in _INT_MUTATIONS:
    construct(_name, ("int", "layers"))(_mutation(_name))


@construct("mut_dict_setitem")
def _dict_setitem(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    return Piece(setup + [f'config_{k} = {{"units": 32}}', f"if {cond}:", f'    config_{k}["units"] = 64'],
                 "int", f'config_{k}["units"]')


@construct("mut_dict_update")
def _dict_update(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    update = w.choice(('{"units": 64}', "units=64", '[("units", 64)]'))
    return Piece(setup + [f'config_{k} = {{"units": 32}}', f"if {cond}:", f"    config_{k}.update({update})"],
                 "int", f'config_{k}["units"]')


@construct("mut_setdefault")
def _setdefault(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    if w.rng.random() < 0.5:
        return Piece(setup + [f"config_{k} = {{}}", f"if {cond}:", f'    config_{k}["units"] = 16',
                              f'config_{k}.setdefault("units", 48)'], "int", f'config_{k}["units"]')
    return Piece(setup + [f"config_{k} = {{}}", f"if {cond}:", f'    config_{k}.setdefault("units", 16)'],
                 "int", f'config_{k}.get("units", 48)')


@construct("if_else_value")
def _if_else_value(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    a, b = w.distinct(2, 48, 2)
    return Piece(setup + [f"if {cond}:", f"    units_{k} = {a}", "else:", f"    units_{k} = {b}"], "int", f"units_{k}")


@construct("if_else_layers", ("layers",))
def _if_else_layers(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    v = f"hidden_{k}"
    a = w.layer(ctx, "8", weighted=True)
    out_ctx = ctx
    roll = w.rng.random()
    if ctx == "seq" and roll < 0.3:  # only the else branch leaves the sequence axis
        b, out_ctx = w.choice(("layers.LSTM(16)", "layers.GRU(16)", "layers.GlobalAveragePooling1D()")), "any"
        w.features.add("rank_change")
    elif ctx == "seq" and roll < 0.6:  # both do: read as one after the other, the else branch's LSTM gets 2-D
        a, b, out_ctx = w.choice(("layers.GRU(8)", "layers.SimpleRNN(8)", "layers.LSTM(8)")), "layers.LSTM(16)", "vec"
        w.features.add("rank_change_both")
    else:
        b = w.layer(ctx, "16", weighted=True)
    then = [f"    {v}.append({a})"] + ([f"    {v}.append(layers.Dropout(0.1))"] if w.rng.random() < 0.3 else [])
    return Piece(setup + [f"{v} = []", f"if {cond}:"] + then + ["else:", f"    {v}.append({b})"], "layers", v, out_ctx)


@construct("if_else_model", ("model",))
def _if_else_model(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    return Piece(setup, "model", "", branch_condition=cond)


@construct("for_over_data", ("int", "layers"))
def _for_over_data(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    if hole == "int":
        setup, source = w.list_source([_names(n) for n in w.distinct(1, 6)])
        return Piece(setup + [f"count_{k} = 0", f"for name in {source}:", f"    count_{k} += 1"], "int", f"count_{k}",
                     count=True)
    setup, source = w.list_source([_names(n) for n in w.distinct(0, 3)])
    v = f"hidden_{k}"
    return Piece(setup + [f"{v} = []", f"for name in {source}:", f"    {v}.append({w.layer(ctx, '8', True)})"],
                 "layers", v, ctx)


@construct("while_data", ("int", "layers"))
def _while_data(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    if hole == "int":
        setup, bound = w.int_source(w.rng.sample((3, 6, 12, 24, 40), RUNS), 1, 64)
        return Piece(setup + [f"units_{k} = 2", f"while units_{k} < {bound}:", f"    units_{k} *= 2"], "int",
                     f"units_{k}")
    setup, bound = w.int_source(w.distinct(0, 3), 0, 3)
    v = f"hidden_{k}"
    return Piece(setup + [f"depth_{k} = {bound}", f"{v} = []", f"while len({v}) < depth_{k}:",
                          f"    {v}.append({w.layer(ctx, '8', True)})"], "layers", v, ctx)


@construct("try_except")
def _try_except(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    present = w.pattern()
    default, *values = w.distinct(2, 48, RUNS + 1)
    form = w.rng.randrange(3)
    if form == 0:
        w.imports.add("os")
        w.features.add("source_env_index")
        key = f"LL_UNITS_{k}"
        for run, here, value in zip(w.runs, present, values):
            if here:
                run.env[key] = str(value)
        return Piece(["try:", f'    units_{k} = int(os.environ["{key}"])', "except KeyError:",
                      f"    units_{k} = {default}"], "int", f"units_{k}")
    if form == 1:
        w.imports.add("os")
        w.features.add("source_env_get")
        key = f"LL_UNITS_{k}"
        for run, here, value in zip(w.runs, present, values):
            run.env[key] = str(value) if here else "auto"
        return Piece(["try:", f'    units_{k} = int(os.environ.get("{key}", "auto"))', "except ValueError:",
                      f"    units_{k} = {default}"], "int", f"units_{k}")
    w.imports.add("json")
    w.features.add("source_json_value")
    name = f"overrides_{k}.json"
    for run, here, value in zip(w.runs, present, values):
        if here:
            run.files[name] = json.dumps({"units": value})
    return Piece(["try:", f'    with open("{name}") as handle:', f'        units_{k} = json.load(handle)["units"]',
                  "except FileNotFoundError:", f"    units_{k} = {default}"], "int", f"units_{k}")


@construct("with_block", ("int", "layers"))
def _with_block(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    name = f"vocab_{k}.txt"
    w.features.add("source_text_lines")
    if hole == "int":
        for run, n in zip(w.runs, w.distinct(1, 5)):
            run.files[name] = "".join(f"{item}\n" for item in _names(n))
        return Piece([f'with open("{name}") as handle:', f"    class_names_{k} = handle.read().split()"], "int",
                     f"len(class_names_{k})", count=True)
    for run, n in zip(w.runs, w.distinct(0, 3)):
        run.files[name] = "".join(f"{item}\n" for item in _names(n))
    v = f"hidden_{k}"
    return Piece([f"{v} = []", f'with open("{name}") as handle:', "    for line in handle:",
                  f"        {v}.append({w.layer(ctx, '8', True)})"], "layers", v, ctx)


@construct("break_continue", ("int", "layers"))
def _break_continue(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    limit = 4 if hole == "int" else 3
    kept = w.distinct(1 if hole == "int" else 0, limit)
    items = []
    for n in kept:  # a run that keeps the limit may have more: the loop breaks
        entries = _names(n + (w.rng.randrange(3) if n == limit else 0), skip=w.rng.randrange(3))
        w.rng.shuffle(entries)
        items.append(entries)
    setup, source = w.list_source(items)
    v = f"class_names_{k}" if hole == "int" else f"hidden_{k}"
    item = "entry" if hole == "int" else w.layer(ctx, "8", True)
    lines = setup + [f"{v} = []", f"for entry in {source}:", '    if entry.startswith("skip"):', "        continue",
                     f"    {v}.append({item})", f"    if len({v}) == {limit}:", "        break"]
    if hole == "int":
        return Piece(lines, "int", f"len({v})", count=True)
    return Piece(lines, "layers", v, ctx)


def _function_module_list(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        if hole == "int":
            v = f"SIZES_{k}"
            if fixed:
                calls = [f"remember_{k}(24)", f"remember_{k}(40)"]
            else:
                setup, expr = w.int_source(w.distinct(2, 48))
                calls = setup + [f"remember_{k}({expr})"]
            return Piece([f"{v} = [16]", "", "", f"def remember_{k}(size):", f"    {v}.append(size)", "", ""] + calls,
                         "int", f"{v}[-1]" if w.rng.random() < 0.7 or not fixed else f"len({v})")
        v = f"BLOCKS_{k}"
        definition = [f"{v} = []", "", "", f"def add_block_{k}(units):",
                      f"    {v}.append({w.layer(ctx, 'units', True)})",
                      "", ""]
        if fixed:
            calls = [f"add_block_{k}(16)", f"add_block_{k}(32)"]
        elif w.rng.random() < 0.5:
            setup, expr = w.int_source(w.distinct(0, 3), 0, 3)
            calls = setup + [f"for _ in range({expr}):", f"    add_block_{k}(8)"]
        else:
            setup, expr = w.int_source(w.distinct(2, 48))
            calls = setup + [f"add_block_{k}({expr})"]
        return Piece(definition + calls, "layers", v, ctx)
    return build


construct("function_module_list", ("int", "layers"))(_function_module_list(False))
construct("function_module_list_fixed", ("int", "layers"))(_function_module_list(True))


def _global_function(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        setup, expr = ([], "48") if fixed else w.int_source(w.distinct(2, 48))
        return Piece(setup + [f"HIDDEN_{k} = 32", "", "", f"def configure_{k}():", f"    global HIDDEN_{k}",
                              f"    HIDDEN_{k} = {expr}", "", "", f"configure_{k}()"], "int", f"HIDDEN_{k}")
    return build


construct("global_function")(_global_function(False))
construct("global_function_fixed")(_global_function(True))


def _nonlocal(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        setup, expr = ([], "40") if fixed else w.int_source(w.distinct(2, 48))
        return Piece(setup + [f"def pick_units_{k}():", "    units = 16", "", "    def bump():",
                              "        nonlocal units",
                              f"        units = {expr}", "", "    bump()", "    return units", "", "",
                              f"units_{k} = pick_units_{k}()"], "int", f"units_{k}")
    return build


construct("nonlocal")(_nonlocal(False))
construct("nonlocal_fixed")(_nonlocal(True))


@construct("cfg_attr_branch")
def _cfg_attr_branch(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    return Piece(setup + [f"class Config{k}:", "    units = 32", "", "", f"cfg_{k} = Config{k}()", f"if {cond}:",
                          f"    cfg_{k}.units = 64"], "int", f"cfg_{k}.units")


def _alias(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        setup, cond = ([], "") if fixed else w.cond_source()
        guard = [] if fixed else [f"if {cond}:"]
        pad = "" if fixed else "    "
        if hole == "int":
            use = w.choice((f"len(b_{k})", f"b_{k}[-1]"))
            start = "[]" if use.startswith("len") else "[16]"
            return Piece(setup + [f"a_{k} = b_{k} = {start}", f"a_{k}.append(24)"] + guard + [f"{pad}a_{k}.append(40)"],
                         "int", use)
        return Piece(setup + [f"hidden_{k} = extra_{k} = []", f"extra_{k}.append({w.layer(ctx, '16')})"] + guard
                     + [f"{pad}extra_{k}.append({w.layer(ctx, '8', True)})"], "layers", f"hidden_{k}", ctx)
    return build


construct("alias", ("int", "layers"))(_alias(False))
construct("alias_fixed", ("int", "layers"))(_alias(True))


def _list_passed(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        if hole == "int":
            setup, cond = ([], "") if fixed else w.cond_source()
            call = [f"grow_{k}(sizes_{k})"] if fixed else [f"if {cond}:", f"    grow_{k}(sizes_{k})"]
            grow = [f"def grow_{k}(values):", "    values.append(64)", "", "", f"sizes_{k} = [16]"]
            return Piece(setup + grow + call,
                         "int", f"sizes_{k}[-1]")
        setup, expr = ([], "2") if fixed else w.int_source(w.distinct(0, 3), 0, 3)
        return Piece(setup + [f"def add_layers_{k}(target, count):", "    for _ in range(count):",
                              f"        target.append({w.layer(ctx, '8', True)})", "", "",
                              f"hidden_{k} = [{w.layer(ctx, '16')}]", f"add_layers_{k}(hidden_{k}, {expr})"],
                     "layers", f"hidden_{k}", ctx)
    return build


construct("list_passed_to_function", ("int", "layers"))(_list_passed(False))
construct("list_passed_to_function_fixed", ("int", "layers"))(_list_passed(True))


def _setattr(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        head = [f"class Config{k}:", "    units = 32", "", "", f"cfg_{k} = Config{k}()"]
        if fixed:
            return Piece(head + [f'setattr(cfg_{k}, "units", 48)'], "int", f"cfg_{k}.units")
        if w.rng.random() < 0.5:
            setup, expr = w.int_source(w.distinct(2, 48))
            return Piece(setup + head + [f'setattr(cfg_{k}, "units", {expr})'], "int", f"cfg_{k}.units")
        w.imports.add("os")
        w.features.add("source_env_get")
        key = f"LL_FIELD_{k}"
        for run, truth in zip(w.runs, w.pattern()):
            if not truth:
                run.env[key] = "spare"
        return Piece(head + [f'setattr(cfg_{k}, os.environ.get("{key}", "units"), 64)'], "int", f"cfg_{k}.units")
    return build


construct("setattr")(_setattr(False))
construct("setattr_fixed")(_setattr(True))


def _globals_setitem(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        setup, expr = ([], "24") if fixed else w.int_source(w.distinct(2, 48))
        return Piece(setup + [f"UNITS_{k} = 16", f'globals()["UNITS_{k}"] = {expr}'], "int", f"UNITS_{k}")
    return build


construct("globals_setitem")(_globals_setitem(False))
construct("globals_setitem_fixed")(_globals_setitem(True))


def _exec_eval(fixed: bool) -> Construct:
    def build(w: Writer, hole: str, ctx: str) -> Piece:
        k = w.fresh()
        if fixed:
            change = w.choice((f'exec("units_{k} = 48")', f'units_{k} = eval("6 * 8")'))
            return Piece([f"units_{k} = 16", change], "int",
                         f"units_{k}")
        w.imports.add("os")
        w.features.add("source_env_get")
        key = f"LL_EXPR_{k}"
        expressions = ["16", "2 * 24", "40 - 4"]
        absent = w.rng.randrange(RUNS)
        for run, text in zip(w.runs, expressions):
            if run is not w.runs[absent]:
                run.env[key] = text
        default = ["8 * 2", "48", "36"][absent]  # what the run without the variable computes: as the others
        if w.rng.random() < 0.5:
            return Piece([f'units_{k} = eval(os.environ.get("{key}", "{default}"))'], "int", f"units_{k}")
        return Piece([f'exec("units_{k} = " + os.environ.get("{key}", "{default}"))'], "int", f"units_{k}")
    return build


construct("exec_eval")(_exec_eval(False))
construct("exec_eval_fixed")(_exec_eval(True))


@construct("insert_known", ("layers",))
def _insert_known(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    v = f"head_{k}"
    if ctx == "seq":
        first = w.choice(("layers.GlobalAveragePooling1D()", "layers.GlobalMaxPooling1D()", "layers.LSTM(12)"))
        return Piece([f"{v} = [layers.Dense(8), layers.Dense(2)]", f"{v}.insert(0, {first})"], "layers", v, "end")
    index = w.choice(("0", "1", "-1"))
    return Piece([f"{v} = [layers.Dense(12), layers.Dense(2)]", f"{v}.insert({index}, layers.Dense(6))"],
                 "layers", v, "end")


@construct("known_loop", ("int", "layers"))
def _known_loop(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    if hole == "int":
        form = w.rng.randrange(3)
        if form == 0:
            return Piece([f"units_{k} = 0", "for size in [4, 8, 16]:", f"    units_{k} += size"], "int", f"units_{k}")
        if form == 1:
            return Piece([f"units_{k} = 3", "for _ in range(3):", f"    units_{k} = units_{k} * 2"], "int",
                         f"units_{k}")
        return Piece([f"units_{k} = 1", f"while units_{k} < 20:", f"    units_{k} *= 3"], "int", f"units_{k}")
    v = f"hidden_{k}"
    form = w.rng.randrange(3)
    if form == 0:
        loop = ["for size in [32, 64]:", f"    {v}.append({w.layer(ctx, 'size', True)})"]
    elif form == 1:
        loop = ["for i in range(3):", f"    {v}.append({w.layer(ctx, '8 * (i + 1)', True)})"]
    else:
        loop = [f"while len({v}) < 2:", f"    {v}.append({w.layer(ctx, '12', True)})"]
    return Piece([f"{v} = []"] + loop, "layers", v, ctx)


@construct("main_block", ("int", "layers"))
def _main_block(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    if hole == "int":
        return Piece([f"UNITS_{k} = 24"], "int", f"UNITS_{k}")
    return Piece([f"hidden_{k} = [{w.layer(ctx, '16')}, {w.layer(ctx, '8')}]"], "layers", f"hidden_{k}", ctx)


@construct("const_condition", ("int", "layers"))
def _const_condition(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    name = f"DEBUG_{k}"
    head = [f"{name} = {w.rng.random() < 0.5}"]
    condition = w.choice((name, f"not {name}", f"{name} and len([1, 2]) == 2", f"3 > 2 and {name}"))
    if hole == "int":
        return Piece(head + [f"if {condition}:", f"    units_{k} = 8", "else:", f"    units_{k} = 40"], "int",
                     f"units_{k}")
    v = f"hidden_{k}"
    return Piece(head + [f"if {condition}:", f"    {v} = [{w.layer(ctx, '8', True)}]", "else:",
                         f"    {v} = [{w.layer(ctx, '20', True)}, {w.layer(ctx, '4')}]"], "layers", v, ctx)


@construct("same_both_branches", ("int", "layers"))
def _same_both_branches(w: Writer, hole: str, ctx: str) -> Piece:
    setup, cond = w.cond_source()
    k = w.fresh()
    if hole == "int":
        a, b = w.rng.choice((("32", "32"), ("32", "16 * 2"), ("12", "len([1, 2, 3]) * 4")))
        return Piece(setup + [f"if {cond}:", f"    units_{k} = {a}", "else:", f"    units_{k} = {b}"], "int",
                     f"units_{k}")
    v = f"hidden_{k}"
    if ctx == "vec" and w.rng.random() < 0.5:
        a, b = "layers.Dropout(0.5)", "layers.Dropout(0.2)"  # different settings, the same summary
    else:
        a = b = w.layer(ctx, "16", True)
    return Piece(setup + [f"{v} = []", f"if {cond}:", f"    {v}.append({a})", "else:", f"    {v}.append({b})"],
                 "layers", v, ctx)


@construct("fixed_plain", ("int", "layers"))
def _fixed_plain(w: Writer, hole: str, ctx: str) -> Piece:
    k = w.fresh()
    if hole == "int":
        return Piece([f"UNITS_{k} = 20"], "int", f"UNITS_{k}")
    return Piece([f"hidden_{k} = [{w.layer(ctx, '16')}]"], "layers", f"hidden_{k}", ctx)


def _check_registry() -> None:
    assert set(_BUILDERS) == CONSTRUCTS, sorted(set(_BUILDERS) ^ CONSTRUCTS)


_check_registry()


# ---- models ---------------------------------------------------------------------------------------


@dataclass
class Skeleton:
    """One model's fixed parts, around the hole; rendered as one of FORMS."""

    var: str
    ctx: str
    input_dims: List[str]
    pre: str
    pre_note: str
    hole_list: str  # variable of the list of layers, or ""
    post: List[str]
    post_notes: List[str]
    compile_note: str = ""

    def statements(self, form: str) -> List[str]:
        shape = "(" + ", ".join(self.input_dims) + ("," if len(self.input_dims) == 1 else "") + ")"
        pre = self.pre + ("," if form == "sequential_list" else "")
        note = f"  {self.pre_note}" if self.pre_note else ""
        lines: List[str] = []
        if form == "sequential_list":
            lines.append(f"{self.var} = keras.Sequential(")
            lines += ["    [", f"        keras.Input({shape}),", f"        {pre}{note}", "    ]"]
            if self.hole_list:
                lines.append(f"    + {self.hole_list}")
            if self.post:
                lines.append("    + [")
                lines += [f"        {item},{'  ' + n if n else ''}" for item, n in zip(self.post, self.post_notes)]
                lines.append("    ]")
            lines.append(")")
        elif form == "sequential_add":
            lines += [f"{self.var} = keras.Sequential()", f"{self.var}.add(keras.Input({shape}))",
                      f"{self.var}.add({self.pre}){note}"]
            if self.hole_list:
                lines += [f"for layer in {self.hole_list}:", f"    {self.var}.add(layer)"]
            lines += [f"{self.var}.add({item}){'  ' + n if n else ''}" for item, n in zip(self.post, self.post_notes)]
        else:
            k = self.var.rsplit("_", 1)[-1]
            x = f"x_{k}"
            lines += [f"inputs_{k} = keras.Input({shape})", f"{x} = {self.pre}(inputs_{k}){note}"]
            if self.hole_list:
                lines += [f"for layer in {self.hole_list}:", f"    {x} = layer({x})"]
            lines += [f"{x} = {item}({x}){'  ' + n if n else ''}" for item, n in zip(self.post, self.post_notes)]
            lines.append(f"{self.var} = keras.Model(inputs_{k}, {x})")
        if self.compile_note:
            lines.append(f'{self.var}.compile(loss="categorical_crossentropy")  {self.compile_note}')
        return lines


def _skeleton(w: Writer, model: Model, variant: int = 0) -> Skeleton:
    piece, ctx = model.piece, model.ctx
    rng = w.rng
    steps, features = str(rng.choice((5, 8, 10))), str(rng.choice((2, 3, 4, 6)))
    dims = [steps, features] if ctx == "seq" else [features]
    pre_units = str(rng.choice((8, 12, 16)))
    classes = str(rng.choice((1, 2, 3, 5)))
    if model.hole_at == "input_features":
        dims[-1] = piece.expr
    elif model.hole_at == "input_steps":
        dims[0] = piece.expr
    elif model.hole_at == "pre_units":
        pre_units = piece.expr
    elif model.hole_at == "post_units":
        classes = piece.expr
    pre_note = ""
    if ctx == "seq":
        kind = rng.choice(("LSTM", "GRU", "SimpleRNN", "LSTM"))
        if variant:  # the other branch of if_else_model
            kind = {"LSTM": "GRU", "GRU": "SimpleRNN", "SimpleRNN": "LSTM"}[kind]
        extra = ""
        if "ll301_fixed" in model.plants:
            kind, extra, pre_note = "LSTM", ', activation="relu"', "# expect LL301"
        elif "ll301_varying" in model.plants:
            kind, extra, pre_note = "LSTM", f", activation=act_{model.var}", "# never LL301"
        pre = f"layers.{kind}({pre_units}, return_sequences=True{extra})"
    else:
        pre = f"layers.Dense({pre_units if not variant else int(pre_units) * 2})"
    out_ctx = piece.out_ctx if piece.hole == "layers" else ctx
    post: List[str] = []
    if out_ctx == "seq":
        post = [rng.choice(("layers.LSTM(6)", "layers.GRU(6)", "layers.GlobalAveragePooling1D()", "layers.Flatten()",
                            "layers.Dropout(0.1)"))]
    elif out_ctx == "vec" and rng.random() < 0.3:
        post = ["layers.Dropout(0.1)"]
    notes = [""] * len(post)
    compile_note = ""
    if out_ctx != "end":
        activation = ""
        note = ""
        if "ll302_fixed" in model.plants:
            classes, activation, note = "1", ', activation="softmax"', "# expect LL302"
        elif "ll302_varying" in model.plants:
            activation, note = ', activation="softmax"', "# never LL302"
        elif rng.random() < 0.3 and classes != "1":
            activation = ', activation="softmax"'
        post.append(f"layers.Dense({classes}{activation})")
        notes.append(note)
        if "ll305_fixed" in model.plants:
            compile_note = "# expect LL305"
        elif "ll305_varying" in model.plants:
            compile_note = "# never LL305"
    return Skeleton(model.var, ctx, dims, pre, pre_note, piece.expr if piece.hole == "layers" else "", post, notes,
                    compile_note)


def _model_lines(w: Writer, model: Model) -> List[str]:
    """The model's statements: the skeleton in its form, in a builder function and/or the main block."""
    if model.piece.hole == "model":
        state = w.rng.getstate()
        first = _skeleton(w, model).statements(model.form)
        w.rng.setstate(state)  # the same fixed parts in both branches, but for the first layer
        second = _skeleton(w, model, variant=1).statements(model.form)
        body = [f"if {model.piece.branch_condition}:"] + _indent(first) + ["else:"] + _indent(second)
    else:
        body = _skeleton(w, model).statements(model.form)
    if model.builder:
        function = [f"def build_{model.var}():"] + _indent(body + [f"return {model.var}"]) + ["", ""]
        call = [f"{model.var} = build_{model.var}()"]
        if model.in_main:
            return function + ['if __name__ == "__main__":'] + _indent(call)
        return function + call
    if model.in_main:
        return ['if __name__ == "__main__":'] + _indent(body)
    return body


def _plan(w: Writer, index: int, construct_name: str) -> Model:
    rng = w.rng
    holes = CONSTRUCT_HOLES[construct_name]
    hole = rng.choice(holes)
    ctx = rng.choice(("seq", "vec"))
    if construct_name == "insert_known" and rng.random() < 0.7:
        ctx = "seq"
    var = f"model_{index}"
    piece = _BUILDERS[construct_name](w, hole, ctx)
    form = rng.choice(FORMS)
    model = Model(var, construct_name, ctx, form, builder=rng.random() < 0.25,
                  in_main=construct_name == "main_block" or rng.random() < 0.15, piece=piece)
    if piece.hole == "int":
        places = ["input_features", "pre_units", "post_units"] + (["input_steps"] if ctx == "seq" else [])
        model.hole_at = rng.choice(places)
        if piece.count and rng.random() < 0.5:
            model.hole_at = "post_units"
            model.plants.add("ll302_varying")
            if rng.random() < 0.6:
                model.plants.add("ll305_varying")
        w.features.add(f"hole_{model.hole_at}")
    elif piece.hole == "layers":
        w.features.add("hole_layers")
    return model


def generate(seed: int) -> Case:
    w = Writer(seed)
    rng = w.rng
    count = rng.choice((1, 2, 2, 3))
    names = sorted(CONSTRUCTS)
    chosen = [rng.choice(names) for _ in range(count)]
    if rng.random() < 0.6:
        chosen.sort(key=lambda name: name not in EXACT)  # exact ones first: nothing unknown ran before them
    models: List[Model] = []
    body: List[str] = []
    exact_so_far = True
    exact: Set[str] = set()
    for index, name in enumerate(chosen):
        model = _plan(w, index, name)
        exact_so_far = exact_so_far and name in EXACT
        if exact_so_far:
            exact.add(model.var)
        if model.ctx == "seq" and model.piece.hole != "model" and model.hole_at != "pre_units":
            if model.var in exact and rng.random() < 0.35:
                model.plants.add("ll301_fixed")
            elif rng.random() < 0.2:
                model.plants.add("ll301_varying")
        can_end_in_one = model.hole_at != "post_units" and model.piece.out_ctx != "end" and model.piece.hole != "model"
        if model.var in exact and can_end_in_one and rng.random() < 0.3:
            model.plants.add("ll302_fixed")
            if rng.random() < 0.6:
                model.plants.add("ll305_fixed")
        lines = list(model.piece.lines)
        if "ll301_varying" in model.plants:
            setup, cond = w.cond_source()
            lines += setup + [f'act_{model.var} = "relu" if {cond} else "tanh"']
        body += lines + [""] + _model_lines(w, model) + ["", ""]
        models.append(model)
        w.features |= {name, f"{name}:{model.piece.hole}", f"form_{model.form}", f"ctx_{model.ctx}"} | model.plants
        if model.builder:
            w.features.add("form_builder")
        if model.in_main:
            w.features.add("form_main")
    if len(models) > 1:
        w.features.add("several_models")
    for run, tail in zip(w.runs, w.tails):
        run.argv += ["--verbose"] * tail
    imports = [f"import {module}" for module in sorted(w.imports | {"os", "sys"}) if module != "numpy"]
    if "numpy" in w.imports:
        imports.append("import numpy as np")
    source = "\n".join(imports + ["import keras", "from keras import layers", "", ""] + body).rstrip("\n") + "\n"
    # A builder's model bound by its call (``m = build_m()``) is reported under the binding's name.
    refs = [ModelRef("var", m.var, m.var) for m in models]
    constructs = {ref.name: m.construct for ref, m in zip(refs, models)}
    return Case(
        name=f"seed {seed}", source=source, models=refs, runs=w.runs, constructs=constructs,
        varying={ref.name for ref, m in zip(refs, models) if m.construct in VARYING},
        exact={ref.name for ref, m in zip(refs, models) if m.var in exact},
        features=w.features,
    )
