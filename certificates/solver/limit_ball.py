"""A proved ball around the minimal-norm dual solution ``p_0`` of the exact fit.

Units: ``p = p_r / sqrt(r)`` as in :mod:`certificates.solver.limit`; the charged Ext points are
``w_k = v_k / sqrt(r)`` with rational ``v_k``.  ``p_0`` is the projection of 0 onto the convex
dual optimal set ``D*``, so ``<p_0, p - p_0> >= 0`` and, for every ``p`` in ``D*``,

    |p - p_0|^2 <= |p|^2 - |p_0|^2 <= |p|^2 - 2 L,

for any lower bound ``L`` of ``1/2 |p_0|^2``.  Every ``p`` in ``D*`` satisfies these linear
conditions (in ``r``-units): for every charged Ext point ``v_k`` (sign ``t_k``) and every region R
whose closure holds it, ``v_k`` is the projection of ``t_k g_R(p_r)`` onto R's cone (THEORY.md
section 3; its maximum there is 1), i.e. ``t_k G_R p_r + A_J^T lam = v_k`` with ``lam >= 0`` (``A_J``:
R's walls through ``v_k``); and ``s eta_{p_r}(u) <= sqrt(r) |u|`` at any point ``u``.  Weak duality
of ``min 1/2 |p_r|^2`` under these constraints gives, for multipliers ``zeta`` with
``A_J zeta >= 0`` and ``beta >= 0``,

    L_r = -1/2 |sum t_k G_R^T zeta + sum beta_u s phi(u) / |u||^2 - sum <zeta, v_k> - sqrt(r) sum beta_u,

and ``L = L_r / r``.  The multipliers come from a float QP (Clarabel) whose cuts ``u`` are refined
at the maximisers of its own solution; they are rounded to rationals, ``A_J zeta >= 0`` is
checked exactly (a pair that fails is dropped, ``zeta = 0`` is always valid), and ``L`` is
evaluated in arb.  The centre is an exact dual optimal point near the QP solution.
"""

from __future__ import annotations

import math

from fractions import Fraction

import numpy as np
from flint import arb

from arrangement.linalg import fmpq_of

from ..certificate import Certificate

__all__ = ["p0_ball"]


def _blocks(arrangement, charged):
    """Per charged point and region holding it: ``(t G_R, A_J, v)`` with exact rational entries."""
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
            out.append((G, through, list(v)))
    return out


def _features(X, u) -> list:
    return [max(sum((Fraction(x) * c for x, c in zip(row, u)), Fraction(0)), Fraction(0)) for row in X]


def _qp(arrangement, blocks, cuts, r):
    """Float ``min 1/2 |p_r|^2`` under the block equalities (with ``lam >= 0``) and the cuts; returns
    ``(p_r, zeta per block, beta per cut)`` or None."""
    import clarabel
    import scipy.sparse as sp
    n, d = arrangement.n, arrangement.d
    m = sum(len(J) for _, J, _ in blocks)
    size = n + m
    eq_rows, eq_rhs, offset = [], [], n
    for G, J, v in blocks:
        for c in range(d):
            row = np.zeros(size)
            row[:n] = [float(g) for g in G[c]]
            for k, a in enumerate(J):
                row[offset + k] = float(a[c])
            eq_rows.append(row)
            eq_rhs.append(float(v[c]))
        offset += len(J)
    ineq_rows = [np.r_[np.zeros(n), -np.eye(m)[k]] for k in range(m)]
    ineq_rhs = [0.0] * m
    for u, s in cuts:
        length = float(np.sqrt(float(sum(Fraction(c) ** 2 for c in u))))
        ineq_rows.append(np.r_[[s * float(f) / length for f in _features(arrangement.X, u)], np.zeros(m)])
        ineq_rhs.append(math.sqrt(r))
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


