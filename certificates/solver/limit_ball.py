"""A proved ball around the minimal-norm dual solution ``p_0`` of the exact fit.

``p_0`` is the projection of 0 onto the dual optimal set ``D*`` (convex), so
``<p_0, p - p_0> >= 0`` and hence, for every ``p`` in ``D*``,

    |p - p_0|^2 <= |p|^2 - |p_0|^2 <= |p|^2 - 2 L,

for any lower bound ``L`` of ``1/2 |p_0|^2``.  ``L`` comes from weak duality on a relaxation of
``D*`` by finitely many valid linear constraints: ``E_k p = t_k w_k`` for the Ext points that
minimisers charge (docs, mathematics section 10) and ``s eta_p(u) <= |u|`` at any points ``u``
(true for every feasible ``p``): for multipliers ``alpha`` (free) and ``beta >= 0``,

    L = -1/2 |A_eq^T alpha + A_in^T beta|^2 - <alpha, b_eq> - <beta, b_in>.

The cut points are the maximisers of a cutting-plane sequence that approaches ``p_0`` from
outside; ``p`` is an exact dual optimal point near ``p_0`` (checked by the exact certificate).
Floats only choose ``alpha``, ``beta``, the cuts and ``p``; the bound is evaluated in arb.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from flint import arb

from arrangement.linalg import fmpq_of, independent_rows

from arrangement.signs import pattern_string

from ..certificate import Certificate

__all__ = ["p0_ball"]


def _multipliers(A_eq, A_in, p):
    """Float ``alpha`` (free), ``beta >= 0`` with ``p ~ -(A_eq^T alpha + A_in^T beta)`` (bounded least squares)."""
    from scipy.optimize import lsq_linear
    G = np.vstack([A_eq, A_in]).T
    lower = np.r_[np.full(len(A_eq), -np.inf), np.zeros(len(A_in))]
    x = lsq_linear(G, -p, bounds=(lower, np.full(len(lower), np.inf)), tol=1e-14, lsmr_tol="auto").x
    return x[:len(A_eq)], np.maximum(x[len(A_eq):], 0.0)


def _polish(arrangement, A_eq, b_eq, cut_points, p):
    """Newton on the KKT system of ``min 1/2 |p|^2`` s.t. ``A_eq p = b_eq``, ``p^T M_k p = 1`` (the
    cut points' faces, their maximisers ``s E_k p``): a sharper ``p_0`` and cut points at its
    maximisers (rational, unnormalised).  Floats; returns the input when Newton does not converge."""
    from .optimality import AtomFace, OptimalitySystem, _floats
    p0 = p
    X = arrangement.X_float
    Q = np.linalg.qr(A_eq.T)[0] if len(A_eq) else np.zeros((arrangement.n, 0))

    def independent(u, s):   # a cut already implied by the equalities has no multiplier of its own
        g = s * np.array([max(float(v), 0.0) for v in X @ np.array([float(c) for c in u])])
        return np.linalg.norm(g - Q @ (Q.T @ g)) > 1e-8 * max(np.linalg.norm(g), 1e-300)
    implied = [c for c in cut_points if not independent(*c)]
    cut_points = [c for c in cut_points if independent(*c)]
    faces = [AtomFace(pattern_string(np.sign(X @ np.array([float(v) for v in u])).astype(int)), s)
             for u, s in cut_points]
    system = OptimalitySystem(arrangement, [0] * arrangement.n, 0, faces)
    M = [_floats(Mk) for Mk in system.M]
    E = [_floats(Ek) for Ek in system.E]
    n, m, K = arrangement.n, len(A_eq), len(M)
    alpha, beta = _multipliers(A_eq, np.array([Mk @ p for Mk in M]).reshape(K, n), p)
    x = np.r_[p, alpha, beta]
    for _ in range(50):
        p, alpha, beta = x[:n], x[n:n + m], x[n + m:]
        F = np.r_[p + A_eq.T @ alpha + sum((b * Mk @ p for b, Mk in zip(beta, M)), np.zeros(n)),
                  A_eq @ p - b_eq, [p @ Mk @ p - 1 for Mk in M]]
        J = np.zeros((n + m + K, n + m + K))
        J[:n, :n] = np.eye(n) + sum((b * Mk for b, Mk in zip(beta, M)), np.zeros((n, n)))
        J[:n, n:n + m] = A_eq.T
        for k, Mk in enumerate(M):
            J[:n, n + m + k] = Mk @ p
            J[n + m + k, :n] = 2 * Mk @ p
        J[n:n + m, :n] = A_eq
        step = np.linalg.lstsq(J, -F, rcond=None)[0]
        x = x + step
        if np.abs(step).max() < 1e-15 * (1 + np.abs(x).max()):
            break
    if not np.all(np.isfinite(x)) or np.abs(F).max() > 1e-9 or (x[n + m:] < 0).any():
        return p0, implied + cut_points
    p = x[:n]
    cuts = [(tuple(Fraction(float(v)) for v in face.sign * Ek @ p), face.sign) for face, Ek in zip(faces, E)]
    return p, implied + cuts


def _cuts(arrangement, p, tolerance):
    """Points ``(u, sign)`` (rational, unnormalised) where ``sign * eta_p`` exceeds ``1 - tolerance``
    on the sphere, one per (region, sign) pair (the exact maximiser for a rational ``p`` near ``p``)."""
    cert = Certificate(arrangement, [Fraction(float(v)) for v in p])
    out = []
    for region, sign, ub, guess in cert.pairs_by_bound():
        if ub < (1 - tolerance) ** 2:
            break
        e = cert.region_extremum(region, sign, guess)
        if e.value_squared > (1 - tolerance) ** 2 and (e.point, sign) not in out:
            out.append((e.point, sign))
    return out


def _features(X, u) -> list:
    return [max(sum((Fraction(x) * c for x, c in zip(row, u)), Fraction(0)), Fraction(0)) for row in X]


def p0_ball(arrangement, rows, rhs_arb, in_dual, rounded_dual, p_float, nearby=()):
    """``(p, radius)``: an exact dual optimal ``p`` (``ScaledDual``) with ``|p - p_0| <= radius``
    (arb upper bound), or None.

    ``rows``/``rhs_arb``: the equalities ``E_k p = t_k w_k`` (rational rows, arb right-hand sides);
    ``in_dual``: an exact dual optimal ``ScaledDual`` (strictly inside the face, used to pull a
    rounded point into ``D*``); ``rounded_dual(p_float)``: the exact dual point on the affine set
    nearest a float point, or None; ``p_float``: a float approximation of ``p_0`` (it picks the
    cut points, the multipliers and the centre; a poor one only widens the ball)."""
    X = arrangement.X
    keep = independent_rows(rows)   # SLSQP needs independent equality rows
    rows, rhs_arb = [rows[i] for i in keep], [rhs_arb[i] for i in keep]
    A_eq = np.array([[float(v) for v in row] for row in rows]).reshape(len(rows), arrangement.n)
    p_float = np.asarray(p_float, dtype=float)
    cut_points = _cuts(arrangement, p_float, 1e-3)
    for q in nearby:   # small-lambda duals: their maximisers sit on the faces that p_0's constraints approach
        cut_points += [c for c in _cuts(arrangement, q, 1e-3) if c not in cut_points]
    p_float, cut_points = _polish(arrangement, A_eq, np.array([float(v.mid()) for v in rhs_arb]), cut_points, p_float)
    # the cut s eta_p(u / |u|) <= 1 for unit vectors: rows phi(u) / |u|, right-hand side 1
    A_in = np.array([[s * float(f) / float(np.linalg.norm([float(v) for v in u])) for f in _features(X, u)]
                     for u, s in cut_points]).reshape(-1, arrangement.n)
    alpha, beta = _multipliers(A_eq, A_in, np.asarray(p_float, dtype=float))
    lower = _lower_bound(X, rows, rhs_arb, cut_points, alpha, beta, arrangement.n)
    exact = rounded_dual(p_float)
    if exact is None:
        return None
    for theta in [Fraction(0)] + [Fraction(1, 10 ** k) for k in (12, 10, 8, 7, 6, 5, 4, 3, 2, 1, 0)]:
        blended = type(in_dual)(tuple((1 - theta) * a + theta * b for a, b in zip(exact.p_r, in_dual.p_r)), in_dual.r)
        if blended.feasible(arrangement):
            norm2 = arb(fmpq_of(sum((v * v for v in blended.p_r), Fraction(0)))) / in_dual.r
            excess = norm2 - 2 * lower
            radius = arb(max(excess.upper(), arb(0))).sqrt().upper() if excess.upper() > 0 else arb(0)
            return blended, radius
    return None


def _lower_bound(X, rows, rhs_arb, cut_points, alpha, beta, n):
    """``-1/2 |A_eq^T alpha + A_in^T beta|^2 - <alpha, b_eq> - <beta, b_in>`` in arb for rational
    ``alpha``, ``beta >= 0`` (the unit-vector cuts ``s <phi(u), p> / |u| <= 1``)."""
    alpha = [Fraction(float(v)) for v in alpha]
    beta = [Fraction(float(v)) if v > 0 else Fraction(0) for v in beta]
    vec = [arb(0)] * n
    value = arb(0)
    for a, row, b in zip(alpha, rows, rhs_arb):
        if a:
            vec = [v + arb(fmpq_of(a * Fraction(r))) for v, r in zip(vec, row)]
            value -= arb(fmpq_of(a)) * b
    for bk, (u, s) in zip(beta, cut_points):
        if bk:
            length = arb(fmpq_of(sum((Fraction(v) ** 2 for v in u), Fraction(0)))).sqrt()
            vec = [v + arb(fmpq_of(bk * s)) * arb(fmpq_of(f)) / length for v, f in zip(vec, _features(X, u))]
            value -= arb(fmpq_of(bk))
    return value - sum((v * v for v in vec), arb(0)) / 2
