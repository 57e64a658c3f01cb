"""Solving without enumerating the regions, for arrangements with too many of them.

Above :data:`LARGE_REGIONS` regions (counted by the characteristic polynomial, nothing listed),
or :data:`LARGE_ENTRIES` regions times data points, :func:`~certificates.solver.minimiser.solve`
takes this route: column generation over sign
patterns (:mod:`certificates.solver.numeric.pattern_columns`, its oracle the exact tree search),
then the usual end-game on a :class:`~certificates.dual.patch.Patch`: the regions around the
faces the numerical atoms may lie on, found by enumerating only the hyperplanes through each
face.  Whatever the end-game concludes about the rest of the sphere (``sup |eta| <= 1``, with
equality only at the atoms) is decided by the tree search over all regions.
"""

from __future__ import annotations

from fractions import Fraction

from arrangement import DualcertError

from ..dual.patch import IncompletePatch, Patch
from ..dual.tree_frontier import forget, share
from ..dual.tree_oracle import violators
from .endgame.active_set import refined_guess
from .endgame.faces import FACE_TOLERANCES, float_face
from .endgame.gate import exact_face
from .endgame.optimality import OptimalitySystem
from .endgame.routes import Outcome, certify_numerical, numerical_outcome
from .numeric.pattern_columns import pattern_column_generation
from .numeric.tree_columns import leaf_columns
from .problem import FloatScaling, guess_atoms

__all__ = ["LARGE_REGIONS", "LARGE_ENTRIES", "beyond_enumeration", "REFINE_GUESS", "EARLY_STOP", "EARLY_NEAR", "FIELD_GROUPS", "PLAIN_GUESSES",
           "patch_of", "solve_by_patterns", "solve_large", "certify_on_patch", "widened"]

LARGE_REGIONS = 1_000_000
"""Above this many regions :func:`~certificates.solver.minimiser.solve` does not enumerate them."""

LARGE_ENTRIES = 50_000_000
"""Nor above this many regions times data points: the enumerating route keeps a float per
(region, sign) pair and data point (the oracle's warm start) and a sign per region and point.
diabetes[bmi,bp] (173,468 regions, 442 points: 7.7e7) needed 1.4 GB and had no answer in
320 s CPU at lambda 100 that way; without enumeration its answer took 91 s CPU.  The
three-feature iris pair (267,960 regions, 100 points: 2.7e7) stays enumerated."""


def beyond_enumeration(arrangement) -> bool:
    """Whether :func:`~certificates.solver.minimiser.solve` takes this route (the regions counted,
    not listed).

    >>> from arrangement import Arrangement
    >>> beyond_enumeration(Arrangement([[1, 0], [0, 1]]))
    False
    """
    count = arrangement.count_regions()
    return count > LARGE_REGIONS or count * arrangement.n > LARGE_ENTRIES

REFINE_GUESS = True
"""Whether :func:`certify_on_patch` first tries the float active-set refinement of
:mod:`~certificates.solver.endgame.active_set` (a guess: when the end-game refutes it, the
numerical atoms are tried as before, at the cost of one more attempt)."""


EARLY_STOP = True
"""Whether :func:`solve_large` tries the end-game on the refined face guess of every
column-generation iterate that sampling finds no violated pair for, and stops at the first one
it proves (the end-game's proof is complete by itself: ``sup |eta| <= 1`` off the atoms by the
tree search over every region), instead of first proving the float solution optimal by the tree."""


EARLY_NEAR = 2e-3
"""An early attempt is made only after a round whose largest violation found (``max eta^2``
over the new columns) was below ``1 + EARLY_NEAR``: the master problem is then nearly dual
feasible, and a guess from an iterate further off cost a tree search to refute (a region
the columns had not reached yet exceeding 1 at the guess's p).  After a round fed by a refuted
guess, that largest value is its refuting leaves' (at the guess's p): trying the next iterate
anyway cost iris:virginica-rest at lambda 1/10 a second refutation (21 - 28 s CPU) before column
generation's own search, which it now goes to at once (149 s CPU instead of 178, the same answer)."""

FIELD_GROUPS = 4
"""On this route the end-game searches number fields for an exact zero only when the optimality
system has at most this many groups (atoms and pairs): its coordinates solve one quadratic norm
equation per group, so a coupled system of g groups has zeros of degree up to 2^g (xor with a
bias at lambda 1/10: 3 atoms, degree 8), and past 4 groups a field of degree at most 16 (the
most the search tries) is rare, while the search (Newton at 8200 bits on n + g unknowns, then
integer relations) cost 20 - 30 s of CPU on iris versicolor-virginica (100 points) and about
half of a 90 s CPU run (profiled) of iris:virginica-rest (150 points) at lambda 1, 5 atoms,
no field found.  Rational and quadratic zeros are still looked for."""

PLAIN_GUESSES = 2
"""Face guesses read off the numerical atoms that an early attempt tries (each costs a Newton
polish and a Krawczyk test, and a tree search when that passes)."""


