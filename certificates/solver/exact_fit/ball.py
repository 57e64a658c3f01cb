"""A proved ball around the minimal-norm dual solution ``p_0`` of the exact fit.

``p_0`` is the projection of 0 onto the convex dual optimal set ``D*``, so
``<p_0, p - p_0> >= 0`` and, for every ``p`` in ``D*``,

    |p - p_0|^2 <= |p|^2 - |p_0|^2 <= |p|^2 - 2 L,

for any lower bound ``L`` of ``1/2 |p_0|^2``.  Every ``p`` in ``D*`` satisfies these linear
conditions: for every charged Ext point ``w_k = v_k / |v_k|`` (sign ``t_k``) and every region R
whose closure holds it, ``w_k`` is the projection of ``t_k g_R(p)`` onto R's cone (the
maximum there is 1), i.e. ``t_k G_R p + A_J^T lam = w_k`` with ``lam >= 0``
(``A_J``: R's walls through ``w_k``); and ``s eta_p(u / |u|) <= 1`` at any point ``u``.  Weak
duality of ``min 1/2 |p|^2`` under these constraints gives, for multipliers ``zeta`` with
``A_J zeta >= 0`` and ``beta >= 0``,

    L = -1/2 |sum t_k G_R^T zeta + sum beta_u s phi(u) / |u||^2 - sum <zeta, w_k> - sum beta_u.

The multipliers come from a float QP (Clarabel) whose cuts ``u`` are refined at the maximisers of
its own solution; they are rounded to rationals, ``A_J zeta >= 0`` is checked exactly (a block
that fails is dropped: ``zeta = 0`` is always valid), and ``L`` is evaluated in arb.  The centre
is an exact dual optimal point near the QP solution, proved feasible.
"""

from __future__ import annotations

import math

from fractions import Fraction

import numpy as np
from flint import arb

from arrangement.linalg import fmpq_of

from ...dual.certificate import Certificate

__all__ = ["p0_ball"]


def _blocks(arrangement, charged):
    """Per charged point ``(v, t)`` and region holding it: ``(t G_R, A_J, v, |v|^2)``, exact rationals."""
    X, S = arrangement.X, arrangement.sign_matrix()
    out = []
    for v, t in charged:
        signs = np.array([(s > 0) - (s < 0) for s in (sum((Fraction(a) * b for a, b in zip(x, v)), Fraction(0))
                                                       for x in X)])
        fixed = signs != 0
        for region in np.flatnonzero((S[:, fixed] == signs[fixed]).all(axis=1)).tolist():
            active = S[region] > 0
            G = [[t * Fraction(X[j][c]) if active[j] else Fraction(0) for j in range(arrangement.n)]
                 for c in range(arrangement.d)]
            rows, _ = arrangement.walls(region)
            through = [[Fraction(a) for a in row] for row in rows
                       if sum((Fraction(a) * b for a, b in zip(row, v)), Fraction(0)) == 0]
            out.append((G, through, list(v), sum((Fraction(c) ** 2 for c in v), Fraction(0))))
    return out


def relu_features(X, u) -> list:
    return [max(sum((Fraction(x) * c for x, c in zip(row, u)), Fraction(0)), Fraction(0)) for row in X]


def _qp(arrangement, blocks, cuts):
    """Float ``min 1/2 |p|^2`` under the block equalities (with ``lam >= 0``) and the cuts; returns
    ``(p, zeta per block, beta per cut)`` or None."""
    import clarabel
    import scipy.sparse as sp
    n, d = arrangement.n, arrangement.d
    m = sum(len(J) for _, J, _, _ in blocks)
    size = n + m
    eq_rows, eq_rhs, offset = [], [], n
    for G, J, v, length2 in blocks:
        for c in range(d):
            row = np.zeros(size)
            row[:n] = [float(g) for g in G[c]]
            for k, a in enumerate(J):
                row[offset + k] = float(a[c])
            eq_rows.append(row)
            eq_rhs.append(float(v[c]) / math.sqrt(float(length2)))
        offset += len(J)
    ineq_rows = [np.r_[np.zeros(n), -np.eye(m)[k]] for k in range(m)]
    ineq_rhs = [0.0] * m
    for u, s in cuts:
        length = float(np.sqrt(float(sum(Fraction(c) ** 2 for c in u))))
        ineq_rows.append(np.r_[[s * float(f) / length for f in relu_features(arrangement.X, u)], np.zeros(m)])
        ineq_rhs.append(1.0)
    A = sp.csc_matrix(np.array(eq_rows + ineq_rows).reshape(-1, size))
    b = np.array(eq_rhs + ineq_rhs)
    P = sp.csc_matrix(sp.block_diag([sp.identity(n), sp.csc_matrix((m, m))]))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-12
    cones = [clarabel.ZeroConeT(len(eq_rows))] + ([clarabel.NonnegativeConeT(len(ineq_rows))] if ineq_rows else [])
    sol = clarabel.DefaultSolver(sp.triu(P, format="csc"), np.zeros(size), A, b, cones, settings).solve()
    if "Solved" not in str(sol.status):
        return None
    z = np.array(sol.z)
    zeta = np.split(z[:len(eq_rows)], len(blocks)) if blocks else []
    return np.array(sol.x[:n]), zeta, np.maximum(z[len(eq_rows) + m:], 0.0)


