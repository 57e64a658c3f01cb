"""Proof files of exact fits (``lambda = 0``: ``min |mu|_TV`` subject to ``K mu = y``).

The exact fit's minimiser is exact in every status, and so is a dual optimal vector ``p``
(``p_0`` itself when the status is ``exact``; for ``verified`` and ``numerical`` an exact dual
optimum near ``p_0``, the report's ``p``).  Weak duality proves both: ``K mu = y`` exactly,
``sup |eta_p| <= 1`` region by region, ``eta_p(w_i) = sign a_i`` at every atom and
``|mu|_TV = <y, p>``; the proof is the exact one of
:func:`~certificates.proofs.producer.proof_of_solution` (over Q or a number field) for that
``p``.  For an ``exact`` answer, the claim ``p0`` proves
``p`` the minimal-norm dual optimum ``p_0`` (vectors ``z_i`` with ``p = sum_i G_i^T z_i``: the
least-norm point of an affine set holding every dual optimum); otherwise ``p0`` is listed as
not covered and the claim ``p0_ball`` proves a ball around p holding p_0 (``|p - p_0|`` at most
the distance of p to the least-norm point of that affine set, which the checker computes).

>>> from arrangement import Arrangement
>>> from certificates import exact_fit
>>> from certificates.proofs.checker import check
>>> from certificates.proofs.producer import proof_of_solution
>>> A = Arrangement([[1, 0], [0, 2]])
>>> lines = check(proof_of_solution(A, exact_fit(A, [1, 1]), [1, 1]))      # exact_dual_solution, mark_p0
>>> lines[-2], lines[-1]
('this measure (1 atoms) is a minimiser and p the dual optimum, objective ~1.11803398875 in Q(theta)', 'p is the minimal-norm dual optimum p_0 (the least-norm point of an affine set of all dual optima)')
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

__all__ = ["is_exact_fit", "exact_dual_solution", "mark_p0", "p0_not_covered"]

LIMIT_PROOF = "exact fit: solution polytope"      # the solver's mark of a LimitFit answer


def is_exact_fit(solution) -> bool:
    """Whether ``solution`` is an exact fit answered by the solution-polytope route (exact atoms
    and an exact dual optimum in every status)."""
    return Fraction(solution.lam_problem) == 0 and (solution.solver or {}).get("proof") == LIMIT_PROOF


def exact_dual_solution(solution):
    """The exact fit as an ``exact`` answer with its exact dual optimum as ``p`` (``p_0`` itself
    when the status is ``exact``), for the exact proof of a solution."""
    import sympy
    dual = tuple(sympy.sympify(v, rational=True) for v in solution.certificate["p"])
    return replace(solution, status="exact", p_exact=dual, solver={**solution.solver, "proof": "exact dual optimum"})


def mark_p0(proof: dict, solution, A) -> dict:
    """Claim ``p0`` in the proof of an exact fit whose minimiser the proof covers, or list it
    (and its ball) as not covered."""
    from .regions import at_least, bind
    claims = proof["claims"]
    if "atoms" not in claims:            # the exact route gave up (no number field): nothing more to add
        return proof
    if solution.status == "exact":
        z = _least_norm_witness(A, solution, proof)
        if z is not None:
            claims["p0"] = z
            proof["format"] = at_least(proof["format"], 1)      # the minor version that added p0
            return bind(proof, A)
    what = ("p is an exact dual optimal vector; that it is the minimal-norm one p_0 (the limit of "
            "p_lambda as lambda -> 0) is the solver's claim, not re-checked")
    if _ball_checks(proof, A):
        what += "; the claim p0_ball bounds |p - p_0|"
    claims["not_covered"] = {**claims.get("not_covered", {}), "p0": what}
    return bind(proof, A)


def _ball_checks(proof: dict, A) -> bool:
    """Add the claim ``p0_ball`` (the checker derives the ball around p holding p_0) if the
    checker proves it; nothing written here is trusted."""
    from . import checker
    from .regions import at_least, bind
    proof["claims"]["p0_ball"], version = True, proof["format"]
    proof["format"] = at_least(version, 2)                  # the minor version that added p0_ball
    try:
        if "p0_ball" in {c["claim"] for c in checker.verdict(bind(proof, A))["claims"] if c["status"] == "proved"}:
            return True
    except checker.Malformed:
        pass
    del proof["claims"]["p0_ball"]
    proof["format"] = version
    return False


def p0_not_covered(proof: dict, A, solution) -> dict:
    """An exact fit's answer names its dual vector p_0 (minimal norm): list ``p0`` as not covered
    unless the proof claims it or already lists it (an end-game proof proves p dual optimal only)."""
    from .regions import at_least, bind
    claims = proof["claims"]
    if "p0" in claims or "p0" in claims.get("not_covered", {}):
        return proof
    z = _least_norm_witness(A, solution, proof) if "atoms" in claims and solution.p_exact is not None else None
    if z is not None:                       # an exact end-game answer whose p is p_0 after all
        claims["p0"], proof["format"] = z, at_least(proof["format"], 1)
        return bind(proof, A)
    claims["not_covered"] = {**claims.get("not_covered", {}), "p0": "that p is the minimal-norm dual optimum p_0 "
                             "(the limit of p_lambda as lambda -> 0) is not re-checked"}
    return bind(proof, A)


def _least_norm_witness(A, solution, proof):
    """``z_i`` (per atom, d numbers of the proof's field) with ``p = sum_i G_i^T P_i z_i``, ``G_i``
    the rows ``x_j`` with ``<x_j, w_i> > 0`` and ``P_i`` the projector onto the span of w_i's face
    (the checker's claim ``p0``); None when p is not such a combination."""
    import sympy
    elements = proof["claims"]["p"]
    D = len(proof["field"]["polynomial"]) - 1 if "field" in proof else 1
    coefficients = [[Fraction(c) for c in (e if isinstance(e, list) else [e])] + [Fraction(0)] * D for e in elements]
    columns = []
    for atom in solution.atoms:
        side = [sympy.simplify(sum(sympy.Rational(x) * v for x, v in zip(row, atom.w_exact))) for row in A.X]
        if any(v.is_zero is None or (not v.is_zero and v.is_positive is None) for v in side):
            return None                          # a sign sympy cannot decide: no claim
        rows = sympy.Matrix([[sympy.Rational(x) for x in row] for row in A.X])
        zero = [j for j, v in enumerate(side) if v.is_zero]
        Z = rows.extract(zero, list(range(A.d))) if zero else sympy.zeros(0, A.d)
        basis = Z.T.columnspace()                # the zero rows' span; P projects onto its complement
        if basis:
            B = sympy.Matrix.hstack(*basis)
            P = sympy.eye(A.d) - B * (B.T * B).inv() * B.T
        else:
            P = sympy.eye(A.d)
        projected = rows * P                     # row j: P x_j (P symmetric)
        columns += [[projected[j, c] if side[j].is_positive else 0 for j in range(A.n)] for c in range(A.d)]
    M = sympy.Matrix(columns).T
    z = []
    for m in range(D):
        try:
            solved, free = M.gauss_jordan_solve(sympy.Matrix([sympy.Rational(c[m]) for c in coefficients]))
        except ValueError:
            return None
        z.append([Fraction(str(v)) for v in solved.subs({t: 0 for t in free})])
    out = []
    for k in range(len(columns)):
        c = [z[m][k] for m in range(D)]
        while len(c) > 1 and c[-1] == 0:
            c.pop()
        out.append(str(c[0]) if len(c) == 1 else [str(v) for v in c])
    return [out[i * A.d:(i + 1) * A.d] for i in range(len(solution.atoms))]
