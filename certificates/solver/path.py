"""The certified regularisation path: where the minimiser's structure changes as lambda moves.

Fix a structure S (the atoms' faces and signs).  Its optimality system
``F(x, lambda) = 0`` (:mod:`certificates.solver.optimality`) is smooth in ``(x, lambda)``; where
its Jacobian in ``x`` is invertible the implicit function theorem gives a smooth branch
``x(lambda)``.  Krawczyk's operator evaluated with lambda as an interval ``[a, b]`` encloses
``F(x, lambda)`` and ``J(X, lambda)`` for every lambda of the box at once, so ``K(X)`` inside
``X`` proves, for *every* lambda in ``[a, b]``, exactly one zero in ``X``; the strict
inequalities of :func:`~certificates.solver.verification.verify` (positive amplitudes, face
signs, positive wall multipliers, ``|eta| < 1`` off the atoms) are then proved on the whole box,
so the minimiser has structure S for every lambda in ``[a, b]``.  Boxes that abut cover a
segment.  A structure stops where one strict inequality becomes an equality (an event): the
boxes shrink geometrically towards it, :func:`~certificates.solver.minimiser.solve` just
beyond gives the next structure, and the breakpoint is enclosed between the two proved sides.
Segments whose solution is rational in lambda are then proved exactly
(:mod:`certificates.solver.path_exact`).

Events are read as lambda decreases (from the empty measure at large lambda towards the exact
fit): an atom *appears*, *vanishes*, *hits a wall* (moves onto a face of lower dimension),
*leaves a wall*, *splits* in two, or two *merge*.

>>> path = regularisation_path([[-1], [1]], [1, 1], "1/10", 4, bias=True)
>>> [(s.n_atoms, s.status) for s in path.segments]
[(1, 'exact'), (0, 'exact')]
>>> path.breakpoints[0].exact, path.breakpoints[0].event
('2', 'atom appears')
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from flint import arb, arb_mat, fmpq, fmpq_mat

from arrangement import DataError
from arrangement.data import rational
from arrangement.signs import pattern_signs

from ..screening import wall_multipliers

from .minimiser import _arrangement
from .optimality import OptimalitySystem, _frac, _q
from .verification import precision

__all__ = ["Breakpoint", "Segment", "Path", "regularisation_path"]

TOLERANCE = Fraction(1, 10 ** 8)   # breakpoints are enclosed to this relative width
PROBE_OFFSET = Fraction(1, 1000)   # the next structure is read off solve at this relative distance
PROBE_GAP = 1000                   # gaps between proved pieces wider than this many tol are probed


@dataclass(frozen=True)
class Breakpoint:
    """A lambda where the structure changes: ``lam`` encloses it (``lo == hi`` when exact;
    ``exact``: its exact value as text), ``event`` what happens as lambda decreases through it."""

    lam: tuple
    event: str
    events: tuple = ()
    exact: str | None = None

    def to_json(self) -> dict:
        return {"lam": self.exact if self.exact is not None else [str(self.lam[0]), str(self.lam[1])],
                "event": self.event, "events": list(self.events)}


@dataclass(frozen=True)
class Segment:
    """Lambdas on which the minimiser has one structure: the atoms' ``faces`` and ``signs``.

    ``lam_min``/``lam_max``: the ends, each an exact text or an enclosing ``(lo, hi)``; the
    structure is proved on the closed interval between the inner ends of the enclosures
    (``status`` ``exact`` or ``verified``), or not at all (``unproved``: no structure could be
    proved there, e.g. a non-unique minimiser with antipodal pairs; ``n_atoms`` is then None).  ``samples``: float
    ``(lambda, amplitudes, atoms' w)`` along the segment, for pictures."""

    lam_min: object
    lam_max: object
    faces: tuple
    signs: tuple
    status: str
    boxes: int = 0
    formula: dict = field(default_factory=dict)
    samples: tuple = ()

    @property
    def n_atoms(self) -> int | None:
        return None if self.status == "unproved" else len(self.faces)

    def to_json(self) -> dict:
        def end(v):
            return v if isinstance(v, str) else [str(v[0]), str(v[1])]
        known = self.status != "unproved"
        return {"lam_min": end(self.lam_min), "lam_max": end(self.lam_max), "n_atoms": self.n_atoms,
                "faces": list(self.faces) if known else None, "signs": list(self.signs) if known else None,
                "status": self.status,
                "boxes": self.boxes, "formula": self.formula}


@dataclass(frozen=True)
class Path:
    """The regularisation path on ``[lam_min, lam_max]``: segments in increasing lambda, the
    breakpoints between them, and ``lambda_0``: the top of the lowest segment (an exact text or
    an enclosure), below which, down to ``lambda_0_from`` (``"0"`` when the lowest segment is
    proved down to 0, else ``lam_min``), the structure is that of small lambda."""

    lam_min: Fraction
    lam_max: Fraction
    segments: tuple
    breakpoints: tuple
    lambda_0: object
    lambda_0_from: str | None

    def to_json(self) -> dict:
        lam0 = self.lambda_0
        return {"lam_min": str(self.lam_min), "lam_max": str(self.lam_max),
                "segments": [s.to_json() for s in self.segments],
                "breakpoints": [b.to_json() for b in self.breakpoints],
                "lambda_0": None if lam0 is None else (lam0 if isinstance(lam0, str) else [str(v) for v in lam0]),
                "lambda_0_from": self.lambda_0_from}


# ---- one structure on one lambda-box -----------------------------------------------------------
def _at(system: OptimalitySystem, lo: Fraction, hi: Fraction) -> OptimalitySystem:
    """The same system with lambda the box ``[lo, hi]`` (floats at its midpoint)."""
    boxed = copy.copy(system)
    boxed.__dict__.pop("_arb_cache", None)
    boxed.lam, boxed.lam_box = (lo + hi) / 2, (lo, hi)
    return boxed


def _tangent(system: OptimalitySystem, x: np.ndarray) -> np.ndarray:
    """``dx/dlambda = -J^{-1} dF/dlambda`` (floats; ``dF/dlambda = (G z, 0)``)."""
    z = np.asarray(x, dtype=float)[:system.r]
    dF = np.zeros(system.size)
    dF[:len(system._f["y"])] = system._f["G"] @ z
    return -np.linalg.solve(system.jacobian(x), dF)


def _point(system: OptimalitySystem, lam) -> OptimalitySystem:
    point = copy.copy(system)
    point.__dict__.pop("_arb_cache", None)
    point.lam, point.lam_box = Fraction(lam), None
    return point


def _arb_vector(values) -> arb_mat:
    return arb_mat(len(values), 1, [arb(float(v)) for v in values])


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
        tf = _tangent(boxed, x)
        Jt_f = _point(boxed, m + 1).jacobian(x + tf) - J0f
        F2f = (_point(boxed, m + 1).residual(x + tf) + _point(boxed, m - 1).residual(x - tf)) / 2 - boxed.residual(x)
    except np.linalg.LinAlgError:
        return None
    Y1f, qf = -Yf @ Jt_f @ Yf, -Yf @ F2f
    if not all(np.all(np.isfinite(v)) for v in (Yf, Y1f, tf, qf)):
        return None
    centre = [arb(float(v)) for v in x]
    t, q = [arb(float(v)) for v in tf], [arb(float(v)) for v in qf]

    def curve(k):   # F(c(k), m + k) and the point c(k)
        point = [c + k * a + (k * k) * b for c, a, b in zip(centre, t, q)]
        return _point(boxed, m + k).interval_residual(point), point

    f = {k: curve(k)[0] for k in (0, 1, -1, 2, -2)}
    half = arb(0.5)
    even1, even2 = (f[1] + f[-1]) * half, (f[2] + f[-2]) * half
    odd1, odd2 = (f[1] - f[-1]) * half, (f[2] - f[-2]) * half
    c4 = (even2 - even1 * arb(4) + f[0] * arb(3)) * arb(fmpq(1, 12))
    c3 = (odd2 - odd1 * arb(2)) * arb(fmpq(1, 6))
    coefficients = [f[0], odd1 - c3, even1 - f[0] - c4, c3, c4]
    here = _point(boxed, m)
    J0 = here.interval_jacobian(centre)
    Jt = _point(boxed, m + 1).interval_jacobian([c + v for c, v in zip(centre, t)]) - J0
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

    The conditions are those of :func:`~certificates.solver.verification.verify`, evaluated on
    the branch ``x + s t + xi`` rather than on its bounding box: linear functionals of ``p``
    keep their exact first-order coefficient (a box would add up ``|l_j| |t_j|``)."""
    boxed = _at(system, lo, hi)
    with precision(106):
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
    A = system.arrangement
    atom, d = system.atoms[i], A.d
    rows, index = A.walls(region)
    zero = set(system.zero[i])
    through = [row for row, j in zip(rows, index) if j in zero]
    active = [j for j, v in enumerate(A.regions()[region].pattern) if v == "+"]
    Dr = fmpq_mat(A.n, A.n, [1 if (a == b and a in active) else 0 for a in range(A.n) for b in range(A.n)])
    T = (system.X.transpose() * Dr - system.E[i]) * fmpq(atom.sign)
    Tf = np.array([[float(_frac(v)) for v in T.entries()]]).reshape(d, A.n)
    guess, _ = wall_multipliers(through, Tf @ np.asarray(p_guess, dtype=float))
    basis = []
    for k in np.argsort(-guess, kind="stable"):
        if fmpq_mat([[_q(v) for v in through[t]] for t in basis + [k]]).rank() == len(basis) + 1:
            basis.append(int(k))
    W = fmpq_mat(len(basis), d, [_q(-v) for t in basis for v in through[t]])
    L = (W * W.transpose()).inv() * W * T
    return [fmpq_mat(1, A.n, [L[k, j] for j in range(A.n)]) for k in range(L.nrows())]


def _off_atoms_on_branch(system: OptimalitySystem, excluded, p_c, tangent, bend, rest, S) -> bool:
    """``|eta| < 1`` off the atoms for every ``p = p_c + s tangent + s^2 bend + rest``, ``s`` in ``S``.

    For a (region R with walls ``A w >= 0``, sign) pair and any ``mu >= 0``, ``-A^T mu`` lies in
    the polar cone of R, so ``max over R of sign * eta_p <= |G(p) + A^T mu|`` (Moreau; ``G``
    the region's vector times the sign, linear in ``p``).  With ``mu(s) = mu_0 + s mu_1 + s^2 mu_2``
    (float least squares along the branch, kept where it stays ``>= 0`` on ``S``) the vector is
    ``a + s b + s^2 c + G(rest)``; its squared norm is expanded in ``s`` with exact coefficients,
    so a maximiser that moves along a level set of ``eta`` costs only its true change."""
    A = system.arrangement
    X = [[arb(_q(v)) for v in row] for row in A.X]

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


@dataclass
class _Piece:
    """Closed lambda-interval ``[lo, hi]`` covered by proved boxes of one structure."""

    structure: tuple
    system: OptimalitySystem
    lo: Fraction
    hi: Fraction
    boxes: list
    samples: list
    seeds: list = field(default_factory=list)    # (lambda, float zero) along the piece


def _sample(system, lam, x) -> tuple:
    p, atoms = system.float_solution(x)
    return float(lam), tuple(t * c for _, t, c in atoms), tuple(tuple(float(v) for v in w) for w, _, _ in atoms)


def _follow(piece: _Piece, x: np.ndarray, direction: int, stop: Fraction, tol: Fraction, progress) -> None:
    """Extend ``piece`` from its end towards ``stop`` by proved boxes, doubling the step after a
    success and halving it after a failure, until ``stop`` or a step below ``tol * lambda``."""
    edge = piece.hi if direction > 0 else piece.lo
    step = min(abs(stop - edge), edge / 4)
    while edge != stop:
        step = min(step, abs(stop - edge))
        if step <= tol * edge:
            break
        other = edge + direction * step
        lo, hi = min(edge, other), max(edge, other)
        system = _at(piece.system, lo, hi)
        try:
            guess = x + _tangent(system, x) * float((lo + hi) / 2 - edge)
            xm = system.newton(guess)
        except np.linalg.LinAlgError:
            xm = None
        enclosure = None
        if xm is not None and np.all(np.isfinite(xm)):
            enclosure, _ = prove_box(piece.system, xm, lo, hi)
        if enclosure is None:
            step /= 2
            continue
        piece.boxes.append((lo, hi))
        piece.samples.append(_sample(system, (lo + hi) / 2, xm))
        piece.seeds.append(((lo + hi) / 2, xm))
        edge, x, step = other, xm, 2 * step
        if direction > 0:
            piece.hi = edge
        else:
            piece.lo = edge
        if progress is not None:
            progress(float(edge))


def _proved_structure(arrangement, labels, lam: Fraction):
    """``(system, x)``: the structure at ``lam`` read off a numerical solution (column
    generation, then the end-game's face guesses and Newton) and proved at ``lam``; or None.
    The exact routes of :func:`~certificates.solver.minimiser.solve` are skipped: only the
    faces are needed here."""
    from .column_generation import column_generation
    from .endgame import _systems
    from .minimiser import FloatScaling, _float_atoms
    scaling = FloatScaling.of(arrangement, labels)
    numeric = column_generation(scaling.view(arrangement), scaling.labels(labels), scaling.lam(lam)).solution
    numeric_p, float_atoms = scaling.back(numeric.p, _float_atoms(arrangement, numeric))
    for system, x in _systems(arrangement, labels, lam, numeric_p, float_atoms):
        if system.pairs or x is None or not np.all(np.isfinite(x)):
            continue
        if prove_box(system, x, lam, lam)[0] is not None:
            return system, x
    return None


def _probe(arrangement, labels, lam: Fraction, lower: Fraction, upper: Fraction, tol, progress):
    """Prove the structure at ``lam`` and grow it to a piece inside ``[lower, upper]``; None if
    the structure at ``lam`` is not proved."""
    found = _proved_structure(arrangement, labels, lam)
    if found is None:
        return None
    system, x = found
    structure = tuple((a.face, a.sign) for a in system.atoms)
    piece = _Piece(structure, system, lam, lam, [(lam, lam)], [_sample(system, lam, x)], [(lam, x)])
    _follow(piece, x, +1, upper, tol, progress)
    _follow(piece, x, -1, lower, tol, progress)
    return piece


# ---- events ------------------------------------------------------------------------------------
def _below(a: str, b: str) -> bool:
    """Face ``a`` lies in the closure of face ``b`` (it agrees with ``b`` off its own zeros)."""
    return a != b and all(u == v or u == "0" for u, v in zip(a, b))


def events_between(lower: tuple, upper: tuple) -> tuple:
    """What happens to the structure ``upper`` (above the breakpoint) as lambda decreases to
    ``lower``: ``(kind, faces)`` per event.

    >>> events_between((("+0", 1),), (("++", 1),))
    (('atom hits a wall', ('++', '+0')),)
    >>> events_between((("++", 1), ("+-", -1)), (("++", 1),))
    (('atom appears', ('+-',)),)
    """
    gone = [a for a in upper if a not in lower]
    new = [a for a in lower if a not in upper]
    out = []
    for old in list(gone):
        children = [a for a in new if a[1] == old[1] and (_below(old[0], a[0]) or _below(a[0], old[0]))]
        if len(children) >= 2 and all(_below(old[0], a[0]) for a in children):
            out.append(("atom splits", (old[0],) + tuple(a[0] for a in children)))
        elif len(children) == 1:
            child = children[0]
            parents = [a for a in gone if a[1] == child[1] and _below(child[0], a[0])]
            if len(parents) >= 2:
                out.append(("atoms merge", tuple(a[0] for a in parents) + (child[0],)))
                gone = [a for a in gone if a not in parents]
            else:
                out.append(("atom hits a wall" if _below(child[0], old[0]) else "atom leaves a wall",
                            (old[0], child[0])))
        else:
            continue
        new = [a for a in new if a not in children]
        gone = [a for a in gone if a != old]
    out += [("atom vanishes", (a[0],)) for a in gone] + [("atom appears", (a[0],)) for a in new]
    return tuple(out)


def _event_name(events) -> str:
    kinds = sorted({kind for kind, _ in events})
    return "; ".join(kinds) if kinds else "unresolved"


# ---- the path ----------------------------------------------------------------------------------
def _validated(lam_min, lam_max):
    if lam_max is None:
        raise DataError("give lam_max (the largest lambda of the path)")
    lam_max = rational(lam_max, "lam_max")
    lam_min = lam_max / 1000 if lam_min is None else rational(lam_min, "lam_min")
    if lam_min <= 0:
        raise DataError(f"lam_min must be positive, got {lam_min}")
    if lam_min >= lam_max:
        raise DataError(f"lam_min must be below lam_max, got lam_min = {lam_min}, lam_max = {lam_max}")
    return lam_min, lam_max


def _cover(arrangement, labels, lam_min, lam_max, tol, max_probes, progress) -> list:
    """Proved pieces covering ``[lam_min, lam_max]`` up to gaps: probes at ``lam_max``, then
    just below every stalled lower end (or in the middle of a gap between two stalled ends)."""
    pieces: list = []
    probes = 0

    def grow(lam, lower, upper):
        nonlocal probes
        probes += 1
        piece = _probe(arrangement, labels, lam, lower, upper, tol, progress)
        if piece is not None:
            pieces.append(piece)
        return piece

    if grow(lam_max, lam_min, lam_max) is None:
        raise DataError(f"the structure of the minimiser at lam_max = {lam_max} could not be proved")
    while probes < max_probes:
        pieces.sort(key=lambda q: q.lo)
        gaps = [(lam_min, None, pieces[0])] if pieces[0].lo > lam_min else []
        # a gap between two stalled ends is probed only when wide: both sides then stopped at
        # different events (a narrow gap is one breakpoint, or several closer than its width)
        gaps += [(a.hi, a, b) for a, b in zip(pieces, pieces[1:]) if b.lo - a.hi > PROBE_GAP * tol * b.lo
                 and not getattr(b, "stuck", False)]
        if not gaps:
            break
        a_end, below, above = gaps[-1]
        b_end = above.lo
        if below is None:
            lam = max(a_end, b_end - PROBE_OFFSET * b_end)
        else:
            lam = (a_end + b_end) / 2
        lam = Fraction(float(lam)) if a_end < Fraction(float(lam)) < b_end else lam
        if grow(lam, a_end, b_end) is None:
            if below is None and lam != (a_end + b_end) / 2 and grow((a_end + b_end) / 2, a_end, b_end) is not None:
                continue
            above.stuck = True   # leave this gap unproved
    return sorted(pieces, key=lambda q: q.lo)


def _merged(pieces, tol) -> list:
    """Adjacent pieces of one structure that touch become one."""
    out: list = []
    for q in pieces:
        if out and out[-1].structure == q.structure and q.lo <= out[-1].hi:
            last = out[-1]
            last.hi, last.boxes, last.samples = max(last.hi, q.hi), last.boxes + q.boxes, last.samples + q.samples
            last.seeds += q.seeds
        else:
            out.append(q)
    return out


def regularisation_path(X, y=None, lam_min=None, lam_max=None, bias: bool = False, progress=None,
                        tol=TOLERANCE, max_probes: int = 60, exact: bool = True) -> Path:
    """The certified path of minimisers of ``1/2 |K mu - y|^2 + lambda |mu|_TV`` for lambda in
    ``[lam_min, lam_max]`` (``lam_min`` defaults to ``lam_max / 1000``).

    Segments are proved by interval continuation (``verified``) and, where the solution is a
    rational function of lambda, exactly (``exact``, unless ``exact=False``); breakpoints are
    enclosed to relative width ``tol``, or exact.  ``progress``: called with the lambda reached.

    >>> path = regularisation_path([[1]], [2], "1/2", 3)     # one point: mu = 0 from lambda = 2
    >>> [(s.lam_min, s.lam_max, s.n_atoms) for s in path.segments]
    [('1/2', '2', 1), ('2', '3', 0)]
    """
    arrangement, labels = _arrangement(X, y, bias)
    lam_min, lam_max = _validated(lam_min, lam_max)
    tol = Fraction(tol)
    arrangement.regions()
    pieces = _merged(_cover(arrangement, labels, lam_min, lam_max, tol, max_probes, progress), tol)
    exact_pieces = None
    if exact:
        from .path_exact import exact_path
        exact_pieces = exact_path(arrangement, labels, lam_min, lam_max, pieces, tol, PROBE_GAP)
    if exact_pieces is not None:
        return exact_pieces
    return _assemble(lam_min, lam_max, pieces, tol)


def _assemble(lam_min, lam_max, pieces, tol) -> Path:
    """Segments and breakpoints from the proved pieces (gaps wider than ``tol`` are unproved)."""
    segments, breakpoints = [], []
    ends = [(lam_min, lam_min)]           # enclosure of each segment's lower end
    for k, q in enumerate(pieces):
        if k == 0 and q.lo > lam_min:
            segments.append(Segment(str(lam_min), (lam_min, q.lo), (), (), "unproved"))
            breakpoints.append(Breakpoint((lam_min, q.lo), "unresolved"))
            ends = [(lam_min, q.lo)]
        lower = ends[-1]
        upper = (q.hi, q.hi) if q.hi == lam_max else (q.hi, pieces[k + 1].lo)
        segments.append(Segment(_end(lower), _end(upper), tuple(f for f, _ in q.structure),
                                tuple(t for _, t in q.structure), "verified", len(q.boxes), {},
                                tuple(sorted(q.samples))))
        if q.hi < lam_max:
            nxt = pieces[k + 1]
            if nxt.lo - q.hi > PROBE_GAP * tol * nxt.lo:   # an unproved gap
                breakpoints.append(Breakpoint((q.hi, q.hi), "unresolved"))
                segments.append(Segment(str(q.hi), str(nxt.lo), (), (), "unproved"))
                breakpoints.append(Breakpoint((nxt.lo, nxt.lo), "unresolved"))
                ends.append((nxt.lo, nxt.lo))
            else:
                events = events_between(q.structure, nxt.structure)
                breakpoints.append(Breakpoint((q.hi, nxt.lo), _event_name(events),
                                              tuple(f"{kind}: {', '.join(faces)}" for kind, faces in events)))
                ends.append((q.hi, nxt.lo))
    return _finish_path(lam_min, lam_max, segments, breakpoints)


def _end(interval):
    lo, hi = interval
    return str(lo) if lo == hi else (lo, hi)


def _finish_path(lam_min, lam_max, segments, breakpoints, from_zero: bool = False) -> Path:
    lowest = segments[0]
    lam0 = None if lowest.status == "unproved" else lowest.lam_max
    return Path(lam_min, lam_max, tuple(segments), tuple(breakpoints), lam0,
                None if lam0 is None else ("0" if from_zero else str(lam_min)))
