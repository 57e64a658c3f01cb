"""The exact end-game: from a numerical solution to a status ``exact``, ``verified`` or ``numerical``.

1. Read the atoms' faces off the numerical atoms at increasing zero tolerances (a guess; nothing
   below trusts it).
2. Write the optimality system for those faces (:mod:`certificates.solver.optimality`), polish by
   Newton, and prove a zero optimal (:mod:`certificates.solver.verification`); if the plain system is
   singular and antipodal pairs are present, use the paired form.
3. Look for the zero exactly (:mod:`certificates.solver.algebraic`): ``exact`` when found and checked
   exactly (in ``Q`` or in a number field); a rational ``p`` is then also re-certified from
   scratch by :class:`~certificates.certificate.Certificate`.
4. If no face guess can be proved, enclose ``p*`` by the duality gap
   (:mod:`certificates.solver.duality`): still ``verified`` for ``p*``, the optimal value and the support
   bound, with numerical atoms; for the exact fit (no strong concavity): ``numerical``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from arrangement.integer import signs
from arrangement.signs import pattern_string

from .algebraic import exact_point, exact_solution
from ..certificate import Certificate
from .duality import gap_enclosure
from .optimality import OptimalitySystem, antipodal_pairs, identify_faces
from .verification import verify

__all__ = ["Outcome", "certify_numerical"]

FACE_TOLERANCES = (1e-9, 1e-7, 1e-5, 1e-3)


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str
    atoms: tuple          # (w, amplitude, face, w_exact, amplitude_exact)
    p: tuple
    p_exact: tuple | None
    dual_objective: float
    report: dict
    proof: str


def _face_string(arrangement, w) -> str:
    values = arrangement.X_float @ np.asarray(w, dtype=float)
    return pattern_string(signs(values) * (np.abs(values) > 1e-9))


def _dual_objective(y, lam, p) -> float:
    """``lambda <y, p> - lambda^2/2 |p|^2`` (equals the optimal value at ``p*``; exact fit: ``<y, p>``)."""
    yv, p, lam = np.array([float(v) for v in y]), np.asarray(p, dtype=float), float(lam)
    return float(yv @ p) if lam == 0 else float(lam * (yv @ p) - 0.5 * lam * lam * (p @ p))


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
        for guess in (merged, _merge_comparable(merged, False), _merge_comparable(merged, True)):
            key = tuple(atom for atom, _ in guess)
            if key not in seen:
                seen.add(key)
                yield guess


def _systems(arrangement, y, lam, numeric_p, float_atoms):
    """Candidate systems with Newton-polished zeros, in the order they are tried."""
    seen = set()
    for merged in _face_guesses(arrangement, float_atoms):
        faces = tuple(atom for atom, _ in merged)
        for pairs in (False, True):
            if (faces, pairs) in seen or (pairs and (lam == 0 or not antipodal_pairs(faces))):
                continue
            seen.add((faces, pairs))
            system = OptimalitySystem(arrangement, y, lam, faces, pairs=pairs)
            x = system.newton(system.start(numeric_p, [c for _, c in merged])) if system.consistent else None
            yield system, x


def _verified_report(arrangement, system, enclosure) -> dict:
    extreme = [{"w": [str(v) for v in w], "sign": atom.sign, "face": atom.face,
                "location": arrangement.location(atom.face)}
               | ({"mass": "none (an Ext point no minimiser charges)"} if k in system.ghosts else {})
               for k, (atom, w) in enumerate(zip(system.atoms, enclosure.w))]
    return {"n": arrangement.n, "d": arrangement.d, "feasible": True, "sup_abs_eta": "1",
            "n_regions": len(arrangement.regions()), "extreme_points": extreme,
            "support_bound": len(system.atoms), "nondegenerate": enclosure.nondegenerate,
            "margin_lower_bound": enclosure.margin_lower.lower().str(15, radius=False),
            "unique": enclosure.unique, "antipodal_pairs": len(system.pairs),
            **({"second_minimiser": [a for k, a in enumerate(enclosure.facts["second"]) if k not in system.ghosts]}
               if "second" in enclosure.facts else {}),
            "p": [str(v) for v in enclosure.p],
            "proof": "interval arithmetic (python-flint arb): Krawczyk box for the optimality system, "
                     "positive amplitudes and wall multipliers, face signs, and the exact certificate at "
                     "the box centre plus a Lipschitz bound off the atoms"}


def _exact_outcome(arrangement, y, lam, system, enclosure, exact) -> Outcome:
    p, atoms = exact_point(system, exact)
    floats = [(tuple(float(v) for v in w), float(a), atom.face, w, a)
              for k, ((w, a), atom) in enumerate(zip(atoms, system.atoms)) if k not in system.ghosts]
    report = _verified_report(arrangement, system, enclosure)
    if all(v.is_Rational for v in p):
        rational = [Fraction(int(v.p), int(v.q)) for v in p]
        cert = Certificate(arrangement, rational, y=y, lam=lam) if lam > 0 else Certificate(arrangement, rational, b=y)
        report = cert.report()
        if not cert.feasible or len(cert.extreme_points) != len(atoms):
            raise AssertionError("internal error: the exact solution failed the certificate module")
    p_float = tuple(float(v) for v in p)
    return Outcome("exact", "", tuple(floats), p_float, tuple(p), _dual_objective(y, lam, p_float), report,
                   "optimality system, solved exactly")


def certify_numerical(arrangement, y, lam: Fraction, numeric_p, float_atoms) -> Outcome:
    """Run the end-game on a numerical solution (``float_atoms``: ``(w, sign, magnitude)``)."""
    reason, best = "no atoms could be identified", None
    for system, x in _systems(arrangement, y, lam, numeric_p, float_atoms):
        if x is None:
            reason = "the labels are not fitted exactly by atoms on these faces"
            continue
        if not np.all(np.isfinite(x)):
            reason = "Newton's method diverged on the optimality system"
            continue
        residual = float(np.abs(system.residual(x)).max(initial=0))
        if best is None or residual < best[0]:
            best = (residual, system.float_solution(x))
        enclosure, reason = verify(system, x)
        if enclosure is None:
            continue
        exact = exact_solution(system, enclosure.box)
        if exact is not None:
            return _exact_outcome(arrangement, y, lam, system, enclosure, exact)
        p_float = tuple(float(v.mid()) for v in enclosure.p)
        atoms = tuple((tuple(float(v.mid()) for v in w), float(a.sign * c.mid()), a.face, None, None)
                      for k, (a, w, c) in enumerate(zip(system.atoms, enclosure.w, enclosure.c))
                      if k not in system.ghosts)
        return Outcome("verified", "an exact solution of the optimality system was not identified", atoms,
                       p_float, None, _dual_objective(y, lam, p_float),
                       _verified_report(arrangement, system, enclosure), "optimality system, interval arithmetic")
    atoms = tuple((tuple(float(v) for v in w), float(s * c), _face_string(arrangement, w), None, None)
                  for w, s, c in float_atoms)
    if lam == 0:
        return Outcome("numerical", reason, atoms, tuple(float(v) for v in numeric_p), None,
                       _dual_objective(y, lam, numeric_p), {"feasible": None, "note": "not certified: " + reason},
                       "none")
    gap = gap_enclosure(arrangement, y, lam, numeric_p, float_atoms)
    if best is not None and np.abs(np.asarray(best[1][0]) - np.asarray(numeric_p, dtype=float)).max() < 1e-5:
        sharper = gap_enclosure(arrangement, y, lam, *best[1])   # the Newton-polished candidate
        gap = sharper if sharper.radius < gap.radius else gap
    note = (f"the optimality system could not be isolated ({reason}); proved instead: p* lies within "
            f"{gap.radius:.3g} of a feasible rational p, the optimal value in [{float(gap.dual):.12g}, "
            f"{gap.primal:.12g}]" + ("" if gap.candidates is None else
                                     f", every minimiser has at most {len(gap.candidates)} atoms, in the listed "
                                     "(region, sign) pairs") + "; the atoms themselves are numerical")
    report = {"feasible": True, "sup_abs_eta": "1", "n_regions": len(arrangement.regions()), **gap.report()}
    return Outcome("verified", note, atoms, tuple(float(v) for v in gap.centre), None, float(gap.dual), report,
                   "duality gap")
