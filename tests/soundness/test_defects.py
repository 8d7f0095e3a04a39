"""One small program per way lstm-lint has been (or could be) wrong about code whose sizes depend on
run-time input, each run in Keras under at least three inputs by the same harness as the generated
programs, and judged the same way (judge.py): every number lstm-lint prints must hold in every run,
what differs between runs must be unknown, no build error may fire (each program builds in every
run), ``# never LLxxx`` must not fire and ``# expect LLxxx`` must; ``exact`` programs must be given
exactly.

1. Lists and values filled under control flow lstm-lint cannot decide: a folder listing, list and
   dict mutations under an unknown condition, if/else appending different layers, loops over data,
   ``while`` with a data-dependent bound, try/except, with, break/continue.
2. Effects lstm-lint must follow or give up on: a function appending to a module-level list,
   ``global``, ``nonlocal``, an attribute set in a branch, aliasing, a list mutated by the function
   it is passed to, ``setattr``, ``exec``/``eval``, ``globals()[...]``.
3. What follows from the source alone must stay exact: ``list.insert`` with known arguments.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import pytest

from tests.keras_diff.generator import ModelRef
from tests.soundness import judge
from tests.soundness.cases import Case, FileContent, RunInput
from tests.soundness.harness import outcome

HEAD = "import os\nimport sys\nimport keras\nfrom keras import layers\n\n"


def argv(*extra: Sequence[str]) -> List[RunInput]:
    """One run per argument list (after the program's name)."""
    return [RunInput(argv=["train.py", *args]) for args in extra]


def env(key: str, *values: Optional[str]) -> List[RunInput]:
    """One run per value of the variable (None: not set)."""
    return [RunInput(argv=["train.py"], env={} if value is None else {key: value}) for value in values]


def files(path: str, *contents: Optional[FileContent]) -> List[RunInput]:
    """One run per content of the file (None: no such file)."""
    return [RunInput(argv=["train.py"], files={} if content is None else {path: content}) for content in contents]


def folders(path: str, *entries: List[str]) -> List[RunInput]:
    return [RunInput(argv=["train.py"], dirs={path: list(names)}) for names in entries]


def check(body: str, runs: List[RunInput], construct: str, varying: bool = True, exact: bool = False,
          models: Sequence[str] = ("model",)) -> None:
    assert len(runs) >= 3
    case = Case(name=construct, source=HEAD + body, models=[ModelRef("var", name, name) for name in models],
                runs=runs, constructs={name: construct for name in models},
                varying=set(models) if varying else set(), exact=set(models) if exact else set())
    result = outcome(case)
    verdict = judge.judge(result)
    if verdict.failed:
        pytest.fail(judge.report(result, verdict), pytrace=False)


# ---- 1. control flow lstm-lint cannot decide -------------------------------------------------------


def test_class_names_from_a_folder_listing() -> None:
    body = ('class_names = []\n'
            'for d in os.listdir("data/train"):\n'
            '    class_names.append(d)\n'
            'model = keras.Sequential([\n'
            '    keras.Input((20, 8)),\n'
            '    layers.LSTM(32),\n'
            '    layers.Dense(len(class_names), activation="softmax"),  # never LL302\n'
            '])\n'
            'model.compile(optimizer="adam", loss="categorical_crossentropy")  # never LL305\n')
    check(body, folders("data/train", ["cat"], ["cat", "dog", "bird"], ["a", "b", "c", "d", "e"]), "listdir_append")


# (setup, statement under the condition, what the model reads): the statement changes what it reads.
INT_MUTATIONS: Dict[str, Tuple[str, str, str]] = {
    "append": ("sizes = [16, 32]", "sizes.append(64)", "len(sizes)"),
    "extend": ("sizes = [16, 32]", "sizes.extend([8, 8])", "sizes[-1]"),
    "insert": ("sizes = [16, 32]", "sizes.insert(0, 4)", "sizes[0]"),
    "pop": ("sizes = [16, 32]", "sizes.pop()", "sizes[-1]"),
    "del": ("sizes = [16, 32]", "del sizes[0]", "sizes[0]"),
    "item": ("sizes = [16, 32]", "sizes[0] = 48", "sizes[0]"),
    "slice": ("sizes = [16, 32]", "sizes[1:] = [8, 8, 8]", "len(sizes)"),
    "dict_setitem": ('config = {"units": 32}', 'config["units"] = 64', 'config["units"]'),
    "dict_update": ('config = {"units": 32}', "config.update(units=64)", 'config["units"]'),
    "setdefault": ("config = {}", 'config.setdefault("units", 16)', 'config.get("units", 48)'),
    "iadd": ("sizes = [16, 32]", "sizes += [8]", "len(sizes)"),
}


@pytest.mark.parametrize("name", sorted(INT_MUTATIONS))
def test_mutation_under_an_unknown_condition(name: str) -> None:
    setup, statement, use = INT_MUTATIONS[name]
    body = (f"{setup}\n"
            "if len(sys.argv) > 1:\n"
            f"    {statement}\n"
            f"model = keras.Sequential([keras.Input((8,)), layers.Dense({use}), layers.Dense(1)])\n")
    check(body, argv([], ["x"], ["x", "y"]), f"mut_{name}")


LAYER_MUTATIONS = {
    "append": "hidden.append(layers.Dense(8))",
    "extend": "hidden.extend([layers.Dense(8), layers.Dense(4)])",
    "insert": "hidden.insert(0, layers.Dense(8))",
    "pop": "hidden.pop()",
    "del": "del hidden[0]",
    "item": "hidden[0] = layers.Dense(48)",
    "slice": "hidden[1:] = [layers.Dense(8), layers.Dense(8)]",
    "iadd": "hidden += [layers.Dense(8)]",
}


@pytest.mark.parametrize("name", sorted(LAYER_MUTATIONS))
def test_layer_list_mutation_under_an_unknown_condition(name: str) -> None:
    body = ("hidden = [layers.Dense(16), layers.Dense(32)]\n"
            'if os.environ.get("BIG") == "1":\n'
            f"    {LAYER_MUTATIONS[name]}\n"
            "model = keras.Sequential([keras.Input((6,))] + hidden + [layers.Dense(1)])\n")
    check(body, env("BIG", "1", None, "0"), f"mut_{name}_layers")


def test_if_else_appends_different_layers() -> None:
    """Each run takes one branch: the else branch's LSTM(16) sees the 3-D input, as written (read
    one after the other, the branches would give it the GRU's 2-D output: LL101)."""
    body = ("hidden = []\n"
            "if len(sys.argv) > 2:\n"
            "    hidden.append(layers.GRU(8))\n"
            "else:\n"
            "    hidden.append(layers.LSTM(16))\n"
            "model = keras.Sequential([keras.Input((10, 3))] + hidden + [layers.Dense(1)])\n")
    check(body, argv([], ["a", "b"], ["a", "b", "c"]), "if_else_layers")


def test_model_built_in_either_branch() -> None:
    """One model, bound in both branches: whichever lstm-lint reports under its name must hold for
    the runs that took the other branch too."""
    body = ('if os.environ.get("CELL") == "gru":\n'
            "    model = keras.Sequential([keras.Input((10, 3)), layers.GRU(8), layers.Dense(1)])\n"
            "else:\n"
            "    model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n")
    check(body, env("CELL", "gru", None, "lstm"), "if_else_model")


def test_the_same_size_in_both_branches_is_exact() -> None:
    """Either branch constructs one Dropout: the model is the same in every run, and follows from
    the source alone."""
    body = ("hidden = []\n"
            'if os.environ.get("STRONG"):\n'
            "    hidden.append(layers.Dropout(0.5))\n"
            "else:\n"
            "    hidden.append(layers.Dropout(0.2))\n"
            "model = keras.Sequential([keras.Input((6,)), layers.Dense(16)] + hidden + [layers.Dense(1)])\n")
    check(body, env("STRONG", "1", None, "yes"), "same_both_branches", varying=False, exact=True)


def test_layers_after_an_undecided_early_return_in_a_builder() -> None:
    """The code after ``if <undecided>: return ...`` runs in the other runs only: the layers it
    makes are made in those runs only, and so the counters of the names after the call differ."""
    body = ("shared = layers.Dense(4)\n"
            "def block(x):\n"
            "    if len(sys.argv) > 2:\n"
            "        return shared(x)\n"
            "    hidden = layers.Dense(5)(x)\n"
            "    return layers.Dense(4)(hidden)\n"
            "inputs = keras.Input((3,))\n"
            "mid = block(inputs)\n"
            "model = keras.Model(inputs, layers.Dense(2)(mid))\n")
    check(body, argv([], ["a", "b"], ["a", "b", "c"]), "early_return_builder")


def test_a_layer_built_before_an_undecided_early_return() -> None:
    """The layer made just before ``if <undecided>: return`` is built on the small input in the
    runs that return and on the big one in the others: its weights are not those of one path."""
    body = ("def build(small, big):\n"
            "    layer = layers.Dense(4)\n"
            "    if len(sys.argv) > 2:\n"
            "        return keras.Model(small, layer(small))\n"
            "    return keras.Model(big, layer(big))\n"
            "model = build(keras.Input((3,)), keras.Input((7,)))\n")
    check(body, argv([], ["a", "b"], ["a", "b", "c"]), "early_return_weights")


def test_layers_after_an_undecided_break() -> None:
    """The rest of a loop's body after ``if <undecided>: break`` runs in some iterations only."""
    body = ("hidden = []\n"
            "for width in (8, 4):\n"
            "    if len(sys.argv) > 2:\n"
            "        break\n"
            "    hidden.append(layers.Dense(width))\n"
            "model = keras.Sequential([keras.Input((6,))] + hidden + [layers.Dense(1)])\n")
    check(body, argv([], ["a", "b"], ["a", "b", "c"]), "early_break")


def test_for_over_the_lines_of_a_file() -> None:
    body = ("hidden = []\n"
            'for line in open("layers.txt"):\n'
            "    hidden.append(layers.Dense(int(line)))\n"
            "model = keras.Sequential([keras.Input((5,))] + hidden + [layers.Dense(2)])\n")
    check(body, files("layers.txt", "", "32\n", "16\n8\n"), "for_over_data")


def test_while_with_a_bound_from_the_environment() -> None:
    body = ("units = 2\n"
            'while units < int(os.environ["TARGET"]):\n'
            "    units *= 2\n"
            "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(units), layers.Dense(1)])\n")
    check(body, env("TARGET", "3", "12", "40"), "while_data")


def test_while_appending_layers_up_to_a_depth_from_the_environment() -> None:
    body = ("hidden = []\n"
            'while len(hidden) < int(os.environ["DEPTH"]):\n'
            "    hidden.append(layers.Dense(8))\n"
            "model = keras.Sequential([keras.Input((5,))] + hidden + [layers.Dense(1)])\n")
    check(body, env("DEPTH", "0", "1", "3"), "while_data")


def test_try_except_falls_back() -> None:
    body = ("try:\n"
            '    units = int(os.environ["UNITS"])\n'
            "except KeyError:\n"
            "    units = 32\n"
            "model = keras.Sequential([keras.Input((10, 4)), layers.GRU(units), layers.Dense(1)])\n")
    check(body, env("UNITS", None, "8", "64"), "try_except")


def test_with_open_reads_the_vocabulary() -> None:
    body = ('with open("vocab.txt") as handle:\n'
            "    vocab = handle.read().split()\n"
            "model = keras.Sequential([keras.Input((12,)), layers.Dense(len(vocab))])\n")
    check(body, files("vocab.txt", "a b\n", "a b c d\n", "x\n"), "with_block")


def test_a_layer_per_line_read_in_a_with_block() -> None:
    body = ("hidden = []\n"
            'with open("blocks.txt") as handle:\n'
            "    for line in handle:\n"
            "        hidden.append(layers.Dense(8))\n"
            "model = keras.Sequential([keras.Input((5,))] + hidden + [layers.Dense(1)])\n")
    check(body, files("blocks.txt", "", "a\n", "a\nb\nc\n"), "with_block")


def test_break_and_continue_over_a_listing() -> None:
    body = ("names = []\n"
            'for entry in sorted(os.listdir("data")):\n'
            '    if entry.startswith("_"):\n'
            "        continue\n"
            "    names.append(entry)\n"
            "    if len(names) == 3:\n"
            "        break\n"
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(len(names))])\n")
    check(body, folders("data", ["_cache", "cat"], ["cat", "dog"], ["a", "_b", "c", "d", "e"]), "break_continue")


