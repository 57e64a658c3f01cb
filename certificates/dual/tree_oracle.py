"""``max over the sphere of sign * eta_p`` exactly, without enumerating the regions.

``eta_p(w) = sum_j p_j relu(<w, x_j>)``.  The sign patterns are searched as a binary tree:
each node fixes the side of one more distinct hyperplane, chosen per node among the free ones
whose terms are furthest from their linear bounds (as branch-and-bound verifiers of ReLU
networks pick the neuron to split; hyperplanes whose data all have ``p_j = 0`` do not change
eta and are never split).  A node is the closed cone ``C = {w : sigma_i <a_i, w> >= 0, i fixed}``.  On it, with ``t = <a_h, w>``, a
fixed hyperplane contributes a linear term, and a free one ``f(t) = A relu(t) + B relu(-t)``
is at most ``lam t + K`` on the range ``-lo <= t <= hi`` of t over the node's cone and the unit
ball (the chord when f is convex; ``hi, lo`` bounded by weak duality with NNLS multipliers
per free hyperplane and never above the parent's, so the ranges tighten down a path).  So ``sign * eta <= <g, w> + sum K`` on the node, and
``max_{w in C, |w| <= 1} <g, w> = |Pi_C(g)| <= |g + A^T lam|`` for any ``lam >= 0`` (a float
non-negative least-squares ``lam``; every norm is evaluated in floats with a forward error bound,
so the bound is proved).  A subtree whose bound is below the best exact value found (or below
a threshold) is pruned.

A child is kept only if its open cone is nonempty, decided exactly: the parent has an integer
interior point ``w0``; the side of ``a_h`` holding ``w0`` is nonempty; the other side ``sigma``
is empty iff ``Pi_P(sigma a_h) = 0`` for the parent's closed cone P (Moreau), and otherwise
``M w0 + pi`` is an interior point of it (found from a float guess and checked in integers,
or from the exact projection of :mod:`certificates.projection`).  A leaf (every weighted
hyperplane fixed) is a region of the weighted hyperplanes; on its closed cone
``sign * eta = <g_R, w>``, and its exact maximum is ``|Pi_C(g_R)|`` (exact projection).  The
search is depth first: one path in memory, and the cones left for the next search (:mod:`certificates.dual.tree_frontier`).

Values are squared (``Fraction``): the maximum of a linear function over a cone on the sphere
is the norm of a projection.  Negative maxima are clipped to 0, as in
:class:`certificates.dual.certificate.RegionExtremum`.

>>> from fractions import Fraction as Q
>>> r = maximise([[1, 0], [0, 1]], [1, 1])       # eta = relu(w1) + relu(w2): sqrt(2) at (1, 1)/sqrt(2)
>>> r.value_squared, r.pattern, r.complete
(Fraction(2, 1), '++', True)
>>> exceeds([[1, Q(3, 4)], [1, Q(-3, 4)]], [Q(5, 6), Q(-5, 6)], 1)    # sup |eta| = 1 exactly
False
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import lcm

import numpy as np

from arrangement import Arrangement, DataError, ParameterError
from arrangement.numbers import rational, rational_vector

from .polar import float_normal, interior_other_side, one_sided
from .screening import nonnegative_least_squares as _nnls
from . import tree_frontier
from .tree_frontier import Frontier, compact, pairs
from .tree_results import Leaf, OracleResult, leaf_maximum, root_below as _root_of

__all__ = ["TREE_REGIONS", "use_tree", "OracleResult", "Leaf", "maximise", "exceeds", "violators", "sup_abs_squared", "search_tree"]

TREE_REGIONS = 1_000_000
"""Above this many regions the tree oracle replaces the scan of all regions (column generation,
:class:`~certificates.dual.certificate.Certificate`); below, the scan was faster in every case measured."""


def use_tree(arrangement: Arrangement, regions: int | None = None) -> bool:
    """Whether the tree oracle should replace the scan of all regions (by the count of the
    regions, from the characteristic polynomial: nothing is enumerated).

    >>> use_tree(Arrangement([[1, 0], [0, 1]]))
    False
    """
    return arrangement.count_regions() > (TREE_REGIONS if regions is None else regions)


_U = 2.0**-53
_CANDIDATES = 3      # strong branching: child bounds tried per node


class _Problem:
    """The data of one search: hyperplanes in search order with their coefficients for a sign."""

    def __init__(self, X, p, sign: int, bias: bool, rescale: bool = True):
        A = X if isinstance(X, Arrangement) else Arrangement(X, bias=bias)
        self.arrangement, self.d = A, A.d
        p = rational_vector(p, "p", A.n)
        if sign not in (1, -1):
            raise DataError(f"sign must be +1 or -1, got {sign}")
        normals = A.hyperplane_normals
        hyper = []
        for h, members in enumerate(A.hyperplanes):
            a = tuple(int(v) for v in normals[h])
            k = next(i for i, v in enumerate(a) if v)
            a = a if a[k] > 0 else tuple(-v for v in a)     # the proofs' orientation: ties of slopes match
            up = down = Fraction(0)     # eta = up relu(<a, w>) + down relu(-<a, w>) on this hyperplane
            for j in members:
                c = A.X[j][k] / a[k]    # x_j = c a with |c| = |x_j| / |a|
                up, down = (up + p[j] * c, down) if c > 0 else (up, down - p[j] * c)
            if up or down:
                hyper.append((a, sign * up, sign * down, h))
        # floats see a normal as a_h / 2^k_h (float_normal: features near 2^600 against a bias), t as
        # <a_h, w> / 2^k_h, coefficients times 2^k_h; eta is linear in p and a maximiser's signs do not
        # depend on a positive factor: coefficients are searched divided by 2^shift (the largest in the
        # floats' units near 1; one below 2^-1000 of it is within the bounds' absolute slack); values
        # and points are scaled back exactly (a recorded tree, a proof's, is not scaled)
        floats = [float_normal(a) for a, *_ in hyper]
        top = max((abs(c) * 2**k for (_, *cs, _), (_, k) in zip(hyper, floats) for c in cs if c), default=Fraction(1))
        self.shift = top.numerator.bit_length() - top.denominator.bit_length() if rescale else 0
        factor = Fraction(2) ** -self.shift
        hyper = [(a, up * factor, down * factor, h) for a, up, down, h in hyper]
        norm = [math.sqrt(float(Fraction(sum(v * v for v in a), 4**k))) * (1 + 4 * _U) for (a, *_), (_, k) in zip(hyper, floats)]
        if any((abs(up) + abs(down)) * 2**k * max(map(abs, a_f)) > 10**150 for (_, up, down, _), (a_f, k) in zip(hyper, floats)):
            raise DataError("weights times data above 1e150: beyond the float range of the tree search's bounds (rescale)")
        # heaviest first: fixing them shrinks the free part fastest
        order = sorted(range(len(hyper)), key=lambda i: -(abs(hyper[i][1]) + abs(hyper[i][2])) * 2**floats[i][1] * norm[i])
        self.hyper = [hyper[i] for i in order]
        self.norm = np.array([norm[i] for i in order])
        self.L = lcm(1, *(c.denominator for _, up, down, _ in self.hyper for c in (up, down)))
        self.fixed = [(int(up * self.L), int(-down * self.L)) for _, up, down, _ in self.hyper]
        self.up, self.down = (np.array([float(e[c] * 2**floats[i][1]) for i, e in zip(order, self.hyper)]) for c in (1, 2))
        self.normals = np.array([floats[i][0] for i in order], dtype=float).reshape(len(self.hyper), self.d)
        self.rows_int, self.chord = [[int(v) for v in x] for x in A.integer_rows], False
        self.integer_normals = [a for a, *_ in self.hyper]

    def pattern(self, point, witness) -> str:
        """Data signs of the point ``point + e witness + e^2 e_1 + e^3 e_2 + ...`` for small e > 0."""
        den = lcm(1, *(Fraction(v).denominator for v in point))     # a multiple of the point: the same signs
        point, out = [int(Fraction(v) * den) for v in point], []
        for x in self.rows_int:
            s = _sign(_dot(x, point)) or _sign(_dot(x, witness)) or next((_sign(v) for v in x if v), 0)
            out.append("+" if s > 0 else "-" if s < 0 else "0")
        return "".join(out)


def _sign(v) -> int:
    return (v > 0) - (v < 0)


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _free_part(prob: _Problem, free: np.ndarray, hi: np.ndarray, lo: np.ndarray):
    """Slopes ``lam_h`` and a proved constant K with ``sum_h f_h(<a_h, w>) <= <sum lam_h a_h, w> + K``
    for the free hyperplanes h (indices ``free``), where ``-lo_h <= <a_h, w> <= hi_h`` on the node.

    ``f - lam t`` (``f = A relu(t) + B relu(-t)``) is convex or concave in t, so on ``[-lo, hi]`` it is at most ``max(0, hi (A - lam), lo (B + lam))`` whatever lam is; lam is the
    chord's slope when f is convex (then this constant is least), else the slope of the longer side
    (a proof's search, ``prob.chord``: the chord, between the sides, continuous in the ranges)."""
    up, down, hi, lo = prob.up[free], prob.down[free], hi[free], lo[free]
    width = hi + lo
    chord = np.where(width > 0, (up * hi - down * lo) / np.where(width > 0, width, 1.0), 0.0)
    lam = chord if prob.chord else np.where(up + down >= 0, chord, np.where(hi >= lo, up, -down))
    const = np.maximum(0.0, np.maximum(hi * (up - lam), lo * (down + lam)))
    # rounding of up, down (from rationals) and of the products, absolutely bounded
    const += 4 * _U * (hi + lo) * (np.abs(up) + np.abs(down) + np.abs(lam)) + 1e-300
    return lam, math.fsum(const.tolist()) * (1 + (len(const) + 4) * _U)


def _bound(prob: _Problem, g: list, Bf: np.ndarray, free: np.ndarray, hi: np.ndarray, lo: np.ndarray):
    """A proved upper bound of ``max sign * eta`` over the node, and the float multipliers."""
    L = prob.L
    gf = np.array([v / L for v in g])     # int / int: correctly rounded, as float(Fraction(v, L))
    scale = np.abs(gf)
    K = 0.0
    if len(free):
        slopes, K = _free_part(prob, free, hi, lo)
        linear = slopes @ prob.normals[free]
        scale = scale + np.abs(slopes) @ np.abs(prob.normals[free])
        gf = gf + linear
    lam = np.maximum(_nnls(-Bf.T, gf), 0.0) if len(Bf) else np.zeros(0)
    r, scale = gf + lam @ Bf, scale + lam @ np.abs(Bf)
    err = (len(Bf) + len(prob.hyper) + 6) * _U * 1.01 * scale + 1e-300
    norm = math.hypot(*(np.abs(r) + err).tolist()) * (1 + (2 * prob.d + 8) * _U)   # hypot: no underflow to 0
    return (norm + K) * (1 + 4 * _U), lam


def _ranges(prob: _Problem, free: np.ndarray, Bf: np.ndarray, hi: np.ndarray, lo: np.ndarray, w0, keep=None, projections=None):
    """Tighter ``hi_h >= max <a_h, w>``, ``lo_h >= max -<a_h, w>`` over the node's cone and the unit
    ball for the free hyperplanes, never above the inherited ones: ``|Pi_C(+-a_h)| <=
    |+-a_h + B^T lam|`` for every ``lam >= 0`` (weak duality), with lam from a float NNLS solve
    per target (an active-set method: on a side the cone does not reach, the residual is 0 up
    to rounding, so that side's range, and the chord constant of the hyperplane, nearly
    vanish; projected-gradient multipliers left most of them at the size of the ball), and the
    norm bounded above with its rounding errors.  Recomputed only where it pays: a side already
    negligible stays so, and the side of the interior point ``w0`` is not empty (its range is
    only recomputed when it is the smaller one), nor one whose float projection ``Pi(sigma a_h)``, in
    ``projections[h, (1 - sigma) / 2]`` (NaN: none; kept in place) from an ancestor, lies on the newest wall's side:
    ``Pi_P(t)`` in ``C`` within ``P`` is ``Pi_C(t)``.  ``keep``: gets the multipliers by ``(h, sigma)``."""
    if not len(Bf) or not len(free):
        return hi, lo
    hi, lo = hi.copy(), lo.copy()
    inside = prob.normals[free] @ np.array(float_normal(w0)[0])     # its signs only
    tiny = 1e-12 * prob.norm[free]
    still = np.zeros((len(hi), 2), dtype=bool) if projections is None else projections @ Bf[-1] >= 0
    if projections is not None:     # NaN compares false (none known); one the newest wall cuts off is dropped
        projections[~still] = np.nan
    wanted = []     # (hyperplane, sigma, its range array)
    for side, (sigma, bound, other) in enumerate(((1.0, hi, lo), (-1.0, lo, hi))):
        skip = (bound[free] < tiny) | ((sigma * inside > 0) & (bound[free] > other[free])) | still[free, side]
        wanted += [(h, sigma, bound) for h in free[~skip].tolist()]
    if not wanted:
        return hi, lo
    G = np.array([sigma * prob.normals[h] for h, sigma, _ in wanted])
    lam = np.maximum(np.array([_nnls(-Bf.T, target) for target in G]), 0.0)
    r = G + lam @ Bf
    err = (len(Bf) + 4) * _U * 1.01 * (np.abs(G) + lam @ np.abs(Bf)) + 1e-300
    root = np.array([math.hypot(*row) for row in (np.abs(r) + err).tolist()]) * (1 + (2 * prob.d + 8) * _U)
    for (h, _, bound), value in zip(wanted, root.tolist()):
        bound[h] = min(bound[h], value)
    if projections is not None:
        projections[[h for h, _, _ in wanted], [int(sigma < 0) for _, sigma, _ in wanted]] = r
    if keep is not None:
        keep.update({(h, int(sigma)): row for (h, sigma, _), row in zip(wanted, lam)})
    return hi, lo


def _choose(prob: _Problem, free: np.ndarray, hi: np.ndarray, lo: np.ndarray, g: list, Bf: np.ndarray, cut: float):
    """The position in ``free`` of the hyperplane to split, and its children's bounds by side.

    The candidates are the free terms furthest from their linear bound (``|A + B| hi lo /
    (hi + lo)`` for ``f = A relu(t) + B relu(-t)`` on ``[-lo, hi]``), as branch-and-bound
    verifiers of ReLU networks pick the neuron to split; of the first few, the one whose two
    children's bounds exceed the cut least (strong branching: fewer nodes than the largest gap
    alone, for about the same work per node).  A float choice: any order is exact."""
    width = np.where(hi[free] + lo[free] > 0, hi[free] + lo[free], 1.0)
    gaps = np.abs(prob.up[free] + prob.down[free]) * hi[free] * lo[free] / width
    best = None
    for k in np.argsort(-gaps, kind="stable")[:_CANDIDATES].tolist():
        a, (up, down) = prob.hyper[int(free[k])][0], prob.fixed[int(free[k])]
        rest, out = np.delete(free, k), {}
        for sigma, coef in ((1, up), (-1, down)):
            child_g = [gi + coef * ai for gi, ai in zip(g, a)]
            child_B = np.vstack([Bf, sigma * prob.normals[int(free[k])]])
            out[sigma] = _bound(prob, child_g, child_B, rest, hi, lo)
        excess = sum(max(out[sigma][0] - cut, 0.0) for sigma in (1, -1))
        if best is None or excess < best[0]:
            best = (excess, k, out)
        if excess == 0:     # no candidate can do better: the same choice, fewer bounds
            break
    return best[1], best[2]


def _search(prob: _Problem, sign: int, floor: Fraction, track_best: bool, limit, record: bool, skip=None,
            near: Fraction | None = None, warm: bool = False, stop: Fraction | None = None):
    d, m = prob.d, len(prob.hyper)
    best, best_leaf = Fraction(-1), None
    back = Fraction(2) ** prob.shift     # the searched coefficients are the true ones / back
    floor, stop, near = floor / back**2, None if stop is None else stop / back**2, None if near is None else near / back**2
    cut = _root_of(floor)
    leaves, close, nodes, tree, complete = [], [], 0, ([] if record else None), True
    root_g, hi0, lo0, free0 = [0] * d, prob.norm, prob.norm, np.arange(m)
    last, front = (tree_frontier.kept(prob.arrangement, sign), []) if warm else (None, None)   # front: the next start
    if last is None:
        u0, _ = _bound(prob, root_g, np.zeros((0, d)), free0, hi0, lo0)
        stack = [(u0, (), (), root_g, (0,) * d, [], np.zeros((0, d)), (), hi0, lo0, free0, (), None)]
    else:
        stack = _restart(prob, last)
        # the stack holds all it needs of the old cones: freed now, not once the new frontier is kept
        tree_frontier.keep(prob.arrangement, sign, None)
        last = None
    while stack:
        u, levels, signs, g, w0, rows, Bf, guess, hi, lo, free, sides, known = entry = stack.pop()
        if u < cut:         # the floor rose since this node was pushed
            if record:
                tree.append({"levels": levels, "signs": signs, "bound": u, "status": "pruned"})
            if warm:
                front.append(compact(entry))
            continue
        if levels is None:      # a restarted cone: its ranges over all hyperplanes, its sides as pairs
            hi, lo, sides, levels = prob.norm.copy(), prob.norm.copy(), pairs(sides), ()
            hi[free], lo[free] = entry[8], entry[9]
        if rows and _dot(rows[-1], w0) <= 0:   # a cone an earlier search pruned, reached now:
            w0 = interior_other_side(rows[:-1], Bf[:-1], w0, rows[-1], 1)   # w0 was its parent's
            if w0 is None:
                continue
        nodes += 1
        if not len(free):
            if warm:
                front.append(compact((u, levels, signs, g, w0, rows, Bf, guess, hi, lo, free, sides)))
            value, point = leaf_maximum([Fraction(v, prob.L) for v in g], rows, guess)
            if record:
                tree.append({"levels": levels, "signs": signs, "bound": u, "status": "leaf", "value_squared": value})
            made = lambda: Leaf(sign, value * back**2, tuple(v * back for v in point), prob.pattern(point, w0))
            leaf = made() if value > min(best, floor) else None
            if value > best:
                best, best_leaf = value, leaf
            if near is not None and near < value <= floor and not track_best:
                # visited anyway (its bound passed the cut): kept for the caller, not counted
                leaf = leaf or made()       # built above when it beat the best so far
                if skip is None or not skip(leaf):
                    close.append(leaf)
            if value > floor and (skip is None or not skip(leaf)):
                leaves.append(leaf)
                if track_best:
                    floor, cut = value, _root_of(value)
                if (limit is not None and len(leaves) >= limit) or (stop is not None and value > stop):
                    complete = False
                    if warm:
                        front += map(compact, stack)
                    break
            continue
        known = None if record else np.full((m, 2, d), np.nan) if known is None else known   # a proof's: no reuse
        hi, lo = _ranges(prob, free, Bf, hi, lo, w0, keep := {}, known)
        if not record:      # a proof's tree splits every hyperplane: the checker reads no implied signs
            # one-sided hyperplanes take their side without a split or a wall (the cone is unchanged)
            for k, empty in (fixed := one_sided(prob.integer_normals, free, hi, lo, prob.norm, keep, rows)):
                a, coef = prob.hyper[int(free[k])][0], prob.fixed[int(free[k])][0 if empty < 0 else 1]
                g = [gi + coef * ai for gi, ai in zip(g, a)]
            sides += tuple((int(free[k]), -empty) for k, empty in fixed)
            free = np.delete(free, [k for k, _ in fixed])
            if not len(free):
                stack.append((u, levels, signs, g, w0, rows, Bf, guess, hi, lo, free, sides, None))
                continue
        k, evaluated = _choose(prob, free, hi, lo, g, Bf, cut)
        h, rest = int(free[k]), np.delete(free, k)
        if record:   # the split, with the multipliers of the ranges its children's bounds use
            tree.append({"levels": levels, "signs": signs, "bound": u, "status": "split", "h": h, "ranges": keep})
        a, (up, down) = prob.hyper[h][0], prob.fixed[h]
        side = _sign(_dot(a, w0))
        children = []
        for sigma, coef in ((1, up), (-1, down)):
            child_g = [gi + coef * ai for gi, ai in zip(g, a)]
            row = tuple(sigma * v for v in a)
            child_B = np.vstack([Bf, sigma * prob.normals[h]])
            bound, lam = evaluated[sigma]
            child_levels, child_signs = levels + (h,), signs + (sigma,)
            if bound < cut:
                if record:
                    tree.append({"levels": child_levels, "signs": child_signs, "bound": bound, "status": "pruned", "mu": lam})
                if warm:    # with the parent's interior point: its own only if a later search needs it
                    front.append(compact((bound, (), (), None, w0, rows + [row], None, (), hi, lo, rest, sides + ((h, sigma),))))
                continue
            w = w0 if side == sigma else interior_other_side(rows, Bf, w0, a, sigma)
            if w is None:
                if record:
                    tree.append({"levels": child_levels, "signs": child_signs, "bound": bound, "status": "empty"})
                continue
            active = tuple(i for i in range(len(lam)) if lam[i] > 0)
            children.append((bound, child_levels, child_signs, child_g, w, rows + [row], child_B, active, hi, lo, rest,
                             sides + ((h, sigma),), None if known is None else known.copy()))
        children.sort(key=lambda c: c[0])       # the larger bound is popped first
        stack += children
    if warm:
        tree_frontier.keep(prob.arrangement, sign, Frontier(np.array([h[3] for h in prob.hyper]), front))
    if best_leaf is None:
        best_leaf = Leaf(sign, Fraction(0), (0,) * d, prob.pattern((0,) * d, (0,) * d))
    tree_data = None
    if record:
        # a node's signs[i] is its side of normals[levels[i]] (the hyperplane of the data order[levels[i]])
        tree_data = {"sign": sign, "order": [prob.arrangement.hyperplanes[h[3]] for h in prob.hyper],
                     "normals": [h[0] for h in prob.hyper], "nodes": tree}
    return OracleResult(sign, max(best, Fraction(0)) * back**2, best_leaf.point, best_leaf.pattern, complete and not stack,
                        nodes, leaves + close, tree_data)


def _restart(prob: _Problem, last: Frontier) -> list:
    """The stack of a search started from the cones an earlier one left (``last``), each bounded
    with this search's coefficients (its ranges and walls are the cone's, free of p); entries
    as :func:`~certificates.dual.tree_frontier.compact` keeps them, ``levels`` None."""
    stack, hi_s, lo_s = [], prob.norm.copy(), prob.norm.copy()      # _bound reads the free entries only
    # a cone's g sums its sides' coef * a_h: rows of Python ints summed by NumPy, the float walls
    # by row (a generator per cone and coordinate was most of a restart's CPU at 60,000 cones)
    terms, floats = np.array([[c * v for v in a] for (a, *_), f in zip(prob.hyper, prob.fixed) for c in f]
                             + [[0] * prob.d], dtype=object).reshape(-1, prob.d), {}
    for w0, rows, free, hi, lo, sides in tree_frontier.restarted(last, [h[3] for h in prob.hyper], prob.norm):
        hi_s[free], lo_s[free] = hi, lo
        Bf = np.array([floats[r] if r in floats else floats.setdefault(r, float_normal(r)[0]) for r in rows]).reshape(-1, prob.d)
        g = terms[np.where(sides > 0, 2 * sides - 2, -2 * sides - 1) if len(sides) else [-1]].sum(axis=0).tolist()
        u, lam = _bound(prob, g, Bf, free, hi_s, lo_s)
        stack.append((u, None, (), g, w0, rows, Bf, tuple(np.flatnonzero(lam > 0).tolist()), hi, lo, free, sides, None))
    stack.sort(key=lambda c: c[0])      # the largest bound is popped first
    return stack


def maximise(X, p, sign: int = 1, bias: bool = False, threshold=None, record: bool = False) -> OracleResult:
    """``max over the sphere of sign * eta_p`` (squared, exact, clipped at 0), by the pruned tree.

    ``X``: data rows (or an :class:`~arrangement.Arrangement`, whose regions are then not
    enumerated); ``p``: rationals; ``threshold``: subtrees proved to stay at or below it are
    pruned (then, if the maximum is at most the threshold, ``value_squared`` is only the best
    value found).  ``record``: keep the pruned tree as plain data in ``result.tree``.

    >>> r = maximise([[1, 0], [0, 1], [1, 1]], [1, -2, 1], sign=-1)
    >>> r.value_squared, r.pattern, r.point        # -eta = sqrt(2) at (-1, 1)/sqrt(2)
    (Fraction(2, 1), '-+-', (Fraction(-1, 1), Fraction(1, 1)))
    """
    prob = _Problem(X, p, sign, bias, rescale=not record)
    floor = Fraction(0) if threshold is None else rational(threshold, "threshold") ** 2
    return _search(prob, sign, floor, True, None, record)


def search_tree(X, p, sign: int, level, bias: bool = False) -> OracleResult:
    """The recorded search of ``sign * eta_p`` pruned below the fixed ``level`` (a proof's tree:
    splits with their ranges' multipliers, pruned nodes with theirs, empty sides, leaves).

    >>> sorted(node["status"] for node in search_tree([[1, 0], [0, 1]], [1, -1], 1, "1/2").tree["nodes"])
    ['leaf', 'leaf', 'pruned', 'pruned', 'split', 'split', 'split']
    """
    (prob := _Problem(X, p, sign, bias, rescale=False)).chord = True
    return _search(prob, sign, rational(level, "level") ** 2, False, None, True)


def violators(X, p, level=1, bias: bool = False, limit: int | None = None, skip=None, most: bool = False,
              near=None, warm: bool | None = None, stop=None) -> list:
    """Leaves (both signs) where ``max sign * eta_p > level``, at most ``limit`` per sign (not
    counting those for which ``skip(leaf)`` is true); empty exactly when ``sup |eta_p| <= level``.
    ``most``: only leaves that beat every earlier one (the search then prunes below the best
    value found, and the last leaf of each sign is that sign's maximum, when not skipped).
    ``near`` (below ``level``; not with ``most``): also the leaves the search visits anyway whose
    maximum lies in ``(near, level]`` (not every such region: only those in subtrees the search
    could not prune), after the violators; they do not count towards ``limit``.  ``stop`` (with
    ``most``): each sign's search ends at its first leaf above ``stop``, the second's starts at the
    first's best (and finds one leaf above ``stop`` when that is): the overall largest, or a leaf
    above ``stop`` of each sign that has one.  ``warm`` (default :data:`~certificates.dual.tree_frontier.WARM`
    when ``X`` is an Arrangement): start from the cones the last search on ``X`` left, leave its own.

    >>> [(v.pattern, v.value_squared) for v in violators([[1, 0], [0, 1]], [1, 1], near="1/2")]   # sup = sqrt 2
    [('++', Fraction(2, 1)), ('+-', Fraction(1, 1)), ('-+', Fraction(1, 1))]
    >>> sorted((v.sign, v.pattern, v.value_squared) for v in violators([[1, 0], [0, 1]], [2, -1]))
    [(1, '++', Fraction(4, 1)), (1, '+-', Fraction(4, 1))]
    """
    level = rational(level, "level")
    near = None if near is None else rational(near, "near")
    if near is not None and not 0 <= near <= level:
        raise ParameterError(f"near must lie between 0 and the level {level}, got {near}")
    near = None if near is None else near * near
    warm = (tree_frontier.WARM and isinstance(X, Arrangement)) if warm is None else warm
    stop, out = None if stop is None or not most else rational(stop, "stop") ** 2, []
    for sign in (1, -1):
        # once above ``stop``, this sign's first leaf above it only: a refuted guess's column per sign
        top = stop is not None and any(leaf.value_squared > stop for leaf in out)
        floor = stop if top else max([level * level] + [leaf.value_squared for leaf in out if stop is not None])
        out += _search(_Problem(X, p, sign, bias), sign, floor, most and not top, 1 if top else limit, False,
                       skip=skip, near=near, warm=warm, stop=stop).leaves
    return out


def exceeds(X, p, level=1, bias: bool = False) -> bool:
    """Whether ``sup over the sphere of |eta_p| > level`` (decided exactly).

    >>> exceeds([[1, 0], [0, 1]], [1, 1], 1), exceeds([[1, 0], [0, 1]], [1, 1], "3/2")
    (True, False)
    """
    return bool(violators(X, p, level, bias, limit=1))


def sup_abs_squared(X, p, bias: bool = False) -> Fraction:
    """``sup over the sphere of eta_p^2`` (exact).

    >>> sup_abs_squared([[1, 0], [0, 1]], [1, -3])
    Fraction(9, 1)
    """
    return max(maximise(X, p, s, bias).value_squared for s in (1, -1))
