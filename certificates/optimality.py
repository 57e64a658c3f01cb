"""The optimality system of a solution whose faces are known: exact solutions and rigorous enclosures.

Fix the atoms' faces: atom i lies in the relative interior of the face ``F_i`` (sign vector
``s_i`` over the data: active set ``A_i``, zero set ``Z_i``) with sign ``t_i``.  Let ``P_i``
be the orthogonal projector onto ``L_i = {w : <w, x_j> = 0, j in Z_i}`` and
``E_i = P_i X^T D_{A_i}`` (d x n), ``M_i = E_i^T E_i``.  The maximiser of ``t_i eta_p`` over the
face is ``t_i E_i p`` (THEORY.md section 3: the projection of ``g`` onto the face's span), so with
magnitudes ``c_i = t_i a_i > 0`` the optimality conditions of ``P_lambda`` read

    (lambda I + sum_i c_i M_i) p = y,        p^T M_i p = 1   (i = 1..s),

``w_i = t_i E_i p`` and ``K mu = sum_i c_i M_i p``.  For ``lambda = 0`` (exact fit) ``p`` is sought in
``range(sum_i M_i)`` (``p = B z``), which singles out the minimal-norm dual solution
(docs/mathematics.md).  A solution of this square polynomial system is an optimal pair once

1. ``c_i > 0``;
2. ``w_i`` has the signs of ``F_i`` (strictly off ``Z_i``; on ``Z_i`` it is 0 by construction);
3. in every region ``R`` whose closure holds ``F_i``, ``t_i g_R - w_i`` is a combination of
   the walls of ``R`` through ``F_i`` with positive multipliers (so ``w_i`` is the maximiser of
   ``t_i eta`` over ``R`` and that maximum is 1);
4. every other (region, sign) pair has maximum ``< 1``.

:func:`verify` proves 1-4 for every point of a box that holds a unique zero of the system
(Krawczyk's test in arb interval arithmetic, python-flint), using the exact certificate at a
rational centre and the 1-Lipschitz bound of the projection for 4.  :func:`exact_solution`
finds the zero exactly (rational, or a root of one univariate polynomial for one atom) and
checks it by substitution.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy
from flint import arb, arb_mat, ctx, fmpq, fmpq_mat, fmpq_poly

from arrangement import Arrangement

from .certificate import Certificate

__all__ = ["AtomFace", "OptimalitySystem", "Enclosure", "verify", "exact_solution", "substitute", "identify_faces",
           "precision"]


@dataclass(frozen=True)
class AtomFace:
    """An atom's face (sign vector over the data, ``'+'``, ``'-'``, ``'0'``) and its sign ``t``."""

    face: str
    sign: int


def _q(v) -> fmpq:
    v = Fraction(v)
    return fmpq(v.numerator, v.denominator)


def _frac(v: fmpq) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _matrix(rows, nrows, ncols) -> fmpq_mat:
    return fmpq_mat(nrows, ncols, [_q(v) for row in rows for v in row])


def _row_basis(M: fmpq_mat) -> fmpq_mat:
    """Rows of the reduced row echelon form that span the row space of ``M``."""
    R, rank = M.rref()
    return fmpq_mat(rank, M.ncols(), [R[i, j] for i in range(rank) for j in range(M.ncols())])


def _span_closure(X: fmpq_mat, zero: list) -> list:
    """All data indices ``j`` with ``x_j`` in the span of the rows ``zero`` (exact)."""
    if not zero:
        return []
    basis = _row_basis(fmpq_mat([[X[j, k] for k in range(X.ncols())] for j in zero]))
    rank = basis.nrows()
    out = []
    for j in range(X.nrows()):
        row = [X[j, k] for k in range(X.ncols())]
        if all(v == 0 for v in row):
            continue
        stacked = fmpq_mat([[basis[i, k] for k in range(X.ncols())] for i in range(rank)] + [row])
        if stacked.rank() == rank:
            out.append(j)
    return out