def _lower_bound(arrangement, blocks, zeta, cuts, beta, r):
    """``L = L_r / r`` in arb for rational multipliers; a block whose ``A_J zeta >= 0`` fails is dropped."""
    n = arrangement.n
    vec = [Fraction(0)] * n
    value = Fraction(0)
    for (G, J, v), z in zip(blocks, zeta):
        z = [Fraction(float(c)) for c in z]
        if any(sum((a * b for a, b in zip(row, z)), Fraction(0)) < 0 for row in J):
            continue
        vec = [acc + sum((G[c][j] * z[c] for c in range(len(z))), Fraction(0)) for j, acc in enumerate(vec)]
        value -= sum((a * b for a, b in zip(z, v)), Fraction(0))
    vec_arb = [arb(fmpq_of(c)) for c in vec]
    total = arb(fmpq_of(value))
    root = arb(r).sqrt()
    for (u, s), b in zip(cuts, beta):
        if b <= 0:
            continue
        b = Fraction(float(b))
        length = arb(fmpq_of(sum((Fraction(c) ** 2 for c in u), Fraction(0)))).sqrt()
        vec_arb = [acc + arb(fmpq_of(b * s * f)) / length for acc, f in zip(vec_arb, _features(arrangement.X, u))]
        total -= arb(fmpq_of(b)) * root
    return (total - sum((c * c for c in vec_arb), arb(0)) / 2) / r


def _violations(arrangement, p_r, r, held, tolerance=1e-9):
    """Cut points: maximisers ``(u, s)`` of (region, sign) pairs outside ``held`` with
    ``s eta_{p_r}`` above ``(1 - tolerance) sqrt(r)`` (exact maxima at a rational point near ``p_r``)."""
    cert = Certificate(arrangement, [Fraction(float(v)) for v in p_r])
    out = []
    for region, sign, ub, guess in cert.pairs_by_bound():
        if ub < r * (1 - tolerance) ** 2:
            break
        if (region, sign) in held:
            continue
        e = cert.region_extremum(region, sign, guess)
        if e.value_squared > r * (1 - tolerance) ** 2 and (e.point, sign) not in out:
            out.append((e.point, sign))
    return out


def p0_ball(arrangement, charged, r, in_dual, rounded_dual, iterations: int = 30):
    """``(p, radius)``: an exact dual optimal ``ScaledDual`` ``p`` with ``|p - p_0| <= radius`` (arb), or None.

    ``charged``: the charged Ext points ``(v_k, t_k)`` (rational, ``|v_k|^2 = r``); ``in_dual``: an
    exact dual optimal ``ScaledDual`` inside the face (pulls a rounded point into ``D*``);
    ``rounded_dual(p_r_float)``: the exact point of the affine set ``E_k p_r = t_k v_k`` nearest a
    float point, as a ``ScaledDual``, or None."""
    blocks = _blocks(arrangement, charged)
    S = arrangement.sign_matrix()
    held = set()
    for v, t in charged:   # (region, sign) pairs whose maximum is pinned at a charged point by the blocks
        signs = np.array([(s > 0) - (s < 0) for s in (sum((Fraction(a) * b for a, b in zip(x, v)), Fraction(0))
                                                       for x in arrangement.X)])
        fixed = signs != 0
        held |= {(region, t) for region in np.flatnonzero((S[:, fixed] == signs[fixed]).all(axis=1)).tolist()}
    cuts: list = []
    solved = None
    for _ in range(iterations):
        solved = _qp(arrangement, blocks, cuts, r)
        if solved is None:
            return None
        fresh = [c for c in _violations(arrangement, solved[0], r, held) if c not in cuts]
        if not fresh:
            break
        cuts += fresh
    p_r, zeta, beta = solved
    lower = _lower_bound(arrangement, blocks, zeta, cuts, beta, r)
    exact = rounded_dual(p_r)
    if exact is None:
        return None
    for theta in [Fraction(0)] + [Fraction(1, 10 ** k) for k in (12, 10, 8, 7, 6, 5, 4, 3, 2, 1, 0)]:
        blended = type(in_dual)(tuple((1 - theta) * a + theta * b for a, b in zip(exact.p_r, in_dual.p_r)), r)
        if blended.feasible(arrangement):
            excess = arb(fmpq_of(sum((v * v for v in blended.p_r), Fraction(0)))) / r - 2 * lower
            if excess < 0:   # impossible for a valid bound: refuse rather than report a wrong ball
                return None
            return blended, arb(excess.upper()).sqrt().upper()
    return None
