"""Proof files of solutions: exact ones over Q or a number field Q(theta), verified ones by
their enclosure (:mod:`~certificates.proofs.enclosure`); regions and certificates are proved by
:mod:`~certificates.proofs.regions`, whose producers this module also offers (an example:
:func:`proof_of_solution`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from arrangement import Arrangement, DataError
from arrangement.numbers import rational_vector

from ..dual.certificate import Certificate
from .exact_fit import exact_dual_solution, is_exact_fit, mark_p0, p0_not_covered
from .regions import FORMAT, bind, data_multipliers, integer_rows, proof_of_regions, screened_bounds, write_proof
from .regions import proof_of_certificate as proof_of_listed_certificate

__all__ = ["proof_of_regions", "proof_of_certificate", "proof_of_solution", "proof_of_field_solution",
           "write_proof", "FORMAT"]


def proof_of_certificate(cert: Certificate, max_regions=None, progress=None) -> dict:
    """The proof of a certificate: its regions listed (:func:`certificates.proofs.regions.proof_of_certificate`),
    or, on a patch or an arrangement of more than :data:`~certificates.dual.tree_oracle.TREE_REGIONS`
    regions, the pruned tree instead (:func:`certificates.proofs.tree.proof_of_certificate_by_tree`).

    >>> proof_of_certificate(Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1]))["claims"]["n_regions"]
    4
    """
    from ..dual.patch import Patch
    from ..dual.tree_oracle import use_tree
    if isinstance(cert.arrangement, Patch) or use_tree(cert.arrangement):
        from .tree import proof_of_certificate_by_tree
        proof = proof_of_certificate_by_tree(cert)
        if proof is not None:
            return proof
    return proof_of_listed_certificate(cert, max_regions, progress)


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
    (:func:`proof_of_field_solution`); for a ``verified`` answer the enclosure the solver proved
    (:func:`certificates.proofs.enclosure.proof_of_enclosure`).

    >>> from arrangement import Arrangement
    >>> from certificates import solve
    >>> from certificates.proofs.checker import check
    >>> A = Arrangement([[3, 4]])
    >>> check(proof_of_solution(A, solve(A, [10], 5), [10]))[-1]
    'this measure (1 atoms) is a minimiser and p the dual optimum, objective 19/2'
    """
    proof = _proof_of_solution(A, solution, y, max_regions, progress)
    return p0_not_covered(proof, A, solution) if Fraction(solution.lam_problem) == 0 else proof


def _proof_of_solution(A: Arrangement, solution, y=None, max_regions=None, progress=None) -> dict:
    if y is None and A.y is None:
        raise DataError("labels y are missing for the proof of a solution")
    # a float label is its shortest decimal (1e-6 is 1/10^6), as the solver reads it, not its binary value
    labels = list(rational_vector(y if y is not None else A.y, "labels y", A.n))
    if is_exact_fit(solution):        # exact p_0 or not, the minimiser and a dual optimum are exact
        proof = _proof_of_solution(A, exact_dual_solution(solution), labels, max_regions, progress)
        return mark_p0(proof, solution, A)
    if solution.solver.get("enumerated") is False:      # the no-enumeration route: the tree, not all regions
        from .tree import proof_of_solution_by_tree
        proof = proof_of_solution_by_tree(A, solution, labels)
        if proof is not None:
            return proof
    if solution.status == "verified":
        from .enclosure import proof_of_enclosure
        return proof_of_enclosure(A, solution, labels, max_regions, progress)
    if solution.status != "exact":
        proof = proof_of_regions(A, max_regions, progress)
        from ..results.build import GAP_PROOF
        what = ("a duality-gap ball: only the optimal value and a ball around p are proved, the atoms "
                "are numerical" if getattr(solution.certificate, "proof", None) == GAP_PROOF else
                "interval or numerical arguments")
        proof["claims"].update({"y": [str(v) for v in labels], "lam": str(Fraction(solution.lam_problem)),
                                "not_covered": {"minimiser": f"optimality of the solution (status {solution.status}: "
                                                f"{what}; not re-checked)"}})
        return bind(proof, A)
    p = _rational_or_none(solution.p_exact)
    atoms = [(_rational_or_none(a.w_exact), _rational_or_none([a.amplitude_exact])) for a in solution.atoms]
    if p is None or any(w is None or a is None for w, a in atoms):
        return proof_of_field_solution(A, solution, labels, max_regions, progress)
    lam = Fraction(solution.lam_problem)
    proof = proof_of_listed_certificate(Certificate(A, p, y=labels, lam=lam if lam > 0 else None), max_regions, progress)
    claims = proof["claims"]
    claims.update({"y": [str(v) for v in labels], "lam": str(lam),
                   "atoms": [{"w": [str(v) for v in w], "amplitude": str(a[0])} for w, a in atoms]})
    dual = sum((v * pj for v, pj in zip(labels, p)), Fraction(0))
    if lam > 0:
        dual = lam * dual - lam * lam * sum((pj * pj for pj in p), Fraction(0)) / 2
    claims["objective"] = str(dual)
    return bind(proof, A)


