"""Non-uniqueness with exactly d antipodal pairs spanning R^d and a single atom besides them.

Ground truth independent of the checker: from the solver's (floating) minimiser, NumPy moves a
tenth of the single atom's mass to its antipode and gives the pairs the linear part that takes
the change back; the two measures differ and have the same objective.  The checker must prove
"not unique" from the proof alone (it said "not covered" before)."""

from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import check
from certificates.proofs.producer import proof_of_solution

X = [[-1, 4], [1, 5], [-5, 3], [-3, 5], [-5, -1], [-5, -3], [-3, -3]]
Y = [-4, 2, 5, -2, 3, -5, -2]
LAM = Fraction(1, 2)


def _objective(w, a):
    Xf, yf = np.array(X, dtype=float), np.array(Y, dtype=float)
    fit = np.maximum(Xf @ w.T, 0) @ a
    return 0.5 * np.sum((fit - yf) ** 2) + float(LAM) * np.abs(a).sum()


@pytest.fixture(scope="module")
def case():
    A = Arrangement(X)
    s = solve(A, Y, LAM)
    return s, proof_of_solution(A, s, Y)


def test_two_pairs_in_the_plane_and_a_single_atom_are_not_unique(case):
    s, proof = case
    spec = proof["claims"]["krawczyk"]
    assert s.status == "verified" and len(spec["pairs"]) == 2
    w = np.array([a.w for a in s.atoms], dtype=float)
    a = np.array([float(getattr(atom.amplitude, "mid", lambda v=atom.amplitude: v)())
                  for atom in s.atoms])
    partner = [next((k for k in range(len(w)) if np.allclose(w[k], -w[i], atol=1e-9)), None)
               for i in range(len(w))]
    single = next(i for i in range(len(w)) if partner[i] is None)
    pairs = sorted({tuple(sorted((i, k))) for i, k in enumerate(partner) if k is not None})
    assert len(pairs) == 2
    theta = 0.1                   # a tenth of the single atom's mass goes to its antipode
    U = np.array([w[i] for i, _ in pairs]).T
    eta = np.linalg.solve(U, a[single] * theta * w[single])
    moved_w, moved_a = np.vstack([w, -w[single]]), np.append(a.copy(), a[single] * theta)
    moved_a[single] *= 1 - theta
    for (i, k), e in zip(pairs, eta):       # the pair's linear part takes the change back
        moved_a[i] += e
        moved_a[k] -= e
    assert np.all(np.sign(moved_a[:len(a)]) == np.sign(a))       # same total variation
    assert abs(_objective(moved_w, moved_a) - _objective(w, a)) < 1e-9
    assert np.abs(moved_a[:len(a)] - a).max() > 0.1
    lines = check(proof)
    assert any(line.startswith("the minimiser is not unique: the 2 antipodal pairs span R^2")
               for line in lines), lines
    assert not any("not covered" in line for line in lines)


def test_without_the_single_atom_the_argument_is_not_made(case):
    """A mutation that turns the single atom into a ghost-less proof is refused, not proved."""
    import copy
    from certificates.proofs.checker import Failed, Malformed
    _, proof = case
    spec = copy.deepcopy(proof)
    atoms = spec["claims"]["krawczyk"]["atoms"]
    single = next(i for i, atom in enumerate(atoms) if i not in
                  {j for pair in spec["claims"]["krawczyk"]["pairs"] for j in pair}
                  and not atom.get("ghost"))
    atoms[single]["ghost"] = True
    with pytest.raises((Failed, Malformed)):
        check(spec)
