"""Proof files of exact fits (``lambda = 0``: ``min |mu|_TV`` subject to ``K mu = y``).

The exact fit's minimiser is exact in every status, and so is a dual optimal vector ``p``
(``p_0`` itself when the status is ``exact``; for ``verified`` and ``numerical`` an exact dual
optimum near ``p_0``, the report's ``p``).  Weak duality proves both: ``K mu = y`` exactly,
``sup |eta_p| <= 1`` region by region, ``eta_p(w_i) = sign a_i`` at every atom and
``|mu|_TV = <y, p>``; the proof is the exact one of
:func:`~certificates.proofs.producer.proof_of_solution` (over Q or a number field) for that
``p``.  What the checker does not re-derive is listed as not covered: that ``p`` is the
minimal-norm dual optimum ``p_0`` (the limit of ``p_lambda``), and for a ball the ball.

>>> from arrangement import Arrangement
>>> from certificates import exact_fit
>>> from certificates.proofs.checker import check
>>> from certificates.proofs.producer import proof_of_solution
>>> A = Arrangement([[1, 0], [0, 2]])
>>> lines = check(proof_of_solution(A, exact_fit(A, [1, 1]), [1, 1]))      # exact_dual_solution, mark_p0
>>> lines[-2], lines[-1][:66]
('this measure (1 atoms) is a minimiser and p the dual optimum, objective ~1.11803398875 in Q(theta)', 'not covered: p is an exact dual optimal vector; that it is the min')
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

__all__ = ["is_exact_fit", "exact_dual_solution", "mark_p0"]

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
    """List ``p_0`` (and its ball) as not covered in the proof of an exact fit whose minimiser
    the proof covers."""
    from .regions import bind
    claims = proof["claims"]
    if "atoms" not in claims:            # the exact route gave up (no number field): nothing more to add
        return proof
    radius = solution.certificate.get("p_radius")
    what = ("p is an exact dual optimal vector; that it is the minimal-norm one p_0 (the limit of "
            "p_lambda as lambda -> 0) is the solver's claim (least-norm point of the charged extreme "
            "points' affine set), not re-checked")
    if solution.status != "exact":
        what += ("; p_0 lies within " + (f"{radius:.3g} of p (a ball from weak duality of the "
                 "minimal-norm problem)" if radius is not None else "an unproved distance of p"))
    claims["not_covered"] = {**claims.get("not_covered", {}), "p0": what}
    return bind(proof, A)
