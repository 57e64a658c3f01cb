"""Data whose coordinates differ by a factor N (``[[N, 0], [0, 1]]``): the atom along the large
coordinate fits its point with an amplitude about N times smaller than the other atom's, and the
float guess must keep it.  Checked against the closed form: for labels ``y1 < 0 < y2`` (or the
mirror) the minimiser is one atom on each axis, with the certificate ``p = (-1/N, 1)``."""

from fractions import Fraction

import pytest

from certificates import solve


def _closed_form(N, y, lam):
    """Atoms (w, amplitude) and p of the minimiser for ``y1 * y2 < 0``, ``|y2| > lam``,
    ``N |y1| > lam``: eta(w) = sign(y1) max(w1, 0) + sign(y2) max(w2, 0) has |eta| <= 1 everywhere
    and equals sign(a) at each atom, and K mu = y - lam p (the optimality conditions)."""
    s1, s2 = (1 if v > 0 else -1 for v in y)
    p = (Fraction(s1, N), Fraction(s2))
    return {((1, 0), (y[0] - lam * p[0]) / N), ((0, 1), y[1] - lam * p[1])}, p


@pytest.mark.parametrize("N", [10 ** 6, 10 ** 7, 10 ** 8])
@pytest.mark.parametrize("y", [(-1, 2), (-3, 1), (2, -1)])
def test_one_coordinate_a_million_times_the_other_is_solved_exactly(N, y):
    lam = Fraction(1, 10)
    atoms, p = _closed_form(N, [Fraction(v) for v in y], lam)
    s = solve([[N, 0], [0, 1]], list(y), lam)
    assert s.status == "exact", s.reason
    assert {(tuple(int(v) for v in a.w_exact), Fraction(str(a.amplitude_exact))) for a in s.atoms} == atoms
    assert tuple(Fraction(str(v)) for v in s.p_exact) == p
