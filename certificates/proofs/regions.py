"""Proof files of regions and certificates: what :mod:`certificates.proofs.checker` needs to
re-derive them on its own (solutions: :mod:`~certificates.proofs.producer`).

A proof is one JSON object (format ``dualcert-proof``, version 2.0; the "Proofs" page of the
documentation gives every key and the mathematics behind it):

* ``problem``: the rows X, the bias, and the labels and lambda when the claims use them, with
  ``data_sha256`` its digest (:mod:`arrangement.digest`);
* ``data``: the rows exactly as used (bias column included), entries as rational strings;
* ``regions``: per region its ``pattern``, an exact ``witness``, Farkas certificates (``farkas``)
  showing that no other region lies across the walls its listed neighbours do not cover, and
  for a certificate the KKT multipliers (``up``, ``down``) that bound or attain ``+-eta``;
* ``claims``: ``n_regions``; for a certificate ``p``, ``sup_abs_eta_squared``, the extreme points,
  margin and non-degeneracy; with labels ``y`` and ``lam`` the minimisers; for a solution the
  atoms and the objective; ``not_covered``: what the checker cannot re-check.

The producer does the hard work (float guesses, exact solves); nothing it writes is trusted.

>>> from arrangement import Arrangement
>>> from certificates.proofs.checker import check
>>> check(proof_of_regions(Arrangement([[1, 0], [0, 1], [1, 1]])))
['the 6 listed regions are all regions of the arrangement (3 distinct hyperplanes)']
"""

from __future__ import annotations

import json
from fractions import Fraction
from math import comb, gcd, lcm

import numpy as np

from arrangement import Arrangement, DualcertError

from arrangement.atomic import write_atomically
from arrangement.linalg import independent_integer_rows

from ..dual.certificate import Certificate
from ..dual.projection import project
from ..dual.screening import wall_multipliers

__all__ = ["proof_of_regions", "proof_of_certificate", "write_proof", "bind", "integer_rows",
           "data_multipliers", "screened_bounds", "FORMAT", "at_least"]

FORMAT = {"name": "dualcert-proof", "version": "2.0"}


def at_least(fmt: dict, minor: int) -> dict:
    """The format with its minor version raised to ``minor`` if lower: a proof carries the
    version of the newest key it uses (a tree's 2.3, an idle atom's 2.4 stay).

    >>> at_least({"name": "dualcert-proof", "version": "2.3"}, 1)["version"], at_least({"version": "2.0"}, 1)
    ('2.3', {'version': '2.1'})
    """
    major, current = fmt["version"].split(".")
    return {**fmt, "version": f"{major}.{max(int(current), minor)}"}


def bind(proof: dict, A: Arrangement) -> dict:
    """Record the problem the proof is about: the rows without the bias column, the bias, and the
    labels and lambda when the claims use them, with its digest (:mod:`arrangement.digest`)."""
    from arrangement.digest import problem_digest
    claims = proof["claims"]
    X = [row[:-1] for row in A.X] if A.bias else A.X
    y = [Fraction(v) for v in claims["y"]] if "y" in claims else None
    lam = Fraction(claims["lam"]) if "lam" in claims else None
    proof["problem"] = {"X": [[str(v) for v in row] for row in X], "bias": bool(A.bias),
                        "y": None if y is None else [str(v) for v in y], "lam": None if lam is None else str(lam)}
    proof["data_sha256"] = problem_digest(X, A.bias, y, lam)
    return proof


def integer_rows(A: Arrangement) -> list:
    """Each row times the lcm of its denominators (the checker's integer rows)."""
    return [[int(v * lcm(*(u.denominator for u in row))) for v in row] for row in A.X]


