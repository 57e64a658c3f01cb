"""Proofs of the regularisation path (:func:`certificates.solver.path.path.regularisation_path`).

A path proof lists the segments and the breakpoint enclosures between them (they must tile
``[lam_min, lam_max]``); each segment carries the atoms' faces and signs and either

* ``boxes``: lambda-boxes ``[a, b]`` tiling it, each a Krawczyk proof (box, midpoint,
  preconditioner, walls, and per region the multipliers ``bounds``) that the checker runs with
  lambda an interval: for every lambda in ``[a, b]`` the box holds one zero of the optimality
  system, where every strict inequality holds.  The boxes start from those of the continuation
  and are halved where the rational re-check (the checker's own code) does not pass; or
* ``exact``: ``p = P / D`` and the amplitudes ``C / D`` as polynomials in lambda, the walls, and
  per piece of the segment the multipliers that bound ``|eta| < 1`` off the atoms; the checker
  decides the identities over Q and every sign by Sturm sequences.

Nothing written here is trusted; a segment no proof passes on stays listed with its structure
but is reported as not covered.

>>> from arrangement import Arrangement
>>> from certificates.solver.path.path import regularisation_path
>>> from certificates.proofs.checker import check
>>> A = Arrangement([[1]])
>>> lines = check(proof_of_path(A, regularisation_path(A, [2], "1/2", 3), [2]))
>>> lines[1], lines[-1][:36]
('the 2 segments and 1 breakpoint enclosures cover [1/2, 3] without a gap', 'the structure changes in [2, 2]: as ')
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from arrangement import Arrangement, DataError
from arrangement.numbers import rational_vector

from ..dual.certificate import Certificate
from ..exact.convert import fraction_of
from ..solver.endgame.optimality import AtomFace, OptimalitySystem
from ..solver.path.continuation import system_at, tangent_of
from . import checker
from .enclosure import box_spec
from .regions import bind, data_multipliers, proof_of_regions

__all__ = ["proof_of_path"]

DEPTH = 24                  # halvings of a lambda-box (or a piece of an exact segment) before giving up
ATTEMPTS = 500             # lambda-boxes tried each way from the middle of a segment
INFLATIONS = 4             # boxes tried per lambda-box: 2 (|x'| h + |C F(m)|), then K(box) widened by half


def proof_of_path(A: Arrangement, path, labels=None) -> dict:
    """The proof of a :class:`~certificates.solver.path.segments.Path` on its arrangement ``A``
    (labels ``A.y`` unless given)."""
    labels = labels if labels is not None else getattr(A, "y", None)
    if labels is None or len(labels) != A.n:
        raise DataError("a path proof needs one label per data row")
    labels = list(rational_vector(labels, "labels y", A.n))     # a float is its shortest decimal, as the path read it
    proof = proof_of_regions(A)
    context = (A, labels, proof["regions"], checker.Arrangement(proof["data"]))
    segments, spans = [], []
    gaps = [b.lam for b in path.breakpoints]
    for k, s in enumerate(path.segments):
        lo = Fraction(s.lam_min if isinstance(s.lam_min, str) else s.lam_min[1])
        hi = Fraction(s.lam_max if isinstance(s.lam_max, str) else s.lam_max[0])
        entry, tail = {}, None
        if s.status != "unproved":
            entry["atoms"] = [{"face": f, "sign": t} for f, t in zip(s.faces, s.signs)]
            opened = (k > 0 and gaps[k - 1][0] == gaps[k - 1][1], k < len(gaps) and gaps[k][0] == gaps[k][1])
            found = _exact(context, s, lo, hi, opened) if s.status == "exact" else None
            if found is None:
                found = _boxes(context, s, lo, hi)
                if found is not None:
                    found, short_lo, short_hi = found
                    if short_lo > lo and k == 0:     # short of lam_min: that piece is listed, not covered
                        segments.append({"lam": [str(lo), str(short_lo)]})
                        spans.append((lo, short_lo))
                    tail, lo, hi = (hi if short_hi < hi and k == len(gaps) else None), short_lo, short_hi
            if found is None:      # the checker reports it as not covered
                entry = {}
            else:
                entry.update(found)
        segments.append({"lam": [str(lo), str(hi)], **entry})
        spans.append((lo, hi))
        if entry and "boxes" in entry and tail is not None:     # short of lam_max: likewise
            segments.append({"lam": [str(hi), str(tail)]})
            spans.append((hi, tail))
    proof["claims"].update({"y": [str(v) for v in labels], "path": {
        "lam_min": str(path.lam_min), "lam_max": str(path.lam_max), "segments": segments,
        "breakpoints": [{"lam": [str(a[1]), str(b[0])]} for a, b in zip(spans, spans[1:])]}})
    proof["format"] = {**proof["format"], "version": "2.2"}     # the minor version that added path
    return bind(proof, A)


def _system(context, segment, lam):
    A, labels = context[:2]
    return OptimalitySystem(A, labels, lam, [AtomFace(f, t) for f, t in zip(segment.faces, segment.signs)])


def _zero(system, seeds, lam):
    """A float zero of ``system`` at ``lam``: Newton from the nearest seed along the tangent."""
    at = system_at(system, lam)
    if not seeds:
        return None
    seed, x = min(seeds, key=lambda s: abs(s[0] - lam))
    try:
        x = at.newton(np.asarray(x, dtype=float) + tangent_of(at, x) * float(lam - seed))
    except np.linalg.LinAlgError:
        return None
    return x if np.all(np.isfinite(x)) else None


def _local(regions, bounds) -> list:
    return [{"pattern": r["pattern"], **b} for r, b in zip(regions, bounds)]


def _box(context, system, seeds, a: Fraction, b: Fraction):
    """A lambda-box ``[a, b]`` the checker accepts, or None."""
    A, labels, regions, arrangement = context
    at = system_at(system, (a + b) / 2)
    x = _zero(system, seeds, at.lam)
    bounds = [{} for _ in regions]
    found = None if x is None else box_spec(A, at, x, bounds)
    if found is None:
        return None
    spec, C = found
    try:
        spread = np.abs(tangent_of(at, x)) * float(b - a) / 2 + np.abs(C @ at.residual(x))
    except np.linalg.LinAlgError:
        return None
    floor = 1e-15 * (1 + float(np.abs(x).max(initial=0)))
    radius = [2 * v + floor for v in spread]
    midpoint = [Fraction(v) for v in x]
    lam = checker.Interval(a, b)
    for _ in range(INFLATIONS):     # epsilon-inflation: the next box is K(box), widened by half
        spec["box"] = [[str(v - Fraction(r)), str(v + Fraction(r))] for v, r in zip(midpoint, radius)]
        try:
            checker.enclose(arrangement, _local(regions, bounds), spec, labels, lam, lambda *line: None)
        except checker.Failed as exc:
            if "step Krawczyk" not in str(exc):
                return None
            system = checker.System(arrangement, spec["atoms"], labels, lam)
            K = checker.krawczyk_operator(system, [checker.Interval(*(Fraction(v) for v in pair)) for pair in spec["box"]],
                                          midpoint, [[Fraction(v) for v in row] for row in spec["preconditioner"]])
            reach = [float(max(abs(k.lo - m), abs(k.hi - m))) for k, m in zip(K, midpoint)]
            radius = [max(1.5 * v + floor, r) for v, r in zip(reach, radius)]
            continue
        return {"lam": [str(a), str(b)], **{k: v for k, v in spec.items() if k != "atoms"}, "bounds": bounds}
    return None


def _boxes(context, segment, lo: Fraction, hi: Fraction):
    """``({"boxes": [...]}, lo', hi')``: boxes tiling ``[lo', hi']``, grown from the middle of
    ``[lo, hi]`` both ways (the step doubles after a box the checker accepts, halves after one it
    rejects: boxes shrink towards a breakpoint).  Where they stop short of an end that is a
    breakpoint's, the segment ends there and the breakpoint's enclosure widens;
    short of lam_min or lam_max, the caller lists the rest as not covered.  At most ``ATTEMPTS``
    boxes are tried each way (the checker may accept only ever narrower ones); None if none is
    accepted."""
    seeds = (segment.evidence or ((), ()))[0]
    system = _system(context, segment, (lo + hi) / 2)
    ends, out = [], {1: [], -1: []}
    for direction, stop in ((1, hi), (-1, lo)):
        edge, step, cap, attempts = (lo + hi) / 2, (hi - lo) / 8, None, 0
        while edge != stop and step > (hi - lo) / 2 ** DEPTH and attempts < ATTEMPTS:
            attempts += 1
            other = edge + direction * min(step, abs(stop - edge))
            box = _box(context, system, seeds, min(edge, other), max(edge, other))
            if box is None:
                # the width the checker accepts changes slowly along the segment: stay below
                # the last refused one (raised a little after each success) rather than double
                # into it again, which cost one refusal per accepted box
                cap = step = step * 3 / 4
                continue
            out[direction].append(box)
            cap = None if cap is None else cap * 17 / 16
            edge, step = other, 2 * step if cap is None else min(2 * step, cap)
        ends.append(edge)
    if not out[1] and not out[-1]:      # no box at all: a segment [mid, mid] of no boxes is no claim
        return None
    return {"boxes": out[-1][::-1] + out[1]}, ends[1], ends[0]


def _value(P, lam: Fraction) -> Fraction:
    return sum((fraction_of(c) * lam ** e for e, c in enumerate(P.coeffs())), Fraction(0))


def _poly(P) -> list:
    return [str(fraction_of(c)) for c in P.coeffs()]


def _exact(context, segment, lo: Fraction, hi: Fraction, opened):
    """``{"exact": ...}`` for a segment whose solution is rational in lambda, or None.  The
    multipliers of a piece ``[a, b]`` are the exact KKT multipliers at its middle or an end
    (at an exact breakpoint the region that becomes tight needs those of the end itself),
    found per (region, sign) pair; a piece where none bounds a pair is halved."""
    from ..solver.path.exact import formula
    A, labels, regions, arrangement = context
    mid = (lo + hi) / 2
    system = _system(context, segment, mid)
    known = segment.evidence[2] if len(segment.evidence or ()) > 2 else None    # the sweep's N / D
    if known is not None and _value(known[1], mid) != 0:
        N, D = known
        x = np.array([float(_value(v, mid) / _value(D, mid)) for v in N])
    else:
        x = _zero(system, (segment.evidence or ((), ()))[0], mid)
    found = known if known is not None else None if x is None else formula(system, x, lo, hi)
    bounds = [{} for _ in regions]
    spec = None if found is None or system.r != A.n else box_spec(A, system_at(system, mid), x, bounds)
    if spec is None:
        return None
    N, D = found
    P, Dq = [[fraction_of(c) for c in v.coeffs()] for v in N[:A.n]], [fraction_of(c) for c in D.coeffs()]
    covered = {(w["region"], segment.signs[w["atom"]]) for w in spec[0]["walls"]}
    certificates = {}

    def kkt(lam, region, side):     # exact multipliers of the data rows at p(lam)
        if lam not in certificates:
            den = checker.peval(Dq, lam)
            certificates[lam] = None if den == 0 or lam <= 0 else \
                Certificate(A, [checker.peval(v, lam) / den for v in P])
        cert = certificates[lam]
        if cert is None:
            return None
        return data_multipliers(A, A.walls(region), cert.region_extremum(region, side).multipliers)

    pieces, todo = [], [(lo, hi, 0)]
    while todo:
        a, b, depth = todo.pop()
        ends, entry = ((a > lo or not opened[0]), (b < hi or not opened[1])), [{} for _ in regions]
        for region, pattern in enumerate(r["pattern"] for r in regions):
            for side, key in ((1, "up"), (-1, "down")):
                if (region, side) in covered:
                    continue
                for lam in ((a + b) / 2, a, b):
                    chosen = kkt(lam, region, side)
                    if chosen is not None and checker.positive_on(checker.bound_below_one(
                            arrangement, pattern, side, {int(j): v for j, v in chosen.items()}, P, Dq), a, b, ends):
                        break
                else:
                    chosen = None
                if chosen is None:
                    break
                if chosen:
                    entry[region][key] = chosen
            else:
                continue
            break
        else:
            pieces.append({"lam": [str(a), str(b)], "regions": entry})
            continue
        if depth >= DEPTH:
            return None
        todo += [((a + b) / 2, b, depth + 1), (a, (a + b) / 2, depth + 1)]
    exact = {"denominator": [str(v) for v in Dq], "p": [[str(v) for v in c] for c in P],
             "c": [_poly(v) for v in N[A.n:]], "walls": spec[0]["walls"], "bounds": pieces}
    try:
        checker.exact_segment(arrangement, regions, [{"face": f, "sign": t} for f, t in zip(segment.faces,
                              segment.signs)], exact, labels, lo, hi, opened, "segment")
    except checker.Failed:
        return None
    return {"exact": exact}
