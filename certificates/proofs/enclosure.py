"""Proofs of ``verified`` answers: what the checker needs to re-derive the enclosure on its own.

A ``verified`` answer comes with one of two proofs (:mod:`certificates.solver.endgame`):

* **Krawczyk box** (:mod:`certificates.solver.verification`): the atoms' faces and signs, a box
  for the unknowns ``(p, c)`` of the optimality system (:mod:`certificates.solver.optimality`)
  with rational endpoints, its midpoint, a rational preconditioner ``C ~ J(m)^-1``, per atom
  and region around its face the wall rows whose multipliers are positive on the whole box,
  and for every other (region, sign) pair fixed multipliers that bound ``|eta| < 1`` there.
  The checker re-derives the system from the faces and decides everything in rational
  interval arithmetic (``claims["krawczyk"]``).
* **Duality-gap ball** (:mod:`certificates.solver.duality`): the feasible rational p with the
  certificate of ``sup |eta| <= 1`` and the measure whose primal value bounds the gap
  (``claims["gap"]``): the optimal value and a ball around p* are proved, not the atoms.

Nothing written here is trusted; a box the checker rejects is enlarged (as the solver's own test
does), and if no box passes, the proof says what is not covered.

>>> from certificates import solve
>>> from arrangement import Arrangement
>>> from certificates.proofs.checker import check
>>> A = Arrangement([[-2, 0], [-1, -1], [-5, -5], [-4, -5], [2, 0], [2, -3]], bias=True)
>>> s = solve(A, [1, 3, -1, 0, 5, 3], 2)
>>> s.status, check(proof_of_enclosure(A, s, [1, 3, -1, 0, 5, 3]))[-1][:32]
('verified', 'the minimiser is unique: sum a_i')
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.linalg import qr
from scipy.optimize import linprog

from arrangement import Arrangement
from arrangement.signs import pattern_signs

from ..dual.certificate import Certificate
from ..exact.convert import fraction_of
from ..solver.endgame.optimality import AtomFace, OptimalitySystem
from ..solver.endgame.verification import used_walls, wall_basis
from .regions import at_least, bind, data_multipliers, integer_rows, proof_of_certificate, proof_of_regions, screened_bounds

__all__ = ["proof_of_enclosure", "box_spec", "krawczyk_claims", "IDLE_MINOR", "UNITS_MINOR"]

FACTORS = (4.0, 64.0, 1e3, 1e5, 1e7)   # box radius over |C F(m)|, tried in turn
SCREENED = 1 - Fraction(1, 10 ** 6)    # screened bounds above this level are replaced by exact ones
IDLE_MINOR = 4                         # the format's minor version that added idle atoms
UNITS_MINOR = 5                        # ... and the one that added a change of units


def _strings(values) -> list:
    return [str(v) for v in values]


def proof_of_enclosure(A: Arrangement, solution, labels, max_regions=None, progress=None) -> dict:
    """The proof of a ``verified`` :class:`~certificates.solver.Solution` (one whose ``solver``
    record holds the ``evidence`` of its end-game), or a proof of the regions with the
    optimality listed as not covered."""
    evidence = solution.solver.get("evidence") or {}
    lam = Fraction(solution.lam_problem)
    if evidence.get("kind") == "krawczyk" and evidence.get("units"):
        return _in_units(A, solution, labels, evidence, max_regions, progress)
    if evidence.get("kind") == "gap" and lam > 0:
        return _gap_proof(A, labels, lam, evidence, max_regions, progress)
    proof = proof_of_regions(A, max_regions, progress)
    why = "no evidence of the enclosure was kept" if evidence.get("kind") != "krawczyk" else None
    if why is None:
        listed = {(atom.face, 1 if atom.amplitude > 0 else -1) for atom in solution.atoms}
        why = _krawczyk_claims(A, [Fraction(v) for v in labels], lam, evidence, proof, listed)
    if why is not None:
        proof["claims"].update({"y": _strings(labels), "lam": str(lam),
                                "not_covered": {"minimiser": f"optimality of the solution (status verified: {why})"}})
    return bind(proof, A)


def _in_units(A, solution, labels, evidence, max_regions, progress) -> dict:
    """The proof of an answer solved in other units (``evidence["units"]``: the exponents ``(e, f)``
    of ``X 2^e`` with its bias column, ``y 2^f``, ``lambda 2^(e + f)``): the claims are those of
    the scaled problem, the file is bound to the user's (format 2.5, key ``units``)."""
    from ..solver.rescale import Rescaling
    e, f = evidence["units"]
    units = Rescaling(-e, -f)
    view = units.arrangement(A)
    scaled = [Fraction(v) for v in units.labels(labels)]
    proof = proof_of_regions(view, max_regions, progress)
    listed = {(atom.face, 1 if atom.amplitude > 0 else -1) for atom in solution.atoms}
    why = _krawczyk_claims(view, scaled, units.lam(solution.lam_problem), evidence, proof, listed)
    proof["data"] = [[str(v) for v in row] for row in A.X]
    proof["claims"].update({"y": _strings(labels), "lam": str(Fraction(solution.lam_problem))})
    if why is not None:   # the regions' Farkas rows are still the scaled ones: units stay
        proof["claims"]["not_covered"] = {"minimiser": f"optimality of the solution (status verified: {why})"}
    proof["units"] = {"data": e, "labels": f}
    proof["format"] = at_least(proof["format"], UNITS_MINOR)
    return bind(proof, A)