@np.errstate(over="ignore", invalid="ignore")
def _farkas(facets, target):
    """Integers ``[c, (f, y_f), ...]`` with ``c target = sum y_f facets[f]``, ``c > 0``, ``y >= 0``,
    or None.  Floats guess the support (NNLS), exact integers decide; the exact projection of
    ``-target`` onto ``{w : <f, w> >= 0}`` (zero iff target lies in the cone) is the fallback."""
    F = np.array(facets, dtype=float)
    # target = sum y_f facets[f] with y >= 0 is the projection of -target with multipliers y
    y, residual = wall_multipliers(facets, [-float(v) for v in target])
    support = [f for f in np.flatnonzero(y > 1e-12)]
    if support and residual < 1e-6:
        B = F[support]
        det = abs(np.linalg.det(B @ B.T))
        c = round(det) if det < 2 ** 50 else 0      # an overflow (rows near 2^600) too: the projection decides
        if c:
            ints = [round(v * c) for v in y[support]]
            if min(ints) >= 0 and _combination(facets, support, ints) == [c * v for v in target]:
                return _reduced(c, support, ints)
    proj = project(facets, [-Fraction(v) for v in target])
    if any(proj.point):
        return None
    support = sorted(proj.multipliers)
    scale = lcm(*(proj.multipliers[f].denominator for f in support))
    return _reduced(scale, support, [int(proj.multipliers[f] * scale) for f in support])


