"""Symmetries of a central arrangement: signed permutations of coordinates that permute its hyperplanes.

A signed permutation ``g`` of coordinates (``(g v)[sigma_i] = eps_i v_i``) is linear, so when
it maps the set of lines spanned by the normals onto itself it permutes the hyperplanes and
their intersection lattice; the restrictions of the arrangement to flats in one orbit are
then isomorphic.  Such maps are searched in a few coordinate systems of the same hyperplanes
(the data's own coordinates, the essential ones, and both again centred on the data's mean
when one coordinate is constant, as a bias is: the cube {0,1}^k with a bias gains its
reflections ``x_i -> 1 - x_i`` there) and the largest group found is kept, as permutations of
the hyperplanes.  Every map is checked exactly, on integers, before it is used.

The search is a stabiliser chain: level ``i`` lists the images of coordinate ``i`` (with sign
``+``) under the maps that fix coordinates ``0 .. i-1``, each with one map reaching it found by
backtracking (coordinates assigned in order, a normal checked as soon as its support is
assigned).  The maps found generate the group, and its order is the product of the level sizes
(level 0 up to the global sign, which moves no hyperplane).

>>> import numpy as np
>>> G = symmetry_group([np.array([[1, 0], [0, 1], [1, 1]])])    # three lines: swap the axes
>>> G.order, G.generators.tolist()
(2, [[1, 0, 2]])
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from .integer import canonical_rows, first_occurrences

__all__ = ["SymmetryGroup", "symmetry_group", "centred", "augmented", "group_elements"]


@dataclass(frozen=True)
class SymmetryGroup:
    """A group of permutations of the hyperplanes (each row of ``generators`` maps hyperplane h to
    ``row[h]``), its ``order`` and the pointwise-stabiliser chain ``levels`` (the generators again,
    by the coordinate they first move; the later levels generate the smaller stabilisers).

    ``coordinates`` are the hyperplanes' normals in the coordinate system where the group was
    found, and ``signed_maps`` the signed permutations ``(sigma, eps)`` behind the generators:
    ``v -> w`` with ``w[sigma[i]] = eps[i] v[i]`` maps normal h to a multiple of normal ``row[h]``.
    ``sizes`` are the orbit sizes of the chain (so ``levels[i]`` plus the identity is a transversal
    of ``sizes[i]`` elements) and ``kernel`` the number of signed maps that move no hyperplane.
    """

    generators: np.ndarray
    order: int
    levels: tuple = ()
    coordinates: np.ndarray = None
    signed_maps: tuple = ()
    sizes: tuple = ()
    kernel: int = 2

    @property
    def trivial(self) -> bool:
        return self.order == 1


def _canonical_key(row) -> tuple:
    for v in row:
        if v:
            return tuple(row) if v > 0 else tuple(-x for x in row)
    return tuple(row)


def centred(N: np.ndarray):
    """``N`` in coordinates centred on its mean, when a coordinate is nonzero and of one size in
    every row (a bias); ``None`` otherwise.  The change of coordinates is linear and invertible,
    so the rows define the same arrangement, hyperplane for hyperplane.

    >>> centred(np.array([[0, 1], [1, 1]])).tolist()        # {0, 1} with a bias -> {-1, 1}
    [[1, -1], [1, 1]]
    """
    N = np.asarray(N, dtype=object)
    m, r = N.shape
    for c in range(r):
        if all(N[:, c] != 0) and len({abs(int(v)) for v in N[:, c]}) == 1:
            oriented = N * np.array([1 if v > 0 else -1 for v in N[:, c]], dtype=object)[:, None]
            total = oriented.sum(axis=0)
            out = oriented * m - np.outer(np.ones(m, dtype=object), total)
            out[:, c] = oriented[:, c]
            return canonical_rows(out)[0]
    return None


def augmented(N: np.ndarray) -> np.ndarray:
    """``N`` with a zero coordinate appended, each row then projected onto the hyperplane of sum 0
    (times ``r + 1``): an injective linear map, so the same arrangement, hyperplane for hyperplane.
    The nonzero 0/1 vectors of Q^r (resonance) gain there the permutations of r + 1 coordinates.

    >>> augmented(np.array([[1, 0], [0, 1], [1, 1]])).tolist()
    [[2, -1, -1], [1, -2, 1], [1, 1, -2]]
    """
    N = np.asarray(N, dtype=object)
    m, r = N.shape
    out = np.zeros((m, r + 1), dtype=object)
    out[:, :r] = N * (r + 1)
    out -= N.sum(axis=1)[:, None]
    return canonical_rows(out)[0]


def _canon(M: np.ndarray) -> np.ndarray:
    """Rows times the sign of their first nonzero entry."""
    first = M[np.arange(len(M)), np.argmax(M != 0, axis=1)] if M.shape[1] else np.zeros(len(M), M.dtype)
    return M * np.where(first < 0, -1, 1)[:, None]


def _sorted_rows(M: np.ndarray) -> np.ndarray:
    return M[np.lexsort(M.T[::-1])] if M.shape[1] else M


class _Search:
    """Backtracking over signed permutations of the coordinates of distinct canonical rows ``N``.

    A partial map on coordinates ``0 .. i`` is pruned unless it maps the multiset of the rows'
    projections onto those coordinates (up to sign) onto the projections onto their images: a
    permutation of the rows restricts to such a bijection.  At the last coordinate this is exact.
    """

    def __init__(self, N: np.ndarray):
        self.N = N.astype(object) if N.dtype == object else N.astype(np.int64)
        self.rows = [tuple(int(v) for v in row) for row in N]
        self.index = {row: h for h, row in enumerate(self.rows)}
        self.m, self.r = N.shape
        self.source = [_sorted_rows(_canon(self.N[:, :i + 1])) for i in range(self.r)]
        column = [tuple(sorted(abs(row[i]) for row in self.rows)) for i in range(self.r)]
        self.candidates = [[j for j in range(self.r) if column[j] == column[i]] for i in range(self.r)]

    def consistent(self, sigma, eps, i) -> bool:
        image = self.N[:, sigma] * np.array(eps, dtype=self.N.dtype)
        return np.array_equal(_sorted_rows(_canon(image)), self.source[i])

    def fixes_rows(self, sigma, eps, i) -> bool:
        """Does the partial map send each row, on the coordinates reached, to plus or minus itself?"""
        image = self.N[:, :i + 1] * np.array(eps, dtype=self.N.dtype)
        target = self.N[:, sigma]
        return bool(((image == target).all(axis=1) | (image == -target).all(axis=1)).all())

    def extend(self, sigma, eps, used, budget, test=None):
        """A completion of the partial map (coordinates ``0 .. len(sigma)-1``), or None."""
        i = len(sigma)
        if i == self.r:
            return list(sigma), list(eps)
        for j in self.candidates[i]:
            if j in used:
                continue
            for s in (1, -1):
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                sigma.append(j)
                eps.append(s)
                if (test or self.consistent)(sigma, eps, i):
                    used.add(j)
                    found = self.extend(sigma, eps, used, budget, test)
                    used.discard(j)
                    if found is not None:
                        sigma.pop()
                        eps.pop()
                        return found
                sigma.pop()
                eps.pop()
        return None

    def permutation(self, sigma, eps) -> np.ndarray:
        """The hyperplane permutation of a signed permutation of coordinates."""
        out = np.empty(self.m, dtype=np.int64)
        for h, row in enumerate(self.rows):
            image = [0] * self.r
            for t, v in enumerate(row):
                image[sigma[t]] = eps[t] * v
            out[h] = self.index[_canonical_key(image)]
        return out

    def chain(self, budget: int, test=None):
        """Per level: the transversal found (hyperplane permutation and signed map) and the orbit
        size; ``None`` past the budget.  With ``test`` (a stricter pruning) the chain of that subgroup."""
        levels = []
        left = [budget]
        test = test or self.consistent
        for i in range(self.r):
            reps, size = [], 0
            for j in self.candidates[i]:
                if j < i:
                    continue
                for s in ((1,) if i == 0 else (1, -1)):
                    sigma, eps = list(range(i)) + [j], [1] * i + [s]
                    if not test(sigma, eps, i):
                        continue
                    found = self.extend(sigma, eps, set(sigma), left, test)
                    if found is None:
                        if left[0] < 0:
                            return None
                        continue
                    size += 1
                    if (j, s) != (i, 1):
                        reps.append((self.permutation(*found), found))
            levels.append((reps, max(size, 1)))
        return levels


def _kernel_size(search: _Search, budget: int):
    """How many signed permutations move no hyperplane (the global signs included), or None past
    the budget.  Usually 2 (``+-I``); more when coordinates fall into blocks no normal links."""
    levels = search.chain(budget, search.fixes_rows)
    return None if levels is None else 2 * prod(size for _, size in levels)


def symmetry_group(coordinate_systems, budget: int = 200_000) -> SymmetryGroup:
    """The largest group of signed coordinate permutations found among the ``coordinate_systems``
    (integer matrices whose rows are the same hyperplanes, in the same order, in different
    coordinates; ``None`` entries are skipped), as permutations of the hyperplanes.

    ``budget`` bounds the backtracking steps per system; a system that runs out is skipped, so
    the result is always a group of symmetries, perhaps not the largest.

    >>> from arrangement.datasets import resonance
    >>> symmetry_group([np.array(resonance(3))]).order      # S_3 permuting the coordinates
    6
    """
    best = SymmetryGroup(np.zeros((0, 0), dtype=np.int64), 1)
    for N in coordinate_systems:
        if N is None or len(N) == 0:
            continue
        N, _ = canonical_rows(np.asarray(N))
        if len(first_occurrences(N)[0]) != len(N):
            raise ValueError("the rows must be distinct hyperplanes")
        search = _Search(N)
        levels = search.chain(budget)
        kernel = None if levels is None else _kernel_size(search, budget)
        if kernel is None:
            continue
        order = 2 * prod(size for _, size in levels) // kernel
        if order > best.order:
            gens = [g for reps, _ in levels for g, _ in reps]
            best = SymmetryGroup(np.array(gens, dtype=np.int64).reshape(len(gens), len(N)), order,
                                 tuple(np.array([g for g, _ in reps], dtype=np.int64).reshape(len(reps), len(N))
                                       for reps, _ in levels),
                                 N, tuple(found for reps, _ in levels for _, found in reps),
                                 tuple(size for _, size in levels), kernel)
    return best


def group_elements(group: SymmetryGroup, limit: int = 20_000) -> np.ndarray:
    """Elements of the group (rows: hyperplane permutations, the identity first), all of them when
    the order is at most ``limit``, else those of the deepest stabiliser in the chain within the limit.

    >>> G = symmetry_group([np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])])
    >>> G.order, len(group_elements(G))
    (6, 6)
    """
    m = group.generators.shape[1] if group.generators.size else 0
    if group.levels and len(group.levels) == len(group.sizes):
        return _transversal_products(group, m, limit)
    gens = [g for g in group.generators]
    if group.order > limit and group.levels:
        gens = []
        for reps in reversed(group.levels):
            trial = gens + list(reps)
            if len(_closure(trial, m, limit)) > limit:
                break
            gens = trial
    return _closure(gens, m, limit)


def _transversal_products(group: SymmetryGroup, m: int, limit: int) -> np.ndarray:
    """The elements of the largest stabiliser ``G_i`` of the chain with at most ``limit`` of them,
    as the products ``t_i t_(i+1) ... t_(r-1)`` of transversal elements (identity included): each
    element of the signed group once, so no search for duplicates unless maps fix every hyperplane."""
    elements = np.arange(m, dtype=np.int64)[None, :]
    for reps, size in zip(reversed(group.levels), reversed(group.sizes)):
        if len(elements) * size > limit:
            break
        transversal = np.concatenate([elements[:1], np.asarray(reps, dtype=np.int64).reshape(-1, m)])
        elements = transversal[:, elements].reshape(-1, m)        # t o g: apply g, then t
    if group.kernel > 2:        # some signed maps move no hyperplane: the products repeat
        elements = elements[np.sort(np.unique(elements, axis=0, return_index=True)[1])]
    return elements


def _closure(gens, m: int, limit: int) -> np.ndarray:
    """The group generated by ``gens`` (breadth first, vectorised), stopping past ``limit`` elements.

    Permutations are told apart by a 64-bit hash of their entries; a collision could only drop an
    element (every row is still a product of symmetries), never add a wrong one.
    """
    identity = np.arange(m, dtype=np.int64)[None, :]
    if not len(gens):
        return identity
    gens = np.asarray(gens, dtype=np.int64)
    weights = np.random.default_rng(0).integers(1, 2**62, size=m, dtype=np.int64)
    elements, frontier = [identity], identity
    seen = np.unique(identity @ weights)
    total, chunk = 1, max(1, 2**21 // (len(gens) * m))      # about 16 MB of candidates at a time
    while len(frontier) and total <= limit:
        found = []
        for start in range(0, len(frontier), chunk):
            candidates = gens[:, frontier[start:start + chunk]].reshape(-1, m)   # s o f
            keys, first = np.unique(candidates @ weights, return_index=True)
            new = ~np.isin(keys, seen, assume_unique=True)
            found.append(candidates[first[new]])
            seen = np.union1d(seen, keys[new])
            total += int(new.sum())
            if total > limit:
                break
        frontier = np.concatenate(found)
        elements.append(frontier)
    return np.concatenate(elements)
