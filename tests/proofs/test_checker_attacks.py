"""Hostile mutations of real ``krawczyk`` and ``gap`` proofs (written by ``dualcert solve --proof``
on small random integer data): the checker must refuse each (exit 1 or 2), or the mutated claim
must still be true, argued in the test by a computation independent of the checker.

``krawczyk_random.json``: n = 4, d = 3 with a bias, three atoms; ``krawczyk_pairs.json``: n = 8,
d = 2, three antipodal pairs, one ghost (the antipode of an unpaired atom)."""

import copy
import json
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from certificates.proofs import checker
from certificates.proofs.checker import Failed, Malformed, check

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


@pytest.fixture(params=["krawczyk_random", "krawczyk_pairs"])
def proof(request):
    return _load(request.param)


def _refused(proof, kind=(Failed, Malformed), words=()):
    with pytest.raises(kind) as info:
        check(proof)
    assert all(w in str(info.value) for w in words), str(info.value)


def _midpoint_p(proof) -> np.ndarray:
    """p at the midpoint of the box, in floats (p = B z with pairs)."""
    spec, n = proof["claims"]["krawczyk"], len(proof["data"])
    mid = [float(Fraction(v)) for v in spec["midpoint"]]
    if not spec.get("pairs"):
        return np.array(mid[:n])
    B = np.array([[float(Fraction(v)) for v in row] for row in spec["basis"]])
    return B @ np.array(mid[:B.shape[1]])


def test_the_unmutated_proofs_check(proof):
    assert any(line.startswith(("the minimiser is unique", "a minimiser is")) for line in check(proof))


def test_a_ghost_inside_a_region_where_eta_is_below_one_is_refused():
    """A ghost atom has no equation |w|^2 = 1 in the system, so the checker took any face for it.
    A ghost on the full-dimensional region R with sign t sits at w = t g_R(p); there
    ``eta(w) = |g_R|^2``, which (numpy, at the midpoint of a box of radius ~1e-12) is far from 1,
    so "sup |eta| = 1 exactly at the points w_i" was false.  A ghost must be the antipode (same
    sign) of an unpaired atom with mass in a proof with pairs, where ``X^T p = 0`` makes it -w_i."""
    base = _load("krawczyk_random")
    X, p = np.array([[float(Fraction(v)) for v in row] for row in base["data"]]), _midpoint_p(base)
    refused = 0
    for k, region in enumerate(base["regions"]):
        plus = np.array([s == "+" for s in region["pattern"]])
        g = (p[plus, None] * X[plus]).sum(axis=0)
        for t in (1, -1):
            if not np.all(np.sign(X @ (t * g)) == np.array([{"+": 1, "-": -1}[s] for s in region["pattern"]])):
                continue      # t g_R is not inside R: the face step alone refuses it
            if abs(g @ g - 1) < 1e-6:
                continue      # the region of an atom with mass: the same face twice (refused elsewhere)
            mutant = copy.deepcopy(base)
            mutant["claims"]["krawczyk"]["atoms"].append({"face": region["pattern"], "sign": t, "ghost": True})
            _refused(mutant)
            refused += 1
    assert refused >= 2


def _keys_everywhere(proof):
    """(path, object) for every object inside ``krawczyk`` or ``gap``."""
    for name in ("krawczyk", "gap"):
        spec = proof["claims"].get(name)
        if spec is None:
            continue
        yield (name,), spec
        for key, value in spec.items():
            for e, entry in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(entry, dict):
                    yield (name, key, e) if isinstance(value, list) else (name, key), entry


def _at(proof, path):
    obj = proof["claims"]
    for key in path:
        obj = obj[key]
    return obj


