"""NumPy scalars computed from known values: the evaluator's value has NumPy's type and value
(compared by ``repr``, which names both: ``np.int64(3136)``), as the program gives them when it
runs with NumPy; values NumPy computes otherwise than lstm-lint follows are unknown."""
from __future__ import annotations

import textwrap
from typing import Any, Dict

import libcst as cst
import numpy as np

from lstm_lint.binding.keras_host import KerasHost
from lstm_lint.python.evaluator import Evaluator
from lstm_lint.values import Unknown

PROGRAM = """
    import math
    import numpy as np
    shape = (7, 7, 64)
    product = np.prod(shape)
    as_int = int(np.prod(shape))
    as_float = float(np.prod(shape))
    doubled = np.prod(shape) * 2
    halved = np.prod(shape) / 2
    floored = np.prod(shape) // 3
    mixed = np.int64(4) + 1.5
    negated = -np.prod([2, 3])
    summed = np.sum([1, 2, 3])
    float_sum = np.sum([0.5, 0.25])
    largest = np.max((3, 9, 4))
    smallest = np.min([3.0, 1])
    empty_product = np.prod(())
    python_product = math.prod(shape)
    of_scalar = np.prod(np.int64(5))
    rounded = round(np.float64(2.5))
    absolute = abs(np.int64(-3))
"""


def evaluated(source: str) -> Dict[str, Any]:
    module = cst.parse_module(textwrap.dedent(source))
    host = KerasHost({})
    evaluator = Evaluator(module, {}, host)
    host.evaluator = evaluator
    evaluator.run()
    return dict(evaluator.module_scope.vars)


def test_values_and_types_are_numpys() -> None:
    namespace: Dict[str, Any] = {}
    exec(compile(textwrap.dedent(PROGRAM), "<program>", "exec"), namespace)
    values = evaluated(PROGRAM)
    names = [name for name in namespace if name not in ("math", "np", "__builtins__", "shape")]
    assert len(names) == 17
    for name in names:
        assert not isinstance(values[name], Unknown), name
        assert repr(values[name]) == repr(namespace[name]), name
    assert type(namespace["as_int"]) is int and type(namespace["product"]) is np.int64


def test_what_numpy_computes_otherwise_is_unknown() -> None:
    # int64 wraps around past 2**63 - 1 (with a warning); an empty max raises.
    values = evaluated("""
        import numpy as np
        wrapped = np.prod([2 ** 40, 2 ** 40])
        overflowed = np.int64(2 ** 62) * 4
        nothing = np.max(())
    """)
    assert all(isinstance(values[name], Unknown) for name in ("wrapped", "overflowed", "nothing"))
    with np.errstate(over="ignore"):
        assert int(np.prod(np.array([2 ** 40, 2 ** 40]))) != 2 ** 80
