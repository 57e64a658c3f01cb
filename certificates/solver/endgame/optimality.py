"""The optimality system of a solution whose faces are known.

Fix the atoms' faces: atom i lies in the relative interior of the face ``F_i`` (sign vector
``s_i`` over the data: active set ``A_i``, zero set ``Z_i``) with sign ``t_i``.  Let ``P_i``
be the orthogonal projector onto ``L_i = {w : <w, x_j> = 0, j in Z_i}``,
``E_i = P_i X^T D_{A_i}`` (d x n) and ``M_i = E_i^T E_i``.  The maximiser of ``t_i eta_p`` over
the face is ``w_i = t_i E_i p``, ``M_i p = t_i phi(w_i)``, and with
magnitudes ``c_i = t_i a_i > 0`` the optimality conditions of ``P_lambda`` read

    (lambda I + sum_i c_i M_i) p = y,        p^T M_i p = 1   (i = 1..s).

**Antipodal pairs.**  Atoms at ``w`` and ``-w`` with the same sign add up to
``t (c relu(<w,x>) + c' relu(-<w,x>))``; moving mass between them adds the linear function
``<w, x>`` at no cost, so with more such pairs than dimensions the minimiser is not unique and
the system above is singular.  With ``pairs=True`` each pair enters through ``s = c + c'`` and
one free vector ``v`` for all the linear parts: ``p = B z`` with ``B`` a basis of ``ker X^T``
(stationarity in ``v``; it makes ``E_{-w} p = -E_w p``, so one norm equation serves both), and

    lambda p + sum_g c_g Q_g p + X v = y,     p^T M_g p = 1,     Q_pair = (M_w + M_{-w}) / 2,

again square.  Any ``delta`` with ``sum_a t_a delta_a w_a / 2 = v`` and ``|delta_a| < s_a`` gives
a minimiser (``c, c' = (s +- delta) / 2``).  With ``X^T p = 0`` the antipode of every other atom
is an extreme point as well; it joins the atoms as a *ghost* (an Ext point with no mass).

For ``lambda = 0`` (exact fit, no pairs) ``p`` is sought in ``range(sum_i M_i)`` (``p = B z``,
equations projected by ``B^T``), which singles out the minimal-norm dual solution
(docs/pages/mathematics.md, section 10).  With pairs, every dual optimal ``p`` is in ``ker X^T``
and two differ by a vector of ``N = ker X^T cap ker E_1 cap ...``: ``p`` is sought in
``ker X^T cap N^perp`` and the equations are projected onto ``N^perp = range(E_i^T, X)`` (of
dimension ``dim(ker X^T cap N^perp) + rank X``: square again).  :mod:`certificates.solver.endgame.verification` proves a zero of this system optimal;
:mod:`certificates.solver.endgame.algebraic` finds it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np
from flint import arb, arb_mat, ctx, fmpq, fmpq_mat

from arrangement import Arrangement
from ...exact.convert import fmpq_of, fraction_of
from arrangement.linalg import kernel_basis as _kernel_basis
from arrangement.linalg import row_basis as _row_basis
from .factors import exact_rows, face_factors, float_of, identity, paired_basis, paired_rows
from .faces import float_face

__all__ = ["AtomFace", "OptimalitySystem", "identify_faces", "antipodal_pairs"]


@dataclass(frozen=True)
class AtomFace:
    """An atom's face (sign vector over the data, ``'+'``, ``'-'``, ``'0'``) and its sign ``t``."""

    face: str
    sign: int


def antipodal_pairs(atoms) -> list:
    """Index pairs ``(i, k)``, ``i < k``, of atoms on opposite faces with the same sign."""
    flip = str.maketrans("+-", "-+")
    where = {(a.face, a.sign): i for i, a in enumerate(atoms)}
    return [(i, where[(a.face.translate(flip), a.sign)]) for i, a in enumerate(atoms)
            if where.get((a.face.translate(flip), a.sign), -1) > i]


