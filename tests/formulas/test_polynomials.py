"""The arithmetic of formulas on its own: exact integer polynomials, shown as users read them."""
from __future__ import annotations

from lstm_lint import formulas
from lstm_lint.values import UNKNOWN, Formula, Unknown, first_unknown, unknown_or_formula


def test_sums_and_products_are_exact_and_shown_in_order() -> None:
    n, m = formulas.symbol("n", None), formulas.symbol("m", None)
    value = formulas.add(formulas.multiply(formulas.add(n, 1), formulas.add(m, 2)), 244_865)
    assert formulas.python_text(value) == "n * m + 2 * n + m + 244867"
    assert formulas.text(value) == "n × m + 2 × n + m + 244,867"
    for n_value, m_value in ((1, 1), (7, 3), (64, 1000)):
        assert eval(formulas.python_text(value), {"n": n_value, "m": m_value}) == \
            (n_value + 1) * (m_value + 2) + 244_865


def test_powers_negatives_and_cancellation() -> None:
    n = formulas.symbol("units", None)
    square = formulas.power(n, 2)
    assert formulas.text(square) == "units²"
    assert formulas.python_text(formulas.subtract(formulas.multiply(n, -3), 1)) == "-3 * units - 1"
    assert formulas.subtract(square, square) == 0  # no symbol left: an int again
    assert type(formulas.power(n, -1)) is Unknown and type(formulas.power(n, 9)) is Unknown


def test_a_formula_is_unknown_to_everything_else_and_equal_only_to_itself() -> None:
    n = formulas.symbol("n", None)
    other = formulas.symbol("n", None)  # the same name bound again: another value
    assert isinstance(n, Unknown) and n == formulas.add(n, 0) and n != other
    assert n != UNKNOWN and UNKNOWN != n and UNKNOWN == Unknown()
    assert type(first_unknown(n)) is Unknown  # an operation on a formula that is no sum or product
    assert unknown_or_formula(n) is n


def test_two_values_under_one_name_cannot_be_shown() -> None:
    first, second = formulas.symbol("n", None), formulas.symbol("n", None)
    total = formulas.add(first, second)
    assert isinstance(total, Formula) and formulas.text(total) is None and formulas.python_text(total) is None


def test_formulas_too_big_to_read_are_plain_unknowns() -> None:
    value: object = 0
    for index in range(formulas.MAX_TERMS + 1):
        value = formulas.add(value, formulas.symbol(f"n{index}", None))  # type: ignore[arg-type]
    assert type(value) is Unknown
    n = formulas.symbol("n", None)
    assert type(formulas.power(n, formulas.MAX_DEGREE)) is Formula
    assert type(formulas.multiply(formulas.power(n, formulas.MAX_DEGREE), n)) is Unknown


def test_anything_but_integers_and_formulas_gives_a_plain_unknown() -> None:
    n = formulas.symbol("n", None)
    for other in (1.5, True, "s", None, UNKNOWN):
        assert type(formulas.combine(n, other, "+")) is Unknown
    assert type(formulas.combine(n, 2, "/")) is Unknown
