"""The evaluator's soundness on plain Python, with a host that knows no library: what may differ
between runs is UNKNOWN, what is the same in every run is known exactly.

Each program's expected values are what CPython computes for it in every run: a name the program
never defines (``data``, ``flag``) stands for a value read at run time, so the tests also run each
program under CPython with several such values and check that every known answer agrees."""
from __future__ import annotations

import textwrap
from typing import Any, Dict, List

import libcst as cst
import pytest

from lstm_lint.python.evaluator import Evaluator
from lstm_lint.python.host import Host
from lstm_lint.values import UNKNOWN, Unknown

# Run-time inputs a program may read: each program is run under CPython with every one of them.
RUNS: List[Dict[str, Any]] = [
    {"flag": True, "data": [1, 2, 3], "n": 3},
    {"flag": False, "data": [], "n": 0},
    {"flag": True, "data": [5], "n": 7},
    {"flag": False, "data": [1, 1, 1, 1, 1], "n": 1},
]


def evaluate(source: str) -> Dict[str, Any]:
    module = cst.parse_module(textwrap.dedent(source))
    evaluator = Evaluator(module, {}, Host())
    evaluator.run()
    return evaluator.module_scope.vars


def run_everywhere(source: str) -> List[Dict[str, Any]]:
    results = []
    for inputs in RUNS:
        namespace: Dict[str, Any] = dict(inputs, __name__="__main__")
        try:
            exec(compile(textwrap.dedent(source), "<test>", "exec"), namespace)
        except SystemExit:
            continue  # this run ends early: the state at the end is that of the runs that get there
        results.append(namespace)
    return results


def check(source: str, known: Dict[str, Any], unknown: List[str]) -> None:
    """``known``: names the evaluator must give exactly (the same in every CPython run);
    ``unknown``: names that differ between runs and must be UNKNOWN."""
    values = evaluate(source)
    runs = run_everywhere(source)
    for name, expected in known.items():
        assert all(run[name] == expected for run in runs), f"{name} is not the same in every run: the test is wrong"
        assert values.get(name, UNKNOWN) == expected, f"{name}: evaluator {values.get(name)!r}, CPython {expected!r}"
    for name in unknown:
        assert len({repr(run.get(name)) for run in runs}) > 1, f"{name} is the same in every run: the test is wrong"
        assert isinstance(values.get(name, UNKNOWN), Unknown), \
            f"{name} differs between runs, evaluator says {values.get(name)!r}"


def test_branches_join() -> None:
    check("""
        x = 1
        y = 1
        if flag:
            x = 2
            y = 3
        else:
            y = 3
        z = 5 if flag else 6
    """, {"y": 3}, ["x", "z"])


def test_known_conditions_are_followed() -> None:
    check("""
        x = 1
        if __name__ == "__main__":
            x = 2
        if 3 > 4:
            x = 10
    """, {"x": 2}, [])


def test_the_main_guard_is_taken() -> None:
    assert evaluate("x = 1\nif __name__ == '__main__':\n    x = 2\n")["x"] == 2


def test_list_mutations_under_unknown_conditions() -> None:
    check("""
        names = []
        for item in data:
            names.append(item)
        count = len(names)
        fixed = []
        for u in [32, 64]:
            fixed.append(u)
        known_count = len(fixed)
        both = []
        if flag:
            both.append("a")
        else:
            both.append("b")
        both_count = len(both)
        maybe = [1, 2]
        if flag:
            maybe.pop()
        maybe_count = len(maybe)
        inserted = [2]
        inserted.insert(0, 1)
        first = inserted[0]
        grown = [1]
        if flag:
            grown += [2]
        grown_count = len(grown)
        sliced = [1, 2, 3]
        if flag:
            sliced[1:] = []
        sliced_count = len(sliced)
        removed = [1, 2, 3]
        if flag:
            del removed[0]
        removed_count = len(removed)
    """, {"known_count": 2, "both_count": 1, "first": 1},
          ["count", "maybe_count", "grown_count", "sliced_count", "removed_count"])


def test_dict_mutations() -> None:
    check("""
        sizes = {"a": 1}
        if flag:
            sizes["b"] = 2
        count = len(sizes)
        same = {"a": 1}
        if flag:
            same["a"] = 1
        a = same["a"]
        updated = {}
        if flag:
            updated.update({"x": 1})
        updated_count = len(updated)
        default = {}
        if flag:
            default.setdefault("k", 4)
        default_count = len(default)
    """, {"a": 1}, ["count", "updated_count", "default_count"])


def test_aliases_see_mutations() -> None:
    check("""
        a = b = []
        if flag:
            a.append(1)
        count = len(b)
        c = []
        d = c
        d.append(1)
        certain = len(c)
    """, {"certain": 1}, ["count"])


def test_effects_of_functions() -> None:
    check("""
        HIDDEN = 32
        LAYERS = []
        def configure():
            global HIDDEN
            HIDDEN = n
        def register(value):
            LAYERS.append(value)
        def fill(target):
            for item in data:
                target.append(item)
        configure()
        register(1)
        registered = len(LAYERS)
        filled = []
        fill(filled)
        filled_count = len(filled)
        def outer():
            total = 1
            def inner():
                nonlocal total
                total = n
            inner()
            return total
        from_nonlocal = outer()
    """, {"registered": 1}, ["HIDDEN", "filled_count", "from_nonlocal"])


