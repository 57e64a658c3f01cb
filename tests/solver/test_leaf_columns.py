"""The columns column generation takes from a tree search's violators: the regions around each
violator's maximiser, against the full enumeration."""

from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.dual.patch import regions_around
from certificates.dual.tree_oracle import violators
from certificates.solver.endgame.gate import exact_face
from certificates.solver.numeric.tree_columns import leaf_columns


def _closure_holds(pattern, face):
    # a closed region holds a point iff their signs agree wherever the point is off a hyperplane
    return all(f == "0" or f == s for f, s in zip(face, pattern))


@pytest.mark.parametrize("seed", range(4))
def test_leaf_columns_are_the_enumerated_regions_around_each_maximiser(seed):
    rng = np.random.default_rng(300 + seed)
    X = rng.integers(-3, 4, size=(9, 3)).tolist()
    X += [list(X[0]), [-v for v in X[1]]]        # a repeated and an antipodal row
    A = Arrangement(X, bias=seed % 2 == 1)
    p = [Q(int(v), 3) for v in rng.integers(-6, 7, size=len(X))]
    leaves = violators(A, p, Q(1, 10), warm=False)
    assert leaves                                   # violators to take columns from
    leaves = leaves + leaves[:3]                    # maximisers met again add nothing
    got = leaf_columns(A, leaves)
    everything = [r.pattern for r in A.regions()]
    faces = [exact_face(A, leaf.point) for leaf in leaves]
    want = {(pattern, leaf.sign) for leaf, face in zip(leaves, faces) for pattern in everything
            if _closure_holds(pattern, face)}
    assert {(pattern, sign) for pattern, sign, _ in got} == want
    assert len(got) == len({(pattern, sign) for pattern, sign, _ in got})     # each pair once
    assert all(value == 0 for *_, value in got)
    # the same pairs, first met in the same order, as the regions around every leaf one by one
    plain = [(pattern, leaf.sign) for leaf, face in zip(leaves, faces) for pattern in regions_around(A, [face])]
    assert [(pattern, sign) for pattern, sign, _ in got] == list(dict.fromkeys(plain))