def _krawczyk_claims(A, labels, lam, evidence, proof, listed=frozenset()):
    """Add ``y``, ``lam`` and ``krawczyk`` to the claims of ``proof``; None, or why not.  With
    antipodal pairs the split of the listed minimiser (``listed``: its atoms' faces and signs) is
    tried first; if only the split with the largest slack passes, ``not_covered`` says so."""
    from . import checker
    faces = [AtomFace(face, sign) for face, sign in evidence["faces"]]
    system = OptimalitySystem(A, labels, lam, faces, pairs=evidence["pairs"],
                              idle=[AtomFace(face, sign) for face, sign in evidence.get("idle", ())])
    if not system.pairs and system.r < A.n:     # lambda = 0: unknowns z with p = B z, B not I
        return ("the exact fit's optimality system keeps p in a subspace (the span of the atoms' "
                "rows); the checker's system has every p_j unknown")
    x = np.array(evidence["x"], dtype=float)
    midpoint = [Fraction(v) for v in x]          # floats are dyadic rationals: exact
    found = box_spec(A, system, x, proof["regions"])
    if found is None:
        return "the Jacobian of the optimality system is singular at the enclosed zero"
    spec, C = found
    splits = [None]
    if system.pairs:
        vertex, slack = _listed_split(system, listed), _split(system, x)
        splits = [split for split in (vertex, slack) if split is not None]
        if not splits:
            return "no basis of the antipodal pairs' locations was found"
        B = system.B
        spec.update({"pairs": [list(pair) for pair in system.pairs],
                     "basis": [[str(fraction_of(B[j, m])) for m in range(B.ncols())] for j in range(B.nrows())]})
    proof["claims"].update({"y": _strings(labels), "lam": str(lam), "krawczyk": spec})
    scale = max(float(np.abs(C @ system.residual(x)).max(initial=0)), 1e-300)
    arrangement, why, first = checker.Arrangement(proof["data"]), "no box passed", None
    for split in splits:
        if split is not None:
            spec["split"] = split
        for factor in FACTORS:
            rho = Fraction(max(factor * scale, 1e-15 * (1 + float(np.abs(x).max(initial=0)))))
            spec["box"] = [[str(v - rho), str(v + rho)] for v in midpoint]
            try:
                checker.check_krawczyk(arrangement, proof["regions"], proof["claims"], lambda line: None)
                if split is not None and split is not vertex and listed and any(
                        (a.face, a.sign) not in listed for k, a in enumerate(system.atoms) if k not in system.ghosts):
                    proof["claims"]["not_covered"] = {"listed_minimiser": (
                        "the minimiser the solver lists leaves some atoms of antipodal pairs without mass; the proof "
                        "is of another minimiser on the same extreme points (every atom charged): the listed split "
                        f"{'failed: ' + first if first else 'is not a vertex split'}")}
                if system.idle and "format" in proof:   # the minor version that added idle atoms
                    proof["format"] = at_least(proof["format"], IDLE_MINOR)
                return None
            except checker.Failed as exc:
                why = str(exc)
                if "step Krawczyk" not in why:
                    break
        first = first or why
    del proof["claims"]["krawczyk"]
    return f"the rational re-check failed: {why}"


krawczyk_claims = _krawczyk_claims
"""Public name of :func:`_krawczyk_claims` (the tree proofs of :mod:`certificates.proofs.tree` use it on a patch)."""


def _listed_split(system, listed):
    """The checker's ``split`` of the listed minimiser when it is a vertex split: every pair with
    one atom listed is at its bound (``"s"``: the first atom takes the pair's mass, ``"-s"`` the
    second), the ``d`` pairs with both atoms listed are basic; None otherwise."""
    if not listed:
        return None
    fixed, basic = [], []
    for a, (i, k) in enumerate(system.pairs):
        here = [(system.atoms[j].face, system.atoms[j].sign) in listed for j in (i, k)]
        fixed.append({(True, True): "0", (True, False): "s", (False, True): "-s"}.get(tuple(here)))
        if all(here):
            basic.append(a)
    if None in fixed or len(basic) != system.arrangement.d or len(basic) == len(fixed):
        return None
    return {"basic": basic, "fixed": fixed}


