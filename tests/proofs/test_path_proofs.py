"""Path proofs (``dualcert path --proof``) through the standalone checker: the 1-D hat's exact
path against its closed form (breakpoints 7/8 and 4, the constant atom's amplitude (4 - lambda)/5),
verified paths of one point (mu = 0 exactly from lambda = 2), and hostile edits, each failing at
its named step; Sturm root counting against polynomials built from known roots."""

import copy
import json
import random
from fractions import Fraction

import pytest

from arrangement import Arrangement
from certificates.proofs import checker
from certificates.proofs.path import proof_of_path
from certificates.solver.path.path import regularisation_path
from conftest import run_cli as run
from helpers.proofcheck import rebind

HAT = ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0])


@pytest.fixture(scope="module")
def hat_proof():
    A = Arrangement(HAT[0], bias=True)
    return proof_of_path(A, regularisation_path(A, HAT[1], "1/1000", 10), HAT[1])


@pytest.fixture(scope="module")
def point_proof():
    """One point x = 1, y = 2: mu = (2 - lambda) delta below lambda = 2, mu = 0 above (by hand)."""
    A = Arrangement([[1]])
    return proof_of_path(A, regularisation_path(A, [2], "1/2", 3, exact=False), [2])


def verdict(proof):
    return checker.verdict(json.loads(json.dumps(proof)))


def failure(proof) -> str:
    v = verdict(proof)
    assert not v["valid"] and v["exit"] == 1, v
    return next(c for c in v["claims"] if c["status"] == "failed")["detail"]


def test_hat_path_proof_is_the_closed_form(hat_proof):
    v = verdict(hat_proof)
    assert v["valid"] and v["exit"] == 0
    names = [c["claim"] for c in v["claims"]]
    assert names == ["regions", "cover", "segment 0: [1/1000, 7/8]", "segment 1: [7/8, 4]", "segment 2: [4, 10]",
                     "breakpoint 0: [7/8, 7/8]", "breakpoint 1: [4, 4]"]
    segment = hat_proof["claims"]["path"]["segments"][1]["exact"]
    D, c = [Fraction(v) for v in segment["denominator"]], [Fraction(v) for v in segment["c"][0]]
    for lam in (Fraction(1), Fraction(2), Fraction(7, 3)):       # c / D = (4 - lambda) / 5
        assert checker.peval(c, lam) / checker.peval(D, lam) == (4 - lam) / 5


def test_point_path_proof_is_verified_and_brackets_two(point_proof):
    v = verdict(point_proof)
    assert v["valid"], v
    (lo, hi), = [tuple(Fraction(x) for x in b["lam"]) for b in point_proof["claims"]["path"]["breakpoints"]]
    assert lo <= 2 <= hi and hi - lo < Fraction(1, 1000)
    assert all("boxes" in s for s in point_proof["claims"]["path"]["segments"])


def test_a_moved_segment_end_leaves_a_gap(hat_proof, point_proof):
    for proof in (hat_proof, point_proof):
        bad = copy.deepcopy(proof)
        segment = bad["claims"]["path"]["segments"][0]
        segment["lam"][1] = str(Fraction(segment["lam"][1]) * Fraction(99, 100))
        assert "claim cover" in failure(bad)


def test_a_moved_breakpoint_and_lambda_range_fail_the_cover(hat_proof):
    bad = copy.deepcopy(hat_proof)
    bad["claims"]["path"]["breakpoints"][1]["lam"] = ["9/2", "9/2"]
    assert "claim cover" in failure(bad)
    bad = copy.deepcopy(hat_proof)
    bad["claims"]["path"]["lam_max"] = "11"
    assert "claim cover" in failure(bad)


def test_a_segment_claimed_past_its_breakpoint_fails(hat_proof):
    """The constant atom's amplitude (4 - lambda)/5 is negative above 4: moving the breakpoint to
    5 (cover intact) makes segment 1 false there."""
    bad = copy.deepcopy(hat_proof)
    path = bad["claims"]["path"]
    path["segments"][1]["lam"][1] = path["segments"][2]["lam"][0] = "5"
    path["segments"][1]["exact"]["bounds"][-1]["lam"][1] = path["segments"][2]["exact"]["bounds"][0]["lam"][0] = "5"
    path["breakpoints"][1]["lam"] = ["5", "5"]
    assert "segment 1: [7/8, 5], atom 0, step amplitude" in failure(bad)


def test_an_exact_coefficient_fails_the_identity(hat_proof):
    bad = copy.deepcopy(hat_proof)
    bad["claims"]["path"]["segments"][1]["exact"]["p"][2][0] = "7/5"
    assert "step identity" in failure(bad)