@pytest.mark.parametrize("name", ["krawczyk_random", "krawczyk_pairs", "gap_ball"])
def test_an_unknown_key_anywhere_inside_krawczyk_or_gap_is_malformed(name):
    """An extra key the checker does not read is a claim that nobody checked (``"unique": true``
    inside ``krawczyk``, a "ghost" on a gap atom, a third key in ``split``...): exit 2."""
    base = _load(name)
    paths = [path for path, _ in _keys_everywhere(base)]
    assert len(paths) >= 3
    for path in paths:
        mutant = copy.deepcopy(base)
        _at(mutant, path)["unique"] = True
        _refused(mutant, Malformed)


@pytest.mark.parametrize("name", ["krawczyk_random", "krawczyk_pairs", "gap_ball"])
def test_a_missing_key_anywhere_inside_krawczyk_or_gap_is_malformed(name, tmp_path, capsys):
    """Every key the checker reads removed in turn: malformed (exit 2), never proved; the
    optional ``pairs`` (absent or []) and ``ghost`` excepted, and ``pairs`` without ``basis`` and
    ``split`` is malformed too."""
    base = _load(name)
    for path, obj in list(_keys_everywhere(base)):
        for key in obj:
            if key in ("ghost",):
                continue
            mutant = copy.deepcopy(base)
            del _at(mutant, path)[key]
            file = tmp_path / "p.json"
            file.write_text(json.dumps(mutant))
            assert checker.main([str(file)]) in (1, 2), (path, key)
            if key != "pairs":
                assert checker.main([str(file)]) == 2, (path, key)
    capsys.readouterr()


def test_basis_or_split_without_pairs_and_garbage_in_unread_split_entries_are_malformed():
    """``basis`` and ``split`` are read only with pairs: given without them they are unchecked
    claims.  The ``fixed`` entry of a basic pair is not used, but must still be a rational."""
    base = _load("krawczyk_random")
    for key, value in (("basis", [["0"]]), ("split", {"basic": [], "fixed": []}), ("pairs", [])):
        mutant = copy.deepcopy(base)
        mutant["claims"]["krawczyk"][key] = value
        if key == "pairs":
            assert check(mutant)       # an empty list of pairs is no pair: the same claim
        else:
            _refused(mutant, Malformed)
    mutant = _load("krawczyk_pairs")
    split = mutant["claims"]["krawczyk"]["split"]
    split["fixed"][split["basic"][0]] = {"any": "thing"}
    _refused(mutant, Malformed)


def test_ghost_and_sign_must_be_spelt_true_and_an_integer():
    """``"ghost": 1`` counted as no ghost in the system but as a ghost for the pairs; ``"sign": true``
    passed as 1.  One spelling per value, as for the rationals."""
    base = _load("krawczyk_pairs")
    for key, value in (("ghost", 1), ("ghost", False), ("sign", True)):
        mutant = copy.deepcopy(base)
        atom = next(a for a in mutant["claims"]["krawczyk"]["atoms"] if a.get("ghost"))
        atom[key] = value
        _refused(mutant, Malformed)


def test_region_multiplier_keys_in_a_krawczyk_proof_are_canonical_row_indices():
    """The Krawczyk step read the keys of ``up``/``down`` with ``int()``, which takes "01", " 1",
    "1_0" and non-ASCII digits: two keys could name one row (harmless for the bound, but a second
    spelling of one file); the exact steps already refuse them."""
    base = _load("krawczyk_random")
    k, region = next((k, r) for k, r in enumerate(base["regions"]) if r.get("up"))
    key = next(iter(region["up"]))
    for spelling in ("0" + key, " " + key, "\u0660" + key, key + "_0" if len(base["data"]) > 10 else "+" + key):
        mutant = copy.deepcopy(base)
        up = mutant["regions"][k]["up"]
        up[spelling] = up.pop(key)
        _refused(mutant, Malformed, ["canonical decimal index"])


def _hashed(proof):
    from proofcheck import rebind
    return rebind(proof)


