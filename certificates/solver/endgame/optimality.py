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
(docs/pages/mathematics.md, section 10).  :mod:`certificates.solver.endgame.verification` proves a zero of this system optimal;
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
from .faces import float_face

__all__ = ["AtomFace", "OptimalitySystem", "identify_faces", "antipodal_pairs"]


@dataclass(frozen=True)
class AtomFace:
    """An atom's face (sign vector over the data, ``'+'``, ``'-'``, ``'0'``) and its sign ``t``."""

    face: str
    sign: int


def _floats(M: fmpq_mat) -> np.ndarray:
    # int / int is correctly rounded; no Fraction objects (millions of entries at n ~ 100)
    return np.array([int(v.p) / int(v.q) for v in M.entries()], dtype=float).reshape(M.nrows(), M.ncols())


def _identity(n: int) -> fmpq_mat:
    return fmpq_mat(n, n, [1 if i == k else 0 for i in range(n) for k in range(n)])


def _span_closure(X: fmpq_mat, zero: list) -> list:
    """All data indices ``j`` with ``x_j`` (nonzero) in the span of the rows ``zero``."""
    if not zero:
        return []
    d = X.ncols()
    basis = _row_basis(fmpq_mat([[X[j, k] for k in range(d)] for j in zero]))
    if not basis.nrows():
        return []
    # x_j is in the span iff it equals its orthogonal projection onto it: one exact product for
    # all rows (a rank per row took most of the float face refinement's time at n ~ 100)
    residual = X - X * (basis.transpose() * (basis * basis.transpose()).inv() * basis)
    return [j for j in range(X.nrows())
            if any(X[j, k] != 0 for k in range(d)) and all(residual[j, k] == 0 for k in range(d))]


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
        self.X = X = fmpq_mat(n, d, [fmpq_of(v) for row in arrangement.X for v in row])
        self.y = [Fraction(v) for v in y]
        self.E, self.zero = [], []
        for atom in self.atoms:
            zero = _span_closure(X, [j for j, s in enumerate(atom.face) if s == "0"])
            self.zero.append(zero)
            P = _identity(d)
            if zero:
                Zb = _row_basis(fmpq_mat([[X[j, k] for k in range(d)] for j in zero]))
                P = P - Zb.transpose() * (Zb * Zb.transpose()).inv() * Zb
            E = P * fmpq_mat(d, n, [X[j, k] if atom.face[j] == "+" else 0 for k in range(d) for j in range(n)])
            self.E.append(E)
        paired = {i for pair in self.pairs for i in pair} | self.ghosts
        self.groups = [list(pair) for pair in self.pairs] + [[i] for i in range(len(self.atoms)) if i not in paired]
        yq = fmpq_mat(n, 1, [fmpq_of(v) for v in self.y])
        if self.pairs:
            self.B, R, out = _kernel_basis(X.transpose()), X, _identity(n)
        elif self.lam > 0 or not self.atoms:
            self.B, R, out = _identity(n), fmpq_mat(n, 0, []), _identity(n)
        else:
            stacked = fmpq_mat(len(self.E) * d, n, [v for E in self.E for v in E.entries()])
            self.B = _row_basis(stacked).transpose()
            R, out = fmpq_mat(n, 0, []), self.B
        self.r, self.rho = self.B.ncols(), R.ncols()
        self._out = out
        Ot = out.transpose()
        self.Gram, self.Rt, self.yt = Ot * self.B, Ot * R, Ot * yq
        # for the exact fit, y must lie in range(B): its part outside cannot be fitted on these faces
        self.consistent = self.lam > 0 or all(v == 0 for v in self.y) or \
            (self.r > 0 and self.B * self.Gram.solve(self.yt) == yq)
        # the float guesses (Newton) from the small d x n matrices E_i: O(n^2) per atom, where
        # reading every n x n exact matrix entry by entry dominated the end-game at n ~ 100
        Ef = [_floats(E) for E in self.E]
        Bf, Of = (np.eye(n), np.eye(n)) if self._plain else (_floats(self.B), _floats(out))
        with np.errstate(over="ignore", invalid="ignore"):   # data far beyond 1: guesses that fail, no claim
            # rank-d products (E_i O)^T (E_i B): n^3 per group as O^T M B (seconds per system at n = 200)
            Uf = {i: Ef[i] @ Bf for g in self.groups for i in g}
            Vf = Uf if self._plain else {i: Ef[i] @ Of for i in Uf}
            self._f = {"Mt": [sum((Vf[i].T @ Uf[i] for i in g[1:]), Vf[g[0]].T @ Uf[g[0]]) / len(g) for g in self.groups],
                       "Nt": [Uf[g[0]].T @ Uf[g[0]] for g in self.groups],
                       "G": _floats(self.Gram), "R": _floats(self.Rt), "y": _floats(self.yt)[:, 0],
                       "B": Bf, "E": Ef}

    # the exact n x n matrices only when an exact or interval step asks: the float refinement of a
    # face guess builds dozens of systems and uses none of them
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
    @np.errstate(over="ignore", invalid="ignore")   # Newton's floats: a non-finite step stops it, Krawczyk decides
    def residual(self, x: np.ndarray) -> np.ndarray:
        f = self._f
        z, v, c = self._split(np.asarray(x, dtype=float))
        first = float(self.lam) * f["G"] @ z + f["R"] @ v - f["y"]
        for ci, Mi in zip(c, f["Mt"]):
            first = first + ci * Mi @ z
        return np.concatenate([first, [z @ N @ z - 1 for N in f["Nt"]]])

    @np.errstate(over="ignore", invalid="ignore")
    def jacobian(self, x: np.ndarray) -> np.ndarray:
        f = self._f
        z, _, c = self._split(np.asarray(x, dtype=float))
        m = len(f["y"])
        J = np.zeros((m + len(self.groups), self.size))
        J[:m, :self.r] = float(self.lam) * f["G"] + sum((ci * Mi for ci, Mi in zip(c, f["Mt"])), 0 * f["G"])
        J[:m, self.r:self.r + self.rho] = f["R"]
        for g, (Mi, N) in enumerate(zip(f["Mt"], f["Nt"])):
            J[:m, self.r + self.rho + g] = Mi @ z
            J[m + g, :self.r] = 2 * N @ z
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
        """``(U, V)``, exact: per member ``i`` of every group (group order), ``U_i = E_i B``
        (``d x r``) and ``V_i = E_i O`` (``d x m``, ``O`` the equations' basis).  Every ``Mt_g`` is
        the mean of ``V_i^T U_i`` over its group and ``Nt_g = U^T U`` of its first member: rank
        ``d``, so the interval residual and Jacobian need ``O(d n)`` per atom, never the ``n x n``
        matrices (a group product ``O^T M B`` cost ``n^3`` rationals: hours at n = 200, 100 pairs)."""
        members = [i for g in self.groups for i in g]
        U = [self.E[i] if self._plain else self.E[i] * self.B for i in members]
        V = U if self._plain else [self.E[i] * self._out for i in members]
        return U, V

    def _arb(self):
        """The system's rational matrices as arb matrices at the current working precision: the
        factors of :attr:`_factors` stacked (``U``: ``d k x r``, ``Vt = V^T``: ``m x d k``) and
        per group (``Vt`` of its members, ``U`` of its first member)."""
        cache = self.__dict__.setdefault("_arb_cache", {})
        if ctx.prec not in cache:
            U, V = self._factors
            m, starts = self._out.ncols(), [0]
            for g in self.groups:
                starts.append(starts[-1] + len(g))
            Vt = [arb_mat(Vi).transpose() for Vi in V]
            cache[ctx.prec] = {"G": arb_mat(self.Gram), "R": arb_mat(self.Rt), "y": arb_mat(self.yt),
                               "lam": arb(fmpq_of(self.lam)), "B": arb_mat(self.B)}
            if U:
                cache[ctx.prec].update({
                    "U": arb_mat(sum(Ui.nrows() for Ui in U), self.r, [v for Ui in U for v in Ui.entries()]),
                    "Vt": arb_mat(sum(Vi.nrows() for Vi in V), m, [v for Vi in V for v in Vi.entries()]).transpose(),
                    "Vt_group": [_columns(Vt[starts[k]:starts[k + 1]], m) for k in range(len(self.groups))],
                    "U_first": [arb_mat(U[start]) for start in starts[:-1]]})
        return cache[ctx.prec]

    def _products(self, z: list, c: list):
        """For arb ``z`` and ``c``: per group ``Mt_g z`` and ``Nt_g z`` (columns) and
        ``z^T Nt_g z``, and the row weights ``c_g / |g|`` of the stacked ``U``, from the factors."""
        a = self._arb()
        Uz = a["U"] * arb_mat(self.r, 1, z)
        d, start = self.arrangement.d, 0
        columns, rows, norms, weights = [], [], [], []
        for g, cg, Vt, U in zip(self.groups, c, a["Vt_group"], a["U_first"]):
            end = start + d * len(g)
            columns.append(Vt * arb_mat(end - start, 1, [Uz[k, 0] / len(g) for k in range(start, end)]))
            head = arb_mat(d, 1, [Uz[k, 0] for k in range(start, start + d)])
            rows.append(U.transpose() * head)
            norms.append(sum((Uz[k, 0] ** 2 for k in range(start, start + d)), arb(0)))
            weights += [cg / len(g)] * (end - start)
            start = end
        return columns, rows, norms, weights, Uz

    def interval_residual(self, x: list) -> arb_mat:
        a = self._arb()
        z, v, c = self._split(list(x))
        zc = arb_mat(self.r, 1, z)
        first = a["lam"] * (a["G"] * zc) - a["y"]
        if self.rho:
            first += a["R"] * arb_mat(self.rho, 1, v)
        norms = []
        if self.groups:
            _, _, norms, weights, Uz = self._products(z, c)
            first += a["Vt"] * arb_mat(Uz.nrows(), 1, [w * Uz[k, 0] for k, w in enumerate(weights)])
        second = [value - 1 for value in norms]
        return arb_mat(first.nrows() + len(second), 1, [first[i, 0] for i in range(first.nrows())] + second)

    def interval_jacobian(self, x: list) -> arb_mat:
        a = self._arb()
        z, _, c = self._split(list(x))
        top = a["lam"] * a["G"]
        columns, rows = [], []
        if self.groups:
            columns, rows, _, weights, _ = self._products(z, c)
            U = a["U"]
            weighted = arb_mat(U.nrows(), U.ncols(), [weights[k] * U[k, j] for k in range(U.nrows()) for j in range(U.ncols())])
            top += a["Vt"] * weighted
        m, size = top.nrows(), self.size
        J = [[arb(0)] * size for _ in range(m + len(self.groups))]
        for i in range(m):
            for k in range(self.r):
                J[i][k] = top[i, k]
            for k in range(self.rho):
                J[i][self.r + k] = a["R"][i, k]
        for g, (col, row) in enumerate(zip(columns, rows)):
            for i in range(m):
                J[i][self.r + self.rho + g] = col[i, 0]
            for k in range(self.r):
                J[m + g][k] = 2 * row[k, 0]
        return arb_mat(J)

    def p_of(self, x: list) -> list:
        """``p = B z`` for arb values ``x``."""
        Bz = self._arb()["B"] * arb_mat(self.r, 1, list(x[:self.r]))
        return [Bz[i, 0] for i in range(Bz.nrows())]


def _columns(blocks: list, m: int) -> arb_mat:
    """The ``m x *`` arb matrices ``blocks`` side by side."""
    width = sum(B.ncols() for B in blocks)
    return arb_mat(m, width, [B[i, k] for i in range(m) for B in blocks for k in range(B.ncols())])


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