def test_a_box_endpoint_fails_its_box(point_proof):
    bad = copy.deepcopy(point_proof)
    box = bad["claims"]["path"]["segments"][0]["boxes"][3]
    lo, hi = (Fraction(v) for v in box["box"][0])
    box["box"][0] = [str(lo), str((lo + hi) / 2)]            # the midpoint stays inside, the zero may not
    message = failure(bad)
    assert "segment 0: " in message and "box 3 [" in message and "step Krawczyk" in message


def test_a_box_stretched_past_the_breakpoint_fails(point_proof):
    """mu = 0 is not optimal below lambda = 2: the top segment claimed down to 3/2 fails."""
    bad = copy.deepcopy(point_proof)
    path = bad["claims"]["path"]
    path["segments"][1]["lam"][0] = path["segments"][1]["boxes"][0]["lam"][0] = "3/2"
    path["segments"][0]["lam"][1] = path["segments"][0]["boxes"][-1]["lam"][1] = "3/2"
    path["breakpoints"][0]["lam"] = ["3/2", "3/2"]
    assert "segment" in failure(bad)


def test_a_label_and_the_signs_are_checked(hat_proof, point_proof):
    bad = copy.deepcopy(hat_proof)
    bad["problem"]["y"][2] = "3"
    bad["claims"]["y"][2] = "3"
    assert "step identity" in failure(rebind(bad))
    bad = copy.deepcopy(point_proof)
    bad["problem"]["y"] = bad["claims"]["y"] = ["3"]
    assert "segment 0" in failure(rebind(bad))
    bad = copy.deepcopy(point_proof)
    bad["claims"]["path"]["segments"][0]["atoms"][0]["sign"] = -1
    assert "segment 0" in failure(bad)


def test_hostile_shapes_are_malformed(hat_proof):
    for edit in (lambda p: p["claims"]["path"].update(extra=1),
                 lambda p: p["claims"]["path"]["segments"][0].update(boxes=[]),
                 lambda p: p["claims"]["path"]["segments"][0]["exact"].update(denominator=["1"] * 80),
                 lambda p: p["claims"].update(lam="1"),
                 lambda p: p["claims"]["path"]["breakpoints"].pop(),
                 # a region's pattern is the proof's: bounds that renamed it would check another region
                 lambda p: p["claims"]["path"]["segments"][1]["exact"]["bounds"][0]["regions"][0].update(pattern="-----"),
                 lambda p: p["claims"]["path"]["segments"][0]["atoms"][0].update(sign=True)):
        bad = copy.deepcopy(hat_proof)
        edit(bad)
        with pytest.raises(checker.Malformed):
            verdict(bad)


def test_multipliers_of_every_region_are_read_also_where_walls_cover_it(hat_proof, point_proof):
    """An entry of a path's per-region multipliers whose (region, sign) pairs the walls cover was
    never read: ``"up": []`` there passed (exit 0).  Every entry is an object of objects."""
    for proof, holders in ((hat_proof, lambda s: [p["regions"] for p in s["exact"]["bounds"]]),
                           (point_proof, lambda s: [b["bounds"] for b in s["boxes"]])):
        refused = 0
        for k, segment in enumerate(proof["claims"]["path"]["segments"]):
            if not set(segment) & {"exact", "boxes"}:
                continue
            for h, entries in enumerate(holders(segment)):
                for r in range(len(entries)):
                    bad = copy.deepcopy(proof)
                    holders(bad["claims"]["path"]["segments"][k])[h][r]["up"] = []
                    with pytest.raises(checker.Malformed):
                        verdict(bad)
                    refused += 1
        assert refused >= 2


def test_an_unproved_segment_is_not_covered(hat_proof):
    bad = copy.deepcopy(hat_proof)
    bad["claims"]["path"]["segments"][1] = {"lam": bad["claims"]["path"]["segments"][1]["lam"]}
    v = verdict(bad)
    assert v["exit"] == 3 and {c["claim"] for c in v["claims"] if c["status"] == "not covered"} == {
        "segment 1: [7/8, 4]", "breakpoint 0: [7/8, 7/8]", "breakpoint 1: [4, 4]"}


