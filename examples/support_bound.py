"""Claim: every minimiser is carried by the extreme set Ext = {|eta| = 1}, so
#atoms <= |Ext| <= 2 #{regions with active data}; some minimiser has at most n atoms.

Checked on random data: the certified minimiser, its extreme set and both bounds.

    python examples/support_bound.py
"""

import numpy as np

from arrangement import Arrangement
from certificates import solve

rng = np.random.default_rng(7)
n, d = 12, 3
X = [[str(round(v, 2)) for v in row] for row in rng.standard_normal((n, d))]
y = [str(round(v, 2)) for v in rng.standard_normal(n)]
A = Arrangement(X)
print(f"{n} random points in d = {d}: {A.count_regions()} dual regions")
S = A.sign_matrix()
data_bound = 2 * int((S > 0).any(axis=1).sum())
for lam in ("1", "0.3", "0.1"):
    s = solve(A, y, lam)
    ext = s.certificate["support_bound"]   # |Ext| (or the candidate pairs of the duality-gap proof)
    print(f"lambda = {lam:>4}: status {s.status:9} atoms {len(s.atoms):2}  |Ext| = {ext:2}  "
          f"data-only bound {data_bound}  n = {n}")
    assert len(s.atoms) <= ext <= data_bound
print("every minimiser found uses at most |Ext| atoms, and |Ext| is below the data-only bound")
