"""Low-noise stability: solve over a grid of (lambda, label noise) and compare with lambda -> 0.

Under non-degeneracy the number of atoms is preserved for small noise and
lambda, and atoms inside open regions move at a rate linear in (noise, lambda).  The sweep
measures this on the data at hand: per grid point the number of atoms, the largest distance of a
reference atom (of the exact-fit solution, lambda -> 0 without noise) to the nearest atom of the
same sign, the amplitude error of that match, and log-log slopes of those distances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from arrangement import ParameterError
from arrangement.numbers import rational

from .problem import labelled_problem
from .minimiser import exact_fit, solve

__all__ = ["SweepPoint", "sweep", "loglog_slope"]


@dataclass(frozen=True)
class SweepPoint:
    lam: Fraction
    noise: Fraction
    seed: int
    status: str
    n_atoms: int
    n_reference: int
    location_error: float
    amplitude_error: float
    objective: float


_ZERO = 1e-12   # errors below this are rounding noise of an exact 0 (atoms fixed on a wall)


def loglog_slope(x, y) -> float | None:
    """Least-squares slope of ``log y`` against ``log x`` over the pairs with ``y > 1e-12``; None
    (undefined) with fewer than two such pairs or when an error is infinite (a reference atom
    had no match of its sign, so there is no rate to fit).

    >>> round(loglog_slope([1e-3, 1e-2, 1e-1], [2e-3, 2e-2, 2e-1]), 12)
    1.0
    >>> loglog_slope([1e-3, 1e-2], [1e-3, float("inf")]) is None
    True
    """
    if not all(math.isfinite(b) for b in y):
        return None
    pairs = [(math.log(a), math.log(b)) for a, b in zip(x, y) if a > 0 and b > _ZERO]
    if len({a for a, _ in pairs}) < 2:
        return None
    u, v = np.array(pairs).T
    return float(np.polyfit(u, v, 1)[0])


def _match(reference, atoms):
    """Largest distance from a reference atom to the nearest atom of the same sign, and the
    amplitude error of those matches (inf when a sign has no atom)."""
    if not reference:
        return 0.0, 0.0
    loc, amp = 0.0, 0.0
    for ref in reference:
        same = [a for a in atoms if np.sign(a.amplitude) == np.sign(ref.amplitude)]
        if not same:
            return math.inf, math.inf
        dist = [float(np.linalg.norm(np.subtract(a.w, ref.w))) for a in same]
        k = int(np.argmin(dist))
        loc, amp = max(loc, dist[k]), max(amp, abs(same[k].amplitude - ref.amplitude))
    return loc, amp


SEEDS = 3   # noise draws per level unless told (the command line's --seeds default too)


def sweep(X, y=None, lams=(), noises=(0,), seeds: int = SEEDS, bias: bool = False, normalize: bool = False,
          method: str = "cg", on_point=None, on_solution=None):
    """Solve for every lambda, noise level and seed; returns ``(reference, points, slopes)``.

    Noisy labels are ``y + noise * xi`` with ``xi`` standard normal (seeded, read as exact
    binary rationals); noise 0 uses one seed.  ``slopes`` holds the log-log slopes of the
    location and amplitude errors against lambda (noise 0) and against ``lambda + noise`` in the
    low-noise regime ``0 < noise <= lambda``, and whether the number of atoms equals the
    reference's wherever ``noise <= lambda``.  The reference is the exact fit's sparse minimiser;
    when the limit is not unique (``reference.certificate["unique"] is False``) ``n_reference`` is
    the number of Ext points some minimiser charges and the count check is ``n_atoms <= n_reference``.
    ``on_solution(index, solution, labels)``: called with the reference (index None, the
    exact fit) and every point's :class:`~certificates.solver.Solution` and its (noisy) labels,
    in the order of ``points`` (for proof files).

    >>> ref, points, slopes = sweep([[1, 0], [0, 1]], [1, 1], lams=["1/100", "1/10"])
    >>> [p.n_atoms for p in points], round(slopes["amplitude_vs_lambda"], 6)
    ([1, 1], 1.0)
    """
    arrangement, labels = labelled_problem(X, y, bias)
    if not lams:
        raise ParameterError("give at least one lambda")
    lams = [rational(v, "lambda") for v in lams]
    noises = [rational(v, "noise") for v in noises]
    if any(v <= 0 for v in lams):
        raise ParameterError("every lambda must be positive")
    if any(v < 0 for v in noises):
        raise ParameterError("noise levels must be non-negative")
    reference = exact_fit(arrangement, labels)
    if on_solution is not None:
        on_solution(None, reference, labels)
    # a unique limit is compared atom for atom; otherwise the sparse minimiser is one of several and
    # the atom count is compared with the number of Ext points that some minimiser charges
    unique = reference.certificate.get("unique") is not False
    charged = [e for e in (reference.certificate.get("extreme_points") or ()) if e.get("charged") is not False]
    n_reference = len(reference.atoms) if unique else len(charged)
    points = []
    for noise in noises:
        for seed in range(seeds if noise > 0 else 1):
            xi = np.random.default_rng(seed).standard_normal(arrangement.n)
            noisy = [yj + noise * Fraction(float(v)) for yj, v in zip(labels, xi)]
            for lam in lams:
                s = solve(arrangement, noisy, lam, normalize=normalize, method=method)
                loc, amp = _match(reference.atoms, s.atoms)
                point = SweepPoint(lam, noise, seed, s.status, len(s.atoms), n_reference, loc, amp,
                                   s.objective)
                points.append(point)
                if on_solution is not None:
                    on_solution(len(points) - 1, s, noisy)
                if on_point is not None:
                    on_point(point)
    slopes = {}
    clean = [p for p in points if p.noise == 0]
    if clean:
        slopes["location_vs_lambda"] = loglog_slope([float(p.lam) for p in clean], [p.location_error for p in clean])
        slopes["amplitude_vs_lambda"] = loglog_slope([float(p.lam) for p in clean], [p.amplitude_error for p in clean])
    # the low-noise regime of the theory: noise at most lambda; rate against lambda + noise
    regime = [p for p in points if 0 < p.noise <= p.lam]
    if regime:
        size = [float(p.lam + p.noise) for p in regime]
        slopes["location_vs_lambda_plus_noise"] = loglog_slope(size, [p.location_error for p in regime])
        slopes["amplitude_vs_lambda_plus_noise"] = loglog_slope(size, [p.amplitude_error for p in regime])
    slopes["same_atom_count_when_noise_le_lambda"] = all(
        (p.n_atoms == p.n_reference) if unique else (p.n_atoms <= p.n_reference) for p in points if p.noise <= p.lam)
    return reference, points, slopes