@pytest.mark.parametrize("seed", range(30))
def test_positive_on_against_known_roots(seed):
    """P = lead * prod (lambda - r_i) with known rational roots: positive on (lo, hi) exactly when
    its sign there (from the roots) is + and no root lies strictly inside."""
    rng = random.Random(seed)
    roots = [Fraction(rng.randint(-20, 20), rng.randint(1, 4)) for _ in range(rng.randint(0, 5))]
    lead = Fraction(rng.choice([-3, -1, 1, 2]))
    P = [lead]
    for r in roots:
        P = [a - r * b for a, b in zip([Fraction(0)] + P, P + [Fraction(0)])]     # (lambda - r) P
    lo = Fraction(rng.randint(-20, 10), rng.randint(1, 3))
    hi = lo + Fraction(rng.randint(1, 30), rng.randint(1, 3))
    closed = (rng.random() < 0.5, rng.random() < 0.5)
    mid = (lo + hi) / 2
    samples = [lo + (hi - lo) * Fraction(k, 97) for k in range(1, 97)] + [mid]
    expected = not any(lo < r < hi for r in roots) and all(checker.peval(P, x) > 0 for x in samples) \
        and all(checker.peval(P, e) > 0 for e, shut in zip((lo, hi), closed) if shut)
    assert checker.positive_on(P, lo, hi, closed) == expected


def test_cli_path_proof_checks(tmp_path):
    data = tmp_path / "point.json"
    data.write_text(json.dumps({"X": [[1]], "y": [2]}))
    proof = tmp_path / "path.json"
    code, _, err = run("path", str(data), "--lam-max", "3", "--lam-min", "1/2", "--proof", str(proof))
    assert code == 0, err
    code, out, err = run("check", str(proof), "--json", "--data", str(data))
    assert code == 0, out + err
    claims = json.loads(out)["claims"]
    assert [c["claim"] for c in claims][1:3] == ["cover", "segment 0: [1/2, 2]"]


def test_an_atom_listed_twice_fails(hat_proof):
    bad = copy.deepcopy(hat_proof)
    bad["claims"]["path"]["segments"][0]["atoms"][1] = dict(bad["claims"]["path"]["segments"][0]["atoms"][0])
    assert "step atoms: two atoms have the same face and sign" in failure(bad)


def test_a_segment_without_boxes_is_not_covered_not_malformed():
    """Over 60 orders of magnitude the continuation leaves segments where no lambda-box is
    accepted: they are written as not covered (the file was malformed, a segment [m, m] with no
    boxes); every segment that is proved is the closed form (0 atoms above lambda = 4)."""
    A = Arrangement(HAT[0], bias=True)
    proof = proof_of_path(A, regularisation_path(A, HAT[1], "1e-30", "1e30", exact=False), HAT[1])
    v = verdict(proof)
    assert v["exit"] == 3, v
    assert all(c["status"] in ("proved", "not covered") for c in v["claims"])
    for segment in proof["claims"]["path"]["segments"]:
        lo, hi = (Fraction(t) for t in segment["lam"])
        assert lo < hi or set(segment) == {"lam"}
        if "atoms" in segment and lo >= 4:
            assert segment["atoms"] == []


def test_breakpoint_claims_name_what_enters_and_leaves(hat_proof):
    """By hand (the closed form in the module docstring): as lambda decreases through 4 the
    constant atom (face +++++, sign +) appears, through 7/8 the two kinks at 0 (faces ++0-- and
    --0++, sign -); nothing goes.  The checker names these (face, sign) pairs, re-derived from the
    segments on either side, and a breakpoint between two swapped segments names the swap."""
    details = {c["claim"]: c["detail"] for c in verdict(hat_proof)["claims"]}
    assert "atoms appear (face ++0-- sign -, face --0++ sign -) and go (none)" in details["breakpoint 0: [7/8, 7/8]"]
    assert "atoms appear (face +++++ sign +) and go (none)" in details["breakpoint 1: [4, 4]"]


def test_cli_path_text_with_a_proof_claims_what_the_proof_covers(tmp_path):
    """The hat's lowest segment is [lam_min, 7/8) by the closed form; the proof file covers lambda
    from lam_min up only, so the text must not say "proved down to 0".  For a verified path the
    breakpoint enclosures printed are the proof file's (wider where boxes stop short)."""
    data = tmp_path / "hat.json"
    data.write_text(json.dumps({"X": HAT[0], "y": HAT[1]}))
    proof = tmp_path / "hat.proof.json"
    code, out, err = run("path", str(data), "--bias", "--lam-max", "10", "--lam-min", "1/1000", "--proof", str(proof))
    assert code == 0, err
    assert "down to 0" not in out
    assert "lambda_0 = 7/8: the proof covers one structure for every lambda in [1/1000, 7/8)" in out
    # one point x = 1, y = 2 (its breakpoint 2 by hand); three points with a bias took 586 boxes
    # and 10 s CPU for the same branch: the proof's enclosure, wider than the path's own, printed
    data.write_text(json.dumps({"X": [[1]], "y": [2]}))
    code, own, err = run("path", str(data), "--lam-max", "10", "--lam-min", "1/100", "--no-exact")
    code, out, err = run("path", str(data), "--lam-max", "10", "--lam-min", "1/100", "--no-exact",
                         "--proof", str(proof))
    assert code == 0, err
    gaps = json.loads(proof.read_text())["claims"]["path"]["breakpoints"]
    lo, hi = (float(Fraction(v)) for v in gaps[0]["lam"])
    assert lo <= 2 <= hi and f"[~{lo:.12g}, ~{hi:.12g}]" not in own
    assert f"lambda_0 in [~{lo:.12g}, ~{hi:.12g}]" in out, out