def test_returns_under_unknown_conditions() -> None:
    check("""
        def pick():
            if flag:
                return 1
            return 2
        picked = pick()
        def same():
            if flag:
                return 3
            return 3
        always = same()
        def early(values):
            if flag:
                return values
            values.append(1)
            return values
        grown = len(early([]))
    """, {"always": 3}, ["picked", "grown"])


def test_loops_of_unknown_length() -> None:
    check("""
        a, b, c = 1, 1, 1
        for item in data:
            c = b
            b = a
            a = 2
        unchanged = 7
        for item in data:
            unchanged = 7
        total = 0
        i = 0
        while i < n:
            total += 1
            i += 1
        counted = 0
        for i in range(3):
            counted += 1
    """, {"unchanged": 7, "counted": 3}, ["a", "b", "c", "total"])


def test_break_and_continue_under_unknown_conditions() -> None:
    check("""
        seen = 0
        for i in range(4):
            if flag:
                break
            seen += 1
        found = False
        for i in range(3):
            if flag:
                found = True
                break
        else:
            found = None
        skipped = 0
        for i in range(3):
            if flag:
                continue
            skipped += 1
        all_iterations = 0
        for i in range(3):
            all_iterations += 1
            if flag:
                continue
    """, {"all_iterations": 3}, ["seen", "found", "skipped"])


def test_exits_end_a_run() -> None:
    check("""
        x = 1
        if flag:
            x = 2
            raise SystemExit(1)
        w = 3
        if n > 5:
            w = 4
            exit()
    """, {"x": 1, "w": 3}, [])


def test_exceptions() -> None:
    check("""
        y = 1
        try:
            y = n // 1
            z = 2
        except ZeroDivisionError:
            z = 3
        w = 1
        try:
            w = 5
        except Exception:
            pass
    """, {}, ["y"])


def test_attributes_and_objects() -> None:
    check("""
        class Config:
            units = 32
            def grow(self):
                self.units = n
        cfg = Config()
        if flag:
            cfg.units = 64
        units = cfg.units
        plain = Config()
        plain_units = plain.units
        grown = Config()
        grown.grow()
        grown_units = grown.units
        other = Config()
        setattr(other, "units", n)
        set_units = other.units
    """, {"plain_units": 32}, ["units", "grown_units", "set_units"])


def test_code_from_strings_and_globals() -> None:
    check("""
        x = 1
        globals()["x"] = n
        y = 1
        exec("y = n")
        z = 2
    """, {}, ["x", "y"])


def test_unknown_calls_invalidate_their_arguments() -> None:
    # ``mystery`` is a function the evaluator cannot see: it may change what it is given.
    values = evaluate("""
        names = [1]
        mystery(names)
        count = len(names)
        kept = [1, 2]
        kept_count = len(kept)
    """)
    assert isinstance(values["count"], Unknown)
    assert values["kept_count"] == 2


@pytest.mark.parametrize("source", [
    "x = [1]\nfor i in data:\n    x.append(i)\n",
    "x = {}\nwhile flag:\n    x[1] = 2\n    flag = False\n",
])
def test_the_evaluator_never_crashes_on_these(source: str) -> None:
    evaluate(source)


def test_a_function_behind_an_unknown_decorator_may_run_or_not() -> None:
    # ``wrap`` is a decorator the evaluator cannot see: it may call the function, or not.
    values = evaluate("""
        x = 1
        y = 5
        @wrap
        def main():
            global x
            x = 2
            return 3
        result = main()
        @wrap
        def same():
            global y
            y = 5
        same()
    """)
    assert isinstance(values["x"], Unknown)
    assert isinstance(values["result"], Unknown)
    assert values["y"] == 5


def test_while_true_with_a_break_on_an_undecided_path() -> None:
    """``while True: ... if cond: break``: the loop runs an unknown number of times, so what it
    changes each pass is unknown after it, and what it does not change stays known (the loop is
    widened to a fixed point, not unrolled to the iteration limit)."""
    check("""
        count = 0
        kept = 5
        items = list(data)
        while True:
            if not items:
                break
            items.pop()
            count += 1
        after = kept + 1
    """, {"kept": 5, "after": 6}, ["count"])


def test_while_true_left_by_a_return_on_an_undecided_path() -> None:
    check("""
        def first_big(values):
            i = 0
            while True:
                if i >= len(values) or values[i] > 2:
                    return i
                i += 1
        position = first_big(data)
        width = 8
    """, {"width": 8}, ["position"])


def test_a_function_body_on_the_line_of_its_header_runs_like_any_other() -> None:
    check("""
        def scaled(x): return x * 2
        def pair(x): y = x + 1; return (x, y)
        def pick(x): return x if flag else 0
        a = scaled(4)
        b = pair(1)
        c = pick(5)
    """, {"a": 8, "b": (1, 2)}, ["c"])


def test_a_block_on_the_line_of_its_header_runs_like_any_other() -> None:
    check("""
        a = 1
        if True: a = 2; b = 3
        if flag: c = 1
        else: c = 2
        for i in range(3): a += i
        while a > 10: a -= 10
    """, {"a": 5, "b": 3}, ["c"])
