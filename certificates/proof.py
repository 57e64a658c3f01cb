"""Proof files: what :mod:`certificates.checker` needs to re-derive a result on its own.

A proof is one JSON object (format ``dualcert-proof``, version 1; the "Proofs" page of the
documentation gives every key and the mathematics behind it):

* ``data``: the rows exactly as used (bias column included), entries as rational strings;
* ``regions``: per region its ``pattern``, an exact ``witness``, Farkas certificates (``farkas``)
  showing that no other region lies across the walls its listed neighbours do not cover, and
  for a certificate the KKT multipliers (``up``, ``down``) that bound or attain ``+-eta``;
* ``claims``: ``n_regions``; for a certificate ``p``, ``sup_abs_eta_squared``, the extreme points,
  margin and non-degeneracy; with labels ``y`` and ``lam`` the minimisers; for a solution the
  atoms and the objective; ``not_covered``: what the checker cannot re-check.

The producer does the hard work (float guesses, exact solves); nothing it writes is trusted.

>>> from arrangement import Arrangement
>>> from certificates.checker import check
>>> check(proof_of_regions(Arrangement([[1, 0], [0, 1], [1, 1]])))
['the 6 listed regions are all regions of the arrangement (3 distinct hyperplanes)']
"""

from __future__ import annotations

import json
from fractions import Fraction
from math import comb, gcd, lcm

import numpy as np

from arrangement import Arrangement, DataError, DualcertError

from arrangement.files import write_atomically
from arrangement.linalg import independent_integer_rows

from .certificate import Certificate
from .projection import project
from .screening import wall_multipliers

__all__ = ["proof_of_regions", "proof_of_certificate", "proof_of_solution", "proof_of_field_solution",
           "write_proof", "FORMAT"]

FORMAT = {"name": "dualcert-proof", "version": 1}


def _integer_rows(A: Arrangement) -> list:
    """Each row times the lcm of its denominators (the checker's integer rows)."""
    return [[int(v * lcm(*(u.denominator for u in row))) for v in row] for row in A.X]


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
        det = np.linalg.det(B @ B.T)
        c = round(abs(det))
        if c and c < 2 ** 50:
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
    ints = _integer_rows(A)
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
    return {"format": dict(FORMAT), "data": [[str(v) for v in row] for row in A.X], "regions": out,
            "claims": {"n_regions": len(out)}}


def _data_multipliers(A: Arrangement, walls, multipliers) -> dict:
    """Multipliers of the integer wall rows ``s_j x~_j`` -> multipliers of the data rows ``s_j x_j``."""
    rows, index = walls
    out = {}
    for row, j in zip(rows, index):
        if multipliers.get(j, 0):
            t = next(i for i, v in enumerate(A.X[j]) if v)
            out[str(j)] = str(multipliers[j] * abs(Fraction(row[t]) / A.X[j][t]))
    return out


