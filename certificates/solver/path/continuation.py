"""One structure on one lambda-box: interval continuation of the optimality system.

:func:`prove_box` proves that the minimiser has the structure of an
:class:`~certificates.solver.endgame.optimality.OptimalitySystem` for every lambda of a box
``[lo, hi]``: a parametric Krawczyk test around the second-order predictor
(:func:`_krawczyk_on_box`) gives the branch ``x(lambda)``, and every strict inequality is proved
on the branch form (:func:`linear_conditions`, :func:`_off_atoms_on_branch`).  The mathematics:
section 13 of ``docs/pages/mathematics.md``; :mod:`certificates.solver.path.path` walks these boxes.

>>> from arrangement import Arrangement
>>> from certificates.solver.endgame.optimality import AtomFace
>>> system = OptimalitySystem(Arrangement([[1]]), [2], 1, [AtomFace("+", 1)])   # c = 2 - lambda
>>> prove_box(system, np.array([1.0, 1.0]), Fraction(1, 2), Fraction(3, 2))
(True, None)
>>> prove_box(system, np.array([1.0, 1.0]), Fraction(1, 2), Fraction(5, 2))[1]   # c < 0 above 2
'an amplitude is not provably positive'
"""

from __future__ import annotations

import copy
from fractions import Fraction

import numpy as np
from flint import arb, arb_mat, fmpq, fmpq_mat

from arrangement.signs import pattern_signs

from ...dual.screening import wall_multipliers
from ..endgame.optimality import OptimalitySystem
from ...exact.convert import fmpq_of
from ...exact.intervals import VERIFY_BITS, precision
from ..endgame.verification import wall_basis
from .segments import sample_at

__all__ = ["prove_box", "linear_conditions", "proved_structure"]


def system_on(system: OptimalitySystem, lo: Fraction, hi: Fraction) -> OptimalitySystem:
    """The same system at the midpoint of the box ``[lo, hi]``, remembering the box (a copy:
    its interval cache is its own)."""
    boxed = copy.copy(system)
    boxed.__dict__.pop("_arb_cache", None)
    boxed.lam, boxed.lam_box = (lo + hi) / 2, (lo, hi)
    return boxed


def tangent_of(system: OptimalitySystem, x: np.ndarray) -> np.ndarray:
    """``dx/dlambda = -J^{-1} dF/dlambda`` (floats; ``dF/dlambda = (G z, 0)``)."""
    z = np.asarray(x, dtype=float)[:system.r]
    dF = np.zeros(system.size)
    dF[:len(system._f["y"])] = system._f["G"] @ z
    return -np.linalg.solve(system.jacobian(x), dF)


def system_at(system: OptimalitySystem, lam) -> OptimalitySystem:
    """The same system at the single lambda ``lam`` (a copy with its own interval cache)."""
    point = copy.copy(system)
    point.__dict__.pop("_arb_cache", None)
    point.lam, point.lam_box = Fraction(lam), None
    return point