def box_spec(A: Arrangement, system, x, regions):
    """``(spec, C)``: the checker's ``krawczyk`` object for the float zero ``x`` of ``system``
    without its ``box`` (atoms, midpoint, preconditioner ``C ~ J(x)^-1``, walls), with the
    multipliers of the other (region, sign) pairs written into ``regions``; None if J is singular."""
    p = [Fraction(float(v)) for v in system.float_solution(x)[0]]
    S, walls, covered = A.sign_matrix(), [], set()
    for i, atom in enumerate(system.atoms):
        code = pattern_signs(atom.face)
        off = code != 0
        for region in np.flatnonzero((S[:, off] == code[off]).all(axis=1)).tolist():
            walls.append({"atom": i, "region": region, "rows": _wall_rows(system, i, region, p)})
            covered.add((region, atom.sign))
    _bounding_multipliers(A, p, covered, regions)
    try:
        C = np.linalg.inv(system.jacobian(x))
    except np.linalg.LinAlgError:
        return None
    return {"atoms": [{"face": a.face, "sign": a.sign, **({"idle": True} if i in system.idle else
                                                          {"ghost": True} if i in system.ghosts else {})}
                      for i, a in enumerate(system.atoms)], "midpoint": _strings(Fraction(v) for v in x),
            "preconditioner": [_strings(Fraction(float(v)) for v in row) for row in C], "walls": walls}, C


def _split(system, x):
    """Basic pairs (a basis of the pairs' location vectors ``t w / 2``, by pivoted QR) and rational
    ``delta`` for the others, from a float LP that maximises the slack ``min s_a - |delta_a|``
    (the checker solves for the basic ones over the box and needs every slack > 0)."""
    d, m = system.arrangement.d, len(system.pairs)
    z, v, c = system._split(x)
    _, atoms = system.float_solution(x)
    W = np.array([[atoms[i][1] * atoms[i][0][k] / 2 for i, _ in system.pairs] for k in range(d)]).reshape(d, m)
    A_ub = np.block([[np.eye(m), np.ones((m, 1))], [-np.eye(m), np.ones((m, 1))]])
    lp = linprog(np.r_[np.zeros(m), -1.0], A_ub=A_ub, b_ub=np.r_[c[:m], c[:m]], A_eq=np.c_[W, np.zeros(d)], b_eq=v,
                 bounds=[(None, None)] * (m + 1), method="highs")
    if lp.status != 0 or m < d:
        return None
    basic = sorted(qr(W, pivoting=True)[2][:d].tolist())
    if np.linalg.matrix_rank(W[:, basic]) < d:
        return None
    return {"basic": basic, "fixed": ["0" if a in basic else str(Fraction(float(lp.x[a]))) for a in range(m)]}


def _wall_rows(system, i, region, p) -> list:
    """Data rows of the walls of ``region`` through the face of atom i, independent, those with
    the largest float multipliers of ``t_i g_R - w_i`` first (the checker needs them > 0): the
    basis of :func:`~certificates.solver.endgame.verification.wall_basis`, the one the solver
    proved, less the walls whose multiplier is 0 for every p (none at all when
    ``t_i g_R = w_i`` for every p: eta on the region is then at most 1 without any wall)."""
    if not system.zero[i]:
        return []
    T, W, _, index = wall_basis(system, i, region, p)
    return [index[k] for k in used_walls((W * W.transpose()).inv() * W * T)] if index else []


def _bounding_multipliers(A, p, covered, regions) -> None:
    """Multipliers (``up``/``down``) bounding ``+-eta_p`` on every (region, sign) pair outside
    ``covered``: screened float multipliers where their bound is clearly below 1, the exact KKT
    multipliers at p elsewhere (the checker widens them over the box)."""
    cert = Certificate(A, p)
    bound_of, multipliers_of = screened_bounds(cert, integer_rows(A))
    for region, entry in zip(A.regions(), regions):
        for side, key in ((1, "up"), (-1, "down")):
            if (region.index, side) in covered:
                continue
            if bound_of(region.index, side) <= SCREENED:
                multipliers = multipliers_of(region.index, side)
            else:
                e = cert.region_extremum(region.index, side)
                multipliers = data_multipliers(A, A.walls(region.index), e.multipliers)
            if multipliers:
                entry[key] = multipliers


def _gap_proof(A, labels, lam, evidence, max_regions, progress) -> dict:
    """The certificate of the feasible rational p (exact), and the measure of the primal bound."""
    proof = proof_of_certificate(Certificate(A, list(evidence["centre"])), max_regions, progress)
    proof["claims"].update({"y": _strings(Fraction(v) for v in labels), "lam": str(lam), "gap": {"atoms": [
        {"w": _strings(Fraction(float(v)) for v in w), "amplitude": str(Fraction(float(sign * c)))}
        for w, sign, c in evidence["atoms"]]}, "not_covered": {"minimiser": (
            "a duality-gap ball proves the optimal value and a ball around p*, not the minimiser's atoms "
            "(they are numerical)")}})
    return bind(proof, A)