class OptimalitySystem:
    """The square system ``F(z, c) = 0`` above, for data, labels, lambda and atom faces.

    >>> from arrangement import Arrangement
    >>> sys = OptimalitySystem(Arrangement([[3, 4]]), [10], 5, [AtomFace("+", 1)])
    >>> x = sys.newton(np.array([0.1, 1.0]))       # p = 1/5, c = 9/5 (one point, |x| = 5)
    >>> [round(float(v), 12) for v in x]
    [0.2, 1.8]
    """

    def __init__(self, arrangement: Arrangement, y, lam, atoms):
        self.arrangement = arrangement
        self.atoms = tuple(atoms)
        self.lam = Fraction(lam)
        n, d = arrangement.n, arrangement.d
        self.X = X = _matrix(arrangement.X, n, d)
        self.y = [Fraction(v) for v in y]
        self.E, self.M, self.zero = [], [], []
        for atom in self.atoms:
            zero = _span_closure(X, [j for j, s in enumerate(atom.face) if s == "0"])
            self.zero.append(zero)
            P = fmpq_mat(d, d, [1 if i == k else 0 for i in range(d) for k in range(d)])
            if zero:
                Zb = _row_basis(fmpq_mat([[X[j, k] for k in range(d)] for j in zero]))
                P = P - Zb.transpose() * (Zb * Zb.transpose()).inv() * Zb
            Xa = fmpq_mat(d, n, [X[j, k] if atom.face[j] == "+" else 0 for k in range(d) for j in range(n)])
            E = P * Xa
            self.E.append(E)
            self.M.append(E.transpose() * E)
        if self.lam > 0 or not self.atoms:
            self.B = fmpq_mat(n, n, [1 if i == k else 0 for i in range(n) for k in range(n)])
        else:
            stacked = fmpq_mat(len(self.E) * d, n, [E[i, j] for E in self.E for i in range(d) for j in range(n)])
            self.B = _row_basis(stacked).transpose()
        B, Bt = self.B, self.B.transpose()
        self.r = B.ncols()
        yq = fmpq_mat(n, 1, [_q(v) for v in self.y])
        self.Mt = [Bt * M * B for M in self.M]
        self.Gram = Bt * B
        self.yt = Bt * yq
        # for the exact fit, y must lie in range(B): its part outside cannot be fitted by these atoms
        self.consistent = self.lam > 0 or (self.r > 0 and B * self.Gram.solve(self.yt) == yq) or \
            all(v == 0 for v in self.y)
        self._float = [np.array([[float(_frac(M[i, j])) for j in range(self.r)] for i in range(self.r)])
                       for M in self.Mt + [self.Gram]]
        self._yt_float = np.array([float(_frac(self.yt[i, 0])) for i in range(self.r)])

    @property
    def size(self) -> int:
        return self.r + len(self.atoms)

    # ---- float evaluation and Newton ------------------------------------------------------------
    def residual(self, x: np.ndarray) -> np.ndarray:
        z, c = x[:self.r], x[self.r:]
        Mt, G = self._float[:-1], self._float[-1]
        first = float(self.lam) * G @ z + sum(ci * Mi @ z for ci, Mi in zip(c, Mt)) - self._yt_float
        return np.concatenate([first, [z @ Mi @ z - 1 for Mi in Mt]])

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        z, c = x[:self.r], x[self.r:]
        Mt, G = self._float[:-1], self._float[-1]
        s = len(Mt)
        J = np.zeros((self.r + s, self.r + s))
        J[:self.r, :self.r] = float(self.lam) * G + sum((ci * Mi for ci, Mi in zip(c, Mt)), np.zeros_like(G))
        for i, Mi in enumerate(Mt):
            v = Mi @ z
            J[:self.r, self.r + i] = v
            J[self.r + i, :self.r] = 2 * v
        return J

    def newton(self, x: np.ndarray, iterations: int = 60) -> np.ndarray:
        """Float Newton iterations (least-squares steps) from ``x``."""
        x = np.array(x, dtype=float)
        for _ in range(iterations):
            step = np.linalg.lstsq(self.jacobian(x), -self.residual(x), rcond=None)[0]
            x = x + step
            if np.abs(step).max() <= 1e-15 * (1 + np.abs(x).max()):
                break
        return x

    def start(self, p: np.ndarray, c) -> np.ndarray:
        """``(z, c)`` from a dual vector ``p`` (projected onto ``range(B)``) and magnitudes ``c``."""
        Bf = np.array([[float(_frac(self.B[i, j])) for j in range(self.r)] for i in range(self.B.nrows())])
        z = np.linalg.lstsq(Bf, np.asarray(p, dtype=float), rcond=None)[0] if self.r else np.zeros(0)
        return np.concatenate([z, np.asarray(c, dtype=float)])

    def float_solution(self, x: np.ndarray):
        """``(p, atoms)`` in floats from ``x = (z, c)``: atoms ``(w_i, t_i, c_i)`` with ``w_i = t_i E_i p``."""
        Bf = np.array([[float(_frac(v)) for v in row] for row in self.B.tolist()]).reshape(-1, self.r)
        p = Bf @ x[:self.r]
        atoms = []
        for atom, E, c in zip(self.atoms, self.E, x[self.r:]):
            Ef = np.array([[float(_frac(v)) for v in row] for row in E.tolist()]).reshape(E.nrows(), E.ncols())
            atoms.append((atom.sign * Ef @ p, atom.sign, float(c)))
        return p, atoms

    # ---- interval evaluation --------------------------------------------------------------------
    @property
    def _arb(self):
        if "_arb_cache" not in self.__dict__:
            self._arb_cache = ([arb_mat(M) for M in self.Mt], arb_mat(self.Gram), arb_mat(self.yt),
                               arb(_q(self.lam)))
        return self._arb_cache

    def interval_residual(self, x: list) -> arb_mat:
        Mt, G, yt, lam = self._arb
        z = arb_mat(self.r, 1, x[:self.r])
        first = lam * (G * z) - yt
        for ci, Mi in zip(x[self.r:], Mt):
            first += ci * (Mi * z)
        second = [(z.transpose() * Mi * z)[0, 0] - 1 for Mi in Mt]
        return arb_mat(self.size, 1, [first[i, 0] for i in range(self.r)] + second)

    def interval_jacobian(self, x: list) -> arb_mat:
        Mt, G, _, lam = self._arb
        z = arb_mat(self.r, 1, x[:self.r])
        top = lam * G
        for ci, Mi in zip(x[self.r:], Mt):
            top += ci * Mi
        J = [[top[i, j] for j in range(self.r)] + [arb(0)] * len(Mt) for i in range(self.r)]
        J += [[arb(0)] * self.size for _ in Mt]
        for i, Mi in enumerate(Mt):
            v = Mi * z
            for k in range(self.r):
                J[k][self.r + i] = v[k, 0]
                J[self.r + i][k] = 2 * v[k, 0]
        return arb_mat(J)

    def p_of(self, x: list) -> list:
        """``p = B z`` for arb values ``x = (z, c)``."""
        Bz = arb_mat(self.B) * arb_mat(self.r, 1, list(x[:self.r]))
        return [Bz[i, 0] for i in range(Bz.nrows())]


