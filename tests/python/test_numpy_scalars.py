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


class _CountedInt(int):
    """An int that counts the products it is the right operand of (Python asks a subclass's
    reflected method first)."""

    products = 0

    def __rmul__(self, other: Any) -> Any:
        _CountedInt.products += 1
        return int(other) * int(self)


def test_a_python_product_past_the_bound_is_not_computed() -> None:
    # math.prod(range(1, 50000)) is a number of about 200,000 digits: a second of work before the
    # product was bounded as it grew.
    from lstm_lint.python import numpy_scalars
    _CountedInt.products = 0
    items = [_CountedInt(number) for number in range(1, 50000)]
    assert numpy_scalars.python_prod([items], {}) is None
    assert _CountedInt.products < 100
    assert evaluated("import math\nbig = math.prod(list(range(1, 50000)))\n")["big"] is not None
    values = evaluated("import math\nsmall = math.prod(list(range(1, 30)))\nwith_start = math.prod([2, 3], start=7)\n")
    assert values["small"] == math_prod(range(1, 30)) and values["with_start"] == 42


def math_prod(values: Any) -> Any:
    import math
    return math.prod(values)


FLOAT_PRODUCTS = {
    # Every partial product exact in any order: NumPy's value whatever order it multiplies in.
    "exact": "np.prod([0.5, 64.0, -3.0, 1.25])",
    "mixed": "np.prod([3, 0.25, True, 7])",
    "zero": "np.prod([0.0, -2.5, 3.0])",
    "powers_of_two": "np.prod([1152921504606846976.0, 0.0009765625, 5.0])",
}

ORDER_DEPENDENT = [
    # Rounded partial products: another order gives another float.
    [0.1, 0.2, 0.3],
    [1.1, 1.3, 1.7, 1.9, 2.3, 2.9, 3.1, 3.7, 4.1],
    # 1e200 * 1e200 overflows before 1e-300 brings it back.
    [1e200, 1e200, 1e-300],
]


def test_float_products_are_numpys_in_every_order() -> None:
    values = evaluated("import numpy as np\n" + "".join(f"{name} = {text}\n" for name, text in FLOAT_PRODUCTS.items()))
    for name, text in FLOAT_PRODUCTS.items():
        expected = eval(text, {"np": np})
        assert repr(values[name]) == repr(expected), name
        factors = np.array(eval(text[len("np.prod("):-1]), dtype=np.float64)
        assert repr(np.prod(factors[::-1])) == repr(expected), name


def test_a_float_product_numpys_order_could_change_is_unknown() -> None:
    with np.errstate(over="ignore"):
        for factors in ORDER_DEPENDENT:
            array = np.array(factors)
            # NumPy promises no order: in another one (reversed, or pairwise as it sums) the value differs.
            orders = {float(np.prod(array)), float(np.prod(array[::-1])),
                      float(np.prod(array[0::2]) * np.prod(array[1::2]))}
            assert len(orders) > 1, factors
            values = evaluated(f"import numpy as np\nproduct = np.prod({factors!r})\n")
            assert isinstance(values["product"], Unknown), factors


def test_integer_products_stop_once_out_of_int64() -> None:
    values = evaluated("import numpy as np\nzero = np.prod([2 ** 40, 2 ** 40, 0])\n"
                       "negative = np.prod([-(2 ** 31), 2 ** 32])\nwrapped = np.prod([-(2 ** 32), 2 ** 32, 3])\n")
    with np.errstate(over="ignore"):
        assert repr(values["zero"]) == repr(np.prod(np.array([2 ** 40, 2 ** 40, 0])))
        assert repr(values["negative"]) == repr(np.prod(np.array([-(2 ** 31), 2 ** 32])))
        assert isinstance(values["wrapped"], Unknown)
        assert int(np.prod(np.array([-(2 ** 32), 2 ** 32, 3]))) != -3 * 2 ** 64