def test_the_exact_sweep_proves_the_hat_over_sixty_decades():
    """With the exact route the same path is three exact segments whose proof covers all of
    [1e-30, 1e30]; the breakpoints are the hat's closed-form ones: sup |eta(y / lambda)| = 1 at
    lambda = 4 (0 atoms above), and 7/8, where the amplitude (8 lambda - 7) / 7 of the two
    outer atoms vanishes (both checked by hand from p = y / lambda and p = (lambda + k) / (5 lambda))."""
    A = Arrangement(HAT[0], bias=True)
    proof = proof_of_path(A, regularisation_path(A, HAT[1], "1e-30", "1e30"), HAT[1])
    v = verdict(proof)
    assert v["exit"] == 0, v
    segments = proof["claims"]["path"]["segments"]
    assert [s["lam"] for s in segments] == [["1/" + "1" + "0" * 30, "7/8"], ["7/8", "4"], ["4", "1" + "0" * 30]]
    assert [len(s["atoms"]) for s in segments] == [3, 1, 0] and all("exact" in s for s in segments)


def test_boxes_short_of_the_ends_leave_exactly_the_rest_not_covered(monkeypatch):
    """With few lambda-boxes allowed, the proved part of each verified segment is listed and the
    rest up to lam_min and lam_max is listed as not covered, exactly: the claims tile [1/10, 4]
    and what is proved agrees with the closed form of one point (one atom below lambda = 2, none
    above: p = 1 and mu = (2 - lambda) delta below, p = 2 / lambda above)."""
    import certificates.proofs.path as producer
    monkeypatch.setattr(producer, "ATTEMPTS", 2)
    A = Arrangement([[1]])
    proof = proof_of_path(A, regularisation_path(A, [2], "1/10", "4", exact=False), [2])
    v = verdict(proof)
    assert v["exit"] == 3, v
    segments = proof["claims"]["path"]["segments"]
    ends = [(Fraction(s["lam"][0]), Fraction(s["lam"][1])) for s in segments]
    assert ends[0][0] == Fraction(1, 10) and ends[-1][1] == 4 and set(segments[0]) == {"lam"} == set(segments[-1])
    proved = [(e, s) for e, s in zip(ends, segments) if "boxes" in s]
    assert len(proved) == 2 and all(a < b for (a, b), _ in proved)
    for (a, b), s in proved:
        assert len(s["atoms"]) == (1 if b <= 2 else 0) and (b <= 2 or a >= 2)
    status = {c["claim"]: c["status"] for c in v["claims"]}
    assert [status[f"segment {k}: [{a}, {b}]"] for k, (a, b) in enumerate(ends)] == \
        ["not covered" if "boxes" not in s else "proved" for s in segments]


def test_path_text_lists_the_proofs_pieces_each_with_its_own_structure(monkeypatch):
    """Where boxes stop short, the proof has more segments than the path; each line of the text
    is one of them, with the structure of the one-point closed form there (one atom below
    lambda = 2, none above), and the breakpoint is the proof's enclosure of 2."""
    import re
    import certificates.proofs.path as producer
    from certificates.cli.path import path_text
    monkeypatch.setattr(producer, "ATTEMPTS", 2)
    A = Arrangement([[1]])
    path = regularisation_path(A, [2], "1/10", "4", exact=False)
    proof = proof_of_path(A, path, [2])
    segments = proof["claims"]["path"]["segments"]
    assert len(segments) > len(path.segments)
    text = path_text(path, proof)
    lines = [line for line in text.splitlines() if re.match(r"  \S+ \.\. \S+: \d+ atom", line)]
    assert len(lines) == len(segments)
    for line, segment in zip(lines, segments):
        lo, hi = (Fraction(v) for v in segment["lam"])
        assert f": {1 if hi <= 2 else 0} atom" in line, line
        assert line.endswith("not covered by the proof") == (set(segment) == {"lam"}), line
    enclosure = next(b["lam"] for b in proof["claims"]["path"]["breakpoints"]
                     if Fraction(b["lam"][0]) <= 2 <= Fraction(b["lam"][1]))
    assert Fraction(enclosure[0]) < Fraction(enclosure[1])
    assert "lambda = [" in text and "atom appears" in text