def _lower_bound(arrangement, blocks, zeta, cuts, beta):
    """``L`` in arb for rational multipliers; a block whose ``A_J zeta >= 0`` fails is dropped."""
    vec = [Fraction(0)] * arrangement.n
    total = arb(0)
    for (G, J, v, length2), z in zip(blocks, zeta):
        z = [Fraction(float(c)) for c in z]
        if any(sum((a * b for a, b in zip(row, z)), Fraction(0)) < 0 for row in J):
            continue
        vec = [acc + sum((G[c][j] * z[c] for c in range(len(z))), Fraction(0)) for j, acc in enumerate(vec)]
        total -= arb(fmpq_of(sum((a * b for a, b in zip(z, v)), Fraction(0)))) / arb(fmpq_of(length2)).sqrt()
    vec_arb = [arb(fmpq_of(c)) for c in vec]
    for (u, s), b in zip(cuts, beta):
        if b <= 0:
            continue
        b = Fraction(float(b))
        length = arb(fmpq_of(sum((Fraction(c) ** 2 for c in u), Fraction(0)))).sqrt()
        vec_arb = [acc + arb(fmpq_of(b * s * f)) / length for acc, f in zip(vec_arb, relu_features(arrangement.X, u))]
        total -= arb(fmpq_of(b))
    return total - sum((c * c for c in vec_arb), arb(0)) / 2


def _violations(arrangement, p, held, tolerance=1e-9):
    """Cut points: maximisers ``(u, s)`` of (region, sign) pairs outside ``held`` with ``s eta_p``
    above ``1 - tolerance`` (exact maxima at a rational point near ``p``)."""
    cert = Certificate(arrangement, [Fraction(float(v)) for v in p])
    out = []
    level = Fraction(1 - tolerance) ** 2
    for e in cert.scan(level, exclude=held):
        if e.value_squared > level and (e.point, e.sign) not in out:
            out.append((e.point, e.sign))
    return out


def p0_ball(arrangement, charged, in_dual, rounded_dual, iterations: int = 30):
    """``(p, radius)``: an exact dual optimal :class:`~certificates.solver.exact_fit.fit.DualPoint` ``p`` with
    ``|p - p_0| <= radius`` (arb), or None.

    ``charged``: the charged Ext points ``(v_k, t_k, |v_k|^2)`` (rational ``v_k``); ``in_dual``: an
    exact dual optimal point inside the face (pulls a rounded point into ``D*``);
    ``rounded_dual(p_float)``: the exact point of the affine set ``E_k p = t_k w_k`` near a float
    point, or None."""
    blocks = _blocks(arrangement, [(v, t) for v, t, _ in charged])
    S = arrangement.sign_matrix()
    held = set()
    for v, t, _ in charged:   # (region, sign) pairs whose maximum is pinned at a charged point by the blocks
        signs = np.array([(s > 0) - (s < 0) for s in (sum((Fraction(a) * b for a, b in zip(x, v)), Fraction(0))
                                                       for x in arrangement.X)])
        fixed = signs != 0
        held |= {(region, t) for region in np.flatnonzero((S[:, fixed] == signs[fixed]).all(axis=1)).tolist()}
    cuts: list = []
    solved = None
    for _ in range(iterations):
        solved = _qp(arrangement, blocks, cuts)
        if solved is None:
            return None
        fresh = [c for c in _violations(arrangement, solved[0], held) if c not in cuts]
        if not fresh:
            break
        cuts += fresh
    p, zeta, beta = solved
    lower = _lower_bound(arrangement, blocks, zeta, cuts, beta)
    exact = rounded_dual(p)
    if exact is None:
        return None
    points = [(v, t) for v, t, _ in charged]
    for theta in [Fraction(0)] + [Fraction(1, 10 ** k) for k in (12, 10, 8, 7, 6, 5, 4, 3, 2, 1, 0)]:
        blended = exact.blend(in_dual, theta)
        if blended.feasible(arrangement, points):
            excess = sum((c * c for c in blended.enclosure()), arb(0)) - 2 * lower
            if excess < 0:   # impossible for a valid bound: refuse rather than report a wrong ball
                return None
            return blended, arb(excess.upper()).sqrt().upper()
    return None
