"""The exact end-game: from a numerical solution to a status ``exact``, ``verified`` or ``numerical``.

1. Read the atoms' faces off the numerical atoms at increasing zero tolerances (a guess; nothing
   below trusts it).
2. Write the optimality system for those faces (:mod:`certificates.solver.endgame.optimality`), polish by
   Newton, and prove a zero optimal (:mod:`certificates.solver.endgame.verification`); if the plain system is
   singular and antipodal pairs are present, use the paired form.
3. Look for the zero exactly (:mod:`certificates.solver.endgame.algebraic`): ``exact`` when found and checked
   exactly (in ``Q`` or in a number field); a rational ``p`` is then also re-certified from
   scratch by :class:`~certificates.dual.certificate.Certificate`.  A proof of step 2 that
   failed only on a degeneracy (a zero wall multiplier, an atom on a wall, an amplitude 0)
   still has its Krawczyk box: a rational zero there is given to the exact gate alone.
4. If no face guess can be proved, enclose ``p*`` by the duality gap
   (:mod:`certificates.solver.endgame.duality`): still ``verified`` for ``p*``, the optimal value and the support
   bound, with numerical atoms; for the exact fit (no strong concavity): ``numerical``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import chain, islice
from types import SimpleNamespace

import numpy as np
from flint import arb

from arrangement.linalg import fmpq_of, fraction_of_exact_arb

from .algebraic import exact_point, exact_solution_or_why, rational_zero
from ...dual.certificate import Certificate
from ...results.build import certificate_report, enclosure_report, gap_report, uncertified_report
from ...results.schema import CertificateReport
from .duality import float_below, gap_enclosure
from .faces import FACE_TOLERANCES, float_face, merge_by_face, merge_close
from .gate import exact_face, exact_gate, is_zero
from .idle import with_idle
from .optimality import OptimalitySystem, antipodal_pairs, identify_faces
from ...exact.convert import fraction_of_sympy, sympy_of
from ...exact.intervals import VERIFY_BITS, precision
from ...exact.refusal import Refusal
from .verification import dropped_atoms, independent_support, krawczyk, verify
from .vertex_guess import vertex_atoms

__all__ = ["Outcome", "certify_numerical", "listed_atoms", "numerical_outcome"]

VERTEX_ROUTE = "an exact LP vertex of the solution polytope over Ext(eta)"
VERIFIED_RELATIVE_RADIUS = 1e-3   # a duality-gap ball wider than this (relative to |p|) proves too little
_NO_ENCLOSURE = SimpleNamespace(delta=None, vertex=None)   # a rational zero needs no split of pairs
EXACT_UNKNOWNS = 256
"""Above this many unknowns an exact zero is not searched for (the verified box stands): every exact
route starts with a dozen 400-bit Newton steps, each a dense interval solve of that size
(diabetes[bmi,bp] at lambda 100: 475 unknowns, minutes of CPU and over a gigabyte)."""


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str
    atoms: tuple          # (w, amplitude, face, w_exact, amplitude_exact[, w_enclosure, amplitude_enclosure])
    p: tuple
    p_exact: tuple | None
    dual_objective: float | None    # None: the caller bounds it (a numerical p, or an exact optimum)
    report: CertificateReport
    proof: str
    evidence: dict | None = None     # plain data a proof file is written from (certificates.proof)
    objective_enclosure: str | None = None   # arb ball of the optimal value (interval route)


def listed_atoms(arrangement, float_atoms) -> tuple:
    """Float atoms ``(w, sign, magnitude)`` as an :class:`Outcome` lists unproved atoms:
    ``(w, signed amplitude, face read at the strictest tolerance, None, None)``.

    >>> from arrangement import Arrangement
    >>> listed_atoms(Arrangement([[1, 0], [0, 1]]), [((0.6, 0.8), -1, 2.0)])
    (((0.6, 0.8), -2.0, '++', None, None),)
    """
    return tuple((tuple(float(v) for v in w), float(s * c), float_face(arrangement, w, FACE_TOLERANCES[0]), None, None)
                 for w, s, c in float_atoms)


def numerical_outcome(arrangement, y, lam, numeric_p, float_atoms, reason: str,
                      dual: Fraction | None = None) -> Outcome:
    """The answer when nothing could be proved: the float atoms and dual vector, and ``reason``.
    Its ``dual_objective`` is ``dual`` (the exact objective of a feasible dual point) rounded
    down, or None: the objective at the float ``p`` is no lower bound (``p`` need not be
    feasible), and the caller bounds it (:func:`~certificates.solver.endgame.duality.dual_lower_bound`)
    only for the answer it keeps."""
    return Outcome("numerical", reason, listed_atoms(arrangement, float_atoms), tuple(float(v) for v in numeric_p),
                   None, None if dual is None else float_below(dual), uncertified_report(arrangement, reason), "none")


def _below(a: str, b: str) -> bool:
    """Whether face ``a`` lies in the closure of face ``b`` (``b`` agrees with ``a`` off a's zeros)."""
    return a != b and all(u == v or u == "0" for u, v in zip(a, b))


def _merge_comparable(merged, upward: bool):
    """Merge same-sign atoms whose faces are nested (a closed region holds one extreme point per
    sign): into the larger face (``upward``) or the smaller one."""
    out = list(merged)
    changed = True
    while changed:
        changed = False
        for i, (a, ca) in enumerate(out):
            for k, (b, cb) in enumerate(out):
                if a.sign == b.sign and _below(a.face, b.face):
                    keep = b if upward else a
                    out = [item for m, item in enumerate(out) if m not in (i, k)] + [(keep, ca + cb)]
                    changed = True
                    break
            if changed:
                break
    return sorted(out, key=lambda kv: (-kv[0].sign, kv[0].face))


def _face_guesses(arrangement, float_atoms):
    seen = set()
    for tolerance in FACE_TOLERANCES:
        merged = identify_faces(arrangement, float_atoms, tolerance)
        top = max((c for _, c in merged), default=0.0)
        significant = [(atom, c) for atom, c in merged if c > 1e-4 * top]   # a vanishing atom is a guess too
        for guess in (merged, _merge_comparable(merged, False), _merge_comparable(merged, True), significant):
            key = tuple(atom for atom, _ in guess)
            if key not in seen:
                seen.add(key)
                yield guess


def optimality_systems(arrangement, y, lam, numeric_p, float_atoms):
    """Candidate systems with Newton-polished zeros, in the order they are tried."""
    seen = set()
    guesses = _face_guesses(arrangement, float_atoms)
    sparse = vertex_atoms(arrangement, float_atoms) if lam > 0 else None
    if sparse is not None and len(sparse) < len(float_atoms):   # the thinned atoms first, then all
        guesses = chain(islice(_face_guesses(arrangement, sparse), 4), guesses)
    for merged in guesses:
        faces = tuple(atom for atom, _ in merged)
        for pairs in (False, True):
            if (faces, pairs) in seen or (pairs and (lam == 0 or not antipodal_pairs(faces))):
                continue
            seen.add((faces, pairs))
            system = OptimalitySystem(arrangement, y, lam, faces, pairs=pairs)
            x = system.newton(system.start(numeric_p, [c for _, c in merged])) if system.consistent else None
            yield system, x




def _merge_exact(atoms) -> list:
    """Atoms at the same exact point become one (amplitudes added); zero amplitudes are dropped."""
    merged: list = []
    for w, a in atoms:
        for k, (w2, a2) in enumerate(merged):
            if all(is_zero(u - v) for u, v in zip(w, w2)):
                merged[k] = (w2, a2 + a)
                break
        else:
            merged.append((tuple(w), a))
    return [(w, a) for w, a in merged if not is_zero(a)]


def exact_atoms(arrangement, atoms) -> tuple:
    """``(w, amplitude, face, w_exact, amplitude_exact)`` with sympy exact entries."""
    out = []
    for w, a in atoms:
        w = tuple(sympy_of(v) if isinstance(v, Fraction) else v for v in w)
        a = sympy_of(a) if isinstance(a, Fraction) else a
        out.append((tuple(float(v) for v in w), float(a), exact_face(arrangement, w), w, a))
    return tuple(out)


def _exact_outcome(arrangement, y, lam, system, enclosure, exact):
    """The exact candidate of a verified system through :func:`~certificates.solver.endgame.gate.exact_gate`:
    the ``Outcome``, or a :class:`~certificates.exact.refusal.Refusal` saying why it failed.  Candidates in order: the system's own
    atoms (coinciding atoms merged); for a rational ``p``, a vertex of the solution polytope
    ``{a : Phi a = b, t_i a_i >= 0}`` over ``Ext(eta_p)`` found by an exact LP, which is a minimiser whenever ``p`` is optimal (the antipodal-pair split of the
    system may leave that polytope)."""
    delta = enclosure.delta
    # antipodal pairs: the split is fixed off a basis at rationals near the verified split, the
    # simplest first (small denominators give readable amplitudes); the gate decides each one
    guides = [None] if delta is None else [[Fraction(float(v.mid())).limit_denominator(bound) for v in delta]
                                           for bound in (1, 100, 10 ** 6, 10 ** 12)]
    p, first_atoms = exact_point(system, exact, guides[0])
    rational = all(v.is_Rational for v in p)
    sparse = []
    if enclosure.vertex is not None:   # the verified vertex split, exactly: delta_a = sigma_a s_a off the basis
        basic, sigma = enclosure.vertex[0], dict(enclosure.vertex[1])
        c = exact[system.r + system.rho:]
        sparse = [[None if a in basic else sigma[a] * c[a] for a in range(len(system.pairs))]]

    def candidates():
        vertex = None
        if rational:
            vertex = [(e.w, a) for e, a in zip(cert.extreme_points, solutions.minimisers[0]) if a != 0]
        if vertex is not None and cert.unique is not True:   # not unique: the sparse one first
            yield VERTEX_ROUTE, vertex
        for guide in sparse + guides:
            atoms = first_atoms if guide is guides[0] else exact_point(system, exact, guide)[1]
            route = "the optimality system" + (", its antipodal pairs split at a vertex" if guide in sparse else "")
            yield route, _merge_exact([wa for k, wa in enumerate(atoms) if k not in system.ghosts])
        if vertex is not None:
            yield VERTEX_ROUTE, vertex

    report = None if rational else enclosure_report(arrangement, system, enclosure, exact=(p, first_atoms))
    proof = None if rational else "interval arithmetic (Krawczyk box, Lipschitz bound off the atoms)"
    if rational:
        p = [fraction_of_sympy(v) for v in p]
        cert = Certificate(arrangement, p, y=y, lam=lam) if lam > 0 else Certificate(arrangement, p, b=y)
        solutions = cert.solutions
        if solutions is None or not solutions.consistent:
            return Refusal("the exact p is not optimal (certificate module)")
        report = certificate_report(cert)
    checked = Refusal("no candidate")
    for route, candidate in candidates():
        checked = exact_gate(arrangement, y, lam, p, candidate, proof)
        if not isinstance(checked, Refusal):
            p_float = tuple(float(v) for v in p)
            p_exact = tuple(sympy_of(v) for v in p) if rational else tuple(p)
            reason = (f"proved exactly; atoms from {route}; checked: sup |eta| <= 1 "
                      f"({'exact certificate' if rational else proof}), eta(w_i) = sign(a_i), "
                      f"K mu = y - lambda p, primal objective = dual objective")
            return Outcome("exact", reason, exact_atoms(arrangement, candidate), p_float, p_exact,
                           None, report, "optimality system, solved exactly")
    return checked


def _zero_measure(arrangement, y, lam, float_atoms):
    """``mu = 0`` when it is optimal: ``p = y / lambda`` feasible (the exact fit: only ``y = 0``,
    where ``p_0 = 0`` is the minimal-norm dual solution).  Tried when the numerical fit is
    negligible against ``y``; decided exactly by the gate."""
    y = [Fraction(v) for v in y]
    top = max((abs(v) for v in y), default=Fraction(0))
    scale = float(np.abs(arrangement.X_float).max(initial=0))
    fitted = sum((c for _, _, c in float_atoms), 0.0) * scale
    if top > 0 and (lam == 0 or not fitted <= 1e-3 * float(top)):
        return None
    p = [Fraction(0)] * len(y) if lam == 0 else [v / lam for v in y]
    if isinstance(exact_gate(arrangement, y, lam, p, []), Refusal):
        return None
    cert = Certificate(arrangement, p, y=y, lam=lam) if lam > 0 else Certificate(arrangement, p, b=y)
    reason = ("proved exactly: mu = 0 is optimal, p = y / lambda is dual feasible (exact certificate) "
              "and the primal objective 1/2 |y|^2 equals the dual objective" if lam > 0 else
              "proved exactly: y = 0 is fitted by mu = 0, and p_0 = 0 is the minimal-norm dual solution")
    p_float = tuple(float(v) for v in p)
    return Outcome("exact", reason, (), p_float, tuple(sympy_of(v) for v in p),
                   None, certificate_report(cert), "zero measure, checked exactly")


def _enclosures_agree(arrangement, y, lam, system, enclosure) -> str | None:
    """The final check of a ``verified`` answer: arb enclosures of the primal objective of the
    enclosed atoms and of the dual objective at the enclosed ``p`` overlap (they are equal at the
    exact zero inside the box), and their difference is certified below ``1e-9 max(1, |value|)``.
    The enclosure of the optimal value (their intersection, as arb prints it) when it holds."""
    with precision(VERIFY_BITS):
        lam_arb = arb(fmpq_of(lam))
        yq = [arb(fmpq_of(v)) for v in y]
        fit = [arb(0)] * arrangement.n
        tv = arb(0)
        for k, (atom, w, c) in enumerate(zip(system.atoms, enclosure.w, enclosure.c)):
            if k in system.ghosts:
                continue
            tv += c
            for j, x in enumerate(arrangement.X):
                if atom.face[j] == "+":
                    fit[j] += atom.sign * c * sum((wk * arb(fmpq_of(xk))
                                                   for wk, xk in zip(w, x)), arb(0))
        if lam == 0:
            primal = tv
            dual = sum((yj * pj for yj, pj in zip(yq, enclosure.p)), arb(0))
        else:
            primal = sum(((f - yj) * (f - yj) for f, yj in zip(fit, yq)), arb(0)) / 2 + lam_arb * tv   # ** 2 of a ball around 0 is nan
            dual = lam_arb * sum((yj * pj for yj, pj in zip(yq, enclosure.p)), arb(0)) \
                - lam_arb * lam_arb / 2 * sum((pj * pj for pj in enclosure.p), arb(0))
        difference = primal - dual
        agree = bool(difference.contains(0)) and bool(
            difference.abs_upper() <= 1e-9 * max(1.0, float(abs(dual.mid()))))
        # the optimal value is the dual objective at the exact p* inside the box
        return dual.str(15) if agree else None


def _krawczyk_evidence(system, x) -> dict:
    """What a proof file of the Krawczyk box is written from (:mod:`certificates.proofs.enclosure`)."""
    faces = tuple((a.face, a.sign) for a in system.atoms[:len(system.atoms) - len(system.ghosts)])
    idle = {"idle": tuple((system.atoms[i].face, system.atoms[i].sign) for i in sorted(system.idle))} if system.idle else {}
    return {"kind": "krawczyk", "faces": faces, "pairs": bool(system.pairs), "x": tuple(float(v) for v in x), **idle}


def _chosen(system, enclosure, atoms: int) -> str:
    """How the listed minimiser was chosen among several (empty when the system fixes it)."""
    if not system.pairs:
        return ""
    if enclosure.vertex is None and independent_support(system, enclosure):
        return (f"the minimiser listed ({atoms} atoms) is a vertex of the solution polytope (the features "
                f"of its atoms are proved independent; the {len(system.pairs)} antipodal pairs split with "
                "the largest slack, the antipodes of the single atoms without mass); ")
    if enclosure.vertex is None:
        return (f"the minimiser listed ({atoms} atoms) splits the {len(system.pairs)} antipodal pairs "
                "with the largest slack (no vertex split was proved); ")
    return (f"the minimiser listed ({atoms} atoms) splits the antipodal pairs at a vertex: all but "
            f"{len(enclosure.vertex[0])} of the {len(system.pairs)} pairs charge one atom only; ")


# a zero amplitude, an atom on a wall / with a zero wall multiplier, or |eta| = 1 at a point without
# mass that the system does not fix (a second minimiser's atom: not unique, never provable by intervals)
_DEGENERATE = ("an amplitude", "atom ", "the certificate off the atoms")


def _rational_despite(arrangement, y, lam, system, x, why: str):
    """The ``exact`` outcome of a rational zero of ``system`` whose interval proof failed after
    its Krawczyk box was isolated (a zero wall multiplier, an atom on a wall of its face, a
    vanishing amplitude: degenerate, never provable by intervals), else None.  The exact gate
    decides it alone: a feasible rational ``p`` (exact certificate) whose dual objective equals
    the primal objective of the atoms is optimal by weak duality, whatever the box proved."""
    if not why.startswith(_DEGENERATE) or system.size > EXACT_UNKNOWNS:
        return None
    box = krawczyk(system, x)
    exact = None if box is None else rational_zero(system, box)
    if exact is None:
        return None
    outcome = _exact_outcome(arrangement, y, lam, system, _NO_ENCLOSURE, exact)
    return None if isinstance(outcome, Refusal) else replace(outcome, evidence=_krawczyk_evidence(system, x))


def certify_numerical(arrangement, y, lam: Fraction, numeric_p, float_atoms, first=(), guesses=None,
                      field_groups=None) -> Outcome:
    """Run the end-game on a numerical solution (``float_atoms``: ``(w, sign, magnitude)``);
    ``first``: systems with Newton-polished zeros ``(system, x)`` tried before the guesses;
    ``guesses``: how many face guesses to try after them (None: all, then the duality-gap route;
    a number: at most that many, and ``numerical`` when none is proved); ``field_groups``: number
    fields are searched for an exact zero only for systems of at most that many groups (None: all).

    Every ``exact`` outcome has passed :func:`~certificates.solver.endgame.gate.exact_gate`; a candidate that
    fails it falls through to the next route."""
    trivial = _zero_measure(arrangement, y, lam, float_atoms)
    if trivial is not None:
        return trivial
    reason, best, failed, missed = "no atoms could be identified", None, [], ""
    systems = optimality_systems(arrangement, y, lam, numeric_p, float_atoms)
    for system, x in chain(first, systems if guesses is None else islice(systems, guesses)):
        if x is None:
            reason = "the labels are not fitted exactly by atoms on these faces"
            continue
        if not np.all(np.isfinite(x)):
            reason = "Newton's method diverged on the optimality system"
            continue
        residual = float(np.abs(system.residual(x)).max(initial=0))
        if best is None or residual < best[0]:
            best = (residual, system.float_solution(x))
        enclosure = verify(system, x)
        if isinstance(enclosure, Refusal) and "off the atoms" in enclosure.why:
            system, enclosure = with_idle(system, x) or (system, enclosure)
        if isinstance(enclosure, Refusal):
            reason = enclosure.why
            outcome = _rational_despite(arrangement, y, lam, system, x, enclosure.why)
            if outcome is not None:
                return outcome
            continue
        exact = exact_solution_or_why(system, enclosure.box,
                                      fields=field_groups is None or len(system.groups) <= field_groups) \
            if system.size <= EXACT_UNKNOWNS else Refusal(f"not searched for a system of {system.size} unknowns")
        if isinstance(exact, Refusal):
            missed = exact.why
        else:
            outcome = _exact_outcome(arrangement, y, lam, system, enclosure, exact)
            if not isinstance(outcome, Refusal):   # the box stays a proof where the exact numbers cannot be written
                return replace(outcome, evidence=_krawczyk_evidence(system, x))
            failed.append(outcome.why)
            reason = f"an exact candidate failed the final check ({outcome.why})"
        p_float = tuple(float(v.mid()) for v in enclosure.p)
        atoms = tuple((tuple(float(v.mid()) for v in w), float(a.sign * c.mid()), a.face, None, None,
                       tuple(v.str(15) for v in w), (a.sign * c).str(15))
                      for k, (a, w, c) in enumerate(zip(system.atoms, enclosure.w, enclosure.c))
                      if k not in system.ghosts | dropped_atoms(system, enclosure.vertex))
        objective = _enclosures_agree(arrangement, y, lam, system, enclosure)
        if objective is None:
            reason = "the enclosures of the primal and dual objectives are not proved equal to 1e-9"
            continue
        return Outcome("verified", "proved by interval arithmetic on the optimality system (Krawczyk); "
                       + _chosen(system, enclosure, len(atoms))
                       + (f"an exact candidate failed the final check ({failed[-1]})" if failed else
                          f"an exact solution of the optimality system was not identified ({missed})"), atoms,
                       p_float, None, float_below(fraction_of_exact_arb(arb(objective).lower())),
                       enclosure_report(arrangement, system, enclosure), "optimality system, interval arithmetic",
                       evidence=_krawczyk_evidence(system, x), objective_enclosure=objective)
    float_atoms = merge_close(float_atoms, data=(arrangement.X_float, [float(v) for v in y], float(lam)))
    atoms = listed_atoms(arrangement, float_atoms)
    if lam == 0 or guesses is not None:
        return numerical_outcome(arrangement, y, lam, numeric_p, float_atoms, reason)
    gap, gap_atoms = gap_enclosure(arrangement, y, lam, numeric_p, float_atoms), float_atoms
    if best is not None and np.abs(np.asarray(best[1][0]) - np.asarray(numeric_p, dtype=float)).max() < 1e-5:
        sharper = gap_enclosure(arrangement, y, lam, *best[1])   # the Newton-polished candidate
        gap, gap_atoms = (sharper, best[1][1]) if sharper.radius < gap.radius else (gap, gap_atoms)
    size = max(1.0, float(np.abs(np.asarray(gap.centre, dtype=float)).max(initial=0)))
    if gap.radius > VERIFIED_RELATIVE_RADIUS * size:
        note = (f"the optimality system could not be isolated ({reason}), and the duality gap only proves "
                f"|p - p*| <= {gap.radius:.3g}, too loose to call verified")
        return numerical_outcome(arrangement, y, lam, numeric_p, float_atoms, note, gap.dual)
    bound = ""
    if gap.candidates is not None:
        bound = f", every minimiser has at most {len(gap.candidates)} atoms, in the listed (region, sign) pairs"
        merged = [] if not gap.candidates else merge_by_face(arrangement, float_atoms, len(gap.candidates))
        if merged is None:   # keep the largest: the listing must not contradict the proved bound
            kept = sorted(float_atoms, key=lambda atom: -atom[2])[:len(gap.candidates)]
            dropped = sum(c for _, _, c in float_atoms) - sum(c for _, _, c in kept)
            bound += f" (the smaller numerical atoms, total mass {dropped:.3g}, are left out)"
            atoms = listed_atoms(arrangement, kept)
        else:
            atoms = listed_atoms(arrangement, merged)
    note = (f"the optimality system could not be isolated ({reason}); proved instead by the duality gap: "
            f"p* lies within {gap.radius:.3g} of a feasible rational p, the optimal value in "
            f"[{float(gap.dual):.12g}, {gap.primal:.12g}]{bound}; the {len(atoms)} atoms listed are numerical")
    report = gap_report(arrangement, gap, note)
    return Outcome("verified", note, atoms, tuple(float(v) for v in gap.centre), None, float_below(gap.dual), report,
                   "duality gap", {"kind": "gap", "centre": tuple(gap.centre),
                                   "atoms": tuple((tuple(float(v) for v in w), int(s), float(c)) for w, s, c in gap_atoms)})
