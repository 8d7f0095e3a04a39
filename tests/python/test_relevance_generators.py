"""relevance.py's record of which functions are generators, against CPython's own compiler.

The evaluator asks it instead of walking each called function's libcst tree, so it must agree
with what Python makes of every function: a code object flagged CO_GENERATOR (or
CO_ASYNC_GENERATOR) for each ``def`` whose own code yields.
"""
from __future__ import annotations

import ast
import inspect
import sysconfig
import types
from pathlib import Path
from typing import Dict, Iterator, Set, Tuple

import pytest

from lstm_lint.python.relevance import analyse

TRICKY = '''
def plain():
    return [x for x in range(3)]

def gen():
    yield 1

def yields_in_lambda_only():
    return lambda: (yield)

def nested_generator_only():
    def inner():
        yield 1
    return inner

def yield_in_default():
    def inner(x=(yield)):
        return x
    return inner

def yield_in_decorator():
    @(yield)
    def inner():
        return 1
    return inner

def yield_in_class_base():
    class Inner((yield)):
        pass
    return Inner

def yield_from():
    yield from range(3)

async def agen():
    yield 1

async def coroutine():
    return 1

def assigned():
    x = yield
    return x

def in_match(v):
    match v:
        case [a] if (yield a):
            return a
    return None

def in_lambda_default():
    return lambda x=(yield): x

class Holder:
    def method(self):
        for i in range(3):
            yield i

    def other(self):
        return (i for i in range(3))
'''


def _code_flags(code: types.CodeType) -> Iterator[Tuple[Tuple[str, int], bool]]:
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            if constant.co_name != "<lambda>" and not constant.co_name.startswith("<"):
                flags = constant.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR)
                yield (constant.co_name, constant.co_firstlineno), bool(flags)
            yield from _code_flags(constant)


def _compare(source: str, filename: str) -> None:
    tree = ast.parse(source)
    relevance = analyse(tree, lambda module, name: False)
    if relevance is None:
        pytest.skip("no analysis for this file (a star import of a modelled module)")
    truth: Dict[Tuple[str, int], bool] = dict(_code_flags(compile(source, filename, "exec")))
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert functions
    wrong: Set[str] = set()
    for node in functions:
        first_line = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        expected = truth.get((node.name, first_line), truth.get((node.name, node.lineno)))
        assert expected is not None, (node.name, node.lineno)
        if (id(node) in relevance.generators) != expected:
            wrong.add(f"{filename}:{node.lineno} {node.name}")
    assert not wrong


def test_generators_match_the_compiler_on_tricky_code() -> None:
    _compare(TRICKY, "<tricky>")


STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize("name", ["contextlib.py", "os.py", "tokenize.py", "asyncio/tasks.py", "ast.py"])
def test_generators_match_the_compiler_on_the_standard_library(name: str) -> None:
    _compare((STDLIB / name).read_text(encoding="utf-8"), name)
