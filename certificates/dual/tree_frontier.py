"""The frontier of the last tree search, kept to warm-start the next search on the same data.

Column generation and the end-game ask the tree search of :mod:`certificates.dual.tree_oracle`
for ``max sign * eta_p`` again and again, at dual vectors ``p`` that move little between asks,
and each search from the root costs about as much as a proof (the bounds near the root are
loose whatever p is).  The cones a search leaves behind (pruned, confirmed as leaves, or not
reached when it stopped early) cover the sphere, and all that made them is free of p: their
exact walls, an interior point, the sides of the hyperplanes they fix (split or proved
one-sided) and the ranges of the free hyperplanes' ``<a_h, w>`` over the cone and the unit ball.
Only eta's coefficients depend on p, so the next search re-bounds these cones with its own
coefficients (the same proved bound as at any node) and goes on from them instead of the root:
a cone pruned again costs one bound instead of its whole path.  Nothing is pruned that the
search from the root would not prune by the same kind of proof; a frontier finer than needed
costs only its bounds.

The frontier is kept in the arrangement's ``__dict__`` (per sign), with the arrangement's
hyperplane normals, and used only when those match.  Which leaves a search visits, and in what
order, depends on the cones it starts from: a search stopped after ``limit`` leaves, or asked for
the leaves near its level it meets on the way, lists other leaves from another frontier.  So
:func:`~certificates.solver.large.solve_by_patterns` starts every solve from no frontier
(:func:`forget`): its searches then follow from its input alone, and the same problem gives the
same answer, warm within the solve (where its speed is), however the object was used before.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1]])
>>> keep(A, 1, Frontier(np.array([0, 1]), [("node",)]))
>>> kept(A, 1).entries, kept(A, -1)
([('node',)], None)
>>> share(A, Arrangement([[2, 0], [0, 3]])).__dict__[KEY] is A.__dict__[KEY]   # the same hyperplanes
True
>>> forget(A); kept(A, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["WARM", "LARGEST", "KEY", "Frontier", "kept", "keep", "share", "forget", "remap", "compact", "restarted", "pairs"]

WARM = True
"""Whether searches on an :class:`~arrangement.Arrangement` object start from the frontier its
last search left (else every search starts from the root)."""

LARGEST = 250_000
"""A frontier of more cones than this is not kept (memory: a cone holds its walls and ranges)."""

KEY = "_tree_frontier"


@dataclass
class Frontier:
    """``ids[pos]``: the arrangement's hyperplane index at each position of the search that left
    it; ``entries``: its cones as :func:`compact` makes them, in that search's positions."""

    ids: np.ndarray
    entries: list


def _signature(arrangement) -> bytes:
    normals = np.ascontiguousarray(np.asarray(arrangement.hyperplane_normals, dtype=object).astype(str))
    return repr((arrangement.d, normals.tolist())).encode()


def kept(arrangement, sign: int) -> Frontier | None:
    """The frontier the last search of ``sign * eta`` left on this arrangement, if any."""
    store = arrangement.__dict__.get(KEY)
    if not store or store.get("signature") != _signature(arrangement):
        return None
    return store.get(sign)


def keep(arrangement, sign: int, frontier: Frontier | None) -> None:
    """Keep ``frontier`` for the next search of ``sign * eta`` (None, or too large: forget it)."""
    store = arrangement.__dict__.get(KEY)
    signature = _signature(arrangement)
    if store is None or store.get("signature") != signature:
        store = arrangement.__dict__[KEY] = {"signature": signature}
    store[sign] = frontier if frontier is not None and len(frontier.entries) <= LARGEST else None


def share(source, target):
    """Let ``target`` (an arrangement with the same hyperplanes, e.g. a scaled view) and ``source``
    use one store of frontiers (``source``'s, made if it has none); returns ``target``."""
    signature = _signature(source)
    if signature == _signature(target):
        store = source.__dict__.get(KEY)
        if store is None or store.get("signature") != signature:
            store = source.__dict__[KEY] = {"signature": signature}
        target.__dict__[KEY] = store
    return target