def krawczyk(system: OptimalitySystem, x: np.ndarray, radii=None):
    """A box around float ``x`` proved to hold exactly one zero of the system, or None.

    Krawczyk's operator ``K(X) = x - Y F(x) + (I - Y J(X)) (X - x)`` with ``Y ~ J(x)^{-1}``: if
    ``K(X)`` lies in the interior of ``X``, then ``X`` holds exactly one zero, and so does ``K(X)``.
    """
    size = system.size
    if size == 0:
        return []
    try:
        Y = np.linalg.inv(system.jacobian(x))
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(Y)):
        return None
    centre = [arb(float(v)) for v in x]
    Fx = system.interval_residual(centre)
    Ya = arb_mat([[arb(float(v)) for v in row] for row in Y])
    newton_step = Y @ system.residual(x)
    scale = max(float(np.abs(newton_step).max()), 1e-300)
    identity = arb_mat(size, size, [1 if i == j else 0 for i in range(size) for j in range(size)])
    for factor in radii or (4.0, 64.0, 1e3, 1e5, 1e7):
        rho = max(factor * scale, 1e-15 * (1 + float(np.abs(x).max())))
        box = [arb(float(v), rho) for v in x]
        offset = arb_mat(size, 1, [b - c for b, c in zip(box, centre)])
        K = arb_mat(size, 1, centre) - Ya * Fx + (identity - Ya * system.interval_jacobian(box)) * offset
        inner = [K[i, 0] for i in range(size)]
        if all(b.contains_interior(k) for b, k in zip(box, inner)):
            return inner
    return None