# ---- 2. effects lstm-lint must follow or give up on ------------------------------------------------


def test_function_appends_to_a_module_level_list() -> None:
    body = ("BLOCKS = []\n\n\n"
            "def add_block(units):\n"
            "    BLOCKS.append(layers.Dense(units))\n\n\n"
            'for _ in range(int(os.environ["DEPTH"])):\n'
            "    add_block(16)\n"
            "model = keras.Sequential([keras.Input((4,))] + BLOCKS + [layers.Dense(1)])\n")
    check(body, env("DEPTH", "0", "1", "3"), "function_module_list")


def test_global_set_in_a_function() -> None:
    body = ("HIDDEN = 32\n\n\n"
            "def configure():\n"
            "    global HIDDEN\n"
            "    HIDDEN = int(sys.argv[1])\n\n\n"
            "configure()\n"
            "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(HIDDEN), layers.Dense(1)])\n")
    check(body, argv(["8"], ["16"], ["64"]), "global_function")


def test_global_set_in_a_function_in_every_run() -> None:
    """The same in every run: lstm-lint may give up, but must not keep HIDDEN = 32."""
    body = ("HIDDEN = 32\n\n\n"
            "def configure():\n"
            "    global HIDDEN\n"
            "    HIDDEN = 48\n\n\n"
            "configure()\n"
            "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(HIDDEN), layers.Dense(1)])\n")
    check(body, argv([], ["x"], ["x", "y"]), "global_function_fixed", varying=False)


