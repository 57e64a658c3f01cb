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


@pytest.fixture(scope="module")
def shard_dir(tmp_path_factory):
    from arrangement.shards import write_regions
    from certificates.proofs.shards import write_shard_proofs
    tmp = tmp_path_factory.mktemp("shards") / "R"
    X = [[0, 0, 1], [1, 2, 0], [2, 4, 0], [0, 1, 1], [1, 0, 1], [3, -1, 2]]      # parallel rows too
    A = Arrangement(X, bias=True)
    write_regions(A, tmp, tasks=5)
    assert write_shard_proofs(tmp) == len(list(tmp.glob("part-*.parquet"))) >= 2
    return tmp, X


def brute_force_patterns(X):
    """The sign patterns of the regions of the central arrangement of X with a bias column, by
    random sampling (ground truth independent of the enumeration: every region of these small
    arrangements is hit by enough samples)."""
    import numpy as np
    rng = np.random.default_rng(0)
    Xb = np.array([row + [1] for row in X], dtype=float)
    S = np.sign(rng.standard_normal((400_000, Xb.shape[1])) @ Xb.T).astype(int)
    return {"".join("+" if v > 0 else "-" for v in row) for row in np.unique(S, axis=0)}


def load_shards(directory):
    return {f.name: json.loads(f.read_text()) for f in sorted(directory.glob("part-*.proof.json"))}


def test_shard_proofs_hold_all_regions_and_check_together(shard_dir, capsys):
    directory, X = shard_dir
    shards = load_shards(directory)
    patterns = [r["pattern"] for proof in shards.values() for r in proof["regions"]]
    assert set(patterns) == brute_force_patterns(X) and len(patterns) == len(set(patterns))
    assert check_main([str(directory)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(shards) + 1 and all(": proved" in line for line in lines)
    data = directory.parent / "x.csv"
    data.write_text("".join(",".join(map(str, row)) + "\n" for row in X))
    assert main(["check", str(directory), "--data", str(data), "--bias"]) == 0
    assert main(["check", str(directory), "--data", str(data)]) == 1               # without the bias: other data
    name = next(iter(shards))
    assert check_main([str(directory / name)]) == 3                                # alone: completeness not covered
    assert "not covered: this file is shard 0" in capsys.readouterr().out


def mutate(directory, tmp_path, change):
    import shutil
    copy = tmp_path / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(directory, copy)
    change(copy)
    return check_main([str(copy)])


def test_shard_mutations_fail(shard_dir, tmp_path, capsys):
    directory, _ = shard_dir
    names = sorted(f.name for f in directory.glob("part-*.proof.json"))

    def drop_shard(d):                         # a shard missing: the union is not all regions
        (d / names[-1]).unlink()

    def drop_region(d):                        # a region missing from a shard
        proof = json.loads((d / names[0]).read_text())
        proof["regions"].pop()
        (d / names[0]).write_text(json.dumps(proof))

    def duplicate_region(d):                   # a region of shard 0 listed again in shard 1
        a, b = (json.loads((d / n).read_text()) for n in names[:2])
        b["regions"].append(a["regions"][0])
        (d / names[1]).write_text(json.dumps(b))

    def lie_in_manifest(d):
        meta = json.loads((d / "_dataset.json").read_text())
        meta["n_regions"] += 1
        (d / "_dataset.json").write_text(json.dumps(meta))

    def other_root(d):                         # shards that disagree on their list
        proof = json.loads((d / names[1]).read_text())
        proof["shard"]["root"] = proof["regions"][0]["pattern"]
        (d / names[1]).write_text(json.dumps(proof))

    for change in (drop_shard, drop_region, duplicate_region, lie_in_manifest, other_root):
        assert mutate(directory, tmp_path, change) == 1, change.__name__
    capsys.readouterr()


def test_a_parquet_file_changed_after_its_proof_fails(shard_dir, tmp_path, capsys):
    """The checker cannot read Parquet: the shard proofs and the manifest record each file's
    SHA-256, so a shard rewritten without one of its regions (or with its hash re-stamped in the
    proof only) fails ``check DIR``, naming the file."""
    import hashlib
    import pyarrow.parquet as pq
    directory, _ = shard_dir
    part = sorted(directory.glob("part-*.parquet"))[0].name

    def drop_a_row(d):
        table = pq.read_table(d / part)
        pq.write_table(table.slice(0, table.num_rows - 1), d / part)

    def restamp_the_proof_only(d):
        drop_a_row(d)
        proof_file = d / part.replace(".parquet", ".proof.json")
        proof = json.loads(proof_file.read_text())
        proof["shard"]["parquet_sha256"] = hashlib.sha256((d / part).read_bytes()).hexdigest()
        proof_file.write_text(json.dumps(proof))

    meta = json.loads((directory / "_dataset.json").read_text())
    assert set(meta["parquet_sha256"]) == {f.name for f in directory.glob("part-*.parquet")}
    assert mutate(directory, tmp_path, lambda d: None) == 0
    for change in (drop_a_row, restamp_the_proof_only, lambda d: (d / part).unlink()):
        capsys.readouterr()
        assert mutate(directory, tmp_path, change) == 1
        assert f"{part} is not the file" in capsys.readouterr().out


def test_a_manifest_without_shard_proofs_is_not_covered(tmp_path):
    from arrangement.shards import write_regions
    write_regions(Arrangement(XOR, bias=True), tmp_path / "R", tasks=2)
    assert check_main([str(tmp_path / "R")]) == 3


def test_regions_out_proofs_cli(tmp_path, capsys):
    assert main(["regions", "xor", "--bias", "--out", str(tmp_path / "R"), "--proofs", "--workers", "1",
                 "--quiet"]) == 0
    assert "a proof per shard" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "R")]) == 0
    assert main(["regions", "xor", "--bias", "--proofs"]) == 2