@dataclass
class Enclosure:
    """What :func:`verify` proved: boxes for ``p``, ``c``, the atoms, and the certificate facts."""

    box: list
    p: list
    c: list
    w: list
    margin_lower: object
    nondegenerate: bool
    unique: object
    facts: dict = field(default_factory=dict)


def _basis_multipliers(system, i, region, p_box, p_centre):
    """Positive multipliers for ``t_i g_R - w_i`` over a basis of the walls of R through the face."""
    A = system.arrangement
    atom = system.atoms[i]
    rows, index = A.walls(region)
    zero = set(system.zero[i])
    through = [(row, j) for row, j in zip(rows, index) if j in zero]
    pattern = A.regions()[region].pattern
    d = A.d

    def residual(pv, exact):
        # t_i (I - P_i) g_R(p): g_R - (the face's own vector) lies in span{x_j : j in Z_i}
        active = [j for j, s in enumerate(pattern) if s == "+"]
        g = [sum((pv[j] * system.X[j, k] for j in active), start=(fmpq(0) if exact else arb(0)))
             for k in range(d)]
        E = system.E[i]
        w = [sum((E[k, j] * pv[j] for j in range(A.n)), start=(fmpq(0) if exact else arb(0))) for k in range(d)]
        return [atom.sign * (gk - wk) for gk, wk in zip(g, w)]

    # choose the basis from the float multipliers at the centre (non-negative least squares)
    from scipy.optimize import nnls
    centre_res = residual([_q(v) for v in p_centre], True)
    Wf = np.array([[-float(v) for v in row] for row, _ in through]).reshape(len(through), d)
    lam_f, _ = nnls(Wf.T, np.array([float(_frac(v)) for v in centre_res])) if through else (np.zeros(0), 0)
    order = [k for k in np.argsort(-lam_f, kind="stable")]
    basis = []
    for k in order:
        trial = basis + [k]
        if fmpq_mat([[_q(v) for v in through[t][0]] for t in trial]).rank() == len(trial):
            basis = trial
    rank = len(basis)
    W = fmpq_mat(rank, d, [_q(-v) for t in basis for v in through[t][0]]) if rank else None
    if not zero:  # an atom inside an open region: g_R is the face's own vector
        return True, True
    res_box = residual(p_box, False)
    # solve W^T lam = res in the least-squares sense: lam = (W W^T)^{-1} W res (exact in span)
    solver = arb_mat((W * W.transpose()).inv() * W)
    lam = solver * arb_mat(d, 1, res_box)
    positive = all(lam[k, 0] > 0 for k in range(rank))
    independent = rank == len(through)
    return positive, independent


@contextmanager
def precision(bits: int):
    """Run arb arithmetic at ``bits`` bits of working precision."""
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old


def verify(system: OptimalitySystem, x: np.ndarray, bits: int = 106):
    """Prove conditions 1-4 on a Krawczyk box around ``x``; returns ``(Enclosure, None)`` or
    ``(None, reason)``."""
    with precision(bits):
        return _verify(system, x)