def test_a_small_file_with_many_rows_and_atoms_is_refused_within_seconds(tmp_path, capsys):
    """n = 1500 equal rows (two regions), 30 atoms on distinct faces and an empty box: the
    system (n^2 inner products per atom, ~10^8 in all) was built before the box was found to
    have the wrong size, so a 60 kB file kept the checker busy for minutes."""
    n = 1500
    X = [["1"]] * n
    proof = {"format": {"name": "dualcert-proof", "version": "2.0"},
             "problem": {"X": X, "bias": False, "y": ["1"] * n, "lam": "1"}, "data_sha256": "", "data": X,
             "regions": [{"pattern": "+" * n, "witness": ["1"]}, {"pattern": "-" * n, "witness": ["-1"]}],
             "claims": {"y": ["1"] * n, "lam": "1", "krawczyk": {
                 "atoms": [{"face": "+" * k + "-" * (n - k), "sign": 1} for k in range(30)],
                 "box": [], "midpoint": [], "preconditioner": [], "walls": []}}}
    file = tmp_path / "bomb.json"
    file.write_text(json.dumps(_hashed(proof)))
    start = time.monotonic()
    assert checker.main([str(file)]) == 2
    assert time.monotonic() - start < 10
    capsys.readouterr()


def test_numbers_beyond_the_floats_fail_or_pass_without_a_traceback(tmp_path, capsys):
    """A preconditioner of 4,000-digit entries made the Krawczyk step fail, and its message
    (``float()`` of the operator) raised OverflowError: a traceback, not exit 1.  A gap atom with
    a 4,000-digit amplitude is a true (useless) upper bound: the optimal value is at most that
    measure's objective, so the claim is proved and printed (with inf)."""
    big = "1" + "0" * 3990
    mutant = _load("krawczyk_random")
    spec = mutant["claims"]["krawczyk"]
    spec["preconditioner"] = [[big] * len(row) for row in spec["preconditioner"]]
    file = tmp_path / "p.json"
    file.write_text(json.dumps(mutant))
    assert checker.main([str(file)]) == 1
    mutant = _load("gap_ball")
    mutant["claims"]["gap"]["atoms"][0]["amplitude"] = big
    file.write_text(json.dumps(mutant))
    assert checker.main([str(file)]) == 3      # 3: the file lists the minimiser as not covered
    assert "inf] (weak duality" in capsys.readouterr().out


def test_a_field_with_long_interval_endpoints_is_checked_within_seconds():
    """f = x^64 - 2 (the largest degree read) on an interval of 1,000-digit endpoints around
    2^(1/64), p_0 a number of 64 coefficients, one data row.  Exact Horner over the interval grew
    by 1,000 digits per step and exact f(lo) through x**k for every k: minutes.  The claim sup |eta|^2 = 1
    is false: eta(1) = p_0 = sum (k+1)/3 theta^k > 1 since theta > 1 (every term positive)."""
    lo = Fraction(int(2 ** (1 / 64) * 10 ** 15), 10 ** 15) - Fraction(1, 7 * 10 ** 1000)
    hi = lo + Fraction(1, 10 ** 15) + Fraction(2, 7 * 10 ** 1000)
    assert lo ** 64 < 2 < hi ** 64 and lo > 1
    proof = {"format": {"name": "dualcert-proof", "version": "2.0"},
             "problem": {"X": [["1"]], "bias": False, "y": None, "lam": None}, "data": [["1"]], "data_sha256": "",
             "field": {"polynomial": ["-2"] + ["0"] * 63 + ["1"], "interval": [str(lo), str(hi)]},
             "regions": [{"pattern": "+", "witness": ["1"]}, {"pattern": "-", "witness": ["-1"]}],
             "claims": {"p": [[str(Fraction(k + 1, 3)) for k in range(64)]], "sup_abs_eta_squared": "1"}}
    start = time.monotonic()
    _refused(_hashed(proof), Failed, ["the multipliers bound the maximum only by"])
    assert time.monotonic() - start < 10


