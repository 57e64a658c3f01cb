"""Claim: the minimiser is unique when the features of the extreme points are independent,
and not unique when antipodal pairs of atoms outnumber the dimensions (the linear part of the
network can then be traded between pairs at no cost).

    python examples/uniqueness.py
"""

import numpy as np
import sympy

from arrangement import Arrangement
from certificates import solve

print("1) two orthogonal points, y = (1, 1), lambda = 1/2")
s = solve([[1, 0], [0, 1]], [1, 1], "1/2")
atom = s.atoms[0]
print(f"   status {s.status}: one neuron at w = {atom.w_exact}, amplitude {atom.amplitude_exact}; "
      f"unique: {s.certificate['unique']}")

print("2) 20 random points in d = 3, lambda = 1/10")
rng = np.random.default_rng(0)
X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((20, 3))]
y = [str(round(v, 2)) for v in rng.standard_normal(20)]
A = Arrangement(X)
s = solve(A, y, "0.1")
cert = s.certificate
print(f"   status {s.status}: {len(s.atoms)} atoms, {cert['antipodal_pairs']} antipodal pairs > d = 3, "
      f"unique: {cert['unique']}")
Xf, yf = np.array(A.X, dtype=float), np.array(y, dtype=float)


def objective(amplitudes, directions):
    fit = sum(a * np.maximum(Xf @ np.array(w, dtype=float), 0) for a, w in zip(amplitudes, directions))
    return 0.5 * float((fit - yf) @ (fit - yf)) + 0.1 * float(np.abs(amplitudes).sum())


# the listed minimiser is a sparse one (its atoms); the second charges every extreme point marked "charged"
def middle(text):
    """The float of an exact number's text or the centre of an interval ``[m +/- r]``."""
    return float(text[1:].split()[0]) if text.startswith("[") else float(sympy.sympify(text))


charged = [[middle(v) for v in point["w"]] for point in cert["extreme_points"] if point["charged"]]
first = [a.amplitude for a in s.atoms]
second = cert["second_minimiser"]
print(f"   two minimisers: {len(first)} atoms, objective {objective(first, [a.w for a in s.atoms]):.12f}; "
      f"{sum(1 for a in second if abs(a) > 1e-12)} atoms, objective {objective(second, charged):.12f}")
