"""Directories of proofs: ``batch --proofs DIR`` (one proof per task), ``regions --out DIR --proofs``
(a proof per shard, checked together), ``dualcert check DIR`` (one line per file, worst status)."""

import json
from fractions import Fraction
from itertools import product

import pytest

from arrangement import Arrangement
from certificates.campaigns.task_proofs import proof_path
from certificates.cli import main
from certificates.proofs.checker import main as check_main

XOR = [[0, 0], [0, 1], [1, 0], [1, 1]]


def brute_force_feasible(p, X, bias=True):
    """max |eta| <= 1 by sampling weights on a fine grid of the sphere's cube (eta is positively
    homogeneous, so the max over the cube's surface scaled to the sphere): a float ground truth
    for the small cases here (the margins are far from 1)."""
    import numpy as np
    t = np.linspace(-1, 1, 41)
    W = np.array([w for w in product(t, repeat=3) if max(abs(v) for v in w) == 1])
    W /= np.linalg.norm(W, axis=1)[:, None]
    Xb = np.array([row + [1] for row in X], dtype=float) if bias else np.array(X, dtype=float)
    eta = np.maximum(W @ Xb.T, 0) @ np.array([float(Fraction(v)) for v in p])
    return np.abs(eta).max() <= 1


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    manifest = tmp / "m.csv"
    manifest.write_text('id,data,bias,task,dual,lam\nsolve-a,xor,true,solve,,1/10\n'
                        'cert_b,xor,true,certify,"1/2,-1/2,-1/2,1/2",\ncert-c,xor,true,certify,"1,1,1,1",\n')
    assert main(["batch", str(manifest), "-o", str(tmp / "r.parquet"), "--proofs", str(tmp / "P"),
                 "--workers", "1", "--quiet"]) == 0
    return tmp / "P"


def test_batch_writes_one_checked_proof_per_task(batch_dir, capsys):
    assert sorted(f.name for f in batch_dir.iterdir()) == ["cert-c.json", "cert_b.json", "solve-a.json"]
    for name in ("cert-c", "cert_b", "solve-a"):
        assert check_main([str(batch_dir / f"{name}.json")]) == 0
    capsys.readouterr()
    assert check_main([str(batch_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["cert-c.json", "cert_b.json", "solve-a.json"]
    # against an independent sampling of eta: (1,1,1,1) is infeasible, (1/2,-1/2,-1/2,1/2) feasible
    b = json.loads((batch_dir / "cert_b.json").read_text())["claims"]
    c = json.loads((batch_dir / "cert-c.json").read_text())["claims"]
    assert brute_force_feasible(b["p"], XOR) and "extreme_points" in b
    assert not brute_force_feasible(["1"] * 4, XOR) and "extreme_points" not in c


def test_check_dir_exit_is_the_worst_status(batch_dir, tmp_path, capsys):
    import shutil
    bad = tmp_path / "P"
    shutil.copytree(batch_dir, bad)
    proof = json.loads((bad / "cert_b.json").read_text())
    proof["claims"]["sup_abs_eta_squared"] = "1/3"                 # a false supremum
    (bad / "cert_b.json").write_text(json.dumps(proof))
    (bad / "junk.json").write_text("{")
    assert check_main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "cert_b.json: failed" in out and "junk.json: malformed" in out and "solve-a.json: proved" in out
    (bad / "cert_b.json").unlink()
    assert check_main([str(bad)]) == 2                             # malformed outranks proved
    (bad / "junk.json").unlink()
    capsys.readouterr()
    assert check_main([str(bad), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exit"] == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_main([str(empty)]) == 2


def test_batch_proof_ids_must_be_file_names(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("id,data,bias,task,dual,lam\n../up,xor,true,solve,,1\n")
    assert main(["batch", str(manifest), "-o", str(tmp_path / "r.parquet"), "--proofs", str(tmp_path / "P"),
                 "--workers", "1"]) == 2
    assert not (tmp_path / "P").exists() and not (tmp_path / "up.json").exists()
    with pytest.raises(Exception):
        proof_path(tmp_path, "_hidden")
