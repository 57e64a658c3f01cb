"""Claim (low-noise stability): under non-degeneracy the number of atoms is preserved for small
(noise, lambda), and atoms inside open regions move at a rate linear in (noise, lambda).

Data: four points in the plane (no bias) whose exact-fit solution is one neuron inside an open
region; the sweep compares each solution with the lambda -> 0 solution of the clean labels and
fits log-log slopes, in the low-noise regime noise <= lambda.

    python examples/stability.py [-o stability.png]
"""

import sys

from arrangement import Arrangement
from certificates.report.plots import plot_sweep
from certificates.solver.sweep import sweep

A = Arrangement([[1, 0], [0, 1], [1, 1], [2, 1]])
y = [1, 1, 2, 3]
lams = ["1/1000", "1/300", "1/100", "1/30"]
reference, points, slopes = sweep(A, y, lams=lams, noises=["0", "0.0003", "0.001", "0.003"], seeds=3)
print(f"reference (lambda -> 0): {len(reference.atoms)} atoms, status {reference.status}")
print(f"{'lambda':>7} {'noise':>6} {'seed':>4} {'atoms':>5} {'location err':>12} {'amplitude err':>13}")
for p in points:
    print(f"{str(p.lam):>7} {str(p.noise):>6} {p.seed:>4} {p.n_atoms:>5} {p.location_error:>12.2e} "
          f"{p.amplitude_error:>13.2e}")
for name, value in slopes.items():
    if not isinstance(value, bool):
        print(f"log-log slope {name}: {'n/a (errors are 0)' if value is None else f'{value:.3f}'}")
print("same number of atoms as lambda -> 0 wherever noise <= lambda:", slopes["same_atom_count_when_noise_le_lambda"])
if "-o" in sys.argv:
    print("wrote", plot_sweep(points, slopes, reference, sys.argv[sys.argv.index("-o") + 1]))