def test_wall_rows_must_be_a_list():
    """``"rows": {}`` (an object) was read as the empty list of wall rows; ``"rows": "01"`` as the
    characters '0', '1'.  One spelling: a list of row indices."""
    for value in ({}, "01", {"0": 1}):
        mutant = _load("krawczyk_random")
        mutant["claims"]["krawczyk"]["walls"][0]["rows"] = value
        _refused(mutant, Malformed, ["rows must be a list"])


@pytest.mark.parametrize("where", ["problem", "claims", "data", "both"])
@pytest.mark.parametrize("what", ["y", "lam", "bias", "X"])
def test_the_problem_binding_refuses_a_change_in_one_place(where, what):
    """y, lambda, bias or a row of X changed in the problem only, in the claims only, in the data
    only, or in problem and claims together (the digest then disagrees): exit 1 or 2, never a
    proof of the changed problem (its Krawczyk box is about the original one)."""
    mutant = _load("krawczyk_random")
    problem, claims = mutant["problem"], mutant["claims"]
    change = {"y": lambda o: o["y"].__setitem__(0, str(Fraction(o["y"][0]) + 1)),
              "lam": lambda o: o.__setitem__("lam", "7"), "bias": lambda o: o.__setitem__("bias", False),
              "X": lambda o: o["X"][0].__setitem__(0, "9")}[what]
    if where in ("problem", "both"):
        change(problem)
    if where in ("claims", "both") and what in ("y", "lam"):
        change(claims)
    if where == "data" or (where == "claims" and what in ("bias", "X")):
        mutant["data"][0][0] = "9"
    _refused(mutant)
    if where == "both":          # rebound to the changed problem: the box is no zero of its system
        _refused(_hashed(mutant))


def _k(proof):
    return proof["claims"]["krawczyk"]