def _verify(system, x):
    A = system.arrangement
    if not system.consistent:
        return None, "the labels are not in the span of the features of these faces (exact fit impossible)"
    box = krawczyk(system, x)
    if box is None:
        return None, "Krawczyk's test failed: no unique zero of the optimality system was isolated"
    r = system.r
    p_box = system.p_of(box) if r else [arb(0)] * A.n
    c_box = box[r:]
    if not all(c > 0 for c in c_box):
        return None, "an amplitude is not provably positive"
    w_box = []
    for i, atom in enumerate(system.atoms):
        E = system.E[i]
        w = [atom.sign * sum((E[k, j] * p_box[j] for j in range(A.n)), start=arb(0)) for k in range(A.d)]
        w_box.append(w)
        for j, s in enumerate(atom.face):
            if s == "0":
                continue
            value = sum((w[k] * system.X[j, k] for k in range(A.d)), start=arb(0))
            if not ((s == "+" and value > 0) or (s == "-" and value < 0)):
                return None, f"atom {i}: the sign of <w, x_{j}> is not proved to be {s}"
    # holding regions: sign rows that agree with the face off its zeros
    S = A.sign_matrix()
    excluded, nondegenerate = set(), True
    p_centre = [_mid_fraction(v) for v in p_box]
    for i, atom in enumerate(system.atoms):
        code = np.array([{"+": 1, "-": -1, "0": 0}[s] for s in atom.face], dtype=np.int8)
        off = code != 0
        holding = np.flatnonzero((S[:, off] == code[off]).all(axis=1))
        if not len(holding):
            return None, f"atom {i}: no region holds its face"
        for region in holding.tolist():
            positive, independent = _basis_multipliers(system, i, region, p_box, p_centre)
            if not positive:
                return None, f"atom {i}: a wall multiplier in region {region} is not provably positive"
            nondegenerate = nondegenerate and independent
            excluded.add((region, atom.sign))
    # condition 4: exact sup at the rational centre, plus the Lipschitz bound over the box
    cert = Certificate(A, p_centre)
    off_squared = cert.sup_squared_excluding(excluded)
    lipschitz = sum(((pj - arb(_q(cj))).abs_upper() * arb(sum(_q(v) ** 2 for v in row)).sqrt()
                     for pj, cj, row in zip(p_box, p_centre, A.X)), start=arb(0))
    top = arb(_q(off_squared)).sqrt() + lipschitz
    if not top < 1:
        return None, f"the certificate off the atoms is not proved below 1 (bound {top})"
    # uniqueness: the features of the atoms are independent (Gram determinant > 0)
    s = len(system.atoms)
    unique = None
    if s == 0:
        unique = True
    elif s <= A.n:
        Phi = arb_mat(A.n, s, [sum((w_box[i][k] * system.X[j, k] for k in range(A.d)), start=arb(0))
                                if system.atoms[i].face[j] == "+" else arb(0)
                                for j in range(A.n) for i in range(s)])
        if (Phi.transpose() * Phi).det() > 0:
            unique = True
    return Enclosure(box, p_box, c_box, w_box, 1 - top, nondegenerate, unique,
                     {"off_atoms_sup_squared_at_centre": off_squared}), None


# ---- exact solutions ------------------------------------------------------------------------
def _mid_fraction(v: arb) -> Fraction:
    m, e = v.mid().man_exp()
    return Fraction(int(m)) * Fraction(2) ** int(e)


def refine(system: OptimalitySystem, box: list, bits: int = 400) -> list:
    """High-precision Newton iterations from the centre of a verified box (midpoints, arb)."""
    with precision(bits):
        x = [arb(v.mid()) for v in box]
        for _ in range(12):
            F = system.interval_residual(x)
            step = system.interval_jacobian(x).solve(F)
            x = [arb((xi - step[k, 0]).mid()) for k, xi in enumerate(x)]
        return x