def _krawczyk_on_box(boxed: OptimalitySystem, x: np.ndarray):
    """For every lambda of ``boxed.lam_box``, a zero of the system on a proved branch; or None.

    Parametric Krawczyk around the second-order predictor: with ``m`` the midpoint,
    ``s = lambda - m``, ``t = dx/dlambda`` and ``q = x''/2`` at ``x``, ``c(s) = x + s t + s^2 q``
    and ``G(xi, s) = F(c(s) + xi, m + s)``, the operator
    ``K(Xi) = -Y(s) G(0, s) + (I - Y(s) J(c(s) + Xi, m + s)) Xi`` with the preconditioner
    ``Y(s) = Y + s Y'`` (``Y ~ J^{-1}``, ``Y' ~ d/ds J^{-1}``, any floats) inside ``Xi`` for all
    ``s`` proves a zero ``c(s) + xi(s)`` for every lambda (Krawczyk for each fixed ``s``).
    ``F`` is quadratic and ``J`` affine in ``(x, lambda)``: ``G(0, s)`` is a polynomial of
    degree 4 in ``s`` (coefficients from evaluations at ``s = 0, +-1, +-2``) and ``J`` one of
    degree 2, so the low-order terms cancel and the box may be wide.

    Returns ``(box, (S, t, q, xi))``: the bounding box, and the branch ``x + S t + S^2 q + xi``."""
    size = boxed.size
    m = boxed.lam
    h = float(boxed.lam_box[1] - boxed.lam_box[0]) / 2
    try:
        J0f = boxed.jacobian(x)
        Yf = np.linalg.inv(J0f)
        tf = tangent_of(boxed, x)
        Jt_f = system_at(boxed, m + 1).jacobian(x + tf) - J0f
        F2f = (system_at(boxed, m + 1).residual(x + tf) + system_at(boxed, m - 1).residual(x - tf)) / 2 - boxed.residual(x)
    except np.linalg.LinAlgError:
        return None
    Y1f, qf = -Yf @ Jt_f @ Yf, -Yf @ F2f
    if not all(np.all(np.isfinite(v)) for v in (Yf, Y1f, tf, qf)):
        return None
    centre = [arb(float(v)) for v in x]
    t, q = [arb(float(v)) for v in tf], [arb(float(v)) for v in qf]

    def curve(k):   # F(c(k), m + k) and the point c(k)
        point = [c + k * a + (k * k) * b for c, a, b in zip(centre, t, q)]
        return system_at(boxed, m + k).interval_residual(point), point

    f = {k: curve(k)[0] for k in (0, 1, -1, 2, -2)}
    half = arb(0.5)
    even1, even2 = (f[1] + f[-1]) * half, (f[2] + f[-2]) * half
    odd1, odd2 = (f[1] - f[-1]) * half, (f[2] - f[-2]) * half
    c4 = (even2 - even1 * arb(4) + f[0] * arb(3)) * arb(fmpq(1, 12))
    c3 = (odd2 - odd1 * arb(2)) * arb(fmpq(1, 6))
    coefficients = [f[0], odd1 - c3, even1 - f[0] - c4, c3, c4]
    here = system_at(boxed, m)
    J0 = here.interval_jacobian(centre)
    Jt = system_at(boxed, m + 1).interval_jacobian([c + v for c, v in zip(centre, t)]) - J0
    Jq = here.interval_jacobian([c + v for c, v in zip(centre, q)]) - J0
    Y = arb_mat([[arb(float(v)) for v in row] for row in Yf])
    Y1 = arb_mat([[arb(float(v)) for v in row] for row in Y1f])
    S = arb(0, h)
    powers = [arb(1), S]
    for _ in range(4):
        powers.append(powers[-1] * S)
    moved = Y * coefficients[0]
    for k in range(1, 6):
        term = (Y * coefficients[k] if k < 5 else 0 * coefficients[0]) + Y1 * coefficients[k - 1]
        moved += term * powers[k]
    identity = arb_mat(size, size, [1 if i == j else 0 for i in range(size) for j in range(size)])
    fixed = identity - Y * J0 - (Y * Jt + Y1 * J0) * S - (Y * Jq + Y1 * Jt) * powers[2] - (Y1 * Jq) * powers[3]
    Ys = Y + Y1 * S
    floor = 1e-15 * (1 + float(np.abs(x).max(initial=0)))
    radii = 1.5 * np.array([float(moved[i, 0].mid().abs_upper()) + float(moved[i, 0].rad()) for i in range(size)]) \
        + floor
    for _ in range(8):   # epsilon-inflation: the next box is K(Xi), widened by half
        xi = [arb(0, float(r)) for r in radii]
        Jxi = here.interval_jacobian([c + v for c, v in zip(centre, xi)]) - J0
        K = -moved + (fixed - Ys * Jxi) * arb_mat(size, 1, xi)
        inner = [K[i, 0] for i in range(size)]
        if all(b.contains_interior(k) for b, k in zip(xi, inner)):
            return [c + S * a + powers[2] * b + k for c, a, b, k in zip(centre, t, q, inner)], (S, t, q, inner)
        reach = np.array([float(k.abs_upper()) for k in inner])
        if not np.all(np.isfinite(reach)):
            return None
        radii = np.maximum(1.5 * reach, radii) + floor
    return None


