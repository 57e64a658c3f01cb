"""Regions streamed from the arrays (arrangement.columns, regions --json) against the Region objects:
same patterns, facets and edges, witnesses re-checked exactly against the data."""

import json
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.columns import edge_blocks, region_rows
from arrangement.datasets import builtin, random_integer
from conftest import run_cli


def exact_signs(w, X):
    out = ""
    for row in X:
        v = sum(Fraction(a) * b for a, b in zip(row, w))
        out += "+" if v > 0 else "-" if v < 0 else "0"
    return out


def degenerate(seed):
    rng = np.random.default_rng(seed)
    X = [list(map(int, rng.integers(-2, 3, size=4))) for _ in range(7)]
    X += [list(np.add(X[0], X[1])), list(np.multiply(X[2], -3)), [0, 0, 0, 0]]
    return X


CASES = [(degenerate(s), False) for s in range(3)] + \
        [(builtin(name).X, bias) for name, bias in (("threshold:3", True), ("crosspoly:5", False),
                                                    ("demicube:5", False), ("braid:4", False))] + \
        [(random_integer(9, 3, seed=5, bound=2), True)]


@pytest.mark.parametrize("X,bias", CASES)
def test_columns_equal_region_objects(X, bias):
    A = Arrangement(X, bias=bias)
    rows = list(region_rows(A, block=5))          # several blocks
    objects = A.regions()
    assert [(p, tuple(w), tuple(f)) for p, w, f in rows] == [(r.pattern, r.witness, r.facets) for r in objects]
    data = A.X
    for pattern, w, _ in rows:
        assert exact_signs(w, data) == pattern
    edges = [(int(r), int(s), A.hyperplanes[h]) for block in edge_blocks(A, block=3) for r, s, h in block]
    assert edges == A.edges()


def test_regions_json_streamed_equals_report(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in degenerate(7)) + "\n")
    code, out, _ = run_cli("regions", str(path), "--json", "--quiet")
    assert code == 0
    streamed = json.loads(out)
    A = Arrangement(str(path))
    assert [r["pattern"] for r in streamed["regions"]] == [r.pattern for r in A.regions()]
    assert streamed["n_regions"] == len(streamed["regions"]) == A.count_regions()
    assert [tuple(e) for e in streamed["edges"]] == [(r, s) for r, s, _ in A.edges()]
    for record in streamed["regions"]:
        assert exact_signs([int(v) for v in record["witness"]], A.X) == record["pattern"]


@pytest.mark.parametrize("X,bias", CASES[:4])
def test_stream_is_the_report_text(X, bias):
    from certificates.cli.common import json_text
    from certificates.results.build import regions_report
    from certificates.report.stream import regions_json_pieces
    A = Arrangement(X, bias=bias)
    streamed = "".join(regions_json_pieces(A))
    B = Arrangement(X, bias=bias)
    assert streamed == json_text(regions_report(B, B.regions(), B.edges()).to_json())