BIG = "1" + "0" * 3990
RAND, PAIRS, GAP = "krawczyk_random", "krawczyk_pairs", "gap_ball"
REFUSED = {   # name: (proof, mutation); each must end in exit 1 or 2 (Failed or Malformed)
    "pair index out of range": (PAIRS, lambda p: _k(p)["pairs"].append([0, 99])),
    "pair repeated": (PAIRS, lambda p: _k(p)["pairs"].append(list(_k(p)["pairs"][0]))),
    "pair of one atom": (PAIRS, lambda p: _k(p)["pairs"].__setitem__(0, [_k(p)["pairs"][0][0]] * 2)),
    "pair not antipodal": (PAIRS, lambda p: _k(p)["pairs"].__setitem__(
        0, [_k(p)["pairs"][0][0], _k(p)["pairs"][1][1]])),
    "basis not in the kernel": (PAIRS, lambda p: _k(p)["basis"][1].__setitem__(
        0, str(Fraction(_k(p)["basis"][1][0]) + 1))),
    "basis scaled": (PAIRS, lambda p: _k(p).__setitem__(
        "basis", [[str(2 * Fraction(v)) for v in row] for row in _k(p)["basis"]])),
    "basis column dropped": (PAIRS, lambda p: _k(p).__setitem__("basis", [r[:-1] for r in _k(p)["basis"]])),
    "split basic out of range": (PAIRS, lambda p: _k(p)["split"].__setitem__("basic", [0, 9])),
    "split basic repeated": (PAIRS, lambda p: _k(p)["split"].__setitem__("basic", [0, 0])),
    "split basic booleans": (PAIRS, lambda p: _k(p)["split"].__setitem__("basic", [False, True])),
    "split fixed short": (PAIRS, lambda p: _k(p)["split"]["fixed"].pop()),
    "split fixed huge": (PAIRS, lambda p: _k(p)["split"]["fixed"].__setitem__(2, BIG)),
    "wall region out of range": (RAND, lambda p: _k(p)["walls"].append({"atom": 0, "region": 999, "rows": []})),
    "wall atom out of range": (RAND, lambda p: _k(p)["walls"].append({"atom": 9, "region": 0, "rows": []})),
    "wall atom negative": (RAND, lambda p: _k(p)["walls"].append({"atom": -1, "region": 0, "rows": []})),
    "wall atom boolean": (RAND, lambda p: _k(p)["walls"].append({"atom": True, "region": 0, "rows": []})),
    "walls empty": (RAND, lambda p: _k(p).__setitem__("walls", [])),
    "wall rows repeated": (RAND, lambda p: _k(p)["walls"][0].__setitem__("rows", [0, 0])),
    "walls on the next region": (RAND, lambda p: [w.__setitem__("region", (w["region"] + 1) % len(
        p["regions"])) for w in _k(p)["walls"]]),
    "midpoint outside the box": (RAND, lambda p: _k(p)["midpoint"].__setitem__(
        0, str(Fraction(_k(p)["box"][0][1]) + 1))),
    "box lo > hi": (RAND, lambda p: _k(p)["box"].__setitem__(0, _k(p)["box"][0][::-1])),
    "box a point": (RAND, lambda p: _k(p)["box"].__setitem__(0, [_k(p)["midpoint"][0]] * 2)),
    "box huge denominators": (RAND, lambda p: _k(p).__setitem__("box", [["-1/" + BIG[:-1] + "3", BIG]] * len(
        _k(p)["box"]))),
    "preconditioner row short": (RAND, lambda p: _k(p)["preconditioner"][0].pop()),
    "preconditioner row extra": (RAND, lambda p: _k(p)["preconditioner"].append(_k(p)["preconditioner"][0])),
    "preconditioner transposed": (RAND, lambda p: _k(p).__setitem__(
        "preconditioner", [list(r) for r in zip(*_k(p)["preconditioner"])])),
    "preconditioner huge denominators": (RAND, lambda p: _k(p).__setitem__(
        "preconditioner", [["1/" + BIG[:-1] + "3"] * len(r) for r in _k(p)["preconditioner"]])),
    "midpoint not in lowest terms": (RAND, lambda p: _k(p)["midpoint"].__setitem__(0, "2/4")),
    "box decimal": (RAND, lambda p: _k(p)["box"][0].__setitem__(0, "0.5")),
    "atom twice": (RAND, lambda p: _k(p)["atoms"].append(dict(_k(p)["atoms"][0]))),
    "atom with the other sign": (RAND, lambda p: _k(p)["atoms"].append(
        dict(_k(p)["atoms"][0], sign=-_k(p)["atoms"][0]["sign"]))),
    "atom with mass made a ghost": (RAND, lambda p: _k(p)["atoms"][0].__setitem__("ghost", True)),
    "ghost with mass in a pair": (PAIRS, lambda p: _k(p)["atoms"][_k(p)["pairs"][0][0]].__setitem__("ghost", True)),
    "ghost dropped": (PAIRS, lambda p: _k(p)["atoms"].pop()),
    "face too short": (RAND, lambda p: _k(p)["atoms"][0].__setitem__("face", _k(p)["atoms"][0]["face"][:-1])),
    "krawczyk of another problem": (GAP, lambda p: p["claims"].__setitem__("krawczyk", _k(_load("krawczyk_random")))),
    "unique claimed beside krawczyk": (RAND, lambda p: p["claims"].__setitem__("unique", True)),
    "minimiser listed as not covered": (RAND, lambda p: p["claims"].__setitem__("not_covered", {"minimiser": "x"})),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_mutations_that_break_a_claim_are_refused_within_seconds(name):
    """Each mutation breaks a step of the proof (or the format): exit 1 or 2, within seconds."""
    base, change = REFUSED[name]
    mutant = _load(base)
    change(mutant)
    start = time.monotonic()
    _refused(mutant)
    assert time.monotonic() - start < 10


def _w(proof, i, p):
    """w_i = t_i P_i sum_{face +} p_j x_j in numpy (P_i: projector off the face's zero rows)."""
    atom = _k(proof)["atoms"][i]
    X = np.array([[float(Fraction(v)) for v in row] for row in proof["data"]])
    Z = X[[s == "0" for s in atom["face"]]]
    P = np.eye(X.shape[1]) - (np.linalg.pinv(Z) @ Z if len(Z) else 0)
    return atom["sign"] * P @ (p[[s == "+" for s in atom["face"]]] @ X[[s == "+" for s in atom["face"]]])


def test_mutations_that_keep_the_claim_true_are_accepted():
    """Accepted mutations whose claim is still true, checked in numpy at the midpoint of the box:

    * a pair written (k, i) instead of (i, k): the group's equation uses |w_k|^2 instead of
      |w_i|^2, and w_k = -w_i (X^T p = 0), so the system has the same zero;
    * another choice of basic pairs in the split: any delta with positive masses gives a
      minimiser (the checker proves the masses positive), and the statement names none;
    * the coordinate of p on the zero data row widened to [-1, ...]: that unknown enters only
      ``lam p_0 - y_0 = 0`` (x_0 = 0), so its Krawczyk image is the point y_0 / lam, inside."""
    base = _load("krawczyk_pairs")
    p, spec = _midpoint_p(base), _k(base)
    i, k = spec["pairs"][0]
    assert np.allclose(_w(base, i, p), -_w(base, k, p)) and abs(np.linalg.norm(_w(base, k, p)) - 1) < 1e-9
    swapped = copy.deepcopy(base)
    _k(swapped)["pairs"][0] = [k, i]
    assert any(line.startswith("a minimiser is") for line in check(swapped))
    other = copy.deepcopy(base)
    basic = _k(other)["split"]["basic"]
    basic[1] = next(a for a in range(len(spec["pairs"])) if a not in basic)
    assert any(line.startswith("a minimiser is") for line in check(other))
    assert not any(float(Fraction(v)) for v in base["data"][0])
    y0, lam = Fraction(base["problem"]["y"][0]), Fraction(base["problem"]["lam"])
    assert float(Fraction(spec["midpoint"][0])) == float(y0 / lam)
    wide = copy.deepcopy(base)
    _k(wide)["box"][0][0] = "-1"
    assert any(line.startswith("a minimiser is") for line in check(wide))


def test_an_atom_split_in_two_at_the_same_point_is_refused():
    """XOR with a bias, lambda = 1/10 (exact, over Q(theta)): atom 0 written twice with half its
    amplitude.  The measure is the same, so weak duality still holds, but the checker printed
    "this measure (4 atoms)" for a measure of 3 atoms; the points are now compared exactly."""
    base = _load("exact_xor")
    assert any("(3 atoms) is a minimiser" in line for line in check(base))
    mutant = copy.deepcopy(base)
    atom = mutant["claims"]["atoms"][0]
    half = {"w": atom["w"], "amplitude": [str(Fraction(c) / 2) for c in atom["amplitude"]]}
    mutant["claims"]["atoms"][0] = half
    mutant["claims"]["atoms"].append(copy.deepcopy(half))
    _refused(mutant, Failed, ["same point"])


def test_rows_without_entries_are_malformed():
    """d = 0: the "sphere" of R^0 is empty, so every bound over it holds vacuously; the package
    refuses such data (``Arrangement`` raises DataError), and the checker said "proved" to a
    certificate with sup |eta|^2 = 0 on it."""
    from arrangement import Arrangement
    from arrangement.errors import DataError
    with pytest.raises(DataError):
        Arrangement([[], []])
    problem = {"X": [[], []], "bias": False, "y": None, "lam": None}
    empty = {"format": {"name": "dualcert-proof", "version": "2.0"}, "problem": problem,
             "data_sha256": checker.problem_digest([[], []], False), "data": [[], []],
             "regions": [{"pattern": "00", "witness": []}],
             "claims": {"n_regions": 1, "p": ["1", "-1"], "sup_abs_eta_squared": "0"}}
    _refused(empty, Malformed, ["d >= 1"])