def patch_of(arrangement, float_atoms) -> Patch:
    """The regions around every face a float atom ``(w, sign, magnitude)`` may lie on (at each
    zero tolerance the end-game tries).

    >>> from arrangement import Arrangement
    >>> P = patch_of(Arrangement([[1, 0], [0, 1], [1, 1]]), [([1.0, 1e-12], 1, 2.0)])
    >>> [r.pattern for r in P.regions()]
    ['+++', '+-+']
    """
    faces = [float_face(arrangement, w, tolerance) for w, _, _ in float_atoms for tolerance in (0.0,) + FACE_TOLERANCES]
    return Patch(arrangement, faces)


def solve_by_patterns(arrangement, labels, lam, on_iteration=None, accept=None):
    """The numerical solution by column generation over patterns: ``(p, float atoms, solver
    information, patch)`` for :func:`~certificates.solver.endgame.routes.certify_numerical`.
    ``accept``: called as ``accept(p, float atoms)`` (the original problem's) on the iterates
    sampling finds no violated pair for; True stops the run there, a nonempty list of
    ``(pattern, sign, value squared)`` gives new columns.

    >>> from arrangement import Arrangement
    >>> p, atoms, info, patch = solve_by_patterns(Arrangement([[3, 4]]), [10], 5)
    >>> [round(float(v), 9) for v in p], [(round(c, 9), s) for _, s, c in atoms], len(patch.regions())
    ([0.2], [(1.8, 1)], 1)
    """
    # no frontier of earlier searches on this object: they would change which leaves the searches
    # list first, hence the columns and which minimiser is found (same problem, same answer)
    forget(arrangement)
    scaling = FloatScaling.of(arrangement, labels)
    scaled = scaling.view(arrangement)
    # the tree oracle works on the exact rows: the scaled problem is posed on rows X / s exactly
    early = None if accept is None else \
        (lambda solution: accept(*scaling.back(solution.p, guess_atoms(arrangement, solution))))
    # the tree searches of the end-game (on the exact rows) go on from where column generation's stopped
    share(scaled, arrangement)
    result = pattern_column_generation(scaled, scaling.labels(labels), scaling.lam(lam), on_iteration=on_iteration,
                                       row_scale=scaling.s, accept=early)
    numeric = result.solution
    p, atoms = scaling.back(numeric.p, guess_atoms(arrangement, numeric))
    info = {"iterations": result.iterations, "regions_used": len(result.patterns),
            "sup_bound": None if result.proved_level is None else float(result.proved_level),
            "numerical_objective": scaling.objective(numeric.objective),
            "enumerated": False}
    return p, atoms, info, patch_of(arrangement, atoms)


def _around(patch, system):
    """The patch with the regions around the system's faces added (Newton may have moved an atom
    onto a face no numerical atom was read on), and the same system on it: its unknowns depend
    on the faces only, so a zero of one is a zero of the other."""
    faces = [r.pattern for r in patch.regions()] + [a.face for a in system.atoms]
    wider = Patch(patch.full, faces)
    own = system.atoms[:len(system.atoms) - len(system.ghosts)]
    return wider, OptimalitySystem(wider, system.y, system.lam, own, pairs=bool(system.pairs))


def solve_large(arrangement, labels, lam, on_iteration=None):
    """``(p, float atoms, solver information, patch, certify)``: :func:`solve_by_patterns`, with
    the early stop of :data:`EARLY_STOP`; ``certify(patch, y, lam, p, atoms)`` gives the outcome
    (the early one when the run stopped early, ``stopped_early`` in the information).

    >>> from arrangement import Arrangement
    >>> p, atoms, info, patch, certify = solve_large(Arrangement([[3, 4]]), [10], 5)   # (5 y - lambda) / 25
    >>> out = certify(patch, [10], 5, p, atoms)      # the first master problem is optimal: no round to save
    >>> out.status, info["stopped_early"], [str(a[4]) for a in out.atoms]
    ('exact', False, ['9/5'])
    """
    early = _Early(arrangement, labels, lam) if EARLY_STOP else None

    def step(k, cones, top):
        if early is not None:
            early.last = top
        if on_iteration is not None:
            on_iteration(k, cones, top)
    p, atoms, info, patch = solve_by_patterns(arrangement, labels, lam, step, early)
    if early is not None and early.outcome is not None:
        info["stopped_early"] = True
        return p, atoms, info, early.patch, lambda *_: early.outcome
    info["stopped_early"] = False
    tried = () if early is None else early.tried
    return p, atoms, info, patch, lambda *args: certify_on_patch(*args, tried=tried)