def _exact_residual_zero(system: OptimalitySystem, x: list) -> bool:
    r = system.r
    z = fmpq_mat(r, 1, x[:r])
    first = _q(system.lam) * (system.Gram * z) - system.yt
    for ci, Mi in zip(x[r:], system.Mt):
        first += ci * (Mi * z)
    return all(first[i, 0] == 0 for i in range(r)) and \
        all((z.transpose() * Mi * z)[0, 0] == 1 for Mi in system.Mt)


def _in_box(values, box) -> bool:
    with precision(400):
        return all(b.contains(v if isinstance(v, arb) else arb(v)) for v, b in zip(values, box))


def _rational_solution(system, box):
    fine = refine(system, box)
    x = [_q(_mid_fraction(v).limit_denominator(10 ** 30)) for v in fine]
    if _exact_residual_zero(system, x) and _in_box(x, box):
        return x
    return None


def _interpolate(points, values) -> fmpq_poly:
    """The polynomial through ``(points, values)`` (Newton's divided differences, exact)."""
    coef = list(values)
    k = len(points)
    for level in range(1, k):
        for i in range(k - 1, level - 1, -1):
            coef[i] = (coef[i] - coef[i - 1]) / (points[i] - points[i - level])
    poly = fmpq_poly([coef[-1]])
    for i in range(k - 2, -1, -1):
        poly = poly * fmpq_poly([-points[i], 1]) + coef[i]
    return poly


def _one_atom_solution(system, box):
    """One atom: eliminate ``z`` and solve a univariate polynomial in ``c`` exactly.

    With ``B(c) = lambda G + c M``, ``z = adj(B) y / det B`` and the norm equation becomes
    ``N(c)^T M N(c) = det(B(c))^2``, ``N = adj(B) y``: polynomials of degree ``<= 2 r``
    recovered by exact interpolation.
    """
    r = system.r
    Mt, G, yt = system.Mt[0], system.Gram, system.yt
    lam = _q(system.lam)
    points = [fmpq(k) for k in range(1, 2 * r + 4)]
    dets, numerators = [], []
    for c in points:
        Bc = lam * G + c * Mt
        det = Bc.det()
        N = Bc.solve(yt) * det if det != 0 else None
        if N is None:
            return None
        dets.append(det)
        numerators.append([N[i, 0] for i in range(r)])
    det_poly = _interpolate(points, dets)
    N_poly = [_interpolate(points, [N[i] for N in numerators]) for i in range(r)]
    equation = _interpolate(points, [
        (fmpq_mat(1, r, N) * Mt * fmpq_mat(r, 1, N))[0, 0] - D * D for N, D in zip(numerators, dets)])
    c_box = box[r]
    g_inverse = None
    for f, _ in (equation.factor()[1] if equation.degree() > 0 else []):
        found = _root_in(f, c_box)
        if found is None:
            continue
        c_exact, c_arb = found
        # z_k = N_k(c) / det(c), reduced modulo the minimal polynomial f of c
        g, inverse, _ = det_poly.xgcd(f)
        if g.degree() != 0:
            return None
        g_inverse = inverse / g
        z_exact, z_arb = [], []
        for Nk in N_poly:
            coeffs = ((Nk * g_inverse) % f).coeffs()
            z_exact.append(sympy.expand(sum((sympy.Rational(int(v.p), int(v.q)) * c_exact ** k
                                             for k, v in enumerate(coeffs)), sympy.Integer(0))))
            z_arb.append(sum((arb(v) * c_arb ** k for k, v in enumerate(coeffs)), arb(0)))
        if _in_box(z_arb + [c_arb], box):
            return z_exact + [c_exact]
    return None


