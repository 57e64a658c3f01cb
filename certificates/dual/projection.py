"""Exact Euclidean projection onto a polyhedral cone ``C = {w : A w >= 0}``.

``Pi_C(g)`` is characterised by the KKT conditions of ``min |w - g|^2, A w >= 0``:

    w = g + A_T^T lam,   lam >= 0,   A_T w = 0,   A w >= 0,

for some set T of rows (Moreau: ``g - w`` lies in the polar cone and is orthogonal to w).
They are sufficient for this convex problem, so any (T, lam) that satisfies them in
exact arithmetic proves ``w = Pi_C(g)``.  A float non-negative least-squares solve
guesses T; the exact system on T is solved in rationals and checked; if the check
fails, an exact Lawson-Hanson active-set method (finite, in rational arithmetic)
decides.

>>> from fractions import Fraction as Q
>>> proj = project([[1, 0], [0, 1]], [Q(-1), Q(2)])   # quadrant x, y >= 0
>>> proj.point, proj.multipliers
((Fraction(0, 1), Fraction(2, 1)), {0: Fraction(1, 1)})
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from arrangement.linalg import independent_rows as independent_subset
from arrangement.linalg import solve

from .screening import wall_multipliers

__all__ = ["Projection", "project", "solve", "independent_subset"]


@dataclass(frozen=True)
class Projection:
    """``point = Pi_C(g)`` exactly, with the multiplier of each active row (by row index)."""

    point: tuple
    multipliers: dict
    exact_fallback: bool = False

    @property
    def norm_squared(self) -> Fraction:
        return sum((v * v for v in self.point), Fraction(0))


def dot(u, v) -> Fraction:
    """Exact inner product of two rational vectors."""
    return sum((Fraction(a) * b for a, b in zip(u, v)), Fraction(0))


def _on_subspace(A, g, T):
    """w = g + A_T^T lam with A_T w = 0 (A_T independent), or None if singular."""
    if not T:
        return list(g), []
    gram = [[dot(A[s], A[t]) for t in T] for s in T]
    lam = solve(gram, [-dot(A[s], g) for s in T])
    if lam is None:
        return None
    w = [gk + sum((lam[i] * A[t][k] for i, t in enumerate(T)), Fraction(0)) for k, gk in enumerate(g)]
    return w, lam


def _kkt(A, g, T):
    """The KKT point for active set T if it is valid, else None."""
    sol = _on_subspace(A, g, T)
    if sol is None:
        return None
    w, lam = sol
    if any(l < 0 for l in lam) or any(dot(row, w) < 0 for row in A):
        return None
    return Projection(tuple(w), {t: l for t, l in zip(T, lam) if l != 0})


def _lawson_hanson(A, g) -> Projection:
    """Exact NNLS ``min |A^T lam + g|, lam >= 0`` (Lawson & Hanson 1974, in rationals)."""
    k = len(A)
    lam = [Fraction(0)] * k
    passive: list = []

    def residual_gradient(lam):
        w = [gk + sum((lam[t] * A[t][i] for t in range(k)), Fraction(0)) for i, gk in enumerate(g)]
        return w, [-dot(A[t], w) for t in range(k)]

    w, grad = residual_gradient(lam)
    for _ in range(1000 * (k + 1)):
        candidates = [t for t in range(k) if t not in passive and grad[t] > 0]
        if not candidates:
            break
        passive.append(max(candidates, key=lambda t: (grad[t], -t)))
        while True:
            sol = _on_subspace(A, g, sorted(passive))
            if sol is None:  # dependent column entered: drop it (its gradient is then 0)
                passive.pop()
                break
            z = dict(zip(sorted(passive), sol[1]))
            if all(v > 0 for v in z.values()):
                lam = [z.get(t, Fraction(0)) for t in range(k)]
                break
            alpha = min(lam[t] / (lam[t] - z[t]) for t in passive if z[t] <= 0)
            lam = [lam[t] + alpha * (z.get(t, Fraction(0)) - lam[t]) for t in range(k)]
            passive = [t for t in passive if lam[t] > 0]
        w, grad = residual_gradient(lam)
    T = [t for t in range(k) if lam[t] > 0]
    result = _kkt(A, g, independent_subset_rows(A, T))
    if result is None:
        raise AssertionError("internal error: exact projection did not converge")
    return Projection(result.point, result.multipliers, exact_fallback=True)


def independent_subset_rows(A, T):
    return [T[i] for i in independent_subset([A[t] for t in T])]


def project(A, g, guess=None) -> Projection:
    """``Pi_C(g)`` for ``C = {w : <A_t, w> >= 0 for every row t}``, exactly.

    ``A``: integer or rational rows; ``g``: rationals; ``guess``: rows thought active (tried
    first).  The multipliers certify optimality.
    """
    A = [[Fraction(v) for v in row] for row in A]
    g = [Fraction(v) for v in g]
    if all(dot(row, g) >= 0 for row in A):
        return Projection(tuple(g), {})
    if guess:
        result = _kkt(A, g, independent_subset_rows(A, sorted(guess)))
        if result is not None:
            return result
    if A:
        lam, _ = wall_multipliers(A, g)
        guess = [t for t in range(len(A)) if lam[t] > 0]
        result = _kkt(A, g, independent_subset_rows(A, guess))
        if result is not None:
            return result
    return _lawson_hanson(A, g)