def prove_box(system: OptimalitySystem, x: np.ndarray, lo: Fraction, hi: Fraction):
    """``(True, None)`` if the structure of ``system`` is proved optimal for every lambda in
    ``[lo, hi]`` (``x``: a float zero at the midpoint), else ``(None, reason)``.

    The conditions are those of :func:`~certificates.solver.endgame.verification.verify`, evaluated on
    the branch ``x + s t + xi`` rather than on its bounding box: linear functionals of ``p``
    keep their exact first-order coefficient (a box would add up ``|l_j| |t_j|``)."""
    boxed = system_on(system, lo, hi)
    with precision(VERIFY_BITS):
        found = _krawczyk_on_box(boxed, x)
        if found is None:
            return None, "Krawczyk's test failed on the lambda-box"
        box, (S, t, q, xi) = found
        if not all(c > 0 for c in box[system.r + system.rho:]):
            return None, "an amplitude is not provably positive"
        Ba = boxed._arb()["B"]
        p_c, tangent, bend, rest = (Ba * arb_mat(system.r, 1, [arb(float(v)) if isinstance(v, float) else v
                                                             for v in part])
                                    for part in (x[:system.r], t[:system.r], q[:system.r], xi[:system.r]))
        rows, excluded = linear_conditions(boxed, [float(v.mid()) for v in p_c.entries()])
        S2 = S * S
        for exact_row, what in rows:
            row = arb_mat(exact_row)
            value = (row * p_c)[0, 0] + S * (row * tangent)[0, 0] + S2 * (row * bend)[0, 0] + (row * rest)[0, 0]
            if not value > 0:
                return None, f"{what} is not proved positive"
        if not _off_atoms_on_branch(boxed, excluded, p_c, tangent, bend, rest, S):
            return None, "the certificate off the atoms is not proved below 1"
        return True, None


def linear_conditions(system: OptimalitySystem, p_guess) -> tuple:
    """The strict inequalities that are linear in ``p``, as ``(row, what)`` with ``row * p > 0``
    (``fmpq_mat`` rows): face signs ``s_j <w_i, x_j>`` with ``w_i = t_i E_i p``, and
    the wall multipliers of every region whose closure holds an atom's face (over a basis of its
    walls through the face, chosen at ``p_guess``; ``t_i g_R - w_i`` lies in their span, so the
    multipliers are ``(W W^T)^{-1} W (t_i g_R - w_i)``).  Also the excluded (region, sign) pairs."""
    A = system.arrangement
    S_matrix = A.sign_matrix()
    out, excluded = [], set()
    for i, atom in enumerate(system.atoms):
        for j, s in enumerate(atom.face):
            if s != "0":
                row = fmpq_mat(1, A.d, [system.X[j, k] for k in range(A.d)])
                out.append((row * system.E[i] * fmpq(atom.sign * (1 if s == "+" else -1)),
                            f"atom {i}: the sign of <w, x_{j}> ({s})"))
        code = pattern_signs(atom.face)
        off = code != 0
        for region in np.flatnonzero((S_matrix[:, off] == code[off]).all(axis=1)).tolist():
            excluded.add((region, atom.sign))
            if system.zero[i]:
                out += [(row, f"atom {i}: a wall multiplier in region {region}")
                        for row in _wall_rows(system, i, region, p_guess)]
    return out, excluded


def _wall_rows(system, i, region, p_guess) -> list:
    """The wall multipliers of atom ``i`` in ``region`` as exact linear functionals of p."""
    T, W, *_ = wall_basis(system, i, region, p_guess)
    L = (W * W.transpose()).inv() * W * T
    n = system.arrangement.n
    return [fmpq_mat(1, n, [L[k, j] for j in range(n)]) for k in range(L.nrows())]