def forget(arrangement) -> None:
    """Start the next searches on ``arrangement`` from the root: its kept frontiers are dropped
    (a view that shared them keeps them: this object gets a store of its own on its next search)."""
    arrangement.__dict__.pop(KEY, None)


def remap(frontier: Frontier, ids_now) -> tuple:
    """``(position now of each old position or -1, positions now that were not in the old search)``
    for a search whose hyperplane ids by position are ``ids_now``.

    >>> remap(Frontier(np.array([4, 2, 7]), []), [2, 9, 4])
    (array([ 2,  0, -1]), array([1]))
    """
    now = {int(h): i for i, h in enumerate(ids_now)}
    old_to_new = np.array([now.get(int(h), -1) for h in frontier.ids], dtype=np.int64)
    new = np.array(sorted(set(range(len(now))) - set(old_to_new[old_to_new >= 0].tolist())), dtype=np.int64)
    return old_to_new, new


def compact(entry) -> tuple:
    """A search's stack entry ``(u, levels, signs, g, w0, rows, Bf, guess, hi, lo, free, sides)``
    as kept: ``(w0, rows, free, hi[free], lo[free], sides)`` with ``sides`` an int32 array of
    ``sigma (h + 1)`` (a restarted entry, ``levels`` None, has these already): the ranges of the
    free hyperplanes only and no float walls, about a kilobyte a cone at n = 200.

    >>> compact((1.0, (), (), [0], (1, 0), [(1, 0)], None, (), np.array([1.0, 0.5]), np.array([0.0, 0.5]),
    ...          np.array([1]), ((0, 1),)))
    ((1, 0), [(1, 0)], array([1]), array([0.5]), array([0.5]), array([1], dtype=int32))
    """
    _, levels, _, _, w0, rows, _, _, hi, lo, free, sides = entry[:12]     # a search's own data may follow
    if levels is None:
        return w0, rows, free, hi, lo, sides
    return w0, rows, free, hi[free], lo[free], np.array([s * (h + 1) for h, s in sides], dtype=np.int32)


def pairs(sides) -> tuple:
    """``((h, sigma), ...)`` of a kept ``sides`` array.

    >>> pairs(np.array([3, -1], dtype=np.int32))
    ((2, 1), (0, -1))
    """
    return tuple((abs(s) - 1, 1 if s > 0 else -1) for s in sides.tolist())


def restarted(frontier: Frontier, ids_now, norm):
    """The kept cones in the positions of a search whose hyperplane ids by position are
    ``ids_now``: ``(w0, rows, free, hi, lo, sides)``; a hyperplane weightless then and weighted
    now is free in every cone (with the trivial ranges ``norm``), one weightless now is dropped
    from ``free`` and ``sides`` (it adds nothing to eta whatever its side; a wall stays a wall).

    >>> f = Frontier(np.array([4, 2]), [((1, 0), [(1, 0)], np.array([1]), np.array([0.5]), np.array([0.25]),
    ...                                    np.array([1], dtype=np.int32))])
    >>> w0, rows, free, hi, lo, sides = next(restarted(f, [2, 9], np.array([3.0, 7.0])))
    >>> free.tolist(), hi.tolist(), lo.tolist(), sides.tolist()
    ([0, 1], [0.5, 7.0], [0.25, 7.0], [])
    """
    old_to_new, new = remap(frontier, ids_now)
    for w0, rows, free, hi, lo, sides in frontier.entries:
        f = old_to_new[free]
        ok = f >= 0
        h = old_to_new[np.abs(sides) - 1] if len(sides) else np.zeros(0, dtype=np.int64)
        kept_sides = (np.sign(sides[h >= 0]) * (h[h >= 0] + 1)).astype(np.int32)
        yield (w0, rows, np.concatenate([f[ok], new]).astype(np.int64), np.concatenate([hi[ok], norm[new]]),
               np.concatenate([lo[ok], norm[new]]), kept_sides)
