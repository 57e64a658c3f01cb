"""The certified regularisation path: where the minimiser's structure changes as lambda moves.

Fix a structure S (the atoms' faces and signs).  Its optimality system
``F(x, lambda) = 0`` (:mod:`certificates.solver.endgame.optimality`) is smooth in ``(x, lambda)``; where
its Jacobian in ``x`` is invertible the implicit function theorem gives a smooth branch
``x(lambda)``.  A parametric Krawczyk operator, evaluated with ``s = lambda - m`` an interval
around the second-order predictor ``x + s t + s^2 q`` (:func:`_krawczyk_on_box`), proves for
*every* lambda of a box ``[a, b]`` a zero on that branch; every strict inequality of
:func:`~certificates.solver.endgame.verification.verify` (positive amplitudes, face signs, positive wall
multipliers, ``|eta| < 1`` off the atoms) is then proved for all ``s`` at once on the branch form
(:func:`prove_box`), so the minimiser has structure S for every lambda in ``[a, b]``.  Boxes
that share their ends cover a segment.  A structure stops where one strict inequality becomes
an equality (an event): the boxes shrink geometrically towards it, a numerical solution just
beyond gives the next structure (proved there before it is continued), and the breakpoint is
enclosed between the two proved sides.  Segments whose solution is rational in lambda are then
proved exactly (:mod:`certificates.solver.path.exact`).  The mathematics: section 13 of
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

from arrangement import DataError, ParameterError
from arrangement.numbers import rational

from ..endgame.optimality import OptimalitySystem
from ..problem import labelled_problem
from .continuation import float_samples, proved_structure, prove_box, system_on, tangent_of
from .segments import Breakpoint, Path, Segment, event_name, events_between, finish_path, sample_at

__all__ = ["Breakpoint", "Segment", "Path", "regularisation_path"]

TOLERANCE = Fraction(1, 10 ** 8)   # breakpoints are enclosed to this relative width
PROBE_OFFSET = Fraction(1, 1000)   # the next structure is solved for at this relative distance
PROBE_GAP = 1000                   # gaps between proved pieces wider than this many tol are probed


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
        system = system_on(piece.system, lo, hi)
        try:
            guess = x + tangent_of(system, x) * float((lo + hi) / 2 - edge)
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
        piece.samples.append(sample_at(system, (lo + hi) / 2, xm))
        piece.seeds.append(((lo + hi) / 2, xm))
        edge, x, step = other, xm, 2 * step
        if direction > 0:
            piece.hi = edge
        else:
            piece.lo = edge
        if progress is not None:
            progress(float(edge))


def _probe(arrangement, labels, lam: Fraction, lower: Fraction, upper: Fraction, tol, progress):
    """Prove the structure at ``lam`` and grow it to a piece inside ``[lower, upper]``; None if
    the structure at ``lam`` is not proved."""
    found = proved_structure(arrangement, labels, lam)
    if found is None:
        return None
    system, x = found
    structure = tuple((a.face, a.sign) for a in system.atoms)
    piece = _Piece(structure, system, lam, lam, [(lam, lam)], [sample_at(system, lam, x)], [(lam, x)])
    _follow(piece, x, +1, upper, tol, progress)
    _follow(piece, x, -1, lower, tol, progress)
    return piece




# ---- the path ----------------------------------------------------------------------------------
def _validated(lam_min, lam_max):
    if lam_max is None:
        raise ParameterError("give lam_max (the largest lambda of the path)")
    lam_max = rational(lam_max, "lam_max")
    if lam_max <= 0:
        raise ParameterError(f"lam_max must be positive, got {lam_max}")
    lam_min = lam_max / 1000 if lam_min is None else rational(lam_min, "lam_min")
    if lam_min <= 0:
        raise ParameterError(f"lam_min must be positive, got {lam_min}")
    if lam_min >= lam_max:
        raise ParameterError(f"lam_min must be below lam_max, got lam_min = {lam_min}, lam_max = {lam_max}")
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
    arrangement, labels = labelled_problem(X, y, bias)
    lam_min, lam_max = _validated(lam_min, lam_max)
    tol = Fraction(tol)
    arrangement.regions()
    pieces = _merged(_cover(arrangement, labels, lam_min, lam_max, tol, max_probes, progress), tol)
    exact_pieces = None
    if exact:
        from .exact import exact_path
        exact_pieces = exact_path(arrangement, labels, lam_min, lam_max, pieces, tol, PROBE_GAP)
    found = exact_pieces if exact_pieces is not None else _assemble(lam_min, lam_max, pieces, tol)
    if exact and any(s.status != "exact" for s in found.segments):
        # over many decades, or where the boxes stall, one probe per structure may still do
        from .sweep import exact_sweep
        swept = exact_sweep(arrangement, labels, lam_min, lam_max, tol)
        found = found if swept is None else swept
    return found


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
                                float_samples(q), (tuple(q.seeds), tuple(q.boxes))))
        if q.hi < lam_max:
            nxt = pieces[k + 1]
            if nxt.lo - q.hi > PROBE_GAP * tol * nxt.lo:   # an unproved gap
                breakpoints.append(Breakpoint((q.hi, q.hi), "unresolved"))
                segments.append(Segment(str(q.hi), str(nxt.lo), (), (), "unproved"))
                breakpoints.append(Breakpoint((nxt.lo, nxt.lo), "unresolved"))
                ends.append((nxt.lo, nxt.lo))
            else:
                events = events_between(q.structure, nxt.structure)
                breakpoints.append(Breakpoint((q.hi, nxt.lo), event_name(events),
                                              tuple(f"{kind}: {', '.join(faces)}" for kind, faces in events)))
                ends.append((q.hi, nxt.lo))
    return finish_path(lam_min, lam_max, segments, breakpoints)


def _end(interval):
    lo, hi = interval
    return str(lo) if lo == hi else (lo, hi)