def test_sweep_writes_a_checked_proof_per_point(tmp_path, capsys):
    import csv
    import io
    directory = tmp_path / "S"
    assert main(["sweep", "xor", "--bias", "--lam", "1/10,1/2", "--noise", "0,1/20", "--seeds", "1",
                 "--proofs", str(directory), "--quiet"]) == 0
    rows = [r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if not r["lam"].startswith("#")]
    names = sorted(f.name for f in directory.iterdir())
    assert names == [f"point-{k:04d}.json" for k in range(len(rows))] + ["reference.json"] and len(rows) == 4
    for k, row in enumerate(rows):                  # each proof is about its point's lambda
        proof = json.loads((directory / f"point-{k:04d}.json").read_text())
        assert Fraction(proof["problem"]["lam"]) == Fraction(row["lam"])
        clean = [str(v) for v in (0, 1, 1, 0)]      # xor's labels; noisy ones differ
        assert (proof["problem"]["y"] == clean) == (Fraction(row["noise"]) == 0)
    assert check_main([str(directory)]) == 3        # the reference's p_0 is not covered, every point proved
    lines = capsys.readouterr().out.splitlines()
    assert all(": proved (" in line for line in lines if line.startswith("point-")) and len(lines) == 5
    proof = json.loads((directory / "point-0000.json").read_text())
    proof["problem"]["lam"] = "1/3"                 # another lambda: the digest and the claims no longer hold
    (directory / "point-0000.json").write_text(json.dumps(proof))
    assert check_main([str(directory)]) in (1, 2)


def test_a_parquet_file_no_hash_binds_is_not_proved(shard_dir, tmp_path, capsys):
    """Readers of the directory read every part file: an extra one (here a copy of a shard, so its
    regions twice) or one whose hashes were stripped from the proofs and the manifest is not proved."""
    import shutil
    directory, _ = shard_dir
    parts = sorted(f.name for f in directory.glob("part-*.parquet"))

    def extra_part(d):
        shutil.copy(d / parts[0], d / "part-99999.parquet")

    def strip_hashes(d):
        meta = json.loads((d / "_dataset.json").read_text())
        del meta["parquet_sha256"]
        (d / "_dataset.json").write_text(json.dumps(meta))
        for f in d.glob("part-*.proof.json"):
            proof = json.loads(f.read_text())
            del proof["shard"]["parquet_sha256"]
            f.write_text(json.dumps(proof))
        shutil.copy(d / parts[1], d / parts[0])          # shard 0's rows replaced by shard 1's

    assert mutate(directory, tmp_path, extra_part) == 1
    assert "part-99999.parquet is a Parquet file of the directory that the manifest does not list" \
        in capsys.readouterr().out
    assert mutate(directory, tmp_path, strip_hashes) == 3
    assert f"{parts[0]}: not covered: {parts[0]} is bound by no SHA-256" in capsys.readouterr().out


def test_a_manifest_that_cannot_be_read_binds_no_parquet_file(shard_dir, tmp_path, capsys):
    """A manifest whose ``parquet_sha256`` is not a map of file names to SHA-256 digests is
    malformed, and it binds nothing: with the shard proofs' own hashes stripped, every part file
    is bound by no hash at all (its listing used to count as a binding although the manifest was
    refused)."""
    directory, _ = shard_dir
    parts = sorted(f.name for f in directory.glob("part-*.parquet"))

    def broken_manifest(d):
        meta = json.loads((d / "_dataset.json").read_text())
        meta["parquet_sha256"] = {name: "not a digest" for name in parts}
        (d / "_dataset.json").write_text(json.dumps(meta))
        for f in d.glob("part-*.proof.json"):
            proof = json.loads(f.read_text())
            del proof["shard"]["parquet_sha256"]
            f.write_text(json.dumps(proof))

    assert mutate(directory, tmp_path, broken_manifest) == 2
    out = capsys.readouterr().out
    assert "_dataset.json: malformed" in out
    assert all(f"{name}: not covered: {name} is bound by no SHA-256" in out for name in parts), out


@pytest.mark.parametrize("key, value", [("data_sha256", ["a list"]), ("data_sha256", "ABC"),
                                        ("n_regions", "8"), ("n_regions", True)])
def test_a_manifest_with_values_of_the_wrong_type_is_malformed(shard_dir, tmp_path, capsys, key, value):
    """A digest that is not a string used to end the check with a traceback (a list cannot be
    looked up among the shards' digests); every such manifest is malformed, in one line."""
    directory, _ = shard_dir

    def retyped(d):
        meta = json.loads((d / "_dataset.json").read_text())
        meta[key] = value
        (d / "_dataset.json").write_text(json.dumps(meta))

    assert mutate(directory, tmp_path, retyped) == 2
    captured = capsys.readouterr()
    assert "_dataset.json: malformed" in captured.out and "Traceback" not in captured.err