def _farkas_by_bases(facets, targets, coords, max_bases=120):
    """Certificates for many targets of one region at once: every target in the cone of the
    facet normals is a nonnegative combination of ``r`` independent ones (Caratheodory), found by
    trying the bases in a batch: on the rank-``r`` coordinates ``coords`` a basis ``B`` gives
    ``y = B^-T target`` in floats, ``c = |det B|`` (an integer) clears the denominators, and exact
    integer arithmetic confirms ``c target = sum y_f facets[f]``.  None where this finds nothing."""
    from itertools import combinations
    k, r = len(facets), len(coords)
    out = [None] * len(targets)
    if not targets or k < r or r == 0 or comb(k, r) > max_bases:
        return out
    if max(abs(v) for row in facets + targets for v in row) >= 2 ** 20:
        return out        # keep every integer below 2^62 in the check below
    F = np.array(facets, dtype=np.int64)
    T = np.array(targets, dtype=np.int64)
    bases = np.array(list(combinations(range(k), r)), dtype=np.int64)
    M = F[bases][:, :, coords].astype(float)                     # (bases, r, r), rows = facets
    det = np.rint(np.linalg.det(M))
    good = (np.abs(det) >= 1) & (np.abs(det) < 2 ** 30)
    bases, M, det = bases[good], M[good], np.abs(det[good])
    if not len(bases):
        return out
    Y = np.linalg.solve(np.transpose(M, (0, 2, 1)), np.broadcast_to(T[:, coords].T.astype(float),
                                                                    (len(bases), r, len(T))))
    ok = (Y >= -1e-9).all(axis=1)                                 # (bases, targets)
    first = ok.argmax(axis=0)
    ts = np.arange(len(T))
    c = det[first].astype(np.int64)
    ints = np.rint(Y[first, :, ts] * c[:, None]).astype(np.int64)  # (targets, r)
    if np.abs(Y).max(initial=0) >= 2 ** 10:
        return out
    valid = ok[first, ts] & (ints.min(axis=1) >= 0) & \
        (np.einsum("tr,trd->td", ints, F[bases[first]]) == c[:, None] * T).all(axis=1)
    g = np.gcd.reduce(np.column_stack([c, ints]), axis=1)
    c, ints, support = (c // g).tolist(), (ints // g[:, None]).tolist(), bases[first].tolist()
    for t in np.flatnonzero(valid).tolist():
        out[t] = [c[t]] + [v for f, y in zip(support[t], ints[t]) if y for v in (f, y)]
    return out


def _combination(facets, support, weights):
    return [sum(w * facets[f][i] for f, w in zip(support, weights)) for i in range(len(facets[0]))]


def _reduced(c, support, ints):
    g = gcd(c, *ints)
    return [c // g] + [v for f, y in zip(support, ints) if y for v in (int(f), y // g)]


def proof_of_regions(A: Arrangement, max_regions=None, progress=None) -> dict:
    """The regions of ``A`` with what proves them complete: for each region P and each hyperplane
    H on which P has the sign of the first region, either the region across H is listed or a
    Farkas certificate shows that none exists (``c s_H x_H`` a nonnegative combination of the
    signed facet normals of P).

    >>> proof = proof_of_regions(Arrangement([[1, 0], [2, 0], [0, 0]]))   # a double row, a zero row
    >>> [r["pattern"] for r in proof["regions"]]
    ['++0', '--0']
    """
    regions = A.regions(max_regions=max_regions, progress=progress)
    ints = integer_rows(A)
    listed = {r.pattern for r in regions}
    root = regions[0].pattern
    first = {j: members[0] for members in A.hyperplanes for j in members}
    coords = independent_integer_rows([list(col) for col in zip(*ints)]) if ints else []
    out = []
    for region in regions:
        pattern, entry = region.pattern, {"pattern": region.pattern, "witness": [str(v) for v in region.witness]}
        signed = {j: [v if pattern[j] == "+" else -v for v in ints[j]] for j in region.facets}
        facet_rows = [j for j in region.facets if j == first[j]]
        certificates, needed = [], []
        for members in A.hyperplanes:
            h = members[0]
            if pattern[h] != root[h]:
                continue
            flipped = list(pattern)
            for j in members:
                flipped[j] = "-" if pattern[j] == "+" else "+"
            if "".join(flipped) in listed:
                continue
            needed.append((h, [v if pattern[h] == "+" else -v for v in ints[h]]))
        facets = [signed[j] for j in facet_rows]
        batch = _farkas_by_bases(facets, [t for _, t in needed], coords)
        for (h, target), found in zip(needed, batch):
            found = found or _farkas(facets, target)
            if found is None:
                raise AssertionError(f"internal error: no Farkas certificate for region {region.index}, row {h}")
            certificates.append([h, found[0]] + [v if t % 2 else facet_rows[v]
                                                 for t, v in enumerate(found[1:])])
        if certificates:
            entry["farkas"] = certificates
        out.append(entry)
    return bind({"format": dict(FORMAT), "data": [[str(v) for v in row] for row in A.X], "regions": out,
                  "claims": {"n_regions": len(out)}}, A)


def data_multipliers(A: Arrangement, walls, multipliers) -> dict:
    """Multipliers of the integer wall rows ``s_j x~_j`` -> multipliers of the data rows ``s_j x_j``."""
    rows, index = walls
    out = {}
    for row, j in zip(rows, index):
        if multipliers.get(j, 0):
            t = next(i for i, v in enumerate(A.X[j]) if v)
            out[str(j)] = str(multipliers[j] * abs(Fraction(row[t]) / A.X[j][t]))
    return out


def screened_bounds(cert: Certificate, ints: list, scale: int = 2 ** 24):
    """Proved bounds for every (region, sign) at once: the float dual multipliers of
    :func:`~certificates.dual.screening.dual_bounds` (one per hyperplane) rounded down to multiples of
    ``1/scale``, and ``|q|^2`` for them evaluated exactly.  Returns ``bound(r, sign)`` (a Fraction)
    and ``multipliers(r, sign)`` (data row -> rational string, in the checker's units)."""
    from ..dual.screening import dual_bounds
    A = cert.arrangement
    reps = [members[0] for members in A.hyperplanes]
    S = A.sign_matrix()[:, reps].astype(np.int64)
    den = lcm(*(v.denominator for row in A.X for v in row)) * lcm(*(v.denominator for v in cert.p))
    V = np.array([[int(pj * v * den) for v in row] for pj, row in zip(cert.p, A.X)], dtype=object)
    G = (A.sign_matrix() > 0).astype(object) @ V if A.n else np.zeros((len(S), A.d), dtype=object)
    F = np.array([ints[h] for h in reps], dtype=object).reshape(len(reps), A.d)
    _, lam = dual_bounds(np.concatenate([G, -G]), den, np.concatenate([S, S]), F)
    lam = np.floor(np.clip(lam, 0, 2 ** 30) * scale).astype(np.int64)     # lam_int / scale >= 0
    Q = np.concatenate([G, -G]) * scale + ((lam * np.concatenate([S, S])).astype(object) @ F) * den
    norm = (Q * Q).sum(axis=1) if A.d else np.zeros(len(Q), dtype=object)
    n_regions = len(S)
    row_scale = [lcm(*(v.denominator for v in A.X[h])) for h in reps]   # ints[h] = row_scale * x_h

    def bound(r, side):
        return Fraction(int(norm[r if side > 0 else r + n_regions]), (den * scale) ** 2)

    def multipliers(r, side):
        row = lam[r if side > 0 else r + n_regions]
        return {str(reps[h]): _ratio(int(row[h]) * row_scale[h], scale) for h in np.flatnonzero(row).tolist()}
    return bound, multipliers


def _ratio(a: int, b: int) -> str:
    g = gcd(a, b)
    return f"{a // g}/{b // g}" if b != g else str(a // g)


def proof_of_certificate(cert: Certificate, max_regions=None, progress=None) -> dict:
    """The proof of a :class:`~certificates.dual.certificate.Certificate`: the regions, and per region
    and sign multipliers that bound ``+-eta`` on it (exact KKT multipliers where the bound must be
    attained: at the extreme points, the supremum and the margin).

    >>> from arrangement import Arrangement
    >>> from certificates.proofs.checker import check
    >>> cert = Certificate(Arrangement([[1, 0], [0, 1]]), [1, -1])
    >>> check(proof_of_certificate(cert))[1:4]
    ['sup |eta|^2 = 1 over the sphere (p has 2 entries)', 'p is dual feasible: |eta| <= 1 on the sphere', '|eta| = 1 exactly at the 2 listed points (the extreme set)']
    """
    A = cert.arrangement
    proof = proof_of_regions(A, max_regions, progress)
    sup = cert.sup_abs_eta_squared
    feasible = sup <= 1
    holding = {(r, e.sign) for e in cert.extreme_points for r in e.regions} if sup == 1 else set()
    held = {r for r, _ in holding}
    margin = cert.margin_squared_off_extreme if feasible else None
    attained = {"sup": sup == 0, "margin": margin is None or margin == 0}
    bound_of, multipliers_of = screened_bounds(cert, integer_rows(A))
    for region, entry in zip(A.regions(), proof["regions"]):
        for side, key in ((1, "up"), (-1, "down")):
            limit = margin if feasible and region.index not in held else sup
            exact_needed = (region.index, side) in holding
            if not exact_needed:
                bound = bound_of(region.index, side)
                if bound <= limit and bound != limit and not (sup == 1 and bound == 1):
                    multipliers = multipliers_of(region.index, side)
                    if multipliers:
                        entry[key] = multipliers
                    continue
            e = cert.region_extremum(region.index, side)
            if e.value_squared == sup:
                attained["sup"] = True
            if margin is not None and region.index not in held and e.value_squared == margin:
                attained["margin"] = True
            if e.multipliers:
                entry[key] = data_multipliers(A, A.walls(region.index), e.multipliers)
    if not all(attained.values()):
        raise AssertionError("internal error: the supremum or the margin is attained in no region")
    claims = proof["claims"]
    claims.update({"p": [str(v) for v in cert.p], "sup_abs_eta_squared": str(sup)})
    if feasible:
        claims["extreme_points"] = [{"w": [str(v) for v in e.w], "sign": e.sign} for e in cert.extreme_points]
        claims["margin_squared"] = str(margin)
        if all(nd.nondegenerate for nd in cert.nondegeneracy()):   # degeneracy is not a checked claim
            claims["nondegenerate"] = True
        if cert.y is not None and cert.lam is not None and cert.solutions and cert.solutions.consistent:
            claims.update({"y": [str(v) for v in cert.y], "lam": str(cert.lam), "unique": cert.unique,
                           "minimisers": [[str(v) for v in a] for a in cert.solutions.minimisers]})
    return bind(proof, A)


def write_proof(proof: dict, path) -> None:
    """Write the proof as JSON atomically (a temporary file in the same folder, then a rename)."""
    try:
        write_atomically(path, lambda handle: json.dump(proof, handle, separators=(",", ":")), "w")
    except OSError as exc:
        raise DualcertError(f"cannot write the proof to {path}: {exc.strerror}") from None