def test_function_appends_to_a_module_level_list_in_every_run() -> None:
    body = ("SIZES = [16]\n\n\n"
            "def remember(size):\n"
            "    SIZES.append(size)\n\n\n"
            "remember(24)\n"
            "remember(40)\n"
            "model = keras.Sequential([keras.Input((6,)), layers.Dense(SIZES[-1]), layers.Dense(len(SIZES))])\n")
    check(body, argv([], ["x"], ["x", "y"]), "function_module_list_fixed", varying=False)


def test_nonlocal_set_in_a_closure() -> None:
    body = ("def pick_units():\n"
            "    units = 16\n\n"
            "    def bump():\n"
            "        nonlocal units\n"
            '        units = int(os.environ.get("UNITS", "24"))\n\n'
            "    bump()\n"
            "    return units\n\n\n"
            "model = keras.Sequential([keras.Input((6,)), layers.Dense(pick_units())])\n")
    check(body, env("UNITS", None, "4", "40"), "nonlocal")


def test_config_attribute_set_in_a_branch() -> None:
    body = ("class Cfg:\n"
            "    units = 32\n\n\n"
            "cfg = Cfg()\n"
            'if os.path.exists("big.flag"):\n'
            "    cfg.units = 64\n"
            "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(cfg.units), layers.Dense(1)])\n")
    check(body, files("big.flag", "", None, "yes\n"), "cfg_attr_branch")