FILE_DIGITS = 4_000     # of one integer in a proof file (the checker refuses longer ones)


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
    # a grid relative to p's size: p = p' / 2^600 (data in other units) is 0 on the default grid
    top = max((abs(c) for v in p for c in v if c), default=Fraction(1))
    near = [field.approximate(v, 133 + max(0, top.denominator.bit_length() - top.numerator.bit_length()))
            for v in p]
    cert = Certificate(A, near)
    bound_of, multipliers_of = screened_bounds(cert, integer_rows(A))
    below, one = 1 - Fraction(1, 10 ** 9), (Fraction(1),) + (Fraction(0),) * (D - 1)
    extreme = {}
    for region, entry in zip(A.regions(), proof["regions"]):
        for side, key in ((1, "up"), (-1, "down")):
            if bound_of(region.index, side) <= below:
                multipliers = multipliers_of(region.index, side)
            else:
                e = cert.region_extremum(region.index, side)
                if e.value_squared <= below:
                    multipliers = data_multipliers(A, A.walls(region.index), e.multipliers)
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
    the atoms becomes an element of one number field Q(theta) (:mod:`certificates.exact.number_field`),
    the regions get multipliers over Q(theta) (:func:`_field_extrema`), the atoms their amplitude
    vector over the extreme set.  Nothing here is trusted: the checker decides every identity
    modulo f and every sign by intervals.  Numbers that are not algebraic are not covered.

    >>> from arrangement import Arrangement
    >>> from certificates import solve
    >>> from certificates.proofs.checker import check
    >>> A = Arrangement([[1, 0], [0, 1]])                 # one atom (1, 1)/sqrt 2
    >>> proof = proof_of_field_solution(A, solve(A, [1, 1], "1/2"), [1, 1])
    >>> proof["field"]["polynomial"], proof["claims"]["atoms"][0]["w"]
    (['-2', '0', '1'], [['0', '1/2'], ['0', '1/2']])
    >>> check(proof)[-1]
    'this measure (1 atoms) is a minimiser and p the dual optimum, objective ~0.582106781187 in Q(theta)'
    """
    from ..exact.number_field import number_field
    # the forms the solver found them in (one field); p_exact and the atoms show the simplest forms
    values = list(solution.p_in_field or solution.p_exact) + \
        [v for a in solution.atoms for v in (a.in_field or (*a.w_exact, a.amplitude_exact))]
    proof = proof_of_regions(A, max_regions, progress)
    try:
        field, elements = number_field(values)
        numbers = [field.lo, field.hi, *(c for e in elements for c in e)] if field else []
        longest = max((abs(x).bit_length() for c in numbers for x in (c.numerator, c.denominator)), default=0)
        if longest > FILE_DIGITS * 3.32:
            raise ValueError(f"its numbers have about {int(longest / 3.32)} digits, past the "
                             f"{FILE_DIGITS} of an integer in a proof file")
    except (ValueError, NotImplementedError) as exc:
        if (solution.solver.get("evidence") or {}).get("kind") == "krawczyk":   # the box the exact zero lies in
            from .enclosure import proof_of_enclosure
            return proof_of_enclosure(A, solution, labels, max_regions, progress)
        proof["claims"].update({"y": [str(v) for v in labels], "lam": str(Fraction(solution.lam_problem)),
                                "not_covered": {"minimiser": f"optimality of the solution (no number field found: {exc})"}})
        return bind(proof, A)
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
    return bind(proof, A)
