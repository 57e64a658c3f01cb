"""Proofs of region shards: ``dualcert regions --out DIR --proofs`` writes next to every
Parquet shard ``part-iiiii.parquet`` a proof ``part-iiiii.proof.json`` of the regions it holds,
so that ``dualcert check DIR`` (the standalone checker, which cannot read Parquet) checks the
shards together: every region witnessed with exactly its pattern, the patterns distinct, and
their union closed under crossing walls (all regions), and the manifest ``_dataset.json`` claiming
that many regions of the data with its digest.

A shard proof is a regions proof (:func:`~certificates.proofs.regions.proof_of_regions`) of
the whole arrangement with only that shard's regions, the claim ``n_regions`` of all of them, and
``"shard": {"index": i, "count": N, "root": PATTERN, "parquet_sha256": HEX}`` (the SHA-256 of
its Parquet file, listed in the manifest too: the checker cannot read Parquet, but a file changed
after its proof was written fails ``check DIR``): the Farkas certificates refer to the
regions of every shard and to the closure from the root region, so no shard proves
completeness alone (checked alone, it says "not covered: completeness").

>>> import tempfile, pathlib
>>> from arrangement import Arrangement
>>> from arrangement.shards import write_regions
>>> from certificates.proofs.checker import main
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = write_regions(Arrangement([[0, 0], [0, 1], [1, 0], [1, 1]], bias=True), tmp, tasks=4)
...     write_shard_proofs(tmp), main([tmp])
part-00000.proof.json: proved (1 claims, data_sha256 431fb1e24aa82c7a)
part-00001.proof.json: proved (1 claims, data_sha256 431fb1e24aa82c7a)
part-00002.proof.json: proved (1 claims, data_sha256 431fb1e24aa82c7a)
part-00003.proof.json: proved (1 claims, data_sha256 431fb1e24aa82c7a)
_dataset.json: proved (1 claims, data_sha256 431fb1e24aa82c7a)
(4, 0)
"""

from __future__ import annotations

from pathlib import Path

from arrangement import DualcertError
from arrangement.atomic import write_atomically

__all__ = ["write_shard_proofs", "SHARD_VERSION"]

SHARD_VERSION = "2.2"          # the minor version that added "parquet_sha256" to "shard"


def write_shard_proofs(directory) -> int:
    """Write ``part-iiiii.proof.json`` for every shard of a complete ``regions --out`` directory
    (stale proofs of shards that no longer exist are removed); return how many."""
    import hashlib
    import json
    import pyarrow.parquet as pq
    from arrangement.shards import from_regions
    from .regions import FORMAT, proof_of_regions
    directory = Path(directory)
    A = from_regions(directory)                 # the shards' regions, checked against |chi(-1)|
    parts = sorted(directory.glob("part-*.parquet"))
    shard_of = {}
    for index, part in enumerate(parts):
        for pattern in pq.read_table(part, columns=["pattern"]).column("pattern").to_pylist():
            shard_of[pattern] = index
    proof = proof_of_regions(A)
    if {r["pattern"] for r in proof["regions"]} != set(shard_of):
        raise DualcertError(f"{directory}: the shards' patterns are not the regions' patterns")
    common = {key: proof[key] for key in ("problem", "data_sha256", "data", "claims")}
    common["format"] = dict(FORMAT, version=SHARD_VERSION)
    root = proof["regions"][0]["pattern"]
    hashes = {part.name: hashlib.sha256(part.read_bytes()).hexdigest() for part in parts}
    for index, part in enumerate(parts):
        shard = dict(common, regions=[r for r in proof["regions"] if shard_of[r["pattern"]] == index],
                     shard={"index": index, "count": len(parts), "root": root, "parquet_sha256": hashes[part.name]})
        text = json.dumps(shard, separators=(",", ":"))
        write_atomically(part.with_suffix(".proof.json"), lambda handle: handle.write(text), "w")
    manifest = directory / "_dataset.json"      # lists the files too: a changed Parquet file fails `check DIR`
    meta = dict(json.loads(manifest.read_text()), parquet_sha256=hashes)
    write_atomically(manifest, lambda handle: handle.write(json.dumps(meta, indent=1)), "w")
    keep = {part.with_suffix(".proof.json").name for part in parts}
    for stale in directory.glob("part-*.proof.json"):
        if stale.name not in keep:
            stale.unlink()
    return len(parts)