class _Early:
    """The end-game on the refined face guess of an iterate, kept when it proves the structure.
    Each guess is tried on its own system only (no other face guesses, no duality-gap fallback),
    and once it is refuted, never again (``tried``): a wrong one costs a float refinement, a
    Krawczyk test and, when that passes, one tree search off its atoms.  An attempt that ends in
    an error (a patch too small, a search refused) refutes nothing: the guess is tried again."""

    def __init__(self, arrangement, y, lam):
        self.arrangement, self.y, self.lam = arrangement, y, lam
        self.outcome, self.patch, self.tried, self.last = None, None, set(), None

    def __call__(self, numeric_p, float_atoms) -> bool:
        # after a round fed by a refuted guess, ``last`` is the largest value of its refuting
        # leaves (at the guess's p, next to this iterate's): above 1 + EARLY_NEAR the iterate is
        # not tried either, and column generation's own search gives its columns instead (the guess
        # of the round after a refutation far above 1 cost a tree search to refute again)
        if not float_atoms or self.last is None or not self.last < 1 + EARLY_NEAR:
            return False
        patch = patch_of(self.arrangement, float_atoms)
        guess = refined_guess(patch, self.y, self.lam, numeric_p, float_atoms)
        first, wider, key = [], patch, None
        if guess is not None and frozenset(guess[2].atoms) not in self.tried:
            try:
                wider, system = _around(patch, guess[2])
            except IncompletePatch:    # this iterate's patch fell short, not the guess: tried again later
                return False
            first, key = [(system, guess[3])], frozenset(guess[2].atoms)
        # without a new refined guess, or with few atoms (where the end-game reads the faces off
        # the numerical atoms directly), the first face guesses too
        plain = PLAIN_GUESSES if guess is None or len(float_atoms) <= max(patch.d, 8) else 0
        if not first and not plain:
            return False
        try:
            outcome = certify_numerical(wider, self.y, self.lam, numeric_p, float_atoms, first=first, guesses=plain,
                                        field_groups=FIELD_GROUPS)
        except DualcertError:   # an incomplete patch, a search refused on this p: no early stop, nothing refuted
            return False
        if outcome.status in ("exact", "verified") and outcome.proof != "duality gap":
            self.outcome, self.patch = outcome, wider
            return True
        if key is not None:     # the end-game ran the guess's system first and refused it
            self.tried.add(key)
        # the regions above 1 that refuted a guess (at its exact p, next to this iterate's): new
        # columns, instead of a tree search of column generation's own to find violators again
        # (and the regions around their faces, as column generation takes a tree search's)
        return [(leaf.pattern, leaf.sign, leaf.value_squared) for leaf in wider.refuting] + \
            leaf_columns(self.arrangement, wider.refuting)


def certify_on_patch(patch, y, lam, numeric_p, float_atoms, tried=()) -> Outcome:
    """:func:`~certificates.solver.endgame.routes.certify_numerical` on a patch; ``numerical`` with
    the reason when a route needs regions the patch does not list (the duality-gap route's list
    of every pair near 1, when the atoms' faces were misread).

    With :data:`REFINE_GUESS`, many numerical atoms are first refined to a sparse face guess
    (:func:`~certificates.solver.endgame.active_set.refined_guess`); the end-game on it is kept
    when it proves the structure, else the end-game runs on the numerical solution itself.
    ``tried``: face sets (of :class:`~certificates.solver.endgame.optimality.AtomFace`) whose
    guess is known to fail (an early stop's attempts), not tried again."""
    if REFINE_GUESS and len(float_atoms) > max(patch.d, 8):
        guess = refined_guess(patch, y, lam, numeric_p, float_atoms)
        if guess is not None and frozenset(guess[2].atoms) not in tried:
            try:
                wider, system = _around(patch, guess[2])
                outcome = certify_numerical(wider, y, lam, guess[0], guess[1], first=[(system, guess[3])],
                                            field_groups=FIELD_GROUPS)
            except DualcertError:       # only a guess: the numerical atoms below decide
                outcome = None
            if outcome is not None and outcome.status in ("exact", "verified") and outcome.proof != "duality gap":
                return outcome
    try:
        return certify_numerical(patch, y, lam, numeric_p, float_atoms, field_groups=FIELD_GROUPS)
    except IncompletePatch as e:
        wider = widened(patch, y, lam, numeric_p)
        if wider is not None:
            try:
                return certify_numerical(wider, y, lam, numeric_p, float_atoms, field_groups=FIELD_GROUPS)
            except IncompletePatch:
                pass
        return numerical_outcome(patch, y, lam, numeric_p, float_atoms, f"not certified without enumeration: {e}")


def widened(patch, y, lam, numeric_p, near: float = 1e-6):
    """The patch with the faces where ``|eta|`` nearly reaches 1 added (where the extreme set is
    more than the float atoms: ``mu = 0`` with ``p = y / lambda`` touching 1, or an atom of
    mass 0), found by the tree search for ``p = y / lambda`` and the numerical p read exactly;
    None when there are none new.  The end-game decides everything again on it.

    >>> from arrangement import Arrangement
    >>> P = widened(Patch(Arrangement([[1], [-1]]), []), [1, -1], 1, [1.0, -1.0])   # eta(w) = w
    >>> P.faces
    ['+-', '-+']
    """
    faces = list(patch.faces)
    level = Fraction(1) - Fraction(near)
    for p in ([Fraction(v) / lam for v in y], [Fraction(float(v)) for v in numeric_p]):
        for leaf in violators(patch.full, p, level, limit=4 * patch.n + 4):
            faces.append(exact_face(patch, leaf.point))
    faces = list(dict.fromkeys(faces))
    return Patch(patch.full, faces) if len(faces) > len(patch.faces) else None