def _off_atoms_on_branch(system: OptimalitySystem, excluded, p_c, tangent, bend, rest, S) -> bool:
    """``|eta| < 1`` off the atoms for every ``p = p_c + s tangent + s^2 bend + rest``, ``s`` in ``S``.

    For a (region R with walls ``A w >= 0``, sign) pair and any ``mu >= 0``, ``-A^T mu`` lies in
    the polar cone of R, so ``max over R of sign * eta_p <= |G(p) + A^T mu|`` (Moreau; ``G``
    the region's vector times the sign, linear in ``p``).  With ``mu(s) = mu_0 + s mu_1 + s^2 mu_2``
    (float least squares along the branch, kept where it stays ``>= 0`` on ``S``) the vector is
    ``a + s b + s^2 c + G(rest)``; its squared norm is expanded in ``s`` with exact coefficients,
    so a maximiser that moves along a level set of ``eta`` costs only its true change."""
    A = system.arrangement
    X = [[arb(fmpq_of(v)) for v in row] for row in A.X]

    def image(vector, active, sign):
        return [sign * sum((vector[j, 0] * X[j][k] for j in active), arb(0)) for k in range(A.d)]

    def dot(u, v):
        return sum((ui * vi for ui, vi in zip(u, v)), arb(0))

    def walls(rows, mu, vector):
        return [vk + sum((arb(float(m)) * row[k] for m, row in zip(mu, rows) if m != 0), arb(0))
                for k, vk in enumerate(vector)]

    one = arb(1)
    h = float(S.rad())
    width = h * (1 + 1e-9)   # mu_0 >= width |mu_1| + width^2 |mu_2| in floats, with room for rounding
    for region, pattern in enumerate(r.pattern for r in A.regions()):
        active = [j for j, v in enumerate(pattern) if v == "+"]
        if not active:
            continue
        rows, _ = A.walls(region)
        for sign in (1, -1):
            if (region, sign) in excluded:
                continue
            g, b, c, e = (image(v, active, sign) for v in (p_c, tangent, bend, rest))
            g_f, b_f, c_f = (np.array([float(v.mid()) for v in u]) for u in (g, b, c))
            mu = wall_multipliers(rows, g_f)[0]
            mu1 = mu2 = np.zeros_like(mu)
            if h > 0 and len(mu):
                plus = wall_multipliers(rows, g_f + h * b_f + h * h * c_f)[0]
                minus = wall_multipliers(rows, g_f - h * b_f + h * h * c_f)[0]
                mu1, mu2 = (plus - minus) / (2 * h), (plus + minus - 2 * mu) / (2 * h * h)
                keep = (mu > 0) & (mu >= width * np.abs(mu1) + width * width * np.abs(mu2))
                mu1, mu2 = np.where(keep, mu1, 0.0), np.where(keep, mu2, 0.0)
            a, b, c = walls(rows, mu, g), walls(rows, mu1, b), walls(rows, mu2, c)
            S2 = S * S
            moved = [ak + S * bk + S2 * ck for ak, bk, ck in zip(a, b, c)]
            bound = (dot(a, a) + 2 * S * dot(a, b) + S2 * (dot(b, b) + 2 * dot(a, c)) + 2 * S * S2 * dot(b, c)
                     + S2 * S2 * dot(c, c) + 2 * dot(moved, e) + dot(e, e))
            if not bound < one:
                return False
    return True


def float_samples(piece, count: int = 48) -> tuple:
    """Float samples ``(lambda, amplitudes, atoms' w)`` log-spaced across a proved piece (Newton
    from the nearest proved point), so that pictures draw its curves smooth; the proved samples
    when Newton fails."""
    out = list(piece.samples)
    if piece.hi > piece.lo and piece.seeds:
        for lam in np.geomspace(float(piece.lo), float(piece.hi), count):
            lam = min(max(Fraction(float(lam)), piece.lo), piece.hi)
            seed, x = min(piece.seeds, key=lambda s: abs(s[0] - lam))
            system = system_at(piece.system, lam)
            try:
                xm = system.newton(x + tangent_of(system, x) * float(lam - seed))
            except np.linalg.LinAlgError:
                continue
            if xm is not None and np.all(np.isfinite(xm)):
                out.append(sample_at(system, lam, xm))
    return tuple(sorted(out))


def proved_structure(arrangement, labels, lam: Fraction):
    """``(system, x)``: the structure at ``lam`` read off a numerical solution (column
    generation, then the end-game's face guesses and Newton) and proved at ``lam``; or None.
    The exact routes of :func:`~certificates.solver.minimiser.solve` are skipped: only the
    faces are needed here."""
    from ..numeric.column_generation import column_generation
    from ..endgame.routes import optimality_systems
    from ..problem import FloatScaling, guess_atoms
    scaling = FloatScaling.of(arrangement, labels)
    # warm start: the pairs that carried mass at the previous probe (nearby lambda, same data)
    start = arrangement.__dict__.get("_charged_pairs", ())
    numeric = column_generation(scaling.view(arrangement), scaling.labels(labels), scaling.lam(lam),
                                start=start).solution
    arrangement.__dict__["_charged_pairs"] = tuple(
        pair for pair, v in zip(numeric.pairs, numeric.vectors) if np.linalg.norm(v) > 0)
    numeric_p, float_atoms = scaling.back(numeric.p, guess_atoms(arrangement, numeric))
    for system, x in optimality_systems(arrangement, labels, lam, numeric_p, float_atoms):
        if system.pairs or x is None or not np.all(np.isfinite(x)):
            continue
        if prove_box(system, x, lam, lam)[0] is not None:
            return system, x
    return None