def _screened_bounds(cert: Certificate, ints: list, scale: int = 2 ** 24):
    """Proved bounds for every (region, sign) at once: the float dual multipliers of
    :func:`~certificates.screening.dual_bounds` (one per hyperplane) rounded down to multiples of
    ``1/scale``, and ``|q|^2`` for them evaluated exactly.  Returns ``bound(r, sign)`` (a Fraction)
    and ``multipliers(r, sign)`` (data row -> rational string, in the checker's units)."""
    from .screening import dual_bounds
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
    """The proof of a :class:`~certificates.certificate.Certificate`: the regions, and per region
    and sign multipliers that bound ``+-eta`` on it (exact KKT multipliers where the bound must be
    attained: at the extreme points, the supremum and the margin).

    >>> from arrangement import Arrangement
    >>> from certificates.checker import check
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
    bound_of, multipliers_of = _screened_bounds(cert, _integer_rows(A))
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
                entry[key] = _data_multipliers(A, A.walls(region.index), e.multipliers)
    if not all(attained.values()):
        raise AssertionError("internal error: the supremum or the margin is attained in no region")
    claims = proof["claims"]
    claims.update({"p": [str(v) for v in cert.p], "sup_abs_eta_squared": str(sup)})
    if feasible:
        claims["extreme_points"] = [{"w": [str(v) for v in e.w], "sign": e.sign} for e in cert.extreme_points]
        claims["margin_squared"] = str(margin)
        claims["nondegenerate"] = all(nd["nondegenerate"] for nd in cert.nondegeneracy())
        if cert.y is not None and cert.lam is not None and cert.solutions and cert.solutions.consistent:
            claims.update({"y": [str(v) for v in cert.y], "lam": str(cert.lam), "unique": cert.unique,
                           "minimisers": [[str(v) for v in a] for a in cert.solutions.minimisers]})
    return proof


def _rational_or_none(values):
    """sympy/Fraction numbers -> Fractions, or None if any is irrational."""
    out = []
    for v in values:
        if getattr(v, "is_Rational", True) is False:
            return None
        out.append(Fraction(str(v)))
    return out


def proof_of_solution(A: Arrangement, solution, y=None, max_regions=None, progress=None) -> dict:
    """The proof of a :class:`~certificates.solver.Solution` on its arrangement ``A``: for an
    ``exact`` answer the certificate of ``p`` and the atoms with the objective (weak duality makes
    both optimal), in Q or, for algebraic numbers, in a number field Q(theta)
    (:func:`proof_of_field_solution`); a ``verified`` answer's optimality is listed as not covered.

    >>> from arrangement import Arrangement
    >>> from certificates import solve
    >>> from certificates.checker import check
    >>> A = Arrangement([[3, 4]])
    >>> check(proof_of_solution(A, solve(A, [10], 5), [10]))[-1]
    'this measure (1 atoms) is a minimiser and p the dual optimum, objective 19/2'
    """
    if y is None and A.y is None:
        raise DataError("labels y are missing for the proof of a solution")
    labels = [Fraction(v) for v in (y if y is not None else A.y)]
    if solution.status != "exact":
        proof = proof_of_regions(A, max_regions, progress)
        proof["claims"]["not_covered"] = [f"optimality of the solution (status {solution.status}: interval "
                                          "or numerical arguments are not re-checked)"]
        return proof
    p = _rational_or_none(solution.p_exact)
    atoms = [(_rational_or_none(a.w_exact), _rational_or_none([a.amplitude_exact])) for a in solution.atoms]
    if p is None or any(w is None or a is None for w, a in atoms):
        return proof_of_field_solution(A, solution, labels, max_regions, progress)
    lam = Fraction(solution.lam_problem)
    proof = proof_of_certificate(Certificate(A, p, y=labels, lam=lam if lam > 0 else None), max_regions, progress)
    claims = proof["claims"]
    claims.update({"y": [str(v) for v in labels], "lam": str(lam),
                   "atoms": [{"w": [str(v) for v in w], "amplitude": str(a[0])} for w, a in atoms]})
    dual = sum((v * pj for v, pj in zip(labels, p)), Fraction(0))
    if lam > 0:
        dual = lam * dual - lam * lam * sum((pj * pj for pj in p), Fraction(0)) / 2
    claims["objective"] = str(dual)
    return proof


def _element(a):
    """An element of Q(theta) in the file: a rational string, or its coefficients ``c_0, c_1, ...``."""
    c = list(a)
    while len(c) > 1 and c[-1] == 0:
        c.pop()
    return str(c[0]) if len(c) == 1 else [str(v) for v in c]


def _field_projection(A: Arrangement, field, p, pattern: str, side: int, active) -> tuple:
    """``q = Pi_C(side g_P)`` over Q(theta) with the active walls ``active`` (data rows, guessed
    at a rational p nearby): ``q = side g + F^T lam`` and ``F q = 0`` for the signed active rows
    F, so ``lam = -(F F^T)^{-1} F side g``, rational matrices times the coefficients of p.
    Returns ``(lam, q, |q|^2)``, elements (coefficient tuples); the checker decides the rest."""
    from arrangement.linalg import solve as solve_exactly
    D, plus = field.degree, [j for j in range(A.n) if pattern[j] == "+"]
    g = [[side * sum((p[j][k] * A.X[j][i] for j in plus), Fraction(0)) for k in range(D)] for i in range(A.d)]
    F = [[v if pattern[j] == "+" else -v for v in A.X[j]] for j in active]
    gram = [[sum(a * b for a, b in zip(u, v)) for v in F] for u in F]
    columns = [solve_exactly(gram, [-sum(row[i] * g[i][k] for i in range(A.d)) for row in F]) for k in range(D)]
    if any(c is None for c in columns):
        raise AssertionError("internal error: dependent active walls in an exact projection over Q(theta)")
    lam = [tuple(Fraction(columns[k][t]) for k in range(D)) for t in range(len(F))]
    q = [tuple(g[i][k] + sum((F[t][i] * lam[t][k] for t in range(len(F))), Fraction(0)) for k in range(D))
         for i in range(A.d)]
    norm = [sum(c) for c in zip(*(field.multiply(v, v) for v in q))]
    return dict(zip(active, lam)), q, tuple(norm)


def _field_extrema(A: Arrangement, field, p, proof) -> list:
    """Per region and sign of ``proof``, multipliers that bound ``+-eta_p`` for p in Q(theta):
    rational ones (for a rational p within 1e-40) where the maximum is below 1 by more than
    1e-9, exact ones in Q(theta) (:func:`_field_projection`) elsewhere.  Returns the extreme
    points ``(q, sign)`` with ``|q|^2 = 1``, in the order of the regions."""
    D = field.degree
    near = [field.approximate(v) for v in p]
    cert = Certificate(A, near)
    bound_of, multipliers_of = _screened_bounds(cert, _integer_rows(A))
    below, one = 1 - Fraction(1, 10 ** 9), (Fraction(1),) + (Fraction(0),) * (D - 1)
    extreme = {}
    for region, entry in zip(A.regions(), proof["regions"]):
        for side, key in ((1, "up"), (-1, "down")):
            if bound_of(region.index, side) <= below:
                multipliers = multipliers_of(region.index, side)
            else:
                e = cert.region_extremum(region.index, side)
                if e.value_squared <= below:
                    multipliers = _data_multipliers(A, A.walls(region.index), e.multipliers)
                else:
                    lam, q, norm = _field_projection(A, field, p, region.pattern, side, sorted(e.multipliers))
                    multipliers = {str(j): _element(v) for j, v in lam.items() if any(v)}
                    if norm == one:
                        extreme.setdefault((tuple(q), side), len(extreme))
            if multipliers:
                entry[key] = multipliers
    return sorted(extreme, key=extreme.get)


def proof_of_field_solution(A: Arrangement, solution, labels, max_regions=None, progress=None) -> dict:
    """The proof of an ``exact`` solution whose numbers are algebraic: every number of ``p`` and
    the atoms becomes an element of one number field Q(theta) (:mod:`certificates.number_field`),
    the regions get multipliers over Q(theta) (:func:`_field_extrema`), the atoms their amplitude
    vector over the extreme set.  Nothing here is trusted: the checker decides every identity
    modulo f and every sign by intervals.  Numbers that are not algebraic are not covered.

    >>> from arrangement import Arrangement
    >>> from certificates import solve
    >>> from certificates.checker import check
    >>> A = Arrangement([[1, 0], [0, 1]])                 # one atom (1, 1)/sqrt 2
    >>> proof = proof_of_field_solution(A, solve(A, [1, 1], "1/2"), [1, 1])
    >>> proof["field"]["polynomial"], proof["claims"]["atoms"][0]["w"]
    (['-2', '0', '1'], [['0', '1/2'], ['0', '1/2']])
    >>> check(proof)[-1]
    'this measure (1 atoms) is a minimiser and p the dual optimum, objective ~0.582106781187 in Q(theta)'
    """
    from .number_field import number_field
    # the forms the solver found them in (one field); p_exact and the atoms show the simplest forms
    values = list(solution.p_in_field or solution.p_exact) + \
        [v for a in solution.atoms for v in (a.in_field or (*a.w_exact, a.amplitude_exact))]
    proof = proof_of_regions(A, max_regions, progress)
    try:
        field, elements = number_field(values)
    except (ValueError, NotImplementedError) as exc:
        proof["claims"]["not_covered"] = [f"optimality of the solution (no number field found: {exc})"]
        return proof
    D, n = field.degree, A.n
    p, rest = elements[:n], elements[n:]
    atoms = [(rest[k * (A.d + 1): k * (A.d + 1) + A.d], rest[k * (A.d + 1) + A.d]) for k in range(len(solution.atoms))]
    points = _field_extrema(A, field, p, proof)
    lam = Fraction(solution.lam_problem)
    claims = proof["claims"]
    claims.update({"p": [_element(v) for v in p], "sup_abs_eta_squared": "1",
                   "extreme_points": [{"w": [_element(v) for v in w], "sign": s} for w, s in points],
                   "y": [str(v) for v in labels], "lam": str(lam),
                   "atoms": [{"w": [_element(v) for v in w], "amplitude": _element(a)} for w, a in atoms]})
    amplitudes = {(tuple(w), 1 if field.approximate(a) > 0 else -1): a for w, a in atoms}
    if lam > 0 and set(amplitudes) <= set(points):
        claims["minimisers"] = [[_element(amplitudes.get(point, (Fraction(0),) * D)) for point in points]]
        features = np.array([[max(float(sum(x * field.approximate(v) for x, v in zip(row, w))), 0.0)
                              for w, _ in points] for row in A.X]).reshape(n, len(points))
        if np.linalg.matrix_rank(features) == len(points):
            claims["unique"] = True
    yp = [sum((Fraction(yj) * pj[k] for yj, pj in zip(labels, p)), Fraction(0)) for k in range(D)]
    if lam > 0:
        pp = [sum(c) for c in zip(*(field.multiply(v, v) for v in p))]
        yp = [lam * a - lam * lam * b / 2 for a, b in zip(yp, pp)]
    claims["objective"] = _element(yp)
    proof["field"] = {"polynomial": [str(c) for c in field.polynomial], "interval": [str(field.lo), str(field.hi)]}
    return proof


def write_proof(proof: dict, path) -> None:
    """Write the proof as JSON atomically (a temporary file in the same folder, then a rename)."""
    try:
        write_atomically(path, lambda handle: json.dump(proof, handle, separators=(",", ":")), "w")
    except OSError as exc:
        raise DualcertError(f"cannot write the proof to {path}: {exc.strerror}") from None
