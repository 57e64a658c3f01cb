"""Python floats given to the API are read through their shortest decimal repr (0.1 is 1/10)."""

import math
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.numbers import rational, rational_matrix, rational_vector
from arrangement.errors import DataError


@pytest.mark.parametrize("value, expected", [
    (0.1, Fraction(1, 10)),
    (1e-7, Fraction(1, 10 ** 7)),
    (-2.5, Fraction(-5, 2)),
    (1 / 3, Fraction(3333333333333333, 10 ** 16)),      # repr(1/3) == '0.3333333333333333'
    (1e300, Fraction(10 ** 300)),
    (1.7976931348623157e308, Fraction(17976931348623157 * 10 ** 292)),
    (5e-324, Fraction(5, 10 ** 324)),
    (np.float64(0.1), Fraction(1, 10)),
    (np.float32(0.1), Fraction(1, 10)),                 # its own shortest repr, not 0.10000000149...
    (np.float32(1 / 3), Fraction(33333334, 10 ** 8)),   # numpy prints it 0.33333334
    (np.float16(0.1), Fraction(1, 10)),
])
def test_float_is_its_shortest_repr(value, expected):
    got = rational(value)
    assert got == expected
    # the decimal rounds back to the same float in the float's own precision
    assert type(value)(float(got)) == value


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan"), np.float32("inf")])
def test_nan_and_infinity_refused(bad):
    with pytest.raises(DataError, match="NaN and infinity"):
        rational(bad)


def test_arrays_and_lists_keep_the_typed_numbers():
    assert rational_matrix(np.array([[0.1, 0.2]], dtype=np.float32)) == ((Fraction(1, 10), Fraction(1, 5)),)
    assert rational_matrix(np.array([[0.1, 0.2]])) == ((Fraction(1, 10), Fraction(1, 5)),)
    assert rational_vector(np.array([0.3, 1e-7], dtype=np.float32)) == (Fraction(3, 10), Fraction(1, 10 ** 7))
    assert rational_matrix([[0.1, 0.7]]) == ((Fraction(1, 10), Fraction(7, 10)),)
    assert Arrangement([[0.1, 1.0], [1.0, 0.3]]).X == ((Fraction(1, 10), Fraction(1)), (Fraction(1), Fraction(3, 10)))


def test_solve_reads_float_lambda_as_decimal():
    from certificates import solve
    # one datum x = (3, 4), label 10: w = x/|x| = (3/5, 4/5), amplitude |x| y - lam... closed form:
    # min lam|a| + 1/2 (a*5 - 10)^2 -> a = (50 - lam)/25, exact and rational for rational lam
    s = solve([[3, 4]], [10], 0.1)
    assert s.status == "exact"
    assert s.atoms[0].amplitude_exact == Fraction(50, 1) / 25 - Fraction(1, 10) / 25


def test_certificate_reads_float_p_and_lambda():
    from certificates import Certificate
    C = Certificate([[1, 0], [0, 1]], [0.1, 0.2], y=[1, 1], lam=0.1)
    assert C.p == (Fraction(1, 10), Fraction(1, 5))
    assert C.lam == Fraction(1, 10)
    assert C.b == (Fraction(99, 100), Fraction(49, 50))


def test_a_decimal_with_a_giant_exponent_is_refused_at_once():
    """`Arrangement([[Decimal("1e-999999999"), 1], [1, 0]])` ran for minutes (Fraction builds a
    10^9-digit integer); text had this guard, Decimal objects (from pandas, or the API) not."""
    import time
    from decimal import Decimal
    from arrangement import DataError
    from arrangement.numbers import MAX_EXPONENT, rational
    start = time.process_time()
    for huge in ("1e-999999999", "-2.5E+99999999", f"1e{MAX_EXPONENT + 1}"):
        with pytest.raises(DataError, match="exponent beyond"):
            rational(Decimal(huge))
    assert time.process_time() - start < 2
    # the text and the Decimal of the same number are read alike, up to the limit
    for edge in (f"1e{MAX_EXPONENT}", f"-7e-{MAX_EXPONENT}", "0", "123.456"):
        assert rational(Decimal(edge)) == rational(edge)


def test_too_many_digits_is_said_in_a_short_line():
    """A 100,000-digit decimal was refused as 'not a number' (Python's limit of 4300 digits per
    integer), with all of its digits in the one line of the message."""
    from arrangement import DataError
    from arrangement.numbers import rational
    long_decimal = "0." + "0" * 100_000 + "1"
    with pytest.raises(DataError, match=r"has 100002 digits: more than 4300 are not read") as caught:
        rational(long_decimal)
    assert len(str(caught.value)) < 200
    with pytest.raises(DataError, match=r"\(4201 characters\) is not a number") as caught:
        rational("1" * 4200 + "x")
    assert len(str(caught.value)) < 200
    assert rational("1" * 4000) == int("1" * 4000)
