"""Proof files: what :mod:`certificates.checker` needs to re-derive a result on its own.

A proof is one JSON object (format ``dualcert-proof``, version 1; the "Proofs" page of the
documentation gives every key and the mathematics behind it):

* ``data``: the rows exactly as used (bias column included), entries as rational strings;
* ``regions``: per region its ``pattern``, an exact ``witness``, Farkas certificates (``farkas``)
  showing that no other region lies across the walls its listed neighbours do not cover, and
  for a certificate the KKT multipliers (``up``, ``down``) that bound or attain ``+-eta``;
* ``claims``: ``n_regions``; for a certificate ``p``, ``sup_abs_eta_squared``, the extreme points,
  margin and non-degeneracy; with labels ``y`` and ``lam`` the minimisers; for a solution the
  atoms and the objective; ``not_covered``: what the checker cannot re-check.

The producer does the hard work (float guesses, exact solves); nothing it writes is trusted.

>>> from arrangement import Arrangement
>>> from certificates.checker import check
>>> check(proof_of_regions(Arrangement([[1, 0], [0, 1], [1, 1]])))
['the 6 listed regions are all regions of the arrangement (3 distinct hyperplanes)']
"""

from __future__ import annotations

import json
import os
import tempfile
from fractions import Fraction
from math import gcd, lcm

import numpy as np

from arrangement import Arrangement, DualcertError

from .certificate import Certificate
from .projection import project

__all__ = ["proof_of_regions", "proof_of_certificate", "proof_of_solution", "write_proof", "FORMAT"]

FORMAT = {"name": "dualcert-proof", "version": 1}


def _integer_rows(A: Arrangement) -> list:
    """Each row times the lcm of its denominators (the checker's integer rows)."""
    return [[int(v * lcm(*(u.denominator for u in row))) for v in row] for row in A.X]


def _farkas(facets, target):
    """Integers ``[c, (f, y_f), ...]`` with ``c target = sum y_f facets[f]``, ``c > 0``, ``y >= 0``,
    or None.  Floats guess the support (NNLS), exact integers decide; the exact projection of
    ``-target`` onto ``{w : <f, w> >= 0}`` (zero iff target lies in the cone) is the fallback."""
    from scipy.optimize import nnls
    F = np.array(facets, dtype=float)
    y, residual = nnls(F.T, np.array(target, dtype=float))
    support = [f for f in np.flatnonzero(y > 1e-12)]
    if support and residual < 1e-6:
        B = F[support]
        det = np.linalg.det(B @ B.T)
        c = round(abs(det))
        if c and c < 2 ** 50:
            ints = [round(v * c) for v in y[support]]
            if min(ints) >= 0 and _combination(facets, support, ints) == [c * v for v in target]:
                return _reduced(c, support, ints)
    proj = project(facets, [-Fraction(v) for v in target])
    if any(proj.point):
        return None
    support = sorted(proj.multipliers)
    scale = lcm(*(proj.multipliers[f].denominator for f in support))
    return _reduced(scale, support, [int(proj.multipliers[f] * scale) for f in support])


def _combination(facets, support, weights):
    return [sum(w * facets[f][i] for f, w in zip(support, weights)) for i in range(len(facets[0]))]


def _reduced(c, support, ints):
    g = gcd(c, *ints)
    return [c // g] + [v for f, y in zip(support, ints) for v in (int(f), y // g)]


def proof_of_regions(A: Arrangement, max_regions=None, progress=None) -> dict:
    """The regions of ``A`` with what proves them complete: for each region P and each hyperplane
    H on which P has the sign of the first region, either the region across H is listed or a
    Farkas certificate shows that none exists (``c s_H x_H`` a nonnegative combination of the
    signed facet normals of P).

    >>> proof = proof_of_regions(Arrangement([[1, 0], [2, 0], [0, 0]]))   # a double row, a zero row
    >>> [r["pattern"] for r in proof["regions"]]
    ['++0', '--0']
    """
    regions = A.regions(max_regions=max_regions, progress=progress)
    ints = _integer_rows(A)
    listed = {r.pattern for r in regions}
    root = regions[0].pattern
    first = {j: members[0] for members in A.hyperplanes for j in members}
    out = []
    for region in regions:
        pattern, entry = region.pattern, {"pattern": region.pattern, "witness": [str(v) for v in region.witness]}
        signed = {j: [v if pattern[j] == "+" else -v for v in ints[j]] for j in region.facets}
        facet_rows = [j for j in region.facets if j == first[j]]
        certificates = []
        for members in A.hyperplanes:
            h = members[0]
            if pattern[h] != root[h]:
                continue
            flipped = list(pattern)
            for j in members:
                flipped[j] = "-" if pattern[j] == "+" else "+"
            if "".join(flipped) in listed:
                continue
            target = [v if pattern[h] == "+" else -v for v in ints[h]]
            found = _farkas([signed[j] for j in facet_rows], target)
            if found is None:
                raise AssertionError(f"internal error: no Farkas certificate for region {region.index}, row {h}")
            certificates.append([h, found[0]] + [v if t % 2 else facet_rows[v]
                                                 for t, v in enumerate(found[1:])])
        if certificates:
            entry["farkas"] = certificates
        out.append(entry)
    return {"format": dict(FORMAT), "data": [[str(v) for v in row] for row in A.X], "regions": out,
            "claims": {"n_regions": len(out)}}
