"""The certified regularisation path: where the minimiser's structure changes as lambda moves.

Fix a structure S (the atoms' faces and signs).  Its optimality system
``F(x, lambda) = 0`` (:mod:`certificates.solver.optimality`) is smooth in ``(x, lambda)``; where
its Jacobian in ``x`` is invertible the implicit function theorem gives a smooth branch
``x(lambda)``.  A parametric Krawczyk operator, evaluated with ``s = lambda - m`` an interval
around the second-order predictor ``x + s t + s^2 q`` (:func:`_krawczyk_on_box`), proves for
*every* lambda of a box ``[a, b]`` a zero on that branch; every strict inequality of
:func:`~certificates.solver.verification.verify` (positive amplitudes, face signs, positive wall
multipliers, ``|eta| < 1`` off the atoms) is then proved for all ``s`` at once on the branch form
(:func:`prove_box`), so the minimiser has structure S for every lambda in ``[a, b]``.  Boxes
that share their ends cover a segment.  A structure stops where one strict inequality becomes
an equality (an event): the boxes shrink geometrically towards it, a numerical solution just
beyond gives the next structure (proved there before it is continued), and the breakpoint is
enclosed between the two proved sides.  Segments whose solution is rational in lambda are then
proved exactly (:mod:`certificates.solver.path_exact`).  The mathematics: section 13 of
``docs/pages/mathematics.md``.

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

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from arrangement import DataError
from arrangement.data import rational

from .continuation import _at, _tangent, prove_box
from .minimiser import _arrangement
from .optimality import OptimalitySystem

__all__ = ["Breakpoint", "Segment", "Path", "regularisation_path"]

TOLERANCE = Fraction(1, 10 ** 8)   # breakpoints are enclosed to this relative width
PROBE_OFFSET = Fraction(1, 1000)   # the next structure is solved for at this relative distance
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
    structure is proved (``status`` ``exact`` or ``verified``) on the closed interval between
    the inner ends of the enclosures, except at an end that is an exact breakpoint: there the
    event's strict inequality is an equality (an amplitude is 0, an atom lies on a wall), and
    the minimiser is the common limit of both sides (an atom of amplitude 0 is absent).  Or not
    at all (``unproved``: no structure could be proved there, e.g. a non-unique minimiser with
    antipodal pairs; ``n_atoms`` is then None).  ``samples``: float ``(lambda, amplitudes,
    atoms' w)`` along the segment, for pictures."""

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

    def __repr__(self):
        return (f"Path(lam in [{self.lam_min}, {self.lam_max}], segments={len(self.segments)}, "
                f"breakpoints={len(self.breakpoints)})")

    def _repr_markdown_(self):
        from ..report.notebook import path_markdown
        return path_markdown(self)

    def _repr_html_(self):
        from ..report.notebook import html_of, path_markdown
        return html_of(path_markdown(self))


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
