"""Column generation's ``accept`` may hand back violated pairs as new columns (an end-game guess
refuted at its own p): pairs the master already has must not stand in for the tree search, or
the run repeats the same master round until it gives up.  Ground truth: the run without
``accept`` and the enumerating certificate's exact maximum at the final p."""

from fractions import Fraction

import pytest

from arrangement import Arrangement
from certificates.dual.certificate import Certificate
from certificates.solver.numeric.pattern_columns import pattern_column_generation

CASES = [([[1, 0], [0, 1], [1, 1], [-1, 2]], [1, -2, 3, 1], Fraction(1, 2)),
         ([[1], [-1], [2], [0]], [2, -1, 3, 1], Fraction(3, 10))]


@pytest.mark.parametrize("rows, y, lam", CASES)
def test_known_pairs_from_accept_do_not_replace_the_tree_search(rows, y, lam):
    A = Arrangement(rows, bias=True)
    plain = pattern_column_generation(A, y, lam)

    def accept(solution):
        # every pair the master has worked with: "violated" at some other p, known here
        return [(pattern, sign, Fraction(4)) for pattern, sign in zip(plain.patterns, plain.signs)]

    s = pattern_column_generation(A, y, lam, accept=accept, max_iterations=60)
    assert s.proved_level is not None and s.proved_level > 1
    p = [Fraction(float(v)) for v in s.solution.p]
    top = Certificate(A, p).sup_squared_excluding(set())
    assert top <= s.proved_level ** 2
    assert abs(s.solution.objective - plain.solution.objective) <= 1e-6 * (1 + abs(plain.solution.objective))