def test_aliased_list_mutated_under_a_condition() -> None:
    body = ("a = b = []\n"
            "a.append(layers.Dense(8))\n"
            "if len(sys.argv) > 1:\n"
            "    a.append(layers.Dense(4))\n"
            "model = keras.Sequential([keras.Input((6,)), layers.Dense(len(b) + 1)] + b)\n")
    check(body, argv([], ["x"], ["x", "y"]), "alias")


def test_aliased_list_mutated_in_every_run() -> None:
    """The same in every run: lstm-lint may give up, but must not read ``b`` as still empty."""
    body = ("a = b = []\n"
            "a.append(16)\n"
            "a.append(24)\n"
            "model = keras.Sequential([keras.Input((6,)), layers.Dense(len(b) + 1), layers.Dense(b[-1])])\n")
    check(body, argv([], ["x"], ["x", "y"]), "alias_fixed", varying=False)


def test_list_mutated_by_the_function_it_is_passed_to() -> None:
    body = ("def add_layers(target, count):\n"
            "    for _ in range(count):\n"
            "        target.append(layers.Dense(8))\n\n\n"
            "hidden = [layers.Dense(16)]\n"
            'add_layers(hidden, int(os.environ.get("EXTRA", "0")))\n'
            "model = keras.Sequential([keras.Input((5,))] + hidden + [layers.Dense(1)])\n")
    check(body, env("EXTRA", None, "1", "3"), "list_passed_to_function")


def test_list_grown_by_a_function_in_every_run() -> None:
    body = ("def grow(values):\n"
            "    values.append(64)\n\n\n"
            "sizes = [16]\n"
            "grow(sizes)\n"
            "model = keras.Sequential([keras.Input((5,)), layers.Dense(sizes[-1])])\n")
    check(body, argv([], ["x"], ["x", "y"]), "list_passed_to_function_fixed", varying=False)


