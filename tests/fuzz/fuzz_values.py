"""Coverage-guided fuzzing of the constant evaluator (``lstm_lint/source/values.py``) with atheris;
not part of the test run.

    python -m pip install atheris && python tests/fuzz/fuzz_values.py -atheris_runs=1000000

The fuzzer picks plain Python values (huge and tiny numbers, nan and inf, strings, nested tuples,
lists and dicts) and an operator; the property: no exception escapes, and the result is UNKNOWN or
a plain value no bigger than the evaluator's bound (``10 ** 10 ** 10`` must stay cheap).
"""
from __future__ import annotations

import struct
import sys
from typing import Any, List

import libcst as cst

from lstm_lint.source import values
from lstm_lint.values import Unknown

BINARY = [cst.Add(), cst.Subtract(), cst.Multiply(), cst.Divide(), cst.FloorDivide(), cst.Modulo(), cst.Power(),
          cst.MatrixMultiply(), cst.LeftShift(), cst.BitOr()]
UNARY = [cst.Minus(), cst.Plus(), cst.Not(), cst.BitInvert()]
COMPARE = [cst.Equal(), cst.NotEqual(), cst.LessThan(), cst.LessThanEqual(), cst.GreaterThan(),
           cst.GreaterThanEqual(), cst.In(), cst.NotIn(), cst.Is(), cst.IsNot()]
PLAIN = (int, float, str, bool, type(None), tuple, list, dict, slice, Unknown)
MAX_INT = 10 ** 18


class Reader:
    """Values from the fuzzer's bytes (atheris's FuzzedDataProvider works alike; this one needs
    nothing installed, so the tests can run the target)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, count: int) -> bytes:
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk.ljust(count, b"\0")

    def small(self, limit: int) -> int:
        return self.take(1)[0] % limit

    def value(self, depth: int = 0) -> Any:
        kind = self.small(11 if depth < 3 else 7)
        if kind == 0:
            return int.from_bytes(self.take(2), "little", signed=True)
        if kind == 1:
            return int.from_bytes(self.take(self.small(40) + 1), "little", signed=True)  # up to 320 bits
        if kind == 2:
            return struct.unpack("<d", self.take(8))[0]  # nan, inf, subnormal, huge
        if kind == 3:
            return self.take(self.small(6)).decode("latin-1")
        if kind == 4:
            return bool(self.small(2))
        if kind == 5:
            return None
        if kind == 6:
            return values.UNKNOWN
        if kind == 7:
            return tuple(self.value(depth + 1) for _ in range(self.small(4)))
        if kind == 8:
            return [self.value(depth + 1) for _ in range(self.small(4))]
        if kind == 9:
            return {str(index): self.value(depth + 1) for index in range(self.small(3))}
        return slice(self.small(5) - 2, self.small(5) - 2)


def _magnitude(value: Any) -> int:
    """The largest integer in a value (inputs may be large: only what the evaluator makes is bounded)."""
    if isinstance(value, (tuple, list)):
        return max([_magnitude(item) for item in value], default=0)
    if isinstance(value, dict):
        return max([_magnitude(item) for item in value.values()], default=0)
    return abs(value) if isinstance(value, int) else 0


def check(result: Any, *inputs: Any) -> None:
    if not isinstance(result, PLAIN):
        raise AssertionError(f"not a plain value: {result!r}")
    bound = max([MAX_INT] + [_magnitude(value) for value in inputs]) + 1  # ~x is -x - 1
    if isinstance(result, int) and not isinstance(result, bool) and abs(result) > bound:
        raise AssertionError(f"an integer past the bound: {result}")
    if isinstance(result, (str, tuple, list)) and len(result) > 100_000:
        raise AssertionError(f"a sequence past the bound: {len(result)}")


def target(data: bytes) -> None:
    reader = Reader(data)
    operation = reader.small(6)
    left, right = reader.value(), reader.value()
    if operation == 0:
        check(values.binary(BINARY[reader.small(len(BINARY))], left, right), left, right)
    elif operation == 1:
        check(values.unary(UNARY[reader.small(len(UNARY))], left), left)
    elif operation == 2:
        check(values.compare(COMPARE[reader.small(len(COMPARE))], left, right), left, right)
    elif operation == 3:
        check(values.subscript(left, right), left, right)
    elif operation == 4:
        values.truth(left)
    else:
        text = data.decode("latin-1")[:200]
        for node_type in (cst.Integer, cst.Float, cst.SimpleString):
            try:
                node = node_type(text)  # libcst validates the literal's spelling
            except cst.CSTValidationError:
                continue
            check(values.literal(node), int(text) if text.isdigit() else 0)


def main(argv: List[str]) -> None:
    import atheris  # only the fuzzer needs it: the tests import ``target`` without it

    atheris.instrument_all()
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