def _root_in(f: fmpq_poly, interval: arb):
    """The one real root of the irreducible ``f`` in ``interval``: (sympy number, arb enclosure)."""
    coeffs = [sympy.Rational(int(v.p), int(v.q)) for v in f.coeffs()]
    if f.degree() == 1:
        root = -coeffs[0] / coeffs[1]
        return (root, arb(fmpq(int(root.p), int(root.q)))) if interval.contains(arb(fmpq(int(root.p), int(root.q)))) else None
    if f.degree() == 2:
        c0, c1, c2 = coeffs
        disc = c1 * c1 - 4 * c2 * c0
        if disc < 0:
            return None
        hits = []
        for sign in (1, -1):
            value = (-arb(_q(Fraction(int(c1.p), int(c1.q)))) + sign * arb(_q(Fraction(int(disc.p), int(disc.q)))).sqrt()) \
                / (2 * arb(_q(Fraction(int(c2.p), int(c2.q)))))
            if interval.overlaps(value):
                hits.append((sympy.radsimp((-c1 + sign * sympy.sqrt(disc)) / (2 * c2)), value))
        return hits[0] if len(hits) == 1 else None
    x = sympy.Symbol("x")
    poly = sympy.Poly(list(reversed(coeffs)), x)
    hits = []
    for k, ((a, b), _) in enumerate(poly.intervals(eps=Fraction(1, 10 ** 40))):
        value = (arb(_q(a)) + arb(_q(b))) / 2 + arb(0, float(Fraction(b - a)) * 0.5000001 + 1e-300)
        if interval.overlaps(value):
            hits.append((sympy.CRootOf(poly, k), value))
    return hits[0] if len(hits) == 1 else None


def exact_solution(system: OptimalitySystem, box: list):
    """The zero in ``box`` as exact sympy numbers ``(z..., c...)``, or None when not found.

    Rational zeros are recognised from a 400-bit Newton refinement and checked by exact
    substitution; with one atom the zero is a root of an explicit polynomial.  Either way the
    zero lies in the verified box, so it is the one the box isolates.
    """
    x = _rational_solution(system, box)
    if x is not None:
        return [sympy.Rational(int(v.p), int(v.q)) for v in x]
    if len(system.atoms) == 1:
        with precision(400):
            return _one_atom_solution(system, box)
    return None


def substitute(system: OptimalitySystem, exact: list) -> bool:
    """Check ``F(z, c) = 0`` exactly for sympy numbers (algebraic simplification to 0)."""
    r = system.r
    z = sympy.Matrix(exact[:r])
    to_sym = (lambda M: sympy.Matrix(M.nrows(), M.ncols(),
                                     [sympy.Rational(int(M[i, j].p), int(M[i, j].q))
                                      for i in range(M.nrows()) for j in range(M.ncols())]))
    G, yt = to_sym(system.Gram), to_sym(system.yt)
    Ms = [to_sym(M) for M in system.Mt]
    first = sympy.Rational(system.lam.numerator, system.lam.denominator) * G * z - yt
    for ci, Mi in zip(exact[r:], Ms):
        first += ci * (Mi * z)
    residuals = list(first) + [(z.T * Mi * z)[0, 0] - 1 for Mi in Ms]
    return all(sympy.simplify(sympy.expand(v)) == 0 for v in residuals)


def identify_faces(arrangement: Arrangement, atoms, tolerance: float) -> list:
    """Float atoms ``(w, sign, magnitude)`` -> merged ``(AtomFace, magnitude)`` at a zero tolerance.

    ``<w, x_j>`` counts as 0 when below ``tolerance * |x_j|``; atoms on the same face with the
    same sign are one atom (a point on a wall shows up in each region around it).
    """
    X = np.array([[float(v) for v in row] for row in arrangement.X])
    norms = np.linalg.norm(X, axis=1)
    merged: dict = {}
    for w, sign, magnitude in atoms:
        values = X @ np.asarray(w, dtype=float)
        code = np.where(np.abs(values) <= tolerance * np.maximum(norms, 1e-300), 0, np.sign(values))
        code[norms == 0] = 0
        face = "".join({1: "+", -1: "-", 0: "0"}[int(v)] for v in code)
        key = AtomFace(face, int(sign))
        merged[key] = merged.get(key, 0.0) + float(magnitude)
    return sorted(merged.items(), key=lambda kv: (-kv[0].sign, kv[0].face))