def test_setattr_from_the_command_line() -> None:
    body = ("class Cfg:\n"
            "    units = 32\n\n\n"
            "cfg = Cfg()\n"
            'setattr(cfg, "units", int(sys.argv[1]))\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(cfg.units)])\n")
    check(body, argv(["4"], ["12"], ["40"]), "setattr")


def test_setattr_with_an_attribute_name_from_the_environment() -> None:
    body = ("class Cfg:\n"
            "    units = 32\n\n\n"
            "cfg = Cfg()\n"
            'setattr(cfg, os.environ.get("FIELD", "units"), 64)\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(cfg.units)])\n")
    check(body, env("FIELD", None, "spare", "other"), "setattr")


def test_eval_of_an_environment_variable() -> None:
    body = ('UNITS = eval(os.environ.get("EXPR", "16"))\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(UNITS)])\n")
    check(body, env("EXPR", None, "2 * 24", "40 - 4"), "exec_eval")


def test_exec_of_an_environment_variable() -> None:
    body = ("UNITS = 16\n"
            'exec(os.environ.get("SETUP", "pass"))\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(UNITS)])\n")
    check(body, env("SETUP", None, "UNITS = 4", "UNITS = 40"), "exec_eval")


def test_exec_of_a_constant_string() -> None:
    """The same in every run; lstm-lint may not know what exec does, but must not keep UNITS = 16."""
    body = ("UNITS = 16\n"
            'exec("UNITS = 48")\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(UNITS)])\n")
    check(body, argv([], ["x"], ["x", "y"]), "exec_eval_fixed", varying=False)


def test_globals_item_from_the_command_line() -> None:
    body = ("UNITS = 16\n"
            'globals()["UNITS"] = int(sys.argv[1])\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(UNITS)])\n")
    check(body, argv(["4"], ["24"], ["48"]), "globals_setitem")


def test_globals_item_set_in_every_run() -> None:
    body = ("UNITS = 16\n"
            'globals()["UNITS"] = 24\n'
            "model = keras.Sequential([keras.Input((8,)), layers.Dense(UNITS)])\n")
    check(body, argv([], ["x"], ["x", "y"]), "globals_setitem_fixed", varying=False)


# ---- 3. what the source alone decides stays exact ---------------------------------------------------


def test_insert_with_known_arguments_is_exact() -> None:
    body = ("head = [layers.Dense(8), layers.Dense(1)]\n"
            "head.insert(0, layers.GlobalAveragePooling1D())\n"
            "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(16, return_sequences=True)] + head)\n")
    check(body, argv([], ["x"], ["x", "y"]), "insert_known", varying=False, exact=True)


def test_a_known_while_loop_is_exact() -> None:
    body = ("units = 1\n"
            "while units < 20:\n"
            "    units *= 3\n"
            "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(units), layers.Dense(3)])\n")
    check(body, argv([], ["x"], ["x", "y"]), "known_loop", varying=False, exact=True)


# ---- functions reached without their name ---------------------------------------------------------


def test_a_hook_chosen_at_run_time_from_a_dict_of_functions() -> None:
    """``hooks.get(name, default)()``: an unknown callable, which may be any function of the file put
    where it can come from; its effects on module-level lists happen there."""
    body = ("STACK = [keras.Input(shape=(4,)), layers.Dense(8)]\n"
            "def grow():\n"
            "    STACK.append(layers.Dense(16))\n"
            "hooks = {'grow': grow}\n"
            "hooks.get(sys.argv[1] if len(sys.argv) > 1 else 'none', lambda: None)()\n"
            "model = keras.Sequential(STACK)\n")
    check(body, argv([], ["grow"], ["other"]), "hook_from_a_dict")


def test_a_callback_list_sliced_at_run_time_mutating_through_a_local_alias() -> None:
    """The function changes the module-level list through a local name bound to it: the change
    is the list's, and the call, of an unknown callable, may be it."""
    body = ("STACK = [keras.Input(shape=(4,)), layers.Dense(8)]\n"
            "def grow():\n"
            "    g = STACK\n"
            "    g.append(layers.Dense(16))\n"
            "callbacks = [grow]\n"
            "for callback in callbacks[: len(sys.argv) - 1]:\n"
            "    callback()\n"
            "model = keras.Sequential(STACK)\n")
    check(body, argv([], ["a"], ["a", "b"]), "callback_alias")