class OptimalitySystem:
    """The square system ``F(z, v, c) = 0`` above, for data, labels, lambda and atom faces.

    Unknowns ``x = (z, v, c)``: ``p = B z``; ``v`` the free linear part (only with pairs);
    ``c`` one magnitude per group (a single atom, or a pair's total ``s``).

    >>> from arrangement import Arrangement
    >>> sys = OptimalitySystem(Arrangement([[3, 4]]), [10], 5, [AtomFace("+", 1)])
    >>> x = sys.newton(np.array([0.1, 1.0]))       # p = 1/5, c = 9/5 (one point, |x| = 5)
    >>> [round(float(v), 12) for v in x]
    [0.2, 1.8]
    """

    def __init__(self, arrangement: Arrangement, y, lam, atoms, pairs: bool = False, idle=()):
        self.arrangement = arrangement
        atoms = tuple(atoms)
        self.pairs = antipodal_pairs(atoms) if pairs else []
        if self.pairs:  # p is then orthogonal to X v for all v: every atom's antipode is in Ext too
            paired = {i for pair in self.pairs for i in pair}
            flip = str.maketrans("+-", "-+")
            ghosts = tuple(AtomFace(a.face.translate(flip), a.sign) for i, a in enumerate(atoms) if i not in paired)
            atoms = atoms + ghosts
        # idle: extreme points without mass whose |w| = 1 is an exact identity (certificates.solver.endgame.idle)
        self.atoms = atoms + tuple(idle)
        self.idle = frozenset(range(len(atoms), len(self.atoms)))
        self.ghosts = frozenset(range(len(atoms) - (len(ghosts) if self.pairs else 0), len(atoms))) | self.idle
        atoms = self.atoms
        self.lam = Fraction(lam)
        n, d = arrangement.n, arrangement.d
        self.X = X = exact_rows(arrangement)
        self.y = [Fraction(v) for v in y]
        # per face, computed once per rows: the float refinement of a face guess builds a system
        # per change of a hundred faces
        self.zero, self.E, Ef = ([face_factors(arrangement, atom.face)[k] for atom in self.atoms] for k in range(3))
        paired = {i for pair in self.pairs for i in pair} | self.ghosts
        self.groups = [list(pair) for pair in self.pairs] + [[i] for i in range(len(self.atoms)) if i not in paired]
        yq = fmpq_mat(n, 1, [fmpq_of(v) for v in self.y])
        if self.pairs and self.lam > 0:     # O = I, so the Gram matrix O^T B is B itself (n^2 r products by I cost seconds)
            (self.B, Bf), R, out = paired_basis(arrangement), X, None
            self.Gram, self.Rt, self.yt, Gf = self.B, R, yq, Bf
        elif self.pairs:    # exact fit with pairs: p in ker X^T, orthogonal to N, equations onto N^perp
            stacked = fmpq_mat(len(self.E) * d + d, n, [v for E in self.E for v in E.entries()] +
                               list(X.transpose().entries()))
            N = _kernel_basis(stacked).transpose()
            R, out = X, _row_basis(stacked).transpose()
            self.B = _kernel_basis(fmpq_mat(d + N.nrows(), n, list(X.transpose().entries()) + list(N.entries())))
        elif self.lam > 0 or not self.atoms:
            self.B = R = out = None
        else:
            stacked = fmpq_mat(len(self.E) * d, n, [v for E in self.E for v in E.entries()])
            self.B = _row_basis(stacked).transpose()
            R, out = fmpq_mat(n, 0, []), self.B
        if not self.pairs and self.B is None:   # p itself: B = O = Gram = I (products by I cost seconds at n = 442)
            self.B = self.Gram = identity(n)
            self.Rt, self.yt = fmpq_mat(n, 0, []), yq
            Bf = Gf = np.eye(n)
        elif out is not None:
            Ot = out.transpose()
            self.Gram, self.Rt, self.yt = Ot * self.B, Ot * R, Ot * yq
            Bf, Gf = float_of(self.B), float_of(self.Gram)
        self.r, self.rho = self.B.ncols(), self.Rt.ncols()
        self._out = identity(n) if out is None else out
        # for the exact fit, y must lie in range(out): its part outside cannot be fitted on these faces
        self.consistent = self.lam > 0 or all(v == 0 for v in self.y) or \
            (self._out.ncols() > 0 and self._out * (self._out.transpose() * self._out).solve(self.yt) == yq)
        # floats and intervals use the factors of M_i = E_i^T E_i (d x n each): n x n matrices per
        # atom (exact, arb or float) took gigabytes at n = 442 with hundreds of atoms; with O = I
        # (and B = I) the stacked blocks are the faces' own, restacked, not recomputed
        members = [(g, i) for g, group in enumerate(self.groups) for i in group]
        self._members = members
        with np.errstate(over="ignore", invalid="ignore"):   # data far beyond 1: guesses that fail, no claim
            if not members:
                Lf, Ff = np.zeros((0, self._out.ncols())), np.zeros((0, self.r))
            elif out is None:
                Lf = np.concatenate([Ef[i] for _, i in members])
                Ff = np.concatenate([paired_rows(arrangement, self.atoms[i].face) for _, i in members]) \
                    if self.pairs else Lf
            else:
                Of = float_of(out)
                Lf = np.concatenate([Ef[i] @ Of for _, i in members])
                Ff = np.concatenate([Ef[i] @ Bf for _, i in members])
        self._f = {"L": Lf, "F": Ff, "G": Gf, "R": float_of(self.Rt), "y": float_of(self.yt)[:, 0],
                   "B": Bf, "E": Ef}

    # the exact n x n matrices only for the exact routes (systems of at most a few hundred unknowns):
    # floats and intervals use the factors, and the float refinement of a face guess builds dozens
    # of systems
    @cached_property
    def M(self) -> list:
        return [E.transpose() * E for E in self.E]

    @cached_property
    def Mt(self) -> list:
        if self._plain:     # B = I, no pairs: M itself (n^3 products by I cost minutes at n = 442)
            return [self.M[g[0]] for g in self.groups]
        Ot = self._out.transpose()
        return [Ot * (sum((self.M[i] for i in g[1:]), self.M[g[0]]) * fmpq(1, len(g))) * self.B for g in self.groups]

    @cached_property
    def Nt(self) -> list:
        if self._plain:     # the same matrices as Mt (one copy, in arb too)
            return self.Mt
        return [self.B.transpose() * self.M[g[0]] * self.B for g in self.groups]

    @property
    def _plain(self) -> bool:
        return not self.pairs and (self.lam > 0 or not self.atoms)

    @property
    def size(self) -> int:
        return self.r + self.rho + len(self.groups)

    def _split(self, x):
        return x[:self.r], x[self.r:self.r + self.rho], x[self.r + self.rho:]

    def idle_norm_squared(self, i: int):
        """``|w_i|^2`` exactly at every zero of the system, or None when the system does not fix it.

        A row ``j`` on which no atom with mass is active reads ``lambda p_j = y_j`` (lambda > 0, no
        antipodal pairs), so ``p_j = y_j / lambda`` at every zero.  When ``w_i = t_i E_i p`` uses only
        such rows, ``|w_i|^2`` is a known rational: equal to 1, atom ``i`` is an extreme point
        without mass at the true zero (an idle atom), whatever box encloses it.

        >>> from arrangement import Arrangement
        >>> sys = OptimalitySystem(Arrangement([[1, 0], [0, 2]]), [3, -1], 2, [AtomFace("+-", 1)],
        ...                        idle=[AtomFace("0+", -1)])
        >>> sys.idle_norm_squared(1), sys.idle_norm_squared(0)   # p_1 = -1/2, |w_1| = 2 |p_1|
        (Fraction(1, 1), None)
        """
        if self.pairs or self.lam <= 0:
            return None
        n, d = self.arrangement.n, self.arrangement.d
        massive = [k for k in range(len(self.atoms)) if k not in self.ghosts]
        used = [j for j in range(n) if any(self.E[i][m, j] != 0 for m in range(d))]
        if any(self.E[k][m, j] != 0 for k in massive for j in used for m in range(d)):
            return None
        w = [sum((self.E[i][m, j] * fmpq_of(self.y[j] / self.lam) for j in used), fmpq(0)) for m in range(d)]
        return fraction_of(sum((v * v for v in w), fmpq(0)))

    # ---- floats: residual, Jacobian, Newton ---------------------------------------------------
    def _weights(self, c) -> list:
        """Per member atom of a group: ``c_g / |g|`` (a group's matrix is the mean of its atoms')."""
        return [c[g] / len(self.groups[g]) for g, _ in self._members]

    def _leads(self) -> list:
        """The member index of each group's first atom (its norm equation)."""
        seen: dict = {}
        for k, (g, _) in enumerate(self._members):
            seen.setdefault(g, k)
        return [seen[g] for g in range(len(self.groups))]

    @np.errstate(over="ignore", invalid="ignore")   # Newton's floats: a non-finite step stops it, Krawczyk decides
    def residual(self, x: np.ndarray) -> np.ndarray:
        f, d = self._f, self.arrangement.d
        z, v, c = self._split(np.asarray(x, dtype=float))
        u = f["F"] @ z
        first = float(self.lam) * f["G"] @ z + f["R"] @ v - f["y"]
        if self._members:
            first = first + f["L"].T @ (u * np.repeat(self._weights(c), d))
        U = u.reshape(-1, d)
        return np.concatenate([first, [U[k] @ U[k] - 1 for k in self._leads()]])

    @np.errstate(over="ignore", invalid="ignore")
    def jacobian(self, x: np.ndarray) -> np.ndarray:
        f, d = self._f, self.arrangement.d
        z, _, c = self._split(np.asarray(x, dtype=float))
        m, count = len(f["y"]), len(self._members)
        J = np.zeros((m + len(self.groups), self.size))
        J[:m, :self.r] = float(self.lam) * f["G"]
        J[:m, self.r:self.r + self.rho] = f["R"]
        if count:
            J[:m, :self.r] += (f["L"] * np.repeat(self._weights(c), d)[:, None]).T @ f["F"]
            U = (f["F"] @ z).reshape(count, d)
            Lk, Fk = f["L"].reshape(count, d, m), f["F"].reshape(count, d, self.r)
            columns = np.einsum("kdm,kd->km", Lk, U)
            for k, (g, _) in enumerate(self._members):
                J[:m, self.r + self.rho + g] += columns[k] / len(self.groups[g])
            for g, k in enumerate(self._leads()):
                J[m + g, :self.r] = 2 * U[k] @ Fk[k]
        return J

    def newton(self, x: np.ndarray, iterations: int = 60) -> np.ndarray:
        """Float Newton iterations (least-squares steps) from ``x``."""
        x = np.array(x, dtype=float)
        for _ in range(iterations):
            J, F = self.jacobian(x), self.residual(x)
            if not (np.isfinite(J).all() and np.isfinite(F).all()):
                break    # diverged past the floats (lambda near 1e-300): LAPACK would print and raise
            step = np.linalg.lstsq(J, -F, rcond=None)[0]
            if not np.isfinite(step).all():
                break
            x = x + step
            if np.abs(step).max(initial=0) <= 1e-15 * (1 + np.abs(x).max(initial=0)):
                break
        return x

    def start(self, p, magnitudes) -> np.ndarray:
        """``x`` from a dual vector ``p`` and per-atom magnitudes (least squares for ``z``, ``v``)."""
        f = self._f
        p = np.asarray(p, dtype=float)
        if self.pairs and self.lam > 0:     # the same B for every system on these rows: its pseudo-inverse once
            z = paired_basis(self.arrangement, inverse=True)[2] @ p
        elif self.B is identity(self.arrangement.n):
            z = p.copy()
        else:
            z = np.linalg.lstsq(f["B"], p, rcond=None)[0] if self.r else np.zeros(0)
        c = [sum(magnitudes[i] for i in g) for g in self.groups]
        v = np.zeros(self.rho)
        if self.rho:
            fit = self.residual(np.concatenate([z, v, c]))[:len(f["y"])]
            v = np.linalg.lstsq(f["R"], -fit, rcond=None)[0]
        return np.concatenate([z, v, c])

    def float_solution(self, x: np.ndarray):
        """``(p, atoms)`` in floats: atoms ``(w_i, t_i, c_i)``, pairs split by the least-norm ``delta``."""
        f = self._f
        z, v, c = self._split(np.asarray(x, dtype=float))
        p = f["B"] @ z
        w = [a.sign * E @ p for a, E in zip(self.atoms, f["E"])]
        mags = self.magnitudes(c, v, w, lambda W, v: np.linalg.pinv(np.array(W, dtype=float)) @ np.asarray(v))
        return p, [(wi, a.sign, float(m)) for wi, a, m in zip(w, self.atoms, mags)]

    def magnitudes(self, c, v, w, least_norm) -> list:
        """Per-atom magnitudes from group values: a pair gets ``(s +- delta) / 2`` with ``delta``
        solving ``sum_a t_a delta_a w_a / 2 = v``; ``least_norm(W, v)`` returns the least-norm
        solution of ``W delta = v`` (floats or exact)."""
        out = [0 * c[0] if len(c) else 0.0] * len(self.atoms)  # ghosts: Ext points without mass
        if self.pairs:
            W = [[self.atoms[i].sign * w[i][k] / 2 for i, _ in self.pairs] for k in range(len(w[0]))]
            delta = list(least_norm(W, list(v)))
        for g, members in enumerate(self.groups):
            if len(members) == 1:
                out[members[0]] = c[g]
            else:
                out[members[0]] = (c[g] + delta[g]) / 2
                out[members[1]] = (c[g] - delta[g]) / 2
        return out

    # ---- intervals (python-flint arb) ---------------------------------------------------------
    @cached_property
    def _factors(self) -> tuple:
        """Exact ``(L, F)``: the members' ``E_i O`` and ``E_i B`` stacked (``d`` rows each), so that
        a group's ``Mt = mean L_i^T F_i`` and ``Nt = F_lead^T F_lead``."""
        d, members = self.arrangement.d, self._members
        if self._plain:
            L = F = fmpq_mat(len(members) * d, self.arrangement.n,
                             [v for _, i in members for v in self.E[i].entries()])
            return L, F
        L = fmpq_mat(len(members) * d, self._out.ncols(),
                     [v for _, i in members for v in (self.E[i] * self._out).entries()])
        F = fmpq_mat(len(members) * d, self.r, [v for _, i in members for v in (self.E[i] * self.B).entries()])
        return L, F

    def _arb(self):
        """The system's rational matrices as arb matrices at the current working precision."""
        cache = self.__dict__.setdefault("_arb_cache", {})
        if ctx.prec not in cache:
            L, F = self._factors
            Fa = arb_mat(F)
            cache[ctx.prec] = {"LT": arb_mat(L.transpose()), "F": Fa, "G": arb_mat(self.Gram), "R": arb_mat(self.Rt),
                               "y": arb_mat(self.yt), "lam": arb(fmpq_of(self.lam)), "B": arb_mat(self.B)}
        return cache[ctx.prec]

    def _interval_parts(self, x: list):
        """``(a, z, v, c, Fz)`` for arb values ``x``: ``Fz`` the stacked ``F_i z``."""
        a = self._arb()
        z, v, c = self._split(list(x))
        zc = arb_mat(self.r, 1, z)
        Fz = a["F"] * zc if self._members else arb_mat(0, 1)
        return a, zc, v, c, Fz

    def exact_residual(self, x: list) -> list:
        """The residual at rational ``x`` (fmpq), exactly, from the same stacked factors
        ``E_i O``, ``E_i B`` as :meth:`interval_residual` (the n x n ``Mt_g``, ``Nt_g`` cost n^3
        rationals per group)."""
        r, rho, d = self.r, self.rho, self.arrangement.d
        z = fmpq_mat(r, 1, x[:r])
        first = fmpq_of(self.lam) * (self.Gram * z) - self.yt
        if rho:
            first += self.Rt * fmpq_mat(rho, 1, x[r:r + rho])
        second = []
        if self.groups:
            L, F = self._factors
            Fz, weights = F * z, self._weights(x[r + rho:])
            first += L.transpose() * fmpq_mat(Fz.nrows(), 1, [Fz[k, 0] * weights[k // d] for k in range(Fz.nrows())])
            second = [sum((Fz[k * d + e, 0] ** 2 for e in range(d)), fmpq(0)) - 1 for k in self._leads()]
        return list(first.entries()) + second

    def interval_residual(self, x: list) -> arb_mat:
        a, zc, v, c, Fz = self._interval_parts(x)
        d = self.arrangement.d
        first = a["lam"] * (a["G"] * zc) - a["y"]
        if self.rho:
            first += a["R"] * arb_mat(self.rho, 1, v)
        if self._members:
            weights = self._weights(c)
            first += a["LT"] * arb_mat(Fz.nrows(), 1, [Fz[k, 0] * weights[k // d] for k in range(Fz.nrows())])
        # v * v, not v ** 2: arb's power of a ball around 0 is nan (a coordinate of w on a wall)
        second = [sum((Fz[k * d + e, 0] * Fz[k * d + e, 0] for e in range(d)), arb(0)) - 1 for k in self._leads()]
        return arb_mat(first.nrows() + len(second), 1, [first[i, 0] for i in range(first.nrows())] + second)

    def interval_jacobian(self, x: list) -> arb_mat:
        a, zc, _, c, Fz = self._interval_parts(x)
        d = self.arrangement.d
        top = a["lam"] * a["G"]
        m, size = top.nrows(), self.size
        J = [[arb(0)] * size for _ in range(m + len(self.groups))]
        if self._members:
            weights, F = self._weights(c), a["F"]
            width = d * F.ncols()       # entries per member, row-major
            scaled = arb_mat(F.nrows(), F.ncols(), [e * weights[k // width] for k, e in enumerate(F.entries())])
            top += a["LT"] * scaled
            # the c-columns and the norm rows as two products with the F z blocks spread out
            count, groups = len(self._members), len(self.groups)
            spread = [arb(0)] * (count * d * groups)
            leads = [arb(0)] * (groups * count * d)
            for k, (g, _) in enumerate(self._members):
                for e in range(d):
                    spread[(k * d + e) * groups + g] = Fz[k * d + e, 0] / len(self.groups[g])
            for g, k in enumerate(self._leads()):
                for e in range(d):
                    leads[g * count * d + k * d + e] = 2 * Fz[k * d + e, 0]
            columns = a["LT"] * arb_mat(count * d, groups, spread)
            rows = arb_mat(groups, count * d, leads) * F
            for g in range(groups):
                for i in range(m):
                    J[i][self.r + self.rho + g] = columns[i, g]
                for col in range(self.r):
                    J[m + g][col] = rows[g, col]
        for i in range(m):
            for k in range(self.r):
                J[i][k] = top[i, k]
            for k in range(self.rho):
                J[i][self.r + k] = a["R"][i, k]
        return arb_mat(J)

    def p_of(self, x: list) -> list:
        """``p = B z`` for arb values ``x``."""
        Bz = self._arb()["B"] * arb_mat(self.r, 1, list(x[:self.r]))
        return [Bz[i, 0] for i in range(Bz.nrows())]


def identify_faces(arrangement: Arrangement, atoms, tolerance: float) -> list:
    """Float atoms ``(w, sign, magnitude)`` -> merged ``(AtomFace, magnitude)`` at a zero tolerance.

    ``<w, x_j>`` counts as 0 when below ``tolerance * |x_j|``; atoms on the same face with the
    same sign are one atom (a point on a wall shows up in each region around it).

    >>> from arrangement import Arrangement
    >>> identify_faces(Arrangement([[1, 0], [0, 1]]), [([1, 1e-12], 1, 0.5), ([1, -1e-12], 1, 0.25)], 1e-9)
    [(AtomFace(face='+0', sign=1), 0.75)]
    """
    merged: dict = {}
    for w, sign, magnitude in atoms:
        key = AtomFace(float_face(arrangement, w, tolerance), int(sign))
        merged[key] = merged.get(key, 0.0) + float(magnitude)
    return sorted(merged.items(), key=lambda kv: (-kv[0].sign, kv[0].face))
