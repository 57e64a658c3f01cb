"""Proofs without the list of all regions: the pruned tree of the exact search (format 2.3).

On an arrangement too large to enumerate, ``sup |eta| <= 1`` is decided by the tree search of
:mod:`certificates.dual.tree_oracle`.  This module records that search (per sign, depth first)
as the checker's ``tree``: every split with the multipliers that prove its hyperplanes' ranges,
every pruned cone with the multipliers of its bound, every empty side with a Farkas
certificate, every leaf with its exact maximum (KKT multipliers of the exact projection), or,
in a proof of a Krawczyk box, as a listed region around an atom.  Multipliers and ranges are
dyadic (floats rounded down to a grid of ``2^-SCALE``; a range is the exact norm rounded up),
so the checker works in integers and rationals.  The search prunes below ``level * (1 -
MARGIN)``, so the dyadic rounding and, in a Krawczyk proof, the width of the box, leave each
pruned bound below the level.

>>> from arrangement import Arrangement
>>> from certificates import solve
>>> from certificates.proofs.checker import check
>>> A = Arrangement([[3, 4]])
>>> proof = proof_of_solution_by_tree(A, solve(A, [10], 5), [10])
>>> proof["regions"], proof["tree"]["plus"], check(proof)[0], check(proof)[-1]
([], [['s', 0, []], ['l', {}], ['b']], 'the pruned tree (4 nodes) covers the sphere: bounds below 1 off its 1 leaves', 'this measure (1 atoms) is a minimiser and p the dual optimum, objective 19/2')
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, isqrt, lcm

import numpy as np

from arrangement import Arrangement

from ..dual.patch import Patch
from ..dual.polar import float_normal
from ..dual.projection import project
from ..dual.tree_oracle import search_tree, sup_abs_squared
from ..solver.endgame.optimality import AtomFace, OptimalitySystem
from .enclosure import IDLE_MINOR, krawczyk_claims
from .regions import FORMAT, at_least, bind

__all__ = ["SCALE", "MARGIN", "tree_of", "proof_of_solution_by_tree", "proof_of_certificate_by_tree", "VERSION"]

SCALE = 64
"""Multipliers and ranges are written as integers over ``2^SCALE``."""
MARGIN = Fraction(1, 2 ** 20)
"""Relative gap between the level claimed and the level the search prunes below."""
VERSION = "2.3"


def _normal(row) -> list:
    """The checker's normal of a hyperplane: primitive integers, first nonzero entry > 0."""
    den = lcm(*(Fraction(v).denominator for v in row))
    ints = [int(Fraction(v) * den) for v in row]
    g, lead = gcd(*ints), next(v for v in ints if v)
    return [v // g * (1 if lead > 0 else -1) for v in ints]


def _written(A: Arrangement) -> bool:
    """Whether the search's multipliers can be written for the checker: they are those of the
    normals the floats see, ``a / 2^k`` (:func:`~certificates.dual.polar.float_normal`), which are
    the checker's normals only when ``k = 0`` (every primitive normal within 2^64)."""
    return all(not float_normal(_normal(row))[1] for row in A.X if any(row))


def _ceil_root(n: int) -> int:
    return isqrt(n - 1) + 1 if n > 0 else 0


def _dyadic(values) -> list:
    """Nonnegative floats rounded down to ``2^-SCALE`` (integers over ``2^SCALE``)."""
    return [int(np.floor(float(v) * 2.0 ** SCALE)) if v > 0 else 0 for v in values]


class _Writer:
    """One sign's tree: the search's records turned into the checker's preorder nodes."""

    def __init__(self, A: Arrangement, p, sign: int, level, listed):
        self.A, self.sign, self.listed = A, sign, listed
        result = search_tree(A, p, sign, Fraction(level) * (1 - MARGIN))
        tree = result.tree
        self.rows = [members[0] for members in tree["order"]]
        self.normal = [_normal(A.X[r]) for r in self.rows]
        # the search's side of its normal, in the checker's normal's terms
        self.flip = [1 if list(a) == n else -1 for a, n in zip(tree["normals"], self.normal)]
        if any(list(a) != [f * v for v in n] for a, n, f in zip(tree["normals"], self.normal, self.flip)):
            raise AssertionError("internal error: the search's normal is not the checker's up to sign")
        self.records = {tuple(zip(r["levels"], r["signs"])): r for r in tree["nodes"]}
        p = [Fraction(v) for v in p]
        self.coef = []      # per search index: (A, B) of sign * eta = A relu(<a, w>) + B relu(-<a, w>)
        for members, n in zip(tree["order"], self.normal):
            k = next(i for i, v in enumerate(n) if v)
            up = sum((p[j] * A.X[j][k] / n[k] for j in members if A.X[j][k] / n[k] > 0), Fraction(0))
            down = -sum((p[j] * A.X[j][k] / n[k] for j in members if A.X[j][k] / n[k] < 0), Fraction(0))
            self.coef.append((sign * up, sign * down))
        self.nodes, self.leaves = [], []

    def write(self) -> list:
        unit = 1 << SCALE
        root = {i: _ceil_root(sum(v * v for v in n) * unit * unit) for i, n in enumerate(self.normal)}
        stack = [((), (root, dict(root)))]
        while stack:
            path, ranges = stack.pop()
            record = self.records.get(path)
            if record is None:
                raise AssertionError(f"internal error: the search recorded no node at {path}")
            status = record["status"]
            if status == "split":
                h, ranges, entries = record["h"], (dict(ranges[0]), dict(ranges[1])), []
                for (i, sigma), mu in sorted(record["ranges"].items()):
                    entry = self._range(path, i, sigma, mu, ranges)
                    if entry:
                        entries.append(entry)
                self.nodes.append(["s", self.rows[h], entries])
                f = self.flip[h]
                stack += [(path + ((h, -f),), ranges), (path + ((h, f),), ranges)]
            elif status == "pruned":
                mu = _dyadic(record.get("mu", []))
                self.nodes.append(["b"] + [v for i, m in enumerate(mu) if m for v in (i, m)])
            elif status == "empty":
                self.nodes.append(self._empty(path))
            else:
                self.nodes.append(self._leaf(path))
        return self.nodes

    def _signed(self, path) -> list:
        return [[s * self.flip[i] * v for v in self.normal[i]] for i, s in path]

    def _range(self, path, i, sigma, mu, ranges) -> list | None:
        """``[row, side, value, pos, m, ...]`` if the exact range beats the inherited one."""
        side, unit = sigma * self.flip[i], 1 << SCALE
        current = ranges[0 if side > 0 else 1]
        ints = _dyadic(mu)
        r = [side * v * unit for v in self.normal[i]]
        for a, m in zip(self._signed(path), ints):
            if m:
                r = [x + m * v for x, v in zip(r, a)]
        value = _ceil_root(sum(v * v for v in r))
        if value >= current[i]:
            return None
        current[i] = value
        return [self.rows[i], side, value] + [v for t, m in enumerate(ints) if m for v in (t, m)]

    def _empty(self, path) -> list:
        """``["e", c, pos, y, ...]``: ``c s a_h + sum y s_i a_i = 0`` (the side is empty)."""
        signed = self._signed(path)
        proj = project(signed[:-1], [Fraction(v) for v in signed[-1]])
        if any(proj.point):
            raise AssertionError("internal error: a side the search called empty is not")
        c = lcm(1, *(v.denominator for v in proj.multipliers.values()))
        return ["e", c] + [v for t, m in sorted(proj.multipliers.items()) if m for v in (t, int(m * c))]

    def _leaf(self, path) -> list:
        if self.listed is not None:
            pattern = self.pattern(path)
            if pattern in self.listed:
                return ["l"]
        g = [Fraction(0)] * self.A.d
        for i, s in path:
            A_, B_ = self.coef[i]
            c = A_ if s * self.flip[i] > 0 else -B_      # on the side <a, w> <= 0, B relu(-t) = -B t
            g = [x + c * v for x, v in zip(g, self.normal[i])]
        proj = project(self._signed(path), g)
        self.leaves.append((proj.norm_squared, proj.point, self.sign))
        return ["l", {str(t): str(m) for t, m in sorted(proj.multipliers.items()) if m}]

    def pattern(self, path) -> str:
        sides = {self.rows[i]: s * self.flip[i] for i, s in path}
        A, out = self.A, []
        for j, x in enumerate(A.X):
            if not any(x):
                out.append("0")
                continue
            n = _normal(x)
            h = next((r for r in sides if _normal(A.X[r]) == n), None)
            if h is None:
                return ""
            t = sides[h] * (1 if sum(a * b for a, b in zip(x, n)) > 0 else -1)
            out.append("+" if t > 0 else "-")
        return "".join(out)


def tree_of(A: Arrangement, p, level=1, listed=None) -> tuple:
    """``(tree, leaves)``: the checker's ``tree`` object proving ``|eta_p| < level`` off its leaves
    (``listed``: patterns of regions whose pairs another claim covers: leaves there are
    written as ``["l"]``), and the leaves' exact ``(|q|^2, q, sign)``.

    >>> tree, leaves = tree_of(Arrangement([[1, 0], [0, 1]]), [1, -1])     # relu(w1) - relu(w2): +-1 at (1, 0), (0, 1)
    >>> tree["plus"]
    [['s', 1, []], ['s', 0, []], ['l', {'0': '1'}], ['b', 0, 18446744073709551616], ['s', 0, []], ['l', {}], ['b']]
    >>> sorted((v, q, s) for v, q, s in leaves)[0]
    (Fraction(1, 1), (Fraction(0, 1), Fraction(1, 1)), -1)
    """
    out, leaves = {"level": str(Fraction(level)), "scale": SCALE}, []
    for sign, key in ((1, "plus"), (-1, "minus")):
        writer = _Writer(A, p, sign, level, listed)
        out[key] = writer.write()
        leaves += writer.leaves
    return out, leaves


def _proof(A: Arrangement, tree, regions, claims) -> dict:
    return bind({"format": {"name": FORMAT["name"], "version": VERSION}, "data": [[str(v) for v in row] for row in A.X],
                 "regions": regions, "tree": tree, "claims": claims}, A)


def proof_of_solution_by_tree(A: Arrangement, solution, labels) -> dict | None:
    """The proof of an ``exact`` (rational) or ``verified`` (Krawczyk box) solution with the
    tree instead of all regions, or of what holds of a ``numerical`` one's p; None when none
    applies (also when a primitive normal is beyond 2^64: the search's multipliers are then for
    scaled normals)."""
    if not _written(A):     # normals beyond 2^64 (data near 2^600 against a bias): all regions
        return None
    labels = [Fraction(v) for v in labels]
    lam = Fraction(solution.lam_problem)
    base = {"y": [str(v) for v in labels], "lam": str(lam)}
    evidence = solution.solver.get("evidence") or {}
    exact = _exact_proof(A, solution, labels, base) if solution.status == "exact" else None
    if solution.status == "numerical":
        return _numerical_proof(A, solution, base)
    if exact is not None or solution.status not in ("exact", "verified"):
        return exact
    if evidence.get("kind") == "gap" and lam > 0:
        return _gap_proof(A, base, evidence)
    if evidence.get("kind") != "krawczyk" or evidence.get("units"):   # a zero in other units: all regions
        return None
    return _krawczyk_proof(A, solution, labels, base, evidence)


def _certificate(A: Arrangement, p):
    """``(tree, claims)`` of a rational p: its exact sup (the tree pruned below 1, or below the
    square root of the sup when that is below 1, so that the level is at most the sup claimed)
    and, when feasible, its extreme set; None when the sup is too small for a level (p ~ 0)."""
    top = sup_abs_squared(A, p)
    level = Fraction(1) if top >= 1 else Fraction(isqrt(int(top * 2 ** 80)), 2 ** 40)    # level^2 <= top
    if not level:
        return None
    tree, leaves = tree_of(A, p, level)
    sup = max(v for v, _, _ in leaves)
    claims = {"p": [str(v) for v in p], "sup_abs_eta_squared": str(sup)}
    if sup <= 1:
        points = sorted({(tuple(q), s) for v, q, s in leaves if v == 1})
        claims["extreme_points"] = [{"w": [str(v) for v in w], "sign": s} for w, s in points]
    return tree, claims


def proof_of_certificate_by_tree(cert) -> dict | None:
    """The proof of a :class:`~certificates.dual.certificate.Certificate` (its exact sup |eta|^2
    and extreme set) by the tree, without its regions; None when p is 0 or not rational, or a normal is beyond 2^64.

    >>> from certificates.dual.certificate import Certificate
    >>> from certificates.proofs.checker import check
    >>> check(proof_of_certificate_by_tree(Certificate(Arrangement([[1, 0], [0, 1]]), [1, "-1/2"])))[1:3]
    ['sup |eta|^2 = 1 over the sphere (p has 2 entries)', 'p is dual feasible: |eta| <= 1 on the sphere']
    """
    if not _written(cert.arrangement):
        return None
    try:
        p = [Fraction(str(v)) for v in cert.p]
    except ValueError:
        return None
    found = _certificate(cert.arrangement, p)
    return None if found is None else _proof(cert.arrangement, found[0], [], found[1])


def _numerical_proof(A: Arrangement, solution, base) -> dict | None:
    """A numerical answer: what holds of its p (read exactly: the sup of |eta| and, if feasible,
    the extreme set), by the tree; the minimiser is not covered."""
    found = _certificate(A, [Fraction(float(v)) for v in solution.p])
    if found is None:
        return None
    tree, claims = found
    claims.update(base, not_covered={"minimiser": "optimality of the solution (status numerical: "
                                                  f"{solution.reason}; not re-checked)"})
    return _proof(A, tree, [], claims)


def _gap_proof(A: Arrangement, base, evidence) -> dict | None:
    """A feasible rational p (the centre of a duality-gap ball) with its exact sup, and the measure
    of the primal bound: the optimal value and a ball around p*, not the atoms."""
    found = _certificate(A, [Fraction(v) for v in evidence["centre"]])
    if found is None or Fraction(found[1]["sup_abs_eta_squared"]) > 1:
        return None
    tree, claims = found
    claims.update(base, gap={"atoms": [
                      {"w": [str(Fraction(float(v))) for v in w], "amplitude": str(Fraction(float(sign * c)))}
                      for w, sign, c in evidence["atoms"]]}, not_covered={"minimiser": (
                          "a duality-gap ball proves the optimal value and a ball around p*, not the minimiser's atoms "
                          "(they are numerical)")})
    return _proof(A, tree, [], claims)


def _krawczyk_proof(A: Arrangement, solution, labels, base, evidence) -> dict | None:
    """The Krawczyk box on the patch of regions around the atoms' faces (ghosts included), and
    the tree for the rest of the sphere (also for exact answers in algebraic numbers)."""
    lam = Fraction(solution.lam_problem)
    system = OptimalitySystem(A, labels, lam, [AtomFace(face, sign) for face, sign in evidence["faces"]],
                              pairs=evidence["pairs"], idle=[AtomFace(f, s) for f, s in evidence.get("idle", ())])
    p = [Fraction(float(v)) for v in system.float_solution(np.array(evidence["x"], dtype=float))[0]]
    patch = Patch(A, sorted({atom.face for atom in system.atoms}))     # ghosts included
    regions = [{"pattern": r.pattern} for r in patch.regions()]
    proof = {"data": [[str(v) for v in row] for row in A.X], "regions": regions, "claims": dict(base)}
    listed = {(atom.face, 1 if atom.amplitude > 0 else -1) for atom in solution.atoms}
    if krawczyk_claims(patch, labels, lam, evidence, proof, listed) is not None:
        return None
    # every p_j of the box has width (Krawczyk's interior), so the checker weighs every hyperplane:
    # a midpoint p_j = 0, or rows of one hyperplane cancelling (p_1 = -p_3 on a repeated row), must
    # not let the search leave it unsplit.  Adding 2^-200 (far below the margin) to every p_j makes
    # each side's sum sum c_j p_j (all c_j of one sign) move off 0.
    p = [v + Fraction(1, 2 ** 200) for v in p]
    tree, _ = tree_of(A, p, 1, {r["pattern"] for r in regions})
    out = _proof(A, tree, regions, proof["claims"])
    if system.idle:   # the minor version that added idle atoms
        out["format"] = at_least(out["format"], IDLE_MINOR)
    return out


def _exact_proof(A: Arrangement, solution, labels, base) -> dict | None:
    """The tree proof of an exact answer in rationals: p, the extreme set, the atoms."""
    lam = Fraction(solution.lam_problem)
    try:
        p = [Fraction(str(v)) for v in solution.p_exact]
        atoms = [([Fraction(str(v)) for v in a.w_exact], Fraction(str(a.amplitude_exact))) for a in solution.atoms]
    except (TypeError, ValueError):
        return None          # algebraic numbers: not in this format
    tree, leaves = tree_of(A, p, 1)
    sup = max((v for v, _, _ in leaves), default=Fraction(0))
    if sup > 1:
        return None
    points = sorted({(tuple(q), s) for v, q, s in leaves if v == 1})
    claims = dict(base, p=[str(v) for v in p], sup_abs_eta_squared="1",
                  extreme_points=[{"w": [str(v) for v in w], "sign": s} for w, s in points])
    if sup < 1:     # mu = 0 and |eta| < 1: the tree pruned below sqrt(sup) (p = 0: sup 0, trivially)
        found = _certificate(A, p) if any(p) else (tree, {"sup_abs_eta_squared": "0", "extreme_points": []})
        if found is None:
            return None
        tree, points = found[0], []
        claims.update(found[1])
    claims["atoms"] = [{"w": [str(v) for v in w], "amplitude": str(a)} for w, a in atoms]
    dual = sum((v * pj for v, pj in zip(labels, p)), Fraction(0))
    claims["objective"] = str(lam * dual - lam * lam * sum((v * v for v in p), Fraction(0)) / 2 if lam > 0 else dual)
    amplitude = {(tuple(w), 1 if a > 0 else -1): a for w, a in atoms}
    if lam > 0 and set(amplitude) <= set(points):
        claims["minimisers"] = [[str(amplitude.get(point, 0)) for point in points]]
        features = np.array([[max(float(sum(x * v for x, v in zip(row, w))), 0.0) for w, _ in points] for row in A.X])
        if points and np.linalg.matrix_rank(features.reshape(A.n, len(points))) == len(points):
            claims["unique"] = True
    return _proof(A, tree, [], claims)
