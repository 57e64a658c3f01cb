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
